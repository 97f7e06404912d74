import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const pluginPackage = JSON.parse(readFileSync(fileURLToPath(new URL('../eslint-plugin/package.json', import.meta.url)), 'utf8'));

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  define: { __PLUGIN_VERSION__: JSON.stringify(pluginPackage.version) },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 300_000,
  },
});
