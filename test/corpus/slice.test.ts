// A slice of the corpus harness that runs in `npm test`: a few hundred files of the project's own
// dependencies with async code (no network), every rule of the plugin from source; no rule may
// throw and no fix or suggestion output may fail to parse. `npm run corpus` is the full run.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import plugin from '../../eslint-plugin/src/index';
import { createChecker, type FileResult } from './check-file';
import { listSourceFiles, repoRoot, sourceTypeOf } from './packages';

const SLICE_SIZE = 300;
const MAX_BYTES = 150_000;

/** Files that give the rules something to analyse, spread evenly over node_modules, same every run. */
function slice(): string[] {
  const root = repoRoot();
  const candidates = listSourceFiles(path.join(root, 'node_modules')).filter((file) => {
    if (/\.d\.[mc]?ts$/.test(file) || statSync(file).size > MAX_BYTES) return false;
    const text = readFileSync(file, 'utf8');
    return /\bawait\b|\.then\(|\bacquire\(/.test(text);
  });
  const step = Math.max(1, Math.floor(candidates.length / SLICE_SIZE));
  return candidates.filter((_, index) => index % step === 0).slice(0, SLICE_SIZE);
}

it(
  'lints a slice of the dependencies without a crash or an unparsable fix',
  () => {
    const root = repoRoot();
    const check = createChecker(plugin, { checkFixes: true });
    const files = slice();
    const results: FileResult[] = files.map((file) => check(file, readFileSync(file, 'utf8'), path.relative(root, file), sourceTypeOf(file)));
    const linted = results.filter((result) => !result.parseError);
    const findings = linted.reduce((sum, result) => sum + result.findings.length, 0);
    const fixes = linted.reduce((sum, result) => sum + result.fixesChecked, 0);
    console.log(`corpus slice: ${results.length} files, ${linted.length} parsed, ${findings} findings, ${fixes} fixes/suggestions re-parsed`);

    expect(linted.length).toBeGreaterThanOrEqual(Math.min(200, files.length * 0.9));
    expect(results.flatMap((result) => result.crashes.map((crash) => `${result.file}: ${crash.rule}: ${crash.message}\n${crash.stack}`))).toEqual([]);
    expect(results.flatMap((result) => result.brokenFixes.map((broken) => `${result.file}:${broken.line} ${broken.rule} ${broken.edit}: ${broken.error}\n${broken.excerpt}`))).toEqual([]);
  },
  300_000,
);
