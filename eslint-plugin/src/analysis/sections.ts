import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import {
  calledMethodName,
  calleeObject,
  childNodes,
  contains,
  enclosingFunction,
  isFunction,
  objectProperty,
  outerParent,
  unwrap,
  type FunctionNode,
} from './ast';
import { resolveImported } from './imports';
import { protocolOf } from './libraries';
import { excludes, type LockRef, type LockResolver } from './locks';
import { isGlobalObjectName, type Bindings } from './scope';
import type { InterleaveSettings } from './settings';

/**
 * Code that runs while a lock is held. A callback section is a function handed to
 * `runExclusive`, `acquire(key, fn)`, `navigator.locks.request`, `limit(fn)`…; a span section
 * runs from an awaited `acquire()` to its release within one function.
 */
export interface CriticalSection {
  kind: 'callback' | 'span';
  lock: LockRef;
  /** The call that takes the lock: `runExclusive(…)`, `request(…)`, or the `acquire()` itself. */
  entry: TSESTree.CallExpression;
  /** Callback: the function run under the lock. Span: the function that acquires and releases. */
  fn: FunctionNode;
  /** The part of `fn` the lock covers. */
  range: TSESTree.Range;
  /** Span: the call that gives the lock back, when there is one. */
  release: TSESTree.CallExpression | null;
  /** async-lock key or Web Lock name (source text), part of what makes two sections the same lock. */
  key: string | null;
  /** One holder at a time. */
  excludes: boolean;
}

/** How a helper guards a callback parameter: with a known lock, or with the lock its caller passes as parameter `lockParam`. */
type Guard = { lock: LockRef; key: string | null } | { lockParam: number };

/** Acquire calls on a lock that arrives as a parameter (its library unknown until the call site). */
const PARAMETER_ACQUIRES = new Set(['acquire', 'acquireAsync', 'lock']);

/** Finds every critical section in a file from its call expressions. */
export class SectionFinder {
  private readonly wrapperCache = new Map<FunctionNode, Map<number, Guard> | null>();
  private readonly spanReleases = new WeakMap<CriticalSection, TSESTree.CallExpression[]>();

  constructor(
    private readonly locks: LockResolver,
    private readonly bindings: Bindings,
    private readonly settings: InterleaveSettings,
    private readonly getText: (node: TSESTree.Node) => string,
    /** False when the file cannot contain a lock: every question below is answered at once. */
    private readonly mayHaveLocks: () => boolean,
  ) {}

  /** Sections entered by one call (a callback section per callback argument, or one span). */
  sectionsOf(call: TSESTree.CallExpression): CriticalSection[] {
    if (!this.mayHaveLocks()) return [];
    return this.callbackSections(call) ?? this.spanSection(call) ?? [];
  }

  /** True for calls that run a callback once under a lock (used to tell run-once callbacks apart). */
  isSectionCall(call: TSESTree.CallExpression): boolean {
    return this.mayHaveLocks() && (this.callbackSections(call)?.length ?? 0) > 0;
  }

  /** The lock an acquire-like method call acts on, with the method's role. */
  lockCall(call: TSESTree.CallExpression): { lock: LockRef; role: 'acquire' | 'wait' | 'release' | 'section' } | null {
    if (!this.mayHaveLocks()) return null;
    const method = calledMethodName(call);
    const object = calleeObject(call);
    if (!method || !object) return null;
    const lock = this.locks.resolve(object);
    if (!lock) return null;
    const protocol = lock.protocol;
    if (method in protocol.sectionMethods) return { lock, role: 'section' };
    if (protocol.acquireMethods.includes(method)) return { lock, role: 'acquire' };
    if (protocol.waitMethods.includes(method)) return { lock, role: 'wait' };
    if (protocol.releaseMethods.includes(method)) return { lock, role: 'release' };
    return null;
  }

  private callbackSections(call: TSESTree.CallExpression): CriticalSection[] | null {
    const webLock = this.webLockSection(call);
    if (webLock) return webLock;
    const method = calledMethodName(call);
    const object = calleeObject(call);
    if (method && object) {
      const lock = this.locks.resolve(object);
      const index = lock?.protocol.sectionMethods[method];
      if (lock && index !== undefined) {
        const key = lock.protocol.keyed && call.arguments[0] ? this.getText(call.arguments[0]) : null;
        return this.callbackAt(call, index, lock, key, excludes(lock));
      }
      if (method === 'then' && object) {
        const acquire = unwrap(object);
        if (acquire.type === AST_NODE_TYPES.CallExpression && this.lockCall(acquire)?.role === 'acquire') {
          const lock = this.lockCall(acquire)!.lock;
          return this.callbackAt(call, 0, lock, null, excludes(lock));
        }
      }
    }
    const callee = unwrap(call.callee);
    const calleeLock = callee.type === AST_NODE_TYPES.Identifier || callee.type === AST_NODE_TYPES.MemberExpression ? this.locks.resolve(callee) : null;
    if (calleeLock?.protocol.callable) return this.callbackAt(call, 0, calleeLock, null, excludes(calleeLock));
    const declared = this.settings.wrappers.get(this.getText(callee));
    if (declared) {
      const lock: LockRef = {
        protocol: protocolOf('mutex'),
        permits: declared.exclusive ? 1 : null,
        identity: `wrapper:${this.getText(callee)}`,
        origin: 'factory',
        construction: null,
        variable: null,
      };
      return this.callbackAt(call, declared.callbackIndex, lock, null, declared.exclusive);
    }
    return this.userWrapperSections(call);
  }

  private callbackAt(
    call: TSESTree.CallExpression,
    index: number | 'last',
    lock: LockRef,
    key: string | null,
    exclusive: boolean,
  ): CriticalSection[] {
    const argument = index === 'last' ? call.arguments[call.arguments.length - 1] : call.arguments[index];
    const fn = argument && unwrap(argument);
    if (!fn || !isFunction(fn)) return [];
    return [{ kind: 'callback', lock, entry: call, fn, range: fn.body.range, release: null, key, excludes: exclusive }];
  }

  /** `navigator.locks.request(name, [options], callback)`; `mode: 'shared'` does not exclude. */
  private webLockSection(call: TSESTree.CallExpression): CriticalSection[] | null {
    if (calledMethodName(call) !== 'request') return null;
    const manager = calleeObject(call);
    if (!manager || !this.isLockManager(manager)) return null;
    const name = call.arguments[0];
    const options = call.arguments.length >= 3 ? call.arguments[1] : undefined;
    const mode = objectProperty(options, 'mode');
    const shared = mode?.type === AST_NODE_TYPES.Literal && mode.value === 'shared';
    const key = name ? this.getText(name) : null;
    const lock: LockRef = {
      protocol: protocolOf('web-lock'),
      permits: shared ? null : 1,
      identity: `web:${key}`,
      origin: 'web',
      construction: null,
      variable: null,
    };
    return this.callbackAt(call, 'last', lock, key, !shared);
  }

  private isLockManager(node: TSESTree.Node): boolean {
    const inner = unwrap(node);
    if (inner.type === AST_NODE_TYPES.Identifier) {
      const imported = resolveImported(inner, this.bindings);
      return imported?.source === 'worker_threads' && imported.name === 'locks';
    }
    if (inner.type !== AST_NODE_TYPES.MemberExpression || inner.computed) return false;
    if (inner.property.type !== AST_NODE_TYPES.Identifier || inner.property.name !== 'locks') return false;
    const navigatorNode = unwrap(inner.object);
    if (navigatorNode.type === AST_NODE_TYPES.Identifier) {
      return navigatorNode.name === 'navigator' && this.bindings.isGlobal(navigatorNode);
    }
    return (
      navigatorNode.type === AST_NODE_TYPES.MemberExpression &&
      !navigatorNode.computed &&
      navigatorNode.property.type === AST_NODE_TYPES.Identifier &&
      navigatorNode.property.name === 'navigator' &&
      isGlobalObjectName(navigatorNode.object) &&
      this.bindings.isGlobal(navigatorNode.object)
    );
  }

  /**
   * A same-module helper such as `withLock(fn)` that runs its parameter under a lock: it passes
   * it to `runExclusive` or to another such helper, or calls it between an awaited acquire and
   * its release, or inside another section's callback. When the helper takes the lock itself as
   * a parameter (`withLock(mutex, fn)`), the lock is the argument of this call.
   */
  private userWrapperSections(call: TSESTree.CallExpression): CriticalSection[] | null {
    const wrapper = this.locks.calledFunction(call.callee);
    const guarded = wrapper && this.guardedParameters(wrapper);
    if (!guarded) return null;
    const sections: CriticalSection[] = [];
    for (const [index, guard] of guarded) {
      const lock = 'lock' in guard ? guard.lock : call.arguments[guard.lockParam] && this.locks.resolve(call.arguments[guard.lockParam]!);
      if (lock) sections.push(...this.callbackAt(call, index, lock, 'lock' in guard ? guard.key : null, excludes(lock)));
    }
    return sections.length > 0 ? sections : null;
  }

  /** Which parameters of a helper run under a lock, and which lock (or which parameter brings it). */
  private guardedParameters(wrapper: FunctionNode): Map<number, Guard> | null {
    if (this.wrapperCache.has(wrapper)) return this.wrapperCache.get(wrapper) ?? null;
    this.wrapperCache.set(wrapper, null);
    const guarded = new Map<number, Guard>();
    wrapper.params.forEach((param, index) => {
      if (param.type !== AST_NODE_TYPES.Identifier) return;
      const variable = this.bindings.variableOf(param);
      for (const reference of variable?.references ?? []) {
        const use = reference.identifier as TSESTree.Node;
        const { parent, child } = outerParent(use);
        if (parent?.type !== AST_NODE_TYPES.CallExpression) continue;
        const guard = parent.callee === child ? this.guardAt(parent, wrapper) : this.guardPassing(parent, child, wrapper);
        if (guard) guarded.set(index, guard);
      }
    });
    const result = guarded.size > 0 ? guarded : null;
    this.wrapperCache.set(wrapper, result);
    return result;
  }

  /** The lock held where `node` runs inside `wrapper`: a span, a span on a lock parameter, or an enclosing section callback. */
  private guardAt(node: TSESTree.Node, wrapper: FunctionNode): Guard | null {
    const span = this.spanCovering(node, wrapper);
    // A lock that arrives as a parameter is the caller's argument, not one lock for every call.
    const lockParam = span?.lock.variable ? wrapper.params.findIndex((param) => param.type === AST_NODE_TYPES.Identifier && this.bindings.variableOf(param) === span.lock.variable) : -1;
    if (lockParam >= 0) return { lockParam };
    if (span) return { lock: span.lock, key: span.key };
    const parameterSpan = this.parameterSpanCovering(node, wrapper);
    if (parameterSpan !== null) return { lockParam: parameterSpan };
    for (let fn = enclosingFunction(node); fn && fn !== wrapper; fn = enclosingFunction(fn)) {
      const { parent } = outerParent(fn);
      if (parent?.type !== AST_NODE_TYPES.CallExpression) continue;
      const section = this.callbackSections(parent)?.find((candidate) => candidate.fn === fn && candidate.excludes);
      if (section) return { lock: section.lock, key: section.key };
    }
    return null;
  }

  /** A parameter handed on as a lock's section callback, or to another helper that guards that argument. */
  private guardPassing(call: TSESTree.CallExpression, argument: TSESTree.Node, wrapper: FunctionNode): Guard | null {
    const position = call.arguments.indexOf(argument as TSESTree.CallExpressionArgument);
    const method = calledMethodName(call);
    const object = calleeObject(call);
    const lock = method && object ? this.locks.resolve(object) : null;
    const index = lock && method ? lock.protocol.sectionMethods[method] : undefined;
    if (lock && index !== undefined) {
      if ((index === 'last' ? call.arguments.length - 1 : index) !== position) return null;
      return { lock, key: lock.protocol.keyed && call.arguments[0] ? this.getText(call.arguments[0]) : null };
    }
    const inner = this.locks.calledFunction(call.callee);
    const guard = inner && inner !== wrapper ? this.guardedParameters(inner)?.get(position) : undefined;
    if (!guard || 'lock' in guard) return guard ?? null;
    const lockArgument = call.arguments[guard.lockParam];
    if (!lockArgument) return null;
    const passedOn = lockArgument.type === AST_NODE_TYPES.Identifier ? wrapper.params.indexOf(lockArgument as TSESTree.Parameter) : -1;
    const forwarded = passedOn < 0 && lockArgument.type === AST_NODE_TYPES.Identifier ? this.parameterIndex(lockArgument, wrapper) : passedOn;
    if (forwarded >= 0) return { lockParam: forwarded };
    const bound = this.locks.resolve(lockArgument);
    return bound ? { lock: bound, key: null } : null;
  }

  /** The position of the wrapper parameter an identifier refers to, or -1. */
  private parameterIndex(identifier: TSESTree.Identifier, wrapper: FunctionNode): number {
    const variable = this.bindings.variableOf(identifier);
    return wrapper.params.findIndex((param) => param.type === AST_NODE_TYPES.Identifier && this.bindings.variableOf(param) === variable);
  }

  /**
   * `const release = await mutex.acquire(); … fn() … release()` where `mutex` is a parameter of
   * the helper: the index of that parameter when `node` runs inside the span, else null.
   */
  private parameterSpanCovering(node: TSESTree.Node, wrapper: FunctionNode): number | null {
    let found: number | null = null;
    const visit = (current: TSESTree.Node): void => {
      if (found !== null || (isFunction(current) && current !== wrapper)) return;
      if (current.type === AST_NODE_TYPES.AwaitExpression) {
        const call = unwrap(current.argument);
        const object = call.type === AST_NODE_TYPES.CallExpression ? calleeObject(call) : null;
        const method = call.type === AST_NODE_TYPES.CallExpression ? calledMethodName(call) : null;
        const lockParam = object?.type === AST_NODE_TYPES.Identifier && method && PARAMETER_ACQUIRES.has(method) ? this.parameterIndex(object, wrapper) : -1;
        if (lockParam >= 0 && node.range[0] > current.range[1] && node.range[1] <= this.parameterSpanEnd(current, object as TSESTree.Identifier, wrapper)) {
          found = lockParam;
          return;
        }
      }
      for (const child of childNodes(current)) visit(child);
    };
    visit(wrapper.body);
    return found;
  }

  /** Where a span on a lock parameter ends: its last release (the releaser, or the lock's own `release()`), or the function's end. */
  private parameterSpanEnd(acquire: TSESTree.AwaitExpression, lock: TSESTree.Identifier, wrapper: FunctionNode): number {
    const releaser = releaserVariable(acquire, this.bindings);
    const lockVariable = this.bindings.variableOf(lock);
    let end = wrapper.body.range[1];
    let last = -1;
    const visit = (current: TSESTree.Node): void => {
      if (isFunction(current) && current !== wrapper) return;
      if (current.type === AST_NODE_TYPES.CallExpression && current.range[0] > acquire.range[1]) {
        const callee = unwrap(current.callee);
        const byReleaser = releaser && callee.type === AST_NODE_TYPES.Identifier && this.bindings.variableOf(callee) === releaser;
        const object = calleeObject(current);
        const byLock = object?.type === AST_NODE_TYPES.Identifier && this.bindings.variableOf(object) === lockVariable && calledMethodName(current) === 'release';
        if ((byReleaser || byLock) && current.range[0] > last) last = current.range[0];
      }
      for (const child of childNodes(current)) visit(child);
    };
    visit(wrapper.body);
    if (last >= 0) end = last;
    return end;
  }

  private spanCovering(node: TSESTree.Node, fn: FunctionNode): CriticalSection | null {
    const spans: CriticalSection[] = [];
    const visit = (current: TSESTree.Node): void => {
      if (current.type === AST_NODE_TYPES.CallExpression) spans.push(...(this.spanSection(current) ?? []));
      if (isFunction(current) && current !== fn) return;
      for (const child of childNodes(current)) visit(child);
    };
    visit(fn.body);
    return spans.find((span) => span.fn === fn && contains(span.range, node)) ?? null;
  }

  /** An awaited acquire: the span runs to the release that follows it in the same function. */
  private spanSection(call: TSESTree.CallExpression): CriticalSection[] | null {
    const found = this.lockCall(call);
    if (!found || found.role !== 'acquire') return null;
    const { parent } = outerParent(call);
    if (parent?.type !== AST_NODE_TYPES.AwaitExpression) return null;
    const fn = enclosingFunction(call);
    if (!fn) return null;
    const releases = this.releasesAfter(parent, found.lock, fn);
    const release = releases.length > 0 ? releases[releases.length - 1]! : null;
    const end = release ? release.range[0] : fn.body.range[1];
    return [
      {
        kind: 'span',
        lock: found.lock,
        entry: call,
        fn,
        range: [parent.range[1], end],
        release,
        key: null,
        excludes: excludes(found.lock),
      },
    ];
  }

  /**
   * The release in the `finally` of a `try` around `node` that gives back a span's lock: a
   * promise returned from that `try` without `await` settles after the release.
   */
  finallyReleaseAround(section: CriticalSection, node: TSESTree.Node): TSESTree.CallExpression | null {
    if (section.kind !== 'span' || !section.release) return null;
    for (let current = node.parent; current && current !== section.fn; current = current.parent) {
      if (current.type === AST_NODE_TYPES.TryStatement && current.finalizer && contains(current.block, node) && contains(current.finalizer, section.release)) {
        return section.release;
      }
    }
    return null;
  }

  /**
   * Whether a span's lock is already given back where `node` runs: a release call stands as a
   * statement earlier in a statement list that `node` comes later in (`if (hit) { release();
   * return load(); }`), so every path to `node` has passed it.
   */
  releasedBefore(section: CriticalSection, node: TSESTree.Node): boolean {
    if (section.kind !== 'span' || !section.release) return false;
    const { parent } = outerParent(section.entry);
    if (parent?.type !== AST_NODE_TYPES.AwaitExpression) return false;
    let releases = this.spanReleases.get(section);
    if (!releases) {
      releases = this.releasesAfter(parent, section.lock, section.fn);
      this.spanReleases.set(section, releases);
    }
    return releases.some((release) => release.range[1] <= node.range[0] && releasedForLaterStatements(release, node));
  }

  /**
   * Calls that release what `acquire` took: the releaser it resolved to (`release()`), or the
   * lock's own release method, before the next acquire of the same lock in `fn`.
   */
  releasesAfter(acquire: TSESTree.AwaitExpression, lock: LockRef, fn: FunctionNode): TSESTree.CallExpression[] {
    const releaser = lock.protocol.acquireResult === 'nothing' ? null : releaserVariable(acquire, this.bindings);
    const calls: TSESTree.CallExpression[] = [];
    let nextAcquire = fn.body.range[1];
    const visit = (node: TSESTree.Node): void => {
      if (node.type === AST_NODE_TYPES.CallExpression && node.range[0] > acquire.range[1]) {
        const role = this.lockCall(node);
        if (role && role.role === 'acquire' && sameLock(role.lock, lock) && node.range[0] < nextAcquire) nextAcquire = node.range[0];
        if (releaser) {
          const callee = unwrap(node.callee);
          if (callee.type === AST_NODE_TYPES.Identifier && this.bindings.variableOf(callee) === releaser) calls.push(node);
        } else if (role?.role === 'release' && sameLock(role.lock, lock)) {
          calls.push(node);
        }
      }
      if (isFunction(node) && node !== fn) return;
      for (const child of childNodes(node)) visit(child);
    };
    visit(fn.body);
    return calls.filter((call) => call.range[0] < nextAcquire).sort((a, b) => a.range[0] - b.range[0]);
  }
}

/** A release call written as its own statement, with `node` inside a later statement of the same list. */
function releasedForLaterStatements(release: TSESTree.CallExpression, node: TSESTree.Node): boolean {
  let statement: TSESTree.Node = outerParent(release).parent ?? release;
  if (statement.type === AST_NODE_TYPES.AwaitExpression) statement = outerParent(statement).parent ?? statement;
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement) return false;
  const list = statement.parent;
  const body =
    list?.type === AST_NODE_TYPES.BlockStatement || list?.type === AST_NODE_TYPES.Program
      ? list.body
      : list?.type === AST_NODE_TYPES.SwitchCase
        ? list.consequent
        : null;
  if (!body) return false;
  const index = body.indexOf(statement as TSESTree.Statement);
  return body.slice(index + 1).some((later) => contains(later, node));
}

/** The variable an awaited acquire's releaser is stored in: `const release = await m.acquire()`, `const [, release] = await s.acquire()`. */
export function releaserVariable(acquire: TSESTree.AwaitExpression, bindings: Bindings): TSESLint.Scope.Variable | null {
  const { parent, child } = outerParent(acquire);
  let target: TSESTree.Node | null = null;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === child) target = parent.id;
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === child) target = parent.left;
  if (target?.type === AST_NODE_TYPES.ArrayPattern) target = target.elements[1] ?? null;
  return target?.type === AST_NODE_TYPES.Identifier ? bindings.variableOf(target) : null;
}

export function sameLock(a: LockRef, b: LockRef): boolean {
  if (a === b) return true;
  if (a.identity !== null && a.identity === b.identity) return true;
  return a.construction !== null && a.construction === b.construction;
}
