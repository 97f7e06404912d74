import rule from '../../eslint-plugin/src/rules/no-unawaited-acquire';
import { MUTEX_IMPORT, ruleTester } from '../rule-tester';

ruleTester().run('no-unawaited-acquire', rule, {
  valid: [
    // awaited, returned, chained, passed on
    `${MUTEX_IMPORT}const m = new Mutex(); async function f() { const release = await m.acquire(); release(); }`,
    `${MUTEX_IMPORT}const m = new Mutex(); function f() { return m.acquire(); }`,
    `${MUTEX_IMPORT}const m = new Mutex(); const f = () => m.acquire();`,
    `${MUTEX_IMPORT}const m = new Mutex(); function f() { return m.acquire().then((release) => release()); }`,
    `${MUTEX_IMPORT}const m = new Mutex(); async function f() { await Promise.all([m.acquire()]); }`,
    // kept and awaited later
    `${MUTEX_IMPORT}const m = new Mutex(); async function f() { const pending = m.acquire(); prepare(); const release = await pending; release(); }`,
    // not a lock: an unrelated acquire()
    `const pool = { acquire() { return 1; } }; function f() { pool.acquire(); }`,
    // async-lock's callback form holds the lock for the callback
    `import AsyncLock from 'async-lock'; const lock = new AsyncLock(); function f() { lock.acquire('k', () => work()); }`,
    // runExclusive is not an acquire
    `${MUTEX_IMPORT}const m = new Mutex(); function f() { void m.runExclusive(() => work()); }`,
    // a promise variable assigned from its own chain: its later await is what counts (these once recursed without end)
    `${MUTEX_IMPORT}const m = new Mutex(); async function f() { let p = m.acquire(); p = p.finally(() => undefined); await p; }`,
    `${MUTEX_IMPORT}let pending; declare const other: Promise<unknown>; const m = new Mutex(); async function f() { pending = m.acquire(); pending = pending || other; await pending; }`,
    `${MUTEX_IMPORT}const m = new Mutex(); async function f() { let a = m.acquire(); let b = a; a = b.then((r) => r); b = a; await b; }`,
  ],
  invalid: [
    {
      // reassigned from its own chain and never awaited: still dropped
      code: `${MUTEX_IMPORT}const m = new Mutex();\nasync function f() {\n  let p = m.acquire();\n  p = p.finally(() => undefined);\n  work();\n}`,
      errors: [
        {
          messageId: 'unawaitedAcquire',
          data: { call: 'm.acquire()', next: 'the code on line 5', lock: '`Mutex`' },
          line: 4,
          column: 11,
          endLine: 4,
          endColumn: 22,
          suggestions: [
            {
              messageId: 'addAwait',
              data: { call: 'm.acquire()' },
              output: `${MUTEX_IMPORT}const m = new Mutex();\nasync function f() {\n  let p = await m.acquire();\n  p = p.finally(() => undefined);\n  work();\n}`,
            },
          ],
        },
      ],
    },
    {
      // a lock class of the project is named as it was written, not as the generic `Lock`
      code: `import { TopicLock } from './topic-lock';\nconst lock = new TopicLock();\nasync function f() {\n  lock.acquire();\n  work();\n}`,
      errors: [
        {
          messageId: 'unawaitedAcquire',
          data: { call: 'lock.acquire()', next: 'the code on line 5', lock: '`TopicLock`' },
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 17,
          suggestions: [
            {
              messageId: 'addAwait',
              data: { call: 'lock.acquire()' },
              output: `import { TopicLock } from './topic-lock';\nconst lock = new TopicLock();\nasync function f() {\n  await lock.acquire();\n  work();\n}`,
            },
          ],
        },
      ],
    },
    {
      code: `${MUTEX_IMPORT}const m = new Mutex();\nasync function f() {\n  m.acquire();\n  work();\n}`,
      errors: [
        {
          messageId: 'unawaitedAcquire', data: { call: 'm.acquire()', next: 'the code on line 5', lock: '`Mutex`' }, endLine: 4,
          line: 4,
          column: 3,
          endColumn: 14,
          suggestions: [
            { messageId: 'addAwait', data: { call: 'm.acquire()' }, output: `${MUTEX_IMPORT}const m = new Mutex();\nasync function f() {\n  await m.acquire();\n  work();\n}` },
          ],
        },
      ],
    },
    {
      code: `${MUTEX_IMPORT}const s = new Semaphore(2);\nasync function f() {\n  void s.acquire();\n}`,
      errors: [
        {
          messageId: 'unawaitedAcquire', data: { call: 's.acquire()', next: 'the code after it', lock: '`Semaphore`' }, endLine: 4, endColumn: 19,
          line: 4,
          column: 8,
          suggestions: [{ messageId: 'addAwait', data: { call: 's.acquire()' }, output: `${MUTEX_IMPORT}const s = new Semaphore(2);\nasync function f() {\n  await s.acquire();\n}` }],
        },
      ],
    },
    {
      // kept in a variable that is never awaited (typescript-eslint's no-floating-promises misses this)
      code: `${MUTEX_IMPORT}const m = new Mutex();\nasync function f() {\n  const r = m.acquire();\n  if (r) work();\n}`,
      errors: [
        {
          messageId: 'unawaitedAcquire', data: { call: 'm.acquire()', next: 'the code on line 5', lock: '`Mutex`' }, column: 13, endLine: 4, endColumn: 24,
          line: 4,
          suggestions: [{ messageId: 'addAwait', data: { call: 'm.acquire()' }, output: `${MUTEX_IMPORT}const m = new Mutex();\nasync function f() {\n  const r = await m.acquire();\n  if (r) work();\n}` }],
        },
      ],
    },
    {
      // not async: no await suggestion
      code: `import AwaitLock from 'await-lock';\nconst lock = new AwaitLock();\nfunction f() {\n  lock.acquireAsync();\n}`,
      errors: [{ messageId: 'unawaitedAcquire', data: { call: 'lock.acquireAsync()', next: 'the code after it', lock: '`AwaitLock`' }, column: 3, endLine: 4, endColumn: 22, line: 4, suggestions: [] }],
    },
    {
      code: `${MUTEX_IMPORT}class C {\n  #m = new Mutex();\n  async f() {\n    this.#m.waitForUnlock();\n  }\n}`,
      errors: [
        {
          messageId: 'unawaitedWait', data: { call: 'this.#m.waitForUnlock()', next: 'the code after it', lock: '`Mutex`' }, column: 5, endLine: 5, endColumn: 28,
          line: 5,
          suggestions: [{ messageId: 'addAwait', data: { call: 'this.#m.waitForUnlock()' }, output: `${MUTEX_IMPORT}class C {\n  #m = new Mutex();\n  async f() {\n    await this.#m.waitForUnlock();\n  }\n}` }],
        },
      ],
    },
  ],
});
