import rule from '../../eslint-plugin/src/rules/no-in-progress-flag-return';
import { ruleTester } from '../rule-tester';


ruleTester().run('no-in-progress-flag-return', rule, {
  valid: [
    // Without the option, or with a guard that keeps a second call out, or with nobody checking the flag.
    `class Client {\n  captureEvent(event: object) {\n    this.processing = true;\n    this.process(event).then(() => {\n      this.processing = false;\n    });\n  }\n  flush() {\n    if (!this.processing) return;\n  }\n  async process(event: object) {}\n}`,
    { options: [{ sharedFlags: true }], code: `class Spinner {\n  async load() {\n    this.loading = true;\n    await this.fetchPage();\n    this.loading = false;\n  }\n  async fetchPage() {}\n}` },
    // A shared flag only shown (a spinner), not waited for: left to the sharedFlags option.
    `class Gallery {\n  async refresh(id: string) {\n    this.loading = true;\n    await this.fetchImages(id);\n    this.loading = false;\n  }\n  render() {\n    return this.loading ? 'spinner' : 'images';\n  }\n  async fetchImages(id: string) {}\n}`,
    // Cleared only when the work fails (a `.catch` callback): the flag says "started", and one chain reschedules itself (kafkajs's runner).
    `class Runner {\n  schedule() {\n    this.consuming = true;\n    this.fetchBatch()\n      .then(() => this.schedule())\n      .catch(() => {\n        this.consuming = false;\n      });\n  }\n  waitForConsumer() {\n    return new Promise<void>((resolve) => {\n      if (!this.consuming) resolve();\n    });\n  }\n  async fetchBatch() {}\n}`,
    // A run flag that keeps a loop going until stop() clears it (kafkajs's fetcher): a second start() has nothing to wait for.
    `let isRunning = false;\nexport const start = async () => {\n  if (isRunning) return;\n  isRunning = true;\n  while (isRunning) {\n    try {\n      await fetchBatch();\n    } catch (error) {\n      isRunning = false;\n      throw error;\n    }\n  }\n};\nasync function fetchBatch() {}`,
    // Cleared only on failure: the flag says "started", not "in progress".
    `class Client {\n  async connect() {\n    if (this.connecting) return;\n    this.connecting = true;\n    try {\n      await this.open();\n    } catch (error) {\n      this.connecting = false;\n      throw error;\n    }\n  }\n  async open() {}\n}`,
    // A callback-style function that queues the callback until the work in progress ends (ioredis 5.4.0's fix).
    `class Cluster {\n  callbacks: Array<() => void> = [];\n  refreshSlots(callback?: () => void) {\n    if (callback) this.callbacks.push(callback);\n    if (this.isRefreshing) return;\n    this.isRefreshing = true;\n    this.fetchSlots(() => {\n      this.isRefreshing = false;\n      for (const queued of this.callbacks) queued();\n    });\n  }\n}`,
    `class Cluster {\n  waiting: Array<() => void> = [];\n  refreshSlots(callback: () => void) {\n    if (this.isRefreshing) {\n      this.waiting.push(callback);\n      return;\n    }\n    this.isRefreshing = true;\n    this.fetchSlots(() => {\n      this.isRefreshing = false;\n      callback();\n    });\n  }\n}`,
    // The in-flight promise is shared: every caller waits for the same work.
    `class Client {\n  pending?: Promise<void>;\n  init() {\n    this.pending ??= this.connect();\n    return this.pending;\n  }\n  async connect() {}\n}`,
    // A done flag, set only after the work: callers that see it can go on.
    `class Client {\n  ready = false;\n  async init() {\n    if (this.ready) return;\n    await this.connect();\n    this.ready = true;\n  }\n  async connect() {}\n}`,
    // A busy flag on work nobody waits for (an infinite-scroll handler): skipping is the intent.
    `class List {\n  loading = false;\n  async loadMore() {\n    if (this.loading) return;\n    this.loading = true;\n    await this.fetchPage();\n    this.loading = false;\n  }\n  async fetchPage() {}\n}`,
    // The early exit hands back the in-flight promise.
    `class Client {\n  initializing: Promise<void> | null = null;\n  async init() {\n    if (this.initializing) return this.initializing;\n    this.initializing = this.connect();\n    await this.initializing;\n  }\n  async connect() {}\n}`,
    // A warning on the way out, on work nobody waits for and with no arguments to lose.
    `class Feed {\n  async loadMore() {\n    if (this.loading) {\n      console.debug('still loading');\n      return;\n    }\n    this.loading = true;\n    await this.fetchPage();\n    this.loading = false;\n  }\n  async fetchPage() {}\n}`,
    // An argument read only before the flag is set is not part of the work that is skipped.
    `class Feed {\n  async onScroll(event: { deltaY: number }) {\n    if (event.deltaY < 0) return;\n    if (this.loading) return;\n    this.loading = true;\n    await this.fetchPage();\n    this.loading = false;\n  }\n  async fetchPage() {}\n}`,
    // A "started" flag with no end: the block runs once and nothing says when it is done.
    `class Link {\n  async open() {\n    if (!this.started) {\n      this.started = true;\n      await this.handshake();\n    }\n  }\n  async handshake() {}\n}`,
    // The skipped block awaits the in-flight promise itself.
    `class Link {\n  pending?: Promise<void>;\n  async open() {\n    if (!this.pending) {\n      this.pending = this.handshake();\n    }\n    await this.pending;\n  }\n  async handshake() {}\n}`,
  ],
  invalid: [
    {
      // With sharedFlags (strict), any check of such a flag elsewhere counts.
      options: [{ sharedFlags: true }],
      code: `class Gallery {\n  async refresh(id: string) {\n    this.loading = true;\n    await this.fetchImages(id);\n    this.loading = false;\n  }\n  render() {\n    return this.loading ? 'spinner' : 'images';\n  }\n  async fetchImages(id: string) {}\n}`,
      errors: [{ messageId: 'sharedFlag', line: 3, column: 5, endLine: 3, endColumn: 24, data: { flag: 'this.loading', set: 3, cleared: 5, check: 8 } }],
    },
    {
      // A loop that polls the flag waits for the work: the first upload to end lets drain() go on (strict: a
      // shared flag is often set and cleared by callers that cannot overlap, so recommended leaves it).
      code: `let uploading = false;\nexport async function upload(file: string) {\n  uploading = true;\n  await send(file);\n  uploading = false;\n}\nexport async function drain() {\n  while (uploading) await new Promise((r) => setTimeout(r, 50));\n}\nasync function send(file: string) {}`,
      options: [{ sharedFlags: true }],
      errors: [{ messageId: 'sharedFlag', line: 3, column: 3, endLine: 3, endColumn: 19, data: { flag: 'uploading', set: 3, cleared: 5, check: 8 } }],
    },
    {
      // A warning, then the caller's argument is dropped: its filter is never applied.
      code: `class Player {\n  async applyFilter(filter: string) {\n    if (this.switching) {\n      console.warn('a filter is being applied');\n      return;\n    }\n    this.switching = true;\n    await this.teardown();\n    this.filter = filter;\n    this.switching = false;\n  }\n  async teardown() {}\n}`,
      errors: [{ messageId: 'returnsWhileInProgress', line: 3, column: 9, endLine: 3, endColumn: 23, data: { flag: 'this.switching', set: 7, cleared: 10, fn: '`applyFilter`', exit: 5 } }],
    },
    {
      // The work sits inside the guard: a caller that finds it in progress skips it and returns the entry unready.
      code: `class Remote {\n  async load() {\n    const entry = await this.fetchEntry();\n    if (!this.ready && !this.loading) {\n      this.loading = true;\n      await entry.setup();\n      this.ready = true;\n    }\n    return entry;\n  }\n  async fetchEntry() {\n    return { setup: async () => {} };\n  }\n}`,
      errors: [{ messageId: 'skipsWhileInProgress', line: 4, column: 9, endLine: 4, endColumn: 37, data: { flag: 'this.loading', set: 5, cleared: 7, fn: '`load`', goesOn: 'returns on line 9' } }],
    },
    {
      // The same with the flag itself going down at the end, and nothing after the block.
      code: `let syncing = false;\nexport async function connectAll() {\n  if (!syncing) {\n    syncing = true;\n    await dial();\n    syncing = false;\n  }\n}\nasync function dial() {}`,
      errors: [{ messageId: 'skipsWhileInProgress', line: 3, column: 7, endLine: 3, endColumn: 15, data: { flag: 'syncing', set: 4, cleared: 6, fn: '`connectAll`', goesOn: 'ends' } }],
    },
    {
      // One flag for overlapping calls; the first to finish tells flush(), which polls it, that all is done.
      code: `class Client {\n  captureEvent(event: object) {\n    this.processing = true;\n    this.process(event).then(() => {\n      this.processing = false;\n    });\n  }\n  flush() {\n    return new Promise<void>((resolve) => {\n      const timer = setInterval(() => {\n        if (!this.processing) {\n          clearInterval(timer);\n          resolve();\n        }\n      }, 10);\n    });\n  }\n  async process(event: object) {}\n}`,
      options: [{ sharedFlags: true }],
      errors: [{ messageId: 'sharedFlag', line: 3, column: 5, endLine: 3, endColumn: 27, data: { flag: 'this.processing', set: 3, cleared: 5, check: 11 } }],
    },
    {
      // Callback style: the callback is told at once that a refresh in progress is done.
      code: `class Cluster {\n  refreshSlots(callback?: (error?: Error) => void) {\n    if (this.isRefreshing) {\n      if (callback) process.nextTick(callback);\n      return;\n    }\n    this.isRefreshing = true;\n    this.fetchSlots((error?: Error) => {\n      this.isRefreshing = false;\n      if (callback) callback(error);\n    });\n  }\n}`,
      errors: [{ messageId: 'returnsWhileInProgress', line: 3, column: 9, endLine: 3, endColumn: 26, data: { flag: 'this.isRefreshing', set: 7, cleared: 9, fn: '`refreshSlots`', exit: 5 } }],
    },
    {
      // The classic: a second init() returns before the connection is made.
      code: `class Client {\n  initializing = false;\n  async init() {\n    if (this.initializing) return;\n    this.initializing = true;\n    try {\n      await this.connect();\n    } finally {\n      this.initializing = false;\n    }\n  }\n  async connect() {}\n}`,
      errors: [{ messageId: 'returnsWhileInProgress', line: 4, column: 9, endLine: 4, endColumn: 26, data: { flag: 'this.initializing', set: 5, cleared: 9, fn: '`init`', exit: 4 } }],
    },
    {
      // A module flag on a function whose callers await it.
      code: `let syncing = false;\nasync function sync(): Promise<void> {\n  if (syncing) return;\n  syncing = true;\n  await push();\n  syncing = false;\n}\nasync function push() {}\nexport async function save() {\n  await sync();\n}`,
      errors: [{ messageId: 'returnsWhileInProgress', line: 3, column: 7, endLine: 3, endColumn: 14, data: { flag: 'syncing', set: 4, cleared: 6, fn: '`sync`', exit: 3 } }],
    },
  ],
});

// What the recommended preset leaves to `sharedFlags` (strict): a flag shared by calls that may
// never overlap (each caller checks and sets it with no `await` between), even when another
// function waits for it to go down.
ruleTester().run('no-in-progress-flag-return: shared flags stay in strict', rule, {
  valid: [
    `let refreshing = false;\nexport async function refresh(): Promise<void> {\n  refreshing = true;\n  await reload();\n  refreshing = false;\n}\nexport async function settled(): Promise<void> {\n  while (refreshing) await new Promise((r) => setTimeout(r, 100));\n}\nasync function reload() {}`,
  ],
  invalid: [],
});
