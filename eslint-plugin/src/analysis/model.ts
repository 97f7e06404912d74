import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { CONTINUATION_METHODS, ONE_SHOT_SCHEDULERS, calleeName, childNodes, contains, enclosingClass, enclosingFunction, isFunction, isStartedOnce, numericValue, outerParent, propertyName, unwrap, type FunctionNode } from './ast';
import { Accumulations } from './accumulation';
import { AnswerSources } from './answers';
import { FlowWalker, MUTATING_METHODS, mayHoldStaleRead, type FlowEnvironment, type FlowOptions, type FunctionFlow, type SharedWrite, type StaleRead } from './flow';
import { LockResolver } from './locks';
import { SectionFinder, type CriticalSection } from './sections';
import { Bindings } from './scope';
import { assertedSection } from './guards';
import { backgroundRunner, writtenOnlyBy } from './runners';
import { parseSettings } from './settings';
import { SharedState, overlaps, type Location } from './shared';
import { Summaries } from './summaries';
import { INTERLEAVE_MENTION, LOCK_MENTION, SHAPE_ACQUIRE_CALL, SHAPE_RELEASE_CALL } from './text-tests';
import { typeLockLookup } from './types';

/**
 * The per-file concurrency model every rule reads: locks, critical sections, shared locations
 * and per-function flows. Built once per file and shared by all rules; each part is computed
 * on first use, so a file with nothing asynchronous costs one regular-expression test.
 */
export class ConcurrencyModel {
  readonly bindings: Bindings;
  readonly locks: LockResolver;
  readonly sections: SectionFinder;
  readonly shared: SharedState;
  readonly summaries: Summaries;
  private index: FileIndex | null = null;
  private sectionList: CriticalSection[] | null = null;
  private readonly sectionsByFunction = new Map<FunctionNode, CriticalSection[]>();
  private readonly flows = new Map<string, FunctionFlow>();
  private interleaves: boolean | null = null;
  private lockMentions: boolean | null = null;
  private readonly declaresLocks: boolean;
  private readonly flowEnvironment: FlowEnvironment;
  /** Methods whose `heldAtStart` is being worked out, so that callers calling back do not loop. */
  private readonly startsInProgress = new Set<FunctionNode>();
  /** Per function, the lock it asserts it holds (see `assertedSection`). */
  private readonly asserted = new Map<FunctionNode, CriticalSection | null>();
  private readonly thisMemberUses = new Map<TSESTree.ClassBody, ReadonlyMap<string, readonly TSESTree.CallExpression[] | null>>();
  private readonly iteratorGroups = new Map<TSESTree.ClassBody, OneAtATimeGroup | null>();

  constructor(
    readonly sourceCode: Readonly<TSESLint.SourceCode>,
    settings: Record<string, unknown> | undefined,
  ) {
    const parsed = parseSettings(settings);
    const declaresLocks = parsed.wrappers.size > 0 || parsed.lockFactories.size > 0;
    const typed = typeLockLookup(sourceCode.parserServices);
    const getText = (node: TSESTree.Node): string => sourceCode.getText(node);
    this.bindings = new Bindings(sourceCode.scopeManager!);
    this.locks = new LockResolver(this.bindings, sourceCode, parsed, typed, () => this.calls);
    this.declaresLocks = declaresLocks || typed !== null;
    this.sections = new SectionFinder(this.locks, this.bindings, parsed, getText, () => this.mayHaveLocks);
    this.shared = new SharedState(this.bindings, getText, (call) => this.sections.isSectionCall(call));
    const answers = new AnswerSources(this.bindings, (callee) => this.locks.calledFunction(callee));
    const calledFunction = (callee: TSESTree.Node): FunctionNode | null => this.locks.calledFunction(callee);
    this.summaries = new Summaries(this.shared, calledFunction);
    const accumulations = new Accumulations(sourceCode.ast as TSESTree.Node, this.shared);
    this.flowEnvironment = { bindings: this.bindings, shared: this.shared, answers, summaries: this.summaries, accumulations, getText };
  }

  /** Cheap pre-check, once per file: files with no await, yield, continuation or lock-related word need no model. */
  get mayInterleave(): boolean {
    this.interleaves ??= INTERLEAVE_MENTION.test(this.sourceCode.text);
    return this.interleaves;
  }

  /**
   * Whether the file can hold a lock at all: settings declare wrappers or factories, type
   * information is there, or (tested once per file) the text names a lock package, Web Locks or
   * a lock type, or takes and gives back something with `acquire()`/`lock()` and `release()`/`unlock()`. Without any of those, lock and section questions are answered at once.
   */
  get mayHaveLocks(): boolean {
    this.lockMentions ??=
      this.declaresLocks ||
      LOCK_MENTION.test(this.sourceCode.text) ||
      (SHAPE_ACQUIRE_CALL.test(this.sourceCode.text) && SHAPE_RELEASE_CALL.test(this.sourceCode.text));
    return this.lockMentions;
  }

  get calls(): readonly TSESTree.CallExpression[] {
    return this.buildIndex().calls;
  }

  get functions(): readonly FunctionNode[] {
    return this.buildIndex().functions;
  }

  get allSections(): readonly CriticalSection[] {
    if (!this.sectionList) {
      this.sectionList = this.mayHaveLocks ? this.calls.flatMap((call) => this.sections.sectionsOf(call)) : [];
      for (const section of this.sectionList) {
        const list = this.sectionsByFunction.get(section.fn) ?? [];
        list.push(section);
        this.sectionsByFunction.set(section.fn, list);
      }
    }
    return this.sectionList;
  }

  /** Sections whose lock is held while `node` runs (in the same function, not in a nested callback). */
  sectionsCovering(node: TSESTree.Node): CriticalSection[] {
    this.allSections;
    const fn = enclosingFunction(node);
    if (!fn) return [];
    return (this.sectionsByFunction.get(fn) ?? []).filter((section) => contains(section.range, node) && !this.sections.releasedBefore(section, node));
  }

  /** An excluding section that holds its lock across both nodes, so nothing interleaves between them. */
  guardedTogether(first: TSESTree.Node, second: TSESTree.Node): CriticalSection | null {
    const around = this.sectionsCovering(second);
    const found = this.sectionsCovering(first).find((section) => section.excludes && around.includes(section));
    if (found) return found;
    // A function that asserts it holds a lock runs wholly under it (see `assertedSection`).
    const fn = enclosingFunction(second);
    if (!fn || fn !== enclosingFunction(first) || !this.mayHaveLocks) return null;
    if (!this.asserted.has(fn)) this.asserted.set(fn, assertedSection(this, fn));
    return this.asserted.get(fn) ?? null;
  }

  /**
   * Whether `fn`'s flow can hold a stale read (see `mayHoldStaleRead`), so a rule that only wants those
   * can skip the walk. Flows met in a cycle (`heldAtStart`) and summaries (cycles summarise as
   * empty) depend on the order they are computed in, so a function whose walk first walks its
   * starter or callers, or whose writes ask for its group's summaries (`runsOneAtATime`), is always
   * kept: skipping it would change that order for the rest.
   */
  mayGoStale(fn: FunctionNode): boolean {
    if (isStartedOnce(fn) || (fn.async && (this.privateMethodCalls(fn)?.length ?? 0) > 0) || this.oneAtATimeGroup(fn)?.hooks.has(fn)) return true;
    return mayHoldStaleRead(fn, this.flowEnvironment);
  }

  flow(fn: FunctionNode, options: FlowOptions): FunctionFlow {
    const key = `${fn.range[0]}:${options.continuations}:${options.opaqueAnswers === true}`;
    let flow = this.flows.get(key);
    if (!flow) {
      flow = new FlowWalker(fn, this.flowEnvironment, options, this.heldAtStart(fn, options)).run();
      this.flows.set(key, flow);
    }
    return flow;
  }

  /**
   * Whether this task itself computes `write`'s value from the stale read (`count + 1`, a spread,
   * a mutation of what it read), not only through an awaited call's answer that the read went
   * into (`this.page = await load(this.page)`): walked again with answers that carry nothing.
   */
  computedFromStale(flow: FunctionFlow, write: SharedWrite, stale: StaleRead, options: FlowOptions): boolean {
    return this.staleWithOpaqueAnswers(flow, write, stale, options, 'value');
  }

  /**
   * Whether this task itself checked the stale read before `write` (`if (!this.conn)`, a local
   * flag kept from it, a method that consults it), not only what an awaited call answered when
   * asked with it (`const res = await this.transport.send(…); if (res.status >= 400) throw …`):
   * the answer is the server's, and testing it decides nothing about the state the call was made on.
   */
  checkedOnStale(flow: FunctionFlow, write: SharedWrite, stale: StaleRead, options: FlowOptions): boolean {
    return this.staleWithOpaqueAnswers(flow, write, stale, options, 'control');
  }

  /** Whether `write` still holds `stale`'s read, through `via`, when `fn` is walked again with answers that carry nothing. */
  private staleWithOpaqueAnswers(flow: FunctionFlow, write: SharedWrite, stale: StaleRead, options: FlowOptions, via: StaleRead['via']): boolean {
    const opaque = this.flow(flow.fn, { ...options, opaqueAnswers: true });
    return opaque.writes.some((other) => other.node === write.node && other.stale.some((kept) => kept.via === via && kept.fact.node === stale.fact.node));
  }

  /**
   * Whether the stream machinery runs `fn` one call at a time and no other method of its class
   * (or underlying-source object) writes `location`: Node calls a `Readable`/`Writable`/
   * `Transform` subclass's `_read`, `_write`, `_transform`, `_flush`, `_final` again only once
   * the previous call is done, and a WHATWG stream calls its source's `pull`/`write`/`transform`
   * only once the previous promise settles; a function handed to a wrapper named for single
   * flight (`sharedPromiseTo`, `singleFlight`, `dedupe`, `once`, `memoize`) shares the running
   * call's promise with concurrent callers, and one handed with a limit of one to a limiter
   * (`limit(1, fn)`) runs for one caller at a time; an object's one background task (a worker
   * loop or a timer chain, see `backgroundRunner`) owns the state only it writes; an iterator's
   * consumer pulls one item at a time (see `iteratorPulls`). Nothing else counts as evidence.
   */
  runsOneAtATime(fn: FunctionNode, location: Location, write: TSESTree.Node): boolean {
    if (backgroundRunner(fn, write) && writtenOnlyBy(fn, location, this.shared)) return true;
    const group = this.oneAtATimeGroup(fn);
    if (!group?.hooks.has(fn)) return false;
    return group.members.every((member) => {
      if (group.hooks.has(member) || isConstructor(member)) return true;
      const summary = this.summaries.of(member);
      return ![...summary.writesAtCall, ...summary.writesLater].some((written) => overlaps(written.location, location));
    });
  }

  private oneAtATimeGroup(fn: FunctionNode): OneAtATimeGroup | null {
    return streamHooks(fn) ?? singleFlight(fn) ?? this.iteratorPulls(fn);
  }

  /**
   * The pull methods of an iterator class `fn` is a method of: its async generator methods and
   * `next`-style methods (`next`, `readNext`, `fetchNext`, `nextPage`), and the methods only they
   * call. Its consumer asks for one item after the other, so these share the iterator's position
   * with no one; two consumers pulling from one iterator at once is the consumer's mistake.
   */
  private iteratorPulls(fn: FunctionNode): OneAtATimeGroup | null {
    const method = fn.parent;
    if (method?.type !== AST_NODE_TYPES.MethodDefinition || method.static) return null;
    // Asked for every method of the class: the group is worked out once per class.
    let group = this.iteratorGroups.get(method.parent);
    if (group === undefined) {
      group = this.iteratorGroupOf(method.parent);
      this.iteratorGroups.set(method.parent, group);
    }
    return group;
  }

  private iteratorGroupOf(classBody: TSESTree.ClassBody): OneAtATimeGroup | null {
    const methods = classMethods(classBody).filter((member) => !member.static);
    const bodyOf = (member: TSESTree.MethodDefinition): FunctionNode => member.value as FunctionNode;
    const hooks = new Set(methods.filter((member) => (member.value.async && member.value.generator) || PULL_METHODS.test(propertyName(member.key, member.computed) ?? '')).map(bodyOf));
    if (hooks.size === 0) return null;
    const uses = this.memberUses(classBody);
    // Grow the hooks with the methods every use of which is a call inside a hook, until none is added.
    for (let added = true; added; ) {
      added = false;
      for (const member of methods) {
        const calls = member.kind === 'method' && !hooks.has(bodyOf(member)) ? uses.get(memberKey(member)) : null;
        if (calls && calls.length > 0 && calls.every((call) => hooks.has(enclosingFunction(call)!))) {
          hooks.add(bodyOf(member));
          added = true;
        }
      }
    }
    return { members: methods.map(bodyOf), hooks };
  }

  private memberUses(classBody: TSESTree.ClassBody): ReadonlyMap<string, readonly TSESTree.CallExpression[] | null> {
    let uses = this.thisMemberUses.get(classBody);
    if (!uses) {
      uses = thisMemberUses(classBody);
      this.thisMemberUses.set(classBody, uses);
    }
    return uses;
  }

  /**
   * The busy flags `fn` runs holding: those of the function that starts it where it is written (an
   * IIFE, a `setTimeout` callback), or, for a private method, those every call of it is memoised
   * under (`this.closing = this._close(); await this.closing;` after a check of `this.closing`).
   */
  private heldAtStart(fn: FunctionNode, options: FlowOptions): ReadonlySet<string> | undefined {
    if (isStartedOnce(fn)) {
      const starter = enclosingFunction(fn);
      return starter ? this.flow(starter, options).startedHolding.get(fn) : undefined;
    }
    const calls = fn.async ? this.privateMethodCalls(fn) : null;
    if (!calls || calls.length === 0 || this.startsInProgress.has(fn)) return undefined;
    this.startsInProgress.add(fn);
    try {
      let common: ReadonlySet<string> | undefined;
      for (const call of calls) {
        const caller = enclosingFunction(call);
        const held = caller && caller !== fn ? this.flow(caller, options).startedHolding.get(call) : undefined;
        if (!held) return undefined;
        common = common ? new Set([...common].filter((flag) => held.has(flag))) : held;
      }
      return common;
    } finally {
      this.startsInProgress.delete(fn);
    }
  }

  /**
   * The calls of a private method (`#close`, TypeScript `private`, `_close`) in its class, where
   * other modules cannot call it; null for other functions, or when the class uses the method
   * other than by calling it (`this._close.bind(this)`).
   */
  private privateMethodCalls(fn: FunctionNode): readonly TSESTree.CallExpression[] | null {
    const method = fn.parent;
    if (method?.type !== AST_NODE_TYPES.MethodDefinition || method.kind !== 'method' || method.static || method.computed) return null;
    const key = method.key;
    if (key.type !== AST_NODE_TYPES.Identifier && key.type !== AST_NODE_TYPES.PrivateIdentifier) return null;
    if (key.type === AST_NODE_TYPES.Identifier && method.accessibility !== 'private' && !key.name.startsWith('_')) return null;
    return this.memberUses(method.parent).get(memberKey(method)) ?? [];
  }

  /** One walk of the file: its calls and functions in source order. */
  private buildIndex(): FileIndex {
    if (this.index) return this.index;
    const calls: TSESTree.CallExpression[] = [];
    const functions: FunctionNode[] = [];
    const stack: TSESTree.Node[] = [this.sourceCode.ast as TSESTree.Node];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === AST_NODE_TYPES.CallExpression) calls.push(node);
      else if (isFunction(node)) functions.push(node);
      for (const child of childNodes(node)) stack.push(child);
    }
    const byPosition = (a: TSESTree.Node, b: TSESTree.Node): number => a.range[0] - b.range[0];
    this.index = { calls: calls.sort(byPosition), functions: functions.sort(byPosition) };
    return this.index;
  }
}

/** Functions run one call at a time (`hooks`), and the other functions of their class or source object (`members`). */
interface OneAtATimeGroup {
  members: FunctionNode[];
  hooks: Set<FunctionNode>;
}

/** The methods of a class that have a body (constructors and accessors included). */
function classMethods(classBody: TSESTree.ClassBody): TSESTree.MethodDefinition[] {
  return classBody.body.flatMap((member) => (member.type === AST_NODE_TYPES.MethodDefinition && isFunction(member.value) ? [member] : []));
}

const PULL_METHODS = /^(?:next|readNext|fetchNext|nextPage|getNextPage|nextBatch)$/;
const NODE_STREAM_CLASSES = /^(?:Readable|Writable|Duplex|Transform|PassThrough)$/;
const NODE_STREAM_HOOKS = new Set(['_read', '_write', '_writev', '_transform', '_flush', '_final']);
const WEB_STREAM_CLASSES = new Set(['ReadableStream', 'WritableStream', 'TransformStream']);
const WEB_STREAM_HOOKS = new Set(['pull', 'write', 'transform', 'flush']);

/** The methods of the stream class or underlying-source object `fn` belongs to, and which of them the stream calls one at a time. */
function streamHooks(fn: FunctionNode): OneAtATimeGroup | null {
  const holder = fn.parent;
  if (holder?.type === AST_NODE_TYPES.MethodDefinition) {
    const classNode = holder.parent.parent;
    const base = classNode.superClass && unwrap(classNode.superClass);
    const baseName = base?.type === AST_NODE_TYPES.Identifier ? base.name : base?.type === AST_NODE_TYPES.MemberExpression ? propertyName(base.property, base.computed) : null;
    if (!baseName || !NODE_STREAM_CLASSES.test(baseName)) return null;
    const methods = classMethods(classNode.body);
    return {
      members: methods.map((method) => method.value as FunctionNode),
      hooks: new Set(methods.filter((method) => NODE_STREAM_HOOKS.has(propertyName(method.key, method.computed) ?? '')).map((method) => method.value as FunctionNode)),
    };
  }
  if (holder?.type !== AST_NODE_TYPES.Property || holder.parent.type !== AST_NODE_TYPES.ObjectExpression) return null;
  const source = holder.parent;
  const { parent } = outerParent(source);
  if (parent?.type !== AST_NODE_TYPES.NewExpression || parent.arguments[0] !== source || parent.callee.type !== AST_NODE_TYPES.Identifier || !WEB_STREAM_CLASSES.has(parent.callee.name)) return null;
  const members = source.properties.flatMap((property) => (property.type === AST_NODE_TYPES.Property && isFunction(property.value) ? [property] : []));
  return {
    members: members.map((property) => property.value as FunctionNode),
    hooks: new Set(members.filter((property) => WEB_STREAM_HOOKS.has(propertyName(property.key, property.computed) ?? '')).map((property) => property.value as FunctionNode)),
  };
}

const SINGLE_FLIGHT = /^(?:once|onetime|memoi[sz]e|p?mem|dedupe?|deduplicate|shared_?promise\w*|single_?flight|coalesce)$/i;

/** A callback handed to a single-flight wrapper, with the other methods of its class (which may write the same fields). */
function singleFlight(fn: FunctionNode): OneAtATimeGroup | null {
  const { parent, child } = outerParent(fn);
  if (parent?.type !== AST_NODE_TYPES.CallExpression) return null;
  const wrapped = parent.arguments[0] === child ? SINGLE_FLIGHT.test(calleeName(parent) ?? '') : parent.arguments[1] === child && limitsToOne(parent);
  if (!wrapped) return null;
  const classNode = enclosingClass(fn);
  const methods = classNode ? classMethods(classNode.body).map((member) => member.value as FunctionNode) : [];
  return { members: [fn, ...methods], hooks: new Set([fn]) };
}

/** `limit(1, fn)` (ext's `promise/limit`, and limiters like it): a wrapper that runs `fn` for one caller at a time. */
function limitsToOne(call: TSESTree.CallExpression): boolean {
  return /^(?:p_?)?limit$/i.test(calleeName(call) ?? '') && numericValue(call.arguments[0]) === 1;
}

function isConstructor(fn: FunctionNode): boolean {
  return fn.parent?.type === AST_NODE_TYPES.MethodDefinition && fn.parent.kind === 'constructor';
}

/** A method's name as `thisMemberUses` keys it (`#x` for private names). */
function memberKey(member: TSESTree.MethodDefinition): string {
  return member.key.type === AST_NODE_TYPES.PrivateIdentifier ? `#${member.key.name}` : (propertyName(member.key, member.computed) ?? '');
}

/** Per member name (`#x` for private names), the calls `this.x(…)` in a class; null where the class also uses `this.x` otherwise. */
function thisMemberUses(classBody: TSESTree.ClassBody): ReadonlyMap<string, readonly TSESTree.CallExpression[] | null> {
  const uses = new Map<string, TSESTree.CallExpression[] | null>();
  const visit = (node: TSESTree.Node): void => {
    if (node.type === AST_NODE_TYPES.MemberExpression && node.object.type === AST_NODE_TYPES.ThisExpression && !node.computed) {
      const name = `${node.property.type === AST_NODE_TYPES.PrivateIdentifier ? '#' : ''}${node.property.name}`;
      const { parent, child } = outerParent(node);
      const calls = uses.has(name) ? uses.get(name)! : [];
      if (calls && parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === child) calls.push(parent);
      uses.set(name, parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === child ? calls : null);
    }
    for (const child of childNodes(node)) visit(child);
  };
  visit(classBody);
  return uses;
}

interface FileIndex {
  calls: TSESTree.CallExpression[];
  functions: FunctionNode[];
}

/**
 * Finds, during ESLint's own traversal (no extra walk of the file), the functions whose flow can
 * hold a lost update: async functions that write something (an assignment, an update, `delete`,
 * a mutating method call), with continuations any function that chains `.then` (its callbacks'
 * writes are part of its flow), and functions that call a function of this file that
 * `callsLater` accepts (one that writes after its own `await`). Spread `listeners` into a rule's
 * listeners; read `functions()` at `Program:exit`.
 */
export function interleavingFunctionCollector(options: FlowOptions): {
  listeners: TSESLint.RuleListener;
  functions(callsLater?: (call: TSESTree.CallExpression) => boolean): FunctionNode[];
} {
  const open: FunctionNode[] = [];
  const all: FunctionNode[] = [];
  const writers = new Set<FunctionNode>();
  const chaining = new Set<FunctionNode>();
  const localCalls = new Map<FunctionNode, TSESTree.CallExpression[]>();
  const markWrite = (): void => {
    const fn = open.at(-1);
    if (fn) writers.add(fn);
  };
  return {
    listeners: {
      ':function'(node: FunctionNode) {
        open.push(node);
        all.push(node);
      },
      ':function:exit'() {
        open.pop();
      },
      AssignmentExpression: markWrite,
      UpdateExpression: markWrite,
      'UnaryExpression[operator="delete"]': markWrite,
      CallExpression(node) {
        const callee = node.callee;
        const fn = open.at(-1);
        if (fn && (callee.type === AST_NODE_TYPES.Identifier || (callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.ThisExpression))) {
          const calls = localCalls.get(fn);
          if (calls) calls.push(node);
          else localCalls.set(fn, [node]);
        }
        // A React state setter (`setCount(…)`) writes the component's state; an updater (`this.update(…)`, `produce(…)`) the state it is given.
        if (callee.type === AST_NODE_TYPES.Identifier && (/^set[A-Z]/.test(callee.name) || callee.name === 'produce')) markWrite();
        if (callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.ThisExpression && callee.property.type === AST_NODE_TYPES.Identifier && callee.property.name === 'update') markWrite();
        // A callback scheduled to run later (`setTimeout(async () => …)`) is part of the flow like a `.then` callback.
        if (fn && options.continuations && ONE_SHOT_SCHEDULERS.has(calleeName(node) ?? '') && isFunction(node.arguments[0])) chaining.add(fn);
        if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.property.type !== AST_NODE_TYPES.Identifier) return;
        if (MUTATING_METHODS.has(callee.property.name)) markWrite();
        if (fn && options.continuations && CONTINUATION_METHODS.has(callee.property.name)) chaining.add(fn);
      },
    },
    functions: (callsLater) =>
      all.filter((fn) => ((fn.async || fn.generator) && writers.has(fn)) || chaining.has(fn) || (callsLater !== undefined && (localCalls.get(fn) ?? []).some(callsLater))),
  };
}

const models = new WeakMap<object, ConcurrencyModel>();

/** The model for the file a rule is linting, shared by every rule through the `SourceCode` object. */
export function getModel(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): ConcurrencyModel {
  return modelFor(context.sourceCode, context.settings as Record<string, unknown> | undefined);
}

/** The file's model, or null when nothing in the file can interleave (rules return early). */
export function interleavingModel(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): ConcurrencyModel | null {
  const model = getModel(context);
  return model.mayInterleave ? model : null;
}

/** The model of a parsed file outside a rule (fix builders, the editor extension). */
export function modelFor(sourceCode: Readonly<TSESLint.SourceCode>, settings?: Record<string, unknown>): ConcurrencyModel {
  let model = models.get(sourceCode);
  if (!model) {
    model = new ConcurrencyModel(sourceCode, settings);
    models.set(sourceCode, model);
  }
  return model;
}
