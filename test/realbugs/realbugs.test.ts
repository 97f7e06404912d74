// A slice of the real-bug benchmark that runs in `npm test`: the case list is well-formed, and a
// few dev cases keep the outcome they had when they were added (the plugin from source). The
// packages come from the npm registry (cached under .cache): without it, the slice is skipped.
import { describe, expect, it } from 'vitest';
import plugin from '../../eslint-plugin/src/index';
import type { PluginLike } from '../corpus/check-file';
import { loadCases, splitOf, validateCases, type RealBugCase } from './cases';
import { createCheckers, evaluateCase, fetchCaseFiles } from './evaluate';

const cases = loadCases();

describe('the case list', () => {
  it('is well-formed, with the split derived from each id', () => {
    expect(validateCases(cases)).toEqual([]);
  });

  it('derives the split from the id alone', () => {
    expect(splitOf('stitch-sdk-connect-twice')).toBe('dev');
    expect(validateCases([{ ...byId('stitch-sdk-connect-twice'), split: 'held-out' }])).toEqual([
      'stitch-sdk-connect-twice: the split must be `dev` (derived from the id).',
    ]);
  });

  it('rejects a case from a repository kept for the independent check', () => {
    const kept = { ...byId('stitch-sdk-connect-twice'), link: 'https://github.com/vercel/swr/pull/1' };
    expect(validateCases([kept])).toEqual(['stitch-sdk-connect-twice: vercel/swr is kept for an independent check.']);
  });
});

/** Dev cases whose outcome is pinned: strict catches each at its line and is quiet at the fix. */
const PINNED = ['stitch-sdk-connect-twice', 'mastra-mcp-connect-twice', 'livekit-set-processor-in-progress', 'typeorm-cache-store-runner-leak'];

describe('dev cases', () => {
  const checkers = createCheckers(plugin as unknown as PluginLike);
  for (const id of PINNED) {
    it(`${id}: strict reports it at the buggy line and not at the fix`, async (context) => {
      const entry = byId(id);
      expect(entry.split).toBe('dev');
      let files: { buggy: string; fixed: string };
      try {
        files = await fetchCaseFiles(entry);
      } catch (error) {
        context.skip(`npm registry unreachable: ${String((error as Error).message).split('\n')[0]}`);
        return;
      }
      const outcome = evaluateCase(entry, files, checkers);
      expect(outcome.errors).toEqual([]);
      expect(outcome.strict).toBe(true);
      expect(outcome.leftInFixed).toBe(0);
    }, 120_000);
  }
});

function byId(id: string): RealBugCase {
  const entry = cases.find((candidate) => candidate.id === id);
  if (!entry) throw new Error(`No case ${id} in cases.json`);
  return entry;
}
