// The consumer path: the packed plugin, installed from its tarball into fresh projects, configured
// with the package README's own config blocks, run through the `eslint` CLI of ESLint 9 and 10 (an
// ES module project with TypeScript and every module system's extension, and a plain-JavaScript
// CommonJS project) and through oxlint, which must report the same problems.
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, ensureBuilt, packPlugin, run, type Packed } from './consumer/install';
import { CLEAN, COMMONJS_CLEAN, COMMONJS_RACY, EXPECTED, RACY, RACY_MODULE_SYSTEMS } from './consumer/project';
import { fileBlock, mainPath, section } from './consumer/readme';

interface LintResult {
  filePath: string;
  messages: Array<{ ruleId: string | null; line: number; fatal?: boolean; message: string }>;
}

// Installing takes a while on the first run (afterwards npm's cache under .cache/npm serves it).
const INSTALL_TIMEOUT = 600_000;

const MAJORS = [9, 10] as const;
// The same race in test code, which the rules leave alone under ESLint and oxlint alike: nothing more is expected.
const TEST_CODE = { 'racy/counter.test.ts': RACY['racy/counter.ts']!, 'racy/__tests__/counter.ts': RACY['racy/counter.ts']! };
const ESM_FILES = { ...RACY, ...TEST_CODE, ...RACY_MODULE_SYSTEMS, ...CLEAN, 'clean/ledger.cjs': COMMONJS_CLEAN['clean/ledger.cjs']! };
const ESM_CONFIG = fileBlock(mainPath(section('Use it')), 'eslint.config.mjs');
const COMMONJS_CONFIG = fileBlock(section('A CommonJS project'), 'eslint.config.cjs');
const TYPESCRIPT_ESLINT_CONFIG = fileBlock(section('With typescript-eslint'), 'eslint.config.mjs');
const OXLINT_CONFIG = fileBlock(section('With oxlint'), '.oxlintrc.json');
const BAD_SETTINGS = { interleave: { lockFactories: [{ name: 'lockFor', kind: 'spinlock' }] } };
const BAD_SETTINGS_CONFIG = `import interleave from 'eslint-plugin-interleave';
export default [interleave.configs.recommended, { settings: ${JSON.stringify(BAD_SETTINGS)} }];
`;
const BAD_SETTINGS_MESSAGE =
  'eslint-plugin-interleave: invalid `settings.interleave.lockFactories[0].kind`: expected one of "mutex", "semaphore", "async-lock", "await-lock", "sema", "counting-semaphore", "limiter", "queue", "web-lock", "project-mutex".';
// What the bundled types must allow: the default and the named exports in ESM, `require` in CommonJS.
const TYPE_USES = {
  'types/esm.mts': `import type { Linter } from 'eslint';
import interleave, { configs, meta, rules } from 'eslint-plugin-interleave';
export const config: Linter.Config[] = [interleave.configs.recommended, configs.strict];
export const names: string[] = [meta.name, ...Object.keys(rules)];
`,
  'types/commonjs.cts': `import interleave = require('eslint-plugin-interleave');
import type { Linter } from 'eslint';
export const config: Linter.Config = interleave.configs.all;
`,
  'types/tsconfig.json': JSON.stringify({
    compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, skipLibCheck: false, types: [] },
    files: ['esm.mts', 'commonjs.cts'],
  }),
};

/** `file:line rule` for every report, in ESLint's file order. */
function reports(project: string, results: LintResult[]): string[] {
  return results.flatMap((result) =>
    result.messages.map((message) => `${path.relative(project, result.filePath)}:${message.line} ${message.ruleId ?? `fatal: ${message.message}`}`),
  );
}

/** oxlint's JSON diagnostics as `file:line rule`, sorted like ESLint's output. */
function oxlintReports(stdout: string): string[] {
  const { diagnostics } = JSON.parse(stdout) as { diagnostics: Array<{ filename: string; code: string; labels: Array<{ span: { line: number } }> }> };
  const rule = (code: string) => code.replace(/^([\w-]+)\((.+)\)$/, '$1/$2');
  return diagnostics
    .map((diagnostic) => ({ file: diagnostic.filename, line: diagnostic.labels[0]!.span.line, text: `${diagnostic.filename}:${diagnostic.labels[0]!.span.line} ${rule(diagnostic.code)}` }))
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)
    .map((report) => report.text);
}

const EXPECTED_REPORTS = EXPECTED.map(({ file, line, rule }) => `${file}:${line} ${rule}`);

/** The program a report is about, whatever its extension: `counter:8 interleave/…`. */
const byProgram = (report: string) => report.replace(/^racy\/([\w-]+)\.\w+:/, '$1:');

describe('consumer path', () => {
  let packed: Packed;
  const projects = new Map<string, string>();
  const eslint = (project: string, ...args: string[]) =>
    run(process.execPath, [path.join(project, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', ...args], project);
  const expectClean = async (project: string) => {
    const result = await eslint(project, 'clean');
    expect(result.stderr).toBe('');
    expect(reports(project, JSON.parse(result.stdout) as LintResult[])).toEqual([]);
    expect(result.code).toBe(0);
  };

  // Every project installs at once: the slow part of this file.
  beforeAll(async () => {
    await ensureBuilt();
    packed = await packPlugin();
    const specs = [
      ...MAJORS.map((major) => ({
        name: `esm-eslint${major}`,
        type: 'module' as const,
        install: [`eslint@^${major}`, '@typescript-eslint/parser@^8', 'typescript-eslint@^8', 'typescript@~5.9', packed.tarball],
        files: { 'eslint.config.mjs': ESM_CONFIG, 'typescript-eslint.config.mjs': TYPESCRIPT_ESLINT_CONFIG, 'bad-settings.config.mjs': BAD_SETTINGS_CONFIG, ...TYPE_USES, ...ESM_FILES },
      })),
      ...MAJORS.map((major) => ({
        name: `commonjs-eslint${major}`,
        install: [`eslint@^${major}`, packed.tarball],
        files: { 'eslint.config.cjs': COMMONJS_CONFIG, ...COMMONJS_RACY, ...COMMONJS_CLEAN },
      })),
      // No ESLint here: oxlint loads the plugin on its own.
      {
        name: 'oxlint',
        type: 'module' as const,
        install: ['oxlint@^1', packed.tarball],
        files: {
          '.oxlintrc.json': OXLINT_CONFIG,
          'bad-settings.oxlintrc.json': JSON.stringify({ jsPlugins: ['eslint-plugin-interleave'], settings: BAD_SETTINGS, rules: { 'interleave/no-read-await-write-race': 'error' } }),
          ...ESM_FILES,
        },
      },
    ];
    await Promise.all(specs.map(async (spec) => projects.set(spec.name, await createProject(spec))));
  }, INSTALL_TIMEOUT);

  afterAll(() => {
    for (const dir of [...projects.values(), packed && path.dirname(packed.tarball)]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('packs the built plugin, its types, licence, notices and README, not the sources', () => {
    expect([...packed.files].sort()).toEqual([
      'LICENSE',
      'README.md',
      'dist/THIRD_PARTY_NOTICES.txt',
      'dist/index.d.mts',
      'dist/index.d.ts',
      'dist/index.js',
      'dist/index.mjs',
      'package.json',
    ]);
  });

  describe.each(MAJORS)('ESLint %i, ES module project', (eslintMajor) => {
    let project: string;

    beforeAll(() => {
      project = projects.get(`esm-eslint${eslintMajor}`)!;
    });

    it('installs that ESLint major beside the plugin', () => {
      const manifest = JSON.parse(readFileSync(path.join(project, 'node_modules/eslint/package.json'), 'utf8'));
      expect(Number(manifest.version.split('.')[0])).toBe(eslintMajor);
    });

    it('loads one plugin object through require, the default import and the named imports', async () => {
      const summary = "console.log(JSON.stringify({ meta: p.meta, configs: Object.keys(p.configs), carried: p.configs.recommended.plugins.interleave === p, named }))";
      const viaRequire = await run(process.execPath, ['-e', `const p = require('eslint-plugin-interleave'); const named = null; ${summary}`], project);
      const viaImport = await run(
        process.execPath,
        ['--input-type=module', '-e', `import p, { configs, rules, meta } from 'eslint-plugin-interleave'; const named = configs === p.configs && rules === p.rules && meta === p.meta; ${summary}`],
        project,
      );
      const version = JSON.parse(readFileSync(path.join(project, 'node_modules/eslint-plugin-interleave/package.json'), 'utf8')).version;
      const expected = { meta: { name: 'eslint-plugin-interleave', version }, configs: ['recommended', 'strict', 'all'], carried: true };
      expect(JSON.parse(viaRequire.stdout)).toEqual({ ...expected, named: null });
      expect(JSON.parse(viaImport.stdout)).toEqual({ ...expected, named: true });
    });

    it('type-checks the default and named imports and the CommonJS require against the shipped types', async () => {
      const result = await run(process.execPath, [path.join(project, 'node_modules/typescript/bin/tsc'), '-p', 'types'], project);
      expect(result.stdout + result.stderr).toBe('');
      expect(result.code).toBe(0);
    });

    it('exits 1 on racy code and reports each race, in every module system and through both parsers', async () => {
      const result = await eslint(project, 'racy');
      expect(result.stderr).toBe('');
      expect(reports(project, JSON.parse(result.stdout) as LintResult[])).toEqual(EXPECTED_REPORTS);
      expect(result.code).toBe(1);
    });

    it('exits 0 on clean code', () => expectClean(project));

    it("reports the same races with the README's typescript-eslint defineConfig", async () => {
      const result = await eslint(project, '--config', 'typescript-eslint.config.mjs', 'racy');
      expect(result.stderr).toBe('');
      const interleave = reports(project, JSON.parse(result.stdout) as LintResult[]).filter((report) => / interleave\//.test(report));
      expect(interleave).toEqual(EXPECTED_REPORTS);
      expect(result.code).toBe(1);
    });

    it('exits 2 on a bad settings.interleave with one sentence naming the setting and the accepted kinds', async () => {
      const result = await run(process.execPath, [path.join(project, 'node_modules/eslint/bin/eslint.js'), '--config', 'bad-settings.config.mjs', 'clean'], project);
      expect(result.code).toBe(2);
      const version = JSON.parse(readFileSync(path.join(project, 'node_modules/eslint/package.json'), 'utf8')).version;
      expect(result.stderr.trim()).toBe(
        [
          'Oops! Something went wrong! :(',
          '',
          `ESLint: ${version}`,
          '',
          BAD_SETTINGS_MESSAGE,
        ].join('\n'),
      );
    });
  });

  describe.each(MAJORS)('ESLint %i, plain-JavaScript CommonJS project (eslint.config.cjs)', (eslintMajor) => {
    let project: string;

    beforeAll(() => {
      project = projects.get(`commonjs-eslint${eslintMajor}`)!;
    });

    it('reports the same races, on the same lines, as the ES module project', async () => {
      const result = await eslint(project, 'racy');
      expect(result.stderr).toBe('');
      const found = reports(project, JSON.parse(result.stdout) as LintResult[]);
      expect(found).toEqual([
        'racy/account.js:7 interleave/no-read-await-write-race',
        'racy/counter.js:8 interleave/no-read-await-write-race',
        'racy/deposit.js:7 interleave/no-unawaited-acquire',
        'racy/ledger.cjs:8 interleave/no-read-await-write-race',
        'racy/refresh.js:8 interleave/no-long-await-in-critical-section',
      ]);
      const programs = new Set(found.map((report) => byProgram(report).split(':')[0]));
      const esm = EXPECTED_REPORTS.map(byProgram).filter((report) => programs.has(report.split(':')[0]));
      expect(found.map(byProgram)).toEqual(esm);
      expect(result.code).toBe(1);
    });

    it('exits 0 on clean code', () => expectClean(project));
  });

  describe('oxlint, with the README .oxlintrc.json and no ESLint installed', () => {
    let project: string;
    const oxlint = (...args: string[]) => run(process.execPath, [path.join(project, 'node_modules/oxlint/bin/oxlint'), '--format', 'json', ...args], project);

    beforeAll(() => {
      project = projects.get('oxlint')!;
    });

    it("names exactly the recommended preset's rules", () => {
      const { rules } = JSON.parse(OXLINT_CONFIG.replace(/^\/\/.*$/m, '')) as { rules: Record<string, string> };
      // The preset object is loaded from the built plugin, as ESLint users get it.
      const preset = (createRequire(path.join(project, 'package.json'))('eslint-plugin-interleave') as { configs: { recommended: { rules: Record<string, string> } } }).configs.recommended;
      expect(rules).toEqual(preset.rules);
    });

    it('reports the same rule ids on the same lines as ESLint on the racy project', async () => {
      const result = await oxlint('racy');
      expect(result.stderr).toBe('');
      expect(oxlintReports(result.stdout)).toEqual(EXPECTED_REPORTS);
      expect(result.code).toBe(1);
    });

    it('passes settings.interleave to the rules: a bad one fails each file with the same sentence as under ESLint (exit 1)', async () => {
      const result = await oxlint('--config', 'bad-settings.oxlintrc.json', 'racy/counter.ts');
      const { diagnostics } = JSON.parse(result.stdout) as { diagnostics: Array<{ message: string }> };
      expect(diagnostics.map((diagnostic) => diagnostic.message)).toEqual([`Error running JS plugin.\nFile path: ${path.join(project, 'racy/counter.ts')}\n${BAD_SETTINGS_MESSAGE}`]);
      expect(result.code).toBe(1);
    });

    it('reports nothing on the clean project', async () => {
      const result = await oxlint('clean');
      expect(result.stderr).toBe('');
      expect(oxlintReports(result.stdout)).toEqual([]);
      expect(result.code).toBe(0);
    });
  });
});
