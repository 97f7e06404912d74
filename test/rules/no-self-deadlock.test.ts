import rule from '../../eslint-plugin/src/rules/no-self-deadlock';
import { MUTEX_IMPORT, ruleTester } from '../rule-tester';

// Line 1: the import; line 2: the lock; code under test starts on line 3.
const mutex = `${MUTEX_IMPORT}const lock = new Mutex();\n`;
const MUTEX = 'async-mutex `Mutex`';
const WEB = { action: 'takes', call: 'navigator.locks.request(…)', lock: "the Web Lock `'cart'`", where: '', library: 'Web Locks `navigator.locks`' };

// A helper that takes the lock as its first argument (lines 2–9).
const withLockHelper = `${MUTEX_IMPORT}async function withLock<T>(mutex: Mutex, fn: () => Promise<T>): Promise<T> {\n  const release = await mutex.acquire();\n  try {\n    return await fn();\n  } finally {\n    release();\n  }\n}\n`;

ruleTester().run('no-self-deadlock', rule, {
  valid: [
    // Two different locks nested: no self-deadlock (lock order is another rule).
    `${mutex}const other = new Mutex();\nasync function f() { await lock.runExclusive(async () => { await other.runExclusive(async () => {}); }); }`,
    // Sequential, not nested.
    `${mutex}async function f() { await lock.runExclusive(async () => {}); await lock.runExclusive(async () => {}); }`,
    // A span released before the next acquire.
    `${mutex}async function f() { const release = await lock.acquire(); try { work(); } finally { release(); } await lock.runExclusive(async () => {}); }`,
    // A timer callback runs later, after the section has released the lock.
    `${mutex}async function f() { await lock.runExclusive(async () => { setTimeout(async () => { await lock.runExclusive(async () => {}); }, 10); }); }`,
    // Fire and forget: the section does not wait for the inner request, so it finishes and releases first.
    `${mutex}async function f() { await lock.runExclusive(async () => { void lock.runExclusive(async () => {}); }); }`,
    `${mutex}async function bump() { await lock.runExclusive(async () => {}); }\nasync function f() { await lock.runExclusive(async () => { bump(); }); }`,
    // A promise kept in a variable and awaited only in a timer callback, after the section ends.
    `${mutex}async function f() { await lock.runExclusive(async () => { const p = lock.runExclusive(async () => {}); setTimeout(async () => { await p; }, 0); }); }`,
    // Waiting for one free permit of several is not a deadlock.
    `${MUTEX_IMPORT}const pool = new Semaphore(3);\nasync function f() { await pool.runExclusive(async () => { await pool.waitForUnlock(); }); }`,
    // A callback that nothing awaits (forEach drops the promises).
    `${mutex}async function f(items: string[]) { await lock.runExclusive(async () => { items.forEach(async () => { await lock.runExclusive(async () => {}); }); }); }`,
    // A span whose finally releases before the returned promise is awaited by the caller.
    `${mutex}async function f() { const release = await lock.acquire(); try { return lock.runExclusive(async () => {}); } finally { release(); } }`,
    // tryAcquire fails at once instead of waiting.
    `import { Mutex, tryAcquire } from 'async-mutex';\nconst lock = new Mutex();\nasync function f() { await lock.runExclusive(async () => { await tryAcquire(lock).runExclusive(async () => {}); }); }`,
    // async-lock: different keys, and keys that are different variables in different functions.
    `import AsyncLock from 'async-lock';\nconst keyed = new AsyncLock();\nasync function f() { await keyed.acquire('a', async () => { await keyed.acquire('b', async () => {}); }); }`,
    `import AsyncLock from 'async-lock';\nconst keyed = new AsyncLock();\nasync function inner(key: string) { await keyed.acquire(key, async () => {}); }\nasync function f(key: string, other: string) { await keyed.acquire(key, async () => { await inner(other); }); }`,
    // async-lock with domainReentrant lets the holder re-enter its key.
    `import AsyncLock from 'async-lock';\nconst keyed = new AsyncLock({ domainReentrant: true });\nasync function f(key: string) { await keyed.acquire(key, async () => { await keyed.acquire(key, async () => {}); }); }`,
    // Web Locks: shared inside shared coexist; different names; ifAvailable never queues.
    `async function f() { await navigator.locks.request('cache', { mode: 'shared' }, async () => { await navigator.locks.request('cache', { mode: 'shared' }, async () => {}); }); }`,
    `async function f() { await navigator.locks.request('a', async () => { await navigator.locks.request('b', async () => {}); }); }`,
    `async function f() { await navigator.locks.request('a', async () => { await navigator.locks.request('a', { ifAvailable: true }, async (held) => held); }); }`,
    // A p-queue without a concurrency bound never makes a task wait.
    `import PQueue from 'p-queue';\nconst queue = new PQueue();\nasync function f() { await queue.add(async () => { await queue.add(async () => {}); }); }`,
    // A lock made per call: the recursive call has its own lock.
    `${MUTEX_IMPORT}async function f(n: number): Promise<void> { const own = new Mutex(); await own.runExclusive(async () => { if (n > 0) await f(n - 1); }); }`,
    // Two instances of a class: calls on another object are not followed.
    `${MUTEX_IMPORT}class Node { lock = new Mutex(); next?: Node; async visit(): Promise<void> { await this.lock.runExclusive(async () => { await this.next?.visit(); }); } }`,
    // One helper, two locks: the lock is the argument at each call, not the helper's parameter.
    `${withLockHelper}class Store {\n  a = new Mutex();\n  b = new Mutex();\n  async one() {\n    await withLock(this.a, async () => {\n      await withLock(this.b, async () => {});\n    });\n  }\n  async two() {\n    await withLock(this.a, () => this.three());\n  }\n  async three() {\n    await withLock(this.b, async () => {});\n  }\n}`,
    // Released before the call on every path that reaches it: not held there.
    `${mutex}async function load() { await lock.runExclusive(async () => {}); }\nasync function f(cached: boolean) {\n  const release = await lock.acquire();\n  if (cached) {\n    release();\n    return await load();\n  }\n  try { await work(); } finally { release(); }\n}`,
  ],
  invalid: [
    {
      // The same lock passed twice through the helper.
      code: `${withLockHelper}const shared = new Mutex();\nasync function f() {\n  await withLock(shared, async () => {\n    await withLock(shared, async () => {});\n  });\n}`,
      errors: [{ messageId: 'reentry', line: 13, column: 11, endLine: 13, endColumn: 43, data: { action: 'takes', call: 'withLock(…)', lock: '`shared`', where: '', outer: 12, library: MUTEX } }],
    },
    {
      // A release on one branch only: the other branch still holds the lock at the call.
      code: `${mutex}async function load() { await lock.runExclusive(async () => {}); }\nasync function f(cached: boolean) {\n  const release = await lock.acquire();\n  if (cached) release();\n  await load();\n  release();\n}`,
      errors: [{ messageId: 'reentry', line: 7, column: 9, endLine: 7, endColumn: 15, data: { action: 'takes', call: 'load()', lock: '`lock`', where: ' on line 3', outer: 5, library: MUTEX } }],
    },
    {
      // Directly nested; the report names the outer section's line.
      code: `${mutex}async function f() {\n  await lock.runExclusive(async () => {\n    await lock.runExclusive(async () => {});\n  });\n}`,
      errors: [
        {
          messageId: 'reentry',
          line: 5,
          column: 11,
          endLine: 5,
          endColumn: 44,
          data: { action: 'takes', call: 'lock.runExclusive(…)', lock: '`lock`', where: '', outer: 4, library: MUTEX },
        },
      ],
    },
    {
      // Through a function of the module; reported on the call inside the section.
      code: `${mutex}async function bump() {\n  await lock.runExclusive(async () => {});\n}\nasync function f() {\n  await lock.runExclusive(async () => {\n    await bump();\n  });\n}`,
      errors: [{ messageId: 'reentry', endLine: 8, endColumn: 17, line: 8, column: 11, data: { action: 'takes', call: 'bump()', lock: '`lock`', where: ' on line 4', outer: 7, library: MUTEX } }],
    },
    {
      // Through methods on the same instance, transitively, with a private field lock.
      code: `${MUTEX_IMPORT}class Store {\n  #lock = new Mutex();\n  async save() {\n    await this.#lock.runExclusive(async () => {\n      await this.flush();\n    });\n  }\n  private async flush() {\n    return this.write();\n  }\n  private write = async () => {\n    const release = await this.#lock.acquire();\n    release();\n  };\n}`,
      errors: [{ messageId: 'reentry', endLine: 6, endColumn: 25, line: 6, column: 13, data: { action: 'takes', call: 'this.flush()', lock: '`this.#lock`', where: ' on line 13', outer: 5, library: MUTEX } }],
    },
    {
      // Recursion: the function calls itself while holding its lock.
      code: `${mutex}async function walk(n: number): Promise<void> {\n  await lock.runExclusive(async () => {\n    if (n > 0) await walk(n - 1);\n  });\n}`,
      errors: [{ messageId: 'reentry', endLine: 5, endColumn: 33, line: 5, column: 22, data: { action: 'takes', call: 'walk(…)', lock: '`lock`', where: ' on line 4', outer: 4, library: MUTEX } }],
    },
    {
      // An acquire/release span, an inner span, waitForUnlock, and a callback returning the request.
      code: `${mutex}async function f() {\n  const release = await lock.acquire();\n  try {\n    const again = await lock.acquire();\n    again();\n    await lock.waitForUnlock();\n    await lock.runExclusive(() => lock.runExclusive(() => 1));\n  } finally {\n    release();\n  }\n}`,
      errors: [
        { messageId: 'reentry', endLine: 6, endColumn: 39, line: 6, column: 25, data: { action: 'takes', call: 'lock.acquire()', lock: '`lock`', where: '', outer: 4, library: MUTEX } },
        { messageId: 'reentry', endLine: 8, endColumn: 31, line: 8, column: 11, data: { action: 'waits for', call: 'lock.waitForUnlock()', lock: '`lock`', where: '', outer: 4, library: MUTEX } },
        { messageId: 'reentry', endLine: 9, endColumn: 62, line: 9, column: 11, data: { action: 'takes', call: 'lock.runExclusive(…)', lock: '`lock`', where: '', outer: 4, library: MUTEX } },
        { messageId: 'reentry', endLine: 9, endColumn: 61, line: 9, column: 35, data: { action: 'takes', call: 'lock.runExclusive(…)', lock: '`lock`', where: '', outer: 9, library: MUTEX } },
      ],
    },
    {
      // Tasks the section waits for through Promise.all, and a promise kept in a variable and awaited.
      code: `${mutex}async function f(ids: string[]) {\n  await lock.runExclusive(async () => {\n    await Promise.all(ids.map(async () => {\n      await lock.runExclusive(async () => {});\n    }));\n    const pending = lock.runExclusive(async () => {});\n    await pending;\n  });\n}`,
      errors: [
        { messageId: 'reentry', endLine: 6, endColumn: 46, line: 6, column: 13, data: { action: 'takes', call: 'lock.runExclusive(…)', lock: '`lock`', where: '', outer: 4, library: MUTEX } },
        { messageId: 'reentry', endLine: 8, endColumn: 54, line: 8, column: 21, data: { action: 'takes', call: 'lock.runExclusive(…)', lock: '`lock`', where: '', outer: 4, library: MUTEX } },
      ],
    },
    {
      // await-lock.
      code: `import AwaitLock from 'await-lock';\nconst lock = new AwaitLock();\nasync function f() {\n  await lock.acquireAsync();\n  try {\n    await lock.acquireAsync();\n  } finally {\n    lock.release();\n  }\n}`,
      errors: [{ messageId: 'reentry', endLine: 6, endColumn: 30, line: 6, column: 11, data: { action: 'takes', call: 'lock.acquireAsync()', lock: '`lock`', where: '', outer: 4, library: 'await-lock `AwaitLock`' } }],
    },
    {
      // async-sema: one permit excludes; with several, the permits run out.
      code: `import { Sema } from 'async-sema';\nconst one = new Sema(1);\nconst pool = new Sema(3);\nasync function f() {\n  await one.acquire();\n  await one.acquire();\n  one.release();\n  one.release();\n  await pool.acquire();\n  await pool.acquire();\n  pool.release();\n  pool.release();\n}`,
      errors: [
        { messageId: 'reentry', column: 9, endLine: 6, endColumn: 22, line: 6, data: { action: 'takes', call: 'one.acquire()', lock: '`one`', where: '', outer: 5, library: 'async-sema `Sema`' } },
        { messageId: 'permitExhaustion', column: 9, endLine: 10, endColumn: 23, line: 10, data: { action: 'takes', call: 'pool.acquire()', lock: '`pool`', where: '', outer: 9 } },
      ],
    },
    {
      // async-lock with the same key (the same variable), and inside a multi-key section.
      code: `import AsyncLock from 'async-lock';\nconst keyed = new AsyncLock();\nasync function f(key: string) {\n  await keyed.acquire(key, async () => {\n    await keyed.acquire(key, async () => {});\n  });\n  await keyed.acquire(['a', 'b'], async () => {\n    await keyed.acquire('b', async () => {});\n  });\n}`,
      errors: [
        { messageId: 'reentry', column: 11, endLine: 5, endColumn: 45, line: 5, data: { action: 'takes', call: 'keyed.acquire(…)', lock: '`keyed` key `key`', where: '', outer: 4, library: 'async-lock `AsyncLock`' } },
        { messageId: 'reentry', column: 11, endLine: 8, endColumn: 45, line: 8, data: { action: 'takes', call: 'keyed.acquire(…)', lock: "`keyed` key `'b'`", where: '', outer: 7, library: 'async-lock `AsyncLock`' } },
      ],
    },
    {
      // Web Locks of the same name: nested, returned from the callback, exclusive inside shared.
      code: `async function f() {\n  await navigator.locks.request('cart', async () => {\n    await navigator.locks.request('cart', async () => {});\n  });\n  await navigator.locks.request('cart', () => navigator.locks.request('cart', () => 1));\n  await navigator.locks.request('cart', { mode: 'shared' }, async () => {\n    await navigator.locks.request('cart', async () => {});\n  });\n}`,
      errors: [
        { messageId: 'reentry', endLine: 3, endColumn: 58, line: 3, column: 11, data: { ...WEB, outer: 2 } },
        { messageId: 'reentry', endLine: 5, endColumn: 87, line: 5, column: 47, data: { ...WEB, outer: 5 } },
        { messageId: 'reentry', endLine: 7, endColumn: 58, line: 7, column: 11, data: { ...WEB, outer: 6 } },
      ],
    },
    {
      // A p-limit limiter called from inside one of its own tasks, directly and through a helper.
      code: `import pLimit from 'p-limit';\nconst limit = pLimit(2);\nconst task = () => limit(async () => 1);\nasync function f() {\n  await limit(async () => {\n    await limit(async () => 2);\n    return task();\n  });\n}`,
      errors: [
        { messageId: 'permitExhaustion', endLine: 6, endColumn: 31, line: 6, column: 11, data: { action: 'takes', call: 'limit(…)', lock: '`limit`', where: '', outer: 5 } },
        { messageId: 'permitExhaustion', endLine: 7, endColumn: 18, line: 7, column: 12, data: { action: 'takes', call: 'task()', lock: '`limit`', where: ' on line 3', outer: 5 } },
      ],
    },
    {
      // A semaphore with one permit is a mutex; a PQueue with a bound is a limiter.
      code: `${MUTEX_IMPORT}import PQueue from 'p-queue';\nconst one = new Semaphore(1);\nconst queue = new PQueue({ concurrency: 2 });\nasync function f() {\n  await one.runExclusive(async () => {\n    await one.runExclusive(async () => {});\n  });\n  await queue.add(async () => {\n    await queue.add(async () => {});\n  });\n}`,
      errors: [
        { messageId: 'reentry', column: 11, endLine: 7, endColumn: 43, line: 7, data: { action: 'takes', call: 'one.runExclusive(…)', lock: '`one`', where: '', outer: 6, library: 'async-mutex `Semaphore`' } },
        { messageId: 'permitExhaustion', column: 11, endLine: 10, endColumn: 36, line: 10, data: { action: 'takes', call: 'queue.add(…)', lock: '`queue`', where: '', outer: 9 } },
      ],
    },
  ],
});
