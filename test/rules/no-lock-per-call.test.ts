import rule from '../../eslint-plugin/src/rules/no-lock-per-call';
import { MUTEX_IMPORT, ruleTester } from '../rule-tester';

const HEAD = `${MUTEX_IMPORT}declare function work(): Promise<void>;\n`;
// HEAD is 2 lines: test code starts on line 3.

ruleTester().run('no-lock-per-call', rule, {
  valid: [
    // module scope, class fields, constructors
    `${HEAD}const lock = new Mutex();\nexport async function f() { await lock.runExclusive(work); }`,
    `${HEAD}class C {\n  private lock = new Mutex();\n  static shared = new Semaphore(2);\n  async f() { await this.lock.runExclusive(work); }\n}`,
    `${HEAD}class C {\n  private lock: Mutex;\n  constructor() { this.lock = new Mutex(); }\n}`,
    // kept in a map of per-key locks and returned (the shared fixture's lockFor)
    `${HEAD}const locks = new Map<string, Mutex>();\nexport function lockFor(key: string): Mutex {\n  let found = locks.get(key);\n  if (!found) {\n    found = new Mutex();\n    locks.set(key, found);\n  }\n  return found;\n}`,
    // returned, stored in a field or outer variable, passed on
    `${HEAD}export function makeLock() { return new Mutex(); }`,
    `${HEAD}class C {\n  lock?: Mutex;\n  reset() { this.lock = new Mutex(); }\n}`,
    `${HEAD}let current: Mutex | null = null;\nexport async function f() {\n  current = new Mutex();\n  await current.runExclusive(work);\n}`,
    `${HEAD}declare function register(lock: Mutex): void;\nexport function f() {\n  const lock = new Mutex();\n  register(lock);\n}`,
    // shared by the tasks this call starts
    `${HEAD}export async function f(urls: string[]) {\n  const progress = new Mutex();\n  await Promise.all(urls.map((url) => progress.runExclusive(work)));\n}`,
    `${HEAD}export async function f() {\n  const lock = new Mutex();\n  await Promise.all([lock.runExclusive(work), lock.runExclusive(work)]);\n}`,
    `${HEAD}export function makeQueue() {\n  const lock = new Mutex();\n  return { run: () => lock.runExclusive(work) };\n}`,
    `import pLimit from 'p-limit';\ndeclare function work(): Promise<void>;\nexport async function f(items: number[]) {\n  const limit = pLimit(2);\n  await Promise.all(items.map(() => limit(work)));\n}`,
    // not a lock
    `export function f() {\n  const controller = new AbortController();\n  controller.abort();\n}`,
  ],
  invalid: [
    {
      // the shared fixture
      code: `${HEAD}let counter = 0;\nexport async function increment(): Promise<void> {\n  const lock = new Mutex();\n  await lock.runExclusive(async () => {\n    counter += 1;\n  });\n}`,
      errors: [
        {
          messageId: 'lockPerCall', endLine: 5,
          data: { construction: 'new Mutex()', fn: '`increment`', use: '`lock.runExclusive(…)`', useLine: 6 },
          line: 5,
          column: 16,
          endColumn: 27,
        },
      ],
    },
    {
      code: `${HEAD}export const f = async () => {\n  await new Mutex().runExclusive(work);\n};`,
      errors: [{ messageId: 'lockPerCall', endLine: 4, endColumn: 20, data: { construction: 'new Mutex()', fn: '`f`', use: '`new Mutex().runExclusive(…)`', useLine: 4 }, line: 4, column: 9 }],
    },
    {
      // a decorated lock is the same lock; acquire and release are its only uses
      code: `import { Mutex, withTimeout } from 'async-mutex';\ndeclare function work(): Promise<void>;\nexport async function f() {\n  const lock = withTimeout(new Mutex(), 100);\n  const release = await lock.acquire();\n  try { await work(); } finally { release(); }\n}`,
      errors: [{ messageId: 'lockPerCall', endLine: 4, endColumn: 39, data: { construction: 'new Mutex()', fn: '`f`', use: '`lock.acquire(…)`', useLine: 5 }, line: 4, column: 28 }],
    },
    {
      // a limiter made per call and used in sequence
      code: `import pLimit from 'p-limit';\ndeclare function work(): Promise<void>;\nexport async function f(items: number[]) {\n  const limit = pLimit(1);\n  for (const item of items) await limit(work);\n}`,
      errors: [{ messageId: 'lockPerCall', column: 17, endLine: 4, endColumn: 26, data: { construction: 'pLimit(1)', fn: '`f`', use: '`limit(…)`', useLine: 5 }, line: 4 }],
    },
    {
      // a method; the lock is assigned after its declaration
      code: `${HEAD}class Account {\n  balance = 0;\n  async deposit(n: number) {\n    let lock;\n    lock = new Semaphore(1);\n    await lock.runExclusive(() => { this.balance += n; });\n  }\n}`,
      errors: [{ messageId: 'lockPerCall', column: 12, endLine: 7, endColumn: 28, data: { construction: 'new Semaphore(1)', fn: '`deposit`', use: '`lock.runExclusive(…)`', useLine: 8 }, line: 7 }],
    },
  ],
});
