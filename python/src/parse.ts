import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';

export type { SyntaxNode as Node } from './tree';

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

