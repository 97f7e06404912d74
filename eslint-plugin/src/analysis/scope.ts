import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isFunction, type FunctionNode } from './ast';

type Variable = TSESLint.Scope.Variable;
type Scope = TSESLint.Scope.Scope;

/** Identifier → variable lookups for one file, built once from the scope manager's references. */
export class Bindings {
  private readonly resolved = new Map<TSESTree.Identifier, Variable | null>();
  private readonly declared = new Map<TSESTree.Identifier, Variable>();

  constructor(private readonly scopeManager: TSESLint.Scope.ScopeManager) {
    for (const scope of scopeManager.scopes) {
      for (const reference of scope.references) {
        this.resolved.set(reference.identifier as TSESTree.Identifier, reference.resolved);
      }
      for (const variable of scope.variables) {
        for (const identifier of variable.identifiers) this.declared.set(identifier, variable);
      }
    }
  }

  /** The variable an identifier reads, writes or declares; null for globals that are not declared. */
  variableOf(identifier: TSESTree.Identifier): Variable | null {
    return this.resolved.get(identifier) ?? this.declared.get(identifier) ?? null;
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

  isModuleLevel(variable: Variable): boolean {
    const type = variable.scope.variableScope.type;
    return type === 'module' || type === 'global';
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
