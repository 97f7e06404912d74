import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { calledMethodName, calleeObject, enclosingClass, isFunction, outerParent, propertyName, returnedExpressions, unwrap, type FunctionNode } from './ast';
import { resolveImported, resolveTypeImport } from './imports';
import { isLockDecorator, isProjectLockName, isSharedLockName, lockConstructor, lockType, protocolOf, type LockKind, type LockProtocol } from './libraries';
import type { Bindings } from './scope';
import type { InterleaveSettings } from './settings';
import type { TypeLockLookup } from './types';

/** Where a lock value lives; two expressions with one identity are the same lock. */
export type LockOrigin = 'module' | 'field' | 'local' | 'parameter' | 'factory' | 'inline' | 'web';

export interface LockRef {
  protocol: LockProtocol;
  /** Permits: 1 excludes; null means the count is not visible in the source. */
  permits: number | null;
  /** Stable id of the storage place; null for a lock with no name (`new Mutex().runExclusive(…)`). */
  identity: string | null;
  origin: LockOrigin;
  /** The `new Mutex()` (or `pLimit(1)`) that made it, when visible. */
  construction: TSESTree.Node | null;
  /** The variable holding it, for locals and module bindings. */
  variable: TSESLint.Scope.Variable | null;
}

export function excludes(lock: LockRef): boolean {
  return lock.permits === 1;
}

/** How messages name a lock's library and class: "async-mutex `Mutex`", or a project's own class by the name it was made with ("lock class `TopicLock`"). */
export function lockClassName(lock: LockRef): string {
  const construction = lock.construction && unwrap(lock.construction);
  if (lock.protocol.kind === 'project-mutex' && construction?.type === AST_NODE_TYPES.NewExpression && construction.callee.type === AST_NODE_TYPES.Identifier) {
    return `lock class \`${construction.callee.name}\``;
  }
  return lock.protocol.display;
}

type Resolution = Omit<LockRef, 'identity' | 'origin' | 'variable'> & Partial<Pick<LockRef, 'identity' | 'origin' | 'variable'>>;

/** Recognises lock values: constructions, imports, type annotations, class fields, factories, maps of locks. */
export class LockResolver {
  private readonly cache = new WeakMap<TSESTree.Node, LockRef | null>();
  private readonly byVariable = new WeakMap<TSESLint.Scope.Variable, LockRef | null>();
  private readonly byFunction = new WeakMap<FunctionNode, LockRef | null>();
  /** `calledFunction`'s answers: every rule asks it about the same callees, many times over. */
  private readonly calledFunctions = new Map<TSESTree.Node, FunctionNode | null>();
  /** Per class, the function each member name runs (see `methodsOf`). */
  private readonly classMethods = new Map<TSESTree.ClassBody, Map<string | null, FunctionNode | null>>();
  private readonly inProgress = new Set<TSESTree.Node>();
  private shapes: Map<string, { acquired: boolean; released: boolean }> | null = null;

  constructor(
    private readonly bindings: Bindings,
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
    private readonly settings: InterleaveSettings,
    private readonly typeLookup: TypeLockLookup | null,
    /** The file's calls, where a lock known only by its shape shows itself. */
    private readonly calls: () => readonly TSESTree.CallExpression[],
  ) {}

  resolve(node: TSESTree.Node): LockRef | null {
    const inner = unwrap(node);
    if (this.cache.has(inner)) return this.cache.get(inner) ?? null;
    if (this.inProgress.has(inner)) return null;
    this.inProgress.add(inner);
    let result: LockRef | null = null;
    try {
      result = this.resolveUncached(inner);
      if (!result && this.typeLookup) {
        const typed = this.typeLookup(inner);
        if (typed) result = this.finish({ protocol: protocolOf(typed.kind), permits: typed.permits, construction: null });
      }
      result ??= this.fromShape(inner);
    } finally {
      this.inProgress.delete(inner);
    }
    this.cache.set(inner, result);
    return result;
  }

  /** A lock kind named by a type annotation (`lock: MutexInterface`, `Map<string, Mutex>` values excluded). */
  fromType(annotation: TSESTree.TypeNode | undefined): { kind: LockKind; permits: number | null } | null {
    if (!annotation) return null;
    if (annotation.type === AST_NODE_TYPES.TSUnionType) {
      for (const member of annotation.types) {
        const found = this.fromType(member);
        if (found) return found;
      }
      return null;
    }
    if (annotation.type !== AST_NODE_TYPES.TSTypeReference) return null;
    const imported = resolveTypeImport(annotation.typeName, this.bindings);
    if (imported) return lockType(imported.source, imported.name);
    if (annotation.typeName.type !== AST_NODE_TYPES.Identifier) return null;
    const name = annotation.typeName.name;
    const declaredHere = this.bindings.scopeOf(annotation)?.set.get(name);
    if (declaredHere && declaredHere.defs.length > 0) return null;
    return lockType(null, name);
  }

  private resolveUncached(node: TSESTree.Node): LockRef | null {
    switch (node.type) {
      case AST_NODE_TYPES.NewExpression:
      case AST_NODE_TYPES.CallExpression:
        return this.fromConstructionOrCall(node);
      case AST_NODE_TYPES.Identifier:
        return this.fromIdentifier(node);
      case AST_NODE_TYPES.MemberExpression:
        return this.fromMember(node);
      case AST_NODE_TYPES.AwaitExpression:
        return this.resolve(node.argument);
      default:
        return null;
    }
  }

  private finish(resolution: Resolution): LockRef {
    return {
      identity: null,
      origin: 'inline',
      variable: null,
      ...resolution,
      construction: resolution.construction,
    };
  }

  private fromConstructionOrCall(node: TSESTree.NewExpression | TSESTree.CallExpression): LockRef | null {
    const imported = resolveImported(node.callee, this.bindings);
    if (imported) {
      const constructor = lockConstructor(imported.source, imported.name);
      const form = node.type === AST_NODE_TYPES.NewExpression ? 'new' : 'call';
      if (constructor && constructor.form === form) {
        return this.finish({ protocol: protocolOf(constructor.kind), permits: constructor.permits(node.arguments), construction: node });
      }
      if (isLockDecorator(imported.source, imported.name) && node.arguments[0]) {
        return this.resolve(node.arguments[0]);
      }
      if (node.type === AST_NODE_TYPES.NewExpression && this.isProjectLockClass(node.callee)) return this.projectLock(node);
      return null;
    }
    if (node.type === AST_NODE_TYPES.NewExpression && this.isProjectLockClass(node.callee, true)) return this.projectLock(node);
    if (node.type === AST_NODE_TYPES.CallExpression) {
      return this.fromMapGet(node) ?? this.fromFactory(node);
    }
    return null;
  }

  /**
   * `new Lock()` of a class our table does not know: imported (the project's own module or
   * another package) under a mutex-like name, or declared in this file, so only if it has
   * `acquire` and `release` methods.
   */
  private isProjectLockClass(callee: TSESTree.Node, declaredHere = false): boolean {
    if (callee.type !== AST_NODE_TYPES.Identifier || !isProjectLockName(callee.name)) return false;
    if (!declaredHere) return true;
    const definition = this.bindings.variableOf(callee)?.defs.find((def) => def.type === 'ClassName')?.node;
    if (definition?.type !== AST_NODE_TYPES.ClassDeclaration) return false;
    const methods = new Set(definition.body.body.map((member) => (member.type === AST_NODE_TYPES.MethodDefinition ? propertyName(member.key, member.computed) : null)));
    return methods.has('acquire') && methods.has('release');
  }

  private projectLock(node: TSESTree.NewExpression): LockRef {
    return this.finish({ protocol: protocolOf('project-mutex'), permits: 1, construction: node });
  }

  /**
   * An object this file takes with an awaited `acquire()`/`lock()` and gives back with a bare
   * `release()`/`unlock()` (`await this.rw.write.lock(); … this.rw.write.unlock()`): a lock
   * whatever its class, exclusive unless its name says it shares or counts.
   */
  private fromShape(node: TSESTree.Node): LockRef | null {
    const key = this.shapeKey(node);
    const shape = key === null ? undefined : this.shapeIndex().get(key);
    if (!shape?.acquired || !shape.released) return null;
    // Its name, and the class it was made from (`new ReadWriteLock()`), say whether it shares or counts.
    const text = `${this.sourceCode.getText(node)} ${this.initialiserText(node)}`;
    // One lock per key of a map of locks: the key's text tells them apart.
    const keyText = node.type === AST_NODE_TYPES.CallExpression ? `(${node.arguments.map((argument) => this.sourceCode.getText(argument)).join(', ')})` : '';
    const variable = node.type === AST_NODE_TYPES.Identifier ? this.bindings.variableOf(node) : null;
    return {
      protocol: protocolOf('project-mutex'),
      permits: isSharedLockName(text) ? null : 1,
      identity: `shape:${key}${keyText}`,
      origin: variable ? (this.bindings.isModuleLevel(variable) ? 'module' : 'local') : 'field',
      construction: null,
      variable,
    };
  }

  /** The initialiser of a variable or of a `this` field, as written (`new ReadWriteLock()`), or ''. */
  private initialiserText(node: TSESTree.Node): string {
    if (node.type === AST_NODE_TYPES.Identifier) {
      const def = this.bindings.variableOf(node)?.defs[0];
      return def?.type === 'Variable' && def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init ? this.sourceCode.getText(def.node.init) : '';
    }
    if (node.type !== AST_NODE_TYPES.MemberExpression || node.object.type !== AST_NODE_TYPES.ThisExpression) return '';
    const field = propertyName(node.property, node.computed);
    const member = enclosingClass(node)?.body.body.find(
      (candidate): candidate is TSESTree.PropertyDefinition => candidate.type === AST_NODE_TYPES.PropertyDefinition && propertyName(candidate.key, candidate.computed) === field,
    );
    return member?.value ? this.sourceCode.getText(member.value) : '';
  }

  private shapeIndex(): Map<string, { acquired: boolean; released: boolean }> {
    if (this.shapes) return this.shapes;
    this.shapes = new Map();
    for (const call of this.calls()) {
      const method = calledMethodName(call);
      const object = calleeObject(call);
      const acquires = (method === 'acquire' || method === 'lock') && isWaitedFor(call) && !call.arguments.some((argument) => isFunction(argument));
      const releases = (method === 'release' || method === 'unlock') && call.arguments.length === 0;
      const key = object && (acquires || releases) ? this.shapeKey(object) : null;
      if (key === null) continue;
      const shape = this.shapes.get(key) ?? { acquired: false, released: false };
      if (acquires) shape.acquired = true;
      else shape.released = true;
      this.shapes.set(key, shape);
    }
    return this.shapes;
  }

  /** Where a lock known by its shape lives: a variable, or a member path from a variable or from `this` in one class. */
  private shapeKey(node: TSESTree.Node): string | null {
    const inner = unwrap(node);
    if (inner.type === AST_NODE_TYPES.Identifier) {
      const variable = this.bindings.variableOf(inner);
      return variable ? `${variable.name}@${variable.identifiers[0]?.range[0] ?? 0}` : null;
    }
    // `locks.get(key)`: every entry of one map of locks has one shape.
    if (inner.type === AST_NODE_TYPES.CallExpression) {
      const callee = unwrap(inner.callee);
      const map = callee.type === AST_NODE_TYPES.MemberExpression && calledMethodName(inner) === 'get' && inner.arguments.length === 1 ? this.shapeKey(callee.object) : null;
      return map === null ? null : `${map}.get()`;
    }
    if (inner.type !== AST_NODE_TYPES.MemberExpression || inner.computed) return null;
    const name = propertyName(inner.property, false);
    if (inner.object.type === AST_NODE_TYPES.ThisExpression) {
      const classNode = enclosingClass(inner);
      return classNode && name ? `this@${classNode.range[0]}.${name}` : null;
    }
    const base = this.shapeKey(inner.object);
    return base && name ? `${base}.${name}` : null;
  }

  private fromIdentifier(node: TSESTree.Identifier): LockRef | null {
    const variable = this.bindings.variableOf(node);
    if (!variable) return null;
    if (this.byVariable.has(variable)) return this.byVariable.get(variable) ?? null;
    this.byVariable.set(variable, null);
    const found = this.fromVariable(variable);
    this.byVariable.set(variable, found);
    return found;
  }

  private fromVariable(variable: TSESLint.Scope.Variable): LockRef | null {
    const isModule = this.bindings.isModuleLevel(variable);
    const identity = `var:${variable.name}@${variable.identifiers[0]?.range[0] ?? 0}`;
    for (const def of variable.defs) {
      if (def.type === 'Parameter') {
        const identifier = def.name as TSESTree.Identifier;
        const typed = this.fromType(identifier.typeAnnotation?.typeAnnotation);
        if (typed) {
          return { protocol: protocolOf(typed.kind), permits: typed.permits, identity, origin: 'parameter', construction: null, variable };
        }
      }
      if (def.type === 'Variable' && def.node.type === AST_NODE_TYPES.VariableDeclarator) {
        const declarator = def.node;
        if (declarator.id.type !== AST_NODE_TYPES.Identifier) continue;
        const typed = this.fromType(declarator.id.typeAnnotation?.typeAnnotation);
        const fromInit = declarator.init ? this.resolve(declarator.init) : null;
        const assigned = fromInit ?? this.fromLaterAssignments(variable);
        const found: LockRef | null =
          assigned ?? (typed ? this.finish({ protocol: protocolOf(typed.kind), permits: typed.permits, construction: null }) : null);
        if (found) {
          const keepsIdentity = found.identity !== null && found.origin !== 'inline';
          return {
            protocol: found.protocol,
            permits: found.permits,
            construction: found.construction,
            identity: keepsIdentity ? found.identity : identity,
            origin: keepsIdentity ? found.origin : isModule ? 'module' : 'local',
            variable: keepsIdentity ? found.variable : variable,
          };
        }
      }
    }
    return null;
  }

  private fromLaterAssignments(variable: TSESLint.Scope.Variable): LockRef | null {
    for (const reference of variable.references) {
      if (reference.writeExpr && !reference.init) {
        const found = this.resolve(reference.writeExpr);
        if (found) return found;
      }
    }
    return null;
  }

  private fromMember(node: TSESTree.MemberExpression): LockRef | null {
    const field = propertyName(node.property, node.computed);
    if (!field) return null;
    if (node.object.type === AST_NODE_TYPES.ThisExpression) {
      const classNode = enclosingClass(node);
      if (!classNode) return null;
      const found = this.classField(classNode, field);
      if (!found) return null;
      return {
        ...found,
        identity: `field:${classNode.range[0]}.${field}`,
        origin: 'field',
        variable: null,
      };
    }
    return null;
  }

  /** A class field holding a lock: initialiser, type annotation, or `this.x = …` in the constructor. */
  private classField(
    classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression,
    field: string,
  ): Resolution | null {
    for (const member of classNode.body.body) {
      if (
        (member.type === AST_NODE_TYPES.PropertyDefinition || member.type === AST_NODE_TYPES.AccessorProperty) &&
        propertyName(member.key, member.computed) === field
      ) {
        if (member.value) {
          const fromValue = this.resolve(member.value);
          if (fromValue) return fromValue;
        }
        const typed = this.fromType(member.typeAnnotation?.typeAnnotation);
        const fromConstructor = this.constructorAssignment(classNode, field);
        if (fromConstructor) return fromConstructor;
        if (typed) return { protocol: protocolOf(typed.kind), permits: typed.permits, construction: null };
      }
    }
    return this.constructorAssignment(classNode, field) ?? this.parameterProperty(classNode, field);
  }

  /** `constructor(private readonly lock: Mutex)`. */
  private parameterProperty(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression, field: string): Resolution | null {
    for (const parameter of constructorOf(classNode)?.value.params ?? []) {
      if (parameter.type !== AST_NODE_TYPES.TSParameterProperty) continue;
      const inner = parameter.parameter;
      if (inner.type === AST_NODE_TYPES.Identifier && inner.name === field) {
        const typed = this.fromType(inner.typeAnnotation?.typeAnnotation);
        if (typed) return { protocol: protocolOf(typed.kind), permits: typed.permits, construction: null };
      }
    }
    return null;
  }

  private constructorAssignment(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression, field: string): LockRef | null {
    const body = constructorOf(classNode)?.value.body;
    if (!body) return null;
    for (const statement of body.body) {
      if (statement.type !== AST_NODE_TYPES.ExpressionStatement) continue;
      const expression = statement.expression;
      if (
        expression.type === AST_NODE_TYPES.AssignmentExpression &&
        expression.left.type === AST_NODE_TYPES.MemberExpression &&
        expression.left.object.type === AST_NODE_TYPES.ThisExpression &&
        propertyName(expression.left.property, expression.left.computed) === field
      ) {
        const found = this.resolve(expression.right);
        if (found) return found;
      }
    }
    return null;
  }

  /** `locks.get(key)` on a `Map<K, Mutex>`: one lock per key. */
  private fromMapGet(call: TSESTree.CallExpression): LockRef | null {
    const callee = unwrap(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || propertyName(callee.property, callee.computed) !== 'get') return null;
    const valueType = this.mapValueLockType(callee.object);
    if (!valueType) return null;
    const mapText = this.sourceCode.getText(callee.object);
    const keyText = call.arguments[0] ? this.sourceCode.getText(call.arguments[0]) : '';
    return {
      protocol: protocolOf(valueType.kind),
      permits: valueType.permits,
      identity: `map:${mapText}[${keyText}]`,
      origin: 'factory',
      construction: null,
      variable: null,
    };
  }

  private mapValueLockType(mapNode: TSESTree.Node): { kind: LockKind; permits: number | null } | null {
    const inner = unwrap(mapNode);
    let annotation: TSESTree.TypeNode | undefined;
    let init: TSESTree.Node | null | undefined;
    if (inner.type === AST_NODE_TYPES.Identifier) {
      const def = this.bindings.variableOf(inner)?.defs[0];
      if (def?.type === 'Variable' && def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.id.type === AST_NODE_TYPES.Identifier) {
        annotation = def.node.id.typeAnnotation?.typeAnnotation;
        init = def.node.init;
      }
    } else if (inner.type === AST_NODE_TYPES.MemberExpression && inner.object.type === AST_NODE_TYPES.ThisExpression) {
      const classNode = enclosingClass(inner);
      const field = propertyName(inner.property, inner.computed);
      const member = classNode?.body.body.find(
        (candidate): candidate is TSESTree.PropertyDefinition =>
          candidate.type === AST_NODE_TYPES.PropertyDefinition && propertyName(candidate.key, candidate.computed) === field,
      );
      annotation = member?.typeAnnotation?.typeAnnotation;
      init = member?.value;
    }
    const typeArguments =
      annotation?.type === AST_NODE_TYPES.TSTypeReference
        ? annotation.typeArguments?.params
        : init && unwrap(init).type === AST_NODE_TYPES.NewExpression
          ? (unwrap(init) as TSESTree.NewExpression).typeArguments?.params
          : undefined;
    const valueType = typeArguments?.[1];
    return valueType ? this.fromType(valueType) : null;
  }

  /** A same-module function or method that returns a lock (`lockFor(domain)`, `this.lockFor(domain)`). */
  private fromFactory(call: TSESTree.CallExpression): LockRef | null {
    const callee = unwrap(call.callee);
    const declared = this.settings.lockFactories.get(this.sourceCode.getText(callee));
    const argumentText = call.arguments.map((argument) => this.sourceCode.getText(argument)).join(', ');
    const identity = `call:${this.sourceCode.getText(callee)}(${argumentText})`;
    if (declared) {
      return { protocol: protocolOf(declared.kind), permits: declared.permits, identity, origin: 'factory', construction: null, variable: null };
    }
    const fn = this.calledFunction(callee);
    if (!fn) return null;
    const typed = this.fromType(fn.returnType?.typeAnnotation);
    const returned = typed ? null : this.returnedLock(fn);
    const found = typed ? { protocol: protocolOf(typed.kind), permits: typed.permits } : returned;
    if (!found) return null;
    return { protocol: found.protocol, permits: found.permits, identity, origin: 'factory', construction: null, variable: null };
  }

  private returnedLock(fn: FunctionNode): LockRef | null {
    if (this.byFunction.has(fn)) return this.byFunction.get(fn) ?? null;
    this.byFunction.set(fn, null);
    const found = this.scanReturns(fn);
    this.byFunction.set(fn, found);
    return found;
  }

  private scanReturns(fn: FunctionNode): LockRef | null {
    for (const returned of returnedExpressions(fn)) {
      const found = this.resolve(returned);
      if (found) return found;
    }
    return null;
  }

  /** The function a callee names when it is declared in this module (a function, a const arrow, a method on `this`). */
  calledFunction(callee: TSESTree.Node): FunctionNode | null {
    const inner = unwrap(callee);
    let fn = this.calledFunctions.get(inner);
    if (fn === undefined) {
      fn = this.findCalledFunction(inner);
      this.calledFunctions.set(inner, fn);
    }
    return fn;
  }

  private findCalledFunction(inner: TSESTree.Node): FunctionNode | null {
    if (inner.type === AST_NODE_TYPES.Identifier) {
      const def = this.bindings.variableOf(inner)?.defs[0];
      if (!def) return null;
      if (def.type === 'FunctionName' && isFunction(def.node)) return def.node;
      if (def.type === 'Variable' && def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init) {
        const init = unwrap(def.node.init);
        return isFunction(init) ? init : null;
      }
      return null;
    }
    if (inner.type === AST_NODE_TYPES.MemberExpression && inner.object.type === AST_NODE_TYPES.ThisExpression) {
      const classNode = enclosingClass(inner);
      return classNode ? (this.methodsOf(classNode.body).get(propertyName(inner.property, inner.computed)) ?? null) : null;
    }
    return null;
  }

  /**
   * Member name → the function `this.name(…)` runs, from one pass over the class (a large class
   * has hundreds of `this.x()` calls): the first member of that name that is a method, or a field
   * holding a function, decides.
   */
  private methodsOf(body: TSESTree.ClassBody): ReadonlyMap<string | null, FunctionNode | null> {
    let methods = this.classMethods.get(body);
    if (methods) return methods;
    methods = new Map();
    for (const member of body.body) {
      if (member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'method') {
        const name = propertyName(member.key, member.computed);
        if (!methods.has(name)) methods.set(name, isFunction(member.value) ? member.value : null);
      } else if (member.type === AST_NODE_TYPES.PropertyDefinition && member.value) {
        const name = propertyName(member.key, member.computed);
        const value = unwrap(member.value);
        if (isFunction(value) && !methods.has(name)) methods.set(name, value);
      }
    }
    this.classMethods.set(body, methods);
    return methods;
  }
}

/** Awaited, or returned (an arrow's body too) to a caller that waits. */
function isWaitedFor(call: TSESTree.CallExpression): boolean {
  const { parent, child } = outerParent(call);
  return (
    parent?.type === AST_NODE_TYPES.AwaitExpression ||
    parent?.type === AST_NODE_TYPES.ReturnStatement ||
    (parent?.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === child)
  );
}

function constructorOf(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression): TSESTree.MethodDefinition | undefined {
  return classNode.body.body.find(
    (member): member is TSESTree.MethodDefinition => member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'constructor',
  );
}
