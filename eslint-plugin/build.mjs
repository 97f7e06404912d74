// Bundles the plugin into one CommonJS file with no runtime dependencies, so that
// `require('eslint-plugin-interleave')` and `import interleave from …` both yield the plugin object;
// dist/index.mjs adds the named ESM exports (`import { configs } from …`) over that same object.
// @typescript-eslint/utils is bundled rather than a dependency: as one it would bring
// typescript-estree and, through its peer dependency, TypeScript into plain-JavaScript projects.
import { build } from 'esbuild';
import { copyFile, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { writeNotices } from '../scripts/third-party-notices.mjs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.join(root, 'dist');
await mkdir(outdir, { recursive: true });
const { version } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
/**
 * The rules use two things from `@typescript-eslint/utils`: `AST_NODE_TYPES`, compared against on
 * every node visited, and `ESLintUtils` (the rule creator). The package's index would also pull in
 * its ESLint class wrappers (which `require('eslint')`, absent under oxlint) and the scope manager.
 * The bundle takes the two from where they are defined, `AST_NODE_TYPES` as a plain copy rather
 * than through the index's chain of re-exporting getters.
 */
export const plainNodeTypes = {
  name: 'plain-ast-node-types',
  setup(pluginBuild) {
    const fromUtils = createRequire(createRequire(import.meta.url).resolve('@typescript-eslint/utils'));
    const types = fromUtils.resolve('@typescript-eslint/types');
    const eslintUtils = fromUtils.resolve('@typescript-eslint/utils/eslint-utils');
    pluginBuild.onResolve({ filter: /^@typescript-eslint\/utils$/ }, () => ({ path: 'utils', namespace: 'plain-ast-node-types' }));
    pluginBuild.onLoad({ filter: /.*/, namespace: 'plain-ast-node-types' }, () => ({
      contents: `export const AST_NODE_TYPES = { ...require(${JSON.stringify(types)}).AST_NODE_TYPES };
export const ESLintUtils = require(${JSON.stringify(eslintUtils)});`,
      resolveDir: root,
      loader: 'js',
    }));
  },
};

const { metafile } = await build({
  entryPoints: [path.join(root, 'src/index.ts')],
  outfile: path.join(outdir, 'index.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['eslint', 'typescript'],
  plugins: [plainNodeTypes],
  // `export default plugin` → `module.exports = plugin` for CommonJS and ESM consumers alike.
  footer: { js: 'module.exports = module.exports.default;' },
  define: { __PLUGIN_VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
  metafile: true,
});
writeNotices({
  metafile,
  file: path.join(outdir, 'THIRD_PARTY_NOTICES.txt'),
  cwd: process.cwd(),
  product: 'eslint-plugin-interleave (dist/index.js)',
});
const copied = ['index.d.ts', 'index.d.mts', 'index.mjs'];
for (const file of copied) await copyFile(path.join(root, 'src', file), path.join(outdir, file));
// `files` packs all of dist/: whatever an older build left there goes (removed after the new files
// are written, so that a test reading dist/ meanwhile never finds it empty).
const written = new Set(['index.js', 'THIRD_PARTY_NOTICES.txt', ...copied]);
for (const file of await readdir(outdir)) if (!written.has(file)) await rm(path.join(outdir, file), { recursive: true, force: true });
await copyFile(path.join(root, '../LICENSE'), path.join(root, 'LICENSE'));
