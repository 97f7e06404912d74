// The repository lints itself: its own plugin (as built, the way users load it) over all of its
// TypeScript, and eslint-plugin-eslint-plugin over the rules. `npm test` runs it (test/self-lint.test.ts).
import tsParser from '@typescript-eslint/parser';
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import interleave from './eslint-plugin/dist/index.js';

export default [
  // Racy on purpose: the demo, the editor test's workspace and the fuzzer's saved crash programs.
  { ignores: ['**/dist/**', '.cache/**', 'test-results/**', 'examples/**', 'test/e2e/workspace/**', 'test/fuzz/regressions/**'] },
  { files: ['**/*.ts', '**/*.mts', '**/*.cts'], languageOptions: { parser: tsParser } },
  interleave.configs.recommended,
  {
    files: ['eslint-plugin/src/rules/*.ts'],
    ...eslintPlugin.configs.recommended,
    rules: {
      ...eslintPlugin.configs.recommended.rules,
      // House rule, checked in test/meta.test.ts: every rule declares meta.defaultOptions, `[]` when it takes none.
      'eslint-plugin/require-meta-default-options': 'off',
    },
  },
];
