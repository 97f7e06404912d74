// The repository lints itself with its own plugin (as built) and eslint-plugin-eslint-plugin,
// through the root eslint.config.mjs: no report at all.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { expect, it } from 'vitest';

it('lints its own code clean with eslint-plugin-interleave and eslint-plugin-eslint-plugin', { timeout: 300_000 }, async () => {
  const root = path.resolve(__dirname, '..');
  const results = await new ESLint({ cwd: root }).lintFiles(['.']);
  const problems = results.flatMap((result) => result.messages.map((message) => `${path.relative(root, result.filePath)}:${message.line} ${message.ruleId}: ${message.message}`));
  expect(problems).toEqual([]);
  // Every rule file was linted, so eslint-plugin-eslint-plugin saw them all.
  const rulesDir = path.join(root, 'eslint-plugin/src/rules');
  expect(results.map((result) => result.filePath).filter((file) => path.dirname(file) === rulesDir).sort()).toEqual(
    readdirSync(rulesDir).map((file) => path.join(rulesDir, file)).sort(),
  );
});
