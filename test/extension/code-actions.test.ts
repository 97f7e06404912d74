import { describe, expect, it } from 'vitest';
import type { Problem } from '../../extension/src/core/analyzer';
import { codeActions, TITLES, type CoreAction, type DiagnosticRef } from '../../extension/src/core/code-actions';
import { COMMANDS } from '../../extension/src/core/commands';
import { statementsInSelection } from '../../extension/src/core/selection';
import type { LockLibrary } from '../../extension/src/core/settings';
import { planWrapInLock } from '../../eslint-plugin/src/fixes/wrap-in-lock';
import { analyzer, apply, documentOf, marked, parse, parses, typeErrors } from './helpers';

/** Code actions at the marked selection, with the diagnostics the editor would pass: those touching it. */
function actionsAt(source: string, lockLibrary: LockLibrary = 'async-mutex'): { text: string; actions: CoreAction[]; problems: Problem[] } {
  const { text, selection } = marked(source);
  const analysis = analyzer.analyze(documentOf(text), { preset: 'recommended', rules: true });
  if (!analysis.ok) throw new Error(analysis.error.message);
  const problems = analysis.problems!;
  const diagnostics = problems.filter((problem) => touches(text, problem, selection)).map(toRef);
  const actions = codeActions({ text, sourceCode: analysis.sourceCode, problems, diagnostics, selection, lockLibrary });
  return { text, actions, problems };
}

function toRef(problem: Problem): DiagnosticRef {
  const { rule, message, line, column, endLine, endColumn } = problem;
  return { rule, message, line, column, endLine, endColumn };
}

function touches(text: string, problem: Problem, [start, end]: readonly [number, number]): boolean {
  const offset = (line: number, column: number): number => text.split('\n').slice(0, line - 1).join('\n').length + (line > 1 ? 1 : 0) + column - 1;
  return offset(problem.line, problem.column) <= end && start <= offset(problem.endLine, problem.endColumn);
}

function titled(actions: readonly CoreAction[], title: string): CoreAction {
  const found = actions.find((action) => action.title === title);
  if (!found) throw new Error(`no "${title}" among ${actions.map((action) => `"${action.title}"`).join(', ')}`);
  return found;
}

/** The edited text, which must parse, and type-check when the original does. */
function applied(text: string, action: CoreAction): string {
  expect(action.disabled).toBeUndefined();
  const result = apply(text, action.edits!);
  expect(parses(result), result).toBe(true);
  if (typeErrors({ 'input.ts': text }).length === 0) expect(typeErrors({ 'output.ts': result }), result).toEqual([]);
  return result;
}

const COUNTER = `declare function tick(): Promise<void>;

let counter = 0;

export async function increment(): Promise<void> {
  «const temp = counter;
  await tick();
  counter = temp + 1;»
}
`;

describe('Wrap in lock', () => {
  it('wraps a selection of whole statements in a new lock, and takes over the rule suggestion that does the same', () => {
    const { text, actions } = actionsAt(COUNTER);
    const wrap = titled(actions, TITLES.wrapInLock);
    expect(wrap).toMatchObject({ kind: 'quickfix', preferred: true, diagnostic: { rule: 'no-read-await-write-race' } });
    expect(applied(text, wrap)).toBe(`import { Mutex } from 'async-mutex';

declare function tick(): Promise<void>;

let counter = 0;
const counterLock = new Mutex();

export async function increment(): Promise<void> {
  await counterLock.runExclusive(async () => {
    const temp = counter;
    await tick();
    counter = temp + 1;
  });
}
`);
    // The suggestion it replaced is not offered a second time.
    expect(actions.filter((action) => action.edits && apply(text, action.edits) === apply(text, wrap.edits!))).toHaveLength(1);
  });

  // The read of `total` after the selection stays under the lock: the region runs to the end of the function.
  it('wraps from the cursor on the reported line, without a selection: from the read the message names to the write', () => {
    const { text, actions } = actionsAt(COUNTER.replace('«', '').replace('counter = temp + 1;»', 'counter = temp‸ + 1;'), 'web-locks');
    const wrap = titled(actions, TITLES.wrapInLock);
    expect(wrap).toMatchObject({ kind: 'refactor.rewrite' });
    // (Web Locks need the DOM library to type-check.)
    expect(apply(text, wrap.edits!)).toBe(`declare function tick(): Promise<void>;

let counter = 0;

export async function increment(): Promise<void> {
  await navigator.locks.request("counterLock", async () => {
    const temp = counter;
    await tick();
    counter = temp + 1;
  });
}
`);
  });

  it('from the cursor with the default library, takes over the rule suggestion that does the same', () => {
    const { text, actions } = actionsAt(COUNTER.replace('«', '').replace('counter = temp + 1;»', '‸counter = temp + 1;'));
    const wrap = titled(actions, TITLES.wrapInLock);
    expect(wrap).toMatchObject({ kind: 'quickfix', preferred: true, diagnostic: { rule: 'no-read-await-write-race' } });
    expect(apply(text, wrap.edits!)).toContain('  await counterLock.runExclusive(async () => {\n    const temp = counter;');
  });

  it('from the cursor, wraps the statements of the block that holds both the read and the write', () => {
    const { text, actions } = actionsAt(`declare function tick(): Promise<void>;

let counter = 0;

export async function increment(ready: boolean): Promise<void> {
  const temp = counter;
  await tick();
  if (ready) {
    ‸counter = temp + 1;
  }
}
`);
    expect(apply(text, titled(actions, TITLES.wrapInLock).edits!)).toContain(`  await counterLock.runExclusive(async () => {
    const temp = counter;
    await tick();
    if (ready) {
      counter = temp + 1;
    }
  });`);
  });

  it('is a refactoring where no diagnostic asks for it, and accepts whole lines selected with their indentation', () => {
    const { text, actions } = actionsAt(`declare function load(): Promise<number>;
let total = 0;
export async function add(): Promise<number> {
«  const delta = await load();
  total = total + delta;
»  return total;
}
`);
    const wrap = titled(actions, TITLES.wrapInLock);
    expect(wrap.kind).toBe('refactor.rewrite');
    expect(applied(text, wrap)).toContain('  return await totalLock.runExclusive(async () => {\n    const delta = await load();\n    total = total + delta;\n    return total;\n  });\n}');
  });

  // The `return` on a cache hit could only leave the lock callback: the region runs to the end
  // of the function, so it still leaves the function (the race rule's suggestion does the same).
  it('runs a selection with an early return to the end of the function instead of refusing', () => {
    const { text, actions } = actionsAt(`declare function load(key: string): Promise<number>;

const cache = new Map<string, number>();

export async function get(key: string): Promise<number> {
  «const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const value = await load(key);
  cache.set(key, value);»
  return value;
}
`);
    expect(applied(text, titled(actions, TITLES.wrapInLock))).toBe(`import { Mutex } from 'async-mutex';

declare function load(key: string): Promise<number>;

const cache = new Map<string, number>();
const cacheLock = new Mutex();

export async function get(key: string): Promise<number> {
  return await cacheLock.runExclusive(async () => {
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const value = await load(key);
    cache.set(key, value);
    return value;
  });
}
`);
  });

  it('tells the caller which statements it wrapped', () => {
    const { text, selection } = marked(`declare function load(key: string): Promise<number>;
const cache = new Map<string, number>();
export async function get(key: string): Promise<number> {
  «if (cache.has(key)) return cache.get(key)!;
  const value = await load(key);»
  cache.set(key, value);
  return value;
}
`);
    const sourceCode = parse(text);
    const plan = planWrapInLock({ sourceCode, statements: statementsInSelection(sourceCode, selection)! });
    expect(plan.ok && plan.statements.map((statement) => sourceCode.getText(statement))).toEqual([
      'if (cache.has(key)) return cache.get(key)!;',
      'const value = await load(key);',
      'cache.set(key, value);',
      'return value;',
    ]);
  });

  it('uses Web Locks when the setting says so', () => {
    const { text, actions } = actionsAt(COUNTER, 'web-locks');
    const result = apply(text, titled(actions, TITLES.wrapInLock).edits!);
    expect(result).toContain("await navigator.locks.request(\"counterLock\", async () => {");
    expect(result).not.toContain('async-mutex');
    expect(parses(result)).toBe(true);
    expect(typeErrors({ 'output.ts': result }, { dom: true })).toEqual([]);
  });

  it('is not offered for a selection that cuts a statement', () => {
    const { actions } = actionsAt(`declare function tick(): Promise<void>;
let counter = 0;
export async function increment(): Promise<void> {
  const temp = «counter;
  await tick();»
  counter = temp + 1;
}
`);
    expect(actions.map((action) => action.title)).not.toContain(TITLES.wrapInLock);
  });

  it('refuses, saying why, when a break would cross into the callback', () => {
    const { actions } = actionsAt(`declare function tick(): Promise<boolean>;
let counter = 0;
export async function drain(): Promise<void> {
  for (;;) {
    «const done = await tick();
    if (done) break;
    counter += 1;»
  }
}
`);
    expect(titled(actions, TITLES.wrapInLock).disabled).toMatch(/`break` on line 6/);
  });

  it('reuses the lock that already guards the state, here a class field', () => {
    const { text, actions } = actionsAt(`import { Mutex } from 'async-mutex';

declare function persist(n: number): Promise<void>;

export class Account {
  private balance = 0;
  private readonly lock = new Mutex();

  async withdrawUnsafe(n: number): Promise<void> {
    «const current = this.balance;
    await persist(current - n);
    this.balance = current - n;»
  }

  async withdrawSafe(n: number): Promise<void> {
    await this.lock.runExclusive(async () => {
      const current = this.balance;
      await persist(current - n);
      this.balance = current - n;
    });
  }
}
`);
    const result = applied(text, titled(actions, TITLES.wrapInLock));
    expect(result).toContain('  async withdrawUnsafe(n: number): Promise<void> {\n    await this.lock.runExclusive(async () => {\n      const current = this.balance;');
    expect(result.match(/new Mutex\(\)/g)).toHaveLength(1);
  });

  it('reuses a module-level lock even when the setting asks for Web Locks', () => {
    const { text, actions } = actionsAt(`import { Mutex } from 'async-mutex';
declare function tick(): Promise<void>;
const counterLock = new Mutex();
let counter = 0;
export async function safe(): Promise<void> {
  await counterLock.runExclusive(async () => {
    counter += 1;
  });
}
export async function unsafe(): Promise<void> {
  «const temp = counter;
  await tick();
  counter = temp + 1;»
}
`, 'web-locks');
    expect(applied(text, titled(actions, TITLES.wrapInLock))).toContain('  await counterLock.runExclusive(async () => {\n    const temp = counter;');
  });

  it('refuses when another kind of lock guards the state, or the statements already hold a lock', () => {
    const guardedByWebLock = actionsAt(`declare function tick(): Promise<void>;
let counter = 0;
export async function safe(): Promise<void> {
  await navigator.locks.request('counter', async () => {
    counter += 1;
  });
}
export async function unsafe(): Promise<void> {
  «const temp = counter;
  await tick();
  counter = temp + 1;»
}
`);
    expect(titled(guardedByWebLock.actions, TITLES.wrapInLock).disabled).toBe(
      'The state these statements write is guarded by `navigator.locks` on line 4, which cannot be reused from here: move the statements into that section.',
    );
    const nested = actionsAt(`import { Mutex } from 'async-mutex';
const lock = new Mutex();
let counter = 0;
export async function f(): Promise<void> {
  await lock.runExclusive(async () => {
    «counter += 1;»
  });
}
`);
    expect(titled(nested.actions, TITLES.wrapInLock).disabled).toBe('These statements already run under `lock`, taken on line 5.');
  });

  it('keeps a returned value, a declaration used after the region, `this` and `arguments`', () => {
    const returning = actionsAt(`declare function load(key: string): Promise<number>;

export class Cache {
  private hits = 0;

  async size(key: string): Promise<number> {
    «const value = await load(key);
    this.hits += value;
    return this.hits;»
  }
}
`);
    expect(applied(returning.text, titled(returning.actions, TITLES.wrapInLock))).toContain(
      '    return await this.hitsLock.runExclusive(async () => {\n      const value = await load(key);',
    );
    const handing = actionsAt(`declare function load(key: string): Promise<number>;

export class Cache {
  private hits = 0;

  async lookup(key: string): Promise<number> {
    «const before = this.hits;
    const value = await load(key);
    this.hits = before + arguments.length;»
    return value;
  }
}
`);
    const handedBack = applied(handing.text, titled(handing.actions, TITLES.wrapInLock));
    expect(handedBack).toContain('const value = await this.hitsLock.runExclusive(async () => {');
    expect(handedBack).toContain('this.hits = before + arguments.length;\n      return value;\n    });\n    return value;');
  });

  it('refuses a continue or a yield that would cross into the callback', () => {
    const loop = actionsAt(`declare function next(): Promise<number>;
let sum = 0;
export async function add(items: number[]): Promise<void> {
  for (const item of items) {
    «const value = await next();
    if (value < 0) continue;
    sum = sum + value + item;»
  }
}
`);
    expect(titled(loop.actions, TITLES.wrapInLock).disabled).toMatch(/`continue` on line 6/);
    const generator = actionsAt(`declare function next(): Promise<number>;
let sum = 0;
export async function* stream(): AsyncGenerator<number> {
  «const value = await next();
  sum = sum + value;
  yield sum;»
}
`);
    expect(titled(generator.actions, TITLES.wrapInLock).disabled).toMatch(/yield/);
  });

  it('refuses outside an async function', () => {
    const { actions } = actionsAt(`let counter = 0;
export function bump(): void {
  «counter += 1;»
}
`);
    expect(titled(actions, TITLES.wrapInLock).disabled).toMatch(/async function/);
  });
});

describe('Move await before the lock', () => {
  const SECTION = `import { Mutex } from 'async-mutex';

declare function slowNetworkCall(url: string): Promise<{ items: string[] }>;

const lock = new Mutex();
const sharedState = new Map<string, string[]>();

export async function refresh(url: string): Promise<void> {
  await lock.runExclusive(async () => {
    const data = await ‸slowNetworkCall(url);
    sharedState.set(url, data.items);
  });
}
`;

  it('moves the awaited call out of the section, as the rule suggests, under the stable title', () => {
    const { text, actions } = actionsAt(SECTION);
    const hoist = titled(actions, TITLES.hoistAwait);
    expect(hoist).toMatchObject({ kind: 'quickfix', preferred: true, diagnostic: { rule: 'no-long-await-in-critical-section' } });
    expect(applied(text, hoist)).toContain(
      '  const data = await slowNetworkCall(url);\n  await lock.runExclusive(async () => {\n    sharedState.set(url, data.items);\n  });',
    );
  });

  it('moves the comment lines above the await with it, and leaves the lock statement its own', () => {
    const { text, actions } = actionsAt(
      SECTION.replace('  await lock.runExclusive(', '  // One refresh at a time.\n  await lock.runExclusive(').replace(
        '    const data = await ‸slowNetworkCall(url);',
        '    // The slow part.\n    const data = await ‸slowNetworkCall(url);',
      ),
    );
    expect(applied(text, titled(actions, TITLES.hoistAwait))).toContain(
      '  // The slow part.\n  const data = await slowNetworkCall(url);\n  // One refresh at a time.\n  await lock.runExclusive(async () => {\n    sharedState.set(url, data.items);\n  });',
    );
  });

  it('is offered from anywhere in the statement holding the await', () => {
    const { actions } = actionsAt(SECTION.replace('const data = await ‸slowNetworkCall(url);', 'const ‸data = await slowNetworkCall(url);'));
    expect(actions.map((action) => action.title)).toContain(TITLES.hoistAwait);
  });

  it('is not offered for an await outside any lock', () => {
    const { actions } = actionsAt(`declare function load(): Promise<number>;
export async function f(): Promise<number> {
  return await ‸load();
}
`);
    expect(actions).toEqual([]);
  });

  it('refuses when the awaited call uses what the section computed', () => {
    const { actions } = actionsAt(`import { Mutex } from 'async-mutex';
declare function save(n: number): Promise<void>;
const lock = new Mutex();
let balance = 0;
export async function withdraw(n: number): Promise<void> {
  await lock.runExclusive(async () => {
    const next = balance - n;
    await ‸save(next);
    balance = next;
  });
}
`);
    expect(titled(actions, TITLES.hoistAwait).disabled).toMatch(/section/);
  });
});

describe('a race around a slow call', () => {
  const PRICES = `let total = 0;

export async function addPrice(id: string): Promise<void> {
  const current = total;
  const response = await fetch(\`https://prices.example/\${id}\`);
  const price = Number(await response.text());
  ‸total = current + price;
}
`;

  it('prefers moving the call before the read to wrapping it in a lock, which would then hold the lock across it', () => {
    const { text, actions } = actionsAt(PRICES);
    const race = actions.filter((action) => action.diagnostic?.rule === 'no-read-await-write-race' && action.edits);
    // At the cursor, with nothing selected, both under their stable titles.
    expect(race.map((action) => [action.title, action.preferred ?? false])).toEqual([
      [TITLES.hoistAwait, true],
      [TITLES.wrapInLock, false],
      [TITLES.disableLine, false],
    ]);
    expect(actions[0]).toBe(race[0]);
    expect(typeErrors({ 'input.ts': text })).toEqual([]);
    const fixed = applied(text, race[0]!);
    expect(fixed).toBe(`let total = 0;

export async function addPrice(id: string): Promise<void> {
  const response = await fetch(\`https://prices.example/\${id}\`);
  const price = Number(await response.text());
  const current = total;
  total = current + price;
}
`);
    const relinted = analyzer.analyze(documentOf(fixed), { preset: 'recommended', rules: true });
    expect(relinted.ok && relinted.problems).toEqual([]);
    // The lock, by contrast, is held across the network call.
    const locked = analyzer.analyze(documentOf(apply(text, race[1]!.edits!)), { preset: 'recommended', rules: true });
    expect(locked.ok && locked.problems!.map((problem) => problem.rule)).toEqual(['no-long-await-in-critical-section']);
  });

  it('still puts the move first when the lines are selected: "Wrap in lock" takes the lock suggestion\'s place, second', () => {
    const { actions } = actionsAt(PRICES.replace('‸', '').replace('  const current', '  «const current').replace('price;\n}', 'price;»\n}'));
    const titles = actions.filter((action) => action.edits).map((action) => [action.title, action.preferred ?? false]);
    expect(titles.slice(0, 2)).toEqual([
      [TITLES.hoistAwait, true],
      [TITLES.wrapInLock, false],
    ]);
  });

  it('offers the move first from the start of the reported line too, where the editor passes no diagnostic', () => {
    const { actions } = actionsAt(PRICES.replace('  ‸total', '‸  total'));
    expect(actions.map((action) => [action.title, action.kind, action.diagnostic ?? null])).toEqual([
      [TITLES.hoistAwait, 'refactor.rewrite', null],
      [TITLES.wrapInLock, 'refactor.rewrite', null],
    ]);
  });
});

describe('Convert acquire/release to runExclusive', () => {
  const MANUAL = `import { Mutex } from 'async-mutex';

const lock = new Mutex();
const state = new Map<string, number>();

export async function bump(key: string): Promise<void> {
  const release = await lock.‸acquire();
  state.set(key, (state.get(key) ?? 0) + 1);
  release();
}
`;

  it('is offered on the acquire and on the release', () => {
    for (const source of [MANUAL, MANUAL.replace('lock.‸acquire()', 'lock.acquire()').replace('  release();', '  rel‸ease();')]) {
      const { text, actions } = actionsAt(source);
      expect(applied(text, titled(actions, TITLES.toRunExclusive))).toContain(
        '  await lock.runExclusive(() => {\n    state.set(key, (state.get(key) ?? 0) + 1);\n  });\n}',
      );
    }
  });

  it('is not offered between them', () => {
    const { actions } = actionsAt(MANUAL.replace('lock.‸acquire()', 'lock.acquire()').replace('state.set(key,', 'state.‸set(key,'));
    expect(actions.map((action) => action.title)).not.toContain(TITLES.toRunExclusive);
  });

  it('refuses, saying why, when nothing releases the lock', () => {
    const { actions } = actionsAt(MANUAL.replace('  release();\n', ''));
    expect(titled(actions, TITLES.toRunExclusive).disabled).toMatch(/release/i);
  });
});

describe('rule suggestions, Disable for this line, Show documentation', () => {
  const UNAWAITED = `import { Mutex } from 'async-mutex';

declare function work(): void;

const m = new Mutex();

export async function f(): Promise<void> {
  ‸m.acquire();
  work();
  m.release();
}
`;

  it('offers every suggestion of the diagnostic as a quick fix, then disable and documentation', () => {
    const { text, actions, problems } = actionsAt(UNAWAITED);
    const diagnostic = toRef(problems.find((problem) => problem.rule === 'no-unawaited-acquire')!);
    const rules = new Set(actions.flatMap((action) => (action.diagnostic ? [action.diagnostic.rule] : [])));
    const suffix = rules.size > 1 ? ' (no-unawaited-acquire)' : '';
    const fix = titled(actions, 'Await `m.acquire()`.');
    expect(fix).toMatchObject({ kind: 'quickfix', diagnostic });
    expect(applied(text, fix)).toContain('  await m.acquire();\n  work();');
    const disable = titled(actions, `${TITLES.disableLine}${suffix}`);
    const disabledText = applied(text, disable);
    expect(disabledText).toContain('  // eslint-disable-next-line interleave/no-unawaited-acquire\n  m.acquire();');
    const relinted = analyzer.analyze(documentOf(disabledText), { preset: 'recommended', rules: true });
    expect(relinted.ok && relinted.problems!.filter((problem) => problem.rule === 'no-unawaited-acquire')).toEqual([]);
    expect(titled(actions, `${TITLES.showDocumentation}${suffix}`)).toMatchObject({
      kind: 'quickfix',
      command: { id: COMMANDS.showDocumentation, args: ['no-unawaited-acquire'] },
    });
  });

  it('offers no suggestion when the problems are not those of the current text (a syntax error since)', () => {
    const { text, selection } = marked(UNAWAITED);
    const analysis = analyzer.analyze(documentOf(text), { preset: 'recommended', rules: true });
    const problems = analysis.ok ? analysis.problems! : [];
    const diagnostics = problems.map(toRef);
    const actions = codeActions({ text: `${text}\n}`, sourceCode: null, problems: [], diagnostics, selection, lockLibrary: 'async-mutex' });
    expect(actions.every((action) => action.title.startsWith(TITLES.disableLine) || action.title.startsWith(TITLES.showDocumentation))).toBe(true);
    expect(actions.length).toBe(2 * new Set(diagnostics.map((diagnostic) => diagnostic.rule)).size);
  });

  it('keeps the exact titles when one rule is reported at the cursor', () => {
    const { actions } = actionsAt(COUNTER.replace('«', '').replace('»', '').replace('counter = temp + 1;', '‸counter = temp + 1;'));
    const titles = actions.map((action) => action.title);
    expect(titles.filter((title) => title === TITLES.disableLine)).toHaveLength(1);
    expect(titles.filter((title) => title === TITLES.showDocumentation)).toHaveLength(1);
  });
});
