import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

/**
 * The chain of nodes from the program down to the innermost one whose text holds the character
 * at `offset` (type annotations included, so hovering a type name works too).
 */
export function nodePathAt(sourceCode: Readonly<TSESLint.SourceCode>, offset: number): TSESTree.Node[] {
  const keys = sourceCode.visitorKeys as Record<string, readonly string[] | undefined>;
  const path: TSESTree.Node[] = [sourceCode.ast as TSESTree.Node];
  for (;;) {
    const node = path[path.length - 1]!;
    const inner = childContaining(node, keys, offset);
    if (!inner) return path;
    path.push(inner);
  }
}

function childContaining(node: TSESTree.Node, keys: Record<string, readonly string[] | undefined>, offset: number): TSESTree.Node | null {
  for (const key of keys[node.type] ?? []) {
    const value = (node as unknown as Record<string, unknown>)[key];
    for (const child of Array.isArray(value) ? value : [value]) {
      if (isNode(child) && child.range[0] <= offset && offset < child.range[1]) return child;
    }
  }
  return null;
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
