import { describe, expect, it } from 'vitest';
import { applyEdits, loadPythonChecker } from '../../python/src';
import { py } from './helpers';

describe('the editor contract', () => {
  it('checks text with settings synchronously after one load, with ranges, docs URLs and suggestion edits', async () => {
    const checker = await loadPythonChecker();
    const code = py`
      import asyncio
      lock = asyncio.Lock()

      async def f():
          lock.acquire()
    `;
    const [problem, ...rest] = checker.check(code, { preset: 'recommended' });
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({
      ruleId: 'no-unawaited-acquire',
      range: { start: code.indexOf('lock.acquire'), end: code.indexOf('lock.acquire') + 'lock.acquire()'.length },
      docsUrl: 'https://github.com/interleave-dev/interleave/blob/main/rules-docs/python/no-unawaited-acquire.md',
    });
    expect(applyEdits(code, problem!.suggestions[0]!.edits)).toContain('    await lock.acquire()');
    expect(checker.check(code, { rules: { 'no-unawaited-acquire': false } })).toEqual([]);
    expect(checker.hover(code, code.indexOf('acquire') + 1, {})).toMatchObject({ card: 'lock', note: 'asyncio-lock.acquire' });
  });
});
