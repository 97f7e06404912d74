// `npm run demo`: lints examples/ with the recommended preset, as a user's CI would, and prints
// the findings. Findings are the expected output; a crash or a missing plugin exits non-zero.
import { ESLint } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import interleave from '../eslint-plugin/dist/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [
    { files: ['**/*.ts', '**/*.js'], languageOptions: { parser: tsParser, ecmaVersion: 'latest' } },
    { files: ['**/*.js'], languageOptions: { sourceType: 'commonjs' } },
    interleave.configs.recommended,
  ],
});
const results = await eslint.lintFiles(['examples/**/*.{ts,js}']);
const formatter = await eslint.loadFormatter('stylish');
const fatal = results.flatMap((result) => result.messages.filter((message) => message.fatal));
process.stdout.write(await formatter.format(results));
const count = results.reduce((sum, result) => sum + result.errorCount + result.warningCount, 0);
console.log(`Interleave ${interleave.meta.version}: ${count} findings in ${results.length} files of examples/.`);
if (fatal.length > 0) {
  console.error('Some files could not be linted:', fatal.map((message) => message.message).join('; '));
  process.exit(2);
}
