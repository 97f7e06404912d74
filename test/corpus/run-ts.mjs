// Runs a TypeScript harness script (`node test/corpus/run-ts.mjs test/bench/bench.ts [args]`):
// Node 20 cannot load TypeScript, so the script is bundled with esbuild into the gitignored cache
// (inside the repository, so that its imports resolve from the root node_modules) and loaded. It is
// bundled as CommonJS, which the repository's TypeScript settings type-check the sources as. The
// bundle goes under this checkout's node_modules, not .cache: .cache may be a link to a cache shared
// between checkouts, and a bundle there would find the other checkout as its repository root.
import { build } from 'esbuild';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node test/corpus/run-ts.mjs <script.ts> [args…]');
  process.exit(2);
}
const outfile = path.join(root, 'node_modules', '.cache', 'run-ts', `${path.basename(entry, '.ts')}.cjs`);
await build({
  entryPoints: [path.resolve(entry)],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Dependencies load from node_modules as they are; only the harness's own modules are bundled.
  packages: 'external',
  logLevel: 'warning',
});
process.argv = [process.argv[0], outfile, ...args];
createRequire(import.meta.url)(outfile);
