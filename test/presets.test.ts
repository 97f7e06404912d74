// The presets people adopt leave test code out; `all` lints everything. The editor and the corpus
// harness decide test code with `isTestFile`, which must agree with the globs ESLint applies.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import plugin from '../eslint-plugin/src/index';
import { isTestFile } from '../eslint-plugin/src/util/test-files';

const project = mkdtempSync(path.join(tmpdir(), 'interleave-presets-'));
afterAll(() => rmSync(project, { recursive: true, force: true }));

const SAMPLES: ReadonlyArray<[string, boolean]> = [
  ['src/pool.ts', false],
  ['src/testing.ts', false],
  ['src/contest/entry.js', false],
  ['lib/attest.spec-helpers.js', false],
  ['src/pool.test.ts', true],
  ['src/pool.spec.mjs', true],
  ['src/types.test.d.ts', true],
  ['src/__tests__/pool.ts', true],
  ['src/__mocks__/client.js', true],
  ['test/pool.js', true],
  ['packages/core/tests/helpers/connect.ts', true],
  ['dist/helpers.test/createPool.js', true],
];

/** ESLint lints `.js`-like files by default; the project adds TypeScript, as users do. */
const lintTypeScript = { files: ['**/*.{ts,mts,cts,tsx}'] };

async function presetApplies(eslint: ESLint, file: string): Promise<boolean> {
  const config = (await eslint.calculateConfigForFile(path.join(project, file))) as { rules?: Record<string, unknown> } | undefined;
  return Object.keys(config?.rules ?? {}).some((rule) => rule.startsWith('interleave/'));
}

describe('test code and the presets', () => {
  for (const preset of ['recommended', 'strict'] as const) {
    it(`${preset} leaves out exactly the files isTestFile calls test code`, async () => {
      const eslint = new ESLint({ cwd: project, overrideConfigFile: true, overrideConfig: [lintTypeScript, plugin.configs[preset] as never] });
      for (const [file, test] of SAMPLES) {
        expect(isTestFile(file), file).toBe(test);
        expect(await presetApplies(eslint, file), file).toBe(!test);
      }
    });
  }

  it('all lints test code too', async () => {
    const eslint = new ESLint({ cwd: project, overrideConfigFile: true, overrideConfig: [lintTypeScript, plugin.configs.all as never] });
    expect(await presetApplies(eslint, 'src/__tests__/pool.ts')).toBe(true);
  });
});
