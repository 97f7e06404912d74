import { describe, expect, it } from 'vitest';
import { PRIMITIVE_IDS } from '../../extension/src/core/primitives';
import { planPythonInsertion } from '../../extension/src/core/python-primitives';
import { lintText } from '../../python/src';
import { py } from './helpers';

/** The file after the plan's edits and its snippet, tab stops replaced by their defaults. */
function inserted(text: string, offset: number, id: (typeof PRIMITIVE_IDS)[number]): string {
  const plan = planPythonInsertion(id, text, offset);
  const snippet = plan.snippet.body.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$0/g, 'pass');
  const edits = [...plan.edits.map((edit) => ({ start: edit.range[0], end: edit.range[1], text: edit.text })), { start: plan.snippet.offset, end: plan.snippet.offset, text: snippet }];
  let result = text;
  for (const edit of edits.sort((a, b) => b.start - a.start)) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}

describe('Choose a primitive in Python files', () => {
  const inCoroutine = py`
    """Jobs."""
    import json

    lock = None


    async def handle(job):
        data = json.loads(job)
        
  `;
  const offset = inCoroutine.length - 1;

  it('puts the usage at the cursor and the primitive at module level, importing asyncio', () => {
    expect(inserted(inCoroutine, offset, 'lock')).toBe(py`
      """Jobs."""
      import asyncio
      import json

      lock2 = asyncio.Lock()

      lock = None


      async def handle(job):
          data = json.loads(job)
          async with lock2:
              pass
    `);
  });

  it.each(PRIMITIVE_IDS)('%s: inserts Python that parses, in a coroutine and at module level', async (id) => {
    for (const result of [inserted(inCoroutine, offset, id), inserted('import asyncio\n\n', 16, id)]) {
      const problems = await lintText(result, { preset: 'strict' });
      expect(problems.filter((problem) => problem.fatal), result).toEqual([]);
      expect(result).toMatch(/asyncio\.(Lock|Semaphore|BoundedSemaphore|Event|Queue|Condition)\b/);
      expect(result.match(/^import asyncio$/gm)).toHaveLength(1);
    }
  });
});
