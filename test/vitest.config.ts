import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = path.resolve(__dirname, '..');
const pluginPackage = JSON.parse(readFileSync(path.join(root, 'eslint-plugin/package.json'), 'utf8'));

export default defineConfig({
  root,
  define: { __PLUGIN_VERSION__: JSON.stringify(pluginPackage.version) },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // An internal error escapes the rules' safety net and fails the test (see create-rule.ts).
    env: { INTERLEAVE_RETHROW: '1' },
    hookTimeout: 300_000,
  },
});
