import rule from '../../eslint-plugin/src/rules/no-unordered-multi-lock';
import { MUTEX_IMPORT, ruleTester } from '../rule-tester';

// Lines 1–7: a class with one async-mutex lock per id; the methods under test start on line 8.
const ACCOUNTS = `${MUTEX_IMPORT}declare function work(): Promise<void>;\nclass Accounts {\n  locks = new Map<string, Mutex>();\n  lockFor(id: string): Mutex {\n    return this.locks.get(id) ?? new Mutex();\n  }\n`;

ruleTester().run('no-unordered-multi-lock', rule, {
  valid: [
    // Sorted first: every caller takes the locks in one order.
    `${ACCOUNTS}  async transfer(ids: string[]) {\n    const releases = [];\n    for (const id of [...ids].sort()) releases.push(await this.lockFor(id).acquire());\n    releases.forEach((release) => release());\n  }\n}`,
    `${ACCOUNTS}  async transfer(ids: string[]) {\n    ids.sort();\n    const releases = [];\n    for (const id of ids) releases.push(await this.lockFor(id).acquire());\n    releases.forEach((release) => release());\n  }\n}`,
    // One lock at a time: released inside the round.
    `${ACCOUNTS}  async each(ids: string[]) {\n    for (const id of ids) {\n      const release = await this.lockFor(id).acquire();\n      try { await work(); } finally { release(); }\n    }\n  }\n}`,
    // One lock, whatever the element: not chosen by the data.
    `${MUTEX_IMPORT}const lock = new Mutex();\nasync function f(ids: string[]) {\n  for (const id of ids) await lock.acquire();\n}`,
    // A FIFO library queues a caller's whole set in one synchronous step: requests cannot cross.
    `${ACCOUNTS}  async all(ids: string[]) {\n    const releases = await Promise.all(ids.map((id) => this.lockFor(id).acquire()));\n    releases.forEach((release) => release());\n  }\n}`,
  ],
  invalid: [
    {
      // Locks taken one by one in the order of the input, all held after the loop.
      code: `${ACCOUNTS}  async transfer(ids: string[]) {\n    const releases = [];\n    for (const id of ids) releases.push(await this.lockFor(id).acquire());\n    try { await work(); } finally { releases.forEach((release) => release()); }\n  }\n}`,
      errors: [
        {
          messageId: 'dataOrder',
          line: 10,
          column: 47,
          endLine: 10,
          endColumn: 73,
          data: { line: 10, lock: '`this.lockFor(id)`', collection: 'ids' },
          suggestions: [
            {
              messageId: 'sortKeys',
              data: { collection: 'ids' },
              output: `${ACCOUNTS}  async transfer(ids: string[]) {\n    const releases = [];\n    for (const id of [...ids].sort()) releases.push(await this.lockFor(id).acquire());\n    try { await work(); } finally { releases.forEach((release) => release()); }\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      // A map of the project's own locks, all requested at once: its wake-up order is unknown.
      code: `class Rooms {\n  async join(keys: string[]) {\n    await Promise.all(keys.map((key) => this.locks.get(key).acquire()));\n    keys.forEach((key) => this.locks.get(key).release());\n  }\n}`,
      errors: [
        {
          messageId: 'allAtOnce',
          line: 3,
          column: 41,
          endLine: 3,
          endColumn: 70,
          data: { lock: '`this.locks.get(key)`', collection: 'keys', why: "and a lock of the project's own need not grant them in the order they were asked for" },
        },
      ],
    },
    {
      // A FIFO lock requested after an await in the callback: calls interleave their requests.
      code: `${ACCOUNTS}  async all(ids: string[]) {\n    await Promise.all(ids.map(async (id) => {\n      await work();\n      return this.lockFor(id).acquire();\n    }));\n  }\n}`,
      errors: [
        {
          messageId: 'allAtOnce',
          line: 11,
          column: 14,
          endLine: 11,
          endColumn: 40,
          data: { lock: '`this.lockFor(id)`', collection: 'ids', why: 'after an `await` in the callback, so calls interleave their requests' },
        },
      ],
    },
  ],
});
