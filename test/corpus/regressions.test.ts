// Regressions from the corpus (test/corpus/FINDINGS.md): code shapes of published packages that
// no-read-await-write-race reported although they are safe, next to the racy shapes nearest to them.
import rule from '../../eslint-plugin/src/rules/no-read-await-write-race';
import selfDeadlock from '../../eslint-plugin/src/rules/no-self-deadlock';
import unawaitedAcquire from '../../eslint-plugin/src/rules/no-unawaited-acquire';
import { ruleTester } from '../rule-tester';

const tick = 'declare function tick(): Promise<void>;\n';

/**
 * `add(n)` builds `total` on a read made between `lock.acquire()` and `lock.release()`, where
 * `prelude` declares `lock`; `wrapped` is the race rule's suggestion, the read and write under a
 * new `totalLock`.
 */
function addUnder(prelude: string, wrapped = false): string {
  const work = ['const before = total;', 'await tick();', 'total = before + n;'];
  const body = wrapped
    ? `    await totalLock.runExclusive(async () => {\n${work.map((line) => `      ${line}`).join('\n')}\n    });`
    : work.map((line) => `    ${line}`).join('\n');
  return `${prelude}let total = 0;
${wrapped ? 'const totalLock = new Mutex();\n' : ''}async function add(n: number) {
  await lock.acquire();
  try {
${body}
  } finally {
    lock.release();
  }
}`;
}

/**
 * mongodb's `MongoClient`: `close()` memoises `this.<method>()` in `closeLock` and waits for it
 * with `settle`; `locked` is the race rule's suggestion, `<method>`'s check-then-act under a lock.
 */
function closingClient(method: string, settle: string, locked = false): string {
  const work = ['if (this.topology == null) return;', 'await tick();', 'const topology = this.topology;', 'this.topology = undefined;', 'topology.close();'];
  const body = locked
    ? `    return await this.topologyLock.runExclusive(async () => {\n${work.map((line) => `      ${line}`).join('\n')}\n    });`
    : work.map((line) => `    ${line}`).join('\n');
  return `${locked ? "import { Mutex } from 'async-mutex';\n\n" : ''}${tick}class Client {
${locked ? '  topologyLock = new Mutex();\n' : ''}  private closeLock: Promise<void> | undefined;
  topology: { close(): void } | undefined = { close() {} };
  async close() {
    if (this.closeLock) {
      return await this.closeLock;
    }
    try {
      this.closeLock = this.${method}();
      ${settle};
    } finally {
      this.closeLock = undefined;
    }
  }
  async ${method}() {
    await tick();
${body}
  }
}`;
}

ruleTester().run('no-read-await-write-race (corpus regressions)', rule, {
  valid: [
    // Apollo Server's `_start`: the check of `phase` and the write of a 'starting' state claim the state machine, like a try-lock, until the next transition.
    `${tick}type State = { phase: 'initialized' | 'starting' | 'started'; manager: object };
class Server {
  state: State = { phase: 'initialized', manager: {} };
  async start() {
    if (this.state.phase !== 'initialized') throw new Error('start() twice');
    const manager = this.state.manager;
    this.state = { phase: 'starting', manager };
    await tick();
    this.state = { phase: 'started', manager };
  }
}`,
    // bullmq's `startStalledCheckTimer`: after `generation !== this.generation` returns, no later run has started, so the reads before the await are still current.
    `${tick}class Worker {
  generation = 0;
  loop: Promise<void> | undefined;
  async restart() {
    const generation = ++this.generation;
    const previous = this.loop;
    await tick();
    if (this.closing || generation !== this.generation) return;
    this.loop = (previous ?? Promise.resolve()).then(() => tick());
  }
  closing = false;
}`,
    // The same with an object token stored in the shared variable.
    `${tick}let current: object | undefined;
let result = 0;
async function refresh() {
  const token = {};
  current = token;
  const before = result;
  await tick();
  if (current !== token) return;
  result = before + 1;
}`,
    // kafkajs's `addMultipleTargetTopics`: the project's own `Lock` class, acquired and released in `finally`.
    `import Lock from './lock';
${tick}class Cluster {
  topics = new Set<string>();
  lock = new Lock();
  async add(topic: string) {
    await this.lock.acquire();
    try {
      const previous = new Set(this.topics);
      this.topics.add(topic);
      try { await tick(); } catch (e) { this.topics = previous; throw e; }
    } finally {
      await this.lock.release();
    }
  }
}`,
    // A lock class declared in the file, with `acquire` and `release`.
    addUnder(`${tick}class TopicLock {
  async acquire(): Promise<void> {}
  release(): void {}
}
const lock = new TopicLock();
`),
    // @redis/client's `updateSentinelRootNodes`: the list is rewritten from one element and a fresh answer (strict still reports the check-then-act).
    `declare function ask(node: string): Promise<string[]>;
class Sentinel {
  nodes: string[] = [];
  async update() {
    for (const node of this.nodes) {
      const answer = await ask(node);
      this.nodes = [node, ...answer];
      return;
    }
  }
}`,
    // A package we do not know, exporting a class named `Lock`.
    addUnder(`import Lock from 'some-lock-package';
${tick}const lock = new Lock();
`),
    // kafkajs's `getCoordinator`: the broker found for the stale one is the cluster's answer, right whichever task stores it.
    `declare const cluster: { findBroker(previous: Broker): Promise<Broker> };
interface Broker { isConnected(): boolean }
class OffsetManager {
  constructor(private coordinator: Broker) {}
  async getCoordinator() {
    if (!this.coordinator.isConnected()) {
      this.coordinator = await cluster.findBroker(this.coordinator);
    }
    return this.coordinator;
  }
}`,
    // bullmq's valkey-glide `scanStream`: the busy flag set in the synchronous `read()` is released only when the async IIFE it starts has settled, so the IIFE runs holding it.
    `${tick}let cursor = 0;
let running = false;
async function scan(from: number) {
  await tick();
  return { next: from + 10, keys: [] as string[] };
}
export function read() {
  if (running) return;
  running = true;
  (async () => {
    const { next } = await scan(cursor);
    cursor = next;
  })().finally(() => {
    running = false;
  });
}`,
    // bullmq's bun-redis-client `_scheduleReconnect`: the `setTimeout` callback started holding the `reconnecting` flag, which only the callback releases.
    `${tick}class Client {
  reconnecting = false;
  attempts = 0;
  scheduleReconnect() {
    if (this.reconnecting) return;
    this.reconnecting = true;
    setTimeout(async () => {
      const attempts = this.attempts;
      try {
        await tick();
        this.attempts = attempts + 1;
      } finally {
        this.reconnecting = false;
      }
    }, 1000);
  }
}`,
    // knex's runner (strict): the error a query's promise rejects with is the driver's answer, not a value computed from the connection passed in.
    {
      code: `declare const client: { query(connection: object, sql: string): Promise<unknown>; process(response: unknown): unknown };
class Runner {
  connection: { disposed?: unknown } = {};
  run(sql: string) {
    const queryPromise = client.query(this.connection, sql);
    return queryPromise
      .then((response) => client.process(response))
      .catch((error) => {
        this.connection.disposed = error;
      });
  }
}`,
      options: [{ checkContinuations: true }],
    },
    // bee-queue's `Job#_save` (strict): the id Redis answers with, through a `.then` chain.
    {
      code: `class Job {
  id: string | null = null;
  save(evalScript: (args: unknown[]) => Promise<string>) {
    return evalScript(['addJob', this.id || ''])
      .then((jobId) => jobId)
      .then((jobId) => {
        this.id = jobId;
        return this;
      });
  }
}`,
      options: [{ checkContinuations: true }],
    },
    // mongodb's `MongoClient#_close` (strict): every call of the private method is memoised in `closeLock`, claimed after its check and released once awaited, so it never runs twice at once.
    { code: closingClient('_close', 'await this.closeLock'), options: [{ checkThenAct: true }] },
    // vitest's `runWithSuite`, playwright's rollbacks of `setExtraHTTPHeaders` and `emulateMedia`: a value saved, overridden by this task and put back ends a scope or undoes a change; it builds nothing on the stale value.
    `${tick}const context: { suite: string | null } = { suite: null };
export async function runWithSuite(suite: string, fn: () => Promise<void>) {
  const previous = context.suite;
  context.suite = suite;
  await fn();
  context.suite = previous;
}
class Page {
  headers: Record<string, string> = {};
  media = { dark: false };
  async setHeaders(headers: Record<string, string>) {
    const old = this.headers;
    try {
      this.headers = headers;
      await tick();
    } catch (error) {
      this.headers = old;
      throw error;
    }
  }
  async emulate(dark: boolean) {
    const old = { ...this.media };
    this.media.dark = dark;
    try {
      await tick();
    } catch (error) {
      this.media = old;
      throw error;
    }
  }
}`,
  ],
  invalid: [
    // bullmq's bun-redis-client `connect()`: two concurrent calls both duplicate the client and the last write leaks the other one. A check guarding the refresh does not make it safe.
    {
      code: `interface Raw { connected: boolean; duplicate(): Promise<Raw> }
class Client {
  constructor(private raw: Raw) {}
  async connect() {
    if (!this.raw.connected) {
      this.raw = await this.duplicateRaw(this.raw);
    }
  }
  private async duplicateRaw(source: Raw) {
    return await source.duplicate();
  }
}`,
      errors: [
        {
          messageId: 'lostUpdate', data: { location: '`this.raw`', Location: '`this.raw`', readLine: 6, point: 'the `await`', pointLine: 6 }, endLine: 6, endColumn: 51,
          line: 6,
          column: 7,
          suggestions: [
            {
              messageId: 'wrapInLock', data: { lock: 'a new lock, `this.rawLock`,' },
              output: `import { Mutex } from 'async-mutex';

interface Raw { connected: boolean; duplicate(): Promise<Raw> }
class Client {
  rawLock = new Mutex();
  constructor(private raw: Raw) {}
  async connect() {
    if (!this.raw.connected) {
      await this.rawLock.runExclusive(async () => {
        this.raw = await this.duplicateRaw(this.raw);
      });
    }
  }
  private async duplicateRaw(source: Raw) {
    return await source.duplicate();
  }
}`,
            },
          ],
        },
      ],
    },
    // Released right after the IIFE starts: the IIFE runs on past the release at its first `await`.
    {
      code: `${tick}let total = 0;
let running = false;
export function read() {
  if (running) return;
  running = true;
  (async () => {
    const before = total;
    await tick();
    total = before + 1;
  })();
  running = false;
}`,
      errors: [
        {
          messageId: 'lostUpdate', data: { location: '`total`', Location: '`total`', readLine: 8, point: 'the `await`', pointLine: 9 }, endLine: 10, endColumn: 23,
          line: 10,
          column: 5,
          suggestions: [
            {
              messageId: 'wrapInLock', data: { lock: 'a new lock, `totalLock`,' },
              output: `import { Mutex } from 'async-mutex';

${tick}let total = 0;
const totalLock = new Mutex();
let running = false;
export function read() {
  if (running) return;
  running = true;
  (async () => {
    await totalLock.runExclusive(async () => {
      const before = total;
      await tick();
      total = before + 1;
    });
  })();
  running = false;
}`,
            },
          ],
        },
      ],
    },
    // A listener is not started where it is written: it runs on every event, long after the flag was taken.
    {
      code: `${tick}class Client {
  busy = false;
  attempts = 0;
  listen(emitter: { on(event: string, listener: () => void): void }) {
    if (this.busy) return;
    this.busy = true;
    emitter.on('retry', async () => {
      const attempts = this.attempts;
      await tick();
      this.attempts = attempts + 1;
      this.busy = false;
    });
  }
}`,
      errors: [
        {
          messageId: 'lostUpdate', data: { location: '`this.attempts`', Location: '`this.attempts`', readLine: 9, point: 'the `await`', pointLine: 10 }, endLine: 11, endColumn: 35,
          line: 11,
          column: 7,
          suggestions: [
            {
              messageId: 'wrapInLock', data: { lock: 'a new lock, `this.attemptsLock`,' },
              output: `import { Mutex } from 'async-mutex';

${tick}class Client {
  attemptsLock = new Mutex();
  busy = false;
  attempts = 0;
  listen(emitter: { on(event: string, listener: () => void): void }) {
    if (this.busy) return;
    this.busy = true;
    emitter.on('retry', async () => {
      await this.attemptsLock.runExclusive(async () => {
        const attempts = this.attempts;
        await tick();
        this.attempts = attempts + 1;
      });
      this.busy = false;
    });
  }
}`,
            },
          ],
        },
      ],
    },
    // The same chain on a function of this file that builds its answer from the stale count: a lost update.
    {
      code: `${tick}async function bump(n: number) {
  await tick();
  return n + 1;
}
class Counter {
  count = 0;
  increment() {
    return bump(this.count).then((next) => {
      this.count = next;
    });
  }
}`,
      options: [{ checkContinuations: true }],
      errors: [{ messageId: 'lostUpdate', data: { location: '`this.count`', Location: '`this.count`', readLine: 9, point: 'the `.then` callback (it runs after the promise settles)', pointLine: 9 }, endLine: 10, endColumn: 24, line: 10, column: 7, suggestions: [] }],
    },
    // Returned instead of awaited, the field is released at once by `finally`: the next call starts `_close` again.
    {
      code: closingClient('_close', 'return this.closeLock'),
      options: [{ checkThenAct: true }],
      errors: [
        {
          messageId: 'checkThenAct', data: { location: '`this.topology`', Location: '`this.topology`', readLine: 18, point: 'the `await`', pointLine: 19 }, endLine: 21, endColumn: 30,
          line: 21,
          column: 5,
          suggestions: [{ messageId: 'wrapInLock', data: { lock: 'a new lock, `this.topologyLock`,' }, output: closingClient('_close', 'return this.closeLock', true) }],
        },
      ],
    },
    // A public method can be called from other modules, which the memoised field does not cover.
    {
      code: closingClient('shutdown', 'await this.closeLock'),
      options: [{ checkThenAct: true }],
      errors: [
        {
          messageId: 'checkThenAct', data: { location: '`this.topology`', Location: '`this.topology`', readLine: 18, point: 'the `await`', pointLine: 19 }, endLine: 21, endColumn: 30,
          line: 21,
          column: 5,
          suggestions: [{ messageId: 'wrapInLock', data: { lock: 'a new lock, `this.topologyLock`,' }, output: closingClient('shutdown', 'await this.closeLock', true) }],
        },
      ],
    },
    // Put back with no override of its own in between, the saved value overwrites whatever another task stored.
    {
      code: `${tick}const context: { suite: string | null } = { suite: null };
export async function putBack() {
  const previous = context.suite;
  await tick();
  context.suite = previous;
}`,
      errors: [
        {
          messageId: 'lostUpdate', data: { location: '`context.suite`', Location: '`context.suite`', readLine: 4, point: 'the `await`', pointLine: 5 }, endLine: 6, endColumn: 27,
          line: 6,
          column: 3,
          suggestions: [
            {
              messageId: 'wrapInLock', data: { lock: 'a new lock, `contextLock`,' },
              output: `import { Mutex } from 'async-mutex';

${tick}const context: { suite: string | null } = { suite: null };
const contextLock = new Mutex();
export async function putBack() {
  await contextLock.runExclusive(async () => {
    const previous = context.suite;
    await tick();
    context.suite = previous;
  });
}`,
            },
          ],
        },
      ],
    },
    // A value computed from the saved one is an update, override or not.
    {
      code: `${tick}const context: { depth: number } = { depth: 0 };
export async function restoreModified() {
  const depth = context.depth;
  context.depth = 0;
  await tick();
  context.depth = depth + 1;
}`,
      errors: [
        {
          messageId: 'lostUpdate', data: { location: '`context.depth`', Location: '`context.depth`', readLine: 4, point: 'the `await`', pointLine: 6 }, endLine: 7, endColumn: 28,
          line: 7,
          column: 3,
          suggestions: [
            {
              messageId: 'wrapInLock', data: { lock: 'a new lock, `contextLock`,' },
              output: `import { Mutex } from 'async-mutex';

${tick}const context: { depth: number } = { depth: 0 };
const contextLock = new Mutex();
export async function restoreModified() {
  await contextLock.runExclusive(async () => {
    const depth = context.depth;
    context.depth = 0;
    await tick();
    context.depth = depth + 1;
  });
}`,
            },
          ],
        },
      ],
    },
    // A state write with no check before it claims nothing.
    {
      code: `${tick}type State = { phase: string; count: number };
class Server {
  state: State = { phase: 'initialized', count: 0 };
  async start() {
    const count = this.state.count;
    this.state = { phase: 'starting', count };
    await tick();
    this.state = { phase: 'started', count: count + 1 };
  }
}`,
      errors: [
        {
          messageId: 'lostUpdate', data: { location: '`this.state`', Location: '`this.state`', readLine: 6, point: 'the `await`', pointLine: 8 }, endLine: 9, endColumn: 56,
          line: 9,
          column: 5,
          suggestions: [
            {
              messageId: 'wrapInLock', data: { lock: 'a new lock, `this.stateLock`,' },
              output: `import { Mutex } from 'async-mutex';

${tick}type State = { phase: string; count: number };
class Server {
  stateLock = new Mutex();
  state: State = { phase: 'initialized', count: 0 };
  async start() {
    await this.stateLock.runExclusive(async () => {
      const count = this.state.count;
      this.state = { phase: 'starting', count };
      await tick();
      this.state = { phase: 'started', count: count + 1 };
    });
  }
}`,
            },
          ],
        },
      ],
    },
    // After the transition back to `idle` the hold is gone.
    {
      code: `${tick}class Server {
  phase = 'idle';
  count = 0;
  async run() {
    if (this.phase !== 'idle') return;
    this.phase = 'running';
    await tick();
    this.phase = 'idle';
    const count = this.count;
    await tick();
    this.count = count + 1;
  }
}`,
      errors: [
        {
          messageId: 'lostUpdate', data: { location: '`this.count`', Location: '`this.count`', readLine: 10, point: 'the `await`', pointLine: 11 }, endLine: 12, endColumn: 27,
          line: 12,
          column: 5,
          suggestions: [
            {
              messageId: 'wrapInLock', data: { lock: 'a new lock, `this.countLock`,' },
              output: `import { Mutex } from 'async-mutex';

${tick}class Server {
  countLock = new Mutex();
  phase = 'idle';
  count = 0;
  async run() {
    if (this.phase !== 'idle') return;
    this.phase = 'running';
    await tick();
    this.phase = 'idle';
    await this.countLock.runExclusive(async () => {
      const count = this.count;
      await tick();
      this.count = count + 1;
    });
  }
}`,
            },
          ],
        },
      ],
    },
    // A token compared with another field proves nothing.
    {
      code: `${tick}class Worker {
  generation = 0;
  other = 0;
  total = 0;
  async restart() {
    const generation = ++this.generation;
    const before = this.total;
    await tick();
    if (generation !== this.other) return;
    this.total = before + 1;
  }
}`,
      errors: [
        {
          messageId: 'lostUpdate', data: { location: '`this.total`', Location: '`this.total`', readLine: 8, point: 'the `await`', pointLine: 9 }, endLine: 11, endColumn: 28,
          line: 11,
          column: 5,
          suggestions: [
            {
              messageId: 'wrapInLock', data: { lock: 'a new lock, `this.totalLock`,' },
              output: `import { Mutex } from 'async-mutex';

${tick}class Worker {
  totalLock = new Mutex();
  generation = 0;
  other = 0;
  total = 0;
  async restart() {
    const generation = ++this.generation;
    return await this.totalLock.runExclusive(async () => {
      const before = this.total;
      await tick();
      if (generation !== this.other) return;
      this.total = before + 1;
    });
  }
}`,
            },
          ],
        },
      ],
    },
    // A read-write lock is not taken for a mutex by its name.
    {
      code: addUnder(`import ReadWriteLock from './rw';
${tick}const lock = new ReadWriteLock();
`),
      errors: [
        {
          messageId: 'lostUpdate', data: { location: '`total`', Location: '`total`', readLine: 8, point: 'the `await`', pointLine: 9 }, endLine: 10, endColumn: 23,
          line: 10,
          column: 5,
          suggestions: [
            {
              messageId: 'wrapInLock', data: { lock: 'a new lock, `totalLock`,' },
              output: addUnder(
                `import ReadWriteLock from './rw';
import { Mutex } from 'async-mutex';
${tick}const lock = new ReadWriteLock();
`,
                true,
              ),
            },
          ],
        },
      ],
    },
    // The awaited call builds the new value from the old one, with no check guarding it.
    {
      code: `declare function reduce(state: number, action: number): Promise<number>;
let state = 0;
async function dispatch(action: number) {
  state = await reduce(state, action);
}`,
      errors: [
        {
          messageId: 'lostUpdate', data: { location: '`state`', Location: '`state`', readLine: 4, point: 'the `await`', pointLine: 4 }, endLine: 4, endColumn: 38,
          line: 4,
          column: 3,
          suggestions: [
            {
              messageId: 'wrapInLock', data: { lock: 'a new lock, `stateLock`,' },
              output: `import { Mutex } from 'async-mutex';

declare function reduce(state: number, action: number): Promise<number>;
let state = 0;
const stateLock = new Mutex();
async function dispatch(action: number) {
  await stateLock.runExclusive(async () => {
    state = await reduce(state, action);
  });
}`,
            },
          ],
        },
      ],
    },
    // An element written back to its own entry is still a lost update.
    {
      code: `declare function save(value: number): Promise<void>;
const counts = new Map<string, number>();
async function bump() {
  for (const [key, value] of counts) {
    await save(value);
    counts.set(key, value + 1);
  }
}`,
      errors: [
        {
          messageId: 'lostUpdate', data: { location: 'the `counts` entry for `key`', Location: 'The `counts` entry for `key`', readLine: 4, point: 'the `await`', pointLine: 5 }, endLine: 6, endColumn: 31,
          line: 6,
          column: 5,
          suggestions: [
            {
              messageId: 'wrapInLock', data: { lock: 'a new lock, `countsLock`,' },
              output: `import { Mutex } from 'async-mutex';

declare function save(value: number): Promise<void>;
const counts = new Map<string, number>();
const countsLock = new Mutex();
async function bump() {
  await countsLock.runExclusive(async () => {
    for (const [key, value] of counts) {
      await save(value);
      counts.set(key, value + 1);
    }
  });
}`,
            },
          ],
        },
      ],
    },
    // @redis/client's `updateSentinelRootNodes`: the list is rewritten from one element and a fresh answer (strict still reports the check-then-act).
    {
      code: `declare function ask(node: string): Promise<string[]>;
class Sentinel {
  nodes: string[] = [];
  async update() {
    for (const node of this.nodes) {
      const answer = await ask(node);
      this.nodes = [node, ...answer];
      return;
    }
  }
}`,
      options: [{checkThenAct: true}],
      errors: [
        {
          messageId: 'checkThenAct', data: { location: '`this.nodes`', Location: '`this.nodes`', readLine: 5, point: 'the `await`', pointLine: 6 }, endLine: 7, endColumn: 37,
          line: 7,
          column: 7,
          suggestions: [
            {
              messageId: 'wrapInLock', data: { lock: 'a new lock, `this.nodesLock`,' },
              output: `import { Mutex } from 'async-mutex';

declare function ask(node: string): Promise<string[]>;
class Sentinel {
  nodesLock = new Mutex();
  nodes: string[] = [];
  async update() {
    return await this.nodesLock.runExclusive(async () => {
      for (const node of this.nodes) {
        const answer = await ask(node);
        this.nodes = [node, ...answer];
        return;
      }
    });
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});

// A lock class recognised by its name is a lock for the other rules too, but its re-entrancy is
// unknown, so taking it twice is not reported as a deadlock.
const projectLock = `import Lock from './lock';\n${tick}const lock = new Lock();\n`;

ruleTester().run('no-unawaited-acquire (a lock class recognised by its name)', unawaitedAcquire, {
  valid: [`${projectLock}export async function a() {\n  await lock.acquire();\n  try {\n    await tick();\n  } finally {\n    lock.release();\n  }\n}`],
  invalid: [
    {
      code: `${projectLock}export async function a() {\n  lock.acquire();\n  try {\n    await tick();\n  } finally {\n    lock.release();\n  }\n}`,
      errors: [
        {
          messageId: 'unawaitedAcquire', data: { call: 'lock.acquire()', next: 'the code on line 6', lock: '`Lock`' }, endLine: 5, endColumn: 17,
          line: 5,
          column: 3,
          suggestions: [
            {
              messageId: 'addAwait', data: { call: 'lock.acquire()' },
              output: `${projectLock}export async function a() {\n  await lock.acquire();\n  try {\n    await tick();\n  } finally {\n    lock.release();\n  }\n}`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester().run('no-self-deadlock (a lock class recognised by its name)', selfDeadlock, {
  valid: [`${projectLock}export async function c() {\n  await lock.acquire();\n  try {\n    await lock.acquire();\n    lock.release();\n  } finally {\n    lock.release();\n  }\n}`],
  invalid: [],
});
