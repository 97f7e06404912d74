// Bundles the VS Code extension into three CommonJS files with `vscode` external:
//   dist/extension.js — activate() and the wiring; small, so activation is quick;
//   dist/worker.js    — the engine worker the extension host forks (no engine inside);
//   dist/engine.js    — the linter, the parser, the plugin and the primitive cards, loaded by
//                       the worker on first use (it carries TypeScript's parser, several megabytes).
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
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

const { metafile } = await build({
  entryPoints: {
    extension: path.join(root, 'src/extension.ts'),
    worker: path.join(root, 'src/worker/worker.ts'),
    engine: path.join(root, 'src/engine.ts'),
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
  plugins: [rawText],
  logLevel: 'warning',
});
writeNotices({ metafile, file: path.join(outdir, 'THIRD_PARTY_NOTICES.txt'), cwd: process.cwd(), product: 'The Interleave extension (extension/dist)' });
