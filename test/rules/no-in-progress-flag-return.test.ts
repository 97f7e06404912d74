import rule from '../../eslint-plugin/src/rules/no-in-progress-flag-return';
import { ruleTester } from '../rule-tester';


ruleTester().run('no-in-progress-flag-return', rule, {
  valid: [
    // Without the option, or with a guard that keeps a second call out, or with nobody checking the flag.
    `class Client {\n  captureEvent(event: object) {\n    this.processing = true;\n    this.process(event).then(() => {\n      this.processing = false;\n    });\n  }\n  flush() {\n    if (!this.processing) return;\n  }\n  async process(event: object) {}\n}`,
    { options: [{ sharedFlags: true }], code: `class Spinner {\n  async load() {\n    this.loading = true;\n    await this.fetchPage();\n    this.loading = false;\n  }\n  async fetchPage() {}\n}` },
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
  ],
  invalid: [
    {
      // With sharedFlags (strict): one flag for overlapping calls; the first to finish tells flush() all is done.
      options: [{ sharedFlags: true }],
      code: `class Client {\n  captureEvent(event: object) {\n    this.processing = true;\n    this.process(event).then(() => {\n      this.processing = false;\n    });\n  }\n  flush() {\n    return new Promise<void>((resolve) => {\n      const timer = setInterval(() => {\n        if (!this.processing) {\n          clearInterval(timer);\n          resolve();\n        }\n      }, 10);\n    });\n  }\n  async process(event: object) {}\n}`,
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
