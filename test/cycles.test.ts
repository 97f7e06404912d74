// Every walk of the analysis that follows something other than the syntax tree (variables,
// assignments, calls, callers, wrappers, aliases) meets a cycle here, one program per walk, and
// must finish without an exception under every rule and both parsers.
import { describe, expect, it } from 'vitest';
import plugin from '../eslint-plugin/src/index';
import { createFuzzChecker } from './fuzz/harness';

const check = createFuzzChecker(plugin);
const MUTEX = "import { Mutex, withTimeout } from 'async-mutex';\n";

const CYCLES: Record<string, string> = {
  // no-unawaited-acquire: a promise variable assigned from its own chain, and two that trade places.
  'a promise reassigned from itself': `${MUTEX}const m = new Mutex();\nasync function f() { let p = m.acquire(); p = p.finally(() => undefined); await p; }`,
  'a promise combined with itself': `${MUTEX}const m = new Mutex();\nlet pending;\nasync function f(other) { pending = m.acquire(); pending = pending || other; pending = pending ?? pending; await pending; }`,
  'two promises assigned from each other': `${MUTEX}const m = new Mutex();\nasync function f() { let a = m.acquire(); let b = a; a = b.then((r) => r); b = a; a = b; }`,
  // LockResolver: aliases assigned in a ring, a decorator of an alias of itself.
  'lock aliases in a ring': `${MUTEX}let a = new Mutex();\nlet b = a;\nlet c = b;\na = c;\nb = a;\nasync function f() { await c.runExclusive(async () => { await b.runExclusive(async () => {}); }); }`,
  'a lock decorated from its own alias': `${MUTEX}let lock = withTimeout(new Mutex(), 10);\nlock = withTimeout(lock, 20);\nasync function f() { const release = await lock.acquire(); release(); }`,
  // LockResolver factories: a factory that returns its own call, and two that return each other's.
  'factories that call themselves and each other': `${MUTEX}const base = new Mutex();\nfunction lockFor(key: string): Mutex { return key ? lockFor(key.slice(1)) : base; }\nfunction even(n: number): Mutex { return n ? odd(n - 1) : base; }\nfunction odd(n: number): Mutex { return even(n - 1); }\nasync function f(k: string) { await lockFor(k).runExclusive(async () => { await even(2).runExclusive(async () => {}); }); }`,
  // SectionFinder: wrappers that hand the callback to each other.
  'wrappers that call each other': `${MUTEX}const m = new Mutex();\ndeclare function coin(): boolean;\nfunction first(fn: () => Promise<void>): Promise<void> { return coin() ? second(fn) : m.runExclusive(fn); }\nfunction second(fn: () => Promise<void>): Promise<void> { return first(fn); }\nlet n = 0;\nasync function f() { await first(async () => { const v = n; await Promise.resolve(); n = v + 1; }); }`,
  // LockGraph: sections held across calls of functions that call each other while holding them.
  'functions that await each other under a lock': `${MUTEX}const m = new Mutex();\nasync function ping(n: number): Promise<void> { await m.runExclusive(async () => { if (n) await pong(n - 1); }); }\nasync function pong(n: number): Promise<void> { if (n) await ping(n - 1); await m.waitForUnlock(); }`,
  // ConcurrencyModel.heldAtStart: private methods whose memoised calls come from each other.
  'private methods memoised by each other': `class C {\n  #a?: Promise<void>;\n  #b?: Promise<void>;\n  async #first() { if (this.#b) return; this.#b = this.#second(); await this.#b; }\n  async #second() { if (this.#a) return; this.#a = this.#first(); await this.#a; }\n}`,
  // SharedState.runsRepeatedly and AnswerSources: nested functions that call each other.
  'nested functions that call each other': `let total = 0;\nasync function outer(ids: string[]) {\n  const a = async (n: number): Promise<number> => (n ? b(n - 1) : total);\n  const b = async (n: number): Promise<number> => a(n);\n  const before = total;\n  total = before + (await a(ids.length));\n}`,
  // Timers: sleep helpers that return each other.
  'sleep helpers that return each other': `declare function coin(): boolean;\nconst sleep = (ms: number): Promise<void> => (coin() ? nap(ms) : new Promise((r) => setTimeout(r, ms)));\nconst nap = (ms: number): Promise<void> => sleep(ms);\nlet ready = false;\nasync function wait() { while (!ready) await sleep(500); }`,
  // Collections: a collection initialised from itself through another binding.
  'collections built from each other': `declare function post(u: string): Promise<void>;\nlet a: string[] = [];\nlet b = a;\na = b;\nasync function f() { await Promise.all(a.map((u) => post(u))); await Promise.all(b.map((u) => post(u))); }`,
};

describe('walks that meet a cycle', () => {
  it.each(Object.entries(CYCLES))('%s', (_name, code) => {
    const result = check(code);
    expect(result.crashes.map((crash) => `${crash.parser} ${crash.rule}: ${crash.message}`)).toEqual([]);
    expect(result.rejected).toEqual([]);
  });
});
