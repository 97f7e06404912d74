import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint, suggested } from './helpers';

const python = spawnSync('python3', ['-c', 'import sys; print(sys.version_info >= (3, 11))'], { encoding: 'utf8' });
const hasPython = python.status === 0 && python.stdout.trim() === 'True';

/** Racy programs in test/python/programs: what each prints, then what it prints after the fix. */
const PROOFS: Array<{ program: string; rule: string; before: string; after: string }> = [
  { program: 'module_counter.py', rule: 'no-read-await-write-race', before: '100', after: '1000' },
  { program: 'class_balance.py', rule: 'no-read-await-write-race', before: '70', after: '120' },
  { program: 'release_on_error.py', rule: 'require-release-in-finally', before: 'deadlocked', after: 'charged' },
  { program: 'pool_checkin.py', rule: 'no-extra-release', before: '3 connections handed out from a pool of 2', after: 'double checkin refused' },
  { program: 'condition_take.py', rule: 'require-condition-wait-in-loop', before: 'a woken consumer popped from an empty list', after: "['a', 'b']" },
  { program: 'queue_join.py', rule: 'require-task-done', before: 'join never returned', after: 'all items done' },
];

function run(source: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'interleave-proof-')), 'program.py');
  writeFileSync(file, source);
  const result = spawnSync('python3', [file], { encoding: 'utf8', timeout: 20_000 });
  return `${result.stdout}${result.stderr}`.trim();
}

describe.skipIf(!hasPython)('fixes proven by running the programs with python3 (skipped: no python3 ≥ 3.11; .ci/run installs Debian\'s)', () => {
  for (const proof of PROOFS) {
    it(`${proof.program}: prints ${proof.before}, and ${proof.after} after the ${proof.rule} fix`, async () => {
      const source = readFileSync(path.join(__dirname, 'programs', proof.program), 'utf8');
      expect(run(source)).toBe(proof.before);
      const problems = await lint(source);
      expect(problems.map((p) => p.ruleId)).toEqual([proof.rule]);
      const fixed = suggested(source, problems[0]);
      expect(run(fixed)).toBe(proof.after);
      expect((await lint(fixed)).map((p) => p.ruleId)).toEqual([]);
    });
  }
});
