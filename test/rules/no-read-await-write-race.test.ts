import rule from '../../eslint-plugin/src/rules/no-read-await-write-race';
import { ruleTester } from '../rule-tester';

const tick = 'declare function tick(): Promise<void>;\n';
const strict = [{ checkThenAct: true, checkContinuations: true }] as const;

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
    // Check-then-act and continuations are strict-only.
    `declare function connect(): Promise<object>;\nclass R { conn?: object; async get() { if (!this.conn) { this.conn = await connect(); } return this.conn; } }`,
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
      // The object a method is called on always counts: the answer comes from the stale client.
      code: "interface Raw { reconnect(): Promise<Raw> }\nclass Client {\n  constructor(private raw: Raw) {}\n  async reset() {\n    this.raw = await this.raw.reconnect();\n  }\n}",
      errors: [{ messageId: 'lostUpdate', endLine: 5, endColumn: 42, line: 5, column: 5, data: { location: '\`this.raw\`', Location: '\`this.raw\`', readLine: 5, point: 'the \`await\`', pointLine: 5 }, suggestions: [{ messageId: 'wrapInLock', data: { lock: 'a new lock, `this.rawLock`,' }, output: "import { Mutex } from 'async-mutex';\n\ninterface Raw { reconnect(): Promise<Raw> }\nclass Client {\n  rawLock = new Mutex();\n  constructor(private raw: Raw) {}\n  async reset() {\n    await this.rawLock.runExclusive(async () => {\n      this.raw = await this.raw.reconnect();\n    });\n  }\n}" }] }],
    },
    {
      // Following continuations (strict), an awaited `.then` chain keeps what it was called on too.
      code: "interface Raw { reconnect(): Promise<Raw> }\nclass Client {\n  constructor(private raw: Raw) {}\n  async reset() {\n    this.raw = await this.raw.reconnect().then((fresh) => fresh);\n  }\n}",
      options: [{ checkContinuations: true }],
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
      // strict: check-then-act on a field, with the memoised-promise suggestion first.
      code: `declare function connect(): Promise<object>;\nclass Repo {\n  private conn?: object;\n  async get() {\n    if (!this.conn) {\n      this.conn = await connect();\n    }\n    return this.conn;\n  }\n}`,
      options: strict,
      filename: 'repo.ts',
      errors: [
        {
          messageId: 'checkThenAct', column: 7, endLine: 6, endColumn: 34,
          line: 6,
          data: { location: '`this.conn`', Location: '`this.conn`', readLine: 5, point: 'the `await`', pointLine: 6 },
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
      errors: [{ messageId: 'checkThenAct', column: 3, endLine: 6, endColumn: 18, line: 6, data: { location: 'the `cache` entry for `k`', Location: 'The `cache` entry for `k`', readLine: 4, point: 'the `await`', pointLine: 5 }, suggestions: [{ messageId: 'wrapInLock', data: { lock: 'a new lock, `cacheLock`,' }, output: "import { Mutex } from 'async-mutex';\n\ndeclare function load(k: string): Promise<number>;\nconst cache = new Map<string, number>();\nconst cacheLock = new Mutex();\nasync function get(k: string) {\n  return await cacheLock.runExclusive(async () => {\n    if (cache.has(k)) return cache.get(k);\n    const v = await load(k);\n    cache.set(k, v);\n    return v;\n  });\n}" }] }],
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
