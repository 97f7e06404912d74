import rule from '../../eslint-plugin/src/rules/no-read-await-write-race';
import { ruleTester } from '../rule-tester';

const tick = 'declare function tick(): Promise<void>;\n';
const strict = [{ checkThenAct: true, checkContinuations: true, staleAnswers: true }] as const;

ruleTester().run('no-read-await-write-race', rule, {
  valid: [
    // The invocation's own locals and parameters are not shared.
    `${tick}async function f() { let n = 0; const t = n; await tick(); n = t + 1; }`,
    `${tick}async function f(o: { n: number }) { const t = o.n; await tick(); o.n = t + 1; }`,
    `${tick}async function f() { const o = { n: 0 }; const t = o.n; await tick(); o.n = t + 1; }`,
    // Read again after the await: the write builds on a fresh value.
    `${tick}let c = 0; async function f() { await tick(); c = c + 1; }`,
    `${tick}let c = 0; async function f() { const t = c; await tick(); const u = c; c = u + 1; }`,
    `${tick}let c = 0; async function f() { await tick(); c++; c += 2; }`,
    // Each round reads the shared value afresh: the previous round's read is not carried over.
    `${tick}let counter = 0; async function f() { for (let i = 0; i < 10; i++) { await tick(); counter += 1; } }`,
    `${tick}let counter = 0; async function f() { while (counter < 10) { await tick(); counter = counter + 1; } }`,
    // The written value does not depend on the stale read.
    `${tick}let c = 0; async function f() { const t = c; await tick(); c = 5; console.log(t); }`,
    `declare function load(): Promise<number>;\nlet c = 0; async function f() { c = await load(); }`,
    // Held across both by an excluding lock.
    `import { Mutex } from 'async-mutex';\n${tick}let c = 0; const m = new Mutex();\nasync function f() { await m.runExclusive(async () => { const t = c; await tick(); c = t + 1; }); }`,
    `import { Mutex } from 'async-mutex';\n${tick}let c = 0; const m = new Mutex();\nasync function f() { const release = await m.acquire(); try { const t = c; await tick(); c = t + 1; } finally { release(); } }`,
    `import { Semaphore } from 'async-mutex';\n${tick}let c = 0; const s = new Semaphore(1);\nasync function f() { const [, release] = await s.acquire(); try { const t = c; await tick(); c = t + 1; } finally { release(); } }`,
    `import AsyncLock from 'async-lock';\n${tick}let c = 0; const lock = new AsyncLock();\nasync function f() { await lock.acquire('c', async () => { const t = c; await tick(); c = t + 1; }); }`,
    `${tick}let c = 0;\nasync function f() { await navigator.locks.request('c', async () => { const t = c; await tick(); c = t + 1; }); }`,
    `import pLimit from 'p-limit';\n${tick}let c = 0; const limit = pLimit(1);\nasync function f() { await limit(async () => { const t = c; await tick(); c = t + 1; }); }`,
    `import AwaitLock from 'await-lock';\n${tick}let c = 0; const lock = new AwaitLock();\nasync function f() { await lock.acquireAsync(); try { const t = c; await tick(); c = t + 1; } finally { lock.release(); } }`,
    // A module-local wrapper that runs its callback under the lock protects it.
    `import { Mutex } from 'async-mutex';\n${tick}let c = 0; const m = new Mutex();\nfunction withLock<T>(fn: () => Promise<T>) { return m.runExclusive(fn); }\nasync function f() { await withLock(async () => { const t = c; await tick(); c = t + 1; }); }`,
    // A lock held through a chain of helpers: one takes the mutex as a parameter, one hands its
    // callback on, one calls it inside another helper's callback (the shape of MetaMask's controllers).
    `import { Mutex } from 'async-mutex';
declare function persist(): Promise<void>;
async function withLock<T>(mutex: any, callback: (args: { releaseLock: () => void }) => Promise<T>): Promise<T> {
  const releaseLock = await mutex.acquire();
  try {
    return await callback({ releaseLock });
  } finally {
    releaseLock();
  }
}
export class Controller {
  #mutex = new Mutex();
  #keyrings: string[] = [];
  async #withControllerLock<T>(callback: (args: { releaseLock: () => void }) => Promise<T>): Promise<T> {
    return withLock(this.#mutex, callback);
  }
  async #withRollback<T>(callback: (args: { releaseLock: () => void }) => Promise<T>): Promise<T> {
    return this.#withControllerLock(async ({ releaseLock }) => {
      const snapshot = [...this.#keyrings];
      try {
        return await callback({ releaseLock });
      } catch (error) {
        this.#keyrings = snapshot;
        throw error;
      }
    });
  }
  async #persistOrRollback<T>(callback: () => Promise<T>): Promise<T> {
    return this.#withRollback(async () => {
      const result = await callback();
      await persist();
      return result;
    });
  }
  async addKeyring(name: string): Promise<void> {
    return this.#persistOrRollback(async () => {
      const entries = [...this.#keyrings];
      await persist();
      this.#keyrings = [...entries, name];
    });
  }
}
`,
    // Wrappers declared in settings.
    {
      code: `${tick}declare function serialized(fn: () => Promise<void>): Promise<void>;\nlet c = 0;\nasync function f() { await serialized(async () => { const t = c; await tick(); c = t + 1; }); }`,
      settings: { interleave: { wrappers: ['serialized'] } },
    },
    // A check-then-act whose duplicate is harmless (every caller stores an equal value) and lost
    // updates in continuations are strict-only.
    `declare function loadConfig(): Promise<object>;\nclass R { config?: object; async get() { if (!this.config) { this.config = await loadConfig(); } return this.config; } }`,
    `declare function save(n: number): Promise<void>;\nlet c = 0; function f() { const t = c; return save(t).then(() => { c = t + 1; }); }`,
    // A closure that runs once per call (IIFE) does not share its parent's locals.
    `${tick}async function f() { let d = 0; await (async () => { const b = d; await tick(); d = b + 1; })(); return d; }`,
    // Awaited get/set are an external store's calls, not an in-memory Map read before the await.
    `declare const db: { get(k: string): Promise<number>; set(k: string, v: number): Promise<void> };\nasync function f(k: string) { const v = await db.get(k); await db.set(k, v + 1); }`,
    // Memoised promise: check and write with no await between.
    {
      code: `declare function connect(): Promise<object>;\nclass R { p?: Promise<object>; async get() { this.p ??= connect(); return this.p; } }`,
      options: strict,
    },
    // strict: checked again after the await (re-validated), claimed before it (memoised promise), or a busy flag held.
    {
      code: `${tick}let thrown = false;\nasync function next(signal: AbortSignal) {\n  if (signal.aborted && !thrown) { thrown = true; throw signal.reason; }\n  await tick();\n  if (signal.aborted && !thrown) { thrown = true; throw signal.reason; }\n}`,
      options: strict,
    },
    {
      code: `declare function locate(dir: string): Promise<string>;\nconst paths = new Map<string, string | Promise<string>>();\nasync function find(dir: string) {\n  if (paths.has(dir)) return paths.get(dir);\n  const pending = locate(dir);\n  paths.set(dir, pending);\n  const found = await pending;\n  paths.set(dir, found);\n  return found;\n}`,
      options: strict,
    },
    {
      code: `${tick}class Reader {\n  reading = false;\n  parent = 0;\n  count = 0;\n  async read() {\n    if (this.reading) return;\n    this.reading = true;\n    try {\n      const n = this.count;\n      await tick();\n      this.count = n + 1;\n      if (!this.parent) this.parent = await Promise.resolve(1);\n    } finally {\n      this.reading = false;\n    }\n  }\n}`,
      options: strict,
    },
    // Written directly, the same: the answer of code the file does not show (a server, a client) is what that code has, not something computed from the value passed in.
    `declare const cluster: { findBroker(previous: object): Promise<object> };\nclass Coordinator {\n  broker: object = {};\n  async refresh() {\n    this.broker = await cluster.findBroker(this.broker);\n  }\n}`,
    // A function of this file whose answer comes from elsewhere, not from its parameter.
    `declare const server: { ask(query: string): Promise<number> };\nasync function lookup(previous: number) {\n  const query = 'next';\n  return await server.ask(query);\n}\nlet c = 0;\nasync function f() {\n  c = await lookup(c);\n}`,
    // The awaited call's answer, kept in a local, is the external system's current state.
    `declare function join(request: { memberId: string }): Promise<{ memberId: string }>;\nclass Consumer {\n  memberId = '';\n  async rejoin() {\n    const group = await join({ memberId: this.memberId || '' });\n    this.memberId = group.memberId;\n  }\n}`,
    // push/unshift change the live array: no other task's update is overwritten.
    `${tick}class Pool {\n  free: number[] = [];\n  async release() {\n    const item = this.free.pop();\n    await tick();\n    if (item !== undefined) this.free.push(item);\n  }\n}`,
    // A class's own push/set, and methods of non-collection instances, are not Map/array writes.
    `${tick}class Out { push(x: unknown) { return x; } items: number[] = []; async run() { const n = this.items.length; await tick(); this.push(n); } }`,
    `${tick}class Registry { set(k: string, v: number) { return [k, v]; } }\nconst registry = new Registry();\nasync function f(k: string) { const v = registry.set(k, 1); await tick(); registry.set(k, v.length); }`,
    // Sequential loop over a local.
    `declare function download(u: string): Promise<void>;\nasync function f(urls: string[]) { let bytes = 0; for (const u of urls) { const before = bytes; await download(u); bytes = before + u.length; } return bytes; }`,
  ],
  invalid: [
    {
      code: `${tick}let counter = 0;\nasync function f() {\n  const temp = counter;\n  await tick();\n  counter = temp + 1;\n}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 21,
          data: { location: '`counter`', Location: '`counter`', readLine: 4, point: 'the `await`', pointLine: 5 },
          suggestions: [
            {
              messageId: 'wrapInLock',
              data: { lock: 'a new lock, `counterLock`,' },
              output: `import { Mutex } from 'async-mutex';\n\n${tick}let counter = 0;\nconst counterLock = new Mutex();\nasync function f() {\n  await counterLock.runExclusive(async () => {\n    const temp = counter;\n    await tick();\n    counter = temp + 1;\n  });\n}`,
            },
          ],
        },
      ],
    },
    {
      // x += await f(): read before the await, written after it.
      code: `import { Semaphore } from 'async-mutex';\ndeclare function delta(): Promise<number>;\nlet total = 0;\nasync function f() {\n  total += await delta();\n}`,
      errors: [
        {
          messageId: 'lostUpdate', column: 3, endLine: 5, endColumn: 25,
          line: 5,
          data: { location: '`total`', Location: '`total`', readLine: 5, point: 'the `await`', pointLine: 5 },
          suggestions: [
            {
              messageId: 'wrapInLock', data: { lock: 'a new lock, `totalLock`,' },
              output: `import { Semaphore, Mutex } from 'async-mutex';\ndeclare function delta(): Promise<number>;\nlet total = 0;\nconst totalLock = new Mutex();\nasync function f() {\n  await totalLock.runExclusive(async () => {\n    total += await delta();\n  });\n}`,
            },
          ],
        },
      ],
    },
    {
      // A semaphore with three permits does not exclude; the class's own mutex guards the field elsewhere and is reused.
      code: `import { Mutex } from 'async-mutex';\ndeclare function persist(n: number): Promise<void>;\nclass Account {\n  private balance = 0;\n  private readonly lock = new Mutex();\n  async unsafe(n: number) {\n    const current = this.balance;\n    await persist(current - n);\n    this.balance = current - n;\n  }\n  async safe(n: number) {\n    await this.lock.runExclusive(async () => {\n      this.balance -= n;\n    });\n  }\n}`,
      errors: [
        {
          messageId: 'lostUpdate', column: 5, endLine: 9, endColumn: 31,
          line: 9,
          data: { location: '`this.balance`', Location: '`this.balance`', readLine: 7, point: 'the `await`', pointLine: 8 },
          suggestions: [
            {
              messageId: 'wrapInLock',
              data: { lock: '`this.lock`' },
              output: `import { Mutex } from 'async-mutex';\ndeclare function persist(n: number): Promise<void>;\nclass Account {\n  private balance = 0;\n  private readonly lock = new Mutex();\n  async unsafe(n: number) {\n    await this.lock.runExclusive(async () => {\n      const current = this.balance;\n      await persist(current - n);\n      this.balance = current - n;\n    });\n  }\n  async safe(n: number) {\n    await this.lock.runExclusive(async () => {\n      this.balance -= n;\n    });\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      code: `import { Semaphore } from 'async-mutex';\n${tick}const three = new Semaphore(3);\nlet c = 0;\nasync function f() {\n  await three.runExclusive(async () => {\n    const t = c;\n    await tick();\n    c = t + 1;\n  });\n}`,
      errors: [{ messageId: 'lostUpdate', data: { location: '`c`', Location: '`c`', readLine: 7, point: 'the `await`', pointLine: 8 }, column: 5, endLine: 9, endColumn: 14, line: 9, suggestions: [{ messageId: 'wrapInLock', data: { lock: 'a new lock, `cLock`,' }, output: "import { Semaphore, Mutex } from 'async-mutex';\ndeclare function tick(): Promise<void>;\nconst three = new Semaphore(3);\nlet c = 0;\nconst cLock = new Mutex();\nasync function f() {\n  await three.runExclusive(async () => {\n    await cLock.runExclusive(async () => {\n      const t = c;\n      await tick();\n      c = t + 1;\n    });\n  });\n}" }] }],
    },
    {
      // A Map entry read before the await and written from it after.
      code: `${tick}const cache = new Map<string, number>();\nasync function bump(k: string) {\n  const v = cache.get(k) ?? 0;\n  await tick();\n  cache.set(k, v + 1);\n}`,
      errors: [
        {
          messageId: 'lostUpdate', column: 3, endLine: 6, endColumn: 22,
          line: 6,
          data: { location: 'the `cache` entry for `k`', Location: 'The `cache` entry for `k`', readLine: 4, point: 'the `await`', pointLine: 5 },
          suggestions: [{ messageId: 'wrapInLock', data: { lock: 'a new lock, `cacheLock`,' }, output: "import { Mutex } from 'async-mutex';\n\ndeclare function tick(): Promise<void>;\nconst cache = new Map<string, number>();\nconst cacheLock = new Mutex();\nasync function bump(k: string) {\n  await cacheLock.runExclusive(async () => {\n    const v = cache.get(k) ?? 0;\n    await tick();\n    cache.set(k, v + 1);\n  });\n}" }],
        },
      ],
    },
    {
      // Declarations used after the region are handed back out of the lock callback.
      code: `${tick}let c = 0;\nasync function f() {\n  const t = c;\n  await tick();\n  c = t + 1;\n  return t;\n}`,
      errors: [
        {
          messageId: 'lostUpdate', data: { location: '`c`', Location: '`c`', readLine: 4, point: 'the `await`', pointLine: 5 }, column: 3, endLine: 6, endColumn: 12,
          line: 6,
          suggestions: [
            {
              messageId: 'wrapInLock', data: { lock: 'a new lock, `cLock`,' },
              output: `import { Mutex } from 'async-mutex';\n\n${tick}let c = 0;\nconst cLock = new Mutex();\nasync function f() {\n  const t = await cLock.runExclusive(async () => {\n    const t = c;\n    await tick();\n    c = t + 1;\n    return t;\n  });\n  return t;\n}`,
            },
          ],
        },
      ],
    },
    {
      // CommonJS: the lock comes from `require`, after the directive prologue.
      code: `'use strict';\nconst { tick } = require('./tick');\nlet c = 0;\nasync function f() {\n  const t = c;\n  await tick();\n  c = t + 1;\n}\nmodule.exports = { f };`,
      filename: 'counter.js',
      errors: [
        {
          messageId: 'lostUpdate', data: { location: '`c`', Location: '`c`', readLine: 5, point: 'the `await`', pointLine: 6 }, column: 3, endLine: 7, endColumn: 12,
          line: 7,
          suggestions: [
            {
              messageId: 'wrapInLock', data: { lock: 'a new lock, `cLock`,' },
              output: `'use strict';\n\nconst { Mutex } = require('async-mutex');\nconst { tick } = require('./tick');\nlet c = 0;\nconst cLock = new Mutex();\nasync function f() {\n  await cLock.runExclusive(async () => {\n    const t = c;\n    await tick();\n    c = t + 1;\n  });\n}\nmodule.exports = { f };`,
            },
          ],
        },
      ],
    },
    {
      // A standard fold builds its answer from what it is given: here the stale brokers.
      code: "declare function connect(host: string): Promise<object>;\nclass Pool {\n  brokers: Record<string, object> = {};\n  async refresh(hosts: string[]) {\n    this.brokers = await hosts.reduce(async (previous, host) => ({ ...(await previous), [host]: await connect(host) }), Promise.resolve(this.brokers));\n  }\n}",
      errors: [{ messageId: 'lostUpdate', endLine: 5, endColumn: 151, line: 5, column: 5, data: { location: '\`this.brokers\`', Location: '\`this.brokers\`', readLine: 5, point: 'the \`await\`', pointLine: 5 }, suggestions: [{ messageId: 'wrapInLock', data: { lock: 'a new lock, `this.brokersLock`,' }, output: "import { Mutex } from 'async-mutex';\n\ndeclare function connect(host: string): Promise<object>;\nclass Pool {\n  brokersLock = new Mutex();\n  brokers: Record<string, object> = {};\n  async refresh(hosts: string[]) {\n    await this.brokersLock.runExclusive(async () => {\n      this.brokers = await hosts.reduce(async (previous, host) => ({ ...(await previous), [host]: await connect(host) }), Promise.resolve(this.brokers));\n    });\n  }\n}" }] }],
    },
    {
      // Kept in a local first, the same: the local holds an answer built from the stale value.
      code: "async function bump(n: number) {\n  await Promise.resolve();\n  return n + 1;\n}\nlet c = 0;\nasync function f() {\n  const next = await bump(c);\n  c = next;\n}",
      errors: [{ messageId: 'lostUpdate', endLine: 8, endColumn: 11, line: 8, column: 3, data: { location: '\`c\`', Location: '\`c\`', readLine: 7, point: 'the \`await\`', pointLine: 7 }, suggestions: [{ messageId: 'wrapInLock', data: { lock: 'a new lock, `cLock`,' }, output: "import { Mutex } from 'async-mutex';\n\nasync function bump(n: number) {\n  await Promise.resolve();\n  return n + 1;\n}\nlet c = 0;\nconst cLock = new Mutex();\nasync function f() {\n  await cLock.runExclusive(async () => {\n    const next = await bump(c);\n    c = next;\n  });\n}" }] }],
    },
    {
      // With `staleAnswers` (strict), the object a method is called on counts: the answer comes from the stale client.
      code: "interface Raw { reconnect(): Promise<Raw> }\nclass Client {\n  constructor(private raw: Raw) {}\n  async reset() {\n    this.raw = await this.raw.reconnect();\n  }\n}",
      options: [{ staleAnswers: true }],
      errors: [{ messageId: 'lostUpdate', endLine: 5, endColumn: 42, line: 5, column: 5, data: { location: '\`this.raw\`', Location: '\`this.raw\`', readLine: 5, point: 'the \`await\`', pointLine: 5 }, suggestions: [{ messageId: 'wrapInLock', data: { lock: 'a new lock, `this.rawLock`,' }, output: "import { Mutex } from 'async-mutex';\n\ninterface Raw { reconnect(): Promise<Raw> }\nclass Client {\n  rawLock = new Mutex();\n  constructor(private raw: Raw) {}\n  async reset() {\n    await this.rawLock.runExclusive(async () => {\n      this.raw = await this.raw.reconnect();\n    });\n  }\n}" }] }],
    },
    {
      // Following continuations (strict), an awaited `.then` chain keeps what it was called on too.
      code: "interface Raw { reconnect(): Promise<Raw> }\nclass Client {\n  constructor(private raw: Raw) {}\n  async reset() {\n    this.raw = await this.raw.reconnect().then((fresh) => fresh);\n  }\n}",
      options: [{ checkContinuations: true, staleAnswers: true }],
      errors: [{ messageId: 'lostUpdate', endLine: 5, endColumn: 65, line: 5, column: 5, data: { location: '\`this.raw\`', Location: '\`this.raw\`', readLine: 5, point: 'the \`await\`', pointLine: 5 }, suggestions: [{ messageId: 'wrapInLock', data: { lock: 'a new lock, `this.rawLock`,' }, output: "import { Mutex } from 'async-mutex';\n\ninterface Raw { reconnect(): Promise<Raw> }\nclass Client {\n  rawLock = new Mutex();\n  constructor(private raw: Raw) {}\n  async reset() {\n    await this.rawLock.runExclusive(async () => {\n      this.raw = await this.raw.reconnect().then((fresh) => fresh);\n    });\n  }\n}" }] }],
    },
    {
      // Written from an awaited function of this file that builds its answer from the stale value passed in.
      code: `async function bump(n: number) {\n  await Promise.resolve();\n  return n + 1;\n}\nlet c = 0;\nasync function f() {\n  c = await bump(c);\n}`,
      errors: [{ messageId: 'lostUpdate', column: 3, endLine: 7, endColumn: 20, line: 7, data: { location: '\`c\`', Location: '\`c\`', readLine: 7, point: 'the \`await\`', pointLine: 7 }, suggestions: [{ messageId: 'wrapInLock', data: { lock: 'a new lock, `cLock`,' }, output: "import { Mutex } from 'async-mutex';\n\nasync function bump(n: number) {\n  await Promise.resolve();\n  return n + 1;\n}\nlet c = 0;\nconst cLock = new Mutex();\nasync function f() {\n  await cLock.runExclusive(async () => {\n    c = await bump(c);\n  });\n}" }] }],
    },
    {
      // The awaited call is a network load that uses nothing the region reads: moving it (and the
      // await on its response, with its comment) above the read comes first; a lock is second.
      code: 'class Cart {\n  private total = 0;\n  async add(id: string): Promise<void> {\n    const current = this.total;\n    // Ask the price service.\n    const response = await fetch(`/prices/${id}`);\n    const price = Number(await response.text());\n    this.total = current + price;\n  }\n}',
      errors: [
        {
          messageId: 'lostUpdate', column: 5, endLine: 8, endColumn: 33,
          line: 8,
          data: { location: '`this.total`', Location: '`this.total`', readLine: 4, point: 'the `await`', pointLine: 6 },
          suggestions: [
            {
              messageId: 'awaitBeforeRead',
              data: { call: 'fetch(`/prices/${id}`)', callLine: 6, readLine: 4 },
              output: 'class Cart {\n  private total = 0;\n  async add(id: string): Promise<void> {\n    // Ask the price service.\n    const response = await fetch(`/prices/${id}`);\n    const price = Number(await response.text());\n    const current = this.total;\n    this.total = current + price;\n  }\n}',
            },
            {
              messageId: 'wrapInLock',
              data: { lock: 'a new lock, `this.totalLock`,' },
              output: "import { Mutex } from 'async-mutex';\n\nclass Cart {\n  totalLock = new Mutex();\n  private total = 0;\n  async add(id: string): Promise<void> {\n    await this.totalLock.runExclusive(async () => {\n      const current = this.total;\n      // Ask the price service.\n      const response = await fetch(`/prices/${id}`);\n      const price = Number(await response.text());\n      this.total = current + price;\n    });\n  }\n}",
            },
          ],
        },
      ],
    },
    {
      // The network call is built from the read: it cannot move before it, only the lock is offered.
      code: 'let total = 0;\nasync function add() {\n  const before = total;\n  const response = await fetch(`/n?after=${before}`);\n  total = before + response.status;\n}',
      errors: [
        {
          messageId: 'lostUpdate', data: { location: '`total`', Location: '`total`', readLine: 3, point: 'the `await`', pointLine: 4 }, column: 3, endLine: 5, endColumn: 35,
          line: 5,
          suggestions: [
            {
              messageId: 'wrapInLock', data: { lock: 'a new lock, `totalLock`,' },
              output: "import { Mutex } from 'async-mutex';\n\nlet total = 0;\nconst totalLock = new Mutex();\nasync function add() {\n  await totalLock.runExclusive(async () => {\n    const before = total;\n    const response = await fetch(`/n?after=${before}`);\n    total = before + response.status;\n  });\n}",
            },
          ],
        },
      ],
    },
    {
      // A plain script can neither import nor require a lock library: no new-lock suggestion,
      // but the network call can still move before the read, which needs no lock.
      code: `let c = 0;\nasync function f() {\n  const t = c;\n  await fetch('/x');\n  c = t + 1;\n}`,
      filename: 'page.js',
      languageOptions: { parserOptions: { sourceType: 'script' } },
      errors: [
        {
          messageId: 'lostUpdate', data: { location: '`c`', Location: '`c`', readLine: 3, point: 'the `await`', pointLine: 4 }, column: 3, endLine: 5, endColumn: 12,
          line: 5,
          suggestions: [
            {
              messageId: 'awaitBeforeRead',
              data: { call: "fetch('/x')", callLine: 4, readLine: 3 },
              output: `let c = 0;\nasync function f() {\n  await fetch('/x');\n  const t = c;\n  c = t + 1;\n}`,
            },
          ],
        },
      ],
    },
    {
      // `break` would cross the callback boundary: no wrap suggestion.
      code: `${tick}let c = 0;\nasync function f() {\n  for (;;) {\n    const t = c;\n    await tick();\n    if (t > 5) break;\n    c = t + 1;\n  }\n}`,
      errors: [{ messageId: 'lostUpdate', data: { location: '`c`', Location: '`c`', readLine: 5, point: 'the `await`', pointLine: 6 }, column: 5, endLine: 8, endColumn: 14, line: 8, suggestions: [] }],
    },
    {
      // Concurrent closures share their parent's local.
      code: `declare function download(u: string): Promise<void>;\nasync function all(urls: string[]) {\n  let done = 0;\n  await Promise.all(urls.map(async (u) => {\n    const before = done;\n    await download(u);\n    done = before + 1;\n  }));\n  return done;\n}`,
      errors: [{ messageId: 'lostUpdate', column: 5, endLine: 7, endColumn: 22, line: 7, data: { location: '`done`', Location: '`done`', readLine: 5, point: 'the `await`', pointLine: 6 }, suggestions: [{ messageId: 'wrapInLock', data: { lock: 'a new lock, `doneLock`,' }, output: "import { Mutex } from 'async-mutex';\n\ndeclare function download(u: string): Promise<void>;\nasync function all(urls: string[]) {\n  let done = 0;\n  const doneLock = new Mutex();\n  await Promise.all(urls.map(async (u) => {\n    await doneLock.runExclusive(async () => {\n      const before = done;\n      await download(u);\n      done = before + 1;\n    });\n  }));\n  return done;\n}" }] }],
    },
    {
      // yield in an async generator hands control to the consumer.
      code: `let c = 0;\nasync function* g() {\n  const t = c;\n  yield t;\n  c = t + 1;\n}`,
      errors: [{ messageId: 'lostUpdate', column: 3, endLine: 5, endColumn: 12, line: 5, data: { location: '`c`', Location: '`c`', readLine: 3, point: 'the `yield`', pointLine: 4 }, suggestions: [] }],
    },
    {
      // strict: check-then-act on a field, with the memoised-promise suggestion first; the field holds a connection, so the report names the harm.
      code: `declare function connect(): Promise<object>;\nclass Repo {\n  private conn?: object;\n  async get() {\n    if (!this.conn) {\n      this.conn = await connect();\n    }\n    return this.conn;\n  }\n}`,
      options: strict,
      filename: 'repo.ts',
      errors: [
        {
          messageId: 'duplicateEffect', column: 7, endLine: 6, endColumn: 34,
          line: 6,
          data: {
            location: '`this.conn`',
            Location: '`this.conn`',
            readLine: 5,
            point: 'the `await`',
            pointLine: 6,
            harm: 'each makes its own `this.conn` and the last write drops the others without closing them',
          },
          suggestions: [
            {
              messageId: 'memoisePromise',
              data: { field: 'this.connPromise', call: 'connect()' },
              output: `declare function connect(): Promise<object>;\nclass Repo {\n  private conn?: object;\n  private connPromise: ReturnType<typeof connect> | undefined;\n  async get() {\n    if (!this.conn) {\n      this.conn = await (this.connPromise ??= connect());\n    }\n    return this.conn;\n  }\n}`,
            },
            {
              messageId: 'wrapInLock', data: { lock: 'a new lock, `this.connLock`,' },
              output: `import { Mutex } from 'async-mutex';\n\ndeclare function connect(): Promise<object>;\nclass Repo {\n  connLock = new Mutex();\n  private conn?: object;\n  async get() {\n    return await this.connLock.runExclusive(async () => {\n      if (!this.conn) {\n        this.conn = await connect();\n      }\n      return this.conn;\n    });\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      // strict: an early return on a cached value guards the rest of the function.
      code: `declare function load(k: string): Promise<number>;\nconst cache = new Map<string, number>();\nasync function get(k: string) {\n  if (cache.has(k)) return cache.get(k);\n  const v = await load(k);\n  cache.set(k, v);\n  return v;\n}`,
      options: strict,
      // The suggestion shares the pending load per key: one lock would make every key wait for every other.
      errors: [
        {
          messageId: 'checkThenAct',
          column: 3,
          endLine: 6,
          endColumn: 18,
          line: 6,
          data: { location: 'the `cache` entry for `k`', Location: 'The `cache` entry for `k`', readLine: 4, point: 'the `await`', pointLine: 5 },
          suggestions: [
            {
              messageId: 'shareInFlight',
              data: { map: 'cacheInFlight', call: 'load()' },
              output:
                'declare function load(k: string): Promise<number>;\nconst cache = new Map<string, number>();\nconst cacheInFlight = new Map<unknown, ReturnType<typeof load>>();\nasync function get(k: string) {\n  if (cache.has(k)) return cache.get(k);\n  const v = await (cacheInFlight.get(k) ?? cacheInFlight.set(k, load(k).finally(() => cacheInFlight.delete(k))).get(k)!);\n  cache.set(k, v);\n  return v;\n}',
            },
          ],
        },
      ],
    },
    {
      // strict: the continuation runs after the promise settles, with a stale local.
      code: `declare function save(n: number): Promise<void>;\nlet counter = 0;\nfunction increment() {\n  const t = counter;\n  return save(t).then(() => {\n    counter = t + 1;\n  });\n}`,
      options: strict,
      errors: [
        {
          messageId: 'lostUpdate', column: 5, endLine: 6, endColumn: 20,
          line: 6,
          data: { location: '`counter`', Location: '`counter`', readLine: 4, point: 'the `.then` callback (it runs after the promise settles)', pointLine: 5 },
          suggestions: [],
        },
      ],
    },
    {
      // for await: each iteration waits.
      code: `declare const source: AsyncIterable<number>;\nlet sum = 0;\nasync function f() {\n  const before = sum;\n  for await (const n of source) {\n    sum = before + n;\n  }\n}`,
      errors: [{ messageId: 'lostUpdate', column: 5, endLine: 6, endColumn: 21, line: 6, data: { location: '`sum`', Location: '`sum`', readLine: 4, point: 'the `for await` loop', pointLine: 5 }, suggestions: [{ messageId: 'wrapInLock', data: { lock: 'a new lock, `sumLock`,' }, output: "import { Mutex } from 'async-mutex';\n\ndeclare const source: AsyncIterable<number>;\nlet sum = 0;\nconst sumLock = new Mutex();\nasync function f() {\n  await sumLock.runExclusive(async () => {\n    const before = sum;\n    for await (const n of source) {\n      sum = before + n;\n    }\n  });\n}" }] }],
    },
  ],
});

// Issue 11: what people really fix. A check-then-act is reported in recommended when running its
// work twice does harm; checks and acts are followed into called functions of the file and into
// `.then` callbacks; shared state is followed through imports, aliases, Map entries and updaters.
ruleTester().run('no-read-await-write-race', rule, {
  valid: [
    // An idempotent cache fill: every caller stores an equal value.
    {
      code: `declare function loadConfig(): Promise<object>;\nexport class Settings {\n  config?: object;\n  async get() {\n    if (!this.config) this.config = await loadConfig();\n    return this.config;\n  }\n}`,
    },
    // Single flight: the promise is claimed before any await.
    {
      code: `declare function connect(): Promise<object>;\nexport class Pool {\n  pending?: Promise<object>;\n  async client() {\n    this.pending ??= connect();\n    return this.pending;\n  }\n}`,
    },
    // Single flight per key.
    {
      code: `declare function connect(host: string): Promise<object>;\nexport class Clients {\n  pending = new Map<string, Promise<object>>();\n  async forHost(host: string) {\n    if (!this.pending.has(host)) this.pending.set(host, connect(host));\n    return this.pending.get(host);\n  }\n}`,
    },
    // The callee memoises its own work: the caller checks, the callee re-checks and claims.
    {
      code: `declare function openTransport(): Promise<object>;\nexport class Client {\n  isConnected = false;\n  connecting: Promise<void> | null = null;\n  async connect() {\n    if (this.isConnected) return;\n    if (this.connecting) return this.connecting;\n    this.connecting = this.doConnect();\n    try {\n      await this.connecting;\n    } finally {\n      this.connecting = null;\n    }\n  }\n  async doConnect() {\n    await openTransport();\n    this.isConnected = true;\n  }\n  async call() {\n    if (!this.isConnected) await this.connect();\n  }\n}`,
      options: strict,
    },
    // Raising a bound re-read after the await.
    {
      code: `declare function apply(block: number): Promise<void>;\nexport class Chain {\n  height = 0;\n  async onBlock(block: number) {\n    if (block <= this.height) return;\n    await apply(block);\n    this.height = Math.max(this.height, block);\n  }\n}`,
      options: strict,
    },
    // A per-request client: each call makes its own and awaits its methods one by one.
    {
      code: `declare function refreshToken(): Promise<string>;\ndeclare function send(token: string, path: string): Promise<void>;\nclass RequestClient {\n  token?: string;\n  async auth() {\n    if (!this.token) this.token = await refreshToken();\n    return this.token;\n  }\n  async get(path: string) {\n    await send(await this.auth(), path);\n  }\n}\nexport async function handle(paths: string[]) {\n  const client = new RequestClient();\n  await client.get(paths[0]!);\n  await client.get(paths[1]!);\n}`,
      options: strict,
    },
    // A Node stream hook: the stream calls _read again only once the previous call is done.
    {
      code: `import { Readable } from 'node:stream';\ndeclare function fetchPage(cursor: string): Promise<{ next: string; rows: string[] }>;\nexport class Rows extends Readable {\n  cursor = '';\n  async _read() {\n    const page = await fetchPage(this.cursor);\n    this.cursor = page.next;\n    this.push(page.rows);\n  }\n}`,
      options: strict,
    },
    // A WHATWG stream source: pull is called again only once its promise settles.
    {
      code: `declare function fetchPage(cursor: string): Promise<{ next: string; rows: string[] }>;\nexport function rows() {\n  let cursor = '';\n  return new ReadableStream({\n    async pull(controller) {\n      const page = await fetchPage(cursor);\n      cursor = page.next;\n      controller.enqueue(page.rows);\n    },\n  });\n}`,
      options: strict,
    },
    // A callback handed to a single-flight wrapper.
    {
      code: `declare function sharedPromiseTo<T>(fn: () => Promise<T>): () => Promise<T>;\ndeclare const coordinator: { heartbeat(): Promise<void> };\nexport class Group {\n  lastRequest = 0;\n  heartbeat = sharedPromiseTo(async () => {\n    if (Date.now() < this.lastRequest + 1000) return;\n    await coordinator.heartbeat();\n    this.lastRequest = Date.now();\n  });\n}`,
      options: strict,
    },
    // A React functional update.
    {
      code: `import { useState } from 'react';\ndeclare function save(n: number): Promise<void>;\nexport function Likes() {\n  const [likes, setLikes] = useState(0);\n  return async () => {\n    await save(likes + 1);\n    setLikes((current) => current + 1);\n  };\n}`,
    },
    // An updater that reads the draft, not a stale copy.
    {
      code: `declare function persist(item: string): Promise<void>;\nexport class Items {\n  state = { items: [] as string[] };\n  update(recipe: (draft: { items: string[] }) => void) {\n    recipe(this.state);\n  }\n  async add(item: string) {\n    await persist(item);\n    this.update((draft) => {\n      draft.items = [...draft.items, item];\n    });\n  }\n}`,
    },
    // An iterator’s yield statement hands out a value and interleaves nothing.
    {
      code: `let counter = 0;\nexport function* ids() {\n  const next = counter;\n  yield next;\n  counter = next + 1;\n}`,
    },
    // harmfulCheckThenAct: false keeps only lost updates.
    {
      code: `class Pool {\n  async client() {\n    if (!this.connection) this.connection = await openConnection(this.url);\n    return this.connection;\n  }\n}`,
      filename: 'pool.js',
      options: [{ harmfulCheckThenAct: false }],
    },
    // typeorm (corpus): the .then chain is memoised in the field checked, so its callback runs once.
    {
      code: `class QueryRunner {\n  connect() {\n    if (this.databaseConnection) return Promise.resolve(this.databaseConnection);\n    if (this.databaseConnectionPromise) return this.databaseConnectionPromise;\n    this.databaseConnectionPromise = this.driver.obtainConnection().then((connection) => {\n      this.databaseConnection = connection;\n      return connection;\n    });\n    return this.databaseConnectionPromise;\n  }\n}`,
      filename: 'runner.js',
    },
    // mongodb (corpus): clearing a field in a callback releases it; it duplicates nothing.
    {
      code: `class Monitor {\n  check() {\n    const connection = this.connection;\n    if (connection == null) {\n      connect(this.options).catch(() => {\n        this.connection = undefined;\n      });\n    }\n  }\n}`,
      filename: 'monitor.js',
    },
    // redis (corpus): connecting a client this call made is no duplicate of shared work.
    {
      code: `class Sentinel {\n  async updateRootNodes() {\n    for (const node of this.rootNodes) {\n      const client = createClient(node);\n      await client.connect();\n      const nodes = await client.sentinels();\n      this.rootNodes = [node, ...nodes];\n      return;\n    }\n  }\n}`,
      filename: 'sentinel.js',
    },
    // typeorm (corpus): awaiting this object’s own connect() before filling a cache ensures a connection; the cache fill is idempotent.
    {
      code: `class Runner {\n  async prepare(query) {\n    let statement = this.statements.get(query);\n    if (!statement) {\n      const connection = await this.connect();\n      statement = connection.prepare(query);\n      this.statements.set(query, statement);\n    }\n    return statement;\n  }\n}`,
      filename: 'sqlite.js',
    },
    // mongodb (corpus): what a called method reads is a check at the call, not the answer it gives.
    {
      code: `class Cursor {\n  async getMore() {\n    const response = await this.server.command({ getMore: this.cursorId });\n    return response;\n  }\n  async fetchBatch() {\n    const response = await this.getMore();\n    this.cursorId = response.id;\n  }\n}`,
      filename: 'cursor.js',
    },
    // knex (corpus): a field named for what it checks, not for a connection, holds no resource.
    {
      code: `class Client {\n  async resolveConfig() {\n    if (!this.connectionConfigExpirationChecker || this.connectionConfigExpirationChecker()) {\n      const result = await this.connectionConfigProvider();\n      this.connectionConfigExpirationChecker = result.expirationChecker;\n    }\n  }\n}`,
      filename: 'client.js',
    },
    // sequelize (corpus): refreshing metadata is no credential; a method of this file is judged by what it does, not its name.
    {
      code: `class Manager {\n  async refreshTypes() {\n    const results = await this.query('SELECT oid FROM pg_type');\n    this.oids = results;\n  }\n  async connect() {\n    if (this.oids.length === 0) {\n      await this.refreshTypes();\n    }\n  }\n}`,
      filename: 'manager.js',
    },
    // Deleting the refresh token after a failed refresh clears it; nothing is spent twice.
    {
      code: `const session = {};\nexport async function idToken(url) {\n  if (!session.refreshToken) throw new Error('logged out');\n  const response = await fetch(url, { method: 'POST', body: session.refreshToken });\n  if (!response.ok) delete session.refreshToken;\n}`,
      filename: 'logout.js',
    },
  ],
  invalid: [
    // A client made after the check: two first calls each make one, and the last write drops the other unclosed.
    {
      code: `class Pool {\n  async client() {\n    if (!this.connection) {\n      this.connection = await openConnection(this.url);\n    }\n    return this.connection;\n  }\n}`,
      filename: 'pool.js',
      errors: [
        {
          messageId: 'duplicateEffect',
          line: 4,
          column: 7,
          endLine: 4,
          endColumn: 55,
          data: { Location: `\`this.connection\``, readLine: 3, point: `the \`await\``, pointLine: 4, harm: `each makes its own \`this.connection\` and the last write drops the others without closing them` },
          suggestions: [
            { messageId: 'memoisePromise', data: { field: 'this.connectionPromise', call: 'openConnection()' }, output: `class Pool {\n  connectionPromise;\n  async client() {\n    if (!this.connection) {\n      this.connection = await (this.connectionPromise ??= openConnection(this.url));\n    }\n    return this.connection;\n  }\n}` },
            { messageId: 'wrapInLock', data: { lock: 'a new lock, `this.connectionLock`,' }, output: `import { Mutex } from 'async-mutex';\n\nclass Pool {\n  connectionLock = new Mutex();\n  async client() {\n    return await this.connectionLock.runExclusive(async () => {\n      if (!this.connection) {\n        this.connection = await openConnection(this.url);\n      }\n      return this.connection;\n    });\n  }\n}` },
          ],
        },
      ],
    },
    // A one-shot call awaited between the check and the write: a refresh token is spent twice.
    {
      code: `class Session {\n  async accessToken() {\n    if (this.expiresAt > Date.now()) return this.token;\n    const answer = await this.auth.refreshToken(this.refresh);\n    this.token = answer.token;\n    this.expiresAt = answer.expiresAt;\n    return this.token;\n  }\n}`,
      filename: 'session.js',
      errors: [
        {
          messageId: 'duplicateEffect',
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 38,
          data: { Location: `\`this.expiresAt\``, readLine: 3, point: `the \`await\``, pointLine: 4, harm: `\`this.auth.refreshToken()\` runs once per call, and it must not run twice` },
          suggestions: [
            { messageId: 'wrapInLock', data: { lock: 'a new lock, `this.expiresAtLock`,' }, output: `import { Mutex } from 'async-mutex';\n\nclass Session {\n  expiresAtLock = new Mutex();\n  async accessToken() {\n    return await this.expiresAtLock.runExclusive(async () => {\n      if (this.expiresAt > Date.now()) return this.token;\n      const answer = await this.auth.refreshToken(this.refresh);\n      this.token = answer.token;\n      this.expiresAt = answer.expiresAt;\n      return this.token;\n    });\n  }\n}` },
          ],
        },
      ],
    },
    // A done flag set after the await that the check read: the setup runs twice.
    {
      code: `class Host {\n  async setup() {\n    if (this.ready) return;\n    await this.loadPlugins();\n    this.ready = true;\n  }\n}`,
      filename: 'plugin.js',
      errors: [
        {
          messageId: 'duplicateEffect',
          line: 5,
          column: 5,
          endLine: 5,
          endColumn: 22,
          data: { Location: `\`this.ready\``, readLine: 3, point: `the \`await\``, pointLine: 4, harm: `each runs the work that \`this.ready\` marks as done` },
          suggestions: [
            { messageId: 'wrapInLock', data: { lock: 'a new lock, `this.readyLock`,' }, output: `import { Mutex } from 'async-mutex';\n\nclass Host {\n  readyLock = new Mutex();\n  async setup() {\n    return await this.readyLock.runExclusive(async () => {\n      if (this.ready) return;\n      await this.loadPlugins();\n      this.ready = true;\n    });\n  }\n}` },
          ],
        },
      ],
    },
    // The in-flight promise is stored only after awaiting the previous one: a second call starts again.
    {
      code: `class Connector {\n  async connect() {\n    if (await this.connected) return true;\n    this.connected = new Promise((resolve) => this.start(resolve));\n    return this.connected;\n  }\n}`,
      filename: 'mcp.js',
      errors: [
        {
          messageId: 'duplicateEffect',
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 67,
          data: { Location: `\`this.connected\``, readLine: 3, point: `the \`await\``, pointLine: 3, harm: `each starts the work again: \`this.connected\` is only stored after the \`await\`` },
          suggestions: [
            { messageId: 'wrapInLock', data: { lock: 'a new lock, `this.connectedLock`,' }, output: `import { Mutex } from 'async-mutex';\n\nclass Connector {\n  connectedLock = new Mutex();\n  async connect() {\n    return await this.connectedLock.runExclusive(async () => {\n      if (await this.connected) return true;\n      this.connected = new Promise((resolve) => this.start(resolve));\n      return this.connected;\n    });\n  }\n}` },
          ],
        },
      ],
    },
    // The check in one method, the act in another: refresh() writes the token after its own await.
    {
      code: `class TokenSource {\n  needsRefresh() {\n    return !this.token || this.expiresAt < Date.now();\n  }\n  async refresh() {\n    const answer = await requestToken(this.clientId);\n    this.token = answer.token;\n    this.expiresAt = answer.expiresAt;\n    return answer.token;\n  }\n  get() {\n    if (this.needsRefresh()) return this.refresh();\n    return Promise.resolve(this.token);\n  }\n}`,
      filename: 'auth.js',
      errors: [
        {
          messageId: 'duplicateEffect',
          line: 12,
          column: 37,
          endLine: 12,
          endColumn: 51,
          data: { Location: `\`this.token\``, readLine: 12, point: `the \`await\``, pointLine: 6, harm: `\`requestToken()\` runs once per call, and it must not run twice` },
          suggestions: [

          ],
        },
      ],
    },
    // The act in a .then callback.
    {
      code: `class Feed {\n  open() {\n    if (!this.socket) {\n      return openSocket(this.url).then((socket) => {\n        this.socket = socket;\n      });\n    }\n    return Promise.resolve();\n  }\n}`,
      filename: 'socket.js',
      errors: [
        {
          messageId: 'duplicateEffect',
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 29,
          data: { Location: `\`this.socket\``, readLine: 3, point: `the \`.then\` callback (it runs after the promise settles)`, pointLine: 4, harm: `each makes its own \`this.socket\` and the last write drops the others without closing them` },
          suggestions: [

          ],
        },
      ],
    },
    // The check kept in a local boolean.
    {
      code: `class Api {\n  async call(path) {\n    const loggedIn = this.session !== undefined;\n    await this.warmUp();\n    if (!loggedIn) this.session = await login(this.credentials);\n    return this.session.get(path);\n  }\n}`,
      options: [{ checkThenAct: true }],
      filename: 'login.js',
      errors: [
        {
          messageId: 'duplicateEffect',
          line: 5,
          column: 20,
          endLine: 5,
          endColumn: 64,
          data: { Location: `\`this.session\``, readLine: 3, point: `the \`await\``, pointLine: 4, harm: `\`login()\` runs once per call, and it must not run twice` },
          suggestions: [
            { messageId: 'memoisePromise', data: { field: 'this.sessionPromise', call: 'login()' }, output: `class Api {\n  sessionPromise;\n  async call(path) {\n    const loggedIn = this.session !== undefined;\n    await this.warmUp();\n    if (!loggedIn) this.session = await (this.sessionPromise ??= login(this.credentials));\n    return this.session.get(path);\n  }\n}` },
            { messageId: 'wrapInLock', data: { lock: 'a new lock, `this.sessionLock`,' }, output: `import { Mutex } from 'async-mutex';\n\nclass Api {\n  sessionLock = new Mutex();\n  async call(path) {\n    return await this.sessionLock.runExclusive(async () => {\n      const loggedIn = this.session !== undefined;\n      await this.warmUp();\n      if (!loggedIn) this.session = await login(this.credentials);\n      return this.session.get(path);\n    });\n  }\n}` },
          ],
        },
      ],
    },
    // A Map read through a get-or-create helper of the class.
    {
      code: `class Clients {\n  byHost = new Map();\n  existing(host) {\n    return this.byHost.get(host);\n  }\n  async forHost(host) {\n    if (this.existing(host)) return this.existing(host);\n    const client = await connect(host);\n    this.byHost.set(host, client);\n    return client;\n  }\n}`,
      options: [{ checkThenAct: true }],
      filename: 'clients.js',
      errors: [
        {
          messageId: 'duplicateEffect',
          line: 9,
          column: 5,
          endLine: 9,
          endColumn: 34,
          data: { Location: `The \`this.byHost\` entry for \`host\``, readLine: 7, point: `the \`await\``, pointLine: 8, harm: `\`connect()\` runs once per call, and it must not run twice` },
          suggestions: [
            { messageId: 'shareInFlight', data: { map: 'this.byHostInFlight', call: 'connect()' }, output: `class Clients {\n  byHost = new Map();\n  byHostInFlight = new Map();\n  existing(host) {\n    return this.byHost.get(host);\n  }\n  async forHost(host) {\n    if (this.existing(host)) return this.existing(host);\n    const client = await (this.byHostInFlight.get(host) ?? this.byHostInFlight.set(host, connect(host).finally(() => this.byHostInFlight.delete(host))).get(host));\n    this.byHost.set(host, client);\n    return client;\n  }\n}` },
          ],
        },
      ],
    },
    // Imported state: one module object every importer shares.
    {
      code: `import { state } from './store';\ndeclare function save(n: number): Promise<void>;\nexport async function increment() {\n  const next = state.count + 1;\n  await save(next);\n  state.count = next;\n}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 21,
          data: { Location: `\`state.count\``, readLine: 4, point: `the \`await\``, pointLine: 5, location: `\`state.count\`` },
          suggestions: [
            { messageId: 'wrapInLock', data: { lock: 'a new lock, `stateLock`,' }, output: `import { state } from './store';\nimport { Mutex } from 'async-mutex';\nconst stateLock = new Mutex();\ndeclare function save(n: number): Promise<void>;\nexport async function increment() {\n  await stateLock.runExclusive(async () => {\n    const next = state.count + 1;\n    await save(next);\n    state.count = next;\n  });\n}` },
          ],
        },
      ],
    },
    // A nested collection: an entry of an entry.
    {
      code: `declare function tick(): Promise<void>;\nexport class Scores {\n  byUser = new Map<string, Map<string, number>>();\n  async add(user: string, game: string) {\n    const before = this.byUser.get(user)!.get(game) ?? 0;\n    await tick();\n    this.byUser.get(user)!.set(game, before + 1);\n  }\n}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 49,
          data: { Location: `The \`this.byUser.get(user)!\` entry for \`game\``, readLine: 5, point: `the \`await\``, pointLine: 6, location: `the \`this.byUser.get(user)!\` entry for \`game\`` },
          suggestions: [
            { messageId: 'wrapInLock', data: { lock: 'a new lock, `this.byUserLock`,' }, output: `import { Mutex } from 'async-mutex';\n\ndeclare function tick(): Promise<void>;\nexport class Scores {\n  byUserLock = new Mutex();\n  byUser = new Map<string, Map<string, number>>();\n  async add(user: string, game: string) {\n    await this.byUserLock.runExclusive(async () => {\n      const before = this.byUser.get(user)!.get(game) ?? 0;\n      await tick();\n      this.byUser.get(user)!.set(game, before + 1);\n    });\n  }\n}` },
          ],
        },
      ],
    },
    // A property of a Map entry, reached through a local alias.
    {
      code: `declare function tick(): Promise<void>;\nexport class Stats {\n  byRoute = new Map<string, { hits: number }>();\n  async hit(route: string) {\n    const entry = this.byRoute.get(route)!;\n    const hits = entry.hits;\n    await tick();\n    entry.hits = hits + 1;\n  }\n}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 26,
          data: { Location: `\`entry.hits\``, readLine: 5, point: `the \`await\``, pointLine: 7, location: `\`entry.hits\`` },
          suggestions: [
            { messageId: 'wrapInLock', data: { lock: 'a new lock, `this.byRouteLock`,' }, output: `import { Mutex } from 'async-mutex';\n\ndeclare function tick(): Promise<void>;\nexport class Stats {\n  byRouteLock = new Mutex();\n  byRoute = new Map<string, { hits: number }>();\n  async hit(route: string) {\n    await this.byRouteLock.runExclusive(async () => {\n      const entry = this.byRoute.get(route)!;\n      const hits = entry.hits;\n      await tick();\n      entry.hits = hits + 1;\n    });\n  }\n}` },
          ],
        },
      ],
    },
    // A local alias of a shared object.
    {
      code: `declare function persist(n: number): Promise<void>;\nexport class Counter {\n  state = { count: 0 };\n  async bump() {\n    const state = this.state;\n    const count = state.count;\n    await persist(count + 1);\n    state.count = count + 1;\n  }\n}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 28,
          data: { Location: `\`state.count\``, readLine: 5, point: `the \`await\``, pointLine: 7, location: `\`state.count\`` },
          suggestions: [
            { messageId: 'wrapInLock', data: { lock: 'a new lock, `this.stateLock`,' }, output: `import { Mutex } from 'async-mutex';\n\ndeclare function persist(n: number): Promise<void>;\nexport class Counter {\n  stateLock = new Mutex();\n  state = { count: 0 };\n  async bump() {\n    await this.stateLock.runExclusive(async () => {\n      const state = this.state;\n      const count = state.count;\n      await persist(count + 1);\n      state.count = count + 1;\n    });\n  }\n}` },
          ],
        },
      ],
    },
    // A write through an updater callback.
    {
      code: `declare function persist(item: string): Promise<void>;\nexport class Items {\n  state = { items: [] as string[] };\n  update(recipe: (draft: { items: string[] }) => void) {\n    recipe(this.state);\n  }\n  async add(item: string) {\n    const items = this.state.items;\n    await persist(item);\n    this.update((draft) => {\n      draft.items = [...items, item];\n    });\n  }\n}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 11,
          column: 7,
          endLine: 11,
          endColumn: 37,
          data: { Location: `\`draft.items\``, readLine: 8, point: `the \`await\``, pointLine: 9, location: `\`draft.items\`` },
          suggestions: [
            { messageId: 'wrapInLock', data: { lock: 'a new lock, `this.stateLock`,' }, output: `import { Mutex } from 'async-mutex';\n\ndeclare function persist(item: string): Promise<void>;\nexport class Items {\n  stateLock = new Mutex();\n  state = { items: [] as string[] };\n  update(recipe: (draft: { items: string[] }) => void) {\n    recipe(this.state);\n  }\n  async add(item: string) {\n    await this.stateLock.runExclusive(async () => {\n      const items = this.state.items;\n      await persist(item);\n      this.update((draft) => {\n        draft.items = [...items, item];\n      });\n    });\n  }\n}` },
          ],
        },
      ],
    },
    // An immer draft.
    {
      code: `import { produce } from 'immer';\ndeclare function persist(n: number): Promise<void>;\nlet store = { visits: 0 };\nexport async function visit() {\n  const visits = store.visits;\n  await persist(visits + 1);\n  store = produce(store, (draft) => {\n    draft.visits = visits + 1;\n  });\n}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 30,
          data: { Location: `\`draft.visits\``, readLine: 5, point: `the \`await\``, pointLine: 6, location: `\`draft.visits\`` },
          suggestions: [
            { messageId: 'wrapInLock', data: { lock: 'a new lock, `storeLock`,' }, output: `import { produce } from 'immer';\nimport { Mutex } from 'async-mutex';\ndeclare function persist(n: number): Promise<void>;\nlet store = { visits: 0 };\nconst storeLock = new Mutex();\nexport async function visit() {\n  await storeLock.runExclusive(async () => {\n    const visits = store.visits;\n    await persist(visits + 1);\n    store = produce(store, (draft) => {\n      draft.visits = visits + 1;\n    });\n  });\n}` },
          ],
        },
      ],
    },
    // A React state setter after an await, with the render's value.
    {
      code: `import { useState } from 'react';\ndeclare function save(n: number): Promise<void>;\nexport function Likes() {\n  const [likes, setLikes] = useState(0);\n  const like = async () => {\n    await save(likes + 1);\n    setLikes(likes + 1);\n  };\n  return like;\n}`,
      errors: [
        {
          messageId: 'staleRenderState',
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 24,
          data: { setter: `setLikes`, point: `the \`await\``, pointLine: 6, state: `\`likes\`` },
          suggestions: [
            { messageId: 'functionalUpdate', data: { setter: 'setLikes', param: 'l' }, output: `import { useState } from 'react';\ndeclare function save(n: number): Promise<void>;\nexport function Likes() {\n  const [likes, setLikes] = useState(0);\n  const like = async () => {\n    await save(likes + 1);\n    setLikes((l) => l + 1);\n  };\n  return like;\n}` },
          ],
        },
      ],
    },
    // A writable global declared by a comment.
    {
      code: `/* global visits:writable */\ndeclare function tick(): Promise<void>;\nexport async function count() {\n  const seen = visits;\n  await tick();\n  visits = seen + 1;\n}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 20,
          data: { Location: `\`visits\``, readLine: 4, point: `the \`await\``, pointLine: 5, location: `\`visits\`` },
          suggestions: [
            { messageId: 'wrapInLock', data: { lock: 'a new lock, `visitsLock`,' }, output: `/* global visits:writable */\nimport { Mutex } from 'async-mutex';\n\nconst visitsLock = new Mutex();\n\ndeclare function tick(): Promise<void>;\nexport async function count() {\n  await visitsLock.runExclusive(async () => {\n    const seen = visits;\n    await tick();\n    visits = seen + 1;\n  });\n}` },
          ],
        },
      ],
    },
    // A plain generator driven as a coroutine (redux-saga).
    {
      code: `declare function call(fn: unknown): unknown;\ndeclare const api: { total(): Promise<number> };\nlet total = 0;\nexport function* refresh() {\n  const before = total;\n  yield call(api.total);\n  total = before + 1;\n}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 21,
          data: { Location: `\`total\``, readLine: 5, point: `the \`yield\``, pointLine: 6, location: `\`total\`` },
          suggestions: [

          ],
        },
      ],
    },
    // ESLint’s own shape: a compound assignment from a bare yield.
    {
      code: `let result = 0;\nfunction* generator() {\n  result += yield;\n}`,
      filename: 'gen.js',
      errors: [
        {
          messageId: 'lostUpdate',
          line: 3,
          column: 3,
          endLine: 3,
          endColumn: 18,
          data: { Location: `\`result\``, readLine: 3, point: `the \`yield\``, pointLine: 3, location: `\`result\`` },
          suggestions: [

          ],
        },
      ],
    },
    // The stale value handed as is to a plain function.
    {
      code: `declare function reduce(state: object, action: string): Promise<object>;\nlet state = {};\nexport async function dispatch(action: string) {\n  state = await reduce(state, action);\n}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 38,
          data: { Location: `\`state\``, readLine: 4, point: `the \`await\``, pointLine: 4, location: `\`state\`` },
          suggestions: [
            { messageId: 'wrapInLock', data: { lock: 'a new lock, `stateLock`,' }, output: `import { Mutex } from 'async-mutex';\n\ndeclare function reduce(state: object, action: string): Promise<object>;\nlet state = {};\nconst stateLock = new Mutex();\nexport async function dispatch(action: string) {\n  await stateLock.runExclusive(async () => {\n    state = await reduce(state, action);\n  });\n}` },
          ],
        },
      ],
    },
    // Strict still reports a check-then-act whose duplicate is harmless.
    {
      code: `declare function loadConfig(): Promise<object>;\nexport class Settings {\n  config?: object;\n  async get() {\n    if (!this.config) this.config = await loadConfig();\n    return this.config;\n  }\n}`,
      options: strict,
      errors: [
        {
          messageId: 'checkThenAct',
          line: 5,
          column: 23,
          endLine: 5,
          endColumn: 55,
          data: { Location: `\`this.config\``, readLine: 5, point: `the \`await\``, pointLine: 5 },
          suggestions: [
            { messageId: 'memoisePromise', data: { field: 'this.configPromise', call: 'loadConfig()' }, output: `declare function loadConfig(): Promise<object>;\nexport class Settings {\n  config?: object;\n  private configPromise: ReturnType<typeof loadConfig> | undefined;\n  async get() {\n    if (!this.config) this.config = await (this.configPromise ??= loadConfig());\n    return this.config;\n  }\n}` },
            { messageId: 'wrapInLock', data: { lock: 'a new lock, `this.configLock`,' }, output: `import { Mutex } from 'async-mutex';\n\ndeclare function loadConfig(): Promise<object>;\nexport class Settings {\n  configLock = new Mutex();\n  config?: object;\n  async get() {\n    return await this.configLock.runExclusive(async () => {\n      if (!this.config) this.config = await loadConfig();\n      return this.config;\n    });\n  }\n}` },
          ],
        },
      ],
    },
    // A refresh token written back after the refresh request: two callers spend the same one.
    {
      code: `const session = {};\nexport async function idToken(url) {\n  if (!session.refreshToken) throw new Error('logged out');\n  const response = await fetch(url, { method: 'POST', body: session.refreshToken });\n  const answer = await response.json();\n  session.refreshToken = answer.refreshToken;\n  return answer.idToken;\n}`,
      filename: 'token.js',
      errors: [
        {
          messageId: 'duplicateEffect',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 45,
          data: { Location: `\`session.refreshToken\``, readLine: 3, point: `the \`await\``, pointLine: 4, harm: `each spends the refresh token in \`session.refreshToken\`, which the server may accept only once` },
          suggestions: [
            { messageId: 'wrapInLock', data: { lock: 'a new lock, `sessionLock`,' }, output: `import { Mutex } from 'async-mutex';\n\nconst session = {};\nconst sessionLock = new Mutex();\nexport async function idToken(url) {\n  const answer = await sessionLock.runExclusive(async () => {\n    if (!session.refreshToken) throw new Error('logged out');\n    const response = await fetch(url, { method: 'POST', body: session.refreshToken });\n    const answer = await response.json();\n    session.refreshToken = answer.refreshToken;\n    return answer;\n  });\n  return answer.idToken;\n}` },
          ],
        },
      ],
    },
  ],
});

// Which duplicates do harm (the recommended preset reports only those), and single-flight code
// that runs the work once (quiet even with every check-then-act reported).
ruleTester().run('no-read-await-write-race: harm and single flight', rule, {
  valid: [
    // A value made but never opened here holds nothing to close: dropping the second one leaks nothing.
    {
      code: `class App {\n  async loadPlugins() {\n    if (!this.plugins) {\n      const found = await findPlugins(this.dir);\n      this.plugins = new PluginSet(found);\n    }\n  }\n  async shutdown() {\n    await this.plugins?.close();\n  }\n}`,
      filename: 'resource-unopened.js',
    },
    // A check that only skips work already done (LISTEN is idempotent) says nothing about harm in doing it twice.
    {
      code: `class Listener {\n  async ensure() {\n    if (!this.active) {\n      await this.client.query('LISTEN jobs');\n      this.active = true;\n    }\n  }\n}`,
      filename: 'skipflag.js',
    },
    // A closure that calls itself again only once its previous run is over, and that its maker does not hand out, is no memoiser.
    {
      code: `export function poll(test, delay) {\n  let done = false;\n  const step = async (resolve) => {\n    if (done) return;\n    await sleep(delay);\n    if (await test()) {\n      done = true;\n      resolve();\n      return;\n    }\n    step(resolve);\n  };\n  return new Promise((resolve) => step(resolve));\n}`,
      filename: 'poller.js',
    },
    // Single flight per entry: `group.loading ??= …` is checked and stored in one step, so the callback runs once per group.
    {
      code: `class Routes {\n  waiting = [];\n  async find(path) {\n    for (;;) {\n      const group = this.waiting.find((candidate) => path.startsWith(candidate.prefix));\n      if (!group) break;\n      group.loading ??= group.load().then((routes) => {\n        this.add(routes);\n        this.waiting.splice(this.waiting.indexOf(group), 1);\n      });\n      await group.loading;\n    }\n    return this.table[path];\n  }\n}`,
      filename: 'memo-entry.js',
      options: strict,
    },
    // `starting` is set before any await on the only path past the check: no other call gets past it, so `ready` is claimed too.
    {
      code: `class Remote {\n  async init() {\n    if (!this.ready && !this.starting) {\n      this.starting = true;\n      await this.container.boot();\n      this.ready = true;\n    }\n  }\n}`,
      filename: 'claim.js',
      options: strict,
    },
    // The same claim, written as an early return.
    {
      code: `class Remote {\n  async init() {\n    if (this.ready || this.starting) return;\n    this.starting = true;\n    await this.container.boot();\n    this.ready = true;\n  }\n}`,
      filename: 'claim-exit.js',
      options: strict,
    },
    // The helper awaits only the promise it stored for every caller, so what it writes afterwards is the same for all of them.
    {
      code: `export function remember(provider) {\n  let pending;\n  let known = false;\n  let value;\n  const shared = async () => {\n    if (!pending) pending = provider();\n    try {\n      value = await pending;\n      known = true;\n    } finally {\n      pending = undefined;\n    }\n    return value;\n  };\n  return async () => {\n    if (!known) await shared();\n    return value;\n  };\n}`,
      filename: 'shared-callee.js',
      options: strict,
    },
    // A function wrapped by a limiter with a limit of one runs for one caller at a time.
    {
      code: `const limit = require('ext/promise/limit').bind(Promise);\nconst tokens = {};\nmodule.exports = limit(1, async function current() {\n  if (tokens.access && tokens.expiresAt > Date.now()) return tokens.access;\n  const answer = await exchange(tokens.refresh);\n  tokens.access = answer.access;\n  tokens.refresh = answer.refresh;\n  tokens.expiresAt = answer.expiresAt;\n  return tokens.access;\n});`,
      filename: 'limit.js',
      options: strict,
    },
  ],
  invalid: [
    // The file closes what `this.link` holds and this call opens a new one: the second open leaks the first.
    {
      code: `class Store {\n  async open() {\n    if (this.link && this.link.isOpen()) return this;\n    const hosts = await lookupHosts(this.url);\n    const link = new Link(hosts);\n    link.open();\n    this.link = link;\n    return this;\n  }\n  async close() {\n    const link = this.link;\n    this.link = undefined;\n    await link.close();\n  }\n}`,
      filename: 'resource.js',
      errors: [
        {
          messageId: 'duplicateEffect',
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 21,
          data: { Location: `\`this.link\``, readLine: 3, point: `the \`await\``, pointLine: 4, harm: `each makes its own \`this.link\` and the last write drops the others without closing them` },
          suggestions: [
            { messageId: 'wrapInLock', data: { lock: 'a new lock, `this.linkLock`,' }, output: `import { Mutex } from 'async-mutex';\n\nclass Store {\n  linkLock = new Mutex();\n  async open() {\n    return await this.linkLock.runExclusive(async () => {\n      if (this.link && this.link.isOpen()) return this;\n      const hosts = await lookupHosts(this.url);\n      const link = new Link(hosts);\n      link.open();\n      this.link = link;\n      return this;\n    });\n  }\n  async close() {\n    const link = this.link;\n    this.link = undefined;\n    await link.close();\n  }\n}` },
          ],
        },
      ],
    },
    // A throttle: the call is made for its effect and the checked time is stored only after it, so concurrent calls all make it.
    {
      code: `class Member {\n  async keepAlive(every) {\n    if (Date.now() < this.lastBeat + every) return;\n    await this.broker.beat(this.id);\n    this.lastBeat = Date.now();\n  }\n}`,
      filename: 'throttle.js',
      errors: [
        {
          messageId: 'duplicateEffect',
          line: 5,
          column: 5,
          endLine: 5,
          endColumn: 31,
          data: { Location: `\`this.lastBeat\``, readLine: 3, point: `the \`await\``, pointLine: 4, harm: `each makes the call \`this.broker.beat()\` that \`this.lastBeat\` records, and it is only written after the \`await\`` },
          suggestions: [
            { messageId: 'wrapInLock', data: { lock: 'a new lock, `this.lastBeatLock`,' }, output: `import { Mutex } from 'async-mutex';\n\nclass Member {\n  lastBeatLock = new Mutex();\n  async keepAlive(every) {\n    return await this.lastBeatLock.runExclusive(async () => {\n      if (Date.now() < this.lastBeat + every) return;\n      await this.broker.beat(this.id);\n      this.lastBeat = Date.now();\n    });\n  }\n}` },
          ],
        },
      ],
    },
    // A state the check throws on forbids the work twice, yet two calls pass it before either records it.
    {
      code: `class Tx {\n  async commit() {\n    if (this.outcome) throw new Error(\`already \${this.outcome}\`);\n    await this.db.finish(this.id);\n    this.outcome = 'committed';\n  }\n}`,
      filename: 'throws.js',
      errors: [
        {
          messageId: 'duplicateEffect',
          line: 5,
          column: 5,
          endLine: 5,
          endColumn: 31,
          data: { Location: `\`this.outcome\``, readLine: 3, point: `the \`await\``, pointLine: 4, harm: `each makes the call \`this.db.finish()\` that \`this.outcome\` records, and it is only written after the \`await\`` },
          suggestions: [
            { messageId: 'wrapInLock', data: { lock: 'a new lock, `this.outcomeLock`,' }, output: `import { Mutex } from 'async-mutex';\n\nclass Tx {\n  outcomeLock = new Mutex();\n  async commit() {\n    await this.outcomeLock.runExclusive(async () => {\n      if (this.outcome) throw new Error(\`already \${this.outcome}\`);\n      await this.db.finish(this.id);\n      this.outcome = 'committed';\n    });\n  }\n}` },
          ],
        },
      ],
    },
    // A memoiser made by a function: the closure it returns keeps state to call `load` once, and two callers both call it.
    {
      code: `export function lazy(load) {\n  let loaded = false;\n  let value;\n  return async () => {\n    if (!loaded) {\n      value = await load();\n      loaded = true;\n    }\n    return value;\n  };\n}`,
      filename: 'wrapper.js',
      errors: [
        {
          messageId: 'duplicateEffect',
          line: 7,
          column: 7,
          endLine: 7,
          endColumn: 20,
          data: { Location: `\`loaded\``, readLine: 5, point: `the \`await\``, pointLine: 6, harm: `each calls \`load()\` again, which this closure keeps state to call once` },
          suggestions: [
            { messageId: 'wrapInLock', data: { lock: 'a new lock, `loadedLock`,' }, output: `import { Mutex } from 'async-mutex';\n\nexport function lazy(load) {\n  let loaded = false;\n  const loadedLock = new Mutex();\n  let value;\n  return async () => {\n    return await loadedLock.runExclusive(async () => {\n      if (!loaded) {\n        value = await load();\n        loaded = true;\n      }\n      return value;\n    });\n  };\n}` },
          ],
        },
      ],
    },
    // The list is rebuilt from what was read before the await while `mount` pushes to it: entries pushed meanwhile are lost.
    {
      code: `class Routes {\n  waiting = [];\n  mount(group) {\n    this.waiting.push(group);\n  }\n  async find(path) {\n    if (this.waiting.length) {\n      const rest = [];\n      for (const group of this.waiting) {\n        if (path.startsWith(group.prefix)) this.mount(await group.load());\n        else rest.push(group);\n      }\n      this.waiting = rest;\n    }\n    return this.table[path];\n  }\n}`,
      filename: 'entries.js',
      errors: [
        {
          messageId: 'duplicateEffect',
          line: 13,
          column: 7,
          endLine: 13,
          endColumn: 26,
          data: { Location: `\`this.waiting\``, readLine: 7, point: `the \`await\``, pointLine: 10, harm: `each replaces \`this.waiting\` and the entries added to it meanwhile are lost` },
          suggestions: [
            { messageId: 'wrapInLock', data: { lock: 'a new lock, `this.waitingLock`,' }, output: `import { Mutex } from 'async-mutex';\n\nclass Routes {\n  waitingLock = new Mutex();\n  waiting = [];\n  mount(group) {\n    this.waiting.push(group);\n  }\n  async find(path) {\n    await this.waitingLock.runExclusive(async () => {\n      if (this.waiting.length) {\n        const rest = [];\n        for (const group of this.waiting) {\n          if (path.startsWith(group.prefix)) this.mount(await group.load());\n          else rest.push(group);\n        }\n        this.waiting = rest;\n      }\n    });\n    return this.table[path];\n  }\n}` },
          ],
        },
      ],
    },
    // Emptied after the await: what `add` pushed while the batch was being delivered is dropped unsent
    // (reported as contents taken, then emptied; a lock would not help, as `add` takes none).
    {
      code: `class Outbox {\n  items = [];\n  add(item) {\n    this.items.push(item);\n  }\n  async flush() {\n    if (this.items.length === 0) return;\n    await this.transport.deliver(this.items);\n    this.items = [];\n  }\n}`,
      filename: 'drain.js',
      errors: [
        {
          messageId: 'droppedAdditions',
          line: 9,
          column: 5,
          endLine: 9,
          endColumn: 20,
          data: { location: `\`this.items\``, Location: `\`this.items\``, readLine: 8, point: `the \`await\``, pointLine: 8 },
          suggestions: [],
        },
      ],
    },
    // Stored without a look at `pending` first, the promise is each caller's own: every caller calls `provider` and writes `known` after it.
    {
      code: `export function remember(provider) {\n  let pending;\n  let known = false;\n  let value;\n  const fetchValue = async () => {\n    pending = provider();\n    value = await pending;\n    known = true;\n    return value;\n  };\n  return async () => {\n    if (!known) await fetchValue();\n    return value;\n  };\n}`,
      filename: 'unshared-callee.js',
      options: strict,
      errors: [
        {
          messageId: 'checkThenAct',
          line: 12,
          column: 23,
          endLine: 12,
          endColumn: 35,
          data: { Location: `\`known\``, readLine: 12, point: `the \`await\``, pointLine: 7 },
          suggestions: [
            { messageId: 'wrapInLock', data: { lock: 'a new lock, `knownLock`,' }, output: `import { Mutex } from 'async-mutex';\n\nexport function remember(provider) {\n  let pending;\n  let known = false;\n  const knownLock = new Mutex();\n  let value;\n  const fetchValue = async () => {\n    pending = provider();\n    value = await pending;\n    known = true;\n    return value;\n  };\n  return async () => {\n    return await knownLock.runExclusive(async () => {\n      if (!known) await fetchValue();\n      return value;\n    });\n  };\n}` },
          ],
        },
      ],
    },
    // Part of an `||`: a call with `ready` unset passes whatever `starting` holds, so nothing is claimed.
    {
      code: `class Remote {\n  async init() {\n    if (!this.ready || !this.starting) {\n      this.starting = true;\n      await this.container.boot();\n      this.ready = true;\n    }\n  }\n}`,
      filename: 'claim-or.js',
      options: strict,
      errors: [
        {
          messageId: 'duplicateEffect',
          line: 6,
          column: 7,
          endLine: 6,
          endColumn: 24,
          data: { Location: `\`this.ready\``, readLine: 3, point: `the \`await\``, pointLine: 5, harm: `each runs the work that \`this.ready\` marks as done` },
          suggestions: [
            { messageId: 'wrapInLock', data: { lock: 'a new lock, `this.readyLock`,' }, output: `import { Mutex } from 'async-mutex';\n\nclass Remote {\n  readyLock = new Mutex();\n  async init() {\n    await this.readyLock.runExclusive(async () => {\n      if (!this.ready || !this.starting) {\n        this.starting = true;\n        await this.container.boot();\n        this.ready = true;\n      }\n    });\n  }\n}` },
          ],
        },
      ],
    },
  ],
});

// Shapes of real check-then-act fixes the rule once missed entirely: a check claimed only after its
// branch's `await`, a check of other state, a `setTimeout` callback, a replacement that does not
// settle the check, state reached through a getter, and ESLint's own `globals` miss.
ruleTester().run('no-read-await-write-race', rule, {
  valid: [
    // One part of an && test claimed before the await turns every other call away (`initing`).
    {
      code: `declare function prepare(): Promise<void>;\nexport class Remote {\n  inited = false;\n  initing = false;\n  async init() {\n    if (!this.inited && !this.initing) {\n      this.initing = true;\n      await prepare();\n      this.inited = true;\n    }\n  }\n}`,
      options: strict,
    },
    // The same with a guard: past `if (a || b) return`, both must be false.
    {
      code: `declare function prepare(): Promise<void>;\nexport class Remote {\n  inited = false;\n  initing = false;\n  async init() {\n    if (this.inited || this.initing) return;\n    this.initing = true;\n    await prepare();\n    this.inited = true;\n  }\n}`,
      options: strict,
    },
    // Clearing a field after closing it ends the work; it claims nothing late.
    {
      code: `export class Session {\n  transport?: { close(): Promise<void> };\n  async reset() {\n    if (this.transport) await this.transport.close();\n    this.transport = undefined;\n  }\n}`,
      options: strict,
    },
    // An async Promise executor runs past its first await later: its awaits are not this path's.
    {
      code: `declare function open(): Promise<void>;\nexport class Client {\n  connected: Promise<boolean> | null = null;\n  async connect() {\n    if (this.connected) return this.connected;\n    this.connected = new Promise(async (resolve) => {\n      await open();\n      resolve(true);\n    });\n    return this.connected;\n  }\n}`,
      options: strict,
    },
    // The reconnect is shared through a promise claimed before the await (single flight).
    {
      code: `export class Channel {\n  socket!: WebSocket;\n  reopening?: Promise<void>;\n  reopen(url: string) {\n    return new Promise<void>((resolve) => {\n      this.socket = new WebSocket(url);\n      this.socket.addEventListener('open', () => resolve(), { once: true });\n    });\n  }\n  async send(url: string, data: string) {\n    if (this.socket.readyState !== WebSocket.OPEN) {\n      if (!this.reopening) this.reopening = this.reopen(url).finally(() => { this.reopening = undefined; });\n      await this.reopening;\n    }\n    this.socket.send(data);\n  }\n}`,
      options: strict,
    },
    // Filling a getter's singleton is a check-then-act, but an idempotent one: recommended stays quiet.
    `declare function getGlobal(): { context: { storage?: object } };\ndeclare function loadStorage(): Promise<new () => object>;\nexport async function storage() {\n  const global = getGlobal();\n  if (!global.context.storage) {\n    const Storage = await loadStorage();\n    global.context.storage = new Storage();\n  }\n  return global.context.storage;\n}`,
    // A getter with an argument tells calls apart: its answer is not known to be shared.
    {
      code: `declare function getContext(id: string): { storage?: object };\ndeclare function load(): Promise<object>;\nexport async function storage(id: string) {\n  const context = getContext(id);\n  if (!context.storage) context.storage = await load();\n  return context.storage;\n}`,
      options: strict,
    },
    // The stop flag is checked again after the await (here, and by the rescheduled call itself): the new timer is no duplicate.
    {
      code: `declare function report(): Promise<boolean>;\nexport class Reporter {\n  stopped = false;\n  timer?: ReturnType<typeof setTimeout>;\n  stop() {\n    this.stopped = true;\n  }\n  async send() {\n    if (this.stopped) return;\n    const more = await report();\n    if (!more) this.stopped = true;\n    if (!this.stopped) this.timer = setTimeout(() => this.send(), 1000);\n  }\n}`,
    },
    // A branch taken when the promise is set joins work already claimed: the write after it starts new work under a fresh check.
    {
      code: `declare const raw: { isOpen: boolean; connect(): Promise<void> };\nexport class Client {\n  connecting?: Promise<void>;\n  async connect() {\n    if (this.connecting) {\n      await this.connecting;\n    }\n    if (!raw.isOpen) this.connecting = raw.connect().finally(() => { this.connecting = undefined; });\n    await this.connecting;\n  }\n}`,
    },
    // A check kept in a local is claimed by the write right after it: a second error sees \`ready\` false.
    {
      code: `export class Socket {\n  ready = false;\n  async open() {\n    await Promise.resolve();\n    this.ready = true;\n  }\n  onError() {\n    const wasReady = this.ready;\n    this.ready = false;\n    if (!wasReady) return;\n    this.open().catch(() => undefined);\n  }\n}`,
      options: strict,
    },
    // The timer handle is stored under the check before the callback can run: the check is claimed.
    {
      code: `declare function flush(): void;\nlet timer: ReturnType<typeof setTimeout> | null = null;\nexport function schedule() {\n  if (!timer) {\n    timer = setTimeout(() => {\n      timer = null;\n      flush();\n    }, 100);\n  }\n}`,
      options: strict,
    },
    // A nesting depth belongs to one flow re-entering (outermost call begins, inner ones take savepoints).
    {
      code: `declare const client: { begin(): Promise<void>; query(sql: string): Promise<void> };\nexport class Runner {\n  transactionDepth = 0;\n  connection?: object;\n  async startTransaction() {\n    if (this.transactionDepth === 0) {\n      await client.begin();\n      this.connection = {};\n    } else {\n      await client.query('SAVEPOINT s' + this.transactionDepth);\n    }\n    this.transactionDepth += 1;\n  }\n}`,
    },
  ],
  invalid: [
    // The flag is set after the branch that awaited: every call that came in meanwhile ran the branch.
    {
      code: `declare const container: { init(): Promise<void> };\nexport class Remote {\n  inited = false;\n  async load() {\n    if (!this.inited) {\n      await container.init();\n    }\n    this.inited = true;\n  }\n}`,
      errors: [
        {
          messageId: 'duplicateEffect',
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 23,
          data: { Location: '`this.inited`', location: '`this.inited`', readLine: 5, point: 'the `await`', pointLine: 6, harm: 'each runs the work that `this.inited` marks as done' },
          suggestions: [
            { messageId: "wrapInLock", data: { lock: "a new lock, `this.initedLock`," }, output: "import { Mutex } from 'async-mutex';\n\ndeclare const container: { init(): Promise<void> };\nexport class Remote {\n  initedLock = new Mutex();\n  inited = false;\n  async load() {\n    await this.initedLock.runExclusive(async () => {\n      if (!this.inited) {\n        await container.init();\n      }\n      this.inited = true;\n    });\n  }\n}" },
          ],
        },
      ],
    },
    // A count checked before the launch and raised after it: two first clients launch two browsers.
    {
      code: `declare function newBrowser(): Promise<{ close(): Promise<void> }>;\nexport function serve() {\n  let sharedBrowser: { close(): Promise<void> } | undefined;\n  let clients = 0;\n  return {\n    open: async () => {\n      if (clients === 0) {\n        const browser = await newBrowser();\n        sharedBrowser = browser;\n      }\n      clients++;\n      return sharedBrowser;\n    },\n  };\n}`,
      errors: [
        {
          messageId: 'duplicateEffect',
          line: 9,
          column: 9,
          endLine: 9,
          endColumn: 32,
          data: { Location: '`sharedBrowser`', location: '`sharedBrowser`', readLine: 7, point: 'the `await`', pointLine: 8, harm: 'each makes its own `sharedBrowser` and the last write drops the others without closing them' },
          suggestions: [
            { messageId: "wrapInLock", data: { lock: "a new lock, `clientsLock`," }, output: "import { Mutex } from 'async-mutex';\n\ndeclare function newBrowser(): Promise<{ close(): Promise<void> }>;\nexport function serve() {\n  let sharedBrowser: { close(): Promise<void> } | undefined;\n  let clients = 0;\n  const clientsLock = new Mutex();\n  return {\n    open: async () => {\n      return await clientsLock.runExclusive(async () => {\n        if (clients === 0) {\n          const browser = await newBrowser();\n          sharedBrowser = browser;\n        }\n        clients++;\n        return sharedBrowser;\n      });\n    },\n  };\n}" },
          ],
        },
      ],
    },
    // Strict also reports the late claim itself; a harmless write of other state under the check is left out.
    {
      code: `declare function load(): Promise<object>;\nexport function serve() {\n  let cached: object | undefined;\n  let users = 0;\n  return async () => {\n    if (users === 0) {\n      const value = await load();\n      cached = value;\n    }\n    users++;\n    return cached;\n  };\n}`,
      options: strict,
      errors: [
        {
          messageId: 'checkThenAct',
          line: 10,
          column: 5,
          endLine: 10,
          endColumn: 12,
          data: { Location: '`users`', location: '`users`', readLine: 6, point: 'the `await`', pointLine: 7 },
          suggestions: [
            { messageId: "wrapInLock", data: { lock: "a new lock, `usersLock`," }, output: "import { Mutex } from 'async-mutex';\n\ndeclare function load(): Promise<object>;\nexport function serve() {\n  let cached: object | undefined;\n  let users = 0;\n  const usersLock = new Mutex();\n  return async () => {\n    return await usersLock.runExclusive(async () => {\n      if (users === 0) {\n        const value = await load();\n        cached = value;\n      }\n      users++;\n      return cached;\n    });\n  };\n}" },
          ],
        },
      ],
    },
    // Both close and error handlers schedule a reconnect: the attempt count is raised only in the timer
    // (a timer's callback counts as a continuation: strict, `checkContinuations`).
    {
      code: `declare function dial(): Promise<{ close(): void }>;\nexport function connection(limit: number) {\n  let attempts = 0;\n  let socket: { close(): void } | undefined;\n  async function setup() {\n    const opened = await dial();\n    socket = opened;\n  }\n  const onClose = () => {\n    if (attempts < limit)\n      setTimeout(async () => {\n        attempts++;\n        await setup();\n      }, 1000);\n  };\n  return { setup, onClose };\n}`,
      options: [{ checkContinuations: true }],
      errors: [
        {
          messageId: 'duplicateEffect',
          line: 13,
          column: 15,
          endLine: 13,
          endColumn: 22,
          data: { Location: '`socket`', location: '`socket`', readLine: 10, point: 'the `setTimeout` callback (it runs later)', pointLine: 11, harm: 'each makes its own `socket` and the last write drops the others without closing them' },
          suggestions: [],
        },
      ],
    },
    // A new socket is not open yet: a second call made before it opens replaces it again.
    {
      code: `export class Channel {\n  socket!: WebSocket;\n  reopen(url: string) {\n    return new Promise<void>((resolve) => {\n      this.socket = new WebSocket(url);\n      this.socket.addEventListener('open', () => resolve(), { once: true });\n    });\n  }\n  async send(url: string, data: string) {\n    if (this.socket.readyState !== WebSocket.OPEN) {\n      await this.reopen(url);\n    }\n    this.socket.send(data);\n  }\n}`,
      errors: [
        {
          messageId: 'unsettledCheck',
          line: 11,
          column: 13,
          endLine: 11,
          endColumn: 29,
          data: { Location: '`this.socket`', location: '`this.socket`', readLine: 10, point: 'the `await`', pointLine: 11, harm: 'each makes its own `this.socket` and the last write drops the others without closing them' },
          suggestions: [
            { messageId: "wrapInLock", data: { lock: "a new lock, `this.socketLock`," }, output: "import { Mutex } from 'async-mutex';\n\nexport class Channel {\n  socketLock = new Mutex();\n  socket!: WebSocket;\n  reopen(url: string) {\n    return new Promise<void>((resolve) => {\n      this.socket = new WebSocket(url);\n      this.socket.addEventListener('open', () => resolve(), { once: true });\n    });\n  }\n  async send(url: string, data: string) {\n    await this.socketLock.runExclusive(async () => {\n      if (this.socket.readyState !== WebSocket.OPEN) {\n        await this.reopen(url);\n      }\n      this.socket.send(data);\n    });\n  }\n}" },
          ],
        },
      ],
    },
    // A process-wide object reached through a getter: strict reports the fill.
    {
      code: `declare function getGlobal(): { context: { storage?: object } };\ndeclare function loadStorage(): Promise<new () => object>;\nexport async function storage() {\n  const global = getGlobal();\n  if (!global.context.storage) {\n    const Storage = await loadStorage();\n    global.context.storage = new Storage();\n  }\n  return global.context.storage;\n}`,
      options: strict,
      errors: [
        {
          messageId: 'checkThenAct',
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 43,
          data: { Location: '`global.context.storage`', location: '`global.context.storage`', readLine: 5, point: 'the `await`', pointLine: 6 },
          suggestions: [
            { messageId: "wrapInLock", data: { lock: "a new lock, `globalLock`," }, output: "import { Mutex } from 'async-mutex';\n\nconst globalLock = new Mutex();\n\ndeclare function getGlobal(): { context: { storage?: object } };\ndeclare function loadStorage(): Promise<new () => object>;\nexport async function storage() {\n  const global = getGlobal();\n  return await globalLock.runExclusive(async () => {\n    if (!global.context.storage) {\n      const Storage = await loadStorage();\n      global.context.storage = new Storage();\n    }\n    return global.context.storage;\n  });\n}" },
          ],
        },
      ],
    },
    // The write that claims the checked flag is the race; a write of other state under the same stale check is not reported again.
    {
      code: `declare const group: { connect(): Promise<void> };\nexport class Runner {\n  running = false;\n  consuming = false;\n  schedule() {\n    this.consuming = true;\n  }\n  async start() {\n    if (this.running) return;\n    await group.connect();\n    this.running = true;\n    this.schedule();\n  }\n}`,
      options: [{ checkThenAct: true }],
      errors: [
        {
          messageId: 'duplicateEffect',
          line: 11,
          column: 5,
          endLine: 11,
          endColumn: 24,
          data: { Location: '`this.running`', location: '`this.running`', readLine: 9, point: 'the `await`', pointLine: 10, harm: '`group.connect()` runs once per call, and it must not run twice' },
          suggestions: [
            { messageId: "wrapInLock", data: { lock: "a new lock, `this.runningLock`," }, output: "import { Mutex } from 'async-mutex';\n\ndeclare const group: { connect(): Promise<void> };\nexport class Runner {\n  runningLock = new Mutex();\n  running = false;\n  consuming = false;\n  schedule() {\n    this.consuming = true;\n  }\n  async start() {\n    return await this.runningLock.runExclusive(async () => {\n      if (this.running) return;\n      await group.connect();\n      this.running = true;\n      this.schedule();\n    });\n  }\n}" },
          ],
        },
      ],
    },
    // ESLint's own miss: a global the config declares writable.
    {
      code: `declare function tick(): Promise<void>;\nexport async function count() {\n  const seen = visits;\n  await tick();\n  visits = seen + 1;\n}`,
      languageOptions: { globals: { visits: 'writable' } },
      errors: [
        {
          messageId: 'lostUpdate',
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 20,
          data: { Location: '`visits`', location: '`visits`', readLine: 3, point: 'the `await`', pointLine: 4 },
          suggestions: [
            { messageId: "wrapInLock", data: { lock: "a new lock, `visitsLock`," }, output: "import { Mutex } from 'async-mutex';\n\nconst visitsLock = new Mutex();\n\ndeclare function tick(): Promise<void>;\nexport async function count() {\n  await visitsLock.runExclusive(async () => {\n    const seen = visits;\n    await tick();\n    visits = seen + 1;\n  });\n}" },
          ],
        },
      ],
    },
  ],
});

// Issue 11, precision: what only chose whom to ask, guards that are not locks, state owned by one
// background task; and recall: a location emptied after its contents were taken loses what other
// tasks added meanwhile.
ruleTester().run('no-read-await-write-race (answers, guards, owners, emptied)', rule, {
  valid: [
    // The read only chose whom to ask: the write stores a field of the fresh answer (a response record), as fresh as any other caller's.
    "interface Profile { id: string }\ndeclare function signIn(profile: Profile | undefined): Promise<{ profile: Profile; expiresAt: number }>;\nexport class Identity {\n  profile?: Profile;\n  expiresAt = 0;\n  async renew() {\n    const current = this.profile;\n    const grant = await signIn(current);\n    this.profile = grant.profile;\n    this.expiresAt = grant.expiresAt;\n  }\n}",
    // The same with the answer destructured.
    "interface Member { id: string }\ndeclare function rejoin(member: Member | undefined): Promise<{ member: Member; epoch: number }>;\nlet member: Member | undefined;\nexport async function heartbeat() {\n  const { member: fresh } = await rejoin(member);\n  member = fresh;\n}",
    // A re-entry guard that throws lets one call at a time past it.
    "declare function dial(): Promise<{ close(): void }>;\nexport class Dialer {\n  #dialing = false;\n  line?: { close(): void };\n  async open() {\n    if (this.#dialing) throw new Error('already dialing');\n    this.#dialing = true;\n    try {\n      if (!this.line) this.line = await dial();\n    } finally {\n      this.#dialing = false;\n    }\n  }\n}",
    // A private method only started through a promise memoised for good in the field checked.
    "declare function openChannel(): Promise<{ close(): void }>;\nexport class Broker {\n  #bootPromise?: Promise<void>;\n  channel?: { close(): void };\n  boot() {\n    if (this.#bootPromise) return this.#bootPromise;\n    this.#bootPromise = this.#boot();\n    return this.#bootPromise;\n  }\n  async #boot() {\n    if (!this.channel) this.channel = await openChannel();\n  }\n}",
    // An async IIFE memoised in the field checked, awaited in a try whose finally clears it, runs one at a time.
    "declare function openChannel(): Promise<{ close(): void }>;\nexport class Broker {\n  #booting?: Promise<void>;\n  channel?: { close(): void };\n  boots = 0;\n  async boot() {\n    if (this.#booting) return this.#booting;\n    this.#booting = (async () => {\n      const before = this.boots;\n      this.channel = await openChannel();\n      this.boots = before + 1;\n    })();\n    try {\n      await this.#booting;\n    } finally {\n      this.#booting = undefined;\n    }\n  }\n}",
    // The private start memoised with `??=` through a `.finally` that clears the field once it settles.
    "declare function openChannel(): Promise<{ close(): void }>;\nexport class Relay {\n  #warming?: Promise<void>;\n  channel?: { close(): void };\n  warm() {\n    this.#warming ??= this.#warm().finally(() => {\n      this.#warming = undefined;\n    });\n    return this.#warming;\n  }\n  async #warm() {\n    if (!this.channel) this.channel = await openChannel();\n  }\n}",
    // Memoised in an `if` block, then awaited after it.
    "declare function openChannel(): Promise<{ close(): void }>;\nexport class Relay {\n  private warming: Promise<void> | null = null;\n  channel?: { close(): void };\n  async warm() {\n    if (!this.warming) {\n      this.warming = this.doWarm();\n    }\n    await this.warming;\n  }\n  private async doWarm() {\n    if (!this.channel) this.channel = await openChannel();\n  }\n}",
    // A latch set before the await and never given back here: one start gets past it until stop() resets it.
    "declare function openChannel(): Promise<{ close(): void }>;\nexport class Listener {\n  isStarted = false;\n  channel?: { close(): void };\n  async start() {\n    if (this.isStarted) return;\n    this.isStarted = true;\n    if (!this.channel) this.channel = await openChannel();\n  }\n  stop() {\n    this.isStarted = false;\n    this.channel?.close();\n    this.channel = undefined;\n  }\n}",
    // A worker loop started once, without awaiting it, that runs while the object lives: only it writes these fields.
    "declare function fetchEvents(after: number): Promise<{ last: number; count: number }>;\nexport class Tailer {\n  running = false;\n  offset = 0;\n  seen = 0;\n  start() {\n    this.running = true;\n    this.follow().catch(() => undefined);\n  }\n  stop() {\n    this.running = false;\n  }\n  private async follow() {\n    while (this.running) {\n      const before = this.seen;\n      const page = await fetchEvents(this.offset);\n      this.offset = page.last;\n      this.seen = before + page.count;\n    }\n  }\n}",
    // A background consumer of one stream, started once from the constructor.
    "declare const feed: AsyncIterable<{ size: number }>;\ndeclare function log(size: number): Promise<void>;\nexport class Meter {\n  total = 0;\n  constructor() {\n    void this.consume();\n  }\n  private async consume() {\n    for await (const item of feed) {\n      const before = this.total;\n      await log(item.size);\n      this.total = before + item.size;\n    }\n  }\n}",
    // A timer chain: the next round is scheduled only once this one is done.
    "declare function sample(): Promise<number>;\nexport class Gauge {\n  sum = 0;\n  start() {\n    void this.measure();\n  }\n  async measure() {\n    const before = this.sum;\n    const value = await sample();\n    this.sum = before + value;\n    setTimeout(() => this.measure(), 5000);\n  }\n}",
    // Emptied where the contents are taken, before the await: nothing added meanwhile is lost.
    "declare function send(text: string): Promise<void>;\nexport class Outbox {\n  text = '';\n  append(more: string) {\n    this.text += more;\n  }\n  async flush() {\n    const taken = this.text;\n    this.text = '';\n    await send(taken);\n  }\n}",
    // A method that throws unless the lock is held (through a helper of the file) runs wholly under it.
    "import { Mutex } from 'async-mutex';\ndeclare function retire(session: string): Promise<void>;\nexport class Sessions {\n  #lock = new Mutex();\n  #open: string[] = [];\n  track(session: string) {\n    this.#open.push(session);\n  }\n  #requireLock() {\n    if (!this.#lock.isLocked()) {\n      throw new Error('call this under the sessions lock');\n    }\n  }\n  async #retireAll() {\n    this.#requireLock();\n    for (const session of this.#open) {\n      await retire(session);\n    }\n    this.#open = [];\n  }\n}",
    // A retry counter reset after success: the task only computed with it, it took nothing from it.
    "declare function backOff(ms: number): Promise<void>;\ndeclare function resend(): Promise<void>;\nexport class Sender {\n  attempts = 0;\n  async onFailure() {\n    this.attempts++;\n    await backOff(2 ** this.attempts * 50);\n    await resend();\n    this.attempts = 0;\n  }\n}",
    // What a called method reads of the offset is a check at the call, not contents taken: resetting the offset loses nothing.
    "declare function more(): Promise<Uint8Array>;\nexport class Parser {\n  offset = 0;\n  async readBytes(count: number) {\n    this.offset += count;\n    return more();\n  }\n  async readHeader() {\n    const header = await this.readBytes(2);\n    this.offset = 0;\n    return header;\n  }\n}",
    // A field that held a promise given its own settled value: every caller stores the same value.
    "interface Db { query(text: string): Promise<unknown> }\ndeclare function openDb(): Promise<Db>;\nexport class Repository {\n  db: Db | Promise<Db> = openDb();\n  async find(text: string) {\n    this.db = await this.db;\n    return this.db.query(text);\n  }\n}",
    // The client stored is the settled value of the one promise a field memoises: no second client is made.
    "interface Client { close(): void }\ndeclare function createClient(): Promise<Client>;\nexport class Holder {\n  client?: Client;\n  clientPromise?: Promise<Client>;\n  async getClient() {\n    if (this.client) return this.client;\n    if (!this.clientPromise) this.clientPromise = createClient();\n    this.client = await this.clientPromise;\n    return this.client;\n  }\n}",
    // A private method called only while a throwing re-entry guard is held, and awaited before the guard is given back.
    "declare function getUpdates(offset: number): Promise<{ id: number }[]>;\nexport class Bot {\n  polling = false;\n  offset = 0;\n  async start() {\n    if (this.polling) throw new Error('already polling');\n    this.polling = true;\n    try {\n      await this.#poll();\n    } finally {\n      this.polling = false;\n    }\n  }\n  async #poll() {\n    const from = this.offset;\n    const updates = await getUpdates(from);\n    this.offset = from + updates.length;\n  }\n}",
    // A lifelong loop its class calls from one place, awaited there: still the one loop.
    "declare function nextJobs(): Promise<string[]>;\nexport class Consumer {\n  running = true;\n  handled = 0;\n  async run() {\n    await this.consume();\n  }\n  private async consume() {\n    while (this.running) {\n      const before = this.handled;\n      const jobs = await nextJobs();\n      this.handled = before + jobs.length;\n    }\n  }\n}",
    // A per-request object made to call one method at once, or returned for the caller to await.
    "declare function refreshToken(): Promise<string>;\ndeclare function send(token: string, path: string): Promise<void>;\nclass Job {\n  token?: string;\n  async auth() {\n    if (!this.token) this.token = await refreshToken();\n    return this.token;\n  }\n  async get(path: string) {\n    await send(await this.auth(), path);\n  }\n}\nexport async function handle(path: string) {\n  await new Job().get(path);\n}\nexport function handleLater(path: string) {\n  const job = new Job();\n  return job.get(path);\n}",
    // Emptied after the await, but nothing in the file adds to it: a reset, not a dropped addition.
    "declare function persist(state: string): Promise<void>;\nexport class Snapshot {\n  state = '';\n  async save() {\n    const current = this.state;\n    await persist(current);\n    this.state = '';\n  }\n}",
  ],
  invalid: [
    // A streaming helper sends what it buffered, then empties the buffer: text appended during the send is lost.
    {
      code: "declare const socket: { write(text: string): Promise<void> };\nexport class Narrator {\n  pending = '';\n  async onToken(token: string) {\n    this.pending += token;\n    if (!this.pending.endsWith('.')) return;\n    const sentence = this.pending;\n    await this.speak(sentence);\n    this.pending = '';\n  }\n  async speak(text: string) {\n    await socket.write(text);\n  }\n}",
      errors: [
        {
          messageId: 'droppedAdditions', line: 9, column: 5, endLine: 9, endColumn: 22,
          data: { location: '`this.pending`', Location: '`this.pending`', readLine: 7, point: 'the `await`', pointLine: 8 },
          suggestions: [
            { messageId: 'emptyWhenTaken', data: { location: '`this.pending`', readLine: 7 }, output: "declare const socket: { write(text: string): Promise<void> };\nexport class Narrator {\n  pending = '';\n  async onToken(token: string) {\n    this.pending += token;\n    if (!this.pending.endsWith('.')) return;\n    const sentence = this.pending;\n    this.pending = '';\n    await this.speak(sentence);\n  }\n  async speak(text: string) {\n    await socket.write(text);\n  }\n}" },
          ],
        },
      ],
    },
    // A batch taken from a module array that another function pushes to, emptied after the upload.
    {
      code: "declare function upload(rows: number[]): Promise<void>;\nlet samples: number[] = [];\nexport function record(row: number) {\n  samples.push(row);\n}\nexport async function ship() {\n  const taken = samples;\n  await upload(taken);\n  samples = [];\n}",
      errors: [
        {
          messageId: 'droppedAdditions', line: 9, column: 3, endLine: 9, endColumn: 15,
          data: { location: '`samples`', Location: '`samples`', readLine: 7, point: 'the `await`', pointLine: 8 },
          suggestions: [
            { messageId: 'emptyWhenTaken', data: { location: '`samples`', readLine: 7 }, output: "declare function upload(rows: number[]): Promise<void>;\nlet samples: number[] = [];\nexport function record(row: number) {\n  samples.push(row);\n}\nexport async function ship() {\n  const taken = samples;\n  samples = [];\n  await upload(taken);\n}" },
          ],
        },
      ],
    },
    // Every element taken by iterating, then the list emptied: an element tracked during the awaits is never retired.
    {
      code: "declare function retire(session: string): Promise<void>;\nexport class Sessions {\n  #open: string[] = [];\n  track(session: string) {\n    this.#open.push(session);\n  }\n  async retireAll() {\n    for (const session of this.#open) {\n      await retire(session);\n    }\n    this.#open = [];\n  }\n}",
      errors: [
        {
          messageId: 'droppedAdditions', line: 11, column: 5, endLine: 11, endColumn: 20,
          data: { location: '`this.#open`', Location: '`this.#open`', readLine: 8, point: 'the `await`', pointLine: 9 },
          suggestions: [],
        },
      ],
    },
    // Without the guard, the private method can run twice at once.
    {
      code: "declare function getUpdates(offset: number): Promise<{ id: number }[]>;\nexport class Bot {\n  offset = 0;\n  async start() {\n    await this.#poll();\n  }\n  async restart() {\n    await this.#poll();\n  }\n  async #poll() {\n    const from = this.offset;\n    const updates = await getUpdates(from);\n    this.offset = from + updates.length;\n  }\n}",
      errors: [
        {
          messageId: 'lostUpdate', line: 13, column: 5, endLine: 13, endColumn: 40,
          data: { location: '`this.offset`', Location: '`this.offset`', readLine: 11, point: 'the `await`', pointLine: 12 },
          suggestions: [
            { messageId: 'wrapInLock', data: { lock: 'a new lock, `this.offsetLock`,' }, output: "import { Mutex } from 'async-mutex';\n\ndeclare function getUpdates(offset: number): Promise<{ id: number }[]>;\nexport class Bot {\n  offsetLock = new Mutex();\n  offset = 0;\n  async start() {\n    await this.#poll();\n  }\n  async restart() {\n    await this.#poll();\n  }\n  async #poll() {\n    await this.offsetLock.runExclusive(async () => {\n      const from = this.offset;\n      const updates = await getUpdates(from);\n      this.offset = from + updates.length;\n    });\n  }\n}" },
          ],
        },
      ],
    },
    // An interval does not wait for the previous round: two rounds can overlap.
    {
      code: "declare function sample(): Promise<number>;\nexport class Gauge {\n  sum = 0;\n  start() {\n    setInterval(() => void this.measure(), 1000);\n  }\n  async measure() {\n    const before = this.sum;\n    const value = await sample();\n    this.sum = before + value;\n  }\n}",
      errors: [
        {
          messageId: 'lostUpdate', line: 10, column: 5, endLine: 10, endColumn: 30,
          data: { location: '`this.sum`', Location: '`this.sum`', readLine: 8, point: 'the `await`', pointLine: 9 },
          suggestions: [
            { messageId: 'awaitBeforeRead', data: { call: 'sample()', callLine: 9, readLine: 8 }, output: "declare function sample(): Promise<number>;\nexport class Gauge {\n  sum = 0;\n  start() {\n    setInterval(() => void this.measure(), 1000);\n  }\n  async measure() {\n    const value = await sample();\n    const before = this.sum;\n    this.sum = before + value;\n  }\n}" },
            { messageId: 'wrapInLock', data: { lock: 'a new lock, `this.sumLock`,' }, output: "import { Mutex } from 'async-mutex';\n\ndeclare function sample(): Promise<number>;\nexport class Gauge {\n  sumLock = new Mutex();\n  sum = 0;\n  start() {\n    setInterval(() => void this.measure(), 1000);\n  }\n  async measure() {\n    await this.sumLock.runExclusive(async () => {\n      const before = this.sum;\n      const value = await sample();\n      this.sum = before + value;\n    });\n  }\n}" },
          ],
        },
      ],
    },
    // Returning when the lock is free proves nothing about who holds it.
    {
      code: "import { Mutex } from 'async-mutex';\ndeclare function persist(n: number): Promise<void>;\nexport class Counter {\n  #lock = new Mutex();\n  count = 0;\n  async bump() {\n    if (!this.#lock.isLocked()) return;\n    const before = this.count;\n    await persist(before + 1);\n    this.count = before + 1;\n  }\n}",
      errors: [
        {
          messageId: 'lostUpdate', line: 10, column: 5, endLine: 10, endColumn: 28,
          data: { location: '`this.count`', Location: '`this.count`', readLine: 8, point: 'the `await`', pointLine: 9 },
          suggestions: [
            { messageId: 'wrapInLock', data: { lock: 'a new lock, `this.countLock`,' }, output: "import { Mutex } from 'async-mutex';\ndeclare function persist(n: number): Promise<void>;\nexport class Counter {\n  countLock = new Mutex();\n  #lock = new Mutex();\n  count = 0;\n  async bump() {\n    if (!this.#lock.isLocked()) return;\n    await this.countLock.runExclusive(async () => {\n      const before = this.count;\n      await persist(before + 1);\n      this.count = before + 1;\n    });\n  }\n}" },
          ],
        },
      ],
    },
    // Two calls on the one instance run at once: it is shared between them.
    {
      code: "declare function refreshToken(): Promise<string>;\ndeclare function send(token: string, path: string): Promise<void>;\nclass Job {\n  token?: string;\n  async auth() {\n    if (!this.token) this.token = await refreshToken();\n    return this.token;\n  }\n  async get(path: string) {\n    await send(await this.auth(), path);\n  }\n}\nexport async function handleBoth(first: string, second: string) {\n  const job = new Job();\n  await Promise.all([job.get(first), job.get(second)]);\n}",
      errors: [
        {
          messageId: 'duplicateEffect', line: 6, column: 22, endLine: 6, endColumn: 55,
          data: { location: '`this.token`', Location: '`this.token`', readLine: 6, point: 'the `await`', pointLine: 6, harm: '`refreshToken()` runs once per call, and it must not run twice' },
          suggestions: [
            { messageId: 'memoisePromise', data: { field: 'this.tokenPromise', call: 'refreshToken()' }, output: "declare function refreshToken(): Promise<string>;\ndeclare function send(token: string, path: string): Promise<void>;\nclass Job {\n  token?: string;\n  private tokenPromise: ReturnType<typeof refreshToken> | undefined;\n  async auth() {\n    if (!this.token) this.token = await (this.tokenPromise ??= refreshToken());\n    return this.token;\n  }\n  async get(path: string) {\n    await send(await this.auth(), path);\n  }\n}\nexport async function handleBoth(first: string, second: string) {\n  const job = new Job();\n  await Promise.all([job.get(first), job.get(second)]);\n}" },
            { messageId: 'wrapInLock', data: { lock: 'a new lock, `this.tokenLock`,' }, output: "import { Mutex } from 'async-mutex';\n\ndeclare function refreshToken(): Promise<string>;\ndeclare function send(token: string, path: string): Promise<void>;\nclass Job {\n  tokenLock = new Mutex();\n  token?: string;\n  async auth() {\n    return await this.tokenLock.runExclusive(async () => {\n      if (!this.token) this.token = await refreshToken();\n      return this.token;\n    });\n  }\n  async get(path: string) {\n    await send(await this.auth(), path);\n  }\n}\nexport async function handleBoth(first: string, second: string) {\n  const job = new Job();\n  await Promise.all([job.get(first), job.get(second)]);\n}" },
          ],
        },
      ],
    },
    // A worker loop, but another method writes the same field: the loop's write loses its update.
    {
      code: "declare function charge(amount: number): Promise<number>;\nexport class Ledger {\n  running = false;\n  balance = 0;\n  start() {\n    this.running = true;\n    void this.settle();\n  }\n  correct(delta: number) {\n    this.balance += delta;\n  }\n  private async settle() {\n    while (this.running) {\n      const before = this.balance;\n      const fee = await charge(before);\n      this.balance = before - fee;\n    }\n  }\n}",
      errors: [
        {
          messageId: 'lostUpdate', line: 16, column: 7, endLine: 16, endColumn: 34,
          data: { location: '`this.balance`', Location: '`this.balance`', readLine: 14, point: 'the `await`', pointLine: 15 },
          suggestions: [
            { messageId: 'wrapInLock', data: { lock: 'a new lock, `this.balanceLock`,' }, output: "import { Mutex } from 'async-mutex';\n\ndeclare function charge(amount: number): Promise<number>;\nexport class Ledger {\n  balanceLock = new Mutex();\n  running = false;\n  balance = 0;\n  start() {\n    this.running = true;\n    void this.settle();\n  }\n  correct(delta: number) {\n    this.balance += delta;\n  }\n  private async settle() {\n    while (this.running) {\n      await this.balanceLock.runExclusive(async () => {\n        const before = this.balance;\n        const fee = await charge(before);\n        this.balance = before - fee;\n      });\n    }\n  }\n}" },
          ],
        },
      ],
    },
    // A loop that drains a work list callers can start again is no lifelong worker.
    {
      code: "declare function convert(file: string): Promise<number>;\nexport class Converter {\n  inbox: string[] = [];\n  bytes = 0;\n  async convertAll() {\n    while (this.inbox.length > 0) {\n      const file = this.inbox.pop()!;\n      const before = this.bytes;\n      const size = await convert(file);\n      this.bytes = before + size;\n    }\n  }\n}",
      errors: [
        {
          messageId: 'lostUpdate', line: 10, column: 7, endLine: 10, endColumn: 33,
          data: { location: '`this.bytes`', Location: '`this.bytes`', readLine: 8, point: 'the `await`', pointLine: 9 },
          suggestions: [
            { messageId: 'awaitBeforeRead', data: { call: 'convert(file)', callLine: 9, readLine: 8 }, output: "declare function convert(file: string): Promise<number>;\nexport class Converter {\n  inbox: string[] = [];\n  bytes = 0;\n  async convertAll() {\n    while (this.inbox.length > 0) {\n      const file = this.inbox.pop()!;\n      const size = await convert(file);\n      const before = this.bytes;\n      this.bytes = before + size;\n    }\n  }\n}" },
            { messageId: 'wrapInLock', data: { lock: 'a new lock, `this.bytesLock`,' }, output: "import { Mutex } from 'async-mutex';\n\ndeclare function convert(file: string): Promise<number>;\nexport class Converter {\n  bytesLock = new Mutex();\n  inbox: string[] = [];\n  bytes = 0;\n  async convertAll() {\n    while (this.inbox.length > 0) {\n      const file = this.inbox.pop()!;\n      await this.bytesLock.runExclusive(async () => {\n        const before = this.bytes;\n        const size = await convert(file);\n        this.bytes = before + size;\n      });\n    }\n  }\n}" },
          ],
        },
      ],
    },
    // A latch per key lets calls for other keys through: it does not cover the shared counter.
    {
      code: "declare function store(tag: string): Promise<void>;\nexport class Tagger {\n  seen: Record<string, boolean> = {};\n  stored = 0;\n  async tag(name: string) {\n    if (this.seen[name]) return;\n    this.seen[name] = true;\n    const count = this.stored;\n    await store(name);\n    this.stored = count + 1;\n  }\n}",
      errors: [
        {
          messageId: 'lostUpdate', line: 10, column: 5, endLine: 10, endColumn: 28,
          data: { location: '`this.stored`', Location: '`this.stored`', readLine: 8, point: 'the `await`', pointLine: 9 },
          suggestions: [
            { messageId: 'wrapInLock', data: { lock: 'a new lock, `this.storedLock`,' }, output: "import { Mutex } from 'async-mutex';\n\ndeclare function store(tag: string): Promise<void>;\nexport class Tagger {\n  storedLock = new Mutex();\n  seen: Record<string, boolean> = {};\n  stored = 0;\n  async tag(name: string) {\n    if (this.seen[name]) return;\n    this.seen[name] = true;\n    await this.storedLock.runExclusive(async () => {\n      const count = this.stored;\n      await store(name);\n      this.stored = count + 1;\n    });\n  }\n}" },
          ],
        },
      ],
    },
  ],
});

// What the recommended preset leaves alone: a field named like a timer that holds a number, and a
// check made before a timer's callback (the scheduler usually owns what its callback writes).
ruleTester().run('no-read-await-write-race: primitives and timer callbacks in recommended', rule, {
  valid: [
    `declare function renew(): Promise<{ expiresAt: number }>;\nexport class Renewer {\n  renewTimeout = 0;\n  async ensure() {\n    if (this.renewTimeout) return;\n    const token = await renew();\n    this.renewTimeout = token.expiresAt - Date.now() - 60_000;\n  }\n}`,
    `declare function fetchLease(): Promise<number>;\nexport class Lease {\n  until = 0;\n  keepAlive() {\n    if (this.until > Date.now()) return;\n    setTimeout(async () => {\n      this.until = await fetchLease();\n    }, 1000);\n  }\n}`,
  ],
  invalid: [],
});

// A one-shot call that carries the caller's own input (`send(frame)` made from `message`) does
// that caller's work: a second caller past the check sends its own message, not a duplicate. The
// same call without the caller's input, or keyed by the very input the check looked up, still is
// (with `checkThenAct`: a harm known only from the call's name is strict's).
ruleTester().run('no-read-await-write-race: a caller\'s own work', rule, {
  valid: [
    `declare function encode(message: object): string;\nexport class Outbox {\n  closed = false;\n  connection!: { send(frame: string): Promise<void> };\n  async post(message: object) {\n    const frame = encode(message);\n    if (this.closed) return;\n    await this.connection.send(frame);\n    this.closed = frame.length > 1e6;\n  }\n}`,
  ],
  invalid: [
    {
      options: [{ checkThenAct: true }],
      code: `export class Greeter {\n  greeted = false;\n  connection!: { sendHello(): Promise<void> };\n  async greet() {\n    if (this.greeted) return;\n    await this.connection.sendHello();\n    this.greeted = Date.now() > 0;\n  }\n}`,
      errors: [
        {
          messageId: 'duplicateEffect',
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 34,
          data: { Location: '`this.greeted`', readLine: 5, point: 'the `await`', pointLine: 6, harm: '`this.connection.sendHello()` runs once per call, and it must not run twice' },
          suggestions: [
            {
              messageId: 'wrapInLock',
              data: { lock: 'a new lock, `this.greetedLock`,' },
              output: "import { Mutex } from 'async-mutex';\n\nexport class Greeter {\n  greetedLock = new Mutex();\n  greeted = false;\n  connection!: { sendHello(): Promise<void> };\n  async greet() {\n    return await this.greetedLock.runExclusive(async () => {\n      if (this.greeted) return;\n      await this.connection.sendHello();\n      this.greeted = Date.now() > 0;\n    });\n  }\n}",
            },
          ],
        },
      ],
    },
  ],
});

// A local closure called from several places shares the locals it captures only when its calls can
// overlap: awaited one after another in the function that declares it, each ends before the next.
ruleTester().run('no-read-await-write-race: a closure its function awaits call by call', rule, {
  valid: [
    "declare function fetchPart(offset: number): Promise<{ bytes: number; uid?: number }>;\nexport async function download(total: number) {\n  let uid: number | undefined;\n  let offset = 0;\n  const nextPart = async () => {\n    const start = offset;\n    const part = await fetchPart(start);\n    offset = start + part.bytes;\n  };\n  await nextPart();\n  while (offset < total) await nextPart();\n  return uid;\n}",
  ],
  invalid: [
    {
      code: "declare function fetchPart(offset: number): Promise<{ bytes: number }>;\nexport async function download() {\n  let offset = 0;\n  const nextPart = async () => {\n    const start = offset;\n    const part = await fetchPart(start);\n    offset = start + part.bytes;\n  };\n  await Promise.all([nextPart(), nextPart()]);\n  return offset;\n}",
      errors: [
        {
          messageId: 'lostUpdate',
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 32,
          data: { location: '`offset`', Location: '`offset`', readLine: 5, point: 'the `await`', pointLine: 6 },
          suggestions: [{ messageId: 'wrapInLock', data: { lock: 'a new lock, `offsetLock`,' }, output: "import { Mutex } from 'async-mutex';\n\ndeclare function fetchPart(offset: number): Promise<{ bytes: number }>;\nexport async function download() {\n  let offset = 0;\n  const offsetLock = new Mutex();\n  const nextPart = async () => {\n    await offsetLock.runExclusive(async () => {\n      const start = offset;\n      const part = await fetchPart(start);\n      offset = start + part.bytes;\n    });\n  };\n  await Promise.all([nextPart(), nextPart()]);\n  return offset;\n}" }],
        },
      ],
    },
  ],
});

ruleTester().run('no-read-await-write-race: recommended reports what the task computed from the stale value', rule, {
  valid: [
    // The awaited answer comes from the object the call was made on; it may be a new object or the same one.
    "interface Conn { reopen(): Promise<Conn> }\nexport class Session {\n  constructor(private conn: Conn) {}\n  async recover() {\n    this.conn = await this.conn.reopen();\n  }\n}",
    // A cursor read to ask for the next page is replaced by the server's answer: nothing this task added is lost.
    "interface Api { page(cursor: string): { load(): Promise<{ next: string }> } }\nexport class Pages {\n  constructor(private api: Api, private cursor: string) {}\n  async advance() {\n    const answer = await this.api.page(this.cursor).load();\n    this.cursor = answer.next;\n  }\n}",
    // Compiled TypeScript: the generator handed to `__awaiter` is one call's body, so the parameter it captures is that call's own.
    "var __awaiter = (self, args, P, body) => Promise.resolve(body);\ndeclare function withUrl(url: string, request: object): Promise<object>;\nexport function redirect(url: string, context: { request: object | string }) {\n  return __awaiter(this, void 0, void 0, function* () {\n    context.request = typeof context.request === 'string' ? url : yield withUrl(url, context.request);\n  });\n}",
    // An answer taken apart into a tuple is a response record, like a destructured object.
    "declare function verify(token: string, scopes: string[] | null): Promise<[string[], string]>;\nexport class Provider {\n  scopes: string[] | null = null;\n  user = '';\n  constructor(private token: string) {}\n  async check() {\n    const [scopes, user] = await verify(this.token, this.scopes);\n    this.scopes = scopes;\n    this.user = user;\n  }\n}",
    // The test that picks which call to await is not part of the answer.
    "declare function fetchSharded(): Promise<{ shards: number }>;\ndeclare function fetchPlain(): Promise<{ shards: number }>;\nexport class Gateway {\n  shards: number | 'auto' = 'auto';\n  async connect() {\n    const data = await (this.shards === 'auto' ? fetchSharded() : fetchPlain());\n    if (this.shards === 'auto') this.shards = data.shards;\n  }\n}",
    // A request named like an effect (`send`) whose answer fills a cache: a second caller asks again and stores an equal answer.
    "export class Signer {\n  publicKey: string | undefined;\n  constructor(private transport: { send(command: number): Promise<string> }) {}\n  async getPublicKey() {\n    if (!this.publicKey) this.publicKey = await this.transport.send(0x05);\n    return this.publicKey;\n  }\n}",
    // The async executor runs inside the promise memoised in `this.setup`, claimed with no `await` after its check: one setup at a time.
    "declare function openClient(token: string): Promise<{ close(): void }>;\ndeclare function login(): Promise<string>;\nexport class Bot {\n  client: { close(): void } | undefined;\n  private setup: Promise<void> | undefined;\n  enableCrypto() {\n    if (!this.setup) {\n      this.setup = new Promise(async (resolve, reject) => {\n        try {\n          if (!this.client) {\n            const token = await login();\n            this.client = await openClient(token);\n          }\n          resolve();\n        } catch (error) {\n          reject(error);\n        }\n      });\n    }\n    return this.setup;\n  }\n}",
    // A function the file does not show, handed the value as it is, answers with what it decides (here a default filled in): reported only with `staleAnswers`.
    "declare function withDefaultKey(container: object, key: string | undefined): Promise<string>;\nexport class Entry {\n  constructor(private container: object, private key: string | undefined) {}\n  async read() {\n    this.key = await withDefaultKey(this.container, this.key);\n    return this.key;\n  }\n}",
    // The `.then` callback hands over to a method that re-arms its own timer: reported only when continuations are followed (strict).
    "declare function ping(): Promise<void>;\nexport class Poller {\n  timer: ReturnType<typeof setTimeout> | undefined;\n  stopped = false;\n  poll() {\n    if (!this.timer && !this.stopped) ping().then(() => this.rearm());\n  }\n  rearm() {\n    if (this.stopped) return;\n    this.timer = setTimeout(() => this.poll(), 1000);\n  }\n}",
    // The object written into was read before the `await`, but the value written is a constant.
    "declare function attempt(host: string): Promise<boolean>;\ninterface Hub { preferred: string | null }\nexport class Sender {\n  constructor(private hub: Hub) {}\n  async send() {\n    const hub = this.hub;\n    const preferred = hub.preferred;\n    if (preferred && !(await attempt(preferred))) hub.preferred = null;\n  }\n}",
  ],
  invalid: [
    {
      // The stale value is part of what this task computes: an increment through a local is still lost.
      code: "declare function save(n: number): Promise<void>;\nexport class Tally {\n  seen = 0;\n  async record() {\n    const before = this.seen;\n    await save(before);\n    this.seen = before + 1;\n  }\n}",
      errors: [
        {
          messageId: 'lostUpdate',
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 27,
          data: { location: '`this.seen`', Location: '`this.seen`', readLine: 5, point: 'the `await`', pointLine: 6 },
          suggestions: [
            {
              messageId: 'wrapInLock',
              data: { lock: 'a new lock, `this.seenLock`,' },
              output:
                "import { Mutex } from 'async-mutex';\n\ndeclare function save(n: number): Promise<void>;\nexport class Tally {\n  seenLock = new Mutex();\n  seen = 0;\n  async record() {\n    await this.seenLock.runExclusive(async () => {\n      const before = this.seen;\n      await save(before);\n      this.seen = before + 1;\n    });\n  }\n}",
            },
          ],
        },
      ],
    },
    {
      // Following continuations (strict), the timer the called method makes is a duplicate.
      code: "declare function ping(): Promise<void>;\nexport class Poller {\n  timer: ReturnType<typeof setTimeout> | undefined;\n  stopped = false;\n  poll() {\n    if (!this.timer && !this.stopped) ping().then(() => this.rearm());\n  }\n  rearm() {\n    if (this.stopped) return;\n    this.timer = setTimeout(() => this.poll(), 1000);\n  }\n}",
      options: [{ checkContinuations: true }],
      errors: [
        {
          messageId: 'duplicateEffect',
          line: 6,
          column: 57,
          endLine: 6,
          endColumn: 69,
          data: {
            location: '`this.timer`',
            Location: '`this.timer`',
            readLine: 6,
            point: 'the `.then` callback (it runs after the promise settles)',
            pointLine: 6,
            harm: 'each makes its own `this.timer` and the last write drops the others without closing them',
          },
        },
      ],
    },
    {
      // With `staleAnswers`, a value handed as it is to a function the file does not show, and replaced by its answer.
      code: "declare function withDefaultKey(container: object, key: string | undefined): Promise<string>;\nexport class Entry {\n  constructor(private container: object, private key: string | undefined) {}\n  async read() {\n    this.key = await withDefaultKey(this.container, this.key);\n    return this.key;\n  }\n}",
      options: [{ staleAnswers: true }],
      errors: [
        {
          messageId: 'lostUpdate',
          line: 5,
          column: 5,
          endLine: 5,
          endColumn: 62,
          data: { location: '`this.key`', Location: '`this.key`', readLine: 5, point: 'the `await`', pointLine: 5 },
          suggestions: [
            {
              messageId: 'wrapInLock',
              data: { lock: 'a new lock, `this.keyLock`,' },
              output: "import { Mutex } from 'async-mutex';\n\ndeclare function withDefaultKey(container: object, key: string | undefined): Promise<string>;\nexport class Entry {\n  keyLock = new Mutex();\n  constructor(private container: object, private key: string | undefined) {}\n  async read() {\n    return await this.keyLock.runExclusive(async () => {\n      this.key = await withDefaultKey(this.container, this.key);\n      return this.key;\n    });\n  }\n}",
            },
          ],
        },
      ],
    },
    {
      // A credential renewed from the one read before the `await`, stored only if it changed: the read chose the work, and two renewals spend it twice.
      code: "declare function renewCredential(current: string): Promise<string>;\nexport class Client {\n  private credential = '';\n  async renew(): Promise<void> {\n    const current = this.credential;\n    const renewed = await renewCredential(current);\n    if (renewed !== current) this.credential = renewed;\n  }\n}",
      errors: [
        {
          messageId: 'duplicateEffect',
          line: 7,
          column: 30,
          endLine: 7,
          endColumn: 55,
          data: {
            location: '`this.credential`',
            Location: '`this.credential`',
            readLine: 5,
            point: 'the `await`',
            pointLine: 6,
            harm: '`renewCredential()` runs once per call, and it must not run twice',
          },
          suggestions: [{ messageId: 'wrapInLock', data: { lock: 'a new lock, `this.credentialLock`,' }, output: "import { Mutex } from 'async-mutex';\n\ndeclare function renewCredential(current: string): Promise<string>;\nexport class Client {\n  credentialLock = new Mutex();\n  private credential = '';\n  async renew(): Promise<void> {\n    await this.credentialLock.runExclusive(async () => {\n      const current = this.credential;\n      const renewed = await renewCredential(current);\n      if (renewed !== current) this.credential = renewed;\n    });\n  }\n}" }],
        },
      ],
    },
    {
      // With `staleAnswers`, a cursor replaced by the answer it asked for is reported too.
      code: "interface Api { page(cursor: string): { load(): Promise<{ next: string }> } }\nexport class Pages {\n  constructor(private api: Api, private cursor: string) {}\n  async advance() {\n    const answer = await this.api.page(this.cursor).load();\n    this.cursor = answer.next;\n  }\n}",
      options: [{ staleAnswers: true }],
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 30,
          data: { location: '`this.cursor`', Location: '`this.cursor`', readLine: 5, point: 'the `await`', pointLine: 5 },
          suggestions: [
            {
              messageId: 'wrapInLock',
              data: { lock: 'a new lock, `this.apiLock`,' },
              output:
                "import { Mutex } from 'async-mutex';\n\ninterface Api { page(cursor: string): { load(): Promise<{ next: string }> } }\nexport class Pages {\n  apiLock = new Mutex();\n  constructor(private api: Api, private cursor: string) {}\n  async advance() {\n    await this.apiLock.runExclusive(async () => {\n      const answer = await this.api.page(this.cursor).load();\n      this.cursor = answer.next;\n    });\n  }\n}",
            },
          ],
        },
      ],
    },
  ],
});

ruleTester().run('no-read-await-write-race: what an awaited call answers is the callee\'s, not the state it was asked with', rule, {
  valid: [
    // The task tests the server's answer, not the transport it asked: the check decides nothing about `this.transport`.
    "interface Response { status: number; body: string }\ninterface Transport { request(body: string): Promise<Response> }\ndeclare class HttpTransport implements Transport { constructor(kind: string); request(body: string): Promise<Response> }\nexport class Connection {\n  transport: Transport = new HttpTransport('http');\n  session = '';\n  async login(body: string) {\n    const response = await this.transport.request(body);\n    if (response.status >= 400) throw new Error(response.body);\n    this.establish(response.body);\n  }\n  establish(session: string) {\n    if (session.startsWith('canvas:')) this.transport = new HttpTransport('canvas');\n    this.session = session;\n  }\n}",
    // The helper consults the account before asking, but answers with the token the app gives back: the write stores a fresh answer.
    "interface Token { account: string; value: string }\ninterface App { acquireToken(request: { account: string }): Promise<Token> }\nconst state = { account: '' };\nasync function tokenSilently(app: App) {\n  if (!state.account) throw new Error('Sign in first.');\n  return await app.acquireToken({ account: state.account });\n}\nexport async function getToken(app: App) {\n  const token = await tokenSilently(app);\n  state.account = token.account;\n  return token.value;\n}",
  ],
  invalid: [
    {
      // The helper gives back what it read of shared state, so the answer is as stale as the read.
      code: "declare function save(n: number): Promise<void>;\nconst state = { count: 0 };\nasync function next(step: number) {\n  return state.count + step;\n}\nexport async function bump() {\n  const value = await next(1);\n  await save(value);\n  state.count = value;\n}\n",
      errors: [
        {
          messageId: 'lostUpdate',
          line: 9,
          column: 3,
          endLine: 9,
          endColumn: 22,
          data: { location: '`state.count`', Location: '`state.count`', readLine: 7, point: 'the `await`', pointLine: 7 },
          suggestions: [{ messageId: 'wrapInLock', data: { lock: 'a new lock, `stateLock`,' }, output: "import { Mutex } from 'async-mutex';\n\ndeclare function save(n: number): Promise<void>;\nconst state = { count: 0 };\nconst stateLock = new Mutex();\nasync function next(step: number) {\n  return state.count + step;\n}\nexport async function bump() {\n  await stateLock.runExclusive(async () => {\n    const value = await next(1);\n    await save(value);\n    state.count = value;\n  });\n}\n" }],
        },
      ],
    },
  ],
});

ruleTester().run('no-read-await-write-race: a callback run within a call its function awaits or returns', rule, {
  valid: [
    // A tracing wrapper runs the work once per call: the parameter it captures is still that call's own.
    "declare const tracer: { withSpan<T>(name: string, work: () => Promise<T>): Promise<T> };\ndeclare function resolveAddress(name: string): Promise<string>;\nexport async function createQueue(fields: { forwardTo?: string }) {\n  return tracer.withSpan('createQueue', async () => {\n    const target = fields.forwardTo;\n    if (target) {\n      const host = await resolveAddress(target);\n      fields.forwardTo = `${host}/${target}`;\n    }\n    return fields;\n  });\n}",
  ],
  invalid: [
    {
      // A callee named for running the callback per element runs the callbacks side by side: the counter they share loses updates.
      code: "declare const pool: { mapLimit<T>(items: string[], limit: number, work: (item: string) => Promise<T>): Promise<T[]> };\ndeclare function resolveAddress(name: string): Promise<string>;\nexport async function resolveAll(names: string[]) {\n  let resolved = 0;\n  await pool.mapLimit(names, 4, async (name) => {\n    const before = resolved;\n    await resolveAddress(name);\n    resolved = before + 1;\n  });\n  return resolved;\n}\n",
      errors: [
        {
          messageId: 'lostUpdate',
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 26,
          data: { location: '`resolved`', Location: '`resolved`', readLine: 6, point: 'the `await`', pointLine: 7 },
          suggestions: [{ messageId: 'wrapInLock', data: { lock: 'a new lock, `resolvedLock`,' }, output: "import { Mutex } from 'async-mutex';\n\ndeclare const pool: { mapLimit<T>(items: string[], limit: number, work: (item: string) => Promise<T>): Promise<T[]> };\ndeclare function resolveAddress(name: string): Promise<string>;\nexport async function resolveAll(names: string[]) {\n  let resolved = 0;\n  const resolvedLock = new Mutex();\n  await pool.mapLimit(names, 4, async (name) => {\n    await resolvedLock.runExclusive(async () => {\n      const before = resolved;\n      await resolveAddress(name);\n      resolved = before + 1;\n    });\n  });\n  return resolved;\n}\n" }],
        },
      ],
    },
  ],
});

ruleTester().run('no-read-await-write-race: an iterator is pulled one item at a time', rule, {
  valid: [
    // Only the pull methods (an async generator, \`next\`) open the reader: its consumer asks for one item after the other.
    "interface Source { open(): Promise<Reader>; }\ninterface Reader { read(): Promise<string | null>; close(): void }\nexport class Records {\n  private reader: Reader | undefined;\n  constructor(private source: Source) {}\n  async *lines() {\n    await this.ensureOpen();\n    for (let line = await this.reader!.read(); line !== null; line = await this.reader!.read()) yield line;\n  }\n  async next() {\n    await this.ensureOpen();\n    return this.reader!.read();\n  }\n  close() {\n    this.reader?.close();\n  }\n  private async ensureOpen() {\n    if (!this.reader) this.reader = await this.source.open();\n  }\n}",
  ],
  invalid: [
    {
      // \`count()\` is no pull method: a caller can run it while another pulls, and both open a reader.
      code: "interface Source { open(): Promise<Reader>; }\ninterface Reader { read(): Promise<string | null>; close(): void }\nexport class Records {\n  private reader: Reader | undefined;\n  constructor(private source: Source) {}\n  async *lines() {\n    await this.ensureOpen();\n    for (let line = await this.reader!.read(); line !== null; line = await this.reader!.read()) yield line;\n  }\n  async count() {\n    await this.ensureOpen();\n    return 0;\n  }\n  close() {\n    this.reader?.close();\n  }\n  private async ensureOpen() {\n    if (!this.reader) this.reader = await this.source.open();\n  }\n}\n",
      errors: [
        {
          messageId: 'duplicateEffect',
          line: 18,
          column: 23,
          endLine: 18,
          endColumn: 61,
          data: {
            location: '`this.reader`',
            Location: '`this.reader`',
            readLine: 18,
            point: 'the `await`',
            pointLine: 18,
            harm: 'each makes its own `this.reader` and the last write drops the others without closing them',
          },
          suggestions: [{ messageId: 'wrapInLock', data: { lock: 'a new lock, `this.readerLock`,' }, output: "import { Mutex } from 'async-mutex';\n\ninterface Source { open(): Promise<Reader>; }\ninterface Reader { read(): Promise<string | null>; close(): void }\nexport class Records {\n  readerLock = new Mutex();\n  private reader: Reader | undefined;\n  constructor(private source: Source) {}\n  async *lines() {\n    await this.ensureOpen();\n    for (let line = await this.reader!.read(); line !== null; line = await this.reader!.read()) yield line;\n  }\n  async count() {\n    await this.ensureOpen();\n    return 0;\n  }\n  close() {\n    this.reader?.close();\n  }\n  private async ensureOpen() {\n    await this.readerLock.runExclusive(async () => {\n      if (!this.reader) this.reader = await this.source.open();\n    });\n  }\n}\n" }],
        },
      ],
    },
  ],
});

ruleTester().run('no-read-await-write-race: a shared in-flight promise, and a resource closed before it is replaced', rule, {
  valid: [
    // The open is memoised in \`opening\` (with its \`.finally\` clean-up) under the check: every caller waits for the one channel.
    "interface Channel { active: boolean; publish(body: string): Promise<void> }\ndeclare function openChannel(): Promise<Channel>;\nexport function createPublisher() {\n  let channel: Channel | undefined;\n  let opening: Promise<Channel> | undefined;\n  const open = async () => {\n    const fresh = await openChannel();\n    channel = fresh;\n    return fresh;\n  };\n  const publishers = {\n    async send(body: string) {\n      if (!channel?.active) {\n        if (!opening) opening = open().finally(() => { opening = undefined; });\n        channel = await opening;\n      }\n      await channel.publish(body);\n    },\n  };\n  return publishers;\n}",
  ],
  invalid: [
    {
      // \`start()\` drops a running interval open; \`restart()\` clears the old one after its \`await\`, right before replacing it, and is not reported.
      code: "declare function fetchState(): Promise<void>;\nexport class Updates {\n  private pinger: ReturnType<typeof setInterval> | undefined;\n  private ping = () => undefined;\n  async start() {\n    if (this.pinger) return;\n    await fetchState();\n    this.pinger = setInterval(this.ping, 30_000);\n  }\n  async restart() {\n    if (!this.pinger) return;\n    await fetchState();\n    clearInterval(this.pinger);\n    this.pinger = setInterval(this.ping, 30_000);\n  }\n}\n",
      errors: [
        {
          messageId: 'duplicateEffect',
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 49,
          data: {
            location: '`this.pinger`',
            Location: '`this.pinger`',
            readLine: 6,
            point: 'the `await`',
            pointLine: 7,
            harm: 'each makes its own `this.pinger` and the last write drops the others without closing them',
          },
          suggestions: [{ messageId: 'wrapInLock', data: { lock: 'a new lock, `this.pingerLock`,' }, output: "import { Mutex } from 'async-mutex';\n\ndeclare function fetchState(): Promise<void>;\nexport class Updates {\n  pingerLock = new Mutex();\n  private pinger: ReturnType<typeof setInterval> | undefined;\n  private ping = () => undefined;\n  async start() {\n    return await this.pingerLock.runExclusive(async () => {\n      if (this.pinger) return;\n      await fetchState();\n      this.pinger = setInterval(this.ping, 30_000);\n    });\n  }\n  async restart() {\n    if (!this.pinger) return;\n    await fetchState();\n    clearInterval(this.pinger);\n    this.pinger = setInterval(this.ping, 30_000);\n  }\n}\n" }],
        },
      ],
    },
  ],
});

ruleTester().run('no-read-await-write-race: a done flag marks work that runs while it is unset', rule, {
  valid: [
    // The work runs only while \`ready\` is set: the flag is a precondition, and writing it again marks nothing new.
    "declare function loadQueues(): Promise<void>;\nexport class Worker {\n  ready = true;\n  async start() {\n    if (this.ready) {\n      await loadQueues();\n      this.ready = true;\n    }\n  }\n}",
  ],
  invalid: [
    {
      // The work runs while \`ready\` is unset, and it is set only after the \`await\`: every call meanwhile loads the queues again.
      code: "declare function loadQueues(): Promise<void>;\nexport class Worker {\n  ready = false;\n  async start() {\n    if (!this.ready) {\n      await loadQueues();\n      this.ready = true;\n    }\n  }\n}\n",
      errors: [
        {
          messageId: 'duplicateEffect',
          line: 7,
          column: 7,
          endLine: 7,
          endColumn: 24,
          data: {
            location: '`this.ready`',
            Location: '`this.ready`',
            readLine: 5,
            point: 'the `await`',
            pointLine: 6,
            harm: 'each runs the work that `this.ready` marks as done',
          },
          suggestions: [{ messageId: 'wrapInLock', data: { lock: 'a new lock, `this.readyLock`,' }, output: "import { Mutex } from 'async-mutex';\n\ndeclare function loadQueues(): Promise<void>;\nexport class Worker {\n  readyLock = new Mutex();\n  ready = false;\n  async start() {\n    await this.readyLock.runExclusive(async () => {\n      if (!this.ready) {\n        await loadQueues();\n        this.ready = true;\n      }\n    });\n  }\n}\n" }],
        },
      ],
    },
  ],
});

ruleTester().run('no-read-await-write-race: a compound update reads its base when it writes', rule, {
  valid: [
    // The batch was worked out from an earlier read, but \`-=\` takes it off the current count: the reservation is given back, nothing overwritten.
    "declare function pull(count: number): Promise<string[]>;\nexport class Poller {\n  pending = 0;\n  limit = 10;\n  async pullBatch() {\n    const batch = this.limit - this.pending;\n    if (batch <= 0) return [];\n    this.pending += batch;\n    try {\n      return await pull(batch);\n    } finally {\n      this.pending -= batch;\n    }\n  }\n}",
  ],
  invalid: [
    {
      // The new count starts from the read before the \`await\`: a reservation made meanwhile is lost.
      code: "declare function pull(count: number): Promise<string[]>;\nexport class Poller {\n  pending = 0;\n  limit = 10;\n  async pullBatch() {\n    const before = this.pending;\n    const jobs = await pull(this.limit - before);\n    this.pending = before + jobs.length;\n    return jobs;\n  }\n}\n",
      errors: [
        {
          messageId: 'lostUpdate',
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 40,
          data: { location: '`this.pending`', Location: '`this.pending`', readLine: 6, point: 'the `await`', pointLine: 7 },
          suggestions: [{ messageId: 'wrapInLock', data: { lock: 'a new lock, `this.pendingLock`,' }, output: "import { Mutex } from 'async-mutex';\n\ndeclare function pull(count: number): Promise<string[]>;\nexport class Poller {\n  pendingLock = new Mutex();\n  pending = 0;\n  limit = 10;\n  async pullBatch() {\n    const jobs = await this.pendingLock.runExclusive(async () => {\n      const before = this.pending;\n      const jobs = await pull(this.limit - before);\n      this.pending = before + jobs.length;\n      return jobs;\n    });\n    return jobs;\n  }\n}\n" }],
        },
      ],
    },
  ],
});
