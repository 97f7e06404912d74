import type { Node } from '../parse';
import type { ClassInfo, FunctionInfo } from './scopes';
import { bindsLocally } from './scopes';
import { callArguments, field, keywordArgument, kids, numericValue } from './syntax';

export type PrimitiveKind = 'Lock' | 'Condition' | 'Semaphore' | 'BoundedSemaphore' | 'Event' | 'Queue';

/** One asyncio primitive the file creates or receives, and every expression that names it resolves to its key. */
export interface Primitive {
  /** `counter_lock`, `Account#_lock`, `Account#locks[]`, `fn@120#sem`, `fn@120#lock(param)`. */
  key: string;
  kind: PrimitiveKind;
  /** Semaphore permits when known (a literal or a module constant); `Semaphore()` has one. */
  permits: number | null;
  /** A dict of primitives, one per key (`defaultdict(asyncio.Lock)`). */
  perKey: boolean;
  /** The constructor call, or the annotated parameter. */
  declaration: Node;
  /** `named`: not declared in this file, but named like a lock and used as an async one. */
  where: 'module' | 'class' | 'local' | 'parameter' | 'named';
  /** The function that creates it, for locals and parameters. */
  fn: Node | null;
}

const KIND_BY_NAME: Record<string, PrimitiveKind> = {
  Lock: 'Lock',
  Condition: 'Condition',
  Semaphore: 'Semaphore',
  BoundedSemaphore: 'BoundedSemaphore',
  Event: 'Event',
  Queue: 'Queue',
  PriorityQueue: 'Queue',
  LifoQueue: 'Queue',
};

/** Exclusive: at most one task inside at a time. */
export function isExclusive(primitive: Primitive): boolean {
  if (primitive.kind === 'Lock' || primitive.kind === 'Condition') return true;
  return (primitive.kind === 'Semaphore' || primitive.kind === 'BoundedSemaphore') && primitive.permits === 1;
}

export function isLockLike(primitive: Pick<Primitive, 'kind'>): boolean {
  return primitive.kind !== 'Event' && primitive.kind !== 'Queue';
}

export interface PrimitiveContext {
  imports: ReadonlyMap<string, string>;
  constants: ReadonlyMap<string, Node>;
  /** Extra dotted names of functions or classes that make an asyncio.Lock (configuration). */
  lockWrappers: ReadonlySet<string>;
}

/** `aio.Lock` → `asyncio.Lock` through the file's imports; null for what is not imported. */
export function qualifiedName(expr: Node | null, imports: ReadonlyMap<string, string>): string | null {
  if (!expr) return null;
  if (expr.type === 'identifier') return imports.get(expr.text) ?? null;
  if (expr.type === 'attribute') {
    const object = qualifiedName(field(expr, 'object'), imports);
    const name = field(expr, 'attribute')?.text;
    return object && name ? `${object}.${name}` : null;
  }
  return null;
}

/** The asyncio primitive a class reference names: `asyncio.Lock`, `Lock` imported from asyncio, a configured wrapper. */
export function primitiveClass(expr: Node | null, context: PrimitiveContext): PrimitiveKind | null {
  const name = qualifiedName(expr, context.imports) ?? (expr?.type === 'identifier' || expr?.type === 'attribute' ? expr.text : null);
  if (!name) return null;
  if (context.lockWrappers.has(name)) return 'Lock';
  const match = /^asyncio\.(?:locks\.|queues\.)?(\w+)$/.exec(name);
  return match ? (KIND_BY_NAME[match[1]!] ?? null) : null;
}

/** A type annotation naming an asyncio primitive (`asyncio.Lock`, `asyncio.Queue[str]`, `Lock | None`). */
export function annotatedKind(annotation: Node | null, context: PrimitiveContext): PrimitiveKind | null {
  if (!annotation) return null;
  let expr: Node | null = annotation.type === 'type' ? (kids(annotation)[0] ?? null) : annotation;
  if (expr?.type === 'generic_type' || expr?.type === 'subscript') expr = kids(expr)[0] ?? null;
  if (expr?.type === 'binary_operator') expr = field(expr, 'left');
  return primitiveClass(expr, context);
}

export interface Made {
  kind: PrimitiveKind;
  permits: number | null;
  perKey: boolean;
  call: Node;
}

/** What a value expression makes: `asyncio.Lock()`, `field(default_factory=Lock)`, `defaultdict(asyncio.Lock)`, `x or asyncio.Lock()`. */
export function madePrimitive(value: Node | null, context: PrimitiveContext): Made | null {
  if (!value) return null;
  if (value.type === 'boolean_operator' || value.type === 'conditional_expression') {
    for (const part of kids(value)) {
      const made = madePrimitive(part, context);
      if (made) return made;
    }
    return null;
  }
  if (value.type === 'dictionary_comprehension') {
    const made = madePrimitive(field(kids(value)[0] ?? value, 'value'), context);
    return made ? { ...made, perKey: true } : null;
  }
  if (value.type !== 'call') return null;
  const callee = field(value, 'function');
  const kind = primitiveClass(callee, context);
  if (kind) {
    const args = callArguments(value).filter((arg) => arg.type !== 'keyword_argument');
    const valueArg = args[0] ?? keywordArgument(value, 'value');
    const permits = kind === 'Semaphore' || kind === 'BoundedSemaphore' ? (valueArg ? numericValue(valueArg, context.constants) : 1) : null;
    return { kind, permits, perKey: false, call: value };
  }
  const helper = qualifiedName(callee, context.imports) ?? callee?.text;
  if (helper === 'dataclasses.field' || helper === 'field') {
    const factory = primitiveClass(keywordArgument(value, 'default_factory'), context);
    return factory ? { kind: factory, permits: factory.includes('Semaphore') ? 1 : null, perKey: false, call: value } : null;
  }
  if (helper === 'collections.defaultdict' || helper === 'defaultdict') {
    const factory = primitiveClass(callArguments(value)[0] ?? null, context);
    return factory ? { kind: factory, permits: factory.includes('Semaphore') ? 1 : null, perKey: true, call: value } : null;
  }
  return null;
}

/**
 * Every primitive a file declares, and the resolution of an expression to one of them: through
 * locals and closures, `self`/`cls` and class names, dicts of locks, and annotated parameters.
 */
export class PrimitiveTable {
  private readonly byKey = new Map<string, Primitive>();

  constructor(
    private readonly context: PrimitiveContext,
    private readonly classByName: ReadonlyMap<string, ClassInfo>,
  ) {}

  declare(key: string, made: Made, where: Primitive['where'], fn: Node | null): void {
    if (this.byKey.has(key)) return;
    this.byKey.set(key, { key, kind: made.kind, permits: made.permits, perKey: made.perKey, declaration: made.call, where, fn });
  }

  get(key: string): Primitive | null {
    return this.byKey.get(key) ?? null;
  }

  all(): Primitive[] {
    return [...this.byKey.values()];
  }

  /** The primitive `expr` names inside `scope` (null at module level). */
  resolve(expr: Node | null, scope: FunctionInfo | null): Primitive | null {
    if (!expr) return null;
    if (expr.type === 'parenthesized_expression') return this.resolve(kids(expr)[0] ?? null, scope);
    if (expr.type === 'identifier') return this.resolveName(expr.text, scope);
    if (expr.type === 'attribute') {
      const object = field(expr, 'object');
      const name = field(expr, 'attribute')?.text;
      if (!object || !name) return null;
      const cls = this.classOf(object, scope);
      return cls ? this.get(`${cls.name}#${name}`) : null;
    }
    if (expr.type === 'subscript') {
      const dict = this.resolve(field(expr, 'value'), scope);
      return dict?.perKey ? dict : null;
    }
    return null;
  }

  /**
   * A lock this file does not declare but uses as an asyncio one (`async with lock:`,
   * `await self._mutex.acquire()`), named like a lock: made elsewhere, or passed in unannotated.
   */
  namedLock(subject: Node, fn: FunctionInfo): Primitive | null {
    const name = subject.type === 'attribute' ? field(subject, 'attribute')?.text : subject.type === 'identifier' ? subject.text : null;
    if (!name || !/lock|mutex/i.test(name)) return null;
    const key = `named#${subject.text}@${fn.node.startIndex}`;
    let primitive = this.byKey.get(key);
    if (!primitive) {
      primitive = { key, kind: 'Lock', permits: null, perKey: false, declaration: subject, where: 'named', fn: fn.node };
      this.byKey.set(key, primitive);
    }
    return primitive;
  }

  /** `Lock` → 'Lock', `PriorityQueue` → 'Queue': the kind an asyncio class name makes. */
  resolveClassName(name: string): PrimitiveKind | null {
    return Object.hasOwn(KIND_BY_NAME, name) ? KIND_BY_NAME[name]! : null;
  }

  /** The class `self`, `cls` or a class name refers to. */
  classOf(object: Node, scope: FunctionInfo | null): ClassInfo | null {
    if (object.type !== 'identifier') return null;
    if (scope?.receiver === object.text && scope.owner) return scope.owner;
    const named = this.classByName.get(object.text);
    return named && !(scope && bindsLocally(scope, object.text)) ? named : null;
  }

  private resolveName(name: string, scope: FunctionInfo | null): Primitive | null {
    for (let at = scope; at; at = at.outer) {
      if (at.globals.has(name)) break;
      if (at.parameters.has(name)) {
        const key = `${functionKey(at.node)}#${name}(param)`;
        const existing = this.get(key);
        if (existing) return existing;
        const kind = annotatedKind(at.parameters.get(name) ?? null, this.context);
        if (!kind) return null;
        const primitive: Primitive = { key, kind, permits: null, perKey: false, declaration: at.node, where: 'parameter', fn: at.node };
        this.byKey.set(key, primitive);
        return primitive;
      }
      if (at.locals.has(name)) return this.get(`${functionKey(at.node)}#${name}`);
    }
    return this.get(name);
  }
}

export function functionKey(fn: Node): string {
  return `fn@${fn.startIndex}`;
}
