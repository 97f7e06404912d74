import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { isFunction, numericValue, propertyName, unwrap } from './ast';
import { resolveImported } from './imports';
import type { Bindings } from './scope';

/** Why an awaited operand takes long: a network round trip, or a timer of `ms` milliseconds. */
export type Slowness = { kind: 'network' } | { kind: 'timer'; ms: number };

const HTTP_MODULES = new Set(['http', 'https', 'http2', 'undici']);
const HTTP_CLIENTS = new Set(['axios', 'got', 'node-fetch', 'ky', 'superagent', 'cross-fetch']);
const HTTP_METHODS = new Set(['request', 'get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'fetch']);
const SLEEP_NAMES = /^(sleep|delay|wait|pause|timeout)$/i;

/** Network calls and timers, recognised by import, global, or the conventional sleep names. */
export function slowness(operand: TSESTree.Node, bindings: Bindings): Slowness | null {
  const node = unwrap(operand);
  if (node.type === AST_NODE_TYPES.NewExpression) return promisifiedTimeout(node);
  if (node.type !== AST_NODE_TYPES.CallExpression) return null;
  const callee = unwrap(node.callee);
  if (callee.type === AST_NODE_TYPES.Identifier && callee.name === 'fetch' && bindings.isGlobal(callee)) return { kind: 'network' };
  const imported = resolveImported(callee, bindings);
  if (imported) {
    if (imported.source === 'timers' && imported.name === 'setTimeout') return timer(node.arguments[0]);
    if (HTTP_MODULES.has(imported.source) && HTTP_METHODS.has(imported.name)) return { kind: 'network' };
    if (HTTP_CLIENTS.has(imported.source) && (imported.name === 'default' || imported.name === '*' || HTTP_METHODS.has(imported.name))) {
      return { kind: 'network' };
    }
  }
  const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee.property, callee.computed) : null;
  if (name && SLEEP_NAMES.test(name) && node.arguments.length === 1) return timer(node.arguments[0]);
  return null;
}

function timer(argument: TSESTree.Node | undefined): Slowness | null {
  const ms = numericValue(argument);
  return ms === null ? null : { kind: 'timer', ms };
}

/** `new Promise((resolve) => setTimeout(resolve, ms))`. */
function promisifiedTimeout(node: TSESTree.NewExpression): Slowness | null {
  const executor = node.arguments[0] && unwrap(node.arguments[0]);
  if (!(node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'Promise') || !executor || !isFunction(executor)) return null;
  const body = executor.body.type === AST_NODE_TYPES.BlockStatement ? executor.body.body[0] : executor.body;
  const call = body?.type === AST_NODE_TYPES.ExpressionStatement ? body.expression : body;
  if (call?.type !== AST_NODE_TYPES.CallExpression) return null;
  const callee = unwrap(call.callee);
  if (callee.type !== AST_NODE_TYPES.Identifier || callee.name !== 'setTimeout') return null;
  return call.arguments.length < 2 ? { kind: 'timer', ms: 0 } : timer(call.arguments[1]);
}
