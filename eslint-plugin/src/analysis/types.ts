import type { TSESTree } from '@typescript-eslint/utils';
import type { ParserServices } from '@typescript-eslint/utils';
import { LOCK_PACKAGES, lockType, type LockKind } from './libraries';

export type TypeLockLookup = (node: TSESTree.Node) => { kind: LockKind; permits: number | null } | null;

/**
 * With type information, a value whose type is declared by a lock package is a lock, whatever
 * the source looks like (a lock returned from another module, a property of an injected service).
 */
export function typeLockLookup(services: Partial<ParserServices> | undefined): TypeLockLookup | null {
  if (!services?.program || !services.esTreeNodeToTSNodeMap) return null;
  const checker = services.program.getTypeChecker();
  const nodeMap = services.esTreeNodeToTSNodeMap;
  return (node) => {
    const tsNode = nodeMap.get(node as never);
    if (!tsNode) return null;
    const type = checker.getTypeAtLocation(tsNode);
    const symbol = type.aliasSymbol ?? type.getSymbol();
    for (const declaration of symbol?.getDeclarations() ?? []) {
      const fileName = declaration.getSourceFile().fileName.replaceAll('\\', '/');
      const library = LOCK_PACKAGES.find((name) => fileName.includes(`/node_modules/${name}/`));
      if (library) {
        const name = symbol?.getName() ?? '';
        return lockType(library, name) ?? lockType(library, 'default');
      }
    }
    return null;
  };
}
