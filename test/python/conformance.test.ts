import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintText, RULE_IDS, type PresetName } from '../../python/src';

const fixtures = path.resolve(__dirname, '../../../shared/fixtures/python');
const EXPECT = /#\s*expect:\s*([a-z-]+(?:\s*,\s*[a-z-]+)*)\s*$/;

/** The (line, rule id) pairs a fixture expects, one entry per id (an id may repeat on a line). */
function expectations(text: string): string[] {
  const pairs: string[] = [];
  text.split('\n').forEach((line, index) => {
    if (/^\s*#/.test(line)) return;
    const match = EXPECT.exec(line);
    if (match) for (const id of match[1]!.split(',')) pairs.push(`${index + 1}:${id.trim()}`);
  });
  return pairs.sort();
}

describe.skipIf(!existsSync(fixtures))('Python conformance over ../shared/fixtures/python (skipped: ../shared is absent)', () => {
  for (const preset of ['recommended', 'strict'] as PresetName[]) {
    const folder = path.join(fixtures, preset);
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.py')).sort()) {
      it(`${preset}/${file}`, async () => {
        const text = readFileSync(path.join(folder, file), 'utf8');
        const expected = expectations(text);
        for (const pair of expected) expect(RULE_IDS, `unknown rule id in ${pair}`).toContain(pair.split(':')[1]);
        const problems = await lintText(text, { preset });
        const actual = problems.map((problem) => `${problem.line}:${problem.ruleId}`).sort();
        expect(actual).toEqual(expected);
      });
    }
  }
});
