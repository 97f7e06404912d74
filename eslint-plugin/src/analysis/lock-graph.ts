import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import {
  ONE_SHOT_SCHEDULERS,
  calledMethodName,
  calleeName,
  calleeObject,
  childNodes,
  enclosingFunction,
  isFunction,
  objectProperty,
  outerParent,
  propertyName,
  unwrap,
  type FunctionNode,
} from './ast';
import { resolveImported } from './imports';
import { excludes, type LockRef } from './locks';
import type { ConcurrencyModel } from './model';
import type { Variable } from './scope';
import { sameLock, type CriticalSection } from './sections';

/** A call that waits for a lock: takes it (an awaited acquire, a section call) or waits for it to be free. */
export interface Acquisition {
  call: TSESTree.CallExpression;
  lock: LockRef;
  /** async-lock keys or Web Lock name as written; `[]` when keyed but not visible here; null for unkeyed locks. */
  keys: readonly TSESTree.Node[] | null;
  /** Shuts other holders out while held: one permit, or an exclusive Web Lock. */
  excludes: boolean;
  /** False for forms that fail or return at once instead of queueing (`tryAcquire(m)`, `ifAvailable`, `steal`). */
  waits: boolean;
  /** `waitForUnlock()` waits for the lock to be free without taking it. */
  takes: boolean;
}

/** A critical section whose lock is held while some call runs and waits for it. */
export interface Holding {
  section: CriticalSection;
  /** Same-module calls made inside the section that lead to the call, outermost first. */
  via: readonly TSESTree.CallExpression[];
  /** The functions those calls enter: each call is a fresh frame with fresh locals. */
  frames: readonly FunctionNode[];
}

/** A lock awaited while another is held: the raw material of deadlocks. */
export interface Nesting {
  holding: Holding;
  inner: Acquisition;
  /** Where, inside the section, the inner lock gets taken: the first call of `via`, else the acquisition. */
  site: TSESTree.CallExpression;
}

/** How a function gets run: called, or handed to a call that runs it. */
interface Invocation {
  call: TSESTree.CallExpression;
  /** Through a name (`helper()`, `this.save()`, `items.map(helper)`): a new frame of a same-module function. */
  named: boolean;
}

/** Anything that names a lock at one place: a section or an acquisition. */
interface LockSite {
  lock: LockRef;
  keys: readonly TSESTree.Node[] | null;
  entry: TSESTree.CallExpression;
}

/** Calls that schedule their callback for later: the caller never waits for it. */
const SCHEDULERS = new Set([...ONE_SHOT_SCHEDULERS, 'setInterval', 'addEventListener', 'on', 'once']);
const COMBINATORS = new Set(['all', 'allSettled', 'any', 'race']);
const WAITS_FOR_ALL = new Set(['all', 'allSettled']);
const CHAINS = new Set(['then', 'catch', 'finally']);

/**
 * Which locks are held while a call runs, through nested callbacks the section waits for and
 * through calls of same-module functions (`helper()`, `this.other()`), transitively. A lock is
 * only "held at" a call when the section cannot finish before the call's promise settles: the
 * call is awaited or returned, up a chain of awaited invocations, to the section itself.
 */
export class LockGraph {
  private acquisitionList: Acquisition[] | null = null;
  private above: Map<FunctionNode, Map<string, Holding>> | null = null;
  private nestingList: Nesting[] | null = null;
  private sectionIds: Map<CriticalSection, number> | null = null;

  constructor(private readonly model: ConcurrencyModel) {}

  get acquisitions(): readonly Acquisition[] {
    this.acquisitionList ??= this.findAcquisitions();
    return this.acquisitionList;
  }

  /** Every awaited acquisition paired with each section held around it. */
  get nestings(): readonly Nesting[] {
    if (!this.nestingList) {
      this.nestingList = [];
      // Nothing is held in a file without critical sections.
      if (this.model.allSections.length === 0) return this.nestingList;
      for (const inner of this.acquisitions) {
        if (!inner.waits) continue;
        for (const holding of this.heldAt(inner.call)) {
          this.nestingList.push({ holding, inner, site: holding.via[0] ?? inner.call });
        }
      }
    }
    return this.nestingList;
  }

  /** Sections held while `call` runs, when whatever runs the call waits for its promise. */
  heldAt(call: TSESTree.CallExpression): Holding[] {
    if (this.model.allSections.length === 0) return [];
    return [...this.holdingsAt(call).values()];
  }

  /** Whether a held section and an acquisition made under it name the same lock (and key). */
  holdsSameLock(holding: Holding, acquisition: Acquisition): boolean {
    return this.sameSite(this.site(holding.section), this.site(acquisition), holding.frames);
  }

  /** Whether two sections or acquisitions in different places name the same lock (and key). */
  sameLockAt(a: CriticalSection | Acquisition, b: CriticalSection | Acquisition): boolean {
    return this.sameSite(this.site(a), this.site(b), []);
  }

  /** async-lock made with `domainReentrant: true` lets a holder re-enter its own key. */
  isReentrant(lock: LockRef): boolean {
    // A lock class recognised only by its name may let its holder in again: we cannot tell.
    if (lock.protocol.kind === 'project-mutex') return true;
    if (lock.protocol.kind !== 'async-lock' || !lock.construction) return false;
    const construction = unwrap(lock.construction);
    if (construction.type !== AST_NODE_TYPES.NewExpression) return false;
    const option = objectProperty(construction.arguments[0], 'domainReentrant');
    return option?.type === AST_NODE_TYPES.Literal && option.value === true;
  }

  /** How messages name the lock of a section or acquisition: `` `lock` ``, `` `keyed` key `id` ``, `` the Web Lock `'cart'` ``. */
  describe(of: CriticalSection | Acquisition): string {
    const { sourceCode } = this.model;
    const site = this.site(of);
    const keyText = site.keys?.[0] ? sourceCode.getText(site.keys[0]) : null;
    if (site.lock.protocol.kind === 'web-lock') return keyText ? `the Web Lock \`${keyText}\`` : 'the Web Lock';
    const identity = site.lock.identity ?? '';
    const name = site.lock.variable
      ? site.lock.variable.name
      : identity.startsWith('field:')
        ? `this.${identity.slice(identity.indexOf('.') + 1)}`
        : sourceCode.getText(lockExpressionOf(site.entry));
    return keyText ? `\`${name}\` key \`${keyText}\`` : `\`${name}\``;
  }

  private site(of: CriticalSection | Acquisition): LockSite {
    if ('call' in of) return { lock: of.lock, keys: of.keys, entry: of.call };
    return { lock: of.lock, keys: keysOfSection(of, this.model), entry: of.entry };
  }

  private findAcquisitions(): Acquisition[] {
    const { model } = this;
    const callbackSections = new Map<TSESTree.CallExpression, CriticalSection>();
    for (const section of model.allSections) {
      if (section.kind === 'callback' && !callbackSections.has(section.entry)) callbackSections.set(section.entry, section);
    }
    const found: Acquisition[] = [];
    for (const call of model.calls) {
      const role = model.sections.lockCall(call);
      if (role?.role === 'acquire' || role?.role === 'wait') {
        found.push({ call, lock: role.lock, keys: null, excludes: excludes(role.lock), waits: this.waits(call), takes: role.role === 'acquire' });
        continue;
      }
      // `m.acquire().then(…)`: the acquire inside is the acquisition.
      if (calledMethodName(call) === 'then' && callbackSections.has(call)) continue;
      const section = callbackSections.get(call);
      if (section) {
        const keys = keysOfSection(section, model);
        found.push({ call, lock: section.lock, keys, excludes: section.excludes, waits: this.waits(call), takes: true });
        continue;
      }
      // A section call whose callback is not written inline still queues for the lock.
      const lock = role?.role === 'section' ? role.lock : this.calledLimiter(call);
      if (lock) {
        const keys = lock.protocol.keyed ? (call.arguments[0] ? [call.arguments[0]] : []) : null;
        found.push({ call, lock, keys, excludes: excludes(lock), waits: this.waits(call), takes: true });
      }
    }
    return found;
  }

  private calledLimiter(call: TSESTree.CallExpression): LockRef | null {
    const callee = unwrap(call.callee);
    if (callee.type !== AST_NODE_TYPES.Identifier && callee.type !== AST_NODE_TYPES.MemberExpression) return null;
    const lock = this.model.locks.resolve(callee);
    return lock?.protocol.callable ? lock : null;
  }

  /** `tryAcquire(m)` rejects at once and Web Locks with `ifAvailable`/`steal` never queue. */
  private waits(call: TSESTree.CallExpression): boolean {
    const options = call.arguments.length >= 3 ? call.arguments[1] : undefined;
    for (const name of ['ifAvailable', 'steal']) {
      const value = objectProperty(options, name);
      if (value?.type === AST_NODE_TYPES.Literal && value.value === true) return false;
    }
    let target = unwrap(lockExpressionOf(call));
    if (target.type === AST_NODE_TYPES.Identifier) {
      const def = this.model.bindings.variableOf(target)?.defs[0];
      if (def?.type === 'Variable' && def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init) target = unwrap(def.node.init);
    }
    if (target.type !== AST_NODE_TYPES.CallExpression) return true;
    const imported = resolveImported(target.callee, this.model.bindings);
    return !(imported?.source === 'async-mutex' && imported.name === 'tryAcquire');
  }

  /** Sections held at `call`: those around it in its own function, then those around whoever awaits that function. */
  private holdingsAt(call: TSESTree.CallExpression): Map<string, Holding> {
    const result = new Map<string, Holding>();
    const use = awaitedUse(call, this.model);
    const fn = enclosingFunction(call);
    if (!use || !fn) return result;
    for (const section of this.model.sectionsCovering(call)) {
      // A span's `finally` releases as soon as the function returns, before a returned promise settles.
      if (use === 'return' && section.kind !== 'callback') continue;
      this.add(result, { section, via: [], frames: [] });
    }
    for (const holding of this.heldAbove().get(fn)?.values() ?? []) this.add(result, holding);
    return result;
  }

  private add(into: Map<string, Holding>, holding: Holding): boolean {
    const key = `${this.sectionId(holding.section)}@${holding.via[0]?.range[0] ?? -1}`;
    if (into.has(key)) return false;
    into.set(key, holding);
    return true;
  }

  private sectionId(section: CriticalSection): number {
    if (!this.sectionIds) this.sectionIds = new Map(this.model.allSections.map((candidate, index) => [candidate, index]));
    return this.sectionIds.get(section) ?? -1;
  }

  /**
   * Per function, the sections held while it runs because an invocation of it is awaited inside
   * them. Recursion makes this a fixpoint: sets only grow and are keyed by (section, first call),
   * so iteration ends.
   */
  private heldAbove(): Map<FunctionNode, Map<string, Holding>> {
    if (this.above) return this.above;
    const above = new Map<FunctionNode, Map<string, Holding>>();
    this.above = above;
    const invocations = this.invocations();
    for (const fn of invocations.keys()) above.set(fn, new Map());
    let changed = true;
    while (changed) {
      changed = false;
      for (const [fn, list] of invocations) {
        const held = above.get(fn)!;
        for (const invocation of list) {
          for (const holding of this.holdingsAt(invocation.call).values()) {
            const entered = invocation.named
              ? { section: holding.section, via: [...holding.via, invocation.call], frames: [...holding.frames, fn] }
              : holding;
            if (this.add(held, entered)) changed = true;
          }
        }
      }
    }
    return above;
  }

  private invocations(): Map<FunctionNode, Invocation[]> {
    const { model } = this;
    const result = new Map<FunctionNode, Invocation[]>();
    const record = (fn: FunctionNode, invocation: Invocation): void => {
      const list = result.get(fn) ?? [];
      list.push(invocation);
      result.set(fn, list);
    };
    for (const fn of model.functions) {
      const { parent, child } = outerParent(fn);
      if (parent?.type === AST_NODE_TYPES.CallExpression && (parent.callee === child || parent.arguments.includes(child as TSESTree.CallExpressionArgument))) {
        if (!isScheduler(parent)) record(fn, { call: parent, named: false });
      }
    }
    for (const call of model.calls) {
      const callee = model.locks.calledFunction(call.callee);
      if (callee) record(callee, { call, named: true });
      if (isScheduler(call)) continue;
      for (const argument of call.arguments) {
        const inner = unwrap(argument);
        if (inner.type !== AST_NODE_TYPES.Identifier && inner.type !== AST_NODE_TYPES.MemberExpression) continue;
        const passed = model.locks.calledFunction(inner);
        if (passed) record(passed, { call, named: true });
      }
    }
    return result;
  }

  private sameSite(a: LockSite, b: LockSite, frames: readonly FunctionNode[]): boolean {
    if (!sameLock(a.lock, b.lock)) return false;
    // A local or parameter lock of a function entered again on the way down is another instance.
    if (this.inFrames(a.lock.variable, frames) || this.inFrames(b.lock.variable, frames)) return false;
    // Identities such as `call:this.lockFor(domain)` come from source text: the names in it must mean the same.
    if (a.lock.origin === 'factory' && !this.sameValue(lockExpressionOf(a.entry), lockExpressionOf(b.entry), frames)) return false;
    if (a.keys === null || b.keys === null) return a.keys === b.keys;
    return a.keys.some((first) => b.keys!.some((second) => this.sameValue(first, second, frames)));
  }

  /** Same source text whose names refer to the same variables, none of them fresh in a frame entered. */
  private sameValue(a: TSESTree.Node, b: TSESTree.Node, frames: readonly FunctionNode[]): boolean {
    const { sourceCode, bindings } = this.model;
    if (sourceCode.getText(a) !== sourceCode.getText(b)) return false;
    const first = identifiersIn(a);
    const second = identifiersIn(b);
    if (first.length !== second.length) return false;
    return first.every((identifier, index) => {
      const variable = bindings.variableOf(identifier);
      return variable === bindings.variableOf(second[index]!) && !this.inFrames(variable, frames);
    });
  }

  private inFrames(variable: Variable | null, frames: readonly FunctionNode[]): boolean {
    if (!variable || frames.length === 0) return false;
    const declaring = this.model.bindings.declaringFunction(variable);
    return declaring !== null && frames.includes(declaring);
  }
}

const graphs = new WeakMap<ConcurrencyModel, LockGraph>();

/** The lock graph of a file, built on its model and shared by every rule that asks. */
export function getLockGraph(model: ConcurrencyModel): LockGraph {
  let graph = graphs.get(model);
  if (!graph) {
    graph = new LockGraph(model);
    graphs.set(model, graph);
  }
  return graph;
}

/**
 * Whether the code around `node` waits for its promise: `await`ed, or returned (an arrow's body
 * too), directly or through `Promise.all`/`allSettled`, an array, a `.then` chain, or a variable
 * awaited later.
 */
export function awaitedUse(node: TSESTree.Node, model: ConcurrencyModel, seen = new Set<TSESTree.Node>()): 'await' | 'return' | null {
  if (seen.has(node)) return null;
  seen.add(node);
  const { parent, child } = outerParent(node);
  if (!parent) return null;
  switch (parent.type) {
    case AST_NODE_TYPES.AwaitExpression:
      return 'await';
    case AST_NODE_TYPES.ReturnStatement:
      return 'return';
    case AST_NODE_TYPES.ArrowFunctionExpression:
      return parent.body === child ? 'return' : null;
    case AST_NODE_TYPES.ArrayExpression:
    case AST_NODE_TYPES.SpreadElement:
    case AST_NODE_TYPES.ConditionalExpression:
    case AST_NODE_TYPES.LogicalExpression:
      return parent.type === AST_NODE_TYPES.ConditionalExpression && parent.test === child ? null : awaitedUse(parent, model, seen);
    case AST_NODE_TYPES.SequenceExpression:
      return parent.expressions.at(-1) === child ? awaitedUse(parent, model, seen) : null;
    case AST_NODE_TYPES.CallExpression:
      return isPromiseCombinator(parent, model) && parent.arguments.includes(child as TSESTree.CallExpressionArgument)
        ? awaitedUse(parent, model, seen)
        : null;
    case AST_NODE_TYPES.MemberExpression: {
      const chained = parent.parent;
      const method = parent.object === child ? propertyName(parent.property, parent.computed) : null;
      return method && CHAINS.has(method) && chained?.type === AST_NODE_TYPES.CallExpression && chained.callee === parent
        ? awaitedUse(chained, model, seen)
        : null;
    }
    case AST_NODE_TYPES.VariableDeclarator: {
      if (parent.init !== child || parent.id.type !== AST_NODE_TYPES.Identifier) return null;
      const variable = model.bindings.variableOf(parent.id);
      const fn = enclosingFunction(parent);
      for (const reference of variable?.references ?? []) {
        // An await in a nested callback is not this function waiting.
        if (reference.init || !reference.isRead() || enclosingFunction(reference.identifier as TSESTree.Node) !== fn) continue;
        const use = awaitedUse(reference.identifier as TSESTree.Node, model, seen);
        if (use) return use;
      }
      return null;
    }
    default:
      return null;
  }
}

/** `all`, `allSettled`, `any` or `race` for a call of the global `Promise`'s combinators. */
export function promiseCombinator(call: TSESTree.CallExpression, model: ConcurrencyModel): string | null {
  const callee = unwrap(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
  const object = unwrap(callee.object);
  if (object.type !== AST_NODE_TYPES.Identifier || object.name !== 'Promise') return null;
  if (!model.bindings.isGlobal(object)) return null;
  const method = propertyName(callee.property, callee.computed);
  return method && COMBINATORS.has(method) ? method : null;
}

/** `Promise.all(…)`/`allSettled(…)`: settles only when every element has. */
function isPromiseCombinator(call: TSESTree.CallExpression, model: ConcurrencyModel): boolean {
  return WAITS_FOR_ALL.has(promiseCombinator(call, model) ?? '');
}

function isScheduler(call: TSESTree.CallExpression): boolean {
  return SCHEDULERS.has(calleeName(call) ?? '');
}

/** The lock at a call: the object of `lock.runExclusive(…)`, through `.then` of an acquire; the callee of `limit(…)`. */
function lockExpressionOf(call: TSESTree.CallExpression): TSESTree.Node {
  const object = calleeObject(call);
  if (!object) return unwrap(call.callee);
  const inner = unwrap(object);
  if (calledMethodName(call) === 'then' && inner.type === AST_NODE_TYPES.CallExpression) return lockExpressionOf(inner);
  return inner;
}

/** The key expressions of a keyed section: an async-lock key (or array of keys), a Web Lock name. */
function keysOfSection(section: CriticalSection, model: ConcurrencyModel): TSESTree.Node[] | null {
  if (section.key === null) return null;
  const first = section.entry.arguments[0];
  // A wrapper's section takes its key inside the wrapper, out of sight here.
  if (!first || model.sourceCode.getText(first) !== section.key) return [];
  const inner = unwrap(first);
  if (inner.type === AST_NODE_TYPES.ArrayExpression && section.lock.protocol.kind === 'async-lock') {
    return inner.elements.filter((element): element is TSESTree.Expression => element !== null && element.type !== AST_NODE_TYPES.SpreadElement);
  }
  return [first];
}


function identifiersIn(node: TSESTree.Node): TSESTree.Identifier[] {
  const found: TSESTree.Identifier[] = [];
  const visit = (current: TSESTree.Node): void => {
    if (current.type === AST_NODE_TYPES.Identifier) found.push(current);
    if (isFunction(current)) return;
    for (const child of childNodes(current)) visit(child);
  };
  visit(node);
  return found;
}
