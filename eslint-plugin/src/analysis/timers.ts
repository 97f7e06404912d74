import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, isFunction, numericValue, propertyName, unwrap, type FunctionNode } from './ast';
import type { ConcurrencyModel } from './model';
import type { Variable } from './scope';

/** A promise that only waits for time to pass. */
export interface Timer {
  /** The expression that makes the promise: `sleep(100)`, `new Promise((r) => setTimeout(r, 50))`. */
  node: TSESTree.Node;
  /** The delay in milliseconds when the source states it (a literal, or a `const` bound to one); null otherwise. */
  delay: number | null;
  /** The expression the delay comes from (null for `setTimeout` with no delay, which is 0). */
  delayNode: TSESTree.Node | null;
}

/** Helper names that, called with a delay, conventionally return a timer promise. */
const SLEEP_NAME = /^(sleep|delay|wait|pause|snooze)(ms|millis|seconds)?$|^setTimeout(Async|Promise|P)$/i;
const PROMISE_TIMER_SOURCES = new Set(['timers/promises', 'node:timers/promises']);

/**
 * Recognises a timer promise (an `await` is looked through): a sleep helper called with a delay
 * (`sleep(n)`, `delay(n)`, `this.wait(n)`), a same-module function that returns one, `setTimeout(n)`
 * or `scheduler.wait(n)` from `node:timers/promises`, and `new Promise((r) => setTimeout(r, n))`.
 * Returns null for anything else, including lock waits such as semaphore-async-await's `wait()`.
 */
export function timerOf(node: TSESTree.Node, model: ConcurrencyModel): Timer | null {
  return timer(node, model, new Set());
}

function timer(node: TSESTree.Node, model: ConcurrencyModel, visiting: Set<FunctionNode>): Timer | null {
  let inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.AwaitExpression) inner = unwrap(inner.argument);
  if (inner.type === AST_NODE_TYPES.NewExpression) return promiseTimer(inner, model);
  if (inner.type !== AST_NODE_TYPES.CallExpression) return null;
  const call = inner;
  if (isPromiseTimerImport(call.callee, model)) {
    return withDelay(call, call.arguments[0], model);
  }
  const helper = model.locks.calledFunction(call.callee);
  if (helper && !visiting.has(helper)) {
    visiting.add(helper);
    const returned = returnedExpression(helper);
    const found = returned ? timer(returned, model, visiting) : null;
    if (found) return { ...throughParameter(found, helper, call, model), node: call };
  }
  const name = calleeName(call);
  if (name && SLEEP_NAME.test(name) && call.arguments.length > 0 && !model.sections.lockCall(call)) {
    return withDelay(call, call.arguments[0], model);
  }
  return null;
}

/** `new Promise((resolve) => setTimeout(resolve, n))`, also with a block body or `() => resolve()`. */
function promiseTimer(node: TSESTree.NewExpression, model: ConcurrencyModel): Timer | null {
  if (node.callee.type !== AST_NODE_TYPES.Identifier || node.callee.name !== 'Promise' || !model.bindings.isGlobal(node.callee)) return null;
  const executor = node.arguments[0] && unwrap(node.arguments[0]);
  if (!executor || !isFunction(executor)) return null;
  const resolve = executor.params[0];
  if (resolve?.type !== AST_NODE_TYPES.Identifier) return null;
  const resolver = model.bindings.variableOf(resolve);
  const body = singleExpression(executor);
  const call = body && unwrap(body);
  if (call?.type !== AST_NODE_TYPES.CallExpression || !resolver || !isGlobalSetTimeout(call.callee, model)) return null;
  const callback = call.arguments[0] && unwrap(call.arguments[0]);
  if (!callback || !resolvesWith(callback, resolver, model)) return null;
  return withDelay(node, call.arguments[1], model);
}

/** `resolve` itself, or a function whose only expression calls it. */
function resolvesWith(callback: TSESTree.Node, resolver: Variable, model: ConcurrencyModel): boolean {
  if (callback.type === AST_NODE_TYPES.Identifier) return model.bindings.variableOf(callback) === resolver;
  if (!isFunction(callback)) return false;
  const body = singleExpression(callback);
  const call = body && unwrap(body);
  return call?.type === AST_NODE_TYPES.CallExpression && call.callee.type === AST_NODE_TYPES.Identifier && model.bindings.variableOf(call.callee) === resolver;
}

/** The one expression a function body evaluates: an expression body, or a block of one expression statement. */
function singleExpression(fn: FunctionNode): TSESTree.Node | null {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return fn.body;
  const [only, ...rest] = fn.body.body;
  return rest.length === 0 && only?.type === AST_NODE_TYPES.ExpressionStatement ? only.expression : null;
}

function returnedExpression(fn: FunctionNode): TSESTree.Node | null {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return fn.body;
  const [only, ...rest] = fn.body.body;
  return rest.length === 0 && only?.type === AST_NODE_TYPES.ReturnStatement ? only.argument : null;
}

/** A helper `sleep(ms) { return new Promise(r => setTimeout(r, ms)) }`: its delay is the argument passed for `ms`. */
function throughParameter(found: Timer, helper: FunctionNode, call: TSESTree.CallExpression, model: ConcurrencyModel): Omit<Timer, 'node'> {
  const delayNode = found.delayNode && unwrap(found.delayNode);
  if (found.delay !== null || delayNode?.type !== AST_NODE_TYPES.Identifier) return found;
  const variable = model.bindings.variableOf(delayNode);
  const index = helper.params.findIndex((param) => param.type === AST_NODE_TYPES.Identifier && model.bindings.variableOf(param) === variable);
  const argument = index >= 0 ? call.arguments[index] : undefined;
  return argument ? { delay: delayOf(argument, model), delayNode: argument } : found;
}

/** A timer whose delay is given by `delayNode`; a missing delay is `setTimeout`'s 0. */
function withDelay(node: TSESTree.Node, delayNode: TSESTree.Node | undefined, model: ConcurrencyModel): Timer {
  return { node, delay: delayNode ? delayOf(delayNode, model) : 0, delayNode: delayNode ?? null };
}

/** Milliseconds stated by a literal, a product of literals, or a `const` initialised with one. */
function delayOf(node: TSESTree.Node, model: ConcurrencyModel): number | null {
  const literal = numericValue(node);
  if (literal !== null) return literal;
  const inner = unwrap(node);
  if (inner.type !== AST_NODE_TYPES.Identifier) return null;
  const def = model.bindings.variableOf(inner)?.defs[0];
  if (def?.type !== 'Variable' || def.parent.kind !== 'const' || def.node.type !== AST_NODE_TYPES.VariableDeclarator || !def.node.init) return null;
  return numericValue(def.node.init);
}

/** `setTimeout` / `scheduler.wait` imported from `node:timers/promises` (named, namespace or destructured require). */
function isPromiseTimerImport(callee: TSESTree.Node, model: ConcurrencyModel): boolean {
  const inner = unwrap(callee);
  if (inner.type === AST_NODE_TYPES.Identifier) return importedFromTimerPromises(inner, model) === 'setTimeout';
  if (inner.type !== AST_NODE_TYPES.MemberExpression) return false;
  const method = propertyName(inner.property, inner.computed);
  const object = unwrap(inner.object);
  if (object.type !== AST_NODE_TYPES.Identifier) return false;
  const imported = importedFromTimerPromises(object, model);
  return (imported === '*' && method === 'setTimeout') || (imported === 'scheduler' && method === 'wait');
}

/** The export of `node:timers/promises` an identifier is bound to (`*` for the module object), or null. */
function importedFromTimerPromises(identifier: TSESTree.Identifier, model: ConcurrencyModel): string | null {
  const def = model.bindings.variableOf(identifier)?.defs[0];
  if (!def) return null;
  if (def.type === 'ImportBinding') {
    const declaration = def.parent as TSESTree.ImportDeclaration;
    if (!PROMISE_TIMER_SOURCES.has(String(declaration.source.value))) return null;
    const specifier = def.node;
    if (specifier.type === AST_NODE_TYPES.ImportSpecifier) return propertyName(specifier.imported, false);
    return specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier ? '*' : null;
  }
  if (def.type !== 'Variable' || def.node.type !== AST_NODE_TYPES.VariableDeclarator || !def.node.init) return null;
  const init = unwrap(def.node.init);
  const required =
    init.type === AST_NODE_TYPES.CallExpression &&
    init.callee.type === AST_NODE_TYPES.Identifier &&
    init.callee.name === 'require' &&
    init.arguments[0]?.type === AST_NODE_TYPES.Literal &&
    PROMISE_TIMER_SOURCES.has(String(init.arguments[0].value));
  if (!required) return null;
  if (def.node.id.type === AST_NODE_TYPES.Identifier) return '*';
  if (def.node.id.type !== AST_NODE_TYPES.ObjectPattern) return null;
  for (const property of def.node.id.properties) {
    if (property.type === AST_NODE_TYPES.Property && property.value === identifier) return propertyName(property.key, property.computed);
  }
  return null;
}

/** The global `setTimeout`, also as `globalThis.setTimeout` / `window.setTimeout`. */
function isGlobalSetTimeout(callee: TSESTree.Node, model: ConcurrencyModel): boolean {
  const inner = unwrap(callee);
  if (inner.type === AST_NODE_TYPES.Identifier) return inner.name === 'setTimeout' && model.bindings.isGlobal(inner);
  return (
    inner.type === AST_NODE_TYPES.MemberExpression &&
    propertyName(inner.property, inner.computed) === 'setTimeout' &&
    inner.object.type === AST_NODE_TYPES.Identifier &&
    ['globalThis', 'window', 'self', 'global'].includes(inner.object.name) &&
    model.bindings.isGlobal(inner.object)
  );
}
