import rule from '../../eslint-plugin/src/rules/no-work-started-before-lock';
import { MUTEX_IMPORT, ruleTester } from '../rule-tester';

// Lines 1–4: the import, the lock, a shared balance and an async function that writes it.
const HEAD = `${MUTEX_IMPORT}const lock = new Mutex();\nlet balance = 0;\nasync function deposit(n: number) { balance += n; }\n`;

ruleTester().run('no-work-started-before-lock', rule, {
  valid: [
    // Started inside the section.
    `${HEAD}async function f(n: number) {\n  await lock.runExclusive(async () => {\n    await deposit(n);\n  });\n}`,
    // Loading data before the lock and using it inside is the point of no-long-await-in-critical-section.
    `${HEAD}declare function fetchRate(): Promise<number>;\nasync function f() {\n  const rate = fetchRate();\n  await lock.runExclusive(async () => {\n    balance *= await rate;\n  });\n}`,
    // Already awaited before the section.
    `${HEAD}async function f(n: number) {\n  const done = deposit(n);\n  await done;\n  await lock.runExclusive(async () => {\n    await done;\n  });\n}`,
    // A semaphore with several permits does not exclude.
    `${MUTEX_IMPORT}const pool = new Semaphore(3);\nlet balance = 0;\nasync function deposit(n: number) { balance += n; }\nasync function f(n: number) {\n  const done = deposit(n);\n  await pool.runExclusive(async () => {\n    await done;\n  });\n}`,
  ],
  invalid: [
    {
      // The work writes state and is started before the section that awaits it.
      code: `${HEAD}async function f(n: number) {\n  const done = deposit(n);\n  await lock.runExclusive(async () => {\n    await done;\n  });\n}`,
      errors: [
        {
          messageId: 'startedBeforeLock',
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 15,
          data: { name: 'done', call: 'deposit(n)', line: 6, lock: '`lock`', entry: 7, evidence: '`deposit` changes state that the lock guards.' },
          suggestions: [
            {
              messageId: 'startInside',
              data: { call: 'deposit(n)', name: 'done' },
              output: `${HEAD}async function f(n: number) {\n  await lock.runExclusive(async () => {\n    await deposit(n);\n  });\n}`,
            },
          ],
        },
      ],
    },
    {
      // An acquire/release span; the callee runs under the same lock elsewhere in the file.
      code: `${MUTEX_IMPORT}class Ledger {\n  lock = new Mutex();\n  async add(n: number) {\n    await this.lock.runExclusive(async () => {\n      await this.store.append(n);\n    });\n  }\n  async replay(n: number) {\n    const appended = this.store.append(n);\n    const release = await this.lock.acquire();\n    try {\n      await appended;\n    } finally {\n      release();\n    }\n    return appended;\n  }\n}`,
      errors: [
        {
          messageId: 'startedBeforeLock',
          line: 13,
          column: 7,
          endLine: 13,
          endColumn: 21,
          data: {
            name: 'appended',
            call: 'this.store.append(n)',
            line: 10,
            lock: '`this.lock`',
            entry: 11,
            evidence: 'Elsewhere this file calls `this.store.append` under the same lock.',
          },
          suggestions: [],
        },
      ],
    },
  ],
});
