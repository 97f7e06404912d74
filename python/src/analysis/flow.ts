import type { Node } from '../parse';
import { isLockLike, type Primitive, type PrimitiveTable } from './primitives';
import type { FunctionInfo } from './scopes';
import { bindsLocally } from './scopes';
import { awaitOf, callArguments, calleeName, field, kids, methodCall } from './syntax';

/** A shared location as a path: `self._tokens["refresh"]` is [`self`, `._tokens`, `["refresh"]`]. */
export interface Location {
  segments: readonly string[];
  key: string;
}

export interface Read {
  location: Location;
  node: Node;
  seq: number;
}

export interface Write {
  location: Location;
  /** The assignment, or the mutating call (`self.items.append(x)`). */
  node: Node;
  seq: number;
  /** The reads the written value was computed from, through expressions and locals. */
  from: readonly Read[];
  /** The reads of the `if`/`while` tests the write depends on. */
  control: readonly Read[];
  /** Changed in place by a method (`append`, `update`, …) rather than assigned. */
  inPlace: boolean;
  /** The read whose value is stored unchanged (`saved = self.x` … `self.x = saved`), if any. */
  copyOf: Read | null;
}

/** Where other tasks may run: `await`, `async with` entry and exit, `async for`. */
export interface InterleavingPoint {
  node: Node;
  seq: number;
  kind: 'await' | 'enter' | 'exit' | 'async-for';
}

/** Code that runs while a primitive is held: an `async with` body, or `acquire()` … `release()`. */
export interface CriticalSection {
  primitive: Primitive;
  /** The expression naming the primitive (`self._lock`, `self.locks[domain]`). */
  subject: Node;
  /** The `async with` statement, or the `acquire()` call. */
  node: Node;
  via: 'with' | 'acquire';
  start: number;
  end: number;
}

export interface CallSite {
  call: Node;
  seq: number;
  awaited: boolean;
  /** The reads of the `if`/`while` tests it runs under. */
  control: readonly Read[];
}

/** A method called on an asyncio primitive: `lock.acquire()`, `sem.release()`, `cond.wait()`, `q.task_done()`. */
export interface PrimitiveCall {
  primitive: Primitive;
  subject: Node;
  method: string;
  call: Node;
  awaited: boolean;
  seq: number;
}

/** One function's summary: what it reads, writes, claims and awaits, in evaluation order. */
export interface FunctionFlow {
  fn: FunctionInfo;
  reads: Read[];
  writes: Write[];
  points: InterleavingPoint[];
  sections: CriticalSection[];
  calls: CallSite[];
  primitiveCalls: PrimitiveCall[];
}

export const MUTATING_METHODS = new Set([
  'append', 'appendleft', 'extend', 'extendleft', 'insert', 'pop', 'popleft', 'popitem', 'remove', 'clear',
  'update', 'setdefault', 'add', 'discard', 'sort', 'reverse',
]);

const SIMPLE_INDEX = new Set(['string', 'integer', 'identifier', 'true', 'false', 'none', 'attribute']);

export function locationKey(segments: readonly string[]): Location {
  return { segments, key: segments.join('') };
}

/** `outer` is `inner` or a prefix of it: writing `self.d` replaces what `self.d["k"]` read. */
export function covers(outer: Location, inner: Location): boolean {
  return outer.segments.length <= inner.segments.length && overlaps(outer, inner);
}

/** Locations overlap when one is a prefix of the other. */
export function overlaps(a: Location, b: Location): boolean {
  const length = Math.min(a.segments.length, b.segments.length);
  for (let i = 0; i < length; i++) if (a.segments[i] !== b.segments[i]) return false;
  return true;
}

export interface FlowEnvironment {
  primitives: PrimitiveTable;
  /** Names bound at module level (assignments, defs, classes, imports). */
  moduleNames: ReadonlySet<string>;
  /** Whether the locals of `outer` that `inner` captures are shared (it runs concurrently). */
  capturesShared(inner: FunctionInfo): boolean;
}

type Deps = Set<Read>;
type Env = Map<string, Deps>;

/** Walks one function body in Python's evaluation order and records its summary. */
export class FlowWalker {
  private seq = 0;
  private env: Env = new Map();
  /** Locals holding a read's value unchanged. */
  private copies = new Map<string, Read>();
  private readonly control: Read[][] = [];
  private readonly flow: FunctionFlow;

  constructor(
    private readonly fn: FunctionInfo,
    private readonly environment: FlowEnvironment,
  ) {
    this.flow = { fn, reads: [], writes: [], points: [], sections: [], calls: [], primitiveCalls: [] };
  }

  run(): FunctionFlow {
    const body = field(this.fn.node, 'body');
    if (body) this.block(body);
    this.pairAcquires();
    return this.flow;
  }

  /** The shared location an expression names in this function, or null for locals and values. */
  locate(node: Node): Location | null {
    if (node.type === 'identifier') {
      const base = this.sharedName(node.text);
      return base ? locationKey([base]) : null;
    }
    if (node.type === 'attribute') {
      const object = field(node, 'object');
      const name = field(node, 'attribute');
      const base = object ? this.locate(object) : null;
      return base && name ? locationKey([...base.segments, `.${name.text}`]) : null;
    }
    if (node.type === 'subscript') {
      const value = field(node, 'value');
      const index = field(node, 'subscript');
      const base = value ? this.locate(value) : null;
      if (!base) return null;
      return locationKey([...base.segments, `[${index && SIMPLE_INDEX.has(index.type) ? index.text : '*'}]`]);
    }
    if (node.type === 'parenthesized_expression') {
      const inner = kids(node)[0];
      return inner ? this.locate(inner) : null;
    }
    return null;
  }

  private sharedName(name: string): string | null {
    const fn = this.fn;
    if (name === fn.receiver) return 'self';
    if (fn.globals.has(name)) return name;
    if (bindsLocally(fn, name)) return null;
    for (let outer = fn.outer; outer; outer = outer.outer) {
      if (outer.globals.has(name)) return name;
      if (bindsLocally(outer, name)) return this.environment.capturesShared(fn) ? `${name}@${outer.node.startIndex}` : null;
    }
    return this.environment.moduleNames.has(name) ? name : null;
  }

  private read(location: Location, node: Node): Read {
    const read: Read = { location, node, seq: ++this.seq };
    this.flow.reads.push(read);
    return read;
  }

  private write(location: Location, from: Deps, node: Node, inPlace: boolean, copyOf: Read | null = null): void {
    this.flow.writes.push({ location, node, seq: ++this.seq, from: [...from], control: this.control.flat(), inPlace, copyOf });
  }

  private point(node: Node, kind: InterleavingPoint['kind']): void {
    this.flow.points.push({ node, seq: ++this.seq, kind });
  }

  // Statements.

  private block(node: Node): void {
    for (const statement of kids(node)) this.statement(statement);
  }

  private statement(node: Node): void {
    switch (node.type) {
      case 'function_definition':
      case 'class_definition':
      case 'decorated_definition':
      case 'global_statement':
      case 'nonlocal_statement':
      case 'import_statement':
      case 'import_from_statement':
      case 'pass_statement':
      case 'break_statement':
      case 'continue_statement':
        return;
      case 'expression_statement':
        for (const child of kids(node)) this.expressionOrAssignment(child);
        return;
      case 'if_statement':
        return this.ifStatement(node);
      case 'while_statement': {
        const test = this.value(field(node, 'condition'));
        this.control.push([...test]);
        this.branch(field(node, 'body'));
        this.control.pop();
        this.branch(kids(node).find((child) => child.type === 'else_clause') ?? null);
        return;
      }
      case 'for_statement':
        return this.forStatement(node);
      case 'with_statement':
        return this.withStatement(node);
      case 'try_statement':
        for (const child of kids(node)) {
          if (child.type === 'block') this.block(child);
          else {
            const body = kids(child).find((part) => part.type === 'block');
            if (body) this.branch(body);
          }
        }
        return;
      case 'block':
        return this.block(node);
      default:
        for (const child of kids(node)) {
          if (child.type === 'block') this.branch(child);
          else if (child.type.endsWith('_clause') || child.type === 'case_clause') this.statement(child);
          else this.value(child);
        }
    }
  }

  /** A block that may or may not run: what it binds is merged into what was bound before. */
  private branch(node: Node | null): void {
    if (!node) return;
    const before = this.env;
    this.env = new Map(before);
    if (node.type === 'block') this.block(node);
    else this.statement(node);
    for (const [name, deps] of this.env) before.set(name, new Set([...(before.get(name) ?? []), ...deps]));
    this.env = before;
  }

  private ifStatement(node: Node): void {
    const test = this.value(field(node, 'condition'));
    this.control.push([...test]);
    this.branch(field(node, 'consequence'));
    for (const alternative of node.childrenForFieldName('alternative')) {
      if (!alternative) continue;
      if (alternative.type === 'elif_clause') {
        const inner = this.value(field(alternative, 'condition'));
        this.control.push([...inner]);
        this.branch(field(alternative, 'consequence'));
        this.control.pop();
      } else this.branch(field(alternative, 'body'));
    }
    this.control.pop();
  }

  private forStatement(node: Node): void {
    const isAsync = node.children.some((child) => child?.type === 'async');
    const items = this.value(field(node, 'right'));
    if (isAsync) this.point(node, 'async-for');
    const left = field(node, 'left');
    if (left) this.assign(left, items, node);
    this.branch(field(node, 'body'));
    if (isAsync) this.point(node, 'async-for');
    this.branch(kids(node).find((child) => child.type === 'else_clause') ?? null);
  }

  private withStatement(node: Node): void {
    const isAsync = node.children.some((child) => child?.type === 'async');
    const clause = kids(node).find((child) => child.type === 'with_clause');
    const opened: CriticalSection[] = [];
    for (const item of clause ? kids(clause) : []) {
      let subject = field(item, 'value');
      let alias: Node | null = null;
      if (subject?.type === 'as_pattern') {
        alias = field(subject, 'alias');
        subject = kids(subject)[0] ?? null;
      }
      if (!subject) continue;
      const deps = this.value(subject);
      if (isAsync) this.point(item, 'enter');
      const primitives = this.environment.primitives;
      const primitive = isAsync ? (primitives.resolve(subject, this.fn) ?? primitives.namedLock(subject, this.fn)) : null;
      if (primitive && isLockLike(primitive)) {
        const section: CriticalSection = { primitive, subject, node, via: 'with', start: this.seq, end: Infinity };
        this.flow.sections.push(section);
        opened.push(section);
      }
      if (alias) for (const target of kids(alias)) this.assign(target, deps, node);
    }
    const body = field(node, 'body');
    if (body) this.block(body);
    for (const section of opened.reverse()) section.end = ++this.seq;
    if (isAsync) this.point(node, 'exit');
  }

  private expressionOrAssignment(node: Node): Deps {
    if (node.type === 'assignment') return this.assignment(node);
    if (node.type === 'augmented_assignment') return this.augmented(node);
    return this.value(node);
  }

  private assignment(node: Node): Deps {
    const right = field(node, 'right');
    const left = field(node, 'left');
    if (!right || !left) return new Set();
    const deps = right.type === 'assignment' ? this.assignment(right) : this.value(right);
    const copied = right.type === 'identifier' && !this.locate(right) ? this.copies.get(right.text) : this.locate(right) ? this.flow.reads.at(-1) : undefined;
    this.assign(left, deps, node, copied ?? null);
    return deps;
  }

  /** `x += e` loads `x` before evaluating `e`, so a read there is stale after an await in `e`. */
  private augmented(node: Node): Deps {
    const left = field(node, 'left');
    const right = field(node, 'right');
    if (!left || !right) return new Set();
    if (left.type === 'identifier' && !this.locate(left)) {
      const deps = new Set([...(this.env.get(left.text) ?? []), ...this.value(right)]);
      this.env.set(left.text, deps);
      this.copies.delete(left.text);
      return deps;
    }
    const deps = this.parts(left);
    const location = this.locate(left);
    if (location) deps.add(this.read(location, left));
    for (const read of this.value(right)) deps.add(read);
    if (location) this.write(location, deps, node, false);
    return deps;
  }

  private assign(target: Node, deps: Deps, statement: Node, copyOf: Read | null = null): void {
    switch (target.type) {
      case 'identifier': {
        const location = this.locate(target);
        if (location) this.write(location, deps, statement, false, copyOf);
        else {
          this.env.set(target.text, new Set(deps));
          if (copyOf) this.copies.set(target.text, copyOf);
          else this.copies.delete(target.text);
        }
        return;
      }
      case 'attribute':
      case 'subscript': {
        this.parts(target);
        const location = this.locate(target);
        if (location) this.write(location, deps, statement, false, copyOf);
        return;
      }
      default:
        for (const child of kids(target)) this.assign(child, deps, statement);
    }
  }

  // Expressions: each returns the reads its value was computed from.

  private value(node: Node | null): Deps {
    if (!node) return new Set();
    switch (node.type) {
      case 'identifier': {
        const local = this.env.get(node.text);
        if (local && !this.locate(node)) return new Set(local);
        const location = this.locate(node);
        // `self` itself (a receiver, an argument) is the object, not a value read from it.
        return location && location.key !== 'self' ? new Set([this.read(location, node)]) : new Set();
      }
      case 'attribute':
      case 'subscript': {
        const deps = this.parts(node);
        const location = this.locate(node);
        if (location) deps.add(this.read(location, node));
        return deps;
      }
      case 'call':
        return this.call(node);
      case 'await':
        // What an await returns comes from elsewhere (I/O, another task), not from the reads that went into the call.
        this.value(kids(node)[0] ?? null);
        this.point(node, 'await');
        return new Set();
      case 'lambda':
      case 'string_content':
      case 'escape_sequence':
        return new Set();
      case 'named_expression': {
        const deps = this.value(field(node, 'value'));
        const name = field(node, 'name');
        if (name) this.assign(name, deps, node);
        return deps;
      }
      case 'list_comprehension':
      case 'set_comprehension':
      case 'dictionary_comprehension':
      case 'generator_expression': {
        const [body, ...clauses] = kids(node);
        const deps: Deps = new Set();
        for (const clause of clauses) {
          if (clause.type === 'for_in_clause') {
            const items = this.value(field(clause, 'right'));
            const left = field(clause, 'left');
            if (left) this.assign(left, items, clause);
            for (const read of items) deps.add(read);
          } else for (const read of this.value(clause)) deps.add(read);
        }
        for (const read of this.value(body ?? null)) deps.add(read);
        return deps;
      }
      default: {
        const deps: Deps = new Set();
        for (const child of kids(node)) for (const read of this.value(child)) deps.add(read);
        return deps;
      }
    }
  }

  /** Evaluates what a location expression needs besides the location itself: a local base, indexes. */
  private parts(node: Node): Deps {
    const base = field(node, node.type === 'attribute' ? 'object' : 'value');
    let deps: Deps;
    if (base && (base.type === 'attribute' || base.type === 'subscript')) deps = this.parts(base);
    else if (base?.type === 'identifier' && this.locate(base)) deps = new Set();
    else deps = this.value(base);
    if (node.type === 'subscript') for (const index of node.childrenForFieldName('subscript')) for (const read of this.value(index)) deps.add(read);
    return deps;
  }

  private call(node: Node): Deps {
    const method = methodCall(node);
    const receiver = method?.[0] ?? null;
    const deps = this.entryRead(node) ?? this.value(receiver ?? field(node, 'function'));
    const argDeps: Deps = new Set();
    const list = field(node, 'arguments');
    for (const arg of list?.type === 'argument_list' ? kids(list) : list ? [list] : []) {
      for (const read of this.value(arg.type === 'keyword_argument' ? field(arg, 'value') : arg)) argDeps.add(read);
    }
    const seq = ++this.seq;
    const awaited = awaitOf(node) !== null;
    this.flow.calls.push({ call: node, seq, awaited, control: this.control.flat() });
    if (receiver && method) {
      const primitives = this.environment.primitives;
      // An awaited acquire() is an asyncio one; its release() pairs with it.
      const named = (method[1] === 'acquire' && awaited) || (method[1] === 'release' && this.flow.primitiveCalls.some((call) => call.primitive.where === 'named' && call.subject.text === receiver.text));
      const primitive = primitives.resolve(receiver, this.fn) ?? (named ? primitives.namedLock(receiver, this.fn) : null);
      if (primitive) this.flow.primitiveCalls.push({ primitive, subject: receiver, method: method[1], call: node, awaited, seq });
      const location = MUTATING_METHODS.has(method[1]) ? this.locate(receiver) : null;
      if (location && !primitive) this.write(location, argDeps, node, true);
    }
    // A new object (`Connection(...)`, by the CapWords convention) is not a value computed from its arguments.
    if (!/^_*[A-Z]/.test(calleeName(node) ?? '')) for (const read of argDeps) deps.add(read);
    return deps;
  }

  /** `self.d.get(key)` reads the entry `self.d[key]`, as `self.d[key]` would. */
  private entryRead(call: Node): Deps | null {
    const method = methodCall(call);
    const key = callArguments(call)[0];
    if (method?.[1] !== 'get' || !key || !SIMPLE_INDEX.has(key.type)) return null;
    const base = this.locate(method[0]);
    if (!base) return null;
    const deps = this.parts(method[0]);
    deps.add(this.read(locationKey([...base.segments, `[${key.text}]`]), call));
    return deps;
  }

  /** `acquire()` … the next `release()` of the same primitive is a critical section too. */
  private pairAcquires(): void {
    const calls = this.flow.primitiveCalls;
    for (const acquire of calls) {
      if (acquire.method !== 'acquire' || !isLockLike(acquire.primitive)) continue;
      const release = calls.find((call) => call.method === 'release' && call.seq > acquire.seq && sameSubject(call, acquire));
      const start = acquire.awaited ? (this.flow.points.find((point) => point.seq > acquire.seq)?.seq ?? acquire.seq) : acquire.seq;
      this.flow.sections.push({ primitive: acquire.primitive, subject: acquire.subject, node: acquire.call, via: 'acquire', start, end: release?.seq ?? Infinity });
    }
  }
}

/** The same primitive named the same way: one lock per key needs the same key expression. */
export function sameSubject(a: { primitive: Primitive; subject: Node }, b: { primitive: Primitive; subject: Node }): boolean {
  return a.primitive.key === b.primitive.key && (!a.primitive.perKey || a.subject.text === b.subject.text);
}

/**
 * Every read `node`'s value may depend on, through any expression (constructors and calls
 * included) and the assignments of the locals it uses — broader than a write's `from`, for
 * deciding whether work needs state at all.
 */
export function readsBehind(flow: FunctionFlow, node: Node): Read[] {
  const found = new Set<Read>();
  const seen = new Set<string>();
  const body = field(flow.fn.node, 'body');
  const visit = (expr: Node): void => {
    for (const read of flow.reads) if (expr.startIndex <= read.node.startIndex && read.node.endIndex <= expr.endIndex) found.add(read);
    for (const name of identifiersIn(expr)) {
      if (seen.has(name) || !flow.fn.locals.has(name) || !body) continue;
      seen.add(name);
      for (const assignment of assignmentsTo(body, name)) if (assignment.startIndex < node.startIndex) visit(assignment);
    }
  };
  visit(node);
  return [...found];
}

function identifiersIn(node: Node): string[] {
  const names: string[] = [];
  const pending = [node];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (next.type === 'identifier') names.push(next.text);
    else if (next.type !== 'lambda') pending.push(...next.kids);
  }
  return names;
}

/** The right-hand sides that bind `name` in a body (assignments, `for` targets, `with … as`). */
function assignmentsTo(body: Node, name: string): Node[] {
  const found: Node[] = [];
  const pending = [body];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (next.type === 'function_definition' || next.type === 'class_definition' || next.type === 'lambda') continue;
    const target = next.type === 'assignment' || next.type === 'augmented_assignment' || next.type === 'for_statement' ? field(next, 'left') : null;
    const value = field(next, 'right');
    if (target && value && identifiersIn(target).includes(name)) found.push(value);
    pending.push(...next.kids);
  }
  return found;
}
