// The shared fixture corpus is the spec: every `// expect:` is reported and nothing else.
import { expect, it } from 'vitest';
import plugin from '../eslint-plugin/src/index';
import { lintText, type PresetName } from './lint';
import { describeWithFixtures, fixtureFiles } from './shared-fixtures';

const implemented = new Set(Object.keys(plugin.rules));

function expectations(code: string): string[] {
  const expected: string[] = [];
  code.split('\n').forEach((line, index) => {
    const match = /\/\/ expect: (.+)$/.exec(line);
    for (const rule of match?.[1]?.split(',') ?? []) expected.push(`${index + 1}:${rule.trim()}`);
  });
  return expected.sort();
}

for (const preset of ['recommended', 'strict'] as Array<Exclude<PresetName, 'all'>>) {
  describeWithFixtures(`fixtures/${preset}`, () => {
    for (const { name: file, text: code } of fixtureFiles(preset)) {
      it(file, () => {
        const expected = expectations(code);
        // A misspelt rule in a fixture, or one the plugin lacks, fails here rather than passing unseen.
        expect(expected.filter((entry) => !implemented.has(entry.split(':')[1]!))).toEqual([]);
        const actual = lintText(code, preset, file).map((finding) => `${finding.line}:${finding.rule}`).sort();
        expect(actual).toEqual(expected);
      });
    }
  });
}
