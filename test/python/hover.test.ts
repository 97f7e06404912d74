import { beforeAll, describe, expect, it } from 'vitest';
import { CARD_SOURCES, CardBook } from '../../extension/src/core/cards';
import { prepare, pythonHoverAt } from '../../python/src';
import { py } from './helpers';

const book = new CardBook(CARD_SOURCES);
const CODE = py`
  import asyncio
  from asyncio import Semaphore

  pool = Semaphore(3)

  class Jobs:
      def __init__(self):
          self.lock = asyncio.Lock()
          self.q = asyncio.Queue()
          self.cond = asyncio.Condition()

      async def run(self, items):
          async with self.lock:
              await self.cond.wait()
          pool.release()
          await self.q.join()
          await asyncio.gather(*[self.q.put(i) for i in items])
`;

/** The hover at the first occurrence of `word` after `after` (both searched in CODE). */
function at(word: string, after = ''): ReturnType<typeof pythonHoverAt> {
  const offset = CODE.indexOf(word, after ? CODE.indexOf(after) : 0);
  return pythonHoverAt(CODE, offset + 1);
}

describe('Python hovers', () => {
  beforeAll(prepare);

  it('find the asyncio primitive under the cursor: class, variable, attribute and method', () => {
    expect(at('Lock')).toEqual({ card: 'lock', note: 'asyncio-lock', range: [CODE.indexOf('Lock'), CODE.indexOf('Lock') + 4] });
    expect(at('Semaphore', 'pool =')).toMatchObject({ card: 'semaphore', note: 'asyncio-semaphore' });
    expect(at('lock', 'async with')).toMatchObject({ card: 'lock', note: 'asyncio-lock' });
    expect(at('wait', 'self.cond.')).toMatchObject({ card: 'condition', note: 'asyncio-condition.wait' });
    expect(at('release', 'pool.')).toMatchObject({ card: 'bounded-semaphore', note: 'asyncio-semaphore.release' });
    expect(at('join', 'self.q.')).toMatchObject({ card: 'queue', note: 'asyncio-queue.join' });
    expect(at('gather')).toMatchObject({ card: 'fan-out', note: 'asyncio-gather' });
  });

  it('return nothing off the primitives', () => {
    expect(at('items')).toBeNull();
    expect(at('Jobs')).toBeNull();
  });

  it('name only notes the cards have (a method without one falls back to its class note)', () => {
    for (const word of ['Lock', 'lock', 'wait', 'release', 'join', 'gather', 'Queue', 'Condition', 'Semaphore']) {
      const target = at(word);
      if (!target?.note) continue;
      expect(book.note(target.note) ?? book.note(target.note.split('.')[0]!), target.note).not.toBeNull();
    }
  });
});
