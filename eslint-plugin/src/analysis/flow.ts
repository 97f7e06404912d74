import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { CONTINUATION_METHODS, ONE_SHOT_SCHEDULERS, alwaysExits, asyncExecutorOf, calledMethodName, calleeName, calleeObject, childNodes, contains, enclosingFunction, isFunction, isLoop, isStartedOnce, memoisedCall, outerParent, promiseExecutor, propertyName, unwrap, waitsWithin, type FunctionNode } from './ast';
import { isEmptyValue, type Accumulations } from './accumulation';
import type { AnswerSources } from './answers';
import type { Bindings, Variable } from './scope';
import { childLocation, overlaps, type Location, type SharedState } from './shared';
import { reachedOnlyWhenEmpty } from './single-flight';
import type { CalleeWrite, LaterWrite, Summaries } from './summaries';

/** A read of a shared location, at a point in one task. */
export interface ReadFact {
  kind: 'read';
  location: Location;
  node: TSESTree.Node;
  /** Busy flags this task held when it read (see `State.held`). */
  heldFlags: ReadonlySet<string>;
  /**
   * One element taken from the collection (a `for…of` variable). Rewriting the whole collection
   * from it (`this.nodes = [node, ...answer]`) picks from the old value rather than building on it.
   */
  selection?: true;
  /** React state read in a handler: the render's value, stale after any `await` before the write. */
  snapshot?: true;
}

/** The value an `await` (or a `.then` continuation) produced. */
export interface AwaitFact {
  kind: 'await';
  node: TSESTree.Node;
}

export type Fact = ReadFact | AwaitFact;

/** A read that an interleaving point separates from a later write of the same location. */
export interface StaleRead {
  fact: ReadFact;
  interleaving: TSESTree.Node;
  /** `value`: the written value is computed from the read; `control`: the write only happens because of it. */
  via: 'value' | 'control';
  /**
   * The check read other state than the write, state this function only writes after the
   * interleaving point (see `noteCheckOfOtherState`): the write is a race only when repeating it
   * does harm.
   */
  otherState?: true;
  /** The write replaced the checked object before the interleaving point, and the new one does not settle the check (`State.pendingActs`). */
  unsettled?: true;
  /** The write empties a location this task took the contents of before the interleaving point (see `emptiedAfterTaking`). */
  emptied?: true;
}

export interface SharedWrite {
  /** The assignment, update, `delete`, or mutating call. */
  node: TSESTree.Node;
  location: Location;
  valueDeps: readonly Fact[];
  controlDeps: readonly Fact[];
  stale: readonly StaleRead[];
  /** Strict mode: the `.then`/`.catch`/`.finally` call whose callback makes this write. */
  continuation: TSESTree.CallExpression | null;
  /** A write made by the called function, at the call or after its own `await` (`node` is then the call). */
  through?: CalleeWrite & { awaited: readonly TSESTree.Node[]; calleeReads?: readonly Location[] };
}

export interface AwaitPoint {
  node: TSESTree.AwaitExpression;
  operandDeps: readonly Fact[];
  controlDeps: readonly Fact[];
}

export interface FunctionFlow {
  fn: FunctionNode;
  writes: readonly SharedWrite[];
  awaits: readonly AwaitPoint[];
  /**
   * Busy flags held where a function is started: a nested function (see `isStartedOnce`), or a
   * call whose promise a claimed field memoises (see `noteMemoisedCall`). It runs holding them.
   */
  startedHolding: ReadonlyMap<FunctionNode | TSESTree.CallExpression, ReadonlySet<string>>;
}

/** What a flow walk reads from the rest of the file's model. */
export interface FlowEnvironment {
  bindings: Bindings;
  shared: SharedState;
  answers: AnswerSources;
  summaries: Summaries;
  accumulations: Accumulations;
  getText: (node: TSESTree.Node) => string;
}

export interface FlowOptions {
  /** Follow values into `.then/.catch/.finally` callbacks, treating the callback boundary as an interleaving point. */
  continuations: boolean;
  /**
   * Keep in a written value only what this task visibly computed from the values it read: an
   * awaited call's answer carries nothing of the object the call was made on (`await
   * this.raw.reconnect()` may answer with a fresh object or the same one) nor of a value handed as
   * it is to a function the file does not show (`x = await normalise(x)`), only what a function of
   * this file or a standard fold builds from its arguments; and the object a write goes into is
   * not part of the value written (see `ConcurrencyModel.computedFromStale`).
   */
  opaqueAnswers?: boolean;
}

type Deps = Set<Fact>;

const MAP_READS = new Set(['get', 'has']);
const ENTRY_WRITES = new Set(['set', 'add', 'delete']);
const WHOLE_WRITES = new Set(['clear', 'push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin']);
/** Methods that write the collection they are called on (Map, Set, array). */
export const MUTATING_METHODS: ReadonlySet<string> = new Set([...ENTRY_WRITES, ...WHOLE_WRITES]);

/**
 * Per-path facts: what each local holds, which reads an interleaving point has made stale,
 * which checks this task has claimed (wrote the checked location before anything could
 * interleave: `if (!m.has(k)) m.set(k, promise)`), and which busy flags it holds
 * (`if (this.busy) return; this.busy = true; … this.busy = false`: a try-lock).
 */
class State {
  constructor(
    readonly vars = new Map<Variable, Deps>(),
    readonly crossed = new Map<ReadFact, TSESTree.Node>(),
    readonly fresh = new Set<ReadFact>(),
    readonly claimed = new Set<ReadFact>(),
    public held: ReadonlySet<string> = new Set(),
    public dead = false,
    /** Reads still fresh when a claim took a hold: the hold covers them as if read under it (shared between clones, replaced on change). */
    public heldAtClaim: ReadonlyMap<ReadFact, string> = new Map(),
    /**
     * Checks whose branch this path took and crossed an interleaving point in
     * (`if (!this.inited) { await init(); } this.inited = true;`): a write of the checked location
     * after the branch is the claim, made too late, so it still depends on the check.
     */
    readonly branchChecks = new Set<ReadFact>(),
    /** Writes that replaced a checked object without settling the check, until the next interleaving point. */
    readonly pendingActs: Array<{ write: SharedWrite; fact: ReadFact }> = [],
  ) {}

  clone(): State {
    return new State(
      new Map(this.vars),
      new Map(this.crossed),
      new Set(this.fresh),
      new Set(this.claimed),
      this.held,
      this.dead,
      this.heldAtClaim,
      new Set(this.branchChecks),
      [...this.pendingActs],
    );
  }

  /** Whether a hold this task still has covered the read. */
  covers(fact: ReadFact): boolean {
    if (this.held.size === 0) return false;
    const atClaim = this.heldAtClaim.get(fact);
    return (atClaim !== undefined && this.held.has(atClaim)) || [...fact.heldFlags].some((flag) => this.held.has(flag));
  }

  interleave(at: TSESTree.Node): void {
    // Another call passes a check that a replacement made before this point did not settle.
    // Unless the act is guarded by a check this call did claim (`if (!this.reconnecting) this.reconnecting = this.reconnect()`).
    for (const { write, fact } of this.pendingActs) {
      const stale = write.stale as StaleRead[];
      const guarded = write.controlDeps.some((other) => other.kind === 'read' && this.claimed.has(other));
      if (this.fresh.has(fact) && !this.claimed.has(fact) && !guarded && !stale.some((known) => known.fact === fact)) stale.push({ fact, interleaving: at, via: 'control', unsettled: true });
    }
    this.pendingActs.length = 0;
    for (const fact of this.fresh) this.crossed.set(fact, at);
    this.fresh.clear();
  }

  /** May-merge: a read is stale after the join if it is stale on any incoming path; a flag is held only if held on all. */
  static merge(states: readonly State[]): State {
    const live = states.filter((state) => !state.dead);
    if (live.length === 0) return new State(new Map(), new Map(), new Set(), new Set(), new Set(), true);
    if (live.length === 1) return live[0]!.clone();
    const merged = new State();
    for (const state of live) {
      for (const [variable, deps] of state.vars) {
        const existing = merged.vars.get(variable);
        merged.vars.set(variable, existing ? union(existing, deps) : deps);
      }
      for (const [fact, at] of state.crossed) if (!merged.crossed.has(fact)) merged.crossed.set(fact, at);
      for (const fact of state.claimed) merged.claimed.add(fact);
      for (const fact of state.branchChecks) merged.branchChecks.add(fact);
      for (const act of state.pendingActs) if (!merged.pendingActs.includes(act)) merged.pendingActs.push(act);
    }
    for (const state of live) for (const fact of state.fresh) if (!merged.crossed.has(fact)) merged.fresh.add(fact);
    merged.held = new Set([...live[0]!.held].filter((flag) => live.every((state) => state.held.has(flag))));
    const first = live[0]!.heldAtClaim;
    if (live.every((state) => state.heldAtClaim === first)) merged.heldAtClaim = first;
    else merged.heldAtClaim = new Map([...first].filter(([fact, flag]) => live.every((state) => state.heldAtClaim.get(fact) === flag)));
    return merged;
  }
}

function union(...sets: ReadonlyArray<ReadonlySet<Fact>>): Deps {
  const result = new Set<Fact>();
  for (const set of sets) for (const fact of set) result.add(fact);
  return result;
}

const EMPTY: ReadonlySet<Fact> = new Set();

/**
 * Walks one function in evaluation order and records, for every write to shared state, which
 * reads its value (and, for check-then-act, its reaching) depends on and which of those reads an
 * interleaving point (`await`, async `yield`, `for await`, a `.then` boundary) made stale.
 */
export class FlowWalker {
  private state = new State();
  private readonly control: Array<ReadonlySet<Fact>> = [];
  private readonly breaks: State[][] = [];
  private readonly continues: State[][] = [];
  private readonly writes: SharedWrite[] = [];
  private readonly awaits: AwaitPoint[] = [];
  private continuation: TSESTree.CallExpression | null = null;
  private assignmentsByKey: ReadonlyMap<string, readonly TSESTree.AssignmentExpression[]> | null = null;
  private readonly tokens = new Map<Variable, { location: Location; takenAt: TSESTree.Node }>();
  private readonly startedHolding = new Map<FunctionNode | TSESTree.CallExpression, ReadonlySet<string>>();
  /** Writes guarded by a stale check of another location, kept until the walk shows whether this function claims it later. */
  private readonly otherStateChecks: Array<{ write: SharedWrite; stale: StaleRead[]; fact: ReadFact; interleaving: TSESTree.Node }> = [];
  /** Tests on the control stack that a write claims as a whole (see `claimedTogether`). */
  private readonly conjunctions = new WeakSet<ReadonlySet<Fact>>();

  private readonly bindings: Bindings;
  private readonly shared: SharedState;
  private readonly answers: AnswerSources;
  private readonly summaries: Summaries;
  private readonly getText: (node: TSESTree.Node) => string;
  private readonly accumulations: Accumulations;
  /** What awaited calls were called on (see `answerOf`). */
  private readonly receivers = new Map<TSESTree.CallExpression, ReadonlySet<Fact>>();
  /** What an in-file callee read of shared state before its first `await` (see `answerOf`). */
  private readonly consultedBy = new Map<TSESTree.CallExpression, ReadonlySet<Fact>>();

  constructor(
    private readonly fn: FunctionNode,
    env: FlowEnvironment,
    private readonly options: FlowOptions,
    /** Busy flags the function that started this one held when it did (`FunctionFlow.startedHolding`). */
    heldAtEntry: ReadonlySet<string> = new Set(),
  ) {
    this.state.held = heldAtEntry;
    ({ bindings: this.bindings, shared: this.shared, answers: this.answers, summaries: this.summaries, accumulations: this.accumulations, getText: this.getText } = env);
  }

  run(): FunctionFlow {
    this.body(this.fn);
    this.resolveLateClaims();
    return { fn: this.fn, writes: this.writes, awaits: this.awaits, startedHolding: this.startedHolding };
  }

  private body(fn: FunctionNode): void {
    if (fn.body.type === AST_NODE_TYPES.BlockStatement) this.block(fn.body.body);
    else this.expr(fn.body);
  }

  // ---- statements -------------------------------------------------------------------------

  private block(statements: readonly TSESTree.Node[]): void {
    let guards = 0;
    for (const statement of statements) {
      if (this.state.dead) break;
      const test = this.statement(statement);
      // `if (cached) return cached;` — everything after depends on the test.
      if (test && statement.type === AST_NODE_TYPES.IfStatement && !statement.alternate && alwaysExits(statement.consequent)) {
        this.control.push(this.claimedTogether(test, statement.test, '||'));
        guards += 1;
        this.revalidateByToken(statement.test);
      }
    }
    this.control.splice(this.control.length - guards, guards);
  }

  /** Returns the test's dependencies for an `if`, so the caller can treat early exits as guards. */
  private statement(node: TSESTree.Node): ReadonlySet<Fact> | null {
    switch (node.type) {
      case AST_NODE_TYPES.ExpressionStatement:
        this.expr(node.expression);
        return null;
      case AST_NODE_TYPES.VariableDeclaration:
        for (const declarator of node.declarations) {
          const deps = declarator.init ? this.expr(declarator.init) : EMPTY;
          if (node.kind === 'await using') this.interleave(declarator);
          this.assignPattern(declarator.id, deps, declarator);
          if (declarator.init) this.takeToken(declarator.id, declarator.init);
        }
        return null;
      case AST_NODE_TYPES.BlockStatement:
        this.block(node.body);
        return null;
      case AST_NODE_TYPES.IfStatement:
        return this.ifStatement(node);
      case AST_NODE_TYPES.ReturnStatement:
      case AST_NODE_TYPES.ThrowStatement:
        if (node.argument) this.expr(node.argument);
        this.state.dead = true;
        return null;
      case AST_NODE_TYPES.WhileStatement:
      case AST_NODE_TYPES.DoWhileStatement:
      case AST_NODE_TYPES.ForStatement:
      case AST_NODE_TYPES.ForInStatement:
      case AST_NODE_TYPES.ForOfStatement:
        this.loop(node);
        return null;
      case AST_NODE_TYPES.TryStatement:
        this.tryStatement(node);
        return null;
      case AST_NODE_TYPES.SwitchStatement:
        this.switchStatement(node);
        return null;
      case AST_NODE_TYPES.LabeledStatement:
        this.statement(node.body);
        return null;
      case AST_NODE_TYPES.BreakStatement:
        this.breaks.at(-1)?.push(this.state.clone());
        this.state.dead = true;
        return null;
      case AST_NODE_TYPES.ContinueStatement:
        this.continues.at(-1)?.push(this.state.clone());
        this.state.dead = true;
        return null;
      default:
        return null;
    }
  }

  private ifStatement(node: TSESTree.IfStatement): ReadonlySet<Fact> {
    const test = this.expr(node.test);
    const before = this.state.clone();
    this.control.push(this.claimedTogether(test, node.test, '&&'));
    this.statement(node.consequent);
    this.noteBranchChecks(test, node.consequent, true);
    const afterConsequent = this.state;
    this.state = before;
    this.control.pop();
    this.control.push(test);
    if (node.alternate) {
      this.statement(node.alternate);
      this.noteBranchChecks(test, node.alternate, false);
    }
    this.control.pop();
    this.state = State.merge([afterConsequent, this.state]);
    return test;
  }

  /**
   * Where every part of a test must hold for the branch to run (`if (!this.inited && !this.initing)`,
   * or past a guard `if (this.inited || this.initing) return;`), a write that fails one part
   * (`this.initing = true`) turns every other task away: it claims the whole test.
   */
  private claimedTogether(test: ReadonlySet<Fact>, node: TSESTree.Node, operator: '&&' | '||'): ReadonlySet<Fact> {
    const inner = unwrap(node);
    if (inner.type !== AST_NODE_TYPES.LogicalExpression || inner.operator !== operator) return test;
    const parts = new Set(test);
    this.conjunctions.add(parts);
    return parts;
  }

  /** The test's reads that an interleaving point inside the branch made stale, on this path (see `State.branchChecks`). */
  private noteBranchChecks(test: ReadonlySet<Fact>, branch: TSESTree.Node, whenEmpty: boolean): void {
    for (const fact of test) {
      const at = fact.kind === 'read' ? this.state.crossed.get(fact) : undefined;
      if (at && contains(branch, at) && testsEmpty(fact.node) === whenEmpty && !isNestingCounter((fact as ReadFact).location)) this.state.branchChecks.add(fact as ReadFact);
    }
  }

  private loop(
    node: TSESTree.WhileStatement | TSESTree.DoWhileStatement | TSESTree.ForStatement | TSESTree.ForInStatement | TSESTree.ForOfStatement,
  ): void {
    if (node.type === AST_NODE_TYPES.ForStatement && node.init) {
      if (node.init.type === AST_NODE_TYPES.VariableDeclaration) this.statement(node.init);
      else this.expr(node.init);
    }
    const iterated =
      node.type === AST_NODE_TYPES.ForInStatement || node.type === AST_NODE_TYPES.ForOfStatement ? this.selections(this.expr(node.right)) : EMPTY;
    const entry = this.state.clone();
    const exits: State[] = [];
    if (node.type === AST_NODE_TYPES.ForInStatement || node.type === AST_NODE_TYPES.ForOfStatement) exits.push(entry.clone());
    // Two rounds reach values carried from one iteration into the next.
    for (let round = 0; round < 2; round += 1) {
      this.breaks.push([]);
      this.continues.push([]);
      let test: ReadonlySet<Fact> = EMPTY;
      if (node.type === AST_NODE_TYPES.WhileStatement || (node.type === AST_NODE_TYPES.ForStatement && node.test)) {
        test = this.expr((node as TSESTree.WhileStatement).test);
        exits.push(this.state.clone());
      }
      if (node.type === AST_NODE_TYPES.ForInStatement || node.type === AST_NODE_TYPES.ForOfStatement) {
        let element = iterated;
        if (node.type === AST_NODE_TYPES.ForOfStatement && node.await) {
          this.interleave(node);
          element = union(iterated, new Set([{ kind: 'await', node }]));
        }
        if (node.left.type === AST_NODE_TYPES.VariableDeclaration) {
          for (const declarator of node.left.declarations) this.assignPattern(declarator.id, element, declarator);
        } else {
          this.assignPattern(node.left, element, node);
        }
      }
      this.control.push(test);
      this.statement(node.body);
      this.state = State.merge([this.state, ...this.continues.pop()!]);
      if (node.type === AST_NODE_TYPES.DoWhileStatement) {
        const after = this.expr(node.test);
        exits.push(this.state.clone());
        this.control.pop();
        this.control.push(after);
      }
      if (node.type === AST_NODE_TYPES.ForStatement && node.update) this.expr(node.update);
      this.control.pop();
      exits.push(...this.breaks.pop()!);
      if (node.type === AST_NODE_TYPES.ForInStatement || node.type === AST_NODE_TYPES.ForOfStatement) exits.push(this.state.clone());
      this.state = State.merge([entry, this.state]);
    }
    this.state = State.merge(exits);
  }

  /** The elements of an iterated value: each read of a collection becomes a selection from it. */
  private selections(iterated: ReadonlySet<Fact>): ReadonlySet<Fact> {
    const elements = new Set<Fact>();
    for (const fact of iterated) {
      if (fact.kind !== 'read') {
        elements.add(fact);
        continue;
      }
      const element: ReadFact = { ...fact, selection: true };
      if (this.state.fresh.has(fact)) this.state.fresh.add(element);
      const crossedAt = this.state.crossed.get(fact);
      if (crossedAt) this.state.crossed.set(element, crossedAt);
      elements.add(element);
    }
    return elements;
  }

  private tryStatement(node: TSESTree.TryStatement): void {
    const before = this.state.clone();
    this.block(node.block.body);
    const afterTry = this.state;
    let afterHandler: State | null = null;
    if (node.handler) {
      // A throw can come from anywhere in the block: start from both ends of it.
      this.state = State.merge([before, afterTry.dead ? before : afterTry]);
      if (node.handler.param) this.assignPattern(node.handler.param, EMPTY, node.handler);
      this.block(node.handler.body.body);
      afterHandler = this.state;
    }
    const outcomes = afterHandler ? [afterTry, afterHandler] : [afterTry];
    if (node.finalizer) {
      const completes = outcomes.some((state) => !state.dead);
      this.state = State.merge([before, ...outcomes.map((state) => Object.assign(state.clone(), { dead: false }))]);
      this.block(node.finalizer.body);
      if (!completes) this.state.dead = true;
    } else {
      this.state = State.merge(outcomes);
    }
  }

  private switchStatement(node: TSESTree.SwitchStatement): void {
    const discriminant = this.expr(node.discriminant);
    this.control.push(discriminant);
    this.breaks.push([]);
    const start = this.state.clone();
    let previous: State | null = null;
    for (const switchCase of node.cases) {
      this.state = previous && !previous.dead ? State.merge([start, previous]) : start.clone();
      if (switchCase.test) this.expr(switchCase.test);
      this.block(switchCase.consequent);
      previous = this.state;
    }
    const hasDefault = node.cases.some((switchCase) => switchCase.test === null);
    this.state = State.merge([...(previous ? [previous] : []), ...this.breaks.pop()!, ...(hasDefault ? [] : [start])]);
    this.control.pop();
  }

  // ---- expressions ------------------------------------------------------------------------

  private expr(node: TSESTree.Node): ReadonlySet<Fact> {
    switch (node.type) {
      case AST_NODE_TYPES.Identifier:
        return this.readIdentifier(node);
      case AST_NODE_TYPES.MemberExpression:
        return this.readMember(node);
      case AST_NODE_TYPES.CallExpression:
        return this.call(node);
      case AST_NODE_TYPES.NewExpression: {
        const executor = promiseExecutor(node);
        if (executor) this.executor(executor);
        return union(this.expr(node.callee), ...node.arguments.map((argument) => (argument === executor ? EMPTY : this.expr(argument))));
      }
      case AST_NODE_TYPES.AwaitExpression:
        return this.awaitExpression(node);
      case AST_NODE_TYPES.YieldExpression: {
        if (node.argument) this.expr(node.argument);
        if (this.fn.async || isCoroutineYield(node)) this.interleave(node);
        return EMPTY;
      }
      case AST_NODE_TYPES.AssignmentExpression:
        return this.assignment(node);
      case AST_NODE_TYPES.UpdateExpression:
        return this.readModifyWrite(node, node.argument, EMPTY);
      case AST_NODE_TYPES.UnaryExpression:
        if (node.operator === 'delete') {
          const location = this.shared.locationOf(node.argument);
          if (location) this.recordWrite(node, location, EMPTY, EMPTY);
          return EMPTY;
        }
        return this.expr(node.argument);
      case AST_NODE_TYPES.BinaryExpression:
        if (node.operator === 'in' && node.left.type !== AST_NODE_TYPES.PrivateIdentifier) return this.inExpression(node);
        return union(node.left.type === AST_NODE_TYPES.PrivateIdentifier ? EMPTY : this.expr(node.left), this.expr(node.right));
      case AST_NODE_TYPES.LogicalExpression: {
        const left = this.expr(node.left);
        const right = this.conditionally(left, () => this.expr(node.right));
        return union(left, right);
      }
      case AST_NODE_TYPES.ConditionalExpression: {
        const test = this.expr(node.test);
        const before = this.state.clone();
        this.control.push(test);
        const consequent = this.expr(node.consequent);
        const afterConsequent = this.state;
        this.state = before;
        const alternate = this.expr(node.alternate);
        this.control.pop();
        this.state = State.merge([afterConsequent, this.state]);
        return union(test, consequent, alternate);
      }
      case AST_NODE_TYPES.SequenceExpression: {
        let last: ReadonlySet<Fact> = EMPTY;
        for (const expression of node.expressions) last = this.expr(expression);
        return last;
      }
      case AST_NODE_TYPES.ArrayExpression:
        return union(...node.elements.map((element) => (element ? this.expr(element) : EMPTY)));
      case AST_NODE_TYPES.ObjectExpression:
        return union(
          ...node.properties.map((property) =>
            property.type === AST_NODE_TYPES.Property
              ? union(property.computed ? this.expr(property.key) : EMPTY, this.expr(property.value))
              : this.expr(property),
          ),
        );
      case AST_NODE_TYPES.SpreadElement:
        return this.expr(node.argument);
      case AST_NODE_TYPES.TemplateLiteral:
        return union(...node.expressions.map((expression) => this.expr(expression)));
      case AST_NODE_TYPES.TaggedTemplateExpression:
        return union(this.expr(node.tag), this.expr(node.quasi));
      case AST_NODE_TYPES.ChainExpression:
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSInstantiationExpression:
        return this.expr(node.expression);
      case AST_NODE_TYPES.AssignmentPattern:
        return this.expr(node.right);
      case AST_NODE_TYPES.ImportExpression:
        return this.expr(node.source);
      case AST_NODE_TYPES.ArrowFunctionExpression:
      case AST_NODE_TYPES.FunctionExpression:
        this.noteStart(node);
        return EMPTY;
      default:
        return EMPTY;
    }
  }

  /** Evaluates code that runs only on some paths (the right of `&&`, a `??=` value). */
  private conditionally(test: ReadonlySet<Fact>, evaluate: () => ReadonlySet<Fact>): ReadonlySet<Fact> {
    const before = this.state.clone();
    this.control.push(test);
    const result = evaluate();
    this.control.pop();
    this.state = State.merge([before, this.state]);
    return result;
  }

  /** A shared variable is read from memory every time; only the task's own locals carry what was assigned. */
  private readIdentifier(node: TSESTree.Identifier): ReadonlySet<Fact> {
    const rendered = this.shared.renderState(node);
    if (rendered?.role === 'snapshot') return new Set([{ kind: 'read', location: rendered.location, node, heldFlags: this.state.held, snapshot: true }]);
    const location = this.shared.locationOf(node);
    if (location) return new Set([this.read(location, node)]);
    const variable = this.bindings.variableOf(node);
    return variable ? (this.state.vars.get(variable) ?? EMPTY) : EMPTY;
  }

  private readMember(node: TSESTree.MemberExpression): ReadonlySet<Fact> {
    const location = this.shared.locationOf(node);
    if (!location) {
      return union(this.expr(node.object), node.computed ? this.expr(node.property) : EMPTY);
    }
    return union(this.chainDeps(node), new Set([this.read(location, node)]));
  }

  /** Dependencies of a member chain's computed keys and its root local, without reading the prefixes. */
  private chainDeps(node: TSESTree.Node): ReadonlySet<Fact> {
    const inner = unwrap(node);
    if (inner.type === AST_NODE_TYPES.MemberExpression) {
      return union(this.chainDeps(inner.object), inner.computed ? this.expr(inner.property) : EMPTY);
    }
    if (inner.type === AST_NODE_TYPES.Identifier) {
      const variable = this.bindings.variableOf(inner);
      return variable ? (this.state.vars.get(variable) ?? EMPTY) : EMPTY;
    }
    if (inner.type === AST_NODE_TYPES.ThisExpression) return EMPTY;
    return this.expr(inner);
  }

  private inExpression(node: TSESTree.BinaryExpression): ReadonlySet<Fact> {
    const key = this.expr(node.left);
    const container = this.shared.locationOf(node.right);
    if (!container) return union(key, this.expr(node.right));
    const name = propertyName(node.left, true);
    const entry = childLocation(container, name ?? `[${this.getText(node.left)}]`, `\`${this.getText(node.right)}[${this.getText(node.left)}]\``);
    return union(key, this.chainDeps(node.right), new Set([this.read(entry, node)]));
  }

  private call(node: TSESTree.CallExpression): ReadonlySet<Fact> {
    const callee = unwrap(node.callee);
    const synchronous = outerParent(node).parent?.type !== AST_NODE_TYPES.AwaitExpression;
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return this.plainCall(node, callee, synchronous);
    const method = propertyName(callee.property, callee.computed);
    if (method && CONTINUATION_METHODS.has(method) && this.options.continuations) return this.continuationCall(node, callee, synchronous);
    if (this.options.continuations && isScheduled(node)) return this.scheduledCall(node);
    const container = method && this.shared.mayBeCollection(callee.object) ? this.shared.locationOf(callee.object) : null;
    if (container && method && synchronous && (MAP_READS.has(method) || ENTRY_WRITES.has(method) || WHOLE_WRITES.has(method))) {
      const base = this.chainDeps(callee.object);
      const args = node.arguments.map((argument) => this.expr(argument));
      const keyNode = node.arguments[0];
      const entry = keyNode ? childLocation(container, `{${this.getText(keyNode)}}`, `the \`${this.getText(callee.object)}\` entry for \`${this.getText(keyNode)}\``) : container;
      if (MAP_READS.has(method)) return union(base, ...args, new Set([this.read(entry, node)]));
      const target = ENTRY_WRITES.has(method) ? entry : container;
      // `set` replaces an entry with a value; array mutators change the live array in place and
      // overwrite nothing another task wrote (a check before them still counts, as control).
      const value = method === 'set' ? union(this.options.opaqueAnswers ? EMPTY : base, args[1] ?? EMPTY) : EMPTY;
      this.recordWrite(node, target, value, EMPTY);
      return method === 'pop' || method === 'shift' ? new Set([this.read(container, node)]) : EMPTY;
    }
    return this.plainCall(node, callee, synchronous);
  }

  private plainCall(node: TSESTree.CallExpression, callee: TSESTree.Node, synchronous: boolean): ReadonlySet<Fact> {
    if (this.options.continuations && isScheduled(node)) return this.scheduledCall(node);
    const receiver = this.expr(callee);
    const args = node.arguments.map((argument) => this.expr(argument));
    const asIs = synchronous ? [] : this.answers.argumentsAsIs(node).map((argument) => args[node.arguments.indexOf(argument as TSESTree.CallExpressionArgument)]!);
    for (const argument of node.arguments) if (isFunction(argument) && this.shared.draftOf(argument)) this.updater(argument);
    const rendered = callee.type === AST_NODE_TYPES.Identifier ? this.shared.renderState(callee) : null;
    if (rendered?.role === 'setter') this.recordWrite(node, rendered.location, union(...args), EMPTY);
    // What the callee consults is a check at the call; an awaited answer is still the callee's own.
    const consulted = this.calledFunctionEffects(node);
    this.noteHeldCall(node, !synchronous);
    if (!synchronous) this.receivers.set(node, this.options.opaqueAnswers ? EMPTY : union(receiver, ...asIs));
    if (!synchronous && consulted.size > 0) this.consultedBy.set(node, consulted);
    return union(receiver, consulted, ...args);
  }

  /**
   * A call of a function this file shows acts at the call site as its summary says: it reads what
   * the callee reads before its first `await` (so `if (this.needsRefresh())` is a check of
   * `this.token`), writes what it writes before that, and writes later what it writes after it.
   */
  private calledFunctionEffects(call: TSESTree.CallExpression): ReadonlySet<Fact> {
    const summary = this.summaries.ofCall(call);
    if (!summary) return EMPTY;
    const reads = new Set<Fact>();
    const seen = new Set<string>();
    for (const location of summary.reads) {
      if (seen.has(flagKey(location))) continue;
      seen.add(flagKey(location));
      reads.add(this.read(location, call));
    }
    for (const write of summary.writesAtCall) this.recordWrite(call, write.location, EMPTY, EMPTY, { ...write, awaited: [], calleeReads: summary.reads });
    for (const later of summary.writesLater) this.recordLaterWrite(call, { ...later, calleeReads: summary.reads });
    return reads;
  }

  /**
   * `if (this.connecting) return this.connecting; this.connecting = this.doConnect();`: the call's
   * promise is stored, with nothing in between, in the field this task checked, so a second call
   * waits for it instead of calling again (single flight).
   */
  private memoises(call: TSESTree.CallExpression, control: ReadonlySet<Fact>): boolean {
    // `pending = setup().finally(() => { pending = undefined; })` stores the chain's promise: the same single flight.
    const { parent, child } = outerParent(outermostChain(call));
    if (parent?.type !== AST_NODE_TYPES.AssignmentExpression || parent.right !== child) return false;
    // `entry.loading ??= load().then(…)`: the check and the store are one step, seen by every task that reaches the same object.
    if (parent.operator === '??=' || parent.operator === '||=') return this.seenByOthers(parent.left);
    if (parent.operator !== '=') return false;
    const memo = this.shared.locationOf(parent.left);
    return memo !== null && [...control].some((fact) => fact.kind === 'read' && this.state.fresh.has(fact) && flagKey(fact.location) === flagKey(memo));
  }

  /**
   * A shared location, or a property of an object this task took from shared state
   * (`const entry = this.pending.find(…)`): other tasks reach it too. Not a property of an
   * object this call made or was handed.
   */
  private seenByOthers(target: TSESTree.Node): boolean {
    if (this.shared.locationOf(target)) return true;
    let root = unwrap(target);
    while (root.type === AST_NODE_TYPES.MemberExpression) root = unwrap(root.object);
    const variable = root.type === AST_NODE_TYPES.Identifier && root !== unwrap(target) ? this.bindings.variableOf(root) : null;
    return [...((variable && this.state.vars.get(variable)) ?? EMPTY)].some((fact) => fact.kind === 'read');
  }

  /** The callee's write after its own `await`: every check this task made before the call is stale by then. */
  private recordLaterWrite(call: TSESTree.CallExpression, later: LaterWrite & { calleeReads: readonly Location[] }): void {
    const control = union(...this.control);
    if (this.memoises(call, control)) return;
    const stale: StaleRead[] = [];
    for (const fact of control) {
      if (fact.kind !== 'read' || !overlaps(fact.location, later.location) || this.state.claimed.has(fact) || this.state.covers(fact)) continue;
      const interleaving = this.state.crossed.get(fact) ?? (this.state.fresh.has(fact) ? later.after : null);
      if (interleaving) stale.push({ fact, interleaving, via: 'control' });
    }
    const write: SharedWrite = { node: call, location: later.location, valueDeps: [], controlDeps: [...control], stale, continuation: this.continuation, through: later };
    this.writes.push(write);
    this.noteCheckOfOtherState(write, stale, control);
  }

  /** `new Promise((resolve) => { this.socket = new Socket(url); … })`: the executor runs now, on this path; its `return` ends only it. */
  private executor(callback: FunctionNode): void {
    const control = [...this.control];
    this.body(callback);
    this.state.dead = false;
    this.control.splice(0, this.control.length, ...control);
  }

  /**
   * An updater callback (`this.update((state) => { state.items = [...items, item]; })`) runs at
   * the call, and its writes through the draft are writes of the state: walk it in place.
   */
  private updater(callback: FunctionNode): void {
    const saved = { state: this.state, control: [...this.control] };
    this.state = this.state.clone();
    this.body(callback);
    this.state = saved.state;
    this.control.splice(0, this.control.length, ...saved.control);
  }

  /** `p.then(cb)` in strict mode: `cb` runs after an interleaving point, with the locals it captured. */
  private continuationCall(node: TSESTree.CallExpression, callee: TSESTree.MemberExpression, synchronous: boolean): ReadonlySet<Fact> {
    const promise = this.expr(callee.object);
    if (!synchronous) this.receivers.set(node, this.options.opaqueAnswers ? EMPTY : promise);
    for (const argument of node.arguments) {
      const callback = unwrap(argument);
      if (!isFunction(callback)) {
        this.expr(argument);
        continue;
      }
      // The checks around the chain still decide whether the callback's writes happen, unless the
      // chain's promise is memoised in the field checked (single flight).
      const memoised = this.memoises(outermostChain(node), union(...this.control));
      this.laterCallback(node, callback, memoised, union(this.settledValue(callee.object, promise), new Set([{ kind: 'await', node }])));
    }
    return promise;
  }

  /**
   * `setTimeout(() => { … })`, `queueMicrotask`, `process.nextTick`: the callback runs once,
   * later, after other tasks have run, with the checks made around the call still deciding it.
   */
  private scheduledCall(node: TSESTree.CallExpression): ReadonlySet<Fact> {
    const callback = unwrap(node.arguments[0]!) as FunctionNode;
    this.noteStart(callback);
    for (const argument of node.arguments.slice(1)) this.expr(argument);
    // `if (!timer) timer = setTimeout(() => { timer = null; … })`: the handle is stored, claiming the check, before the callback runs.
    this.laterCallback(node, callback, this.memoises(node, union(...this.control)), EMPTY);
    return EMPTY;
  }

  /** Walks a callback that runs after an interleaving point (`at`), its first parameter holding `settled`. */
  private laterCallback(at: TSESTree.CallExpression, callback: FunctionNode, memoised: boolean, settled: ReadonlySet<Fact>): void {
    const saved = { state: this.state, continuation: this.continuation, control: [...this.control] };
    if (memoised) this.control.splice(0);
    this.state = this.state.clone();
    // The caller goes on at once: its own next interleaving point decides a replacement made before the callback.
    this.state.pendingActs.length = 0;
    this.interleave(at);
    this.continuation = at;
    const first = callback.params[0];
    if (first) this.assignPattern(first, settled, at);
    this.body(callback);
    this.state = saved.state;
    this.continuation = saved.continuation;
    this.control.splice(0, this.control.length, ...saved.control);
  }

  /**
   * What a continuation callback's parameter holds: the answer of the call that made the promise
   * (`this.client.query(this.connection).catch((error) => …)`), which keeps the reads in that
   * call only when the call builds its answer from them (`AnswerSources`).
   */
  private settledValue(promise: TSESTree.Node, deps: ReadonlySet<Fact>): ReadonlySet<Fact> {
    let origin = unwrap(promise);
    while (origin.type === AST_NODE_TYPES.CallExpression && CONTINUATION_METHODS.has(calledMethodName(origin) ?? '') && calleeObject(origin)) {
      origin = unwrap(calleeObject(origin)!);
    }
    if (origin.type !== AST_NODE_TYPES.CallExpression) return EMPTY;
    // Only earlier answers, nothing read: no need to ask what the callee builds its answer from.
    // With opaque answers, only a callee seen to build its answer from its arguments passes them on.
    if (this.options.opaqueAnswers) return this.answers.usesArguments(origin) ? deps : EMPTY;
    return ![...deps].some((fact) => fact.kind === 'read') || this.answers.usesArguments(origin) ? deps : EMPTY;
  }

  private awaitExpression(node: TSESTree.AwaitExpression): ReadonlySet<Fact> {
    const operand = this.expr(node.argument);
    this.awaits.push({ node, operandDeps: [...operand], controlDeps: [...union(...this.control)] });
    this.interleave(node);
    return union(this.answerOf(node.argument, operand), new Set([{ kind: 'await', node }]));
  }

  /**
   * What an awaited value is built from. A call answers with what the callee has, not with the
   * arguments passed in, unless it visibly builds its answer from them (`AnswerSources`): the
   * answer keeps what the call was made on, the values a plain function is handed as they are,
   * and earlier answers, not the other reads in its arguments.
   */
  private answerOf(argument: TSESTree.Node, operand: ReadonlySet<Fact>): ReadonlySet<Fact> {
    const call = unwrap(argument);
    if (call.type !== AST_NODE_TYPES.CallExpression) {
      // A stored promise or value answers with itself; `await (test ? a() : b())` with a call's answer, not the test.
      const stored = call.type === AST_NODE_TYPES.Identifier || call.type === AST_NODE_TYPES.MemberExpression;
      return this.options.opaqueAnswers && !stored ? EMPTY : operand;
    }
    const receiver = this.receivers.get(call) ?? EMPTY;
    const answer = [...operand].filter((fact) => fact.kind === 'await' || receiver.has(fact));
    // Nothing read in the arguments: no need to ask what the callee builds its answer from.
    if (answer.length === operand.size) return operand;
    if (!this.answers.usesArguments(call)) return new Set(answer);
    // The state the callee consulted is in its answer only when it gives back what it read (`return this.cache.get(key)`).
    const consulted = this.consultedBy.get(call);
    return consulted && !this.answers.returnsState(call) ? new Set([...operand].filter((fact) => !consulted.has(fact))) : operand;
  }

  private assignment(node: TSESTree.AssignmentExpression): ReadonlySet<Fact> {
    const target = unwrap(node.left);
    if (node.operator === '=') {
      if (target.type === AST_NODE_TYPES.Identifier || target.type === AST_NODE_TYPES.MemberExpression) {
        const base = target.type === AST_NODE_TYPES.MemberExpression ? this.chainDeps(target) : EMPTY;
        const value = this.expr(node.right);
        this.writeTarget(node, target, this.options.opaqueAnswers ? value : union(base, value), EMPTY);
        this.noteMemoisedCall(node, target);
        if (node.right.type === AST_NODE_TYPES.Identifier && ![...value].some((fact) => fact.kind === 'read')) this.takeToken(node.right, node);
        return value;
      }
      const value = this.expr(node.right);
      this.assignPattern(node.left, value, node);
      return value;
    }
    if (node.operator === '&&=' || node.operator === '||=' || node.operator === '??=') {
      const old = this.readTarget(target);
      const value = this.conditionally(old, () => this.expr(node.right));
      this.writeTarget(node, target, value, old);
      if (node.operator !== '&&=') this.noteMemoisedCall(node, target);
      return union(old, value);
    }
    return this.readModifyWrite(node, target, null, node.right);
  }

  /**
   * `x += v`, `x++`: read, then evaluate the operand, then write a value built from both. With no
   * interleaving point in the operand the base is read at the write, so the operand is this task's
   * own amount even when it was worked out from an earlier read (`this.pending -= batch` giving
   * back what it reserved): it overwrites nothing. `total += await delta()` reads `total` first.
   */
  private readModifyWrite(node: TSESTree.Node, target: TSESTree.Node, extra: ReadonlySet<Fact> | null, operand?: TSESTree.Node): ReadonlySet<Fact> {
    const old = this.readTarget(unwrap(target));
    const amount = operand ? this.expr(operand) : EMPTY;
    const value = union(old, extra ?? EMPTY, amount);
    this.writeTarget(node, unwrap(target), operand && !waitsWithin(operand) ? union(old, extra ?? EMPTY) : value, EMPTY);
    return value;
  }

  private readTarget(target: TSESTree.Node): ReadonlySet<Fact> {
    return target.type === AST_NODE_TYPES.Identifier || target.type === AST_NODE_TYPES.MemberExpression ? this.expr(target) : EMPTY;
  }

  private writeTarget(node: TSESTree.Node, target: TSESTree.Node, value: ReadonlySet<Fact>, guard: ReadonlySet<Fact>): void {
    const location = this.shared.locationOf(target);
    if (location) {
      this.recordWrite(node, location, value, guard);
    } else if (target.type === AST_NODE_TYPES.Identifier) {
      const variable = this.bindings.variableOf(target);
      if (variable) this.state.vars.set(variable, new Set(value));
    }
  }

  private assignPattern(pattern: TSESTree.Node, value: ReadonlySet<Fact>, node: TSESTree.Node): void {
    switch (pattern.type) {
      case AST_NODE_TYPES.Identifier:
      case AST_NODE_TYPES.MemberExpression:
        this.writeTarget(node, pattern, value, EMPTY);
        return;
      case AST_NODE_TYPES.ObjectPattern:
        for (const property of pattern.properties) {
          this.assignPattern(property.type === AST_NODE_TYPES.Property ? property.value : property.argument, value, node);
        }
        return;
      case AST_NODE_TYPES.ArrayPattern:
        for (const element of pattern.elements) if (element) this.assignPattern(element, value, node);
        return;
      case AST_NODE_TYPES.RestElement:
        this.assignPattern(pattern.argument, value, node);
        return;
      case AST_NODE_TYPES.AssignmentPattern:
        this.assignPattern(pattern.left, union(value, this.expr(pattern.right)), node);
        return;
      default:
        return;
    }
  }

  // ---- generation tokens -------------------------------------------------------------------

  /**
   * `const generation = ++this.generation` or `this.current = token`: the local holds the value
   * this task stored in a shared location, so a later `if (generation !== this.generation) return`
   * proves no other run has started since.
   */
  private takeToken(local: TSESTree.Node, stored: TSESTree.Node): void {
    const variable = local.type === AST_NODE_TYPES.Identifier ? this.bindings.variableOf(local) : null;
    const write = unwrap(stored);
    const target =
      write.type === AST_NODE_TYPES.UpdateExpression ? write.argument : write.type === AST_NODE_TYPES.AssignmentExpression ? write.left : null;
    const location = target && this.shared.locationOf(target);
    if (variable && location) this.tokens.set(variable, { location, takenAt: write });
  }

  /** After `if (token !== this.source) return;`, reads made since the token was taken are current again. */
  private revalidateByToken(test: TSESTree.Node): void {
    const checked = disjuncts(test).map((part) => this.tokenComparison(part)).find((token) => token !== null);
    if (!checked) return;
    for (const [fact, at] of [...this.state.crossed]) {
      if (at.range[0] < checked.takenAt.range[0]) continue;
      this.state.crossed.delete(fact);
      this.state.fresh.add(fact);
    }
  }

  private tokenComparison(part: TSESTree.Node): { takenAt: TSESTree.Node } | null {
    if (part.type !== AST_NODE_TYPES.BinaryExpression || (part.operator !== '!==' && part.operator !== '!=')) return null;
    const sides: Array<[TSESTree.Node, TSESTree.Node]> = [
      [part.left, part.right],
      [part.right, part.left],
    ];
    for (const [local, other] of sides) {
      const variable = local.type === AST_NODE_TYPES.Identifier ? this.bindings.variableOf(local) : null;
      const token = variable && this.tokens.get(variable);
      const location = token ? this.shared.locationOf(other) : null;
      if (token && location && flagKey(location) === flagKey(token.location)) return token;
    }
    return null;
  }

  /**
   * A function started while this task holds busy flags runs holding them: the flags are released
   * when it is done (`running = true; (async () => { … })().finally(() => { running = false })`)
   * or by it, not before. On a path walked twice, only the flags held both times count.
   */
  private noteStart(fn: FunctionNode): void {
    if (this.state.held.size === 0 || !isStartedOnce(fn)) return;
    // Released by this function once `fn` has started: `fn` runs on past the release.
    const releasedAfter = (flag: string): boolean =>
      this.assignments(flag).some((assignment) => assignment.range[0] > fn.range[1] && enclosingFunction(assignment) === this.fn);
    const before = this.startedHolding.get(fn);
    const held = [...this.state.held].filter((flag) => !releasedAfter(flag) && (!before || before.has(flag)));
    this.startedHolding.set(fn, new Set(held));
  }

  /**
   * A call of a function of this file made while this task holds busy flags (`if (this.polling)
   * return; this.polling = true; try { await this.#poll(); } finally { … }`): the callee runs
   * holding those the task does not give back before the callee is done, that is all of them when
   * the call is awaited where it is made, else those this function's own code does not assign
   * again after starting it. On a path walked twice, only the flags held both times count.
   */
  private noteHeldCall(call: TSESTree.CallExpression, awaited: boolean): void {
    if (this.state.held.size === 0 || !this.summaries.ofCall(call)) return;
    const releasedAfter = (flag: string): boolean =>
      !awaited && this.assignments(flag).some((assignment) => assignment.range[0] > call.range[1] && enclosingFunction(assignment) === this.fn);
    const before = this.startedHolding.get(call);
    this.startedHolding.set(call, new Set([...this.state.held].filter((flag) => !releasedAfter(flag) && (!before || before.has(flag)))));
  }

  /**
   * `this.closing = this.close(); await this.closing;` after `if (this.closing) return …`, or
   * `this.starting ??= this.start().finally(…)`: the claim holds the field while the call's promise
   * is pending, so no other call starts it meanwhile. (Its synchronous start runs before the field
   * is set, but nothing else can run then.) The promise may come through a `.then/.catch/.finally`
   * chain on the call. This function's own code must not assign the field again before awaiting it:
   * `try { this.closing = this.close(); return this.closing; } finally { this.closing = undefined; }`
   * clears it at once.
   */
  private noteMemoisedCall(assignment: TSESTree.AssignmentExpression, target: TSESTree.Node): void {
    const call = memoisedCall(assignment.right);
    const executor = call ? null : asyncExecutorOf(assignment.right);
    const location = this.shared.locationOf(target);
    if ((!call && !executor) || !location || !this.state.held.has(flagKey(location))) return;
    const key = flagKey(location);
    const waits = this.ownAwaits().filter((point) => {
      const waited = point.range[0] > assignment.range[1] ? this.shared.locationOf(point.argument) : null;
      return waited !== null && flagKey(waited) === key;
    });
    const releasedEarly = this.assignments(key).some(
      (other) => other !== assignment && enclosingFunction(other) === this.fn && other.range[0] > assignment.range[1] && !waits.some((point) => point.range[1] <= other.range[0]),
    );
    if (releasedEarly) return;
    const held = new Set([key]);
    if (call) this.startedHolding.set(call, held);
    // An async IIFE or executor memoised this way (`this.starting = (async () => { … })()`,
    // `this.setup = new Promise(async (resolve) => { … })`) runs holding it too.
    const started = call ? unwrap(call.callee) : executor;
    if (started && isFunction(started)) this.startedHolding.set(started, new Set([...(this.startedHolding.get(started) ?? []), ...held]));
  }

  /** The `await` expressions of this function's own code (not of its callbacks). */
  private ownAwaits(): TSESTree.AwaitExpression[] {
    const found: TSESTree.AwaitExpression[] = [];
    const visit = (node: TSESTree.Node): void => {
      if (isFunction(node)) return;
      if (node.type === AST_NODE_TYPES.AwaitExpression) found.push(node);
      for (const child of childNodes(node)) visit(child);
    };
    visit(this.fn.body);
    return found;
  }

  // ---- facts ------------------------------------------------------------------------------

  private read(location: Location, node: TSESTree.Node): ReadFact {
    const fact: ReadFact = { kind: 'read', location, node, heldFlags: this.state.held };
    this.state.fresh.add(fact);
    return fact;
  }

  private interleave(at: TSESTree.Node): void {
    this.state.interleave(at);
  }

  private recordWrite(node: TSESTree.Node, location: Location, value: ReadonlySet<Fact>, guard: ReadonlySet<Fact>, through?: SharedWrite['through']): void {
    const control = union(guard, ...this.control);
    // A check of the same location made again after the last interleaving point re-validates it.
    const revalidated = [...control].some((fact) => fact.kind === 'read' && this.state.fresh.has(fact) && overlaps(fact.location, location));
    const stale: StaleRead[] = [];
    const seen = new Set<ReadFact>();
    const collect = (deps: ReadonlySet<Fact>, via: StaleRead['via']): void => {
      for (const fact of deps) {
        if (fact.kind !== 'read' || seen.has(fact) || !overlaps(fact.location, location)) continue;
        const interleaving = this.state.crossed.get(fact) ?? (fact.snapshot ? this.awaits.find((point) => point.node.range[1] < node.range[0])?.node : undefined);
        if (!interleaving) continue;
        if (via === 'control' && (revalidated || this.state.claimed.has(fact))) continue;
        if (this.state.covers(fact) || (via === 'value' && (this.restoresSaved(node, fact, location) || settlesInPlace(node, fact)))) continue;
        seen.add(fact);
        const picked = fact.selection === true && flagKey(fact.location) === flagKey(location);
        stale.push({ fact, interleaving, via: picked ? 'control' : via });
      }
    };
    if (!this.raisesBound(node, value, location)) {
      const emptied = this.emptiedAfterTaking(node, location);
      if (emptied) stale.push(emptied);
      collect(value, 'value');
      // Clearing the location after the branch (`if (this.conn) await this.conn.close(); this.conn = undefined;`) ends the work rather than claiming it late.
      collect(isRelease(node) ? control : union(control, this.state.branchChecks), 'control');
    }
    const write: SharedWrite = { node, location, valueDeps: [...value], controlDeps: [...control], stale, continuation: this.continuation, ...(through ? { through } : {}) };
    this.writes.push(write);
    if (!revalidated) this.noteCheckOfOtherState(write, stale, control);
    this.claim(write, control);
  }

  /**
   * A write guarded by a stale check of some other location (`if (clientCount === 0) { browser =
   * await launch(); } clientCount++;`) is a duplicate act when this function writes the checked
   * location itself, but only after the interleaving point (a write before it would have claimed
   * the check): until then every call passes the check. Resolved once the whole function is
   * walked (`resolveLateClaims`).
   */
  private noteCheckOfOtherState(write: SharedWrite, stale: StaleRead[], control: ReadonlySet<Fact>): void {
    // Checked again since the interleaving point, here (`if (!this.stopped())`) or by the called function itself.
    const rechecked = (location: Location): boolean =>
      [...control].some((other) => other.kind === 'read' && this.state.fresh.has(other) && overlaps(other.location, location)) ||
      (write.through?.calleeReads ?? []).some((read) => overlaps(read, location));
    for (const fact of control) {
      if (fact.kind !== 'read' || overlaps(fact.location, write.location) || this.state.claimed.has(fact) || this.state.covers(fact) || rechecked(fact.location) || isNestingCounter(fact.location)) continue;
      const interleaving = this.state.crossed.get(fact);
      if (interleaving) this.otherStateChecks.push({ write, stale, fact, interleaving });
    }
  }

  private resolveLateClaims(): void {
    for (const { write, stale, fact, interleaving } of this.otherStateChecks) {
      if (stale.some((known) => known.fact === fact)) continue;
      // Unclaimed where `write` is made, so these writes of the checked location come after the interleaving point.
      const claims = this.writes.filter((other) => other.node.range[0] > fact.node.range[1] && overlaps(other.location, fact.location));
      // A claim the check itself guards, made with or after this write (`this.token = …; this.expiresAt = …;`
      // past `if (this.expiresAt > now) return`), is reported as the race: one report for one race.
      const reportedLater = claims.some((other) => other !== write && other.node.range[0] >= write.node.range[0] && other.controlDeps.includes(fact));
      if (claims.length > 0 && !reportedLater) stale.push({ fact, interleaving, via: 'control', otherState: true });
    }
  }

  /**
   * `const text = this.buffer; await send(text); this.buffer = '';`: the task took the contents
   * before the `await` and empties the location after it, though other code adds to it
   * (`this.buffer += chunk`). What was added meanwhile is dropped unsent: a lost update whose
   * written value does not depend on the read. Not when the task looked at it again since, nor
   * when it only computed with it (`2 ** this.retries`, `this.retries < max`): a counter reset.
   */
  private emptiedAfterTaking(node: TSESTree.Node, location: Location): StaleRead | null {
    if (node.type !== AST_NODE_TYPES.AssignmentExpression || node.operator !== '=' || !isEmptyValue(node.right)) return null;
    const key = flagKey(location);
    if ([...this.state.fresh].some((fact) => flagKey(fact.location) === key)) return null;
    // The last read before the interleaving point is where the contents were taken.
    const taken = [...this.state.crossed]
      .filter(([fact]) => flagKey(fact.location) === key && !fact.snapshot && takenWhole(fact.node) && !this.state.covers(fact))
      .sort(([a], [b]) => b.node.range[0] - a.node.range[0])[0];
    if (!taken || !this.accumulations.accumulates(location)) return null;
    return { fact: taken[0], interleaving: taken[1], via: 'value', emptied: true };
  }

  /**
   * `this.latest = Math.max(this.latest, n)`, the location read again since the last interleaving
   * point: the write only raises (or lowers) the current bound, so whatever another task stored
   * meanwhile is kept, and a stale check before it decides nothing.
   */
  private raisesBound(node: TSESTree.Node, value: ReadonlySet<Fact>, location: Location): boolean {
    if (node.type !== AST_NODE_TYPES.AssignmentExpression || node.operator !== '=') return false;
    const right = unwrap(node.right);
    if (right.type !== AST_NODE_TYPES.CallExpression || !['max', 'min'].includes(calledMethodName(right) ?? '')) return false;
    const math = calleeObject(right);
    if (math?.type !== AST_NODE_TYPES.Identifier || math.name !== 'Math') return false;
    return [...value].some((fact) => fact.kind === 'read' && this.state.fresh.has(fact) && flagKey(fact.location) === flagKey(location));
  }

  /**
   * `const prev = ctx.suite; ctx.suite = suite; await fn(); ctx.suite = prev;`: putting back a
   * value this task saved before overriding it ends a scope (or rolls back a change); it builds
   * nothing on the stale value.
   */
  private restoresSaved(write: TSESTree.Node, fact: ReadFact, location: Location): boolean {
    if (write.type !== AST_NODE_TYPES.AssignmentExpression || write.operator !== '=') return false;
    const saved = unwrap(write.right);
    const variable = saved.type === AST_NODE_TYPES.Identifier ? this.bindings.variableOf(saved) : null;
    const def = variable?.defs[0];
    if (!variable || def?.type !== 'Variable' || def.node.type !== AST_NODE_TYPES.VariableDeclarator || !def.node.init) return false;
    if (variable.references.some((reference) => reference.isWrite() && !reference.init)) return false;
    const init = unwrap(def.node.init);
    const elements = init.type === AST_NODE_TYPES.ObjectExpression ? init.properties : init.type === AST_NODE_TYPES.ArrayExpression ? init.elements : null;
    const copied = elements?.length === 1 && elements[0]?.type === AST_NODE_TYPES.SpreadElement ? unwrap(elements[0].argument) : init;
    if (copied !== fact.node) return false;
    return this.writes.some((other) => overlaps(other.location, location) && other.node.range[0] > fact.node.range[1] && other.node.range[1] < write.range[0]);
  }

  /**
   * A write of a location whose check is still fresh claims it. Assigning it a non-empty value
   * takes a hold, like a try-lock, until the next assignment: one this function makes later
   * (`if (this.busy) return; this.busy = true; … finally { this.busy = false }`, or a state
   * machine's `phase: 'starting'` … `phase: 'started'`), or, for a field this function never
   * assigns again, whatever other code resets it.
   */
  private claim(write: SharedWrite, control: ReadonlySet<Fact>): void {
    const { node, location } = write;
    const key = flagKey(location);
    const assignment = node.type === AST_NODE_TYPES.AssignmentExpression && ['=', '??=', '||='].includes(node.operator) ? node : null;
    if (assignment?.operator === '=' && this.state.held.has(key)) {
      this.state.held = new Set([...this.state.held].filter((flag) => flag !== key));
      return;
    }
    let claimed = false;
    let shutsOut = false;
    const storesValue = assignment ? literalTruth(assignment.right) !== false : node.type === AST_NODE_TYPES.CallExpression && ['set', 'add'].includes(calledMethodName(node) ?? '');
    const claims = (fact: Fact): fact is ReadFact => fact.kind === 'read' && this.state.fresh.has(fact) && overlaps(fact.location, location);
    const replaced = replacesWithNew(write);
    for (const fact of control) {
      if (!claims(fact)) continue;
      // `this.socket = new Socket()` under `this.socket.readyState !== OPEN`: the new object's state is
      // not what was checked, so the check still passes for other calls until the work completes.
      if (replaced && fact.location.path.length > location.path.length) {
        this.state.pendingActs.push({ write, fact });
      } else {
        this.state.claimed.add(fact);
        claimed = true;
        shutsOut ||= storesValue && flagKey(fact.location) === key && reachedOnlyWhenEmpty(fact.node, node);
      }
    }
    // No other task reaches this point while the claimed value stays: the other checks that led here are ours too.
    if (shutsOut) for (const fact of control) if (fact.kind === 'read' && this.state.fresh.has(fact)) this.state.claimed.add(fact);
    // `const wasReady = this.ready; this.ready = false; … if (!wasReady) return;`: a check kept in a
    // local is claimed by the write that follows it as much as one made in the condition.
    for (const fact of this.state.fresh) {
      if (overlaps(fact.location, location) && fact.node.range[1] <= node.range[0] && !(replaced && fact.location.path.length > location.path.length)) this.state.claimed.add(fact);
    }
    for (const test of this.control) {
      if (!this.conjunctions.has(test) || ![...test].some(claims)) continue;
      for (const fact of test) if (fact.kind === 'read' && this.state.fresh.has(fact)) this.state.claimed.add(fact);
    }
    if (!claimed || !assignment || literalTruth(assignment.right) === false) return;
    // A latch that this function never gives back (`if (this.started) return; this.started = true;`,
    // a promise memoised for good: `this.p ??= start()`) lets one call past the check until other
    // code resets it, when the check shuts out every call that finds it set (not one `||` part of
    // it). Not per key: a `this.items[key]` latch lets calls for other keys through.
    const latch = (shutsOut || assignment.operator !== '=') && location.path.every((segment) => !segment.startsWith('[') && !segment.startsWith('{'));
    if (!latch && !this.assignments(key).some((other) => other !== assignment)) return;
    this.state.held = new Set([...this.state.held, key]);
    const covered = new Map(this.state.heldAtClaim);
    for (const fact of this.state.fresh) if (!covered.has(fact)) covered.set(fact, key);
    this.state.heldAtClaim = covered;
  }

  /** The `=` assignments of a location in this function, callbacks in it included (one may release a flag when the work is done). */
  private assignments(key: string): readonly TSESTree.AssignmentExpression[] {
    if (!this.assignmentsByKey) {
      const byKey = new Map<string, TSESTree.AssignmentExpression[]>();
      const visit = (node: TSESTree.Node): void => {
        if (node.type === AST_NODE_TYPES.AssignmentExpression && node.operator === '=') {
          const location = this.shared.locationOf(node.left);
          if (location) byKey.set(flagKey(location), [...(byKey.get(flagKey(location)) ?? []), node]);
        }
        for (const child of childNodes(node)) visit(child);
      };
      visit(this.fn.body);
      this.assignmentsByKey = byKey;
    }
    return this.assignmentsByKey.get(key) ?? [];
  }
}

/**
 * A `yield` in a plain generator driven as a coroutine (co, redux-saga): its driver resumes it
 * after other work, when the generator uses what the `yield` answers (`result += yield`,
 * `const user = yield call(api)`) or yields an effect to run (`yield put(action)`). A `yield value;`
 * statement of an iterator hands out a value and interleaves nothing.
 */
function isCoroutineYield(node: TSESTree.YieldExpression): boolean {
  if (node.delegate) return false;
  const argument = node.argument && unwrap(node.argument);
  return outerParent(node).parent?.type !== AST_NODE_TYPES.ExpressionStatement || argument?.type === AST_NODE_TYPES.CallExpression;
}

/**
 * Whether a test passes when the read finds the location empty (`!this.inited`, `count === 0`,
 * `x == null`): the branch it guards then does the work that a later write claims. A branch taken
 * when the location is set (`if (this.pending) await this.pending;`) joins work already claimed.
 */
function testsEmpty(read: TSESTree.Node): boolean {
  let empty = false;
  for (let node: TSESTree.Node = read; node.parent; node = node.parent) {
    const parent = node.parent;
    if (parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === '!') empty = !empty;
    else if (parent.type === AST_NODE_TYPES.BinaryExpression && ['===', '==', '!==', '!='].includes(parent.operator)) {
      const other = parent.left === node ? parent.right : parent.left;
      if (literalTruth(other) === false || (other.type === AST_NODE_TYPES.Literal && other.value === null)) empty = parent.operator.startsWith('=') ? !empty : empty;
      else return false;
    } else if (parent.type !== AST_NODE_TYPES.LogicalExpression && parent.type !== AST_NODE_TYPES.ChainExpression && parent.type !== AST_NODE_TYPES.TSNonNullExpression) {
      return empty;
    }
  }
  return empty;
}

/**
 * `this.transactionDepth === 0`: a nesting depth counts how deep one flow has re-entered (the
 * outermost call begins the transaction, inner ones take savepoints). Calls that share it run one
 * after another by design, so a late raise of it claims nothing from concurrent calls.
 */
function isNestingCounter(location: Location): boolean {
  return /(?:depth|nesting|nestlevel)$/i.test(location.path.at(-1) ?? '');
}

/** `x = new Socket(…)`, here or in the called function that makes the write. */
function replacesWithNew(write: SharedWrite): boolean {
  const made = write.through?.node ?? write.node;
  const assignment = made.parent?.type === AST_NODE_TYPES.AssignmentExpression && made.parent.left === made ? made.parent : made;
  return assignment.type === AST_NODE_TYPES.AssignmentExpression && assignment.operator === '=' && unwrap(assignment.right).type === AST_NODE_TYPES.NewExpression;
}

/** `delete x[k]`, `x = undefined`, `x = false`: the write gives the location up. */
function isRelease(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.UnaryExpression) return node.operator === 'delete';
  return node.type === AST_NODE_TYPES.AssignmentExpression && node.operator === '=' && literalTruth(node.right) === false;
}

/**
 * Whether walking `fn` can find a stale read, asked before the walk: a syntactic superset. A
 * stale read is a read of a shared location, reported at a write of one that overlaps it, made
 * after an interleaving point (an `await` or `yield`, `await using`, `for await`, a `.then` or
 * one-shot scheduler's callback; inside a loop the point counts from the loop's start, as the
 * walk goes round twice), or after the callee's own `await` for a write an in-file function makes
 * later; a replacement by a `new` object counts wherever it is (the next point makes it
 * unsettled). Looks in `fn` and the callbacks its flow walks in place (a `.then`, timer or
 * updater callback, a `Promise` executor), and counts what in-file functions it calls read and
 * write (their summaries).
 */
export function mayHoldStaleRead(fn: FunctionNode, { shared, summaries }: Pick<FlowEnvironment, 'shared' | 'summaries'>): boolean {
  const reads: Location[] = [];
  const writes: Location[] = [];
  let firstPoint = Infinity;
  let lastWrite = -Infinity;
  /** A write that counts wherever it is: one a callee makes after its own `await`, or a replacement by a `new` object. */
  let writesAnywhere = false;
  let loopStart: number | null = null;
  const read = (location: Location | null): void => {
    if (location) reads.push(location);
  };
  const point = (at: number): void => {
    firstPoint = Math.min(firstPoint, loopStart ?? at);
  };
  const wrote = (location: Location, node: TSESTree.Node): void => {
    writes.push(location);
    lastWrite = Math.max(lastWrite, node.range[1]);
  };
  // Other nested functions (a listener, a callback kept for later) are their own flows.
  const walkedInPlace = (callback: FunctionNode): boolean => {
    const parent = callback.parent;
    if (parent.type === AST_NODE_TYPES.NewExpression) return promiseExecutor(parent) === callback;
    // A callback in a type assertion may still be handed to `.then`: keep looking.
    if (parent.type !== AST_NODE_TYPES.CallExpression) return unwrap(parent) !== parent;
    if (parent.callee === callback) return false;
    const name = calleeName(parent) ?? '';
    return CONTINUATION_METHODS.has(name) || ONE_SHOT_SCHEDULERS.has(name) || shared.draftOf(callback) !== null;
  };
  /** A target `node` writes: its location (each part of a destructuring pattern), and the reads in its keys. */
  const write = (target: TSESTree.Node, node: TSESTree.Node): void => {
    const inner = unwrap(target);
    if (inner.type === AST_NODE_TYPES.Identifier || inner.type === AST_NODE_TYPES.MemberExpression || inner.type === AST_NODE_TYPES.CallExpression) {
      const location = shared.locationOf(inner);
      if (location) wrote(location, node);
      if (location && node.type === AST_NODE_TYPES.AssignmentExpression && unwrap(node.right).type === AST_NODE_TYPES.NewExpression) writesAnywhere = true;
      if (inner.type !== AST_NODE_TYPES.Identifier) visit(inner, inner.type === AST_NODE_TYPES.MemberExpression && location !== null);
      return;
    }
    for (const child of childNodes(inner)) write(child, node);
  };
  /** `chain`: inside a located member chain, whose own prefixes are not read. */
  const visit = (node: TSESTree.Node, chain = false): void => {
    if (isFunction(node) && !walkedInPlace(node)) return;
    const outerLoop = loopStart;
    if (loopStart === null && isLoop(node)) loopStart = node.range[0];
    visitNode(node, chain);
    loopStart = outerLoop;
  };
  const visitNode = (node: TSESTree.Node, chain: boolean): void => {
    switch (node.type) {
      case AST_NODE_TYPES.Identifier:
        if (!chain) read(shared.renderState(node)?.location ?? shared.locationOf(node));
        return;
      case AST_NODE_TYPES.ThisExpression:
        // `this` alone (`register(this)`) reads nothing; its members do.
        return;
      case AST_NODE_TYPES.MemberExpression: {
        const location = chain ? null : shared.locationOf(node);
        read(location);
        visit(node.object, chain || location !== null);
        if (node.computed) visit(node.property);
        return;
      }
      case AST_NODE_TYPES.AwaitExpression:
      case AST_NODE_TYPES.YieldExpression:
        if (node.argument) visit(node.argument);
        point(node.range[1]);
        return;
      case AST_NODE_TYPES.VariableDeclaration:
        if (node.kind === 'await using') point(node.range[0]);
        break;
      case AST_NODE_TYPES.AssignmentExpression:
        if (node.operator !== '=') visit(node.left);
        visit(node.right);
        write(node.left, node);
        return;
      case AST_NODE_TYPES.UpdateExpression:
        visit(node.argument);
        write(node.argument, node);
        return;
      case AST_NODE_TYPES.UnaryExpression:
        if (node.operator === 'delete') write(node.argument, node);
        else visit(node.argument);
        return;
      case AST_NODE_TYPES.ForInStatement:
      case AST_NODE_TYPES.ForOfStatement:
        if (node.type === AST_NODE_TYPES.ForOfStatement && node.await) point(node.range[0]);
        if (node.left.type !== AST_NODE_TYPES.VariableDeclaration) write(node.left, node);
        visit(node.right);
        visit(node.body);
        return;
      case AST_NODE_TYPES.CallExpression:
        visitCall(node);
        return;
      default:
    }
    for (const child of childNodes(node)) visit(child);
  };
  /** What the callee's summary, a setter or a mutator does at a call, and the point a `.then` or timer makes. */
  const visitCall = (call: TSESTree.CallExpression): void => {
    read(shared.locationOf(call));
    const name = calleeName(call) ?? '';
    if (CONTINUATION_METHODS.has(name) || ONE_SHOT_SCHEDULERS.has(name)) point(call.range[0]);
    const summary = summaries.ofCall(call);
    if (summary) {
      reads.push(...summary.reads);
      for (const { location } of [...summary.writesAtCall, ...summary.writesLater]) wrote(location, call);
      if (summary.writesLater.length > 0) writesAnywhere = true;
    }
    const callee = unwrap(call.callee);
    const rendered = callee.type === AST_NODE_TYPES.Identifier ? shared.renderState(callee) : null;
    if (rendered?.role === 'setter') wrote(rendered.location, call);
    const method = callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee.property, callee.computed) : null;
    if (callee.type === AST_NODE_TYPES.MemberExpression && method && MUTATING_METHODS.has(method)) {
      // The collection changes in place; `pop` and `shift` also read it.
      if (method === 'pop' || method === 'shift') visit(callee.object);
      write(callee.object, call);
      if (callee.computed) visit(callee.property);
    } else {
      // `this.pending.get(key)` reads an entry of `this.pending`: count the whole collection.
      if (callee.type === AST_NODE_TYPES.MemberExpression && unwrap(callee.object).type !== AST_NODE_TYPES.ThisExpression) read(shared.locationOf(callee.object));
      visit(callee);
    }
    for (const argument of call.arguments) visit(argument);
  };
  for (const param of fn.params) visit(param);
  visit(fn.body);
  if (!writesAnywhere && lastWrite < firstPoint) return false;
  return reads.some((location) => writes.some((written) => overlaps(location, written)));
}

/** A one-shot scheduler called with a function to run later (`setTimeout(async () => …, delay)`). */
function isScheduled(call: TSESTree.CallExpression): boolean {
  const first = call.arguments[0];
  return first !== undefined && isFunction(unwrap(first)) && ONE_SHOT_SCHEDULERS.has(calleeName(call) ?? '');
}

/** The last call of a `.then/.catch/.finally` chain that `call` is part of. */
function outermostChain(call: TSESTree.CallExpression): TSESTree.CallExpression {
  let current = call;
  for (;;) {
    const member = outerParent(current).parent;
    const next = member?.type === AST_NODE_TYPES.MemberExpression ? member.parent : undefined;
    if (next?.type !== AST_NODE_TYPES.CallExpression || !CONTINUATION_METHODS.has(calledMethodName(next) ?? '')) return current;
    current = next;
  }
}

/** `a || b || c` → [a, b, c]. */
function disjuncts(test: TSESTree.Node): TSESTree.Node[] {
  const inner = unwrap(test);
  return inner.type === AST_NODE_TYPES.LogicalExpression && inner.operator === '||' ? [...disjuncts(inner.left), ...disjuncts(inner.right)] : [inner];
}

function flagKey(location: Location): string {
  return `${location.root}/${location.path.join('/')}`;
}

/** `true`/`1`/`'x'` → true, `false`/`0`/`null`/`undefined`/`void 0` → false, anything else → null. */
function literalTruth(node: TSESTree.Node): boolean | null {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Literal) return Boolean(inner.value);
  if (inner.type === AST_NODE_TYPES.Identifier && inner.name === 'undefined') return false;
  if (inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === 'void') return false;
  return null;
}

/**
 * A read that takes the whole contents: kept in a local, handed to a call, iterated, spread or
 * returned (`const text = this.buffer`, `send(this.queue)`, `for (const x of this.items)`).
 */
function takenWhole(read: TSESTree.Node): boolean {
  // A read a called function makes (its summary's, at the call) takes nothing here.
  if (read.type !== AST_NODE_TYPES.Identifier && read.type !== AST_NODE_TYPES.MemberExpression) return false;
  const { parent, child } = outerParent(read);
  switch (parent?.type) {
    case AST_NODE_TYPES.VariableDeclarator:
      return parent.init === child;
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression:
      return parent.arguments.includes(child as TSESTree.CallExpressionArgument);
    case AST_NODE_TYPES.ForOfStatement:
      return parent.right === child;
    case AST_NODE_TYPES.SpreadElement:
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.AwaitExpression:
      return true;
    default:
      return false;
  }
}

/**
 * `this.db = await this.db`: the field held a promise and is given its own settled value. Every
 * task that read the same promise stores the same value; nothing new is made or computed.
 */
function settlesInPlace(write: TSESTree.Node, fact: ReadFact): boolean {
  if (write.type !== AST_NODE_TYPES.AssignmentExpression || write.operator !== '=') return false;
  const value = unwrap(write.right);
  return value.type === AST_NODE_TYPES.AwaitExpression && unwrap(value.argument) === fact.node;
}
