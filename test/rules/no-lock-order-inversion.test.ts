import rule from '../../eslint-plugin/src/rules/no-lock-order-inversion';
import { MUTEX_IMPORT, ruleTester } from '../rule-tester';

// Line 1: the import; lines 2–3: the locks; code under test starts on line 4.
const two = `${MUTEX_IMPORT}const a = new Mutex();\nconst b = new Mutex();\n`;

ruleTester().run('no-lock-order-inversion', rule, {
  valid: [
    // The same order everywhere.
    `${two}async function f() { await a.runExclusive(async () => { await b.runExclusive(async () => {}); }); }\nasync function g() { await a.runExclusive(async () => { await b.runExclusive(async () => {}); }); }`,
    // Opposite orders, but one after the other rather than nested.
    `${two}async function f() { await a.runExclusive(async () => { await b.runExclusive(async () => {}); }); }\nasync function g() { await b.runExclusive(async () => {}); await a.runExclusive(async () => {}); }`,
    // The inner request is not awaited by the section (a timer, a dropped promise): nothing is held while it waits.
    `${two}async function f() { await a.runExclusive(async () => { await b.runExclusive(async () => {}); }); }\nasync function g() { await b.runExclusive(async () => { setTimeout(() => a.runExclusive(async () => {}), 0); void a.runExclusive(async () => {}); }); }`,
    // Semaphores with several permits do not exclude each other's holders.
    `${MUTEX_IMPORT}const p = new Semaphore(4);\nconst q = new Semaphore(4);\nasync function f() { await p.runExclusive(async () => { await q.runExclusive(async () => {}); }); }\nasync function g() { await q.runExclusive(async () => { await p.runExclusive(async () => {}); }); }`,
    // async-lock: keys that are different parameters of different functions are not known to be the same key.
    `import AsyncLock from 'async-lock';\nconst keyed = new AsyncLock();\nasync function f(x: string, y: string) { await keyed.acquire(x, async () => { await keyed.acquire(y, async () => {}); }); }\nasync function g(x: string, y: string) { await keyed.acquire(y, async () => { await keyed.acquire(x, async () => {}); }); }`,
    // Shared Web Locks do not exclude each other.
    `async function f() { await navigator.locks.request('x', { mode: 'shared' }, async () => { await navigator.locks.request('y', { mode: 'shared' }, async () => {}); }); }\nasync function g() { await navigator.locks.request('y', { mode: 'shared' }, async () => { await navigator.locks.request('x', { mode: 'shared' }, async () => {}); }); }`,
    // The same lock nested in itself is a self-deadlock, not an ordering.
    `${two}async function f() { await a.runExclusive(async () => { await a.runExclusive(async () => {}); }); }`,
    // tryAcquire never waits, so it cannot be part of a deadlock cycle.
    `import { Mutex, tryAcquire } from 'async-mutex';\nconst a = new Mutex();\nconst b = new Mutex();\nasync function f() { await a.runExclusive(async () => { await b.runExclusive(async () => {}); }); }\nasync function g() { await b.runExclusive(async () => { await tryAcquire(a).runExclusive(async () => {}); }); }`,
  ],
  invalid: [
    {
      // Module constants, two functions; reported on the inner acquisition of the later nesting.
      code: `${two}async function post() {\n  await a.runExclusive(async () => {\n    await b.runExclusive(async () => {});\n  });\n}\nasync function reconcile() {\n  await b.runExclusive(async () => {\n    await a.runExclusive(async () => {});\n  });\n}`,
      errors: [
        {
          messageId: 'inversion', endLine: 11,
          line: 11,
          column: 11,
          endColumn: 41,
          data: { call: 'a.runExclusive(…)', action: 'takes', second: '`a`', first: '`b`', where: '', outer: 10, otherSite: 6, otherOuter: 5 },
        },
      ],
    },
    {
      // Class fields, one order through a method of the same instance, spans on the other side.
      code: `${MUTEX_IMPORT}class Bank {\n  private accounts = new Mutex();\n  private ledger = new Mutex();\n  async post() {\n    await this.accounts.runExclusive(async () => {\n      await this.record();\n    });\n  }\n  private async record() {\n    await this.ledger.runExclusive(async () => {});\n  }\n  async audit() {\n    const release = await this.ledger.acquire();\n    try {\n      const inner = await this.accounts.acquire();\n      inner();\n    } finally {\n      release();\n    }\n  }\n}`,
      errors: [
        {
          messageId: 'inversion', endLine: 16, endColumn: 50,
          line: 16,
          column: 27,
          data: { call: 'this.accounts.acquire()', action: 'takes', second: '`this.accounts`', first: '`this.ledger`', where: '', outer: 14, otherSite: 7, otherOuter: 6 },
        },
      ],
    },
    {
      // The later nesting goes through a module function: reported on the call, naming the inner line.
      code: `${two}async function takeA() {\n  await a.runExclusive(async () => {});\n}\nasync function f() {\n  await a.runExclusive(async () => {\n    await b.runExclusive(async () => {});\n  });\n}\nasync function g() {\n  await b.runExclusive(async () => {\n    await takeA();\n  });\n}`,
      errors: [
        {
          messageId: 'inversion', endLine: 14, endColumn: 18,
          line: 14,
          column: 11,
          data: { call: 'takeA()', action: 'takes', second: '`a`', first: '`b`', where: ' on line 5', outer: 13, otherSite: 9, otherOuter: 8 },
        },
      ],
    },
    {
      // async-lock keys are separate locks; Web Locks by name; every later inversion is reported.
      code: `import AsyncLock from 'async-lock';\nconst keyed = new AsyncLock();\nasync function f() {\n  await keyed.acquire('x', async () => { await keyed.acquire('y', async () => {}); });\n  await keyed.acquire('y', async () => { await keyed.acquire('x', async () => {}); });\n  await navigator.locks.request('p', async () => { await navigator.locks.request('q', async () => {}); });\n  await navigator.locks.request('q', async () => { await navigator.locks.request('p', async () => {}); });\n}`,
      errors: [
        {
          messageId: 'inversion', endLine: 5, endColumn: 82,
          line: 5,
          column: 48,
          data: { call: 'keyed.acquire(…)', action: 'takes', second: "`keyed` key `'x'`", first: "`keyed` key `'y'`", where: '', outer: 5, otherSite: 4, otherOuter: 4 },
        },
        {
          messageId: 'inversion', endLine: 7, endColumn: 102,
          line: 7,
          column: 58,
          data: { call: 'navigator.locks.request(…)', action: 'takes', second: "the Web Lock `'p'`", first: "the Web Lock `'q'`", where: '', outer: 7, otherSite: 6, otherOuter: 6 },
        },
      ],
    },
    {
      // Waiting for a lock to be free while holding another closes the cycle too.
      code: `${two}async function f() {\n  await a.runExclusive(async () => {\n    await b.runExclusive(async () => {});\n  });\n}\nasync function g() {\n  await b.runExclusive(async () => {\n    await a.waitForUnlock();\n  });\n}`,
      errors: [
        {
          messageId: 'inversion', endLine: 11, endColumn: 28,
          line: 11,
          column: 11,
          data: { call: 'a.waitForUnlock()', action: 'waits for', second: '`a`', first: '`b`', where: '', outer: 10, otherSite: 6, otherOuter: 5 },
        },
      ],
    },
  ],
});
