import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, unwrap } from './ast';
import type { StaleRead, SharedWrite } from './flow';

/**
 * Why running the work of a check-then-act twice does harm, beyond the wasted call. Two calls that
 * both pass the check both do the work; that only matters when the work cannot simply be repeated:
 * - `resource`: the written field holds something the previous value needed closing (a
 *   connection, client, socket, worker, subscription, listener, interval, timer): the second
 *   write drops the first without closing it;
 * - `effect`: the awaited call is a one-shot side effect (refresh or rotate a token, create,
 *   insert, send, publish, register, start, connect): it happens twice;
 * - `flag`: the write marks the work done (`this.initialized = true`) and the check read that
 *   flag: the work the flag guards runs twice;
 * - `inFlight`: the field keeps the in-flight promise or a cancel handle, stored only after the
 *   await, so a second call does not see the first one's and starts the work again.
 * An idempotent fill (`if (!this.config) this.config = await loadConfig()`) is none of these:
 * every caller stores an equal value.
 */
/** What the file shows about a call or a value. */
export interface HarmContext {
  getText(node: TSESTree.Node): string;
  /** The callee is a function of this file: judged by its summary, not its name. */
  shownInFile(call: TSESTree.CallExpression): boolean;
  /** The node denotes state other tasks reach (not a local of this call). */
  isShared(node: TSESTree.Node): boolean;
}

export interface Harm {
  kind: 'resource' | 'effect' | 'flag' | 'inFlight';
  /** The end of the message's sentence: "so …". */
  text: string;
}

const RESOURCE_WORDS = new Set([
  'conn', 'connection', 'client', 'socket', 'ws', 'websocket', 'worker', 'subscription', 'subscriber', 'listener', 'watcher',
  'interval', 'timer', 'timeout', 'pool', 'channel', 'server', 'browser', 'transport', 'child', 'process', 'producer', 'consumer',
]);
const RESOURCE_CALLS = new Set(['setInterval', 'setTimeout', 'subscribe', 'listen', 'watch', 'spawn', 'fork', 'createServer', 'createConnection', 'createClient', 'createPool']);
const RESOURCE_CLASSES = /(?:Socket|Client|Connection|Worker|Pool|Server|Watcher|Subscription|Channel|Transport)$/;
/** Leading verbs of calls that do something once per call (a row inserted, a message sent, a process started). */
const EFFECT_VERBS = new Set([
  'create', 'insert', 'send', 'publish', 'register', 'start', 'connect', 'open', 'login', 'signin',
  'subscribe', 'spawn', 'launch', 'install', 'enqueue', 'charge', 'mint', 'provision',
]);
/** A credential refreshed or asked for: a refresh token may be spent once. */
const CREDENTIALS = new Set(['token', 'tokens', 'credential', 'credentials', 'session', 'key', 'lease', 'auth']);
const CREDENTIAL_VERBS = new Set(['refresh', 'rotate', 'renew', 'request', 'fetch', 'exchange', 'obtain', 'acquire']);
/** Fields that mark one-time work done. Not states that are merely re-entered (`listening`, `running`): repeating the work that sets them is often harmless. */
const FLAG_NAMES = /^_*(?:is|has|did)?_*(?:initiali[sz]ed|inited|connected|started|ready|loaded|registered|setup|setupdone|opened|booted|bootstrapped|installed|subscribed|loggedin|authenticated)$/i;
/** Last words of a field that keeps work in flight (`this.loadPromise`, `this.pending`). */
const IN_FLIGHT_WORDS = new Set(['pending', 'promise', 'inflight']);

/**
 * The harm a duplicate of this check-then-act does, or null when repeating the work is only wasted
 * effort. Clearing a field (`= undefined`, `= false`) releases rather than duplicates. A call of a
 * function this file shows (`shownInFile`) is judged by what it does, through the summaries, not
 * by its name.
 */
export function duplicateHarm(write: SharedWrite, stale: StaleRead, awaited: readonly TSESTree.Node[], file: HarmContext): Harm | null {
  const field = fieldName(write.location.path);
  const node = write.through?.node ?? write.node;
  const written = writtenValue(node);
  const value = written ? unwrap(written) : null;
  if ((value && literalFalse(value)) || (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === 'delete')) return null;
  // `this.client = await this.clientPromise`: every caller awaits the one promise the shared field
  // holds and stores the same value; the work behind it ran once.
  if (value?.type === AST_NODE_TYPES.AwaitExpression && file.isShared(unwrap(value.argument))) return null;
  const parts = field ? words(field) : [];
  if (value && parts.includes('refresh') && parts.includes('token')) {
    return { kind: 'effect', text: `each spends the refresh token in ${write.location.text}, which the server may accept only once` };
  }
  const flag = field !== null && FLAG_NAMES.test(field.replace(/[-_]/g, '')) && sameField(stale, write);
  if (flag && value?.type === AST_NODE_TYPES.Literal) {
    return { kind: 'flag', text: `each runs the work that ${write.location.text} marks as done` };
  }
  if (value && ((field && RESOURCE_WORDS.has(words(field).at(-1) ?? '')) || makesResource(value))) {
    return { kind: 'resource', text: `each makes its own ${write.location.text} and the last write drops the others without closing them` };
  }
  // `await this.connect()` before the work ensures this object's own state; it is a duplicate
  // effect only when its answer is what the write stores.
  const stored = written ? written.range : null;
  const effect = awaited
    .map((node) => effectCall(node, file.shownInFile))
    .find((call) => call !== null && !onLocal(call, file) && (!isOwnLifecycle(call) || (stored !== null && stored[0] <= call.range[0] && call.range[1] <= stored[1])));
  if (effect) return { kind: 'effect', text: `\`${file.getText(effect.callee)}()\` runs once per call, and it must not run twice` };
  const inFlight = value && (isPromise(value) || (value.type === AST_NODE_TYPES.CallExpression && field && IN_FLIGHT_WORDS.has(words(field).at(-1) ?? '')));
  if (inFlight || (value?.type === AST_NODE_TYPES.NewExpression && isNamed(value.callee, 'AbortController'))) {
    return { kind: 'inFlight', text: `each starts the work again: ${write.location.text} is only stored after the \`await\`` };
  }
  return null;
}

/** The last named segment of a location, skipping Map/array entries: `this.clients.get(k)` → `clients`. */
function fieldName(path: readonly string[]): string | null {
  for (let index = path.length - 1; index >= 0; index -= 1) {
    const segment = path[index]!;
    if (!segment.startsWith('{') && !segment.startsWith('[')) return segment.replace(/^#/, '');
  }
  return null;
}

/** The check read the flag that the write sets. */
function sameField(stale: StaleRead, write: SharedWrite): boolean {
  return stale.fact.location.root === write.location.root && stale.fact.location.path.join('/') === write.location.path.join('/');
}

function writtenValue(node: TSESTree.Node): TSESTree.Node | null {
  if (node.type === AST_NODE_TYPES.AssignmentExpression) return node.right;
  if (node.type === AST_NODE_TYPES.CallExpression && calleeName(node) === 'set') return node.arguments[1] ?? null;
  return null;
}

/** `camelCase_snake` → ['camel', 'case', 'snake'], lower case. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_$-]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

function makesResource(value: TSESTree.Node): boolean {
  const inner = value.type === AST_NODE_TYPES.AwaitExpression ? unwrap(value.argument) : value;
  if (inner.type === AST_NODE_TYPES.NewExpression) return inner.callee.type === AST_NODE_TYPES.Identifier && RESOURCE_CLASSES.test(inner.callee.name);
  return inner.type === AST_NODE_TYPES.CallExpression && RESOURCE_CALLS.has(calleeName(inner) ?? '');
}

/**
 * An awaited call of code the file does not show whose name starts with a one-shot verb, or that
 * refreshes or asks for a credential (`refreshToken`, `requestAccessToken`, `rotateKey`).
 */
function effectCall(node: TSESTree.Node, shownInFile: (call: TSESTree.CallExpression) => boolean): TSESTree.CallExpression | null {
  const inner = unwrap(node.type === AST_NODE_TYPES.AwaitExpression ? node.argument : node);
  if (inner.type !== AST_NODE_TYPES.CallExpression || shownInFile(inner)) return null;
  const parts = words(calleeName(inner) ?? '');
  const verb = parts[0] === 'do' || parts[0] === 'try' ? parts[1] : parts[0];
  if (verb && EFFECT_VERBS.has(verb)) return inner;
  return parts.some((word) => CREDENTIALS.has(word)) && parts.some((word) => CREDENTIAL_VERBS.has(word)) ? inner : null;
}

/** `client.connect()` on a client this call made (a local, not shared state): each call's own, no duplicate. */
function onLocal(call: TSESTree.CallExpression, file: HarmContext): boolean {
  const callee = unwrap(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && unwrap(callee.object).type === AST_NODE_TYPES.Identifier && !file.isShared(callee);
}

function isOwnLifecycle(call: TSESTree.CallExpression): boolean {
  const callee = unwrap(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.ThisExpression;
}

/** `null`, `undefined`, `false`, `0`, `''`, `void 0`: the field is cleared. */
function literalFalse(value: TSESTree.Node): boolean {
  if (value.type === AST_NODE_TYPES.Literal) return !value.value;
  if (value.type === AST_NODE_TYPES.Identifier) return value.name === 'undefined';
  return value.type === AST_NODE_TYPES.UnaryExpression && value.operator === 'void';
}

/** Visibly a promise: `new Promise(…)`, `Promise.all(…)`, a `.then/.catch/.finally` chain, an async IIFE. */
function isPromise(value: TSESTree.Node): boolean {
  if (value.type === AST_NODE_TYPES.NewExpression) return isNamed(value.callee, 'Promise');
  if (value.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = unwrap(value.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression) return isNamed(callee.object, 'Promise') || ['then', 'catch', 'finally'].includes(calleeName(value) ?? '');
  return (callee.type === AST_NODE_TYPES.ArrowFunctionExpression || callee.type === AST_NODE_TYPES.FunctionExpression) && callee.async;
}

function isNamed(node: TSESTree.Node, name: string): boolean {
  return node.type === AST_NODE_TYPES.Identifier && node.name === name;
}
