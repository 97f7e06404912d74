import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { CONTINUATION_METHODS, DOWNLEVEL_ASYNC_HELPERS, calleeName, enclosingClass, enclosingFunction, isClassInitialiser, isFunction, isLoop, outerParent, propertyName, thisOwner, unwrap, type FunctionNode } from './ast';
import { isGlobalObjectName, type Bindings, type Variable } from './scope';

/**
 * A memory location reachable by more than one task: a module binding, a variable captured by
 * closures that run concurrently, a property of `this` in a method, a global. `path` holds the
 * property names below the root; computed keys appear as `[source text]`, Map/Set entries as
 * `{source text}`.
 */
export interface Location {
  root: string;
  path: readonly string[];
  /** How messages name it, with code in backticks: `` `counter` ``, `` `this.balance` ``, `` the `cache` entry for `url` ``. */
  text: string;
}

/** A write to `a` overwrites what a read of `b` saw when one path is a prefix of the other. */
export function overlaps(a: Location, b: Location): boolean {
  if (a.root !== b.root) return false;
  const length = Math.min(a.path.length, b.path.length);
  for (let index = 0; index < length; index += 1) {
    if (a.path[index] !== b.path[index]) return false;
  }
  return true;
}

export function childLocation(parent: Location, segment: string, text: string): Location {
  return { root: parent.root, path: [...parent.path, segment], text };
}

/** Decides which bindings and member paths are shared between concurrent tasks. */
export class SharedState {
  private readonly repeatCache = new WeakMap<FunctionNode, boolean>();
  private readonly aliases = new Map<Variable, Location | null>();
  private readonly ownership = new WeakMap<TSESTree.Node, boolean>();
  /** Asked again for the same node by summaries, pre-checks and flows: the file does not change. */
  private readonly locations = new Map<TSESTree.Node, Location | null>();

  constructor(
    private readonly bindings: Bindings,
    private readonly getText: (node: TSESTree.Node) => string,
    /** Whether a call runs its callback argument under a lock, once (a section entry). */
    private readonly isSectionCall: (call: TSESTree.CallExpression) => boolean,
  ) {}

  /** The shared location an Identifier or member chain denotes, or null for locals and unknown roots. */
  locationOf(node: TSESTree.Node): Location | null {
    let location = this.locations.get(node);
    if (location === undefined) {
      location = this.computeLocation(node);
      this.locations.set(node, location);
    }
    return location;
  }

  private computeLocation(node: TSESTree.Node): Location | null {
    const inner = unwrap(node);
    if (inner.type === AST_NODE_TYPES.Identifier) return this.identifierLocation(inner);
    if (inner.type === AST_NODE_TYPES.ThisExpression) return this.thisLocation(inner);
    if (inner.type === AST_NODE_TYPES.CallExpression) return this.entryLocation(inner) ?? this.singletonLocation(inner, true);
    if (inner.type !== AST_NODE_TYPES.MemberExpression) return null;
    const object = unwrap(inner.object);
    if (isGlobalObjectName(object) && this.bindings.isGlobal(object)) {
      const name = propertyName(inner.property, inner.computed);
      return name ? { root: 'global', path: [name], text: `\`globalThis.${name}\`` } : null;
    }
    const parent = object.type === AST_NODE_TYPES.Identifier ? (this.identifierLocation(object, true) ?? this.aliasedLocation(object)) : this.locationOf(object);
    if (!parent) return null;
    const name = propertyName(inner.property, inner.computed);
    const segment = name ?? `[${this.getText(inner.property)}]`;
    return childLocation(parent, segment, `\`${this.getText(inner)}\``);
  }

  /** `this.byUser.get(user)` as the object of a member or a call: the shared Map's entry, reached without an `await`. */
  private entryLocation(call: TSESTree.CallExpression, reached = true): Location | null {
    const callee = unwrap(call.callee);
    if (!isEntryRead(call) || callee.type !== AST_NODE_TYPES.MemberExpression) return null;
    if ((reached && outerParent(call).parent?.type !== AST_NODE_TYPES.MemberExpression) || !this.mayBeCollection(callee.object)) return null;
    const container = this.locationOf(callee.object);
    const key = call.arguments[0]!;
    return container && childLocation(container, `{${this.getText(key)}}`, `the \`${this.getText(callee.object)}\` entry for \`${this.getText(key)}\``);
  }

  /**
   * `getGlobal()`, `getInstance()`: a getter called with nothing to tell calls apart answers the
   * same object every time (a process-wide singleton, the module's store), so what hangs off it is
   * shared. Not a factory (`createClient()`, `new …`), nor anything awaited: those answer each
   * call its own.
   */
  private singletonLocation(call: TSESTree.CallExpression, reached: boolean): Location | null {
    if (call.arguments.length > 0 || (reached && outerParent(call).parent?.type !== AST_NODE_TYPES.MemberExpression)) return null;
    const name = calleeName(call);
    if (!name || !SINGLETON_GETTER.test(name)) return null;
    return { root: `call:${this.getText(call.callee)}`, path: [], text: `\`${this.getText(call)}\`` };
  }

  /**
   * `const state = this.state;` then `state.count = …`: a local that never changes and starts as
   * a shared object (or a Map entry) reaches that object. Only its members are shared: the local
   * itself is a copy of the reference.
   */
  private aliasedLocation(identifier: TSESTree.Identifier): Location | null {
    const variable = this.bindings.variableOf(identifier);
    if (!variable) return null;
    if (this.aliases.has(variable)) return this.aliases.get(variable)!;
    this.aliases.set(variable, null);
    const def = variable.defs[0];
    if (def?.type === 'Parameter') {
      const draft = isFunction(def.node) && def.node.params[0] === def.name ? this.draftOf(def.node) : null;
      this.aliases.set(variable, draft);
      return draft;
    }
    const init = def?.type === 'Variable' && def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.id === def.name ? def.node.init : null;
    const unchanged = variable.defs.length === 1 && variable.references.every((reference) => !reference.isWrite() || reference.init);
    const target = init && unchanged ? unwrap(init) : null;
    const location =
      target?.type === AST_NODE_TYPES.CallExpression
        ? (this.entryLocation(target, false) ?? this.singletonLocation(target, false))
        : target && (target.type === AST_NODE_TYPES.MemberExpression || target.type === AST_NODE_TYPES.Identifier || target.type === AST_NODE_TYPES.ThisExpression)
          ? this.locationOf(target)
          : null;
    this.aliases.set(variable, location);
    return location;
  }

  /**
   * Whether `receiver.get/set/push(…)` may be a Map, Set or array operation: not on bare `this`
   * (a class's own method), nor on a value built with `new` of some other class.
   */
  mayBeCollection(receiver: TSESTree.Node): boolean {
    const inner = unwrap(receiver);
    if (inner.type === AST_NODE_TYPES.ThisExpression) return false;
    const init = this.initialValue(inner);
    if (init?.type !== AST_NODE_TYPES.NewExpression) return true;
    return init.callee.type === AST_NODE_TYPES.Identifier && COLLECTION_CLASSES.has(init.callee.name);
  }

  /** The initialiser of a variable or a class field (`this.x = …` in a constructor included). */
  private initialValue(node: TSESTree.Node): TSESTree.Node | null {
    if (node.type === AST_NODE_TYPES.Identifier) {
      const def = this.bindings.variableOf(node)?.defs[0];
      return def?.type === 'Variable' && def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init ? unwrap(def.node.init) : null;
    }
    if (node.type !== AST_NODE_TYPES.MemberExpression || node.object.type !== AST_NODE_TYPES.ThisExpression) return null;
    const name = propertyName(node.property, node.computed);
    const classBody = enclosingClassBody(node);
    for (const member of classBody?.body ?? []) {
      if (member.type === AST_NODE_TYPES.PropertyDefinition && member.value && propertyName(member.key, member.computed) === name) {
        return unwrap(member.value);
      }
    }
    return null;
  }

  /**
   * The state an updater callback's first parameter stands for: `this.update((state) => { … })`
   * changes `this.state`, immer's `produce(base, (draft) => { … })` changes `base`.
   */
  draftOf(fn: FunctionNode): Location | null {
    const { parent, child } = outerParent(fn);
    if (parent?.type !== AST_NODE_TYPES.CallExpression) return null;
    const callee = unwrap(parent.callee);
    if (
      parent.arguments[0] === child &&
      callee.type === AST_NODE_TYPES.MemberExpression &&
      callee.object.type === AST_NODE_TYPES.ThisExpression &&
      propertyName(callee.property, callee.computed) === 'update'
    ) {
      const self = this.thisLocation(callee.object);
      return self && childLocation(self, 'state', '`this.state`');
    }
    return calleeName(parent) === 'produce' && parent.arguments[1] === child && parent.arguments[0] ? this.locationOf(parent.arguments[0]) : null;
  }

  /**
   * React state read or set from a function nested in the component that declared it
   * (`const [count, setCount] = useState(0)`): the value is the snapshot of the render that made
   * the function (`snapshot`), and calling the setter writes the state (`setter`).
   */
  renderState(identifier: TSESTree.Identifier): { location: Location; role: 'snapshot' | 'setter' } | null {
    const variable = this.bindings.variableOf(identifier);
    const def = variable?.defs[0];
    if (def?.type !== 'Variable' || def.node.type !== AST_NODE_TYPES.VariableDeclarator || def.node.id.type !== AST_NODE_TYPES.ArrayPattern) return null;
    const init = def.node.init && unwrap(def.node.init);
    if (init?.type !== AST_NODE_TYPES.CallExpression || calleeName(init) !== 'useState') return null;
    const [value, setter] = def.node.id.elements;
    if (value?.type !== AST_NODE_TYPES.Identifier || setter?.type !== AST_NODE_TYPES.Identifier) return null;
    const declaring = this.bindings.declaringFunction(variable!);
    if (!declaring || enclosingFunction(identifier) === declaring) return null;
    const role = def.name === value ? 'snapshot' : def.name === setter ? 'setter' : null;
    return role && { location: { root: `render:${value.name}@${value.range[0]}`, path: [], text: `\`${value.name}\`` }, role };
  }

  /** The root variable is shared: module scope, or captured by a closure that runs concurrently. */
  isSharedVariable(variable: Variable, accessor: FunctionNode | null): boolean {
    // A global the config or a `/* global x:writable */` comment declares writable.
    if (variable.defs.length === 0) return (variable as { writeable?: boolean }).writeable === true;
    const def = variable.defs[0]!;
    if (def.type === 'ImportBinding' || def.type === 'FunctionName' || def.type === 'ClassName' || def.type === 'TSEnumName') {
      return false;
    }
    if (def.type === 'Type' || def.type === 'TSModuleName') return false;
    if (this.bindings.isModuleLevel(variable)) return true;
    const declaring = this.bindings.declaringFunction(variable);
    if (!declaring || !accessor || declaring === accessor) return false;
    for (let current: FunctionNode | null = accessor; current && current !== declaring; current = enclosingFunction(current)) {
      if (this.runsRepeatedly(current, declaring)) return true;
    }
    return false;
  }

  /**
   * `reached`: the identifier is the object of a member access. An imported binding is shared
   * there (`import { state } from './store'; state.count = …` changes the one module object every
   * importer sees); the binding itself cannot be assigned.
   */
  private identifierLocation(identifier: TSESTree.Identifier, reached = false): Location | null {
    const variable = this.bindings.variableOf(identifier);
    if (!variable) return null;
    const accessor = enclosingFunction(identifier);
    const imported = reached && variable.defs[0]?.type === 'ImportBinding';
    if (!imported && !this.isSharedVariable(variable, accessor)) return null;
    return { root: `var:${variable.name}@${variable.identifiers[0]?.range[0] ?? 0}`, path: [], text: `\`${variable.name}\`` };
  }

  private thisLocation(node: TSESTree.ThisExpression): Location | null {
    const owner = thisOwner(node);
    if (!owner) return null;
    const isMember =
      isClassInitialiser(owner) ||
      (owner.type === AST_NODE_TYPES.FunctionExpression &&
        (owner.parent.type === AST_NODE_TYPES.MethodDefinition ||
          (owner.parent.type === AST_NODE_TYPES.Property && owner.parent.parent.type === AST_NODE_TYPES.ObjectExpression)));
    if (!isMember) return null;
    const classNode = enclosingClass(owner);
    if (classNode && this.ownedPerCall(classNode)) return null;
    return { root: `this@${classOrObjectStart(owner)}`, path: [], text: '`this`' };
  }

  /**
   * Whether each instance of a class belongs to one call, which uses it one step at a time, so
   * its fields are no more shared than a parameter's (a per-request client). The evidence, all in
   * this file: the class is not exported or handed out, only ever constructed as
   * `const client = new Client(…)` inside a function, and that local is only used to read a
   * property or as `await client.method(…)` (or `return client.method(…)`), or constructed to call
   * one method at once (`await new Client(…).method()`).
   */
  private ownedPerCall(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression): boolean {
    const known = this.ownership.get(classNode);
    if (known !== undefined) return known;
    let owned = false;
    if (classNode.type === AST_NODE_TYPES.ClassDeclaration && classNode.id && !classNode.parent.type.startsWith('Export')) {
      // The class's own scope binds its name too: take the binding the enclosing scope sees.
      let scope = this.bindings.scopeOf(classNode.parent);
      while (scope && !scope.set.has(classNode.id.name)) scope = scope.upper;
      const uses = scope?.set.get(classNode.id.name)?.references ?? [];
      owned = uses.length > 0 && uses.every((use) => this.constructedForOneCall(use.identifier as TSESTree.Identifier));
    }
    this.ownership.set(classNode, owned);
    return owned;
  }

  private constructedForOneCall(use: TSESTree.Identifier): boolean {
    const construction = use.parent;
    if (construction?.type !== AST_NODE_TYPES.NewExpression || construction.callee !== use) return false;
    const { parent: declarator, child } = outerParent(construction);
    // `await new Fetcher(url).run()`, `return new Fetcher(url).run()`: one call, on an instance no one else sees.
    if (declarator?.type === AST_NODE_TYPES.MemberExpression && declarator.object === child) return methodCallAwaitedOrReturned(declarator);
    if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== child || declarator.id.type !== AST_NODE_TYPES.Identifier) return false;
    const local = this.bindings.variableOf(declarator.id);
    if (!local || this.bindings.isModuleLevel(local)) return false;
    return local.references.every((reference) => {
      if (reference.init) return true;
      const member = reference.identifier.parent;
      if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== reference.identifier) return false;
      const { parent, child: callee } = outerParent(member);
      if (parent?.type !== AST_NODE_TYPES.CallExpression || parent.callee !== callee) return parent?.type !== AST_NODE_TYPES.AssignmentExpression || parent.left !== callee;
      return methodCallAwaitedOrReturned(member);
    });
  }

  /**
   * Whether a nested function may run several times at once while its parent's locals live:
   * a callback handed to `map`/`forEach`/listeners, a method, a function called in a loop or
   * from several places. Run-once callbacks (IIFEs, `new Promise` executors, `.then`, a lock's
   * own section callback) do not.
   */
  runsRepeatedly(fn: FunctionNode, declaring: FunctionNode): boolean {
    const cached = this.repeatCache.get(fn);
    if (cached !== undefined) return cached;
    this.repeatCache.set(fn, false);
    const result = this.computeRunsRepeatedly(fn, declaring);
    this.repeatCache.set(fn, result);
    return result;
  }

  private computeRunsRepeatedly(fn: FunctionNode, declaring: FunctionNode): boolean {
    const { parent, child } = outerParent(fn);
    if (!parent) return true;
    if (parent.type === AST_NODE_TYPES.CallExpression && parent.callee === child) return false;
    if (parent.type === AST_NODE_TYPES.NewExpression) {
      return !(parent.callee.type === AST_NODE_TYPES.Identifier && parent.callee.name === 'Promise');
    }
    if (parent.type === AST_NODE_TYPES.CallExpression) {
      const callee = unwrap(parent.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression) {
        const method = propertyName(callee.property, callee.computed);
        if (method && CONTINUATION_METHODS.has(method)) return false;
      }
      if (DOWNLEVEL_ASYNC_HELPERS.has(calleeName(parent) ?? '')) return false;
      return !this.isSectionCall(parent) && !this.draftOf(fn) && !runsWithinAwaitedCall(parent);
    }
    const name =
      fn.type === AST_NODE_TYPES.FunctionDeclaration
        ? fn.id
        : parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier
          ? parent.id
          : null;
    if (!name) return true;
    const variable = this.bindings.variableOf(name);
    if (!variable) return true;
    const uses = variable.references.filter((reference) => !reference.init);
    if (uses.length === 0) return false;
    // Called from several places, it runs one call at a time only if each call is awaited (or
    // delegated to with `yield*`) right in the declaring function: each ends before the next starts.
    if (uses.length > 1) return !uses.every((use) => this.finishesBeforeGoingOn(use.identifier as TSESTree.Node, declaring, false));
    return !this.finishesBeforeGoingOn(uses[0]!.identifier as TSESTree.Node, declaring, true);
  }

  /** The use is a call that its caller waits for, or (`nested`) runs once in a function that runs once. */
  private finishesBeforeGoingOn(use: TSESTree.Node, declaring: FunctionNode, nested: boolean): boolean {
    const call = use.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== use) return false;
    const waiter = outerParent(call).parent;
    const awaited = waiter?.type === AST_NODE_TYPES.AwaitExpression || (waiter?.type === AST_NODE_TYPES.YieldExpression && waiter.delegate);
    for (let current: TSESTree.Node | undefined = call.parent; current && current !== declaring; current = current.parent) {
      if (isFunction(current)) return nested && !this.runsRepeatedly(current, declaring);
      if (!awaited && isLoop(current)) return false;
    }
    return nested || awaited;
  }
}

/** Callees named for running a callback per element, in parallel or per event. */
const REPEATING_CALLEE = /map|each|all|any|race|parallel|concurren|batch|filter|reduce|some|every|find|sort|^on$|once|listen|subscribe|watch|interval/i;

/**
 * `return tracer.withSpan(name, async (span) => { … })`, `await withRetry(() => send(body))`: a
 * callback handed to a call that its function awaits or returns runs within that call, once or
 * one attempt after another, unless the callee is named for running it per element, in
 * parallel or per event (`map`, `forEach`, `pMap`, `on`, `subscribe`).
 */
function runsWithinAwaitedCall(call: TSESTree.CallExpression): boolean {
  const name = calleeName(call);
  if (name === null || REPEATING_CALLEE.test(name)) return false;
  const { parent, child } = outerParent(call);
  return (
    parent?.type === AST_NODE_TYPES.AwaitExpression ||
    parent?.type === AST_NODE_TYPES.ReturnStatement ||
    (parent?.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === child)
  );
}

/** `instance.method(…)` awaited where it is called, or returned for the caller to await: the instance does one thing at a time. */
function methodCallAwaitedOrReturned(member: TSESTree.MemberExpression): boolean {
  const { parent: call, child: callee } = outerParent(member);
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== callee) return false;
  const used = outerParent(call).parent?.type;
  return used === AST_NODE_TYPES.AwaitExpression || used === AST_NODE_TYPES.ReturnStatement;
}

function classOrObjectStart(owner: TSESTree.Node): number {
  for (let current: TSESTree.Node | undefined = owner; current; current = current.parent) {
    if (
      current.type === AST_NODE_TYPES.ClassBody ||
      current.type === AST_NODE_TYPES.ObjectExpression
    ) {
      return current.range[0];
    }
  }
  return owner.range[0];
}

/** `getGlobal`, `_getStore`, `getSharedState`: a getter by its name. */
const SINGLETON_GETTER = /^_*get(?:[A-Z_$]|$)/;

const COLLECTION_CLASSES = new Set(['Map', 'Set', 'WeakMap', 'WeakSet', 'Array']);

function isEntryRead(node: TSESTree.Node): boolean {
  if (node.type !== AST_NODE_TYPES.CallExpression || node.arguments.length !== 1) return false;
  const callee = unwrap(node.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && propertyName(callee.property, callee.computed) === 'get';
}

function enclosingClassBody(node: TSESTree.Node): TSESTree.ClassBody | null {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ClassBody) return current;
  }
  return null;
}

