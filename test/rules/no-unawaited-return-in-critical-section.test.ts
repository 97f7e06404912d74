import rule from '../../eslint-plugin/src/rules/no-unawaited-return-in-critical-section';
import { MUTEX_IMPORT, ruleTester } from '../rule-tester';

// Lines 1–3: the import, the lock and an async function the code under test calls.
const HEAD = `${MUTEX_IMPORT}const lock = new Mutex();\nasync function save(value: number): Promise<void> {}\n`;

ruleTester().run('no-unawaited-return-in-critical-section', rule, {
  valid: [
    // The promise is awaited before the finally releases.
    `${HEAD}async function f(n: number) {\n  const release = await lock.acquire();\n  try {\n    return await save(n);\n  } finally {\n    release();\n  }\n}`,
    // A value that is not a promise, as far as the file shows.
    `${HEAD}async function f(cache: Map<string, number>) {\n  const release = await lock.acquire();\n  try {\n    return cache.get('a');\n  } finally {\n    release();\n  }\n}`,
    // A callback section that returns the promise keeps the lock until it settles.
    `${HEAD}async function f(n: number) {\n  return lock.runExclusive(() => save(n));\n}`,
    `${HEAD}async function f(n: number) {\n  return lock.runExclusive(async () => {\n    return save(n);\n  });\n}`,
    // Released before the return: the lock does not cover it, another rule's business.
    `${HEAD}async function f(n: number) {\n  const release = await lock.acquire();\n  release();\n  return save(n);\n}`,
    // Deliberately detached work in a section, and a promise stored for later.
    `${HEAD}async function f(n: number) {\n  await lock.runExclusive(async () => {\n    void save(n);\n    const pending = save(n);\n    await pending;\n  });\n}`,
    // A semaphore of several permits does not exclude.
    `${MUTEX_IMPORT}const pool = new Semaphore(4);\nasync function save(value: number): Promise<void> {}\nasync function f(n: number) {\n  const [, release] = await pool.acquire();\n  try {\n    return save(n);\n  } finally {\n    release();\n  }\n}`,
  ],
  invalid: [
    {
      // A promise returned from a try whose finally releases: the lock is back before the work runs.
      code: `${HEAD}async function f(n: number) {\n  const release = await lock.acquire();\n  try {\n    return save(n);\n  } finally {\n    release();\n  }\n}`,
      errors: [
        {
          messageId: 'returnedBeforeRelease',
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 20,
          data: { expression: 'save(n)', line: 9, lock: '`lock`' },
          suggestions: [
            {
              messageId: 'returnAwait',
              data: { expression: 'save(n)' },
              output: `${HEAD}async function f(n: number) {\n  const release = await lock.acquire();\n  try {\n    return await save(n);\n  } finally {\n    release();\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      // The same with a lock known by its shape, and a callee the file awaits elsewhere.
      code: `class Store {\n  async put(key: string) {\n    await this.rw.write.lock();\n    try {\n      return this.db.put(key);\n    } finally {\n      this.rw.write.unlock();\n    }\n  }\n  async get(key: string) {\n    return await this.db.put(key);\n  }\n}`,
      errors: [
        {
          messageId: 'returnedBeforeRelease',
          line: 5,
          column: 7,
          endLine: 5,
          endColumn: 31,
          data: { expression: 'this.db.put(key)', line: 7, lock: '`this.rw.write`' },
          suggestions: [
            {
              messageId: 'returnAwait',
              data: { expression: 'this.db.put(key)' },
              output: `class Store {\n  async put(key: string) {\n    await this.rw.write.lock();\n    try {\n      return await this.db.put(key);\n    } finally {\n      this.rw.write.unlock();\n    }\n  }\n  async get(key: string) {\n    return await this.db.put(key);\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      // A lock callback whose result is not the work's promise: async and plain.
      code: `${HEAD}async function f(n: number) {\n  await lock.runExclusive(async () => {\n    save(n);\n  });\n  await lock.runExclusive(() => {\n    save(n);\n  });\n}`,
      errors: [
        {
          messageId: 'floatingInSection',
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 12,
          data: { expression: 'save(n)', lock: '`lock`', line: 5 },
          suggestions: [
            {
              messageId: 'awaitIt',
              data: { expression: 'save(n)' },
              output: `${HEAD}async function f(n: number) {\n  await lock.runExclusive(async () => {\n    await save(n);\n  });\n  await lock.runExclusive(() => {\n    save(n);\n  });\n}`,
            },
          ],
        },
        {
          messageId: 'floatingInSection',
          line: 9,
          column: 5,
          endLine: 9,
          endColumn: 12,
          data: { expression: 'save(n)', lock: '`lock`', line: 8 },
          suggestions: [
            {
              messageId: 'returnIt',
              data: { expression: 'save(n)' },
              output: `${HEAD}async function f(n: number) {\n  await lock.runExclusive(async () => {\n    save(n);\n  });\n  await lock.runExclusive(() => {\n    return save(n);\n  });\n}`,
            },
          ],
        },
      ],
    },
  ],
});
