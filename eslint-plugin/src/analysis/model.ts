import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { CONTINUATION_METHODS, childNodes, contains, enclosingFunction, isFunction, isStartedOnce, type FunctionNode } from './ast';
import { AnswerSources } from './answers';
import { FlowWalker, MUTATING_METHODS, type FlowEnvironment, type FlowOptions, type FunctionFlow } from './flow';
import { LockResolver } from './locks';
import { SectionFinder, type CriticalSection } from './sections';
import { Bindings } from './scope';
import { parseSettings } from './settings';
import { SharedState } from './shared';
import { INTERLEAVE_MENTION, LOCK_MENTION } from './text-tests';
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
  private index: FileIndex | null = null;
  private sectionList: CriticalSection[] | null = null;
  private readonly sectionsByFunction = new Map<FunctionNode, CriticalSection[]>();
  private readonly flows = new Map<string, FunctionFlow>();
  private interleaves: boolean | null = null;
  private lockMentions: boolean | null = null;
  private readonly declaresLocks: boolean;
  private readonly flowEnvironment: FlowEnvironment;

  constructor(
    readonly sourceCode: Readonly<TSESLint.SourceCode>,
    settings: Record<string, unknown> | undefined,
  ) {
    const parsed = parseSettings(settings);
    const declaresLocks = parsed.wrappers.size > 0 || parsed.lockFactories.size > 0;
    const typed = typeLockLookup(sourceCode.parserServices);
    const getText = (node: TSESTree.Node): string => sourceCode.getText(node);
    this.bindings = new Bindings(sourceCode.scopeManager!);
    this.locks = new LockResolver(this.bindings, sourceCode, parsed, typed);
    this.declaresLocks = declaresLocks || typed !== null;
    this.sections = new SectionFinder(this.locks, this.bindings, parsed, getText, () => this.mayHaveLocks);
    this.shared = new SharedState(this.bindings, getText, (call) => this.sections.isSectionCall(call));
    const answers = new AnswerSources(this.bindings, (callee) => this.locks.calledFunction(callee));
    this.flowEnvironment = { bindings: this.bindings, shared: this.shared, answers, getText };
  }

  /** Cheap pre-check, once per file: files with no await, yield, continuation or lock-related word need no model. */
  get mayInterleave(): boolean {
    this.interleaves ??= INTERLEAVE_MENTION.test(this.sourceCode.text);
    return this.interleaves;
  }

  /**
   * Whether the file can hold a lock at all: settings declare wrappers or factories, type
   * information is there, or (tested once per file) the text names a lock package, Web Locks or
   * a lock type. Without any of those, lock and section questions are answered at once.
   */
  get mayHaveLocks(): boolean {
    this.lockMentions ??= this.declaresLocks || LOCK_MENTION.test(this.sourceCode.text);
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
    return (this.sectionsByFunction.get(fn) ?? []).filter((section) => contains(section.range, node));
  }

  /** An excluding section that holds its lock across both nodes, so nothing interleaves between them. */
  guardedTogether(first: TSESTree.Node, second: TSESTree.Node): CriticalSection | null {
    const around = this.sectionsCovering(second);
    return this.sectionsCovering(first).find((section) => section.excludes && around.includes(section)) ?? null;
  }

  flow(fn: FunctionNode, options: FlowOptions): FunctionFlow {
    const key = `${fn.range[0]}:${options.continuations}`;
    let flow = this.flows.get(key);
    if (!flow) {
      flow = new FlowWalker(fn, this.flowEnvironment, options, this.heldAtStart(fn, options)).run();
      this.flows.set(key, flow);
    }
    return flow;
  }

  /** The busy flags held by the function that starts `fn` where `fn` is written (an IIFE, a `setTimeout` callback). */
  private heldAtStart(fn: FunctionNode, options: FlowOptions): ReadonlySet<string> | undefined {
    const starter = isStartedOnce(fn) ? enclosingFunction(fn) : null;
    return starter ? this.flow(starter, options).startedHolding.get(fn) : undefined;
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

interface FileIndex {
  calls: TSESTree.CallExpression[];
  functions: FunctionNode[];
}

/**
 * Finds, during ESLint's own traversal (no extra walk of the file), the functions whose flow can
 * hold a lost update: async functions that write something (an assignment, an update, `delete`,
 * a mutating method call) and, with continuations, any function that chains `.then` (its
 * callbacks' writes are part of its flow). Spread `listeners` into a rule's listeners; read
 * `functions()` at `Program:exit`.
 */
export function interleavingFunctionCollector(options: FlowOptions): { listeners: TSESLint.RuleListener; functions(): FunctionNode[] } {
  const open: FunctionNode[] = [];
  const all: FunctionNode[] = [];
  const writers = new Set<FunctionNode>();
  const chaining = new Set<FunctionNode>();
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
        if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.property.type !== AST_NODE_TYPES.Identifier) return;
        if (MUTATING_METHODS.has(callee.property.name)) markWrite();
        const fn = open.at(-1);
        if (fn && options.continuations && CONTINUATION_METHODS.has(callee.property.name)) chaining.add(fn);
      },
    },
    functions: () => all.filter((fn) => (fn.async && writers.has(fn)) || chaining.has(fn)),
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
