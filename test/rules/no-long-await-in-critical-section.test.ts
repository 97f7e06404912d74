import rule from '../../eslint-plugin/src/rules/no-long-await-in-critical-section';
import { ruleTester } from '../rule-tester';

const header = "import { Mutex, Semaphore } from 'async-mutex';\ndeclare function sleep(ms: number): Promise<void>;\ndeclare function load(k: string): Promise<string>;\nconst lock = new Mutex();\nconst cache = new Map<string, string>();\n";

ruleTester().run('no-long-await-in-critical-section', rule, {
  valid: [
    // Zero-delay yields and short timers are not slow work.
    `${header}let n = 0;\nasync function f() { await lock.runExclusive(async () => { const t = n; await new Promise((r) => setTimeout(r, 0)); n = t + 1; }); }`,
    `${header}let n = 0;\nasync function f() { await lock.runExclusive(async () => { await sleep(10); n += 1; }); }`,
    // The section writes no shared state: the lock serialises or rate-limits the work itself.
    `${header}async function f(url: string) { await lock.runExclusive(async () => { const r = await fetch(url); await sleep(1000); return r.text(); }); }`,
    // A lock guarding an external resource: every use of it is in the lock's sections, which write no in-memory state.
    `${header}declare const axios: { get(url: string): Promise<{ data: string }>; post(url: string, body: string): Promise<void> };\nasync function f(url: string) {\n  await lock.runExclusive(async () => {\n    const current = await axios.get(url);\n    await axios.post(url, current.data + '!');\n  });\n}`,
    // Several permits: holding a pool slot during the work is the point.
    `${header}const pool = new Semaphore(4);\nasync function f(k: string) { await pool.runExclusive(async () => { const v = await load(k); cache.set(k, v); }); }`,
    // The awaited operand uses what the section read or computed.
    `${header}async function f(k: string) { await lock.runExclusive(async () => { const key = k + cache.size; const v = await load(key); cache.set(k, v); }); }`,
    `${header}let n = 0;\nasync function f() { await lock.runExclusive(async () => { n += 1; await fetch('/n/' + n); }); }`,
    // Single flight: the load only runs because of a check of the guarded state.
    `${header}async function f(k: string) { return lock.runExclusive(async () => { if (!cache.has(k)) { cache.set(k, await load(k)); } return cache.get(k); }); }`,
    // Options: ignored callees, a higher timer threshold.
    { code: `${header}async function f(url: string) { await lock.runExclusive(async () => { const r = await fetch(url); cache.set(url, 'x'); }); }`, options: [{ ignoreCallees: ['fetch'] }] },
    { code: `${header}async function f() { await lock.runExclusive(async () => { await sleep(200); cache.clear(); }); }`, options: [{ minTimerMs: 500 }] },
    // Not inside any lock.
    `${header}async function f(k: string) { const v = await load(k); cache.set(k, v); }`,
    // A sleep after an early release runs unlocked: the section ended on that path.
    `${header}let n = 0;\nasync function f(hit: boolean) {\n  const release = await lock.acquire();\n  n += 1;\n  if (hit) {\n    release();\n    await sleep(5000);\n    return;\n  }\n  n += 2;\n  release();\n}`,
  ],
  invalid: [
    {
      // The lock guards in-memory state too (`cache`): awaits on a resource used in its sections are reported like any other.
      code: `${header}declare const db: { get(id: string): Promise<string>; put(id: string, v: string): Promise<void> };\nasync function f(id: string) {\n  await lock.runExclusive(async () => {\n    const row = await db.get(id);\n    await db.put(id, row + '!');\n    cache.set(id, row);\n  });\n}`,
      errors: [
        {
          messageId: 'loadInSection', data: { call: 'db.get(id)', lock: 'lock', lockLine: 8, storeLine: 11 }, line: 9, column: 17, endLine: 9, endColumn: 33,
          suggestions: [
            {
              messageId: 'moveBeforeLock',
              output: `${header}declare const db: { get(id: string): Promise<string>; put(id: string, v: string): Promise<void> };\nasync function f(id: string) {\n  const row = await db.get(id);\n  await lock.runExclusive(async () => {\n    await db.put(id, row + '!');\n    cache.set(id, row);\n  });\n}`,
            },
          ],
        },
      ],
    },
    {
      // Two calls on one receiver do not excuse each other: each loads what only the store needs the lock for.
      code: `${header}declare const axios: { get(url: string): Promise<{ data: string }> };\nasync function f(a: string, b: string) {\n  await lock.runExclusive(async () => {\n    const first = await axios.get(a);\n    const second = await axios.get(b);\n    cache.set(a, first.data + second.data);\n  });\n}`,
      errors: [
        {
          messageId: 'loadInSection', data: { call: 'axios.get(a)', lock: 'lock', lockLine: 8, storeLine: 11 }, line: 9, column: 19, endLine: 9, endColumn: 37,
          suggestions: [
            {
              messageId: 'moveBeforeLock',
              output: `${header}declare const axios: { get(url: string): Promise<{ data: string }> };\nasync function f(a: string, b: string) {\n  const first = await axios.get(a);\n  await lock.runExclusive(async () => {\n    const second = await axios.get(b);\n    cache.set(a, first.data + second.data);\n  });\n}`,
            },
          ],
        },
        {
          messageId: 'loadInSection', data: { call: 'axios.get(b)', lock: 'lock', lockLine: 8, storeLine: 11 }, line: 10, column: 20, endLine: 10, endColumn: 38,
          suggestions: [
            {
              messageId: 'moveBeforeLock',
              output: `${header}declare const axios: { get(url: string): Promise<{ data: string }> };\nasync function f(a: string, b: string) {\n  const second = await axios.get(b);\n  await lock.runExclusive(async () => {\n    const first = await axios.get(a);\n    cache.set(a, first.data + second.data);\n  });\n}`,
            },
          ],
        },
      ],
    },
    {
      // Nor do two calls on `this`.
      code: `${header}class Feed {\n  items = '';\n  declare loadHead: () => Promise<string>;\n  declare loadTail: () => Promise<string>;\n  async refresh() {\n    await lock.runExclusive(async () => {\n      const head = await this.loadHead();\n      const tail = await this.loadTail();\n      this.items = head + tail;\n    });\n  }\n}`,
      errors: [
        {
          messageId: 'loadInSection', data: { call: 'this.loadHead()', lock: 'lock', lockLine: 11, storeLine: 14 }, line: 12, column: 20, endLine: 12, endColumn: 41,
          suggestions: [
            {
              messageId: 'moveBeforeLock',
              output: `${header}class Feed {\n  items = '';\n  declare loadHead: () => Promise<string>;\n  declare loadTail: () => Promise<string>;\n  async refresh() {\n    const head = await this.loadHead();\n    await lock.runExclusive(async () => {\n      const tail = await this.loadTail();\n      this.items = head + tail;\n    });\n  }\n}`,
            },
          ],
        },
        {
          messageId: 'loadInSection', data: { call: 'this.loadTail()', lock: 'lock', lockLine: 11, storeLine: 14 }, line: 13, column: 20, endLine: 13, endColumn: 41,
          suggestions: [
            {
              messageId: 'moveBeforeLock',
              output: `${header}class Feed {\n  items = '';\n  declare loadHead: () => Promise<string>;\n  declare loadTail: () => Promise<string>;\n  async refresh() {\n    const tail = await this.loadTail();\n    await lock.runExclusive(async () => {\n      const head = await this.loadHead();\n      this.items = head + tail;\n    });\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      code: `${header}async function refresh(url: string) {\n  await lock.runExclusive(async () => {\n    const data = await load(url);\n    cache.set(url, data);\n  });\n}`,
      errors: [
        {
          messageId: 'loadInSection', endLine: 8, endColumn: 33,
          line: 8,
          column: 18,
          data: { call: 'load(url)', lock: 'lock', lockLine: 7, storeLine: 9 },
          suggestions: [
            {
              messageId: 'moveBeforeLock',
              output: `${header}async function refresh(url: string) {\n  const data = await load(url);\n  await lock.runExclusive(async () => {\n    cache.set(url, data);\n  });\n}`,
            },
          ],
        },
      ],
    },
    {
      // A network call, with an acquire/release span.
      code: `${header}async function refresh(url: string) {\n  const release = await lock.acquire();\n  try {\n    const response = await fetch(url);\n    cache.set(url, await response.text());\n  } finally {\n    release();\n  }\n}`,
      errors: [
        {
          messageId: 'slowAwait', column: 22, endLine: 9, endColumn: 38,
          line: 9,
          data: { call: 'fetch(url)', lock: 'lock', lockLine: 7, why: 'waits on the network' },
          suggestions: [
            {
              messageId: 'moveBeforeLock',
              output: `${header}async function refresh(url: string) {\n  const response = await fetch(url);\n  const release = await lock.acquire();\n  try {\n    cache.set(url, await response.text());\n  } finally {\n    release();\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      // A long timer: every waiter sleeps too.
      code: `${header}let n = 0;\nasync function tickSlowly() {\n  await lock.runExclusive(async () => {\n    await sleep(500);\n    n += 1;\n  });\n}`,
      errors: [
        {
          messageId: 'slowAwait', column: 5, endLine: 9, endColumn: 21,
          line: 9,
          data: { call: 'sleep(500)', lock: 'lock', lockLine: 8, why: 'sleeps 500 ms' },
          suggestions: [
            {
              messageId: 'moveBeforeLock',
              output: `${header}let n = 0;\nasync function tickSlowly() {\n  await sleep(500);\n  await lock.runExclusive(async () => {\n    n += 1;\n  });\n}`,
            },
          ],
        },
      ],
    },
    {
      // async-lock's keyed section, a declared slow callee, and a name clash that blocks the move.
      code: `import AsyncLock from 'async-lock';\ndeclare const api: { pull(k: string): Promise<string> };\nconst keyed = new AsyncLock();\nconst store: Record<string, string> = {};\nasync function sync(k: string) {\n  const value = 'old';\n  await keyed.acquire(k, async () => {\n    const value = await api.pull(k);\n    store[k] = value;\n  });\n  return value;\n}`,
      options: [{ slowCallees: ['api.pull'] }],
      errors: [{ messageId: 'slowAwait', column: 19, endLine: 8, endColumn: 36, line: 8, data: { call: 'api.pull(k)', lock: 'keyed', lockLine: 7, why: 'waits on the network' }, suggestions: [] }],
    },
    {
      // A Web Lock, with the awaited statement not on its own line.
      code: `declare function load(k: string): Promise<string>;\nlet latest = '';\nasync function f(k: string) {\n  await navigator.locks.request('latest', async () => { const v = await load(k); latest = v; });\n}`,
      errors: [
        {
          messageId: 'loadInSection', data: { call: 'load(k)', lock: 'navigator.locks.request(\'latest\')', lockLine: 4, why: 'sleeps 0 ms', storeLine: 4 }, column: 67, endLine: 4, endColumn: 80,
          line: 4,
          suggestions: [
            {
              messageId: 'moveBeforeLock',
              output: `declare function load(k: string): Promise<string>;\nlet latest = '';\nasync function f(k: string) {\n  const v = await load(k);\n  await navigator.locks.request('latest', async () => {  latest = v; });\n}`,
            },
          ],
        },
      ],
    },
  ],
});
