import { createRequire } from 'node:module';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';

export type { Node, Tree };

let ready: Promise<Parser> | null = null;

/**
 * Loads web-tree-sitter and the tree-sitter-python grammar's `.wasm` once per process. Every
 * later call returns the same parser, so linting itself is synchronous.
 */
export function loadParser(): Promise<Parser> {
  ready ??= (async () => {
    const require = createRequire(__filename);
    await Parser.init();
    const language = await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm'));
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return ready;
}

/** The first syntax error in a tree, as a position, or null when the file parsed cleanly. */
export function firstSyntaxError(root: Node): Node | null {
  if (!root.hasError) return null;
  const pending: Node[] = [root];
  while (pending.length > 0) {
    const node = pending.shift()!;
    if (node.isError || node.isMissing) return node;
    for (const child of node.children) if (child && child.hasError) pending.push(child);
    for (const child of node.children) if (child?.isMissing) return child;
  }
  return root;
}
