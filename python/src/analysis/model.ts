import type { Node } from '../parse';
import { FlowWalker, type FunctionFlow, type Location } from './flow';
import { madePrimitive, PrimitiveTable, functionKey, type PrimitiveContext } from './primitives';
import { classOfMember, readClasses, readFunction, readImports, type ClassInfo, type FunctionInfo } from './scopes';
import { awaitOf, boundNames, enclosingFunction, field, kids, methodCall, walkAll, walkBody } from './syntax';

export interface AnalysisSettings {
  /** Dotted names of functions or classes that make an asyncio.Lock (`myapp.locks.make_lock`). */
  lockWrappers?: readonly string[];
}

/** Calls that start a coroutine as a task instead of running it in the caller. */
export const TASK_STARTERS = new Set(['create_task', 'ensure_future', 'start_soon', 'run_coroutine_threadsafe']);

/** A call handed to `create_task(...)` and the like: it runs later, in its own task. */
export function startsTask(call: Node): boolean {
  let at = call.parent;
  while (at && (at.type === 'argument_list' || at.type === 'keyword_argument' || at.type === 'parenthesized_expression')) at = at.parent;
  const name = at?.type === 'call' ? (field(at, 'function')?.type === 'attribute' ? field(field(at, 'function')!, 'attribute')?.text : field(at, 'function')?.text) : null;
  return !!name && TASK_STARTERS.has(name);
}

/**
 * The per-file concurrency model every rule reads: imports, classes, functions, primitives
 * (locks, semaphores, conditions, events, queues) and one flow summary per function, each
 * computed on first use.
 */
export class PythonModel {
  readonly imports: Map<string, string>;
  readonly constants = new Map<string, Node>();
  readonly moduleNames = new Set<string>();
  readonly classes: Map<number, ClassInfo>;
  readonly classByName = new Map<string, ClassInfo>();
  readonly functions: FunctionInfo[] = [];
  readonly primitives: PrimitiveTable;
  readonly context: PrimitiveContext;
  private readonly functionByNode = new Map<number, FunctionInfo>();
  private readonly flows = new Map<number, FunctionFlow>();
  private readonly concurrent = new Map<number, boolean>();
  private readonly guarded = new Map<string, Location[]>();
  private readonly claimCache = new Map<number, Set<string>>();

  constructor(
    readonly root: Node,
    readonly text: string,
    settings: AnalysisSettings = {},
  ) {
    this.imports = readImports(root);
    this.classes = readClasses(root);
    for (const cls of this.classes.values()) this.classByName.set(cls.name, cls);
    this.readModuleNames();
    const context: PrimitiveContext = (this.context = { imports: this.imports, constants: this.constants, lockWrappers: new Set(settings.lockWrappers ?? []) });
    this.primitives = new PrimitiveTable(context, this.classByName);
    this.readFunctions(root, null);
    this.declarePrimitives(context);
  }

  functionOf(node: Node): FunctionInfo | null {
    const fn = node.type === 'function_definition' ? node : enclosingFunction(node);
    return fn ? (this.functionByNode.get(fn.id) ?? null) : null;
  }

  flow(fn: FunctionInfo): FunctionFlow {
    let flow = this.flows.get(fn.node.id);
    if (!flow) {
      flow = new FlowWalker(fn, { primitives: this.primitives, moduleNames: this.moduleNames, capturesShared: (inner) => this.runsConcurrently(inner) }).run();
      this.flows.set(fn.node.id, flow);
    }
    return flow;
  }

  /** The function a call runs, when it is a module function, a method of `self`'s class, or a class method by name. */
  calledFunction(call: Node, scope: FunctionInfo): FunctionInfo | null {
    const callee = field(call, 'function');
    if (callee?.type === 'identifier') {
      if (scope.parameters.has(callee.text)) return null;
      for (let at: FunctionInfo | null = scope; at; at = at.outer) {
        const nested = this.functions.find((fn) => fn.outer === at && fn.name === callee.text);
        if (nested) return nested;
        if (at.locals.has(callee.text)) return null;
      }
      return this.functions.find((fn) => !fn.outer && !fn.owner && fn.name === callee.text) ?? null;
    }
    const method = methodCall(call);
    if (!method) return null;
    const cls = this.primitives.classOf(method[0], scope);
    const node = cls?.methods.get(method[1]);
    return node ? (this.functionByNode.get(node.id) ?? null) : null;
  }

  /**
   * A nested coroutine runs concurrently with its siblings when the enclosing function does
   * more than await one call of it at a time: it is handed to gather, a task, a list.
   */
  runsConcurrently(inner: FunctionInfo): boolean {
    let answer = this.concurrent.get(inner.node.id);
    if (answer === undefined) {
      answer = false;
      const outerBody = inner.outer && field(inner.outer.node, 'body');
      if (inner.async && outerBody) {
        for (const node of walkAll(outerBody)) {
          if (node.type !== 'identifier' || node.text !== inner.name || node.parent?.type === 'function_definition') continue;
          const call = node.parent?.type === 'call' && field(node.parent, 'function')?.id === node.id ? node.parent : null;
          if (!call || !awaitOf(call)) answer = true;
        }
      }
      this.concurrent.set(inner.node.id, answer);
    }
    return answer;
  }

  private readModuleNames(): void {
    for (const node of walkBody(this.root)) {
      if (node.type === 'assignment') {
        const left = field(node, 'left');
        const right = field(node, 'right');
        for (const name of left ? boundNames(left) : []) this.moduleNames.add(name);
        if (left?.type === 'identifier' && right) this.constants.set(left.text, right);
      } else if (node.type === 'augmented_assignment' || node.type === 'for_statement') {
        for (const name of boundNames(field(node, 'left') ?? node)) this.moduleNames.add(name);
      }
    }
    for (const statement of kids(this.root)) {
      const definition = statement.type === 'decorated_definition' ? field(statement, 'definition') : statement;
      const name = definition && (definition.type === 'function_definition' || definition.type === 'class_definition') ? field(definition, 'name')?.text : null;
      if (name) this.moduleNames.add(name);
    }
    for (const name of this.imports.keys()) this.moduleNames.add(name);
  }

  private readFunctions(node: Node, outer: FunctionInfo | null): void {
    for (const child of kids(node)) {
      if (child.type === 'function_definition') {
        const info = readFunction(child, outer ? null : classOfMember(child, this.classes), outer);
        this.functions.push(info);
        this.functionByNode.set(child.id, info);
        this.readFunctions(child, info);
      } else this.readFunctions(child, outer);
    }
  }

  private declarePrimitives(context: PrimitiveContext): void {
    for (const node of walkAll(this.root)) {
      if (node.type !== 'assignment') continue;
      const made = madePrimitive(field(node, 'right'), context);
      const left = field(node, 'left');
      if (!made || !left) continue;
      const fnNode = enclosingFunction(node);
      const fn = fnNode ? this.functionByNode.get(fnNode.id)! : null;
      if (left.type === 'identifier') {
        const cls = fn ? null : classOfMember(node.parent ?? node, this.classes);
        if (fn) this.primitives.declare(`${functionKey(fn.node)}#${left.text}`, made, 'local', fn.node);
        else if (cls) this.primitives.declare(`${cls.name}#${left.text}`, made, 'class', null);
        else this.primitives.declare(left.text, made, 'module', null);
      } else if (left.type === 'attribute' && fn) {
        const object = field(left, 'object');
        const cls = object ? this.primitives.classOf(object, fn) : null;
        if (cls) this.primitives.declare(`${cls.name}#${field(left, 'attribute')?.text}`, made, 'class', null);
      }
    }
    // `self._lock = lock` where `lock: asyncio.Lock` is a parameter of the method.
    for (const fn of this.functions) {
      if (!fn.owner) continue;
      for (const node of walkBody(field(fn.node, 'body') ?? fn.node)) {
        if (node.type !== 'assignment') continue;
        const left = field(node, 'left');
        const right = field(node, 'right');
        if (left?.type !== 'attribute' || right?.type !== 'identifier' || !fn.parameters.has(right.text)) continue;
        const param = this.primitives.resolve(right, fn);
        const object = field(left, 'object');
        const cls = object ? this.primitives.classOf(object, fn) : null;
        if (param && cls) this.primitives.declare(`${cls.name}#${field(left, 'attribute')?.text}`, { kind: param.kind, permits: null, perKey: false, call: right }, 'class', null);
      }
    }
  }

  /**
   * The shared locations a primitive guards: those written inside its critical sections
   * (constructors excluded: what `__init__` sets once is configuration).
   */
  guardedBy(key: string): Location[] {
    let guarded = this.guarded.get(key);
    if (!guarded) {
      guarded = [];
      for (const fn of this.coroutines()) {
        const flow = this.flow(fn);
        for (const section of flow.sections) {
          if (section.primitive.key !== key) continue;
          for (const write of flow.writes) if (section.start < write.seq && write.seq < section.end) guarded.push(write.location);
        }
      }
      this.guarded.set(key, guarded);
    }
    return guarded;
  }

  /** The primitives a function takes, itself or through the functions it calls (module and class primitives only). */
  claims(fn: FunctionInfo, visiting = new Set<number>()): Set<string> {
    const cached = this.claimCache.get(fn.node.id);
    if (cached) return cached;
    const claims = new Set<string>();
    if (visiting.has(fn.node.id)) return claims;
    visiting.add(fn.node.id);
    const flow = this.flow(fn);
    for (const section of flow.sections) if (section.primitive.where === 'module' || section.primitive.where === 'class') claims.add(section.primitive.key);
    for (const site of flow.calls) {
      if (startsTask(site.call)) continue;
      const callee = this.calledFunction(site.call, fn);
      if (callee && callee.async) for (const key of this.claims(callee, visiting)) claims.add(key);
    }
    visiting.delete(fn.node.id);
    if (visiting.size === 0) this.claimCache.set(fn.node.id, claims);
    return claims;
  }

  /** Every function in the file that is a coroutine function. */
  coroutines(): FunctionInfo[] {
    return this.functions.filter((fn) => fn.async);
  }
}
