import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calledMethodName, calleeObject, childNodes, contains, enclosingFunction, isFunction, isLoop, outerParent, unwrap, type FunctionNode } from './ast';
import { constInit } from './collections';
import { promiseCombinator, type Acquisition } from './lock-graph';
import type { ConcurrencyModel } from './model';

/**
 * Exclusive locks chosen per element of a collection and held together: taken one by one in a
 * loop and released only after it (`for (const key of keys) releases.push(await lockFor(key).acquire())`),
 * or all at once with `Promise.all(keys.map(…))`. Two callers whose keys overlap in another order
 * each hold a lock the other waits for.
 */
export interface LockSet {
  acquisition: Acquisition;
  form: 'loop' | 'all';
  /** The collection whose order decides the order of the locks. */
  collection: TSESTree.Node;
  /** The loop (for `loop`) or the `.map` callback (for `all`). */
  over: TSESTree.Node;
}

/** FIFO lock libraries queue every request in the order it is made, so requests made together in one synchronous step cannot cross. */
const QUEUE_IN_ORDER = new Set(['mutex', 'semaphore', 'async-lock', 'web-lock', 'await-lock', 'sema', 'counting-semaphore']);

export function lockSet(acquisition: Acquisition, model: ConcurrencyModel): LockSet | null {
  if (!acquisition.excludes || !acquisition.waits || !acquisition.takes) return null;
  const { call } = acquisition;
  const { parent } = outerParent(call);
  const fn = enclosingFunction(call);
  if (!fn) return null;
  const loop = enclosingLoop(call, fn);
  if (loop && parent?.type === AST_NODE_TYPES.AwaitExpression && !isSorted(loop.right, model) && chosenBy(call, loop.variables, model)) {
    if (!releasedIn(loop.node.body, parent, acquisition, model)) return { acquisition, form: 'loop', collection: loop.right, over: loop.node };
  }
  const fanned = mappedAll(fn, model);
  if (fanned && !isSorted(fanned.collection, model) && chosenBy(call, parameterNames(fn), model) && !queuedTogether(call, fn, acquisition)) {
    return { acquisition, form: 'all', collection: fanned.collection, over: fn };
  }
  return null;
}

interface Loop {
  node: TSESTree.ForOfStatement | TSESTree.ForInStatement;
  right: TSESTree.Node;
  variables: ReadonlySet<unknown>;
}

/** The `for…of`/`for…in` loop around a call within its function, with the variables it declares. */
function enclosingLoop(call: TSESTree.Node, fn: FunctionNode): Loop | null {
  for (let current = call.parent; current && current !== fn; current = current.parent) {
    if ((current.type === AST_NODE_TYPES.ForOfStatement || current.type === AST_NODE_TYPES.ForInStatement) && contains(current.body, call)) {
      const left = current.left;
      const declared = left.type === AST_NODE_TYPES.VariableDeclaration ? left.declarations.map((declarator) => declarator.id) : [left];
      const names = new Set<unknown>();
      for (const pattern of declared) collectNames(pattern, names);
      return { node: current, right: current.right, variables: names };
    }
    if (isLoop(current)) return null;
  }
  return null;
}

function collectNames(node: TSESTree.Node, into: Set<unknown>): void {
  if (node.type === AST_NODE_TYPES.Identifier) into.add(node.name);
  for (const child of childNodes(node)) collectNames(child, into);
}

function parameterNames(fn: FunctionNode): ReadonlySet<unknown> {
  const names = new Set<unknown>();
  for (const param of fn.params) collectNames(param, names);
  return names;
}

/** The lock expression names a loop variable or parameter: which lock depends on the element. */
function chosenBy(call: TSESTree.CallExpression, names: ReadonlySet<unknown>, model: ConcurrencyModel): boolean {
  const lockExpression = calleeObject(call) ?? call.callee;
  const keys = acquisitionKeys(call, model);
  const found = (node: TSESTree.Node): boolean => {
    if (node.type === AST_NODE_TYPES.Identifier && names.has(node.name)) return true;
    return !isFunction(node) && childNodes(node).some(found);
  };
  return found(lockExpression) || keys.some(found);
}

/** async-lock keys and Web Lock names are the lock's identity too. */
function acquisitionKeys(call: TSESTree.CallExpression, model: ConcurrencyModel): TSESTree.Node[] {
  const lock = model.sections.lockCall(call)?.lock;
  return lock?.protocol.keyed && call.arguments[0] ? [call.arguments[0]] : [];
}

/** A release of this acquisition inside `body` (the loop's), so each round gives its lock back. */
function releasedIn(body: TSESTree.Node, acquire: TSESTree.AwaitExpression, acquisition: Acquisition, model: ConcurrencyModel): boolean {
  const fn = enclosingFunction(acquire);
  if (!fn) return true;
  return model.sections.releasesAfter(acquire, acquisition.lock, fn).some((release) => contains(body, release));
}

/** `Promise.all(items.map(fn))` (or a constant holding the map) around the callback `fn`. */
function mappedAll(fn: FunctionNode, model: ConcurrencyModel): { collection: TSESTree.Node } | null {
  const { parent, child } = outerParent(fn);
  if (parent?.type !== AST_NODE_TYPES.CallExpression || parent.arguments[0] !== child || calledMethodName(parent) !== 'map') return null;
  const collection = calleeObject(parent);
  let use = outerParent(parent);
  if (use.parent?.type === AST_NODE_TYPES.VariableDeclarator && use.parent.id.type === AST_NODE_TYPES.Identifier) {
    const variable = model.bindings.variableOf(use.parent.id);
    const reference = variable?.references.find((candidate) => !candidate.init);
    if (!reference) return null;
    use = outerParent(reference.identifier as TSESTree.Node);
  }
  const combined = use.parent?.type === AST_NODE_TYPES.CallExpression ? promiseCombinator(use.parent, model) : null;
  return collection && (combined === 'all' || combined === 'allSettled') ? { collection } : null;
}

/**
 * Requests a FIFO lock library gets in one synchronous step: the callback's acquire comes before
 * any `await` in it, so one caller's whole set is queued before another's, and they cannot cross.
 */
function queuedTogether(call: TSESTree.CallExpression, fn: FunctionNode, acquisition: Acquisition): boolean {
  if (!QUEUE_IN_ORDER.has(acquisition.lock.protocol.kind)) return false;
  let awaitsBefore = false;
  const visit = (node: TSESTree.Node): void => {
    if (awaitsBefore || isFunction(node) && node !== fn) return;
    if (node.type === AST_NODE_TYPES.AwaitExpression && node.range[1] <= call.range[0] && !contains(node, call)) awaitsBefore = true;
    for (const child of childNodes(node)) visit(child);
  };
  visit(fn.body);
  return !awaitsBefore;
}

/** `[...keys].sort()`, `keys.sort()` before the use, `Object.keys(x).sort()`: a fixed order. */
function isSorted(collection: TSESTree.Node, model: ConcurrencyModel): boolean {
  let inner = unwrap(collection);
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const variable = model.bindings.variableOf(inner);
    const sortedInPlace = variable?.references.some((reference) => {
      const member = (reference.identifier as TSESTree.Node).parent;
      return member?.type === AST_NODE_TYPES.MemberExpression && member.parent?.type === AST_NODE_TYPES.CallExpression && ['sort', 'toSorted'].includes(calledMethodName(member.parent) ?? '');
    });
    if (sortedInPlace) return true;
    const init = constInit(inner, model);
    if (!init) return false;
    inner = unwrap(init);
  }
  const visit = (node: TSESTree.Node): boolean =>
    (node.type === AST_NODE_TYPES.CallExpression && ['sort', 'toSorted'].includes(calledMethodName(node) ?? '')) ||
    (!isFunction(node) && childNodes(node).some(visit));
  return visit(inner);
}
