import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isFunction, type FunctionNode } from './ast';

type Variable = TSESLint.Scope.Variable;
type Scope = TSESLint.Scope.Scope;

/** Identifier → variable lookups for one file, built once from the scope manager's references. */
export class Bindings {
  private maps: { resolved: Map<TSESTree.Identifier, Variable | null>; declared: Map<TSESTree.Identifier, Variable> } | null = null;

  constructor(private readonly scopeManager: TSESLint.Scope.ScopeManager) {}

  /** The variable an identifier reads, writes or declares; null for globals that are not declared. */
  variableOf(identifier: TSESTree.Identifier): Variable | null {
    const { resolved, declared } = this.build();
    return resolved.get(identifier) ?? declared.get(identifier) ?? null;
  }

  /** Built on first lookup: most files never need it. */
  private build(): NonNullable<Bindings['maps']> {
    if (this.maps) return this.maps;
    const resolved = new Map<TSESTree.Identifier, Variable | null>();
    const declared = new Map<TSESTree.Identifier, Variable>();
    for (const scope of this.scopeManager.scopes) {
      for (const reference of scope.references) resolved.set(reference.identifier as TSESTree.Identifier, reference.resolved);
      for (const variable of scope.variables) {
        for (const identifier of variable.identifiers) declared.set(identifier, variable);
      }
    }
    this.maps = { resolved, declared };
    return this.maps;
  }

  /** An undeclared name, or a global the environment provides (`navigator`, `fetch`, lib and configured globals). */
  isGlobal(identifier: TSESTree.Identifier): boolean {
    const variable = this.variableOf(identifier);
    return !variable || variable.defs.length === 0;
  }

  /** The function that declares a variable, or null for module and global scope. */
  declaringFunction(variable: Variable): FunctionNode | null {
    const block = variable.scope.variableScope.block;
    return isFunction(block) ? block : null;
  }

  /**
   * Module and global scope, and CommonJS module scope: under espree's `sourceType: 'commonjs'`
   * top-level bindings live in a `function` scope whose block is the Program (Node's module wrapper).
   */
  isModuleLevel(variable: Variable): boolean {
    const { type, block } = variable.scope.variableScope;
    return type === 'module' || type === 'global' || block.type === AST_NODE_TYPES.Program;
  }

  scopeOf(node: TSESTree.Node): Scope | null {
    for (let current: TSESTree.Node | undefined = node; current; current = current.parent) {
      const scope = this.scopeManager.acquire(current, true);
      if (scope) return scope;
    }
    return null;
  }

  /** Whether `name` can be declared in the scope holding `node` without clashing (for fixes that hoist). */
  isNameFree(name: string, node: TSESTree.Node): boolean {
    for (let scope = this.scopeOf(node); scope; scope = scope.upper) {
      if (scope.set.has(name)) return false;
    }
    return true;
  }
}

export function isGlobalObjectName(identifier: TSESTree.Node): identifier is TSESTree.Identifier {
  return (
    identifier.type === AST_NODE_TYPES.Identifier &&
    (identifier.name === 'globalThis' || identifier.name === 'window' || identifier.name === 'self' || identifier.name === 'global')
  );
}

export type { Variable };
