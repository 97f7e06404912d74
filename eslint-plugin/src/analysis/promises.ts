import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { CONTINUATION_METHODS, calledMethodName, childNodes, enclosingFunction, isFunction, outerParent, unwrap } from './ast';
import { constInit } from './collections';
import type { ConcurrencyModel } from './model';

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

function returnsPromise(fn: TSESTree.FunctionLike, model: ConcurrencyModel, seen: Set<TSESTree.Node>): boolean {
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
