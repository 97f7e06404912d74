// The consumer path: the packed plugin, installed from its tarball into fresh projects with ESLint 9
// and with ESLint 10, configured as the README says, run through the `eslint` CLI.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, ensureBuilt, packPlugin, run, type Packed } from './consumer/install';
import { CLEAN, ESLINT_CONFIG, EXPECTED, RACY } from './consumer/project';

interface LintResult {
  filePath: string;
  messages: Array<{ ruleId: string | null; line: number; fatal?: boolean; message: string }>;
}

// Installing takes a while on the first run (afterwards npm's cache under .cache/npm serves it).
const INSTALL_TIMEOUT = 600_000;

const MAJORS = [9, 10];

describe('consumer path', () => {
  let packed: Packed;
  const projects = new Map<number, string>();

  // Both projects install at once: the slow part of this file.
  beforeAll(async () => {
    await ensureBuilt();
    packed = await packPlugin();
    const files = { 'eslint.config.js': ESLINT_CONFIG, ...RACY, ...CLEAN };
    await Promise.all(MAJORS.map(async (major) => projects.set(major, await createProject(packed.tarball, major, files))));
  }, INSTALL_TIMEOUT);

  afterAll(() => {
    for (const dir of [...projects.values(), packed && path.dirname(packed.tarball)]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('packs the built plugin and its manifest, not the sources', () => {
    expect([...packed.files].sort()).toEqual(['README.md', 'dist/index.d.ts', 'dist/index.js', 'package.json']);
  });

  describe.each(MAJORS)('ESLint %i', (eslintMajor) => {
    let project: string;
    const eslint = (target: string) => run(process.execPath, [path.join(project, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', target], project);

    beforeAll(() => {
      project = projects.get(eslintMajor)!;
    });

    it('installs that ESLint major beside the plugin', () => {
      const manifest = JSON.parse(readFileSync(path.join(project, 'node_modules/eslint/package.json'), 'utf8'));
      expect(Number(manifest.version.split('.')[0])).toBe(eslintMajor);
      const plugin = JSON.parse(readFileSync(path.join(project, 'node_modules/eslint-plugin-interleave/package.json'), 'utf8'));
      expect(plugin.name).toBe('eslint-plugin-interleave');
    });

    it('loads the same plugin object through require and import, with meta and the three presets', async () => {
      const summary = "console.log(JSON.stringify({ meta: p.meta, configs: Object.keys(p.configs), recommended: p.configs.recommended.plugins.interleave === p }))";
      const viaRequire = await run(process.execPath, ['-e', `const p = require('eslint-plugin-interleave'); ${summary}`], project);
      const viaImport = await run(process.execPath, ['--input-type=module', '-e', `import p from 'eslint-plugin-interleave'; ${summary}`], project);
      const version = JSON.parse(readFileSync(path.join(project, 'node_modules/eslint-plugin-interleave/package.json'), 'utf8')).version;
      const expected = { meta: { name: 'eslint-plugin-interleave', version }, configs: ['recommended', 'strict', 'all'], recommended: true };
      expect(JSON.parse(viaRequire.stdout)).toEqual(expected);
      expect(JSON.parse(viaImport.stdout)).toEqual(expected);
    });

    it('exits 1 on racy code and reports the expected rules', async () => {
      const result = await eslint('racy');
      expect(result.stderr).toBe('');
      expect(result.code).toBe(1);
      const reports = flatten(project, JSON.parse(result.stdout) as LintResult[]);
      expect(reports.filter((report) => report.fatal)).toEqual([]);
      // An expected rule missing from the packed bundle fails here, not as a silently dropped expectation.
      const built = new Set(await installedRules(project));
      expect(EXPECTED.filter((expected) => !built.has(expected.rule))).toEqual([]);
      expect(reports.map(({ file, line, rule }) => `${file}:${line} ${rule}`).sort()).toEqual(EXPECTED.map(({ file, line, rule }) => `${file}:${line} ${rule}`).sort());
    });

    it('exits 0 on clean code', async () => {
      const result = await eslint('clean');
      expect(result.stderr).toBe('');
      expect(flatten(project, JSON.parse(result.stdout) as LintResult[])).toEqual([]);
      expect(result.code).toBe(0);
    });
  });
});

function flatten(project: string, results: LintResult[]) {
  return results.flatMap((result) =>
    result.messages.map((message) => ({
      file: path.relative(project, result.filePath),
      line: message.line,
      rule: message.ruleId,
      fatal: Boolean(message.fatal),
      message: message.message,
    })),
  );
}

/** The rule ids of the plugin as installed in the project, loaded by the project's own Node. */
async function installedRules(project: string): Promise<string[]> {
  const script = "import p from 'eslint-plugin-interleave'; console.log(JSON.stringify(Object.keys(p.rules)))";
  const result = await run(process.execPath, ['--input-type=module', '-e', script], project);
  if (result.code !== 0) throw new Error(result.stderr);
  return (JSON.parse(result.stdout) as string[]).map((name) => `interleave/${name}`);
}
