import { createRequire } from 'node:module';
import path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

export type { SyntaxNode as Node } from './tree';

let ready: Promise<Parser> | null = null;

/**
 * Loads web-tree-sitter and the tree-sitter-python grammar's `.wasm` once per process. Every
 * later call returns the same parser, so linting itself is synchronous. `wasmDirectory` holds
 * both `.wasm` files where a bundle ships them (the VS Code extension); by default they are
 * found in the installed packages.
 */
export function loadParser(wasmDirectory?: string): Promise<Parser> {
  ready ??= (async () => {
    const require = createRequire(__filename);
    await Parser.init(wasmDirectory ? { locateFile: (file: string) => path.join(wasmDirectory, file) } : undefined);
    const language = await Language.load(wasmDirectory ? path.join(wasmDirectory, 'tree-sitter-python.wasm') : require.resolve('tree-sitter-python/tree-sitter-python.wasm'));
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return ready;
}

