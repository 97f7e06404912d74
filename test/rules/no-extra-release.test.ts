import rule from '../../eslint-plugin/src/rules/no-extra-release';
import { MUTEX_IMPORT, ruleTester } from '../rule-tester';

const HEAD = `${MUTEX_IMPORT}import AwaitLock from 'await-lock';\nimport { Sema } from 'async-sema';\ndeclare function work(): Promise<void>;\ndeclare const flag: boolean;\nconst m = new Mutex();\nconst s = new Semaphore(2);\nconst plain = new AwaitLock();\nconst sema = new Sema(3);\n`;
// HEAD is 9 lines: test code starts on line 10.
const PERMIT =
  "It adds a permit nobody took: from then on one task more than the limit runs at once (asyncio's BoundedSemaphore raises `ValueError` here; this library does not check)";

ruleTester().run('no-extra-release', rule, {
  valid: [
    // a release on each of two paths, not two on one
    `${HEAD}async function f() {\n  const release = await m.acquire();\n  if (flag) { release(); return; }\n  release();\n}`,
    `${HEAD}async function f(n: number) {\n  const release = await m.acquire();\n  switch (n) {\n    case 1: release(); break;\n    default: release();\n  }\n}`,
    // catch releases and rethrows, the normal path releases after
    `${HEAD}async function f() {\n  await plain.acquireAsync();\n  try { await work(); } catch (error) { plain.release(); throw error; }\n  plain.release();\n}`,
    // one release per round of the loop
    `${HEAD}async function f(items: number[]) {\n  for (const item of items) {\n    await sema.acquire();\n    try { await work(); } finally { sema.release(); }\n  }\n}`,
    // two acquires, two releases
    `${HEAD}async function f() {\n  await sema.acquire();\n  await sema.acquire();\n  sema.release();\n  sema.release();\n}`,
    `${HEAD}async function f() {\n  const [, first] = await s.acquire();\n  const [, second] = await s.acquire();\n  first();\n  second();\n}`,
    // open/close pairs: the release belongs to another function's acquire
    `${HEAD}export function close() {\n  sema.release();\n  sema.release();\n}`,
    `${HEAD}export async function handOff() {\n  sema.release();\n  await sema.acquire();\n}`,
    // the try begins before the acquire: a failed acquire reaches the finally with nothing held, and releases nothing twice
    `${HEAD}async function f() {\n  try {\n    await plain.acquireAsync();\n    await work();\n  } finally {\n    plain.release();\n  }\n}`,
    // released from a callback: not on this function's paths
    `${HEAD}async function f() {\n  const release = await m.acquire();\n  setTimeout(() => release(), 10);\n  release();\n}`,
    // a release before any acquire on the path
    `${HEAD}async function f() {\n  if (flag) await sema.acquire();\n  sema.release();\n}`,
  ],
  invalid: [
    {
      // the shared fixture: the finally released, then the release after the try runs again
      code: `${HEAD}async function f() {\n  const [, release] = await s.acquire();\n  try {\n    await work();\n  } finally {\n    release();\n  }\n  release();\n}`,
      errors: [
        {
          messageId: 'repeatedReleaser', endLine: 17,
          data: { call: 'release()', line: 17, previous: 'line 15', acquireLine: 11 },
          line: 17,
          column: 3,
          endColumn: 12,
        },
      ],
    },
    {
      // released on one branch, then again unconditionally
      code: `${HEAD}async function f() {\n  const release = await m.acquire();\n  if (flag) release();\n  release();\n}`,
      errors: [{ messageId: 'repeatedReleaser', column: 3, endLine: 13, endColumn: 12, data: { call: 'release()', line: 13, previous: 'line 12', acquireLine: 11 }, line: 13 }],
    },
    {
      // async-sema: a permit given back twice raises the limit
      code: `${HEAD}async function f() {\n  await sema.acquire();\n  try { await work(); } finally { sema.release(); }\n  sema.release();\n}`,
      errors: [
        {
          messageId: 'overRelease', column: 3, endLine: 13, endColumn: 17,
          data: { call: 'sema.release()', line: 13, previous: 'line 12', acquireLine: 11, consequence: PERMIT },
          line: 13,
        },
      ],
    },
    {
      // one acquire, a release in every round of a loop
      code: `${HEAD}async function f(items: number[]) {\n  await sema.acquire();\n  for (const item of items) {\n    sema.release();\n  }\n}`,
      errors: [
        {
          messageId: 'overRelease', column: 5, endLine: 13, endColumn: 19,
          data: { call: 'sema.release()', line: 13, previous: 'the same call, in an earlier round of the loop,', acquireLine: 11, consequence: PERMIT },
          line: 13,
        },
      ],
    },
    {
      // await-lock: release inside the try and again in the finally
      code: `${HEAD}async function f() {\n  await plain.acquireAsync();\n  try {\n    await work();\n    plain.release();\n  } finally {\n    plain.release();\n  }\n}`,
      errors: [
        {
          messageId: 'overRelease', column: 5, endLine: 16, endColumn: 20,
          data: {
            call: 'plain.release()',
            line: 16,
            previous: 'line 14',
            acquireLine: 11,
            consequence:
              'await-lock throws `Cannot release an unacquired lock` when the lock is free, and otherwise frees the hold of the task that has it, so a second task enters',
          },
          line: 16,
        },
      ],
    },
    {
      // async-mutex's unscoped release
      code: `${HEAD}async function f() {\n  await m.acquire();\n  m.release();\n  m.release();\n}`,
      errors: [
        {
          messageId: 'overRelease', column: 3, endLine: 13, endColumn: 14,
          data: {
            call: 'm.release()',
            line: 13,
            previous: 'line 12',
            acquireLine: 11,
            consequence: "async-mutex's `release()` frees the lock whoever holds it by then, so a second task enters its critical section",
          },
          line: 13,
        },
      ],
    },
    {
      // the first of two releasers called twice
      code: `${HEAD}async function f() {\n  const [, first] = await s.acquire();\n  const [, second] = await s.acquire();\n  first();\n  first();\n  second();\n}`,
      errors: [{ messageId: 'repeatedReleaser', column: 3, endLine: 14, endColumn: 10, data: { call: 'first()', line: 14, previous: 'line 13', acquireLine: 11 }, line: 14 }],
    },
  ],
});
