// The package README followed literally, in a fresh folder holding the demo (examples/) and the
// packed tarball: every command of "Use it" (up to its alternatives) and of "Run in CI" (its install
// line and each `run:` step of the workflow) runs as printed, and the config is saved as printed.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCS_BASE_URL } from '../eslint-plugin/src/util/create-rule';
import { ensureBuilt, NPM_ENV, packPlugin, ROOT, run, type Packed, type RunResult } from './consumer/install';
import { codeBlocks, mainPath, section } from './consumer/readme';

const INSTALL_TIMEOUT = 600_000;
const useIt = codeBlocks(mainPath(section('Use it')));
const runInCi = codeBlocks(section('Run in CI'));

/** Shell lines of the `sh` blocks, comments dropped. */
const commands = (blocks: typeof useIt) =>
  blocks.filter((block) => block.language === 'sh').flatMap((block) => block.text.split('\n').filter((line) => line.trim() && !line.startsWith('#')));
const shell = (folder: string, command: string): Promise<RunResult> => run('sh', ['-c', command], folder, NPM_ENV);

/** `examples/x.ts:22 interleave/rule` for each problem in ESLint's stylish output, relative to `folder`. */
function stylishProblems(output: string, folder: string): string[] {
  const problems: string[] = [];
  let file = '';
  for (const line of output.split('\n')) {
    if (line.startsWith('/')) file = path.relative(folder, line.trim());
    const problem = /^\s+(\d+):\d+\s+(?:error|warning)\s.*\s(\S+)$/.exec(line);
    if (problem) problems.push(`${file}:${problem[1]} ${problem[2]}`);
  }
  return problems;
}

describe('the package README, followed literally', () => {
  let packed: Packed;
  let folder: string;
  let demoProblems: string[];

  beforeAll(async () => {
    await ensureBuilt();
    packed = await packPlugin();
    folder = mkdtempSync(path.join(tmpdir(), 'interleave-readme-'));
    writeFileSync(path.join(folder, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }, null, 2));
    cpSync(path.join(ROOT, 'examples'), path.join(folder, 'examples'), { recursive: true });
    // What `npm run demo` reports on the same files, with the plugin from this checkout.
    const demo = await run(process.execPath, [path.join(ROOT, 'test/demo.mjs')], ROOT);
    demoProblems = stylishProblems(demo.stdout, ROOT);
  }, INSTALL_TIMEOUT);

  afterAll(() => {
    for (const dir of [folder, packed && path.dirname(packed.tarball)]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('names the tarball that `npm pack` writes', () => {
    const install = commands(useIt).find((command) => command.startsWith('npm install'));
    expect(install).toBe(`npm install --save-dev eslint @typescript-eslint/parser ./${path.basename(packed.tarball)}`);
    cpSync(packed.tarball, path.join(folder, path.basename(packed.tarball)));
  });

  it('"Use it": installs, saves the config and lints, reporting what the demo reports (exit 1)', { timeout: INSTALL_TIMEOUT }, async () => {
    const results: Array<{ command: string; result: RunResult }> = [];
    for (const block of useIt) {
      if (block.file) writeFileSync(path.join(folder, block.file), block.text);
      if (block.language !== 'sh') continue;
      for (const command of commands([block])) results.push({ command, result: await shell(folder, command) });
    }
    expect(results.map(({ command }) => command)).toEqual([
      `npm install --save-dev eslint @typescript-eslint/parser ./${path.basename(packed.tarball)}`,
      'npx eslint .',
    ]);
    const [install, lint] = results.map(({ result }) => result);
    expect(install!.code).toBe(0);
    expect(demoProblems.length).toBeGreaterThan(0);
    expect(stylishProblems(lint!.stdout, folder)).toEqual(demoProblems);
    expect(lint!.stderr).toBe('');
    expect(lint!.code).toBe(1);
  });

  describe('"Run in CI"', () => {
    const workflow = runInCi.find((block) => block.language === 'yaml')!;
    const steps = [...workflow.text.matchAll(/^\s*(?:- )?run: (.+)$/gm)].map((match) => match[1]!);

    it('runs the install line and then each workflow step', { timeout: INSTALL_TIMEOUT }, async () => {
      expect(steps).toEqual([
        'npm ci',
        'npx eslint . --max-warnings 0 --cache',
        'npx eslint . --cache --format @microsoft/eslint-formatter-sarif --output-file eslint-results.sarif',
      ]);
      for (const command of commands(runInCi)) expect((await shell(folder, command)).code).toBe(0);
      const [ci, lint, sarif] = [await shell(folder, steps[0]!), await shell(folder, steps[1]!), await shell(folder, steps[2]!)];
      expect(ci!.code).toBe(0);
      // 1: findings; the cache it wrote serves the SARIF run.
      expect(stylishProblems(lint!.stdout, folder)).toEqual(demoProblems);
      expect(lint!.code).toBe(1);
      expect(existsSync(path.join(folder, '.eslintcache'))).toBe(true);
      expect(sarif!.code).toBe(1);
    });

    it('writes SARIF whose every result carries its rule and the rule docs page as help URL', () => {
      const log = JSON.parse(readFileSync(path.join(folder, 'eslint-results.sarif'), 'utf8')) as {
        runs: Array<{
          tool: { driver: { rules: Array<{ id: string; helpUri?: string }> } };
          artifacts: Array<{ location: { uri: string } }>;
          results: Array<{ ruleId: string; ruleIndex: number; locations: Array<{ physicalLocation: { artifactLocation: { index: number }; region: { startLine: number } } }> }>;
        }>;
      };
      const [sarifRun] = log.runs;
      const results = sarifRun!.results.map((result) => {
        const rule = sarifRun!.tool.driver.rules[result.ruleIndex]!;
        const location = result.locations[0]!.physicalLocation;
        const file = path.relative(folder, new URL(sarifRun!.artifacts[location.artifactLocation.index]!.location.uri).pathname);
        return { problem: `${file}:${location.region.startLine} ${result.ruleId}`, rule: rule.id, helpUri: rule.helpUri };
      });
      expect(results.map((result) => result.problem).sort()).toEqual([...demoProblems].sort());
      expect(results.map(({ rule, helpUri }) => ({ rule, helpUri }))).toEqual(
        results.map(({ rule }) => ({ rule, helpUri: `${DOCS_BASE_URL}/${rule.replace('interleave/', '')}.md` })),
      );
    });

    it('exits 0 once the code is fixed (here: the racy demo removed)', { timeout: INSTALL_TIMEOUT }, async () => {
      rmSync(path.join(folder, 'examples'), { recursive: true });
      writeFileSync(path.join(folder, 'clean.js'), 'export const answer = 42;\n');
      const lint = await shell(folder, steps[1]!);
      expect(lint.stdout).toBe('');
      expect(lint.code).toBe(0);
    });
  });
});
