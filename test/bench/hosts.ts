// The two hosts that run the plugin, end to end, as a user runs them: the `eslint` CLI and oxlint
// (which parses in Rust and runs JavaScript plugins), on the same corpus files with the same rules
// (the recommended preset, nothing else), each from its own config file. Prints the best wall time
// of each host, their ratio, and whether they found the same problems.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { cacheDir, repoRoot } from '../corpus/packages';

const execFileAsync = promisify(execFile);
/** Pinned, so that figures from different days compare. */
const OXLINT_VERSION = '1.95.0';
/** What both hosts lint: ESLint's default JavaScript files and the README config's TypeScript ones (no JSX). */
const EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts']);

interface HostRun {
  wall: number;
  problems: Set<string>;
  /** Parse errors and the like, which are not rule reports. */
  other: number;
}

export async function compareHosts(files: readonly string[], recommended: Record<string, unknown>, rounds: number): Promise<void> {
  const root = repoRoot();
  const oxlint = await installOxlint(cacheDir('bench-hosts'));
  // Outside the repository, whose .gitignore (which oxlint honours) covers .cache/.
  const dir = mkdtempSync(path.join(tmpdir(), 'interleave-bench-hosts-'));
  const corpus = path.join(dir, 'files');
  mkdirSync(corpus);
  // Flat, numbered copies under their own extensions: both hosts parse `.js` as an ES module, which
  // CommonJS code also is, syntactically (naming CommonJS packages' `.js` files `.cjs` would make
  // both fail on the many that hold ES module syntax anyway).
  let count = 0;
  for (const file of files) {
    const ext = path.extname(file);
    if (EXTENSIONS.has(ext)) copyFileSync(file, path.join(corpus, `${count++}-${path.basename(file)}`));
  }
  const plugin = path.join(root, 'eslint-plugin/dist/index.js');
  writeFileSync(
    path.join(dir, 'eslint.config.mjs'),
    `import tsParser from ${JSON.stringify(require.resolve('@typescript-eslint/parser'))};
import interleave from ${JSON.stringify(plugin)};
export default [
  { files: ['**/*.ts', '**/*.mts', '**/*.cts'], languageOptions: { parser: tsParser } },
  { linterOptions: { reportUnusedDisableDirectives: 'off' } },
  interleave.configs.recommended,
];
`,
  );
  // No built-in plugin or category: the plugin's rules alone, as in ESLint.
  writeFileSync(path.join(dir, '.oxlintrc.json'), JSON.stringify({ plugins: [], categories: { correctness: 'off' }, jsPlugins: [plugin], rules: recommended }, null, 2));

  const eslintBin = path.join(path.dirname(require.resolve('eslint/package.json')), 'bin/eslint.js');
  const hosts: Record<string, () => Promise<HostRun>> = {
    eslint: () => timed(process.execPath, [eslintBin, '--format', 'json', 'files'], dir, eslintProblems),
    'oxlint (its default threads)': () => timed(oxlint, ['--format', 'json', 'files'], dir, oxlintProblems),
    'oxlint --threads 1': () => timed(oxlint, ['--format', 'json', '--threads', '1', 'files'], dir, oxlintProblems),
  };
  console.log(`\nEnd to end, one CLI run over ${count} files, recommended preset (best of ${rounds}):`);
  const best: Record<string, HostRun> = {};
  for (let round = 0; round < rounds; round++) {
    for (const [name, host] of Object.entries(hosts)) {
      const result = await host();
      if (!best[name] || result.wall < best[name].wall) best[name] = result;
    }
  }
  const eslint = best.eslint!;
  for (const [name, result] of Object.entries(best)) {
    const ratio = name === 'eslint' ? '' : `; ${(eslint.wall / result.wall).toFixed(2)}× faster than eslint`;
    const differ = [...result.problems].filter((problem) => !eslint.problems.has(problem)).length + [...eslint.problems].filter((problem) => !result.problems.has(problem)).length;
    console.log(
      `  ${name.padEnd(30)} ${(result.wall / 1000).toFixed(2).padStart(7)} s   ${result.problems.size} problems, ${differ} differ from eslint's, ${result.other} other messages${ratio}`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
}

async function installOxlint(dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'bench-hosts', private: true }));
  await execFileAsync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel', 'error', '--cache', cacheDir('npm'), `oxlint@${OXLINT_VERSION}`], {
    cwd: dir,
    env: Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key))),
  });
  return path.join(dir, 'node_modules/.bin/oxlint');
}

async function timed(command: string, args: string[], cwd: string, parse: (stdout: string) => Omit<HostRun, 'wall'>): Promise<HostRun> {
  const started = performance.now();
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync(command, args, { cwd, maxBuffer: 512 * 1024 * 1024 }));
  } catch (error) {
    // Both exit 1 when they report problems.
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (failed.code !== 1) throw new Error(`${command} exited ${failed.code}: ${failed.stderr}`);
    stdout = failed.stdout ?? '';
  }
  return { wall: performance.now() - started, ...parse(stdout) };
}

function eslintProblems(stdout: string): Omit<HostRun, 'wall'> {
  const results = JSON.parse(stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string | null; line: number }> }>;
  const problems = new Set<string>();
  let other = 0;
  for (const result of results) {
    for (const message of result.messages) {
      if (message.ruleId?.startsWith('interleave/')) problems.add(`${path.basename(result.filePath)}:${message.line} ${message.ruleId}`);
      else other++;
    }
  }
  return { problems, other };
}

function oxlintProblems(stdout: string): Omit<HostRun, 'wall'> {
  const { diagnostics } = JSON.parse(stdout) as { diagnostics: Array<{ filename: string; code?: string; labels?: Array<{ span: { line: number } }> }> };
  const problems = new Set<string>();
  let other = 0;
  for (const diagnostic of diagnostics) {
    const rule = /^interleave\((.+)\)$/.exec(diagnostic.code ?? '');
    if (rule && diagnostic.labels?.[0]) problems.add(`${path.basename(diagnostic.filename)}:${diagnostic.labels[0].span.line} interleave/${rule[1]}`);
    else other++;
  }
  return { problems, other };
}
