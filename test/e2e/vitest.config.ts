// The real-editor test only (`npm run test:e2e`); `npm test`'s config never picks up *.e2e.ts.
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: path.resolve(__dirname, '../..'),
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 300_000,
    reporters: ['default', './test/e2e/summary-reporter.ts'],
  },
});
