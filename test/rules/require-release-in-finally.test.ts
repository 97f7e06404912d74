import rule from '../../eslint-plugin/src/rules/require-release-in-finally';
import { MUTEX_IMPORT, ruleTester } from '../rule-tester';

const AWAIT_LOCK = "import AwaitLock from 'await-lock';\n";
const HEAD = `${MUTEX_IMPORT}${AWAIT_LOCK}declare function work(): Promise<void>;\ndeclare const flag: boolean;\nconst m = new Mutex();\nconst s = new Semaphore(2);\nconst plain = new AwaitLock();\n`;
// HEAD is 7 lines: test code starts on line 8.
const mutexRemedy = (lock: string): string => `Release it in a \`finally\` block, or let \`${lock}.runExclusive(…)\` hold it`;
const plainRemedy = 'Release it in a `finally` block';

ruleTester().run('require-release-in-finally', rule, {
  valid: [
    // released in a `finally` entered right after the acquire
    `${HEAD}async function f() {\n  const release = await m.acquire();\n  try {\n    await work();\n  } finally {\n    release();\n  }\n}`,
    `${HEAD}async function f() {\n  const [, release] = await s.acquire();\n  try { await work(); } finally { release(); }\n}`,
    // statements that cannot throw may come before the `try`
    `${HEAD}async function f() {\n  const release = await m.acquire();\n  let n = 1;\n  try { n += 1; await work(); } finally { release(); }\n}`,
    // the `try` may start before the acquire
    `${HEAD}async function f() {\n  try {\n    await plain.acquireAsync();\n    await work();\n  } finally {\n    plain.release();\n  }\n}`,
    // a `catch` that releases and rethrows, then a release after: every path releases
    `${HEAD}async function f() {\n  const [, release] = await s.acquire();\n  try { await work(); } catch (error) { release(); throw error; }\n  release();\n}`,
    // every branch releases, and nothing between can throw
    `${HEAD}async function f() {\n  const release = await m.acquire();\n  if (flag) { release(); } else { release(); }\n}`,
    `${HEAD}async function f(n: number) {\n  const release = await m.acquire();\n  switch (n) {\n    case 1: release(); break;\n    default: release();\n  }\n}`,
    // a `break` out of the loop still runs the `finally`
    `${HEAD}async function f(items: string[]) {\n  for (const item of items) {\n    const release = await m.acquire();\n    try { if (!item) break; await work(); } finally { release(); }\n  }\n}`,
    // runExclusive and `using` release by construction
    `${HEAD}async function f() {\n  await m.runExclusive(async () => { await work(); });\n}`,
    `${HEAD}async function f() {\n  await using held = await m.acquire();\n  await work();\n}`,
    // the releaser is handed on: releasing is someone else's job
    `${HEAD}async function f() {\n  const release = await m.acquire();\n  setTimeout(release, 100);\n}`,
    `${HEAD}async function f() {\n  const release = await m.acquire();\n  return release;\n}`,
    `${HEAD}async function f() {\n  const release = await m.acquire();\n  void work().finally(() => release());\n}`,
    // open/close pair: another function releases
    `${HEAD}export async function open() {\n  await plain.acquireAsync();\n}\nexport function close() {\n  plain.release();\n}`,
    // async-sema and semaphore-async-await in a finally
    `import { Sema } from 'async-sema';\nconst sema = new Sema(2);\ndeclare function work(): Promise<void>;\nasync function f() {\n  await sema.acquire();\n  try { await work(); } finally { sema.release(); }\n}`,
    `import Semaphore from 'semaphore-async-await';\nconst sem = new Semaphore(2);\ndeclare function work(): Promise<void>;\nasync function f() {\n  await sem.wait();\n  try { await work(); } finally { sem.signal(); }\n}`,
    // not awaited: no-unawaited-acquire's business; `.then` holds the lock for its callback
    `${HEAD}async function f() {\n  m.acquire();\n  await work();\n  m.release();\n}`,
    `${HEAD}function f() {\n  return m.acquire().then((release) => { try { return work(); } finally { release(); } });\n}`,
    // A releaser called in a run-once callback on every path, or in a listener that fires many times.
    `${HEAD}async function f(done: (error?: Error) => void) {\n  const release = await m.acquire();\n  save((error: Error | null) => {\n    release();\n    if (error) return done(error);\n    done();\n  });\n}`,
    `${HEAD}async function f(stream: NodeJS.ReadableStream) {\n  const release = await m.acquire();\n  stream.on('data', (chunk) => {\n    if (!chunk) return;\n    release();\n  });\n}`,
    // A releaser passed on as a value is someone else's to call.
    `${HEAD}async function f() {\n  const release = await m.acquire();\n  save((error: Error | null) => {\n    if (error) return;\n    finish(release);\n  });\n}`,
    // A lock known only by its shape, released in a finally.
    `class Store {\n  async save(item: string) {\n    await this.rw.write.lock();\n    try { await this.db.put(item); } finally { this.rw.write.unlock(); }\n  }\n}`,
    // A pooled client given back in a `finally`, in a `catch` and after, handed to the caller, or released by a callback.
    `type Pool = { connect(): Promise<{ query(sql: string): Promise<void>; release(): void }> };\nasync function save(pool: Pool) {\n  const client = await pool.connect();\n  try {\n    await client.query('insert');\n  } finally {\n    client.release();\n  }\n}`,
    `type Pool = { connect(): Promise<{ query(sql: string): Promise<void>; release(): void }> };\nasync function save(pool: Pool) {\n  const client = await pool.connect();\n  try {\n    await client.query('insert');\n  } catch (error) {\n    client.release();\n    throw error;\n  }\n  client.release();\n}`,
    `type Pool = { connect(): Promise<{ query(sql: string): Promise<void>; release(): void }> };\nasync function open(pool: Pool) {\n  const client = await pool.connect();\n  await client.query('set search_path');\n  if (!client) client.release();\n  return client;\n}`,
    `type Pool = { connect(): Promise<{ query(sql: string): Promise<void>; release(): void }> };\nasync function save(pool: Pool) {\n  const client = await pool.connect();\n  await client.query('insert').finally(() => client.release());\n}`,
    // A connection destroyed in one branch and released in the other: the destroy's failure does not skip the release.
    `type Pool = { connect(): Promise<{ destroy(): Promise<void>; release(): void }> };\nasync function recycle(pool: Pool, broken: boolean) {\n  const client = await pool.connect();\n  if (broken) {\n    await client.destroy();\n  } else {\n    client.release();\n  }\n}`,
    // A failure caught before the release cannot skip it.
    `type Pool = { connect(): Promise<{ query(sql: string): Promise<void>; release(): void }> };\nasync function save(pool: Pool) {\n  const client = await pool.connect();\n  try {\n    await client.query('insert');\n  } catch (error) {\n    console.error(error);\n  }\n  client.release();\n}`,
  ],
  invalid: [
    {
      // A pooled client (or a query runner) released after the query, not in a \`finally\`: a failing query keeps it out of the pool.
      code: `type Pool = { connect(): Promise<{ query(sql: string): Promise<void>; release(): void }> };\nasync function save(pool: Pool) {\n  const client = await pool.connect();\n  await client.query('insert');\n  client.release();\n}`,
      errors: [
        {
          messageId: 'pooledSkippedByThrow',
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 19,
          data: { thrower: "await client.query('insert')", line: 4, resource: 'client', checkout: 3 },
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              data: { release: 'client.release()', from: 3 },
              output: `type Pool = { connect(): Promise<{ query(sql: string): Promise<void>; release(): void }> };\nasync function save(pool: Pool) {\n  const client = await pool.connect();\n  try {\n    await client.query('insert');\n  } finally {\n    client.release();\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      // Checked out only when the caller passed none, and released on the same condition (typeorm's query runners).
      code: `type Runner = { query(sql: string): Promise<void>; release(): Promise<void> };\nasync function store(source: { createQueryRunner(): Runner }, runner?: Runner) {\n  const owned = runner === undefined;\n  if (owned) runner = source.createQueryRunner();\n  await runner!.query('insert');\n  if (owned) await runner!.release();\n}`,
      // No suggestion: the checkout and the release sit in different blocks.
      errors: [{ messageId: 'pooledSkippedByThrow', line: 6, column: 20, endLine: 6, endColumn: 37, data: { thrower: "await runner!.query('insert')", line: 5, resource: 'runner', checkout: 4 }, suggestions: [] }],
    },
    {
      // A node-style callback returns early on error and skips the release it makes on success.
      code: `${HEAD}async function append(line: string, done: (error?: Error) => void) {\n  const release = await m.acquire();\n  write(line, (error: Error | null) => {\n    if (error) return done(error);\n    release();\n    done();\n  });\n}`,
      errors: [{ messageId: 'skippedInCallback', line: 9, column: 25, endLine: 9, endColumn: 36, data: { lock: 'm', line: 11, callback: 10, release: '`release()` on line 12' } }],
    },
    {
      // The same with a lock's own release in a once-event listener.
      code: `${HEAD}async function f(socket: NodeJS.EventEmitter) {\n  await plain.acquireAsync();\n  socket.once('close', () => {\n    if (flag) return;\n    plain.release();\n  });\n}`,
      errors: [{ messageId: 'skippedInCallback', line: 9, column: 9, endLine: 9, endColumn: 29, data: { lock: 'plain', line: 11, callback: 10, release: '`plain.release()` on line 12' } }],
    },
    {
      // A read-write lock of the project's own, recognised by its lock()/unlock() calls.
      code: `class Store {\n  async save(item: string) {\n    await this.rw.write.lock();\n    await this.db.put(item);\n    this.rw.write.unlock();\n  }\n}`,
      errors: [
        {
          messageId: 'skippedByThrow',
          line: 3,
          column: 11,
          endLine: 3,
          endColumn: 31,
          data: { thrower: '`this.db.put(item)` on line 4 throws', release: '`this.rw.write.unlock()` on line 5', lock: 'this.rw.write', remedy: plainRemedy },
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              data: { release: 'this.rw.write.unlock()', from: 3 },
              output: `class Store {\n  async save(item: string) {\n    await this.rw.write.lock();\n    try {\n      await this.db.put(item);\n    } finally {\n      this.rw.write.unlock();\n    }\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      // A lock class of the project's own, whatever its name: an early return skips its release.
      code: `const queue = makeQueueGuard();\nexport async function enqueue(job: { skip: boolean }) {\n  await queue.acquire();\n  if (job.skip) return;\n  await write(job);\n  queue.release();\n}`,
      errors: [
        {
          messageId: 'skippedByReturn',
          line: 3,
          column: 9,
          endLine: 3,
          endColumn: 24,
          data: { line: 4, release: '`queue.release()` on line 6', lock: 'queue', remedy: plainRemedy },
          suggestions: [{ messageId: 'wrapInTryFinally', data: { release: 'queue.release()', from: 3 }, output: `const queue = makeQueueGuard();\nexport async function enqueue(job: { skip: boolean }) {\n  await queue.acquire();\n  try {\n    if (job.skip) return;\n    await write(job);\n  } finally {\n    queue.release();\n  }\n}` }],
        },
      ],
    },
    {
      // the shared fixture: a throw skips the release; the region converts to runExclusive
      code: `${HEAD}let balance = 0;\nasync function transfer(n: number) {\n  const release = await m.acquire(); // take it\n  balance -= n;\n  await work();\n  release();\n}`,
      errors: [
        {
          messageId: 'skippedByThrow', endLine: 10, endColumn: 36,
          data: {
            thrower: '`work()` on line 12 throws',
            release: '`release()` on line 13',
            lock: 'm',
            remedy: mutexRemedy('m'),
          },
          line: 10,
          column: 25,
          suggestions: [
            {
              messageId: 'useRunExclusive',
              data: { from: 10, to: 13, lock: 'm' },
              output: `${HEAD}let balance = 0;\nasync function transfer(n: number) {\n  await m.runExclusive(async () => { // take it\n    balance -= n;\n    await work();\n  });\n}`,
            },
          ],
        },
      ],
    },
    {
      // await-lock has no runExclusive: wrap in try/finally
      code: `${HEAD}async function audit() {\n  await plain.acquireAsync();\n  await work();\n  plain.release();\n}`,
      errors: [
        {
          messageId: 'skippedByThrow', endLine: 9, endColumn: 29,
          data: { thrower: '`work()` on line 10 throws', release: '`plain.release()` on line 11', lock: 'plain', remedy: plainRemedy },
          line: 9,
          column: 9,
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              data: { release: 'plain.release()', from: 9 },
              output: `${HEAD}async function audit() {\n  await plain.acquireAsync();\n  try {\n    await work();\n  } finally {\n    plain.release();\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      // Semaphore: the permit value becomes the callback's parameter, weight and priority follow the callback
      code: `${HEAD}async function f() {\n  const [value, release] = await s.acquire(2, 5);\n  console.log(value);\n  release();\n}`,
      errors: [
        {
          messageId: 'skippedByThrow', column: 34, endLine: 9, endColumn: 49,
          data: { thrower: '`console.log(value)` on line 10 throws', release: '`release()` on line 11', lock: 's', remedy: mutexRemedy('s') },
          line: 9,
          suggestions: [
            {
              messageId: 'useRunExclusive', data: { from: 9, to: 11, lock: 's' },
              output: `${HEAD}async function f() {\n  await s.runExclusive((value) => {\n    console.log(value);\n  }, 2, 5);\n}`,
            },
          ],
        },
      ],
    },
    {
      // an early return before the try; the release already sits in a finally, so no edit is offered
      code: `${HEAD}async function f() {\n  const release = await m.acquire();\n  if (flag) return;\n  try { await work(); } finally { release(); }\n}`,
      errors: [
        { messageId: 'skippedByReturn', column: 25, endLine: 9, endColumn: 36, data: { line: 10, release: '`release()` on line 11', lock: 'm', remedy: mutexRemedy('m') }, line: 9, suggestions: [] },
      ],
    },
    {
      // a call before the try can throw
      code: `${HEAD}async function f() {\n  const release = await m.acquire();\n  console.log('got it');\n  try { await work(); } finally { release(); }\n}`,
      errors: [
        {
          messageId: 'skippedByThrow', column: 25, endLine: 9, endColumn: 36,
          data: { thrower: "`console.log('got it')` on line 10 throws", release: '`release()` on line 11', lock: 'm', remedy: mutexRemedy('m') },
          line: 9,
          suggestions: [],
        },
      ],
    },
    {
      // `continue` skips the release; the try/finally covers it
      code: `${HEAD}async function f(items: string[]) {\n  for (const item of items) {\n    await plain.acquireAsync();\n    if (item === '') continue;\n    plain.release();\n  }\n}`,
      errors: [
        {
          messageId: 'skippedByJump', column: 11, endLine: 10, endColumn: 31,
          data: { keyword: 'continue', line: 11, release: '`plain.release()` on line 12', lock: 'plain', remedy: plainRemedy },
          line: 10,
          suggestions: [
            {
              messageId: 'wrapInTryFinally', data: { release: 'plain.release()', from: 10 },
              output: `${HEAD}async function f(items: string[]) {\n  for (const item of items) {\n    await plain.acquireAsync();\n    try {\n      if (item === '') continue;\n    } finally {\n      plain.release();\n    }\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      // a return inside the region cannot move into a callback, but try/finally keeps it
      code: `${HEAD}async function f() {\n  const release = await m.acquire();\n  if (flag) {\n    return 1;\n  }\n  release();\n  return 2;\n}`,
      errors: [
        {
          messageId: 'skippedByReturn', column: 25, endLine: 9, endColumn: 36,
          data: { line: 11, release: '`release()` on line 13', lock: 'm', remedy: mutexRemedy('m') },
          line: 9,
          suggestions: [
            {
              messageId: 'wrapInTryFinally', data: { release: 'release()', from: 9 },
              output: `${HEAD}async function f() {\n  const release = await m.acquire();\n  try {\n    if (flag) {\n      return 1;\n    }\n  } finally {\n    release();\n  }\n  return 2;\n}`,
            },
          ],
        },
      ],
    },
    {
      // released on one branch only
      code: `${HEAD}async function settle() {\n  const release = await m.acquire();\n  if (flag) release();\n}`,
      errors: [
        { messageId: 'skippedAtEnd', column: 25, endLine: 9, endColumn: 36, data: { fn: '`settle`', release: '`release()` on line 10', lock: 'm', remedy: mutexRemedy('m') }, line: 9, suggestions: [] },
      ],
    },
    {
      // never released: the rest of the block moves into a try, the releaser into finally
      code: `${HEAD}const run = async () => {\n  const release = await m.acquire();\n  await work();\n  await work();\n};`,
      errors: [
        {
          messageId: 'neverReleased', column: 25, endLine: 9, endColumn: 36,
          data: { releaser: 'release', lock: 'm', fn: '`run`', remedy: mutexRemedy('m') },
          line: 9,
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              data: { release: 'release()', from: 9 },
              output: `${HEAD}const run = async () => {\n  const release = await m.acquire();\n  try {\n    await work();\n    await work();\n  } finally {\n    release();\n  }\n};`,
            },
          ],
        },
      ],
    },
    {
      // a `throw` statement, and an awaited promise that can reject
      code: `${HEAD}async function f(pending: Promise<void>) {\n  const release = await m.acquire();\n  if (flag) throw new Error('no');\n  release();\n}\nasync function g(pending: Promise<void>) {\n  const release = await m.acquire();\n  await pending;\n  release();\n}`,
      errors: [
        {
          messageId: 'skippedByThrow', column: 25, endLine: 9, endColumn: 36,
          data: { thrower: 'the `throw` on line 10 runs', release: '`release()` on line 11', lock: 'm', remedy: mutexRemedy('m') },
          line: 9,
          suggestions: [
            {
              messageId: 'useRunExclusive', data: { from: 9, to: 11, lock: 'm' },
              output: `${HEAD}async function f(pending: Promise<void>) {\n  await m.runExclusive(() => {\n    if (flag) throw new Error('no');\n  });\n}\nasync function g(pending: Promise<void>) {\n  const release = await m.acquire();\n  await pending;\n  release();\n}`,
            },
          ],
        },
        {
          messageId: 'skippedByThrow', column: 25, endLine: 14, endColumn: 36,
          data: { thrower: 'the `await` on line 15 rejects', release: '`release()` on line 16', lock: 'm', remedy: mutexRemedy('m') },
          line: 14,
          suggestions: [
            {
              messageId: 'useRunExclusive', data: { from: 14, to: 16, lock: 'm' },
              output: `${HEAD}async function f(pending: Promise<void>) {\n  const release = await m.acquire();\n  if (flag) throw new Error('no');\n  release();\n}\nasync function g(pending: Promise<void>) {\n  await m.runExclusive(async () => {\n    await pending;\n  });\n}`,
            },
          ],
        },
      ],
    },
    {
      // async-sema: the acquire resolves to a token that the release takes back, not to a releaser
      code: `import { Sema } from 'async-sema';\nconst sema = new Sema(2);\ndeclare function work(): Promise<void>;\nasync function f() {\n  const token = await sema.acquire();\n  await work();\n  sema.release(token);\n}`,
      errors: [
        {
          messageId: 'skippedByThrow', column: 23, endLine: 5, endColumn: 37,
          data: { thrower: '`work()` on line 6 throws', release: '`sema.release(token)` on line 7', lock: 'sema', remedy: plainRemedy },
          line: 5,
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              data: { release: 'sema.release(token)', from: 5 },
              output: `import { Sema } from 'async-sema';\nconst sema = new Sema(2);\ndeclare function work(): Promise<void>;\nasync function f() {\n  const token = await sema.acquire();\n  try {\n    await work();\n  } finally {\n    sema.release(token);\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      // a name declared in the region and used after the release: neither edit is safe
      code: `${HEAD}async function f() {\n  const release = await m.acquire();\n  const n = await work();\n  release();\n  return n;\n}`,
      errors: [
        {
          messageId: 'skippedByThrow', column: 25, endLine: 9, endColumn: 36,
          data: { thrower: '`work()` on line 10 throws', release: '`release()` on line 11', lock: 'm', remedy: mutexRemedy('m') },
          line: 9,
          suggestions: [],
        },
      ],
    },
    {
      // a class field lock; template literal lines keep their indentation
      code: `import { Lock } from 'semaphore-async-await';\ndeclare function log(text: string): Promise<void>;\nclass Store {\n  private lock = new Lock();\n  async save(n: number) {\n    await this.lock.acquire();\n    await log(\`saving\n\${n}\`);\n    this.lock.release();\n  }\n}`,
      errors: [
        {
          messageId: 'skippedByThrow', column: 11, endLine: 6, endColumn: 30,
          data: { lock: 'this.lock', release: '`this.lock.release()` on line 9', thrower: '`log(`saving ${n}`)` on line 7 throws', remedy: plainRemedy },
          line: 6,
          suggestions: [
            {
              messageId: 'wrapInTryFinally', data: { release: 'this.lock.release()', from: 6 },
              output: `import { Lock } from 'semaphore-async-await';\ndeclare function log(text: string): Promise<void>;\nclass Store {\n  private lock = new Lock();\n  async save(n: number) {\n    await this.lock.acquire();\n    try {\n      await log(\`saving\n\${n}\`);\n    } finally {\n      this.lock.release();\n    }\n  }\n}`,
            },
          ],
        },
      ],
    },
  ],
});
