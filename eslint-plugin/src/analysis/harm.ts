import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { alwaysExits, calledMethodName, calleeName, calleeObject, childNodes, enclosingFunction, isFunction, returnedExpressions, unwrap } from './ast';
import type { StaleRead, SharedWrite } from './flow';
import type { ConcurrencyModel } from './model';
import type { Variable } from './scope';
import type { Location } from './shared';

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
 *   await, so a second call does not see the first one's and starts the work again;
 * - `wrapped`: a closure that keeps state to call the function its maker was handed once (a
 *   memoiser: `if (!hasResult) { resolved = await provider(); hasResult = true; }`) calls it again;
 * - `entries`: the write replaces a collection the check looked at (rebuilt from the entries read
 *   before the await, or emptied) while the file adds entries to it in place: those added
 *   meanwhile are dropped.
 * A resource is known by its field's name or its constructor, or because the file closes what the
 * field holds (`this.topology.close()`); a one-shot effect by its verb, or because the call's
 * answer is thrown away and the write only records that it was made (`await
 * this.coordinator.heartbeat(); this.lastRequest = Date.now();`).
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
  /** The file closes what `location` holds, or the local `value` stored there (`close`, `destroy`, `disconnect`…). */
  closes(location: Location, value: TSESTree.Node): boolean;
  /** `location`'s value is closed or cleared (`clearInterval(this.timer)`, `this.socket.close()`) inside `range` of the same function. */
  closedWithin(location: Location, range: TSESTree.Range, fn: TSESTree.Node | null): boolean;
  /** The file adds entries to the collection at `location` in place (`push`, `set`, `add`…). */
  addsTo(location: Location): boolean;
  /** The call runs a parameter of the function that declares the variable `state` reads: the function a closure was made to wrap. */
  callsWrapped(call: TSESTree.CallExpression, state: TSESTree.Node): boolean;
  /**
   * An argument carries what the caller passed in (a parameter, or a local made from one) other
   * than the key the check looked up (`keys`, the texts of its entry segments): the call does that
   * caller's own work.
   */
  carriesCallersInput(call: TSESTree.CallExpression, keys: readonly string[]): boolean;
}

export interface Harm {
  /**
   * `oneShot`: judged by the called function's name alone (`send`, `create`, `start`…), which says
   * a call does something, not that a second caller doing it again is wrong; the others by what
   * the write does to shared state, or a credential spent.
   */
  kind: 'resource' | 'effect' | 'oneShot' | 'flag' | 'inFlight' | 'wrapped' | 'entries';
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
  const field = fieldName(write.location.path) ?? variableName(write.location.root);
  // A called function's write is summarised by its target (`socket` in `socket = result`): judge the assignment.
  const made = write.through?.node ?? write.node;
  const node = made.parent?.type === AST_NODE_TYPES.AssignmentExpression && made.parent.left === made ? made.parent : made;
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
  // A memoiser's own state (`loaded`, `value`) says the most precise thing: the wrapped call runs again.
  const wrapped = awaited.map(calledIn).find((call) => call !== null && file.callsWrapped(call, stale.fact.node));
  if (wrapped) return { kind: 'wrapped', text: `each calls \`${file.getText(wrapped.callee)}()\` again, which this closure keeps state to call once` };
  // A flag the work runs only while set (`if (this.ready) { … }`) is a precondition, not a mark of work done.
  const flag = field !== null && FLAG_NAMES.test(field.replace(/[-_]/g, '')) && sameField(stale, write) && !runsWhileSet(stale.fact.node, write.node);
  if (flag && value?.type === AST_NODE_TYPES.Literal) {
    return { kind: 'flag', text: `each runs the work that ${write.location.text} marks as done` };
  }
  // Closed after the interleaving point, right before the write (`clearInterval(this.timer); this.timer = setInterval(…)`): nothing is dropped open.
  const closedFirst = file.closedWithin(write.location, [stale.interleaving.range[1], node.range[0]], enclosingFunction(node));
  if (value && !isPrimitive(value) && !closedFirst && ((field && RESOURCE_WORDS.has(words(field).at(-1) ?? '')) || makesResource(value) || file.closes(write.location, value))) {
    return { kind: 'resource', text: `each makes its own ${write.location.text} and the last write drops the others without closing them` };
  }
  if (value && node.type === AST_NODE_TYPES.AssignmentExpression && readContents(stale, write) && file.addsTo(write.location)) {
    return { kind: 'entries', text: `each replaces ${write.location.text} and the entries added to it meanwhile are lost` };
  }
  // `await this.connect()` before the work ensures this object's own state; it is a duplicate
  // effect only when its answer is what the write stores.
  const stored = written ? written.range : null;
  const effect = awaited
    .map((node) => effectCall(node, file.shownInFile))
    .find(
      (call) =>
        call !== null &&
        !onLocal(call, file) &&
        // `send(message)`: each caller sends its own message, which is no duplicate of another's.
        !file.carriesCallersInput(call, entryKeys(stale, write)) &&
        (!isOwnLifecycle(call) || (stored !== null && stored[0] <= call.range[0] && call.range[1] <= stored[1])),
    );
  if (effect) return { kind: asksForCredential(effect) ? 'effect' : 'oneShot', text: `\`${file.getText(effect.callee)}()\` runs once per call, and it must not run twice` };
  // `await this.coordinator.heartbeat(payload); this.lastRequest = Date.now();`: the call is made for
  // what it does, and the checked field only records that it was made.
  const recorded = value && sameField(stale, write) && recordsDone(value, stale.fact.node) ? awaited.map(discardedCall).find((call) => call !== null && !file.shownInFile(call) && !onLocal(call, file) && !isOwnLifecycle(call)) : undefined;
  if (recorded) return { kind: 'effect', text: `each makes the call \`${file.getText(recorded.callee)}()\` that ${write.location.text} records, and it is only written after the \`await\`` };
  const inFlight = value && (isPromise(value) || (value.type === AST_NODE_TYPES.CallExpression && field && IN_FLIGHT_WORDS.has(words(field).at(-1) ?? '')));
  if (inFlight || (value?.type === AST_NODE_TYPES.NewExpression && isNamed(value.callee, 'AbortController'))) {
    return { kind: 'inFlight', text: `each starts the work again: ${write.location.text} is only stored after the \`await\`` };
  }
  return null;
}

/** The keys the check and the write look entries up by (`{host}` in `this.byHost.get(host)` → `host`). */
function entryKeys(stale: StaleRead, write: SharedWrite): string[] {
  return [...stale.fact.location.path, ...write.location.path].flatMap((segment) => (/^[{[]/.test(segment) ? [segment.slice(1, -1)] : []));
}

/** The last named segment of a location, skipping Map/array entries: `this.clients.get(k)` → `clients`. */
function fieldName(path: readonly string[]): string | null {
  for (let index = path.length - 1; index >= 0; index -= 1) {
    const segment = path[index]!;
    if (!segment.startsWith('{') && !segment.startsWith('[')) return segment.replace(/^#/, '');
  }
  return null;
}

/** The check looked at what the written collection holds: the collection itself, an entry picked from it, or its `length`/`size`. */
function readContents(stale: StaleRead, write: SharedWrite): boolean {
  const read = stale.fact.location.path;
  const written = write.location.path;
  if (stale.fact.location.root !== write.location.root || !written.every((segment, index) => read[index] === segment)) return false;
  return read.length === written.length || (read.length === written.length + 1 && ['length', 'size'].includes(read.at(-1)!));
}

/** A shared variable's own name (`let sharedBrowser` captured by concurrent callbacks): roots read `var:name@position`. */
function variableName(root: string): string | null {
  return /^var:([^@]+)@/.exec(root)?.[1] ?? null;
}

/** The check read the flag that the write sets. */
function sameField(stale: StaleRead, write: SharedWrite): boolean {
  return stale.fact.location.root === write.location.root && stale.fact.location.path.join('/') === write.location.path.join('/');
}

/**
 * Whether the code at `at` runs only while the flag `read` reads is set: in the branch an `if`
 * takes on it (`if (this.ready) { … }`), or past a guard that leaves when it is unset
 * (`if (!this.ready) return;`). Only plain tests are read: the flag, negated or not, joined with
 * `&&` for a branch taken or with `||` for a guard; anything else answers false.
 */
function runsWhileSet(read: TSESTree.Node, at: TSESTree.Node): boolean {
  let node: TSESTree.Node = read;
  let negated = false;
  let joiner: '&&' | '||' | null = null;
  for (let parent = node.parent; parent; node = parent, parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === '!') negated = !negated;
    else if (parent.type === AST_NODE_TYPES.LogicalExpression && (parent.operator === '&&' || parent.operator === '||')) {
      if (joiner !== null && joiner !== parent.operator) return false;
      joiner = parent.operator;
    } else if (parent.type === AST_NODE_TYPES.IfStatement && parent.test === node) {
      const inside = (branch: TSESTree.Node | null | undefined): boolean => branch !== null && branch !== undefined && branch.range[0] <= at.range[0] && at.range[1] <= branch.range[1];
      if (inside(parent.consequent)) return joiner !== '||' && !negated;
      const testFailed = inside(parent.alternate) || (at.range[0] >= parent.range[1] && alwaysExits(parent.consequent));
      return testFailed && joiner !== '&&' && negated;
    } else if (parent.type !== AST_NODE_TYPES.ChainExpression && parent.type !== AST_NODE_TYPES.TSNonNullExpression) return false;
  }
  return false;
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

/** A number, string or boolean by its syntax (`expiresAt - Date.now()`, `\`${a}\``, `!x`): it holds nothing to close, whatever the field is called. */
function isPrimitive(value: TSESTree.Node): boolean {
  return [AST_NODE_TYPES.Literal, AST_NODE_TYPES.TemplateLiteral, AST_NODE_TYPES.BinaryExpression, AST_NODE_TYPES.UnaryExpression, AST_NODE_TYPES.UpdateExpression].includes(value.type);
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
  return asksForCredential(inner) ? inner : null;
}

/** `refreshToken()`, `requestAccessToken()`, `rotateKey()`: a credential refreshed or asked for. */
function asksForCredential(call: TSESTree.CallExpression): boolean {
  const parts = words(calleeName(call) ?? '');
  return parts.some((word) => CREDENTIALS.has(word)) && parts.some((word) => CREDENTIAL_VERBS.has(word));
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

/** The call an awaited operand (or an `await` itself) makes. */
function calledIn(node: TSESTree.Node): TSESTree.CallExpression | null {
  const inner = unwrap(node.type === AST_NODE_TYPES.AwaitExpression ? node.argument : node);
  return inner.type === AST_NODE_TYPES.CallExpression ? inner : null;
}

/** A method call awaited as a statement of its own (`await this.client.ping();`): its answer is not used. */
function discardedCall(node: TSESTree.Node): TSESTree.CallExpression | null {
  const awaitNode = node.type === AST_NODE_TYPES.AwaitExpression ? node : node.parent?.type === AST_NODE_TYPES.AwaitExpression ? node.parent : null;
  if (awaitNode?.parent?.type !== AST_NODE_TYPES.ExpressionStatement) return null;
  const call = calledIn(awaitNode);
  return call && unwrap(call.callee).type === AST_NODE_TYPES.MemberExpression ? call : null;
}

/**
 * A value that records when the work was last done (`Date.now()`, `new Date()`: a throttle), or a
 * literal state (`'commit'`, `true`) that a check throwing on it forbids doing again (`if
 * (this.finished) throw …`). A check that only skips the work (`if (!this.listening)`) says
 * nothing about whether doing it twice does harm.
 */
function recordsDone(value: TSESTree.Node, read: TSESTree.Node): boolean {
  if (value.type === AST_NODE_TYPES.Literal) return throwsOn(read);
  if (value.type === AST_NODE_TYPES.NewExpression) return isNamed(value.callee, 'Date') && value.arguments.length === 0;
  if (value.type !== AST_NODE_TYPES.CallExpression || calleeName(value) !== 'now') return false;
  const callee = unwrap(value.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && (isNamed(callee.object, 'Date') || isNamed(callee.object, 'performance'));
}

const CLOSING_METHODS = new Set(['close', 'destroy', 'end', 'disconnect', 'terminate', 'kill', 'dispose', 'shutdown', 'quit', 'unsubscribe', 'stop']);
const TIMER_CLEARERS = new Set(['clearInterval', 'clearTimeout', 'clearImmediate']);
const OPENING_METHODS = new Set(['connect', 'open', 'listen', 'start', 'init', 'initialize', 'login', 'subscribe', 'bind', 'launch']);
const ADDING_METHODS = new Set(['push', 'unshift', 'splice', 'add', 'set']);

/** The `HarmContext` of a file, from its model; what it scans the file for is gathered once, on first use. */
export function fileHarmContext(model: ConcurrencyModel, getText: (node: TSESTree.Node) => string): HarmContext {
  let closed: { locations: Set<string>; variables: Set<Variable> } | null = null;
  let opened: { locations: Set<string>; variables: Set<Variable> } | null = null;
  let added: Set<string> | null = null;
  const key = (location: Location): string => `${location.root}/${location.path.join('/')}`;
  const variableOf = (node: TSESTree.Node): Variable | null => {
    const inner = unwrap(node);
    return inner.type === AST_NODE_TYPES.Identifier ? model.bindings.variableOf(inner) : null;
  };
  /** The one value a `const` starts with. */
  const initOf = (variable: Variable | null): TSESTree.Node | null => {
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    const init = def?.type === 'Variable' && def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.id === def.name ? def.node.init : null;
    return init && variable!.references.every((reference) => !reference.isWrite() || reference.init) ? unwrap(init) : null;
  };
  const receivers = (methods: ReadonlySet<string>): TSESTree.Node[] =>
    model.calls.flatMap((call) => (methods.has(calledMethodName(call) ?? '') ? [calleeObject(call)!] : []));
  const identifiersIn = (node: TSESTree.Node): TSESTree.Identifier[] =>
    node.type === AST_NODE_TYPES.Identifier ? [node] : isFunction(node) ? [] : childNodes(node).flatMap(identifiersIn);
  const isParameter = (identifier: TSESTree.Identifier): boolean => variableOf(identifier)?.defs.some((def) => def.type === 'Parameter') ?? false;
  return {
    carriesCallersInput: (call, keys) =>
      call.arguments.flatMap(identifiersIn).some((identifier) => {
        if (keys.includes(identifier.name)) return false;
        if (isParameter(identifier)) return true;
        const init = initOf(variableOf(identifier));
        return init !== null && identifiersIn(init).some((used) => isParameter(used) && !keys.includes(used.name));
      }),
    getText,
    shownInFile: (call) => model.locks.calledFunction(call.callee) !== null,
    isShared: (node) => model.shared.locationOf(node) !== null,
    closes(location, value) {
      if (!closed) {
        closed = { locations: new Set(), variables: new Set() };
        for (const receiver of receivers(CLOSING_METHODS)) {
          // `this.topology.close()`, or `const topology = this.topology; … topology.close()`.
          const variable = variableOf(receiver);
          const held = model.shared.locationOf(receiver) ?? (initOf(variable) && model.shared.locationOf(initOf(variable)!));
          if (held) closed.locations.add(key(held));
          if (variable) closed.variables.add(variable);
        }
      }
      const local = variableOf(value);
      if (!closed.locations.has(key(location)) && !(local && closed.variables.has(local))) return false;
      // Made open here: the answer of an awaited call (`await createClient()`), or a value this
      // file opens (`const topology = new Topology(); … topology.connect()`). A bare `new
      // SocketModule()` holds nothing open yet, and dropping it leaks nothing.
      const made = local ? initOf(local) : value;
      if (made?.type === AST_NODE_TYPES.AwaitExpression) return calledIn(made) !== null && !isPromise(calledIn(made)!);
      if (made?.type !== AST_NODE_TYPES.NewExpression && made?.type !== AST_NODE_TYPES.CallExpression) return false;
      if (!opened) {
        opened = { locations: new Set(), variables: new Set() };
        for (const receiver of receivers(OPENING_METHODS)) {
          const held = model.shared.locationOf(receiver);
          if (held) opened.locations.add(key(held));
          const variable = variableOf(receiver);
          if (variable) opened.variables.add(variable);
        }
      }
      return opened.locations.has(key(location)) || (local !== null && opened.variables.has(local));
    },
    closedWithin(location, [from, to], fn) {
      return model.calls.some((call) => {
        if (call.range[0] < from || call.range[1] > to || enclosingFunction(call) !== fn) return false;
        const name = calleeName(call) ?? '';
        const target = CLOSING_METHODS.has(calledMethodName(call) ?? '') ? calleeObject(call) : TIMER_CLEARERS.has(name) ? (call.arguments[0] ?? null) : null;
        const held = target && model.shared.locationOf(target);
        return held !== null && held !== undefined && key(held) === key(location);
      });
    },
    addsTo(location) {
      added ??= new Set(receivers(ADDING_METHODS).flatMap((receiver) => {
        const held = model.shared.locationOf(receiver);
        return held ? [key(held)] : [];
      }));
      return added.has(key(location));
    },
    callsWrapped(call, state) {
      const parameter = variableOf(call.callee);
      const maker = parameter?.defs[0]?.type === 'Parameter' ? model.bindings.declaringFunction(parameter) : null;
      let root = unwrap(state);
      while (root.type === AST_NODE_TYPES.MemberExpression) root = unwrap(root.object);
      const kept = variableOf(root);
      if (!maker || !kept || model.bindings.isModuleLevel(kept) || model.bindings.declaringFunction(kept) !== maker) return false;
      // The closure is what the maker hands back (`return async () => { … }`): a wrapper of the function it was given.
      const closure = enclosingFunction(call);
      return closure !== null && closure !== maker && returnedExpressions(maker).some((returned) => {
        const inner = unwrap(returned);
        return inner === closure || (inner.type === AST_NODE_TYPES.Identifier && initOf(variableOf(inner)) === closure);
      });
    },
  };
}

/** The read is part of the test of an `if` that throws (`if (this.finished) throw new Error(…)`). */
function throwsOn(read: TSESTree.Node): boolean {
  let child: TSESTree.Node = read;
  for (let current = read.parent; current; child = current, current = current.parent) {
    if (current.type === AST_NODE_TYPES.IfStatement) {
      if (current.test !== child) return false;
      const consequent = current.consequent.type === AST_NODE_TYPES.BlockStatement ? current.consequent.body.at(-1) : current.consequent;
      return consequent?.type === AST_NODE_TYPES.ThrowStatement;
    }
    if (isFunction(current) || current.type === AST_NODE_TYPES.BlockStatement) return false;
  }
  return false;
}
