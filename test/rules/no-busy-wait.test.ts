import rule from '../../eslint-plugin/src/rules/no-busy-wait';
import { ruleTester } from '../rule-tester';

const HEAD = 'declare function sleep(ms: number): Promise<void>;\ndeclare function isReady(): boolean;\nlet ready = false;\n';
// HEAD is 3 lines: test code starts on line 4.
const signalIdiom = (polled: string): string =>
  `Wait for a signal instead: a promise with its resolver (\`Promise.withResolvers()\`) resolved where the state behind \`${polled}\` changes, or an \`EventTarget\` event awaited with \`once\``;

ruleTester().run('no-busy-wait', rule, {
  valid: [
    // a periodic task does work every round
    `${HEAD}export async function f(signal: AbortSignal) {\n  while (!signal.aborted) {\n    console.log('Working...');\n    await sleep(1000);\n  }\n}`,
    // counters, retries and deadlines wait for time, not for state
    `${HEAD}export async function f() {\n  for (let i = 0; i < 5; i++) await sleep(100);\n}`,
    `${HEAD}export async function f() {\n  let tries = 3;\n  while (tries-- > 0) await sleep(10);\n}`,
    `${HEAD}export async function f() {\n  const deadline = Date.now() + 1000;\n  while (Date.now() < deadline) await sleep(10);\n}`,
    // the shared fixture: each round waits for the abort event or a timer, whichever comes first
    `${HEAD}export async function f(shutdown: AbortController) {\n  while (!shutdown.signal.aborted) {\n    await Promise.race([sleep(1000), new Promise((r) => shutdown.signal.addEventListener('abort', r))]);\n  }\n}`,
    // not a timer: a lock's wait() takes no delay
    `${HEAD}export async function f(sem: { wait(): Promise<void> }) {\n  while (!ready) await sem.wait();\n}`,
    // a condition that awaits does work each round: a retry with a pause
    `${HEAD}declare function tryConnect(): Promise<boolean>;\nexport async function f() {\n  while (!(await tryConnect())) await sleep(1000);\n}`,
    // awaiting the state's own promise
    `${HEAD}export async function f(next: () => Promise<void>) {\n  while (!ready) await next();\n}`,
    // a setTimeout that is not the promise-timer one
    `import { setTimeout } from 'node:timers';\nlet ready = false;\nexport async function f() {\n  while (!ready) await setTimeout(() => {}, 10);\n}`,
  ],
  invalid: [
    {
      // the shared fixture, two spellings of sleep
      code: `${HEAD}const state = { done: false };\nexport async function f() {\n  while (!ready) {\n    await sleep(100);\n  }\n}\nexport async function g() {\n  while (!state.done) await new Promise((r) => setTimeout(r, 50));\n}`,
      errors: [
        {
          messageId: 'busyWait',
          data: { polled: 'ready', sleep: 'sleep(100)', sleepLine: 7, lateness: 'up to 100 ms late', idiom: signalIdiom('ready') },
          line: 6,
          column: 3,
          endLine: 8,
          endColumn: 4,
        },
        {
          messageId: 'busyWait', endLine: 11, endColumn: 67,
          data: {
            polled: 'state.done',
            sleep: 'new Promise((r) => setTimeout(r, 50))',
            sleepLine: 11,
            lateness: 'up to 50 ms late',
            idiom: signalIdiom('state.done'),
          },
          line: 11,
          column: 3,
        },
      ],
    },
    {
      // an endless loop with `if (…) break`, and a probing call
      code: `${HEAD}export async function f() {\n  for (;;) {\n    if (isReady()) break;\n    await sleep(250);\n  }\n}`,
      errors: [
        {
          messageId: 'busyWait', column: 3, endLine: 8, endColumn: 4,
          data: { polled: 'isReady()', sleep: 'sleep(250)', sleepLine: 7, lateness: 'up to 250 ms late', idiom: signalIdiom('isReady()') },
          line: 5,
        },
      ],
    },
    {
      // node:timers/promises with a named constant, in a do…while
      code: `import { setTimeout as wait } from 'node:timers/promises';\nconst POLL_MS = 2 * 100;\nconst queue: string[] = [];\nexport async function f() {\n  do {\n    await wait(POLL_MS);\n  } while (queue.length === 0);\n}`,
      errors: [
        {
          messageId: 'busyWait', column: 3, endLine: 7, endColumn: 32,
          data: { polled: 'queue.length', sleep: 'wait(POLL_MS)', sleepLine: 6, lateness: 'up to 200 ms late', idiom: signalIdiom('queue.length') },
          line: 5,
        },
      ],
    },
    {
      // a same-module helper that returns a timer, in `while (true)` with `if (…) return`
      code: `${HEAD}const nap = (ms: number) => new Promise<void>((resolve) => {\n  setTimeout(() => resolve(), ms);\n});\nexport async function f(delay: number) {\n  while (true) {\n    await nap(delay);\n    if (ready) return;\n  }\n}`,
      errors: [
        {
          messageId: 'busyWait', column: 3, endLine: 11, endColumn: 4,
          data: { polled: 'ready', sleep: 'nap(delay)', sleepLine: 9, lateness: 'late', idiom: signalIdiom('ready') },
          line: 8,
        },
      ],
    },
    {
      // polling an AbortSignal: wait for its event
      code: `${HEAD}export async function f(signal: AbortSignal) {\n  while (!signal.aborted) await sleep(100);\n}`,
      errors: [
        {
          messageId: 'busyWait', column: 3, endLine: 5, endColumn: 44,
          data: {
            polled: 'signal.aborted',
            sleep: 'sleep(100)',
            sleepLine: 5,
            lateness: 'up to 100 ms late',
            idiom: "Wait for the signal instead: `await once(signal, 'abort')` from `node:events`, or an `abort` listener on the `AbortSignal`",
          },
          line: 5,
        },
      ],
    },
  ],
});
