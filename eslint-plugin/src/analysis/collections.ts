import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calledMethodName, calleeName, calleeObject, childNodes, contains, enclosingClass, enclosingFunction, isFunction, isLoop, numericValue, outerParent, propertyName, unwrap } from './ast';
import { resolveImported } from './imports';
import type { ConcurrencyModel } from './model';
import type { Variable } from './scope';

/**
 * How big a collection can be, from the source: fixed (a literal, a tuple type, a batch slice)
 * or input-sized (a parameter, an awaited result, and what derives from them).
 */

const GROWS = new Set(['push', 'unshift', 'splice', 'concat', 'fill']);
/** Methods that add one entry to a collection field (`this.queue.push(job)`, `this.pending.set(id, p)`). */
const ADDS_ENTRY = new Set(['push', 'unshift', 'set', 'add']);
/** Calls that list files or directory entries: as many as the disk holds. */
const LISTINGS = new Set(['readdir', 'readdirSync', 'glob', 'globSync', 'globby', 'globbySync', 'fastGlob', 'fg']);
const GLOB_MODULES = new Set(['glob', 'fg', 'fastGlob', 'globby', 'fastglob']);
const ITERATING_METHODS = new Set(['forEach', 'map', 'flatMap', 'filter', 'reduce', 'some', 'every']);

/** One task per element of a collection, collected for a combinator such as `Promise.all`. */
export interface FanOut {
  collection: TSESTree.Node;
  /** `.map`: its callback. `push`: the expression pushed, once per element, into the array combined. */
  task: TSESTree.Node;
  form: 'map' | 'push';
}

/**
 * What `Promise.all(argument)` fans out over: `items.map(fn)` (inline or kept in a constant), or
 * an array that starts empty and gets one task pushed per element in a loop or iteration callback
 * (`for (const item of items) tasks.push(work(item))`, `items.forEach((item) => tasks.push(…))`).
 */
export function fanOutOf(argument: TSESTree.Node, model: ConcurrencyModel): FanOut | null {
  let inner = unwrap(argument);
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const pushed = pushedFanOut(inner, model);
    if (pushed) return pushed;
    const init = constInit(inner, model);
    if (!init) return null;
    inner = unwrap(init);
  }
  if (inner.type !== AST_NODE_TYPES.CallExpression || calledMethodName(inner) !== 'map') return null;
  const collection = calleeObject(inner);
  const task = inner.arguments[0];
  return collection && task ? { collection, task, form: 'map' } : null;
}

function pushedFanOut(identifier: TSESTree.Identifier, model: ConcurrencyModel): FanOut | null {
  const variable = model.bindings.variableOf(identifier);
  const def = variable?.defs[0];
  if (!variable || def?.type !== 'Variable' || def.node.type !== AST_NODE_TYPES.VariableDeclarator) return null;
  const init = def.node.init && unwrap(def.node.init);
  if (init?.type !== AST_NODE_TYPES.ArrayExpression || init.elements.length > 0) return null;
  let found: FanOut | null = null;
  for (const reference of variable.references) {
    if (reference.init) continue;
    if (reference.isWrite()) return null;
    const use = reference.identifier as TSESTree.Node;
    const member = use.parent;
    const call = member?.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== use || call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) continue;
    if (propertyName(member.property, member.computed) !== 'push' || !call.arguments[0] || call.arguments[0].type === AST_NODE_TYPES.SpreadElement) continue;
    const collection = iteratedCollection(call, def.node);
    if (collection) found ??= { collection, task: call.arguments[0], form: 'push' };
  }
  return found;
}

/** The collection a loop or iteration callback between `node` and the array's declaration walks over. */
function iteratedCollection(node: TSESTree.Node, declaration: TSESTree.Node): TSESTree.Node | null {
  for (let current = node.parent; current && !contains(current, declaration); current = current.parent) {
    if (current.type === AST_NODE_TYPES.ForOfStatement || current.type === AST_NODE_TYPES.ForInStatement) return current.right;
    if (current.type === AST_NODE_TYPES.ForStatement) {
      const test = current.test && unwrap(current.test);
      const bound = test?.type === AST_NODE_TYPES.BinaryExpression && (test.operator === '<' || test.operator === '<=') ? unwrap(test.right) : null;
      if (bound?.type === AST_NODE_TYPES.MemberExpression && propertyName(bound.property, bound.computed) === 'length') return bound.object;
      return null;
    }
    if (isLoop(current)) return null;
    if (isFunction(current)) {
      const { parent, child } = outerParent(current);
      if (parent?.type !== AST_NODE_TYPES.CallExpression || parent.arguments[0] !== child) return null;
      const collection = ITERATING_METHODS.has(calledMethodName(parent) ?? '') ? calleeObject(parent) : null;
      return collection;
    }
  }
  return null;
}

/** The initialiser of a `const` binding, or of a `let` never assigned again. */
export function constInit(identifier: TSESTree.Identifier, model: ConcurrencyModel): TSESTree.Expression | null {
  const variable = model.bindings.variableOf(identifier);
  const def = variable?.defs[0];
  if (!variable || def?.type !== 'Variable' || def.node.type !== AST_NODE_TYPES.VariableDeclarator || !def.node.init) return null;
  if (variable.references.some((reference) => reference.isWrite() && !reference.init)) return null;
  return def.node.init;
}

/** A collection whose length is written in the source: an array literal, a tuple type, a `slice(i, i + n)`. */
export function isFixedSize(node: TSESTree.Node, model: ConcurrencyModel, seen = new Set<TSESTree.Node>()): boolean {
  const inner = unwrap(node);
  if (seen.has(inner)) return false;
  seen.add(inner);
  if (inner.type === AST_NODE_TYPES.ArrayExpression) {
    return inner.elements.every((element) => element?.type !== AST_NODE_TYPES.SpreadElement);
  }
  if (inner.type === AST_NODE_TYPES.CallExpression) return isBatch(inner);
  if (inner.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = model.bindings.variableOf(inner);
  for (const def of variable?.defs ?? []) {
    const declared = def.name as TSESTree.Identifier;
    if (isTupleType(declared.typeAnnotation?.typeAnnotation, model, new Set())) return true;
    if (def.type === 'Variable' && def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init) {
      const init = constInit(inner, model);
      return init !== null && !isGrown(variable!) && isFixedSize(init, model, seen);
    }
  }
  return false;
}

/**
 * A collection whose size comes from outside: a parameter, an awaited result (query rows, a
 * response), or something derived from them (`req.body.ids`, `rows.filter(…)`, `Object.keys(map)`).
 * Fields and module constants (configured hosts, a controller's keyrings, listeners) are small
 * by construction and not reported.
 */
export function isInputSized(node: TSESTree.Node, model: ConcurrencyModel, seen = new Set<TSESTree.Node>()): boolean {
  const inner = unwrap(node);
  if (seen.has(inner)) return false;
  seen.add(inner);
  switch (inner.type) {
    case AST_NODE_TYPES.AwaitExpression:
      return true;
    case AST_NODE_TYPES.ArrayExpression:
      return inner.elements.some((element) => element?.type === AST_NODE_TYPES.SpreadElement && isInputSized(element.argument, model, seen));
    case AST_NODE_TYPES.MemberExpression:
      if (inner.object.type === AST_NODE_TYPES.ThisExpression) return growsPerCall(inner);
      return isInputSized(inner.object, model, seen);
    case AST_NODE_TYPES.CallExpression: {
      if (isListing(inner)) return true;
      const callee = unwrap(inner.callee);
      const receiver = callee.type === AST_NODE_TYPES.MemberExpression ? [callee.object] : [];
      return [...receiver, ...inner.arguments].some((part) => isInputSized(part, model, seen));
    }
    case AST_NODE_TYPES.Identifier: {
      const variable = model.bindings.variableOf(inner);
      return (variable?.defs ?? []).some(
        (def) =>
          def.type === 'Parameter' ||
          (def.type === 'Variable' && def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init !== null && isInputSized(def.node.init, model, seen)),
      );
    }
    default:
      return false;
  }
}

/** `readdirSync(dir)`, `glob(pattern)`, `fg.sync([…])`: a file list, as long as the directory tree. */
function isListing(call: TSESTree.CallExpression): boolean {
  const name = calleeName(call) ?? '';
  if (LISTINGS.has(name)) return true;
  const object = calleeObject(call);
  return name === 'sync' && object?.type === AST_NODE_TYPES.Identifier && GLOB_MODULES.has(object.name);
}

const growingFields = new WeakMap<TSESTree.Node, ReadonlySet<string>>();

/**
 * A field that gains an entry per call of a method, keyed or pushed from what the call brings
 * (`this.queue[id] = job`, `this.pending.set(key, p)`, `this.batch.push(item)`): it is as large as
 * the traffic, unlike configuration fields set up once in the constructor.
 */
function growsPerCall(member: TSESTree.MemberExpression): boolean {
  const field = propertyName(member.property, member.computed);
  const classNode = enclosingClass(member);
  if (!field || !classNode) return false;
  let fields = growingFields.get(classNode);
  if (!fields) {
    const found = new Set<string>();
    const visit = (node: TSESTree.Node): void => {
      const target = addedTo(node);
      if (target && !inConstructor(node)) found.add(target);
      for (const child of childNodes(node)) visit(child);
    };
    visit(classNode.body);
    fields = found;
    growingFields.set(classNode, fields);
  }
  return fields.has(field);
}

/** The `this` field a node adds an entry to under a key or value that is not a literal. */
function addedTo(node: TSESTree.Node): string | null {
  let target: TSESTree.Node | null = null;
  let key: TSESTree.Node | undefined;
  if (node.type === AST_NODE_TYPES.AssignmentExpression && node.left.type === AST_NODE_TYPES.MemberExpression && node.left.computed) {
    target = unwrap(node.left.object);
    key = node.left.property;
  } else if (node.type === AST_NODE_TYPES.CallExpression && ADDS_ENTRY.has(calledMethodName(node) ?? '')) {
    target = calleeObject(node) && unwrap(calleeObject(node)!);
    key = node.arguments[0];
  }
  if (target?.type !== AST_NODE_TYPES.MemberExpression || target.object.type !== AST_NODE_TYPES.ThisExpression) return null;
  if (!key || unwrap(key).type === AST_NODE_TYPES.Literal) return null;
  return propertyName(target.property, target.computed);
}

function inConstructor(node: TSESTree.Node): boolean {
  const fn = enclosingFunction(node);
  return fn?.parent?.type === AST_NODE_TYPES.MethodDefinition && fn.parent.kind === 'constructor';
}

/** `items.slice(i, i + 10)`, `items.slice(0, 10)`: one batch of a size written in the source. */
function isBatch(call: TSESTree.CallExpression): boolean {
  if (calledMethodName(call) !== 'slice' || call.arguments.length !== 2) return false;
  const [start, end] = call.arguments.map((argument) => unwrap(argument));
  if (numericValue(start) !== null && numericValue(end) !== null) return true;
  return (
    end?.type === AST_NODE_TYPES.BinaryExpression &&
    end.operator === '+' &&
    numericValue(end.right) !== null &&
    start !== undefined &&
    sameText(start, end.left)
  );
}

function sameText(a: TSESTree.Node, b: TSESTree.Node): boolean {
  return a.type === AST_NODE_TYPES.Identifier && b.type === AST_NODE_TYPES.Identifier && a.name === b.name;
}

/** A fixed-length tuple type, possibly `readonly` or through a type alias of this module. */
function isTupleType(type: TSESTree.TypeNode | undefined, model: ConcurrencyModel, seen: Set<TSESTree.Node>): boolean {
  if (!type || seen.has(type)) return false;
  seen.add(type);
  switch (type.type) {
    case AST_NODE_TYPES.TSTypeOperator:
      return type.operator === 'readonly' && isTupleType(type.typeAnnotation, model, seen);
    case AST_NODE_TYPES.TSTupleType:
      return type.elementTypes.every((element) => element.type !== AST_NODE_TYPES.TSRestType);
    case AST_NODE_TYPES.TSTypeReference: {
      if (type.typeName.type !== AST_NODE_TYPES.Identifier) return false;
      const def = model.bindings.variableOf(type.typeName)?.defs[0];
      return def?.node.type === AST_NODE_TYPES.TSTypeAliasDeclaration && isTupleType(def.node.typeAnnotation, model, seen);
    }
    default:
      return false;
  }
}

/** An array that code later grows in place (`push`, `splice`…) is not the size its literal shows. */
function isGrown(variable: Variable): boolean {
  return variable.references.some((reference) => {
    const parent = (reference.identifier as TSESTree.Node).parent;
    return parent?.type === AST_NODE_TYPES.MemberExpression && GROWS.has(propertyName(parent.property, parent.computed) ?? '');
  });
}


/** `fs` calls that hold a file descriptor while they run: thousands at once exhaust the process's limit (EMFILE). */
const OPENS_FILE = new Set(['readFile', 'writeFile', 'appendFile', 'open', 'opendir', 'readdir', 'copyFile', 'createReadStream', 'createWriteStream']);
/** How deep a task is followed into same-module functions it calls. */
const FILE_WORK_DEPTH = 3;

/**
 * Whether a task opens a file through Node's own `fs` (`fs.readFile`, `readdir` from
 * `fs/promises`, `promisify(fs.readFile)(…)`), itself or through functions of this module it
 * calls. graceful-fs and fs-extra queue on EMFILE and are not counted.
 */
export function opensFiles(task: TSESTree.Node, model: ConcurrencyModel, depth = 0, seen = new Set<TSESTree.Node>()): boolean {
  if (depth > FILE_WORK_DEPTH || seen.has(task)) return false;
  seen.add(task);
  // `files.map(readOne)`: the task is a function of this module, passed by name.
  const named = isFunction(task) ? null : model.locks.calledFunction(task);
  if (named) return opensFiles(named, model, depth + 1, seen);
  let found = false;
  const visit = (node: TSESTree.Node): void => {
    if (found) return;
    if (node.type === AST_NODE_TYPES.CallExpression) {
      if (isNodeFsCall(node, model)) {
        found = true;
        return;
      }
      const callee = model.locks.calledFunction(node.callee);
      if (callee && opensFiles(callee, model, depth + 1, seen)) {
        found = true;
        return;
      }
    }
    for (const child of childNodes(node)) visit(child);
  };
  visit(isFunction(task) ? task.body : task);
  return found;
}

function isNodeFsCall(call: TSESTree.CallExpression, model: ConcurrencyModel): boolean {
  // `promisify(fs.readFile)(path)`: the wrapped function is the one that runs.
  let callee = unwrap(call.callee);
  if (callee.type === AST_NODE_TYPES.CallExpression && callee.arguments.length === 1 && callee.arguments[0]!.type !== AST_NODE_TYPES.SpreadElement) callee = unwrap(callee.arguments[0]!);
  const imported = resolveImported(callee, model.bindings);
  return imported !== null && imported.source === 'fs' && OPENS_FILE.has(imported.name);
}
