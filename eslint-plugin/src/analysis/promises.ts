import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { CONTINUATION_METHODS, calledMethodName, childNodes, contains, enclosingFunction, isFunction, outerParent, unwrap } from './ast';
import { constInit } from './collections';
import type { ConcurrencyModel } from './model';
import { sameLock, type CriticalSection } from './sections';

/**
 * Whether an expression evaluates to a promise, from evidence in the file (no types needed): a call
 * of a same-module async function (or one that returns a promise), a `.then`/`.catch`/`.finally`
 * chain, `new Promise`/`Promise.*`, a call whose callee the file awaits elsewhere
 * (`await this.db.query(…)`), or a constant holding one of those.
 */
export function isPromiseValued(node: TSESTree.Node, model: ConcurrencyModel, seen = new Set<TSESTree.Node>()): boolean {
  const inner = unwrap(node);
  if (seen.has(inner)) return false;
  seen.add(inner);
  if (inner.type === AST_NODE_TYPES.NewExpression) return inner.callee.type === AST_NODE_TYPES.Identifier && inner.callee.name === 'Promise';
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const init = constInit(inner, model);
    return init !== null && isPromiseValued(init, model, seen);
  }
  if (inner.type !== AST_NODE_TYPES.CallExpression) return false;
  if (CONTINUATION_METHODS.has(calledMethodName(inner) ?? '')) return true;
  const callee = unwrap(inner.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.Identifier && callee.object.name === 'Promise') return true;
  const fn = model.locks.calledFunction(callee);
  if (fn) return fn.async || returnsPromise(fn, model, seen);
  return awaitedCallees(model).has(model.sourceCode.getText(callee));
}

const returnsPromiseMemo = new WeakMap<TSESTree.Node, boolean>();

/** Whether a same-module function hands back a promise; one answer per function (recursion answers no). */
function returnsPromise(fn: TSESTree.FunctionLike, model: ConcurrencyModel, seen: Set<TSESTree.Node>): boolean {
  const known = returnsPromiseMemo.get(fn);
  if (known !== undefined) return known;
  returnsPromiseMemo.set(fn, false);
  const result = scanReturns(fn, model, seen);
  returnsPromiseMemo.set(fn, result);
  return result;
}

function scanReturns(fn: TSESTree.FunctionLike, model: ConcurrencyModel, seen: Set<TSESTree.Node>): boolean {
  if (!fn.body) return false;
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return isPromiseValued(fn.body, model, seen);
  let found = false;
  const visit = (current: TSESTree.Node): void => {
    if (found || isFunction(current)) return;
    if (current.type === AST_NODE_TYPES.ReturnStatement && current.argument && isPromiseValued(current.argument, model, seen)) found = true;
    for (const child of childNodes(current)) visit(child);
  };
  for (const statement of fn.body.body) visit(statement);
  return found;
}

const awaitedByModel = new WeakMap<ConcurrencyModel, ReadonlySet<string>>();

/** Callee texts the file awaits somewhere (`this.db.query`, `fetch`): calls of them return promises. */
function awaitedCallees(model: ConcurrencyModel): ReadonlySet<string> {
  let texts = awaitedByModel.get(model);
  if (!texts) {
    const found = new Set<string>();
    for (const call of model.calls) {
      const { parent } = outerParent(call);
      if (parent?.type === AST_NODE_TYPES.AwaitExpression) found.add(model.sourceCode.getText(unwrap(call.callee)));
    }
    texts = found;
    awaitedByModel.set(model, texts);
  }
  return texts;
}

/**
 * A promise the surrounding code lets go: a call statement whose value nobody awaits, returns,
 * stores or chains, in the body of `fn` itself (not in nested functions).
 */
export function floatingPromises(fn: TSESTree.FunctionLike, model: ConcurrencyModel): TSESTree.CallExpression[] {
  const found: TSESTree.CallExpression[] = [];
  if (fn.body?.type !== AST_NODE_TYPES.BlockStatement) return found;
  const visit = (current: TSESTree.Node): void => {
    if (isFunction(current)) return;
    if (current.type === AST_NODE_TYPES.ExpressionStatement) {
      const expression = unwrap(current.expression);
      if (expression.type === AST_NODE_TYPES.CallExpression && enclosingFunction(expression) === fn && isPromiseValued(expression, model)) found.push(expression);
    }
    for (const child of childNodes(current)) visit(child);
  };
  for (const statement of fn.body.body) visit(statement);
  return found;
}

/** A promise started before a critical section and first awaited inside it. */
export interface EarlyStart {
  /** The `await p` inside the section. */
  await: TSESTree.AwaitExpression;
  /** The call that started the work, before the section. */
  start: TSESTree.CallExpression;
  declarator: TSESTree.VariableDeclarator;
  /** Why the work belongs under the lock: another call of it runs in a section of this lock, or it writes state. */
  evidence: 'locked-elsewhere' | 'writes-state';
}

/**
 * Awaits in `section` of a constant that holds the promise of a call made before the section was
 * entered (`const saved = this.save(); await lock.runExclusive(async () => { await saved; })`),
 * when the file shows that the call's work is what the lock protects.
 */
export function startedBeforeSection(section: CriticalSection, model: ConcurrencyModel): EarlyStart[] {
  const found: EarlyStart[] = [];
  const visit = (current: TSESTree.Node): void => {
    if (isFunction(current) && current !== section.fn) return;
    if (current.type === AST_NODE_TYPES.AwaitExpression && contains(section.range, current)) {
      const early = earlyStart(current, section, model);
      if (early) found.push(early);
    }
    for (const child of childNodes(current)) visit(child);
  };
  visit(section.fn.body);
  return found;
}

function earlyStart(node: TSESTree.AwaitExpression, section: CriticalSection, model: ConcurrencyModel): EarlyStart | null {
  const argument = unwrap(node.argument);
  if (argument.type !== AST_NODE_TYPES.Identifier) return null;
  const def = model.bindings.variableOf(argument)?.defs[0];
  if (def?.type !== 'Variable' || def.node.type !== AST_NODE_TYPES.VariableDeclarator || !constInit(argument, model)) return null;
  const declarator = def.node;
  // Awaited or used before the section, the promise is not only waited for inside it.
  const uses = model.bindings.variableOf(argument)!.references.filter((reference) => !reference.init);
  if (uses.some((reference) => reference.identifier.range[0] < section.entry.range[0])) return null;
  const start = declarator.init && unwrap(declarator.init);
  if (start?.type !== AST_NODE_TYPES.CallExpression || contains(section.range, declarator) || declarator.range[1] > section.entry.range[0]) return null;
  if (!isPromiseValued(start, model)) return null;
  const evidence = lockedElsewhere(start, section, model) ? 'locked-elsewhere' : writesState(start, model) ? 'writes-state' : null;
  return evidence ? { await: node, start, declarator, evidence } : null;
}

/** Another call with the same callee runs inside a section of the same lock. */
function lockedElsewhere(start: TSESTree.CallExpression, section: CriticalSection, model: ConcurrencyModel): boolean {
  const callee = model.sourceCode.getText(unwrap(start.callee));
  return model.calls.some(
    (call) =>
      call !== start &&
      model.sourceCode.getText(unwrap(call.callee)) === callee &&
      model.sectionsCovering(call).some((other) => sameLock(other.lock, section.lock)),
  );
}

/** A same-module function whose own body assigns a field or a variable declared outside it. */
function writesState(start: TSESTree.CallExpression, model: ConcurrencyModel): boolean {
  const fn = model.locks.calledFunction(start.callee);
  if (!fn) return false;
  let writes = false;
  const visit = (current: TSESTree.Node): void => {
    if (writes || (isFunction(current) && current !== fn)) return;
    const target =
      current.type === AST_NODE_TYPES.AssignmentExpression ? unwrap(current.left) : current.type === AST_NODE_TYPES.UpdateExpression ? unwrap(current.argument) : null;
    if (target?.type === AST_NODE_TYPES.MemberExpression) writes = true;
    if (target?.type === AST_NODE_TYPES.Identifier) {
      const declaring = model.bindings.variableOf(target);
      writes = declaring !== null && model.bindings.declaringFunction(declaring) !== fn;
    }
    for (const child of childNodes(current)) visit(child);
  };
  visit(fn.body);
  return writes;
}
