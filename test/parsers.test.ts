// The parser and module system must not change what the rules find: examples/job-runner.js is
// CommonJS, which espree (ESLint's default parser) scopes differently from the TypeScript parser.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import plugin from '../eslint-plugin/src/index';

const root = path.resolve(__dirname, '..');
const jobRunner = readFileSync(path.join(root, 'examples/job-runner.js'), 'utf8');
const linter = new Linter({ configType: 'flat' });

function findings(code: string, languageOptions: Linter.LanguageOptions, filename: string): string[] {
  const config = [{ files: ['**/*.*'], languageOptions: { ecmaVersion: 'latest' as const, ...languageOptions } }, plugin.configs.recommended as Linter.Config];
  return linter.verify(code, config, { filename }).map((message) => `${message.line}:${message.column} ${message.ruleId ?? message.message}`);
}

const JOB_RUNNER_FINDINGS = ['11:3 interleave/no-unawaited-acquire', '31:5 interleave/no-read-await-write-race'];

describe('examples/job-runner.js', () => {
  it.each([
    ['espree, commonjs (.cjs, CommonJS .js)', { sourceType: 'commonjs' }, 'job-runner.cjs'],
    ['espree, script', { sourceType: 'script' }, 'job-runner.js'],
    ['espree, module', { sourceType: 'module' }, 'job-runner.js'],
    ['@typescript-eslint/parser', { parser: tsParser as Linter.Parser, sourceType: 'commonjs' }, 'job-runner.js'],
  ] as const)('is reported the same under %s', (_name, languageOptions, filename) => {
    expect(findings(jobRunner, languageOptions, filename)).toEqual(JOB_RUNNER_FINDINGS);
  });
});

describe('CommonJS module state under espree', () => {
  it('is shared: a slow call inside a lock on it is reported', () => {
    const code = [
      "const { Mutex } = require('async-mutex');",
      'const lock = new Mutex();',
      'let cache = null;',
      'async function refresh() {',
      '  await lock.runExclusive(async () => {',
      "    const response = await fetch('https://example.com/config');",
      '    cache = await response.json();',
      '  });',
      '}',
      'module.exports = { refresh };',
    ].join('\n');
    const asModule = findings(code, { sourceType: 'module' }, 'config.js');
    expect(asModule).toEqual(['6:22 interleave/no-long-await-in-critical-section']);
    expect(findings(code, { sourceType: 'commonjs' }, 'config.cjs')).toEqual(asModule);
  });
});
