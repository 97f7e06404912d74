// The fuzzer's slice of `npm test` (`npm run fuzz` runs 200,000 programs, with the corpus and the
// real-bug benchmark's files): generated lock programs and mutations of the shared fixtures under
// both parsers, with every rule at its strict options; and every crash the fuzzer saved, replayed.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import plugin from '../eslint-plugin/src/index';
import { createFuzzChecker, type ParserName } from './fuzz/harness';
import { fixtureFiles, programAt, type Pools } from './fuzz/sources';

const root = path.resolve(__dirname, '..');
const check = createFuzzChecker(plugin);
const SLICE = 120;

describe('fuzz slice', () => {
  it(`throws on none of ${SLICE} generated and mutated programs (seed 1)`, () => {
    const pools: Pools = { fixtures: fixtureFiles(root), corpus: [], realBugs: [] };
    const crashes: string[] = [];
    let rejected = 0;
    for (let index = 0; index < SLICE; index += 1) {
      const program = programAt(1, index, pools);
      const result = check(program.text, { jsx: program.jsx, js: program.js });
      rejected += result.rejected.length;
      for (const crash of result.crashes) crashes.push(`program ${index} (${program.origin}), ${crash.parser} ${crash.rule}: ${crash.message}`);
    }
    expect(crashes).toEqual([]);
    // Most programs must reach the rules: a generator whose output stopped parsing would test nothing.
    expect(rejected).toBeLessThan(SLICE / 5);
  }, 120_000);
});

const regressions = path.join(root, 'test/fuzz/regressions');
const saved = readdirSync(regressions).filter((name) => /\.[jt]sx?$/.test(name));

describe.each(saved)('fuzz regression %s', (name) => {
  it('throws in no rule', () => {
    const text = readFileSync(path.join(regressions, name), 'utf8');
    // A crash found under espree was saved as JavaScript; TypeScript ones replay under both parsers.
    const javascript = /\.jsx?$/.test(name);
    const parsers: ParserName[] = javascript ? ['espree'] : ['typescript', 'espree'];
    const result = check(text, { jsx: name.endsWith('x'), js: javascript ? text : null, parsers });
    expect(result.crashes.map((crash) => `${crash.parser} ${crash.rule}: ${crash.message}`)).toEqual([]);
    expect(result.rejected).toEqual([]);
  });
});
