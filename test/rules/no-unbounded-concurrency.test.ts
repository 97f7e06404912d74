import rule from '../../eslint-plugin/src/rules/no-unbounded-concurrency';
import { MUTEX_IMPORT, ruleTester } from '../rule-tester';

const P_LIMIT = "import pLimit from 'p-limit';\n";

ruleTester().run('no-unbounded-concurrency', rule, {
  valid: [
    // By default only tasks that open files through Node's fs: requests, fs-extra (it queues on EMFILE), a stat (no descriptor held).
    `async function f(urls: string[]) { return Promise.all(urls.map((url) => fetch(url))); }`,
    `import fse from 'fs-extra';\nasync function f(paths: string[]) { return Promise.all(paths.map((p) => fse.readFile(p, 'utf8'))); }`,
    `import { stat } from 'node:fs/promises';\nasync function f(paths: string[]) { return Promise.all(paths.map((p) => stat(p))); }`,
    // Compiled code: a p-limit limiter imported through Babel's interop helper bounds the reads.
    { options: [{ everyTask: true }], code: `'use strict';\nvar _fs = require('fs');\nvar _fs2 = _interopRequireDefault(_fs);\nvar _pLimit = require('p-limit');\nvar _pLimit2 = _interopRequireDefault(_pLimit);\nfunction _interopRequireDefault(obj) { return obj && obj.__esModule ? obj : { default: obj }; }\nvar fileLimit = (0, _pLimit2.default)(50);\nfunction readAll(files) {\n  return Promise.all(files.map(function (file) {\n    return fileLimit(function () { return _fs2.default.promises.readFile(file); });\n  }));\n}\nmodule.exports = readAll;` },
    // A module-level list (even one that grows) is the program's own state, small by construction: only input-sized fan-outs are reported.
    `const urls = ['a'];\nurls.push('b');\nasync function f() {\n  return Promise.all(urls.map((url) => ({ url, done: fetch(url) })));\n}`,
    // Fixed-size collections: an array literal, tuple types (readonly, through an alias), a constant literal.
    `async function f(a: string, b: string) { return Promise.all([a, b].map((url) => fetch(url))); }`,
    `async function f(urls: readonly [string, string, string]) { return Promise.all(urls.map((url) => fetch(url))); }`,
    `type Pair = [string, string];\nasync function f(urls: Pair) { return Promise.all(urls.map((url) => fetch(url))); }`,
    `const MIRRORS = ['a', 'b'];\nasync function f() { return Promise.all(MIRRORS.map((url) => fetch(url))); }`,
    // A batch of a size written in the source.
    `async function f(urls: string[]) { for (let i = 0; i < urls.length; i += 10) { await Promise.all(urls.slice(i, i + 10).map((url) => fetch(url))); } }`,
    // Bounded callbacks: a semaphore, p-limit, a p-queue with a bound, an acquire/release span, a bounded helper.
    `${MUTEX_IMPORT}const sem = new Semaphore(5);\nasync function f(urls: string[]) { return Promise.all(urls.map((url) => sem.runExclusive(() => fetch(url)))); }`,
    `${P_LIMIT}const limit = pLimit(5);\nasync function f(urls: string[]) { return Promise.all(urls.map((url) => limit(() => fetch(url)))); }`,
    `import PQueue from 'p-queue';\nconst queue = new PQueue({ concurrency: 4 });\nasync function f(urls: string[]) { return Promise.allSettled(urls.map((url) => queue.add(() => fetch(url)))); }`,
    `${MUTEX_IMPORT}const sem = new Semaphore(5);\nasync function f(urls: string[]) { return Promise.all(urls.map(async (url) => { const [, release] = await sem.acquire(); try { return await fetch(url); } finally { release(); } })); }`,
    `${P_LIMIT}const limit = pLimit(5);\nconst fetchOne = (url: string) => limit(() => fetch(url));\nasync function f(urls: string[]) { await Promise.all(urls.map(fetchOne)); await Promise.all(urls.map((url) => fetchOne(url))); }`,
    // A semaphore whose size is configured elsewhere is still a bound someone chose.
    `${MUTEX_IMPORT}declare const n: number;\nconst sem = new Semaphore(n);\nasync function f(urls: string[]) { return Promise.all(urls.map((url) => sem.runExclusive(() => fetch(url)))); }`,
    // Each task calls its own element or a method of it: listeners, hooks, clients closing their own connections (Apollo Server's request listeners).
    `interface Listener { didEncounterErrors?(ctx: object): Promise<void> }\nasync function f(listeners: Listener[], ctx: object) { await Promise.all(listeners.map((l) => l.didEncounterErrors?.(ctx))); }`,
    `async function f(hooks: Array<(ctx: object) => Promise<void>>, ctx: object) { await Promise.all(hooks.map((hook) => hook(ctx))); }`,
    `async function f(clients: Array<{ close(): Promise<void> }>) { await Promise.all(clients.map(async (client) => { await client.close(); })); }`,
    // Not a fan-out over a map: a list of promises made elsewhere, Array.from, a local Promise.
    `async function f(tasks: Promise<void>[]) { await Promise.all(tasks); }`,
    `async function f() { await Promise.all(Array.from({ length: 3 }, () => fetch('/'))); }`,
    `declare const Promise: { all(x: unknown): unknown };\nfunction f(urls: string[]) { return Promise.all(urls.map((url) => fetch(url))); }`,
    // Tasks pushed in a loop through a limiter, or over a fixed list; a field set once in the constructor.
    `${P_LIMIT}const limit = pLimit(5);\nasync function f(urls: string[]) {\n  const tasks = [];\n  for (const url of urls) tasks.push(limit(() => fetch(url)));\n  await Promise.all(tasks);\n}`,
    `async function f(a: string, b: string) {\n  const tasks = [];\n  for (const url of [a, b]) tasks.push(fetch(url));\n  await Promise.all(tasks);\n}`,
    `class Pinger {\n  hosts: Record<string, string> = {};\n  constructor(names: string[]) { for (const name of names) this.hosts[name] = name; }\n  async ping() { await Promise.all(Object.keys(this.hosts).map((host) => fetch(host))); }\n}`,
    // An array that is also filled some other way is not one task per element.
    `async function f(urls: string[]) {\n  let tasks = [];\n  for (const url of urls) tasks.push(fetch(url));\n  tasks = tasks.slice(0, 3);\n  await Promise.all(tasks);\n}`,
  ],
  invalid: [
    {
      // Default options: every file of a list read at once runs out of file descriptors (EMFILE).
      code: `import { readFile } from 'node:fs/promises';\nexport async function readAll(paths: string[]) {\n  return Promise.all(paths.map((path) => readFile(path, 'utf8')));\n}`,
      errors: [
        {
          messageId: 'unbounded',
          line: 3,
          column: 10,
          endLine: 3,
          endColumn: 66,
          data: { method: 'all', collection: '\`paths\`', line: 3 },
          suggestions: [
            {
              messageId: 'addLimiter',
              data: { concurrency: 5 },
              output: `import { readFile } from 'node:fs/promises';\nimport pLimit from 'p-limit';\n\nconst limit = pLimit(5);\nexport async function readAll(paths: string[]) {\n  return Promise.all(paths.map((path) => limit(() => readFile(path, 'utf8'))));\n}`,
            },
          ],
        },
      ],
    },
    {
      // A directory listing, read through a module function passed by name, in CommonJS.
      code: `const { readdir, readFile } = require('fs/promises');\nasync function readEntry(name) {\n  return JSON.parse(await readFile(name, 'utf8'));\n}\nasync function readIndex(dir) {\n  const names = await readdir(dir);\n  return Promise.all(names.map(readEntry));\n}\nmodule.exports = { readIndex };`,
      errors: [{ messageId: 'unbounded', line: 7, column: 10, endLine: 7, endColumn: 43, data: { method: 'all', collection: '\`names\`', line: 7 }, suggestions: [] }],
    },
    {
      // Compiled code: fs through Babel's interop helper and a promisified readFile.
      code: `'use strict';\nvar _fs = require('fs');\nvar _fs2 = _interopRequireDefault(_fs);\nvar _util = require('util');\nfunction _interopRequireDefault(obj) { return obj && obj.__esModule ? obj : { default: obj }; }\nfunction readAll(files) {\n  return Promise.all(files.map(function (file) {\n    return (0, _util.promisify)(_fs2.default.readFile)(file, 'utf8');\n  }));\n}\nmodule.exports = readAll;`,
      errors: [{ messageId: 'unbounded', line: 7, column: 10, endLine: 9, endColumn: 6, data: { method: 'all', collection: '\`files\`', line: 7 }, suggestions: [] }],
    },
    {
      // Tasks pushed in a loop, then combined.
      options: [{ everyTask: true }],
      code: `async function f(urls: string[]) {\n  const tasks = [];\n  for (const url of urls) {\n    tasks.push(fetch(url));\n  }\n  await Promise.all(tasks);\n}`,
      errors: [{ messageId: 'unboundedPush', line: 6, column: 9, endLine: 6, endColumn: 27, data: { method: 'all', collection: '`urls`', line: 4 }, suggestions: [] }],
    },
    {
      // Tasks pushed from a forEach callback.
      options: [{ everyTask: true }],
      code: `async function f(ids: string[]) {\n  const tasks: Promise<void>[] = [];\n  ids.forEach((id) => tasks.push(load(id)));\n  return Promise.allSettled(tasks);\n}`,
      errors: [{ messageId: 'unboundedPush', line: 4, column: 10, endLine: 4, endColumn: 35, data: { method: 'allSettled', collection: '`ids`', line: 3 }, suggestions: [] }],
    },
    {
      // A field keyed per call grows with the traffic.
      options: [{ everyTask: true }],
      code: `class Batcher {\n  queue: Record<string, Job> = {};\n  add(id: string, job: Job) { this.queue[id] = job; }\n  async flush() {\n    await Promise.all(Object.keys(this.queue).map((id) => send(id)));\n  }\n}`,
      errors: [
        {
          messageId: 'unbounded',
          line: 5,
          column: 11,
          endLine: 5,
          endColumn: 69,
          data: { method: 'all', collection: '`Object.keys(this.queue)`', line: 5 },
          suggestions: [
            {
              messageId: 'addLimiter',
              data: { concurrency: 5 },
              output: `import pLimit from 'p-limit';\n\nconst limit = pLimit(5);\n\nclass Batcher {\n  queue: Record<string, Job> = {};\n  add(id: string, job: Job) { this.queue[id] = job; }\n  async flush() {\n    await Promise.all(Object.keys(this.queue).map((id) => limit(() => send(id))));\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      // A directory listing and a glob with a template-string pattern are as long as the tree.
      options: [{ everyTask: true }],
      code: `import fs from 'node:fs';\nimport fg from 'fast-glob';\ndeclare const ROOT: string;\nasync function f(dir: string) {\n  await Promise.all(fs.readdirSync(dir).map((file) => fs.promises.unlink(file)));\n  await Promise.all(fg.sync(\`\${ROOT}/**/*.js\`).map((file) => compile(file)));\n}`,
      errors: [
        {
          messageId: 'unbounded',
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 81,
          data: { method: 'all', collection: '`fs.readdirSync(dir)`', line: 5 },
          suggestions: [
            {
              messageId: 'addLimiter',
              data: { concurrency: 5 },
              output: `import fs from 'node:fs';\nimport fg from 'fast-glob';\nimport pLimit from 'p-limit';\n\nconst limit = pLimit(5);\ndeclare const ROOT: string;\nasync function f(dir: string) {\n  await Promise.all(fs.readdirSync(dir).map((file) => limit(() => fs.promises.unlink(file))));\n  await Promise.all(fg.sync(\`\${ROOT}/**/*.js\`).map((file) => compile(file)));\n}`,
            },
          ],
        },
        {
          messageId: 'unbounded',
          line: 6,
          column: 9,
          endLine: 6,
          endColumn: 77,
          data: { method: 'all', collection: '`fg.sync(`${ROOT}/**/*.js`)`', line: 6 },
          suggestions: [
            {
              messageId: 'addLimiter',
              data: { concurrency: 5 },
              output: `import fs from 'node:fs';\nimport fg from 'fast-glob';\nimport pLimit from 'p-limit';\n\nconst limit = pLimit(5);\ndeclare const ROOT: string;\nasync function f(dir: string) {\n  await Promise.all(fs.readdirSync(dir).map((file) => fs.promises.unlink(file)));\n  await Promise.all(fg.sync(\`\${ROOT}/**/*.js\`).map((file) => limit(() => compile(file))));\n}`,
            },
          ],
        },
      ],
    },
    {
      // Input-sized (a parameter); parentheses around an object body are kept.
      options: [{ everyTask: true }],
      code: `async function f(urls: string[]) {\n  return Promise.all(urls.map((url) => ({ url, done: fetch(url) })));\n}`,
      errors: [
        {
          messageId: 'unbounded', column: 10, endLine: 2, endColumn: 69,
          line: 2,
          data: { method: 'all', collection: '`urls`', line: 2 },
          suggestions: [
            {
              messageId: 'addLimiter',
              data: { concurrency: 5 },
              output: `import pLimit from 'p-limit';\n\nconst limit = pLimit(5);\n\nasync function f(urls: string[]) {\n  return Promise.all(urls.map((url) => limit(() => ({ url, done: fetch(url) }))));\n}`,
            },
          ],
        },
      ],
    },
    {
      // The element is data sent through one shared service: reported, though the call reads a property of it.
      options: [{ everyTask: true }],
      code: `declare const api: { post(path: string, body: object): Promise<void> };\nasync function f(users: Array<{ id: string }>) {\n  await Promise.all(users.map((user) => api.post(user.id, user)));\n}`,
      errors: [
        {
          messageId: 'unbounded', column: 9, endLine: 3, endColumn: 66,
          line: 3,
          data: { method: 'all', collection: '`users`', line: 3 },
          suggestions: [
            {
              messageId: 'addLimiter',
              data: { concurrency: 5 },
              output: `import pLimit from 'p-limit';\n\nconst limit = pLimit(5);\n\ndeclare const api: { post(path: string, body: object): Promise<void> };\nasync function f(users: Array<{ id: string }>) {\n  await Promise.all(users.map((user) => limit(() => api.post(user.id, user))));\n}`,
            },
          ],
        },
      ],
    },
    {
      // CommonJS cannot require p-limit (ESM-only): the problem is reported, no limiter is added.
      options: [{ everyTask: true }],
      code: `'use strict';\nasync function fetchAll(urls) {\n  return Promise.all(urls.map(async (url) => (await fetch(url)).text()));\n}\nmodule.exports = { fetchAll };`,
      filename: 'fetch-all.js',
      errors: [{ messageId: 'unbounded', data: { method: 'all', collection: '`urls`', line: 3 }, column: 10, endLine: 3, endColumn: 73, line: 3, suggestions: [] }],
    },
    {
      // No imports and no limiter: a new module-level limiter and its import go at the top.
      options: [{ everyTask: true }],
      code: `export async function fetchAll(urls: string[]) {\n  return Promise.all(urls.map(async (url) => (await fetch(url)).text()));\n}`,
      errors: [
        {
          messageId: 'unbounded', endLine: 2,
          line: 2,
          column: 10,
          endColumn: 73,
          data: { method: 'all', collection: '`urls`', line: 2 },
          suggestions: [
            {
              messageId: 'addLimiter',
              data: { concurrency: 5 },
              output: `import pLimit from 'p-limit';\n\nconst limit = pLimit(5);\n\nexport async function fetchAll(urls: string[]) {\n  return Promise.all(urls.map((url) => limit(async () => (await fetch(url)).text())));\n}`,
            },
          ],
        },
      ],
    },
    {
      // After the last import; the chosen concurrency; a block body with a return type; Promise.allSettled over a constant.
      options: [{ everyTask: true, concurrency: 10 }],
      code: `${MUTEX_IMPORT}declare function save(id: string): Promise<void>;\nasync function f(ids: Set<string>) {\n  const tasks = [...ids].map(async (id): Promise<void> => {\n    await save(id);\n  });\n  await Promise.allSettled(tasks);\n}`,
      errors: [
        {
          messageId: 'unbounded', column: 9, endLine: 7, endColumn: 34,
          line: 7,
          data: { method: 'allSettled', collection: '`[...ids]`', line: 4 },
          suggestions: [
            {
              messageId: 'addLimiter',
              data: { concurrency: 10 },
              output: `${MUTEX_IMPORT}import pLimit from 'p-limit';\n\nconst limit = pLimit(10);\ndeclare function save(id: string): Promise<void>;\nasync function f(ids: Set<string>) {\n  const tasks = [...ids].map((id) => limit(async (): Promise<void> => {\n    await save(id);\n  }));\n  await Promise.allSettled(tasks);\n}`,
            },
          ],
        },
      ],
    },
    {
      // A limiter in scope is reused; work awaited before the limiter is not bounded by it.
      options: [{ everyTask: true }],
      code: `${P_LIMIT}const limit = pLimit(3);\ndeclare function save(r: Response): Promise<void>;\nasync function f(urls: string[]) {\n  await Promise.all(urls.map(async (url) => {\n    const response = await fetch(url);\n    await limit(() => save(response));\n  }));\n}`,
      errors: [
        {
          messageId: 'unbounded', column: 9, endLine: 8, endColumn: 6,
          line: 5,
          data: { method: 'all', collection: '`urls`', line: 5 },
          suggestions: [
            {
              messageId: 'useLimiter',
              data: { limiter: 'limit', line: 2 },
              output: `${P_LIMIT}const limit = pLimit(3);\ndeclare function save(r: Response): Promise<void>;\nasync function f(urls: string[]) {\n  await Promise.all(urls.map((url) => limit(async () => {\n    const response = await fetch(url);\n    await limit(() => save(response));\n  })));\n}`,
            },
          ],
        },
      ],
    },
    {
      // The fan-out runs inside a task of the only limiter: reusing it would deadlock, so a new one is made.
      // pLimit is already imported; the name `limit` is taken.
      options: [{ everyTask: true }],
      code: `${P_LIMIT}const limit = pLimit(1);\nasync function f(urls: string[]) {\n  await limit(async () => {\n    await Promise.race(urls.map((url) => fetch(url)));\n  });\n}`,
      errors: [
        {
          messageId: 'unbounded', column: 11, endLine: 5, endColumn: 54,
          line: 5,
          data: { method: 'race', collection: '`urls`', line: 5 },
          suggestions: [
            {
              messageId: 'addLimiter',
              data: { concurrency: 5 },
              output: `${P_LIMIT}\nconst limitConcurrency = pLimit(5);\nconst limit = pLimit(1);\nasync function f(urls: string[]) {\n  await limit(async () => {\n    await Promise.race(urls.map((url) => limitConcurrency(() => fetch(url))));\n  });\n}`,
            },
          ],
        },
      ],
    },
    {
      // A function expression without `this` or `arguments` is wrapped; a p-queue without a bound does not limit.
      options: [{ everyTask: true }],
      code: `import PQueue from 'p-queue';\nconst queue = new PQueue();\nasync function f(ids: string[]) {\n  await Promise.any(ids.map(function (id) { return queue.add(() => fetch(id)); }));\n}`,
      errors: [
        {
          messageId: 'unbounded', column: 9, endLine: 4, endColumn: 83,
          line: 4,
          data: { method: 'any', collection: '`ids`', line: 4 },
          suggestions: [
            {
              messageId: 'addLimiter',
              data: { concurrency: 5 },
              output: `import PQueue from 'p-queue';\nimport pLimit from 'p-limit';\n\nconst limit = pLimit(5);\nconst queue = new PQueue();\nasync function f(ids: string[]) {\n  await Promise.any(ids.map((id) => limit(() => { return queue.add(() => fetch(id)); })));\n}`,
            },
          ],
        },
      ],
    },
    {
      // A callback passed by name, or one that uses `arguments` or `this`: reported without a suggestion.
      // A long collection expression is not quoted in the message.
      options: [{ everyTask: true }],
      code: `declare function load(id: string): Promise<string>;\nasync function f(ids: string[], registry: { handlersByName: Record<string, string[]> }) {\n  await Promise.all(ids.map(load));\n  await Promise.all(ids.map(function () { return load(arguments[0]); }));\n  await Promise.all(Object.values(registry.handlersByName).flat().map(load));\n  await Promise.all(ids.map(function (this: { n: number }) { return load(String(this.n)); }, { n: 1 }));\n}`,
      errors: [
        { messageId: 'unbounded', column: 9, endLine: 3, endColumn: 35, line: 3, data: { method: 'all', collection: '`ids`', line: 3 }, suggestions: [] },
        { messageId: 'unbounded', column: 9, endLine: 4, endColumn: 73, line: 4, data: { method: 'all', collection: '`ids`', line: 4 }, suggestions: [] },
        { messageId: 'unbounded', column: 9, endLine: 5, endColumn: 77, line: 5, data: { method: 'all', collection: 'the collection', line: 5 }, suggestions: [] },
        { messageId: 'unbounded', column: 9, endLine: 6, endColumn: 104, line: 6, data: { method: 'all', collection: '`ids`', line: 6 }, suggestions: [] },
      ],
    },
  ],
});
