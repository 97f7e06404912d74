// The rules stay quiet in test code unless `settings.interleave.lintTestFiles` is true, whatever
// config enables them; the editor and the corpus harness decide test code with the same
// `isTestFile`. A config that tunes one of the rules in an object of its own must keep working.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import plugin from '../eslint-plugin/src/index';
import { isTestFile, projectPath } from '../eslint-plugin/src/util/test-files';

const project = mkdtempSync(path.join(tmpdir(), 'interleave-test-code-'));
afterAll(() => rmSync(project, { recursive: true, force: true }));

const RACE = 'let count = 0;\nexport async function bump(tick) {\n  const seen = count;\n  await tick();\n  count = seen + 1;\n}\n';

const SAMPLES: ReadonlyArray<[string, boolean]> = [
  ['src/pool.js', false],
  ['src/testing.js', false],
  ['src/contest/entry.js', false],
  ['lib/attest.spec-helpers.js', false],
  ['src/pool.test.js', true],
  ['src/pool.spec.mjs', true],
  ['src/__tests__/pool.js', true],
  ['src/__mocks__/client.js', true],
  ['test/pool.js', true],
  ['packages/core/tests/helpers/connect.js', true],
  ['dist/helpers.test/createPool.js', true],
];

for (const [file] of SAMPLES) {
  mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
  writeFileSync(path.join(project, file), RACE);
}

async function reportsIn(config: object[]): Promise<Map<string, string[]>> {
  const eslint = new ESLint({ cwd: project, overrideConfigFile: true, overrideConfig: config as never });
  const results = await eslint.lintFiles(SAMPLES.map(([file]) => file));
  return new Map(results.map((result) => [path.relative(project, result.filePath), result.messages.map((message) => message.ruleId ?? message.message)]));
}

describe('test code', () => {
  it('is recognised by its file or folder name', () => {
    for (const [file, test] of SAMPLES) expect(isTestFile(file), file).toBe(test);
  });

  it('gets no reports from the preset, and the rest of the project does', async () => {
    const reports = await reportsIn([plugin.configs.recommended]);
    for (const [file, test] of SAMPLES) expect(reports.get(file), file).toEqual(test ? [] : ['interleave/no-read-await-write-race']);
  });

  it('is linted when settings.interleave.lintTestFiles is true', async () => {
    const reports = await reportsIn([plugin.configs.recommended, { settings: { interleave: { lintTestFiles: true } } }]);
    for (const [file] of SAMPLES) expect(reports.get(file), file).toEqual(['interleave/no-read-await-write-race']);
  });

  it('does not break a config that tunes a rule in an object of its own', async () => {
    const reports = await reportsIn([plugin.configs.recommended, { rules: { 'interleave/no-unbounded-concurrency': ['error', { concurrency: 10 }] } }]);
    expect(reports.get('src/pool.test.js')).toEqual([]);
    expect(reports.get('src/pool.js')).toEqual(['interleave/no-read-await-write-race']);
  });

  it('is judged by the path inside the project, not by folders above it', () => {
    expect(projectPath('/home/me/test/app/src/pool.js', '/home/me/test/app')).toBe('src/pool.js');
    expect(projectPath('C:\\work\\tests\\app\\src\\pool.js', 'C:\\work\\tests\\app')).toBe('src/pool.js');
    expect(projectPath('/elsewhere/tests/pool.spec.js', '/home/me/app')).toBe('pool.spec.js');
    expect(projectPath('/srv/app/tests/pool.js', '/')).toBe('srv/app/tests/pool.js');
  });
});
