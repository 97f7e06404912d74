import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { ONE_SHOT_SCHEDULERS, calledMethodName, calleeName, childNodes, enclosingFunction, isFunction, isLoop, outerParent, unwrap, type FunctionNode } from './ast';
import { ACQUIRE_METHOD_NAMES, RELEASE_METHOD_NAMES } from './libraries';
import type { LockRef } from './locks';
import type { ConcurrencyModel } from './model';
import type { Variable } from './scope';
import { releaserVariable, sameLock } from './sections';
import { ACQUIRE_CALL } from './text-tests';

/**
 * Where a lock taken by an awaited acquire (`const release = await m.acquire()`,
 * `await lock.acquireAsync()`, `await sema.acquire()`) is still held, path by path through the
 * acquiring function: which exits (a throw from a call or `await`, a `return`, the end of the
 * body) leave it held, and which release calls give back more than the function took on some
 * path. Paths follow `try`/`catch`/`finally`, loops, `switch`, labels and short-circuits; a call
 * or `await` may throw, a release call may not. Code in nested functions is not part of a path.
 */

/** One awaited acquire. */
export interface Hold {
  acquire: TSESTree.CallExpression;
  await: TSESTree.AwaitExpression;
  lock: LockRef;
  /** The variable holding its releaser, or null when the lock's own `release()` gives it back. */
  releaser: Variable | null;
  /** The releaser (or, with no releaser, the lock's release) is passed on, stored, returned or called from a nested function. */
  handedOn: boolean;
  /** `using` / `await using` disposes it. */
  disposed: boolean;
  /** Calls in the acquiring function, outside nested functions, that can give it back. */
  releases: TSESTree.CallExpression[];
  /** Those of `releases` that give it back on some path from the acquire, in source order. */
  releasedBy: TSESTree.CallExpression[];
}

/** A path that leaves the function while `hold` is held. */
export interface LeakExit {
  hold: Hold;
  /** `throw`: a call, `await` or `throw` on that path throws; `return`, `break`/`continue` (`jump`), or the body's end. */
  kind: 'throw' | 'return' | 'jump' | 'end';
  /** The call, `await`, `throw`, `return`, `break` or `continue` that takes the path out (null for `end` with no jump). */
  via: TSESTree.Node | null;
}

/** A release that runs when, on some path, everything this function acquired is already given back. */
export interface ExtraRelease {
  release: TSESTree.CallExpression;
  /** The release that gave it back before, on that path. */
  previous: TSESTree.CallExpression;
  /** The hold `previous` gave back. */
  hold: Hold;
}

/** A `return` in a run-once callback that gives back a hold on other paths, leaving it held. */
export interface CallbackLeak {
  hold: Hold;
  callback: FunctionNode;
  via: TSESTree.ReturnStatement;
  /** The releases in the callback that the `return` skips. */
  releases: readonly TSESTree.CallExpression[];
}

export interface HoldAnalysis {
  holds: readonly Hold[];
  leaks: ReadonlyMap<Hold, readonly LeakExit[]>;
  extras: ReadonlyMap<TSESTree.CallExpression, ExtraRelease>;
  /** Holds given back only inside callbacks, and the early returns there that skip the release. */
  callbackLeaks: ReadonlyMap<Hold, readonly CallbackLeak[]>;
}

const EMPTY_ANALYSIS: HoldAnalysis = { holds: [], leaks: new Map(), extras: new Map(), callbackLeaks: new Map() };

/** Events that fire once, so a listener that skips the release leaves the lock held for good. */
const ONCE_EVENTS = new Set(['end', 'close', 'finish', 'error', 'exit', 'load', 'done', 'complete', 'timeout', 'abort', 'ready', 'open', 'connect', 'response']);
const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'addEventListener', 'prependListener', 'prependOnceListener']);

interface FileIndex {
  callsByFunction: Map<FunctionNode, TSESTree.CallExpression[]>;
  analyses: Map<FunctionNode, HoldAnalysis>;
}

const indexes = new WeakMap<ConcurrencyModel, FileIndex | null>();

/** The hold analysis of one function, computed once per file and function. */
export function holdAnalysis(fn: FunctionNode, model: ConcurrencyModel): HoldAnalysis {
  const index = fileIndex(model);
  if (!index) return EMPTY_ANALYSIS;
  let analysis = index.analyses.get(fn);
  if (!analysis) {
    analysis = analyse(fn, model, index.callsByFunction.get(fn) ?? []);
    index.analyses.set(fn, analysis);
  }
  return analysis;
}

/** Whether the file can hold a lock by an acquire: it names a lock and calls an acquire method. */
export function mayHold(model: ConcurrencyModel): boolean {
  return model.mayHaveLocks && ACQUIRE_CALL.test(model.sourceCode.text);
}

/**
 * Calls per function, built once per file; null for the many files that never call an acquire
 * method, or name no lock (every hold starts at a `lockCall`, which needs one).
 */
function fileIndex(model: ConcurrencyModel): FileIndex | null {
  let index = indexes.get(model);
  if (index === undefined) {
    if (!mayHold(model)) {
      indexes.set(model, null);
      return null;
    }
    const callsByFunction = new Map<FunctionNode, TSESTree.CallExpression[]>();
    for (const call of model.calls) {
      const fn = enclosingFunction(call);
      if (!fn) continue;
      const list = callsByFunction.get(fn) ?? [];
      list.push(call);
      callsByFunction.set(fn, list);
    }
    index = { callsByFunction, analyses: new Map() };
    indexes.set(model, index);
  }
  return index;
}

function analyse(fn: FunctionNode, model: ConcurrencyModel, calls: readonly TSESTree.CallExpression[]): HoldAnalysis {
  const acquires = calls.flatMap((call) => {
    const method = calledMethodName(call);
    const { parent } = outerParent(call);
    if (!method || !ACQUIRE_METHOD_NAMES.has(method) || parent?.type !== AST_NODE_TYPES.AwaitExpression) return [];
    const found = model.sections.lockCall(call);
    return found?.role === 'acquire' ? [{ call, lock: found.lock, await: parent }] : [];
  });
  if (acquires.length === 0) return EMPTY_ANALYSIS;
  const holds: Hold[] = [];
  const leaks = new Map<Hold, LeakExit[]>();
  const extras = new Map<TSESTree.CallExpression, ExtraRelease>();
  // Acquires of one lock form one group: a lock's own `release()` gives back whichever of them is held.
  const groups: Array<{ lock: LockRef; holds: Hold[] }> = [];
  for (const acquire of acquires) {
    const releaser = releaserOf(acquire.await, acquire.lock, model);
    const declaration = outerParent(acquire.await).parent?.parent;
    const hold: Hold = {
      acquire: acquire.call,
      await: acquire.await,
      lock: acquire.lock,
      releaser,
      handedOn: releaser ? releaserHandedOn(releaser, fn) : false,
      disposed: declaration?.type === AST_NODE_TYPES.VariableDeclaration && (declaration.kind === 'using' || declaration.kind === 'await using'),
      releases: [],
      releasedBy: [],
    };
    holds.push(hold);
    const group = groups.find((candidate) => sameLock(candidate.lock, acquire.lock));
    if (group) group.holds.push(hold);
    else groups.push({ lock: acquire.lock, holds: [hold] });
  }
  for (const group of groups) {
    const releases = new Map<TSESTree.CallExpression, ReadonlySet<Hold> | null>();
    for (const call of calls) {
      const callee = unwrap(call.callee);
      const byReleaser =
        callee.type === AST_NODE_TYPES.Identifier ? group.holds.filter((hold) => hold.releaser && model.bindings.variableOf(callee) === hold.releaser) : [];
      if (byReleaser.length > 0) releases.set(call, new Set(byReleaser));
      else if (releasesLock(call, group.lock, model)) releases.set(call, null);
    }
    const releasedInCallback = lockReleasedInNestedFunction(fn, group.lock, model);
    for (const hold of group.holds) {
      hold.releases = [...releases].filter(([, targets]) => !targets || targets.has(hold)).map(([call]) => call);
      if (!hold.releaser && releasedInCallback) hold.handedOn = true;
    }
    const result = new PathWalker(group.holds, releases).run(fn);
    for (const [hold, calls] of result.releasedBy) hold.releasedBy = [...calls].sort((a, b) => a.range[0] - b.range[0]);
    for (const leak of result.leaks) leaks.set(leak.hold, [...(leaks.get(leak.hold) ?? []), leak]);
    for (const extra of result.extras) if (!extras.has(extra.release)) extras.set(extra.release, extra);
  }
  const callbackLeaks = new Map<Hold, CallbackLeak[]>();
  for (const hold of holds) {
    if (!hold.handedOn) continue;
    const found = leaksInCallbacks(hold, fn, model);
    if (found.length > 0) callbackLeaks.set(hold, found);
  }
  return { holds, leaks, extras, callbackLeaks };
}

/**
 * A hold released only in run-once callbacks (a node-style callback, a `.then`, a promise
 * executor, a `setTimeout`, an `end`/`close` listener): the returns in such a callback that leave
 * without the release. A releaser handed on in any other way (passed, stored) is not followed.
 */
function leaksInCallbacks(hold: Hold, fn: FunctionNode, model: ConcurrencyModel): CallbackLeak[] {
  const releasesByCallback = new Map<FunctionNode, TSESTree.CallExpression[]>();
  if (hold.releaser) {
    for (const reference of hold.releaser.references) {
      if (reference.init) continue;
      const identifier = reference.identifier as TSESTree.Node;
      const { parent, child } = outerParent(identifier);
      if (parent?.type !== AST_NODE_TYPES.CallExpression || parent.callee !== child) return [];
      const callback = enclosingFunction(parent);
      if (callback && callback !== fn) releasesByCallback.set(callback, [...(releasesByCallback.get(callback) ?? []), parent]);
    }
  } else {
    for (const call of model.calls) {
      if (call.range[0] < fn.range[0] || call.range[1] > fn.range[1] || !releasesLock(call, hold.lock, model)) continue;
      const callback = enclosingFunction(call);
      if (callback && callback !== fn) releasesByCallback.set(callback, [...(releasesByCallback.get(callback) ?? []), call]);
    }
  }
  const found: CallbackLeak[] = [];
  for (const [callback, calls] of releasesByCallback) {
    if (!runsOnce(callback)) continue;
    const releases = new Map<TSESTree.CallExpression, ReadonlySet<Hold> | null>(calls.map((call) => [call, new Set([hold])]));
    const result = new PathWalker([hold], releases).run(callback, [0]);
    for (const leak of result.leaks) {
      if (leak.kind === 'return' && leak.via?.type === AST_NODE_TYPES.ReturnStatement) found.push({ hold, callback, via: leak.via, releases: calls });
    }
  }
  return found.sort((a, b) => a.via.range[0] - b.via.range[0]);
}

/** A callback its caller runs once: a node-style callback, `.then`/`.catch`, a promise executor, a one-shot timer, a once-event listener. */
function runsOnce(callback: FunctionNode): boolean {
  const { parent, child } = outerParent(callback);
  if (parent?.type === AST_NODE_TYPES.NewExpression) return parent.callee.type === AST_NODE_TYPES.Identifier && parent.callee.name === 'Promise';
  if (parent?.type !== AST_NODE_TYPES.CallExpression || !parent.arguments.includes(child as TSESTree.CallExpressionArgument)) return false;
  const method = calleeName(parent) ?? '';
  if (method === 'setInterval') return false;
  if (LISTENER_METHODS.has(method)) {
    const event = parent.arguments[0];
    return event?.type === AST_NODE_TYPES.Literal && typeof event.value === 'string' && (method.includes('nce') || ONCE_EVENTS.has(event.value));
  }
  if (method === 'then' || method === 'catch' || ONE_SHOT_SCHEDULERS.has(method)) return true;
  // A node-style callback: its first parameter is the error.
  const first = callback.params[0];
  return parent.arguments.at(-1) === child && first?.type === AST_NODE_TYPES.Identifier && /^(?:err|error|e)$/i.test(first.name);
}

/**
 * The variable an awaited acquire's releaser is kept in, for protocols whose acquire resolves to
 * one (async-mutex); an async-sema token or a permit count is not a releaser.
 */
export function releaserOf(acquire: TSESTree.AwaitExpression, lock: LockRef, model: ConcurrencyModel): Variable | null {
  return lock.protocol.acquireResult === 'nothing' ? null : releaserVariable(acquire, model.bindings);
}

/** Whether a releaser is used other than by calling it (or testing it) in the acquiring function itself. */
function releaserHandedOn(variable: Variable, fn: FunctionNode): boolean {
  return variable.references.some((reference) => {
    if (reference.init) return false;
    if (reference.isWrite()) return true;
    const identifier = reference.identifier as TSESTree.Node;
    if (enclosingFunction(identifier) !== fn) return true;
    const { parent, child } = outerParent(identifier);
    switch (parent?.type) {
      case AST_NODE_TYPES.CallExpression:
        return parent.callee !== child;
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.ConditionalExpression:
      case AST_NODE_TYPES.WhileStatement:
        return parent.test !== child;
      case AST_NODE_TYPES.UnaryExpression:
        return parent.operator !== '!' && parent.operator !== 'typeof';
      case AST_NODE_TYPES.LogicalExpression:
        return parent.left !== child;
      case AST_NODE_TYPES.BinaryExpression:
        return !['===', '!==', '==', '!='].includes(parent.operator);
      default:
        return true;
    }
  });
}

function lockReleasedInNestedFunction(fn: FunctionNode, lock: LockRef, model: ConcurrencyModel): boolean {
  return model.calls.some(
    (call) => call.range[0] >= fn.range[0] && call.range[1] <= fn.range[1] && enclosingFunction(call) !== fn && releasesLock(call, lock, model),
  );
}

/** `lock.release()` (or another release method of its protocol) on this lock. */
function releasesLock(call: TSESTree.CallExpression, lock: LockRef, model: ConcurrencyModel): boolean {
  const method = calledMethodName(call);
  if (!method || !RELEASE_METHOD_NAMES.has(method)) return false;
  const found = model.sections.lockCall(call);
  return found?.role === 'release' && sameLock(found.lock, lock);
}

// ---- paths ----------------------------------------------------------------------------------

/** What one path knows: which holds it has (in acquire order) and its last release. */
interface PathState {
  held: readonly number[];
  last: TSESTree.CallExpression | null;
  lastHold: number | null;
  /** The first node that took this path towards an exit while something was held. */
  via: TSESTree.Node | null;
}

type States = readonly PathState[];

interface Jump {
  kind: 'throw' | 'return' | 'break' | 'continue';
  label: string | null;
  states: States;
}

const LOOP_ROUND_LIMIT = 25;

function keyOf(state: PathState): string {
  return `${state.held.join(',')}|${state.last?.range[0] ?? ''}|${state.lastHold ?? ''}|${state.via?.range[0] ?? ''}`;
}

function merge(...lists: States[]): States {
  const seen = new Map<string, PathState>();
  for (const list of lists) for (const state of list) if (!seen.has(keyOf(state))) seen.set(keyOf(state), state);
  return [...seen.values()];
}

function sameStates(a: States, b: States): boolean {
  if (a.length !== b.length) return false;
  const keys = new Set(a.map(keyOf));
  return b.every((state) => keys.has(keyOf(state)));
}

/** Walks one function's statements with the set of states each path can be in. */
class PathWalker {
  private jumps: Jump[] = [];
  private readonly leaks: LeakExit[] = [];
  private readonly extras: ExtraRelease[] = [];
  private readonly releasedBy = new Map<Hold, Set<TSESTree.CallExpression>>();
  private readonly acquireAt = new Map<TSESTree.AwaitExpression, number>();

  constructor(
    private readonly holds: readonly Hold[],
    /** Release calls → the holds they can give back (null: whichever of the lock's holds is held last). */
    private readonly releases: ReadonlyMap<TSESTree.CallExpression, ReadonlySet<Hold> | null>,
  ) {
    holds.forEach((hold, index) => this.acquireAt.set(hold.await, index));
  }

  /** Walks `fn` from its start, holding `held` (indexes into the holds) there. */
  run(fn: FunctionNode, held: readonly number[] = []): { leaks: LeakExit[]; extras: ExtraRelease[]; releasedBy: ReadonlyMap<Hold, ReadonlySet<TSESTree.CallExpression>> } {
    const start: PathState = { held, last: null, lastHold: null, via: null };
    const end = fn.body.type === AST_NODE_TYPES.BlockStatement ? this.statements(fn.body.body, [start]) : this.expr(fn.body, [start]);
    this.exit('end', end);
    for (const jump of this.jumps) {
      if (jump.kind === 'throw' || jump.kind === 'return') this.exit(jump.kind, jump.states);
    }
    return { leaks: this.leaks, extras: this.extras, releasedBy: this.releasedBy };
  }

  private exit(kind: 'throw' | 'return' | 'end', states: States): void {
    for (const state of states) {
      for (const index of state.held) {
        const via = state.via;
        const exitKind = via?.type === AST_NODE_TYPES.BreakStatement || via?.type === AST_NODE_TYPES.ContinueStatement ? 'jump' : via ? kind : 'end';
        this.leaks.push({ hold: this.holds[index]!, kind: exitKind, via });
      }
    }
  }

  private jump(kind: Jump['kind'], label: string | null, states: States, node: TSESTree.Node): void {
    if (states.length === 0) return;
    // A throw or return names the node that leaves; a break/continue only while nothing earlier did.
    const marked = states.map((state) =>
      state.held.length > 0 && (kind === 'throw' || kind === 'return' || !state.via) ? { ...state, via: node } : state,
    );
    this.addJumps([{ kind, label, states: marked }]);
  }

  private addJumps(jumps: readonly Jump[]): void {
    for (const jump of jumps) {
      if (jump.states.length === 0) continue;
      const existing = this.jumps.find((candidate) => candidate.kind === jump.kind && candidate.label === jump.label);
      if (existing) existing.states = merge(existing.states, jump.states);
      else this.jumps.push({ ...jump });
    }
  }

  /** Runs `body` with a fresh jump list and returns its outcome and the jumps it made. */
  private collect<T>(body: () => T): { out: T; jumps: Jump[] } {
    const saved = this.jumps;
    this.jumps = [];
    const out = body();
    const jumps = this.jumps;
    this.jumps = saved;
    return { out, jumps };
  }

  // ---- statements -----------------------------------------------------------------------

  private statements(list: readonly TSESTree.Node[], input: States): States {
    let states = input;
    for (const statement of list) states = this.statement(statement, states);
    return states;
  }

  private statement(node: TSESTree.Node, input: States, label: string | null = null): States {
    if (input.length === 0) return input;
    switch (node.type) {
      case AST_NODE_TYPES.ExpressionStatement:
        return this.expr(node.expression, input);
      case AST_NODE_TYPES.VariableDeclaration:
        return node.declarations.reduce((states, declarator) => (declarator.init ? this.expr(declarator.init, states) : states), input);
      case AST_NODE_TYPES.BlockStatement:
      case AST_NODE_TYPES.StaticBlock:
        return this.statements(node.body, input);
      case AST_NODE_TYPES.IfStatement: {
        const tested = this.expr(node.test, input);
        return merge(this.statement(node.consequent, tested), node.alternate ? this.statement(node.alternate, tested) : tested);
      }
      case AST_NODE_TYPES.ReturnStatement:
        this.jump('return', null, node.argument ? this.expr(node.argument, input) : input, node);
        return [];
      case AST_NODE_TYPES.ThrowStatement:
        this.jump('throw', null, this.expr(node.argument, input), node);
        return [];
      case AST_NODE_TYPES.BreakStatement:
      case AST_NODE_TYPES.ContinueStatement:
        this.jump(node.type === AST_NODE_TYPES.BreakStatement ? 'break' : 'continue', node.label?.name ?? null, input, node);
        return [];
      case AST_NODE_TYPES.LabeledStatement: {
        if (isLoop(node.body)) return this.loop(node.body, input, node.label.name);
        const { out, jumps } = this.collect(() => this.statement(node.body, input));
        return this.settle(jumps, out, (jump) => jump.kind === 'break' && jump.label === node.label.name);
      }
      case AST_NODE_TYPES.WhileStatement:
      case AST_NODE_TYPES.DoWhileStatement:
      case AST_NODE_TYPES.ForStatement:
      case AST_NODE_TYPES.ForInStatement:
      case AST_NODE_TYPES.ForOfStatement:
        return this.loop(node, input, label);
      case AST_NODE_TYPES.TryStatement:
        return this.tryStatement(node, input);
      case AST_NODE_TYPES.SwitchStatement:
        return this.switchStatement(node, input);
      case AST_NODE_TYPES.WithStatement:
        return this.statement(node.body, this.expr(node.object, input));
      default:
        // Declarations of functions, classes and types run nothing here.
        return input;
    }
  }

  /** Passes on the jumps `consumes` does not take, and returns `out` joined with those it does. */
  private settle(jumps: readonly Jump[], out: States, consumes: (jump: Jump) => boolean): States {
    let result = out;
    for (const jump of jumps) {
      if (consumes(jump)) result = merge(result, jump.states);
      else this.addJumps([jump]);
    }
    return result;
  }

  private loop(
    node: TSESTree.ForStatement | TSESTree.ForInStatement | TSESTree.ForOfStatement | TSESTree.WhileStatement | TSESTree.DoWhileStatement,
    input: States,
    label: string | null,
  ): States {
    let entry = input;
    if (node.type === AST_NODE_TYPES.ForStatement && node.init) {
      entry = node.init.type === AST_NODE_TYPES.VariableDeclaration ? this.statement(node.init, entry) : this.expr(node.init, entry);
    }
    if (node.type === AST_NODE_TYPES.ForInStatement || node.type === AST_NODE_TYPES.ForOfStatement) entry = this.expr(node.right, entry);
    const ownJump = (jump: Jump): boolean => jump.label === null || jump.label === label;
    let head = entry;
    for (let round = 0; ; round += 1) {
      const { out, jumps } = this.collect(() => {
        const { exit, next } = this.loopRound(node, head);
        const continued = merge(next, ...this.jumps.filter((jump) => jump.kind === 'continue' && ownJump(jump)).map((jump) => jump.states));
        const updated = node.type === AST_NODE_TYPES.ForStatement && node.update ? this.expr(node.update, continued) : continued;
        return { exit, next: merge(entry, updated) };
      });
      if (sameStates(out.next, head) || round === LOOP_ROUND_LIMIT) {
        const mine = (jump: Jump): boolean => (jump.kind === 'break' || jump.kind === 'continue') && ownJump(jump);
        this.addJumps(jumps.filter((jump) => !mine(jump)));
        return merge(out.exit, ...jumps.filter((jump) => jump.kind === 'break' && ownJump(jump)).map((jump) => jump.states));
      }
      head = out.next;
    }
  }

  /** One round from the loop head: the states that leave through the condition and those that go round again. */
  private loopRound(
    node: TSESTree.ForStatement | TSESTree.ForInStatement | TSESTree.ForOfStatement | TSESTree.WhileStatement | TSESTree.DoWhileStatement,
    head: States,
  ): { exit: States; next: States } {
    if (node.type === AST_NODE_TYPES.DoWhileStatement) {
      const body = this.statement(node.body, head);
      const tested = this.expr(node.test, body);
      return { exit: alwaysTrue(node.test) ? [] : tested, next: tested };
    }
    let tested = head;
    if (node.type === AST_NODE_TYPES.WhileStatement || node.type === AST_NODE_TYPES.ForStatement) {
      tested = node.test ? this.expr(node.test, head) : head;
    } else if (node.type === AST_NODE_TYPES.ForOfStatement && node.await) {
      this.jump('throw', null, head, node);
    }
    const infinite = (node.type === AST_NODE_TYPES.WhileStatement || node.type === AST_NODE_TYPES.ForStatement) && (!node.test || alwaysTrue(node.test));
    return { exit: infinite ? [] : tested, next: this.statement(node.body, tested) };
  }

  private tryStatement(node: TSESTree.TryStatement, input: States): States {
    const block = this.collect(() => this.statement(node.block, input));
    let normal = block.out;
    let pending = block.jumps;
    if (node.handler) {
      const thrown = pending.filter((jump) => jump.kind === 'throw').flatMap((jump) => jump.states);
      pending = pending.filter((jump) => jump.kind !== 'throw');
      // A caught throw no longer leaves the function: forget the node that started it.
      const caught = merge(thrown.map((state) => ({ ...state, via: null })));
      const handler = this.collect(() => this.statement(node.handler!.body, caught));
      normal = merge(normal, handler.out);
      pending = [...pending, ...handler.jumps];
    }
    if (!node.finalizer) {
      this.addJumps(pending);
      return normal;
    }
    const finalizer = node.finalizer;
    const afterNormal = this.collect(() => this.statement(finalizer, normal));
    this.addJumps(afterNormal.jumps);
    for (const jump of pending) {
      const after = this.collect(() => this.statement(finalizer, jump.states));
      this.addJumps(after.jumps);
      this.addJumps([{ kind: jump.kind, label: jump.label, states: after.out }]);
    }
    return afterNormal.out;
  }

  private switchStatement(node: TSESTree.SwitchStatement, input: States): States {
    const discriminant = this.expr(node.discriminant, input);
    const { out, jumps } = this.collect(() => {
      let previous: States = [];
      let tested = discriminant;
      for (const switchCase of node.cases) {
        if (switchCase.test) tested = this.expr(switchCase.test, tested);
        previous = this.statements(switchCase.consequent, merge(tested, previous));
      }
      const hasDefault = node.cases.some((switchCase) => switchCase.test === null);
      return hasDefault ? previous : merge(previous, tested);
    });
    return this.settle(jumps, out, (jump) => jump.kind === 'break' && jump.label === null);
  }

  // ---- expressions ----------------------------------------------------------------------

  private expr(node: TSESTree.Node, input: States): States {
    if (input.length === 0 || isFunction(node)) return input;
    switch (node.type) {
      case AST_NODE_TYPES.ClassExpression:
      case AST_NODE_TYPES.ClassDeclaration:
        return input;
      case AST_NODE_TYPES.LogicalExpression: {
        const left = this.expr(node.left, input);
        return merge(left, this.expr(node.right, left));
      }
      case AST_NODE_TYPES.AssignmentExpression:
        if (node.operator === '&&=' || node.operator === '||=' || node.operator === '??=') {
          const left = this.expr(node.left, input);
          return merge(left, this.expr(node.right, left));
        }
        return this.children(node, input);
      case AST_NODE_TYPES.ConditionalExpression: {
        const tested = this.expr(node.test, input);
        return merge(this.expr(node.consequent, tested), this.expr(node.alternate, tested));
      }
      case AST_NODE_TYPES.CallExpression:
      case AST_NODE_TYPES.NewExpression: {
        const evaluated = this.children(node, input);
        if (node.type === AST_NODE_TYPES.CallExpression && this.releases.has(node)) return this.release(node, evaluated);
        this.jump('throw', null, evaluated, node);
        return evaluated;
      }
      case AST_NODE_TYPES.TaggedTemplateExpression: {
        const evaluated = this.children(node, input);
        this.jump('throw', null, evaluated, node);
        return evaluated;
      }
      case AST_NODE_TYPES.AwaitExpression: {
        const evaluated = this.expr(node.argument, input);
        const operand = unwrap(node.argument);
        // An awaited call already counts as a place that throws.
        if (operand.type !== AST_NODE_TYPES.CallExpression && operand.type !== AST_NODE_TYPES.NewExpression) this.jump('throw', null, evaluated, node);
        const acquired = this.acquireAt.get(node);
        return acquired === undefined ? evaluated : evaluated.map((state) => this.acquire(state, acquired));
      }
      default:
        return this.children(node, input);
    }
  }

  private children(node: TSESTree.Node, input: States): States {
    let states = input;
    for (const child of childNodes(node)) states = this.expr(child, states);
    return states;
  }

  private acquire(state: PathState, index: number): PathState {
    const held = state.held.includes(index) ? state.held : [...state.held, index];
    return { ...state, held };
  }

  private release(call: TSESTree.CallExpression, input: States): States {
    const targets = this.releases.get(call) ?? null;
    return input.map((state) => {
      let position = -1;
      for (let index = state.held.length - 1; index >= 0 && position < 0; index -= 1) {
        if (!targets || targets.has(this.holds[state.held[index]!]!)) position = index;
      }
      if (position < 0) {
        if (state.last && state.lastHold !== null) this.extras.push({ release: call, previous: state.last, hold: this.holds[state.lastHold]! });
        return state;
      }
      const released = this.holds[state.held[position]!]!;
      this.releasedBy.set(released, (this.releasedBy.get(released) ?? new Set()).add(call));
      const held = state.held.filter((_, index) => index !== position);
      return { held, last: call, lastHold: state.held[position]!, via: held.length > 0 ? state.via : null };
    });
  }
}

function alwaysTrue(test: TSESTree.Expression): boolean {
  const inner = unwrap(test);
  return inner.type === AST_NODE_TYPES.Literal && Boolean(inner.value);
}
