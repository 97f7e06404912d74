// Bundles the VS Code extension into four CommonJS files with `vscode` external:
//   dist/extension.js — activate() and the wiring; small, so activation is quick;
//   dist/worker.js    — the engine worker the extension host forks (no engine inside);
//   dist/engine.js    — the linter, the parser, the plugin and the primitive cards, loaded by
//                       the worker on first use (it carries TypeScript's parser, several megabytes);
//   dist/python-engine.js — the Python asyncio checker, loaded by the worker on the first Python
//                       file, with web-tree-sitter's and the grammar's .wasm files copied beside it.
import { build } from 'esbuild';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { writeNotices } from '../scripts/third-party-notices.mjs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.join(root, 'dist');
const { version } = JSON.parse(await readFile(path.join(root, '../eslint-plugin/package.json'), 'utf8'));

/** `import text from './card.md?raw'`: the file's text, as Vite (and so vitest) reads it. */
const rawText = {
  name: 'raw-text',
  setup(context) {
    context.onResolve({ filter: /\?raw$/ }, (args) => ({
      path: path.resolve(args.resolveDir, args.path.replace(/\?raw$/, '')),
      namespace: 'raw-text',
    }));
    context.onLoad({ filter: /.*/, namespace: 'raw-text' }, async (args) => ({
      contents: await readFile(args.path, 'utf8'),
      loader: 'text',
    }));
  },
};

const require = createRequire(import.meta.url);

/** web-tree-sitter's CommonJS build: its ES module build reads `import.meta.url`, which a CommonJS bundle has not. */
const webTreeSitterCommonJs = {
  name: 'web-tree-sitter-cjs',
  setup(context) {
    context.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: require.resolve('web-tree-sitter') }));
  },
};

const { metafile } = await build({
  entryPoints: {
    extension: path.join(root, 'src/extension.ts'),
    worker: path.join(root, 'src/worker/worker.ts'),
    engine: path.join(root, 'src/engine.ts'),
    'python-engine': path.join(root, 'src/python-engine.ts'),
  },
  outdir,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // jiti loads TypeScript config files in ESLint's CLI path, which the extension never takes
  // (@typescript-eslint/utils pulls in ESLint's main module, config loader included).
  external: ['vscode', 'jiti', 'jiti/package.json'],
  minify: true,
  sourcemap: false,
  // Licences come whole from each bundled package (THIRD_PARTY_NOTICES.txt, below), not from
  // the few that carry a licence comment.
  legalComments: 'none',
  metafile: true,
  define: { __PLUGIN_VERSION__: JSON.stringify(version) },
  plugins: [rawText, webTreeSitterCommonJs],
  logLevel: 'warning',
});
writeNotices({ metafile, file: path.join(outdir, 'THIRD_PARTY_NOTICES.txt'), cwd: process.cwd(), product: 'The Interleave extension (extension/dist)' });

// The Python engine's parser: web-tree-sitter's runtime and the grammar, copied beside it. Copied
// files are not in the metafile, so their licences are written here.
const treeSitterPackages = [
  { name: 'web-tree-sitter', wasm: 'tree-sitter.wasm' },
  { name: 'tree-sitter-python', wasm: 'tree-sitter-python.wasm' },
];
const notices = [];
for (const { name, wasm } of treeSitterPackages) {
  const source = require.resolve(`${name}/${wasm}`);
  await copyFile(source, path.join(outdir, wasm));
  // Both packages keep the .wasm beside their LICENSE, at the package's root.
  const licence = await readFile(path.join(path.dirname(source), 'LICENSE'), 'utf8');
  notices.push(`${name} (bundled in python-engine.js, and ${wasm}):\n${licence.trim().replace(/^(?=.)/gm, '  ')}`);
}
await writeFile(path.join(outdir, 'python-engine.js.LEGAL.txt'), `Bundled license information:\n\n${notices.join('\n\n')}\n`);
