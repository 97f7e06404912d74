import rule from '../../eslint-plugin/src/rules/no-external-read-modify-write';
import { MUTEX_IMPORT, ruleTester } from '../rule-tester';

const FS = "import { readFile, writeFile } from 'node:fs/promises';\n";

ruleTester().run('no-external-read-modify-write', rule, {
  valid: [
    // A path built by a local function that names itself (bundled code): looked into once, and what is read is written elsewhere.
    `import { readFile, writeFile } from 'node:fs/promises';\nasync function load() {\n  const where = (): string => (where.length ? 'a.json' : 'b.json');\n  return JSON.parse(await readFile(where(), 'utf8'));\n}\nexport async function show() {\n  const data = await load();\n  data.seen = true;\n  await writeFile('seen.log', JSON.stringify(data));\n}`,
    // Through the file's own helpers, but under a lock helper's callback.
    `import { readFile, writeFile } from 'node:fs/promises';\nconst STORE = '/var/app/store.json';\nasync function load() {\n  const text = await readFile(STORE, 'utf8');\n  return JSON.parse(text);\n}\nasync function save(data: object) {\n  const target = STORE;\n  await writeFile(target, JSON.stringify(data));\n}\ndeclare function withFileLock(path: string, fn: () => Promise<void>): Promise<void>;\nexport async function remember(key: string, value: string) {\n  await withFileLock(STORE, async () => {\n    const data = await load();\n    data[key] = value;\n    await save(data);\n  });\n}`,
    // Helpers whose path depends on their arguments: which file each call touches is not known here.
    `import { readFile, writeFile } from 'node:fs/promises';\nasync function loadDoc(id: string) {\n  return JSON.parse(await readFile(id + '.json', 'utf8'));\n}\nasync function saveDoc(id: string, doc: object) {\n  await writeFile(id + '.json', JSON.stringify(doc));\n}\nexport async function rename(id: string, name: string) {\n  const doc = await loadDoc(id);\n  doc.name = name;\n  await saveDoc(id, doc);\n}`,
    // Written back as read, or after taking another value (Apollo's persisted-query cache): nothing is lost.
    `async function lookup(cache: { get(k: string): Promise<string | undefined>; set(k: string, v: string): Promise<void> }, hash: string, text?: string) {\n  let query = await cache.get(hash);\n  if (!query) query = text;\n  await cache.set(hash, query!);\n}`,
    `async function touch(cache: { get(k: string): Promise<string>; set(k: string, v: string): Promise<void> }, key: string) {\n  const value = await cache.get(key);\n  await cache.set(key, value);\n}`,
    // Under a lock: the read and the write happen together.
    `${FS}${MUTEX_IMPORT}const lock = new Mutex();\nasync function bump(path: string) {\n  await lock.runExclusive(async () => {\n    const data = JSON.parse(await readFile(path, 'utf8'));\n    data.count += 1;\n    await writeFile(path, JSON.stringify(data));\n  });\n}`,
    // A different file, or a value not derived from what was read.
    `${FS}async function copy(from: string, to: string) {\n  const data = await readFile(from, 'utf8');\n  await writeFile(to, data);\n}`,
    `async function reset(redis: { get(k: string): Promise<string>; set(k: string, v: string): Promise<void> }, key: string, value: string) {\n  const old = await redis.get(key);\n  console.log(old);\n  await redis.set(key, value);\n}`,
    // A transaction or a WATCH around the update.
    `async function count(redis: any, key: string) {\n  await redis.watch(key);\n  const n = Number(await redis.get(key));\n  await redis.multi().set(key, n + 1).exec();\n}`,
    `async function count(db: any, key: string) {\n  await db.transaction(async (tx: any) => {\n    const n = await tx.get(key);\n    await tx.set(key, n + 1);\n  });\n}`,
    // Not awaited: a Map in memory is read and written in one step.
    `function count(map: Map<string, number>, key: string) {\n  const n = map.get(key) ?? 0;\n  map.set(key, n + 1);\n}`,
  ],
  invalid: [
    {
      // The read and the write sit in helpers of the module that name one fixed file.
      code: `import { readFile, writeFile } from 'node:fs/promises';\nconst STORE = '/var/app/store.json';\nasync function load() {\n  const text = await readFile(STORE, 'utf8');\n  return JSON.parse(text);\n}\nasync function save(data: object) {\n  const target = STORE;\n  await writeFile(target, JSON.stringify(data));\n}\nexport async function remember(key: string, value: string) {\n  const data = await load();\n  data[key] = value;\n  await save(data);\n}`,
      errors: [{ messageId: 'fileUpdate', line: 14, column: 9, endLine: 14, endColumn: 19, data: { write: 'save(…)', read: 'load(…)', target: 'STORE', line: 14, readLine: 12 } }],
    },
    {
      // A JSON file read, changed and written back.
      code: `${FS}async function bump(path: string, key: string) {\n  const data = JSON.parse(await readFile(path, 'utf8'));\n  data[key] = (data[key] ?? 0) + 1;\n  await writeFile(path, JSON.stringify(data));\n}`,
      errors: [{ messageId: 'fileUpdate', line: 5, column: 9, endLine: 5, endColumn: 46, data: { write: 'writeFile(…)', read: 'readFile(…)', target: 'path', line: 5, readLine: 3 } }],
    },
    {
      // A key-value store: get, then set a value computed from it.
      code: `async function count(redis: { get(k: string): Promise<string>; set(k: string, v: number): Promise<void> }, key: string) {\n  const n = Number(await redis.get(key));\n  const next = n + 1;\n  await redis.set(key, next);\n}`,
      errors: [{ messageId: 'storeUpdate', line: 4, column: 9, endLine: 4, endColumn: 29, data: { write: 'redis.set(…)', read: 'redis.get(…)', target: 'key', line: 4, readLine: 2 } }],
    },
    {
      // chrome.storage: the key is a property of the object set.
      code: `async function visit() {\n  const { visits } = await chrome.storage.local.get('visits');\n  await chrome.storage.local.set({ visits: visits + 1 });\n}`,
      errors: [{ messageId: 'storeUpdate', line: 3, column: 9, endLine: 3, endColumn: 57, data: { write: 'chrome.storage.local.set(…)', read: 'chrome.storage.local.get(…)', target: "'visits'", line: 3, readLine: 2 } }],
    },
  ],
});
