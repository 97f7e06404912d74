// Bundles the checker's library (dist/index.js) and CLI (dist/cli.js) as CommonJS. web-tree-sitter,
// the grammar's .wasm and the TOML parser stay dependencies: the .wasm files are loaded from them.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
await build({
  entryPoints: { index: path.join(root, 'src/index.ts'), cli: path.join(root, 'src/cli.ts') },
  outdir: path.join(root, 'dist'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['web-tree-sitter', 'tree-sitter-python', 'smol-toml'],
  logLevel: 'warning',
});
