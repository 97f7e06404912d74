// Generates async TypeScript programs that use locks the way applications do: every supported
// library and call shape, promises kept in variables, fields and Maps, reassigned and combined
// (`||`, `??`, `.then`, `.finally`), handed to helpers; locks in loops, try/catch/finally, early
// returns, nested functions, classes with private fields, generators; functions, wrappers,
// factories and aliases that refer to each other in cycles. Programs need not be sensible: they
// must only parse, so that every walk of the analysis meets every shape.
import type { Random } from './random';

type Library = 'mutex' | 'semaphore' | 'async-lock' | 'await-lock' | 'sema' | 'counting' | 'limit' | 'queue' | 'web' | 'project';

const LIBRARIES: readonly Library[] = ['mutex', 'semaphore', 'async-lock', 'await-lock', 'sema', 'counting', 'limit', 'queue', 'web', 'project'];

const IMPORTS: Record<Library, string> = {
  mutex: "import { Mutex, withTimeout, tryAcquire«, type MutexInterface» } from 'async-mutex';",
  semaphore: "import { Semaphore } from 'async-mutex';",
  'async-lock': "import AsyncLock from 'async-lock';",
  'await-lock': "import AwaitLock from 'await-lock';",
  sema: "import { Sema } from 'async-sema';",
  counting: "import CountingSemaphore, { Lock as CountingLock } from 'semaphore-async-await';",
  limit: "import pLimit from 'p-limit';",
  queue: "import PQueue from 'p-queue';",
  web: '',
  project: "import { TopicLock } from './topic-lock';",
};

const CONSTRUCTIONS: Record<Library, readonly string[]> = {
  mutex: ['new Mutex()', 'withTimeout(new Mutex(), 100)', 'tryAcquire(new Mutex())'],
  semaphore: ['new Semaphore(3)', 'new Semaphore(1)', 'new Semaphore(limit)'],
  'async-lock': ['new AsyncLock()', 'new AsyncLock({ domainReentrant: true })', 'new AsyncLock({ timeout: 100 })'],
  'await-lock': ['new AwaitLock()'],
  sema: ['new Sema(2)', 'new Sema(1)'],
  counting: ['new CountingSemaphore(2)', 'new CountingLock()'],
  limit: ['pLimit(1)', 'pLimit(4)', 'pLimit({ concurrency: 2 })'],
  queue: ['new PQueue({ concurrency: 1 })', 'new PQueue()'],
  web: ['navigator.locks'],
  project: ['new TopicLock()'],
};

interface Scope {
  /** Expressions naming a lock of each library in reach. */
  locks: Array<{ library: Library; expr: string }>;
  /** Whether `this` is a class instance here. */
  inClass: boolean;
  generator: boolean;
  async: boolean;
  /** Functions (or methods, as `this.name`) that may be called from here, the current one included. */
  callees: readonly string[];
  depth: number;
}

const STATE = ['counter', 'total', 'state.count', 'state.items', 'cache', 'pending', 'ready', 'box.value'];

/**
 * A program as TypeScript and as the same program without its types (for espree): type-only
 * text is written between « and », kept in one and dropped from the other.
 */
export function generateProgram(random: Random): { ts: string; js: string } {
  const text = generateText(random);
  return { ts: text.replace(/[«»]/g, ''), js: text.replace(/«[^«»]*»/g, '') };
}

function generateText(random: Random): string {
  const libraries = LIBRARIES.filter(() => random.chance(0.3));
  if (libraries.length === 0) libraries.push(random.pick(LIBRARIES));
  const lines: string[] = [];
  for (const library of libraries) if (IMPORTS[library]) lines.push(IMPORTS[library]);
  lines.push(
    // `tick`, `sleep`, `load`, `hold`, `other`, `axios`, `db`, `limit` are left undeclared: globals to the rules.
    'let counter = 0, total = 0, ready = false, pending«: Promise<unknown> | undefined»;',
    'const state = { count: 0, items: [] « as number[]» }, box«: { value?: Promise<unknown>; lock?: unknown }» = {};',
    'const cache = new Map«<string, number>»(), promises = new Map«<string, Promise<unknown>>»();',
  );
  const locks: Scope['locks'] = [];
  libraries.forEach((library, index) => {
    const name = `lock${index}`;
    if (library === 'web') {
      locks.push({ library, expr: 'navigator.locks' });
      return;
    }
    const declaration = random.pick(['const', 'let', 'var']);
    lines.push(`${declaration} ${name} = ${random.pick(CONSTRUCTIONS[library])};`);
    locks.push({ library, expr: name });
    if (random.chance(0.3)) {
      // Aliases, some of them assigned from each other in a cycle.
      lines.push(`let ${name}Alias = ${name};`, `let ${name}Other = ${name}Alias;`);
      if (random.chance(0.5)) lines.push(`${name}Alias = ${name}Other;`, `${name}Other = ${name}Alias;`);
      locks.push({ library, expr: `${name}Alias` });
    }
    if (random.chance(0.3)) {
      lines.push(`const ${name}s = new Map«<string, typeof ${name}>»();`);
      lines.push(
        random.chance(0.5)
          ? `function ${name}For(key«: string»)«: typeof ${name}» { let found = ${name}s.get(key); if (!found) { found = ${random.pick(CONSTRUCTIONS[library])}; ${name}s.set(key, found); } return found; }`
          : `function ${name}For(key«: string»)«: typeof ${name}» { return key ? ${name}For(key.slice(1)) : ${name}; }`,
      );
      locks.push({ library, expr: random.chance(0.5) ? `${name}For(key)` : `${name}s.get(key)«!»` });
    }
  });
  const functionCount = 1 + random.int(3);
  const names = Array.from({ length: functionCount }, (_, index) => `task${index}`);
  for (const name of names) lines.push(...generateFunction(random, name, { locks, inClass: false, generator: false, async: true, callees: names, depth: 0 }));
  if (random.chance(0.5)) lines.push(...generateClass(random, locks, libraries));
  if (random.chance(0.3)) lines.push(...generateWrappers(locks));
  return lines.join('\n');
}

function generateFunction(random: Random, name: string, scope: Scope): string[] {
  const shape = random.int(10);
  const generator = shape === 8 || shape === 9;
  const isAsync = shape !== 9 || random.chance(0.5);
  const inner: Scope = { ...scope, generator, async: isAsync };
  const body = block(random, inner, 1 + random.int(3));
  const params = '(key«: string», items«: string[]», flag«?: boolean»)';
  switch (shape) {
    case 0:
    case 1:
      return [`export const ${name} = ${isAsync ? 'async ' : ''}${params} => {`, ...body, '};'];
    case 8:
    case 9:
      return [`export ${isAsync ? 'async ' : ''}function* ${name}${params} {`, ...body, '}'];
    default:
      return [`export ${isAsync ? 'async ' : ''}function ${name}${params} {`, ...body, '}'];
  }
}

function generateClass(random: Random, moduleLocks: Scope['locks'], libraries: readonly Library[]): string[] {
  const library = random.pick(libraries.filter((candidate) => candidate !== 'web').concat(['mutex']));
  const field = random.pick(['#lock', 'lock', '_lock']);
  const construction = random.pick(CONSTRUCTIONS[library]);
  const lines = ['export class Service {'];
  const fieldLine =
    field === '#lock' ? `  #lock = ${construction};` : random.chance(0.5) ? `  «private readonly »${field} = ${construction};` : `  ${field}«: any»;`;
  lines.push(fieldLine, '  #count = 0;', '  «private »pendingLoad«?: Promise<unknown>»;', '  «private »releases«: Array<() => void>» = [];');
  if (fieldLine.endsWith('any»;')) lines.push(`  constructor() { this.${field} = ${construction}; }`);
  const methods = Array.from({ length: 1 + random.int(3) }, (_, index) => (index === 0 && random.chance(0.5) ? `#run${index}` : `run${index}`));
  const callees = methods.map((method) => `this.${method}`);
  const locks = [...moduleLocks, { library, expr: `this.${field}` }];
  for (const method of methods) {
    const generator = random.chance(0.15);
    const isAsync = !generator || random.chance(0.5);
    const body = block(random, { locks, inClass: true, generator, async: isAsync, callees, depth: 0 }, 1 + random.int(3));
    lines.push(`  ${isAsync ? 'async ' : ''}${generator ? '*' : ''}${method}(key«: string», items«: string[]», flag«?: boolean») {`, ...body, '  }');
  }
  lines.push('}');
  return lines;
}

/** Helpers that run a callback under a lock, some through each other (a cycle of wrappers). */
function generateWrappers(locks: Scope['locks']): string[] {
  const lock = locks.find((candidate) => candidate.library === 'mutex' || candidate.library === 'semaphore');
  const lines: string[] = [];
  if (lock) lines.push(`export function withLock«<T>»(fn«: () => Promise<T>»)«: Promise<T>» { return ${lock.expr.replace(/\(key\)/, "('k')")}.runExclusive(fn); }`);
  lines.push(
    'export async function guarded(lock«: MutexInterface», fn«: () => Promise<void>») { const release = await lock.acquire(); try { await fn(); } finally { release(); } }',
    'export function viaFirst(fn«: () => Promise<void>»)«: Promise<void>» { return viaSecond(fn); }',
    'export function viaSecond(fn«: () => Promise<void>»)«: Promise<void>» { return random() ? viaFirst(fn) : fn(); }',
    'export async function useWrappers(key«: string») { await viaFirst(async () => { counter += 1; await tick(); }); }',
  );
  if (lock) lines.push("export async function useWithLock() { await withLock(async () => { const v = counter; await tick(); counter = v + 1; }); }");
  return lines;
}

function block(random: Random, scope: Scope, count: number): string[] {
  const lines: string[] = [];
  for (let index = 0; index < count; index += 1) lines.push(...statement(random, scope));
  return lines;
}

function statement(random: Random, scope: Scope): string[] {
  const deeper: Scope = { ...scope, depth: scope.depth + 1 };
  const nested = (count = 1 + random.int(2)): string[] => (scope.depth < 2 ? block(random, deeper, count) : [stateStatement(random, scope)]);
  // A callback's body: async, and not part of a generator.
  const callbackScope: Scope = { ...deeper, generator: false, async: true };
  const callback = (): string[] => (scope.depth < 2 ? block(random, callbackScope, 1 + random.int(2)) : [stateStatement(random, callbackScope)]);
  const roll = random.int(scope.depth < 2 ? 20 : 8);
  if (roll < 3 || scope.locks.length === 0) return [stateStatement(random, scope)];
  if (roll < 8) return lockUse(random, scope, nested, callback);
  switch (roll) {
    case 8:
      return [`if (${random.pick(['flag', 'ready', '!cache.has(key)', 'counter > 3', 'pending'])}) {`, ...nested(), random.chance(0.5) ? 'return;' : '', '}'];
    case 9:
      return [`for (const item of items) {`, ...nested(), random.chance(0.3) ? 'if (item) continue;' : '', '}'];
    case 10:
      return ['while (!ready) {', scope.async ? 'await sleep(10);' : 'tick();', ...(random.chance(0.5) ? nested() : []), '}'];
    case 11:
      return ['try {', ...nested(), '} catch (error) {', ...(random.chance(0.5) ? nested(1) : ['throw error;']), '} finally {', ...(random.chance(0.5) ? nested(1) : []), '}'];
    case 12: {
      const name = `inner${scope.depth}`;
      const inner: Scope = { ...deeper, callees: [...scope.callees, name], generator: false, async: true };
      return [`const ${name} = async () => {`, ...(scope.depth < 2 ? block(random, inner, 2) : []), '};', scope.async ? `await ${name}();` : `void ${name}();`];
    }
    case 13:
      return ['setTimeout(async () => {', ...block(random, { ...deeper, generator: false, async: true }, 1 + random.int(2)), '}, 0);'];
    case 14:
      return [`await Promise.all(items.map(async (item) => {`, ...block(random, { ...deeper, generator: false, async: true }, 1 + random.int(2)), '}));'].filter(() => scope.async);
    case 15: {
      // Recursion and mutual recursion through the functions in reach.
      const callee = random.pick(scope.callees);
      return [`${scope.async ? 'await ' : ''}${callee}(key, items, !flag);`];
    }
    case 16:
      return scope.generator ? [`yield ${random.pick(['counter', 'key', 'await load(key)'].filter((text) => scope.async || !text.includes('await')))};`] : [stateStatement(random, scope)];
    case 17:
      return [random.pick(['return;', 'if (!flag) return;', "if (counter < 0) throw new Error('negative');"])];
    case 18:
      return [`{`, ...nested(), '}'];
    default:
      return lockUse(random, scope, nested, callback);
  }
}

/** Reads, awaits and writes of shared state, some of them races. */
function stateStatement(random: Random, scope: Scope): string {
  const a = scope.async;
  const target = random.pick(scope.inClass ? [...STATE, 'this.#count'] : STATE);
  const choices = [
    `counter = counter + 1;`,
    `${target === 'cache' || target === 'state.items' ? 'counter' : target} += 1;`,
    a ? `const value${random.int(1000)} = counter; await tick(); counter = counter + 1;` : `counter++;`,
    a ? `total = total + (await load(key));` : `total += 1;`,
    a ? `cache.set(key, await load(key));` : `cache.set(key, 1);`,
    a ? `if (!cache.has(key)) { cache.set(key, await load(key)); }` : `cache.delete(key);`,
    a ? `state.items.push(await load(key));` : `state.items.push(1);`,
    a ? `await fetch('https://example.com/' + key);` : `void fetch(key);`,
    a ? `await axios.get('/a');` : `axios.get('/a');`,
    a ? `await axios.get('/b'); await axios.post('/c', counter);` : `void axios.post('/c', 1);`,
    a ? `await db.query('select 1'); counter = (await db.query('select 2')).length;` : `void db.close();`,
    a ? `await sleep(5);` : `tick();`,
    `pending = pending ?? load(key);`,
    a ? `box.value = box.value || load(key); await box.value;` : `box.value = undefined;`,
    a ? `promises.set(key, promises.get(key) ?? load(key)); await promises.get(key);` : `promises.delete(key);`,
    `ready = !ready;`,
    a ? `const [first] = await Promise.all([load(key), tick()]); counter = first;` : `void Promise.all([tick()]);`,
    a ? `await tick().then(() => { counter += 1; });` : `tick().then(() => { counter += 1; });`,
    scope.inClass && a ? `this.pendingLoad = this.pendingLoad ?? load(key); await this.pendingLoad;` : `counter = total;`,
    scope.inClass ? `this.#count = this.#count + 1;` : `total = counter;`,
  ];
  return random.pick(choices);
}

/** One use of a lock in reach, in a shape its library supports (or misuses). */
function lockUse(random: Random, scope: Scope, nested: () => string[], callback: () => string[]): string[] {
  const { library, expr: L } = random.pick(scope.locks);
  const a = scope.async;
  const body = nested();
  const cb = callback();
  const aw = a ? 'await ' : 'void ';
  const id = random.int(1000);
  switch (library) {
    case 'mutex':
    case 'semaphore': {
      const releaser = library === 'mutex' ? `const release${id}` : `const [, release${id}]`;
      const shapes: string[][] = [
        [`${aw}${L}.runExclusive(async () => {`, ...cb, '});'],
        [`${L}.acquire().then(async (release) => {`, ...cb, 'release();', '});'],
        [`${L}.acquire();`, ...body],
        [`void ${L}.acquire();`, ...body],
        [`${aw}${L}.waitForUnlock();`, ...body],
        [`return ${L}.acquire();`],
        [`${aw}hold(${L}.acquire());`],
        [`${aw}Promise.all([${L}.acquire(), tick()]);`],
        [`box.value = ${L}.acquire();`, `${aw}box.value;`],
        [`promises.set(key, ${L}.acquire());`, `${aw}promises.get(key);`],
        [`pending = ${L}.acquire();`, 'pending = pending || other;', `${aw}pending;`],
        [`pending ??= ${L}.acquire();`, `${aw}pending;`],
        [`let p${id} = ${L}.acquire();`, `p${id} = p${id}.finally(() => undefined);`, `${aw}p${id};`, ...body],
        [`let q${id} = ${L}.acquire().then((r) => r);`, `q${id} = q${id}.then((r) => r);`, `let s${id} = q${id};`, `q${id} = s${id};`, `s${id} = q${id};`, `${aw}s${id};`],
        [`const x${id} = ${L}.acquire(), y${id} = x${id} ?? other;`, `${aw}(y${id} || x${id});`],
      ];
      if (a) {
        shapes.push(
          [`${releaser} = await ${L}.acquire();`, 'try {', ...body, '} finally {', `release${id}();`, '}'],
          [`${releaser} = await ${L}.acquire();`, ...body, `release${id}();`],
          [`${releaser} = await ${L}.acquire();`, 'try {', ...body, '} finally {', `release${id}();`, `release${id}();`, '}'],
          [`await ${L}.acquire();`, 'try {', ...body, '} finally {', `${L}.release();`, '}'],
          [`await ${L}.runExclusive(async () => {`, `await ${L}.runExclusive(async () => {`, ...cb, '});', '});'],
          [`${releaser} = await ${L}.acquire();`, 'if (flag) return;', ...body, `release${id}();`],
          [`${releaser} = await ${L}.acquire();`, 'try {', ...body, '} catch (error) {', `release${id}();`, 'throw error;', '}', `release${id}();`],
          ...(scope.inClass ? [[`this.releases.push(await ${L}.acquire());`, ...body, 'this.releases.pop()?.();']] : []),
        );
      }
      return random.pick(shapes);
    }
    case 'async-lock': {
      const key = random.pick(['key', "'k'", "['a', 'b']", "['b', 'a']", '`user:${key}`']);
      return random.pick([
        [`${aw}${L}.acquire(${key}, async () => {`, ...cb, '});'],
        [`${L}.acquire(${key}, (done) => {`, 'counter = counter + 1;', 'done();', '});'],
        [`${L}.acquire(${key}, (done) => {`, 'counter += 1;', '});'],
        [`${aw}${L}.acquire(${key}, async () => {`, `${aw}${L}.acquire(${key}, async () => {`, ...cb, '});', '});'],
        [`pending = ${L}.acquire(${key}, () => load(key));`, `${aw}pending;`],
      ]);
    }
    case 'await-lock':
      return random.pick([
        [`${aw}${L}.acquireAsync();`, 'try {', ...body, '} finally {', `${L}.release();`, '}'],
        [`${L}.acquireAsync();`, ...body, `${L}.release();`],
        [`${aw}${L}.acquireAsync();`, ...body, `${L}.release();`, `${L}.release();`],
        [`if (${L}.tryAcquire()) {`, ...body, `${L}.release();`, '}'],
        [`let w${id} = ${L}.acquireAsync();`, `w${id} = w${id}.then(() => undefined);`, `${aw}w${id};`, `${L}.release();`],
      ]);
    case 'sema':
      return random.pick([
        [`const token${id} = ${a ? 'await ' : ''}${L}.acquire();`, 'try {', ...body, '} finally {', `${L}.release(token${id});`, '}'],
        [`${aw}${L}.acquire();`, ...body, `${L}.release();`],
        [`${L}.acquire();`, ...body],
      ]);
    case 'counting':
      return random.pick([
        [`${aw}${L}.wait();`, 'try {', ...body, '} finally {', `${L}.signal();`, '}'],
        [`${aw}${L}.acquire();`, ...body, `${L}.release();`],
        [`${aw}${L}.execute(async () => {`, ...cb, '});'],
      ]);
    case 'limit':
      return random.pick([
        [`${aw}${L}(async () => {`, ...cb, '});'],
        [`${aw}Promise.all(items.map((item) => ${L}(() => load(item))));`],
        [`${aw}${L}(async () => {`, `${aw}${L}(async () => {`, ...cb, '});', '});'],
        [`const run${id} = ${L};`, `${aw}run${id}(() => load(key));`],
      ]);
    case 'queue':
      return random.pick([
        [`${aw}${L}.add(async () => {`, ...cb, '});'],
        [`${aw}Promise.all(items.map((item) => ${L}.add(() => load(item))));`],
        [`${aw}${L}.onIdle();`],
      ]);
    case 'web': {
      const name = random.pick(["'cart'", 'key', '`lock:${key}`']);
      return random.pick([
        [`${aw}${L}.request(${name}, async () => {`, ...cb, '});'],
        [`${aw}${L}.request(${name}, { ifAvailable: true }, async (lock) => {`, 'if (!lock) return;', ...cb, '});'],
        [`${aw}${L}.request(${name}, { mode: 'shared' }, async () => {`, ...cb, '});'],
        [`${aw}${L}.request(${name}, async () => {`, `${aw}${L}.request(${name}, async () => {`, ...cb, '});', '});'],
      ]);
    }
    case 'project':
      return random.pick([
        [`${aw}${L}.acquire();`, 'try {', ...body, '} finally {', `${L}.release();`, '}'],
        [`${L}.acquire();`, ...body, `${L}.release();`],
      ]);
  }
}
