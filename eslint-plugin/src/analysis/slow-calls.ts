import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { unwrap } from './ast';
import { resolveImported } from './imports';
import type { ConcurrencyModel } from './model';
import { timerOf } from './timers';

/** Timers at least this long count as slow work unless a rule is told otherwise. */
export const DEFAULT_MIN_TIMER_MS = 100;

/** Why an awaited operand takes long: a network round trip, or a timer of `ms` milliseconds (null: not stated). */
export type Slowness = { kind: 'network' } | { kind: 'timer'; ms: number | null };

const HTTP_MODULES = new Set(['http', 'https', 'http2', 'undici']);
const HTTP_CLIENTS = new Set(['axios', 'got', 'node-fetch', 'ky', 'superagent', 'cross-fetch']);
const HTTP_METHODS = new Set(['request', 'get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'fetch']);

/** Network calls (global `fetch`, `http(s)`, common HTTP clients) and timers (see `timerOf`). */
export function slowness(operand: TSESTree.Node, model: ConcurrencyModel): Slowness | null {
  const timer = timerOf(operand, model);
  if (timer) return { kind: 'timer', ms: timer.delay };
  const node = unwrap(operand);
  if (node.type !== AST_NODE_TYPES.CallExpression) return null;
  const callee = unwrap(node.callee);
  if (callee.type === AST_NODE_TYPES.Identifier && callee.name === 'fetch' && model.bindings.isGlobal(callee)) return { kind: 'network' };
  const imported = resolveImported(callee, model.bindings);
  if (!imported) return null;
  if (HTTP_MODULES.has(imported.source) && HTTP_METHODS.has(imported.name)) return { kind: 'network' };
  const client = imported.name === 'default' || imported.name === '*' || HTTP_METHODS.has(imported.name);
  return HTTP_CLIENTS.has(imported.source) && client ? { kind: 'network' } : null;
}
