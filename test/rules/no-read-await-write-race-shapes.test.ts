// Shapes of real check-then-act fixes the race rule once missed entirely: a check claimed only after
// its branch's `await`, a check of other state, a `setTimeout` callback, a replacement that does not
// settle the check, state reached through a getter, and ESLint's own `globals` miss.
import rule from '../../eslint-plugin/src/rules/no-read-await-write-race';
import { ruleTester } from '../rule-tester';

const strict = [{ checkThenAct: true, checkContinuations: true }] as const;

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
    // Both close and error handlers schedule a reconnect: the attempt count is raised only in the timer.
    {
      code: `declare function dial(): Promise<{ close(): void }>;\nexport function connection(limit: number) {\n  let attempts = 0;\n  let socket: { close(): void } | undefined;\n  async function setup() {\n    const opened = await dial();\n    socket = opened;\n  }\n  const onClose = () => {\n    if (attempts < limit)\n      setTimeout(async () => {\n        attempts++;\n        await setup();\n      }, 1000);\n  };\n  return { setup, onClose };\n}`,
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
