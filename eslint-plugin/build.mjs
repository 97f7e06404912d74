// Bundles the plugin into one CommonJS file with no runtime dependencies, so that
// `require('eslint-plugin-interleave')` and `import interleave from …` both yield the plugin object.
import { build } from 'esbuild';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.join(root, 'dist');
await mkdir(outdir, { recursive: true });
const { version } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
/**
 * `@typescript-eslint/utils` re-exports `AST_NODE_TYPES` through a chain of getters, and rules
 * compare node types against it on every node they visit. The bundle gets a plain copy instead.
 */
export const plainNodeTypes = {
  name: 'plain-ast-node-types',
  setup(pluginBuild) {
    const real = createRequire(import.meta.url).resolve('@typescript-eslint/utils');
    pluginBuild.onResolve({ filter: /^@typescript-eslint\/utils$/ }, () => ({ path: 'utils', namespace: 'plain-ast-node-types' }));
    pluginBuild.onLoad({ filter: /.*/, namespace: 'plain-ast-node-types' }, () => ({
      contents: `const utils = require(${JSON.stringify(real)});
export const AST_NODE_TYPES = { ...utils.AST_NODE_TYPES };
export const ESLintUtils = utils.ESLintUtils;`,
      resolveDir: root,
      loader: 'js',
    }));
  },
};

await build({
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
});
await copyFile(path.join(root, 'src/index.d.ts'), path.join(outdir, 'index.d.ts'));
await copyFile(path.join(root, '../README.md'), path.join(root, 'README.md')).catch(() => undefined);
await writeFile(path.join(outdir, '.built'), new Date().toISOString());
