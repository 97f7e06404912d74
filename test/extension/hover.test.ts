import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_KINDS } from '../../eslint-plugin/src/analysis/libraries';
import plugin from '../../eslint-plugin/src/index';
import { CARD_SOURCES, CardBook, renderHover, rewriteLinks, type CardId } from '../../extension/src/core/cards';
import { TRUSTED_HOVER_COMMANDS } from '../../extension/src/core/commands';
import { hoverTargetAt } from '../../extension/src/core/hover';
import { fixtureFiles } from '../shared-fixtures';
import { marked, parse, root } from './helpers';

const book = new CardBook(CARD_SOURCES);
const knownRules = new Set(Object.keys(plugin.rules));

function targetAt(source: string, languageId = 'typescript'): { card: CardId; note: string | null; word: string } | null {
  const { text, selection } = marked(source);
  const target = hoverTargetAt(parse(text, languageId), selection[0]);
  return target && { card: target.card, note: target.note, word: text.slice(...target.range) };
}

const MUTEX = "import { Mutex, Semaphore, withTimeout } from 'async-mutex';\n";

describe('which card a hover shows', () => {
  it.each([
    // async-mutex: the class, the construction, the variable, each method
    [`${MUTEX}const lock = new ‸Mutex();`, 'lock', 'mutex', 'Mutex'],
    [`import { ‸Mutex } from 'async-mutex';`, 'lock', 'mutex', 'Mutex'],
    [`${MUTEX}const ‸lock = new Mutex();`, 'lock', 'mutex', 'lock'],
    [`${MUTEX}const lock = new Mutex();\nasync function f() { await lock.‸runExclusive(async () => {}); }`, 'lock', 'mutex.runExclusive', 'runExclusive'],
    [`${MUTEX}const lock = new Mutex();\nasync function f() { const release = await lock.acq‸uire(); release(); }`, 'lock', 'mutex.acquire', 'acquire'],
    [`${MUTEX}const lock = new Mutex();\nfunction f() { return lock.‸isLocked(); }`, 'lock', 'mutex.isLocked', 'isLocked'],
    [`${MUTEX}const lock = withTimeout(new Mutex(), 100);\nasync function f() { await ‸lock.waitForUnlock(); }`, 'lock', 'mutex', 'lock'],
    [`${MUTEX}class A { private lock = new Mutex();\n async f() { await this.‸lock.runExclusive(() => 1); } }`, 'lock', 'mutex', 'lock'],
    [`${MUTEX}class A { private lock = new Mutex();\n async f() { await this.lock.‸runExclusive(() => 1); } }`, 'lock', 'mutex.runExclusive', 'runExclusive'],
    [`${MUTEX}const sem = new ‸Semaphore(3);`, 'semaphore', 'semaphore', 'Semaphore'],
    [`${MUTEX}const sem = new Semaphore(1);\nasync function f() { await ‸sem.runExclusive(async () => {}); }`, 'lock', 'semaphore', 'sem'],
    [`${MUTEX}const sem = new Semaphore(3);\nasync function f() { const [, release] = await sem.‸acquire(); release(); }`, 'semaphore', 'semaphore.acquire', 'acquire'],
    [`${MUTEX}const sem = new Semaphore(3);\nfunction f() { sem.‸release(); }`, 'bounded-semaphore', 'semaphore.release', 'release'],
    // a lock class recognised by its name
    [`import Lock from './lock';\nconst ‸lock = new Lock();`, 'lock', 'project-mutex', 'lock'],
    [`import Lock from './lock';\nconst lock = new Lock();\nasync function f() { await lock.‸acquire(); lock.release(); }`, 'lock', 'project-mutex.acquire', 'acquire'],
    // the other lock libraries
    [`import AsyncLock from 'async-lock';\nconst lock = new ‸AsyncLock();`, 'lock', 'async-lock', 'AsyncLock'],
    [`import AsyncLock from 'async-lock';\nconst lock = new AsyncLock();\nlock.‸acquire('k', async () => {});`, 'lock', 'async-lock.acquire', 'acquire'],
    [`import AwaitLock from 'await-lock';\nconst lock = new AwaitLock();\nasync function f() { await lock.‸acquireAsync(); lock.release(); }`, 'lock', 'await-lock.acquireAsync', 'acquireAsync'],
    [`import { Sema } from 'async-sema';\nconst s = new Sema(4);\nasync function f() { await s.acquire(); s.‸release(); }`, 'bounded-semaphore', 'sema.release', 'release'],
    [`import Semaphore from 'semaphore-async-await';\nconst s = new Semaphore(2);\nasync function f() { await s.‸wait(); s.signal(); }`, 'semaphore', 'counting-semaphore.wait', 'wait'],
    [`import { Lock } from 'semaphore-async-await';\nconst l = new ‸Lock();`, 'lock', 'counting-semaphore', 'Lock'],
    [`import pLimit from 'p-limit';\nconst limit = ‸pLimit(4);`, 'semaphore', 'limiter', 'pLimit'],
    [`import pLimit from 'p-limit';\nconst limit = pLimit(4);\nasync function f() { await ‸limit(async () => 1); }`, 'semaphore', 'limiter', 'limit'],
    [`import PQueue from 'p-queue';\nconst queue = new PQueue({ concurrency: 2 });\nqueue.‸clear();`, 'semaphore', 'queue.clear', 'clear'],
    [`async function f() { await navigator.locks.‸request('cache', async () => {}); }`, 'lock', 'web-lock.request', 'request'],
    [`async function f() { await navigator.‸locks.request('cache', async () => {}); }`, 'lock', 'web-lock', 'locks'],
    // built-ins that stand in for asyncio's other primitives
    [`const { promise, resolve } = Promise.‸withResolvers<void>();`, 'event', 'Promise.withResolvers', 'withResolvers'],
    [`const controller = new ‸AbortController();`, 'event', 'AbortController', 'AbortController'],
    [`async function f(urls: string[]) { return Promise.‸all(urls.map((url) => fetch(url))); }`, 'fan-out', 'Promise.all', 'all'],
    [`async function f(urls: string[]) { return Promise.‸allSettled(urls.map((url) => fetch(url))); }`, 'fan-out', 'Promise.allSettled', 'allSettled'],
  ])('%s', (source, card, note, word) => {
    expect(targetAt(source)).toEqual({ card, note, word });
  });

  it('works in JavaScript with require()', () => {
    expect(targetAt(`const { Mutex } = require('async-mutex');\nconst lock = new ‸Mutex();`, 'javascript')).toEqual({ card: 'lock', note: 'mutex', word: 'Mutex' });
  });

  it.each([
    [`const lock = { acquire() {} };\nlock.‸acquire();`],
    [`class Mutex {}\nconst m = new ‸Mutex();`],
    [`const Promise = { all() {} };\nPromise.‸all();`],
    [`class AbortController {}\nnew ‸AbortController();`],
    [`${MUTEX}const lock = new Mutex();\nconst text = 'lock.runExclusive' + ‸String(lock);`],
    [`${MUTEX}const lock = new Mutex(); // ‸a comment about the lock`],
    [`${MUTEX}const lock = new Mutex();‸`],
  ])('shows nothing for look-alikes and other code: %s', (source) => {
    expect(targetAt(source)).toBeNull();
  });
});

describe('the hover text', () => {
  it('puts the note first, then the card, with rule links as our own command links', () => {
    const markdown = renderHover({ card: 'lock', note: 'mutex.runExclusive', range: [0, 1] }, book, knownRules);
    expect(markdown.startsWith('**`Mutex.runExclusive(fn)`** runs `fn` while holding the lock')).toBe(true);
    expect(markdown).toContain('#### Lock');
    expect(markdown).toContain('**Choose it when**');
    expect(markdown).toContain('**Pitfall.**');
    expect(markdown).toContain(
      `[no-read-await-write-race](command:interleave.showDocumentation?${encodeURIComponent('["no-read-await-write-race"]')})`,
    );
    expect(markdown).toContain(`[Semaphore](command:interleave.showDocumentation?${encodeURIComponent('["primitives/semaphore"]')})`);
  });

  it('falls back from an unknown member to the object note', () => {
    const markdown = renderHover({ card: 'lock', note: 'mutex.getValue', range: [0, 1] }, book, knownRules);
    expect(markdown.startsWith('**async-mutex `Mutex`** — an exclusive lock')).toBe(true);
  });

  it('runs no command but ours, and links rules the plugin lacks as plain text', () => {
    for (const id of Object.keys(CARD_SOURCES) as CardId[]) {
      const markdown = renderHover({ card: id, note: null, range: [0, 1] }, book, new Set(['no-read-await-write-race']));
      for (const match of markdown.matchAll(/\]\(([^)]*)\)/g)) {
        const target = match[1]!;
        if (target.startsWith('command:')) expect(TRUSTED_HOVER_COMMANDS).toContain(/^command:([^?]+)/.exec(target)![1]);
        else expect(target).toMatch(/^https:\/\//);
      }
    }
    expect(rewriteLinks('[no-busy-wait](../no-busy-wait.md) and [x](command:workbench.action.terminal.new)', new Set())).toBe('no-busy-wait and x');
  });
});

describe('the primitive cards', () => {
  const folder = path.join(root, 'rules-docs/primitives');
  const plannedRules = new Set(
    (['recommended', 'strict'] as const)
      .flatMap((preset) => fixtureFiles(preset))
      .flatMap(({ text }) => [...text.matchAll(/\/\/ expect: (.+)$/gm)])
      .flatMap((match) => match[1]!.split(',').map((rule) => rule.trim())),
  );

  it('are the files in rules-docs/primitives, and all bundled', () => {
    expect(readdirSync(folder).sort()).toEqual(Object.keys(CARD_SOURCES).map((id) => `${id}.md`).sort());
    for (const [id, source] of Object.entries(CARD_SOURCES)) expect(source).toBe(readFileSync(path.join(folder, `${id}.md`), 'utf8'));
  });

  it.each(Object.keys(CARD_SOURCES) as CardId[])('%s says what it does, when to choose it, what else to choose, the pitfall and the rules', (id) => {
    const card = book.card(id);
    expect(card.body).toMatch(/^\*asyncio `\w+` · .+\*$/m);
    for (const section of ['**Choose it when**', '**Choose instead**', '**In Python**', '**In JavaScript**', '**Pitfall.**', '**Rules:**']) {
      expect(card.body).toContain(section);
    }
    expect(card.body.indexOf('**In Python**'), 'the Python idiom comes first').toBeLessThan(card.body.indexOf('**In JavaScript**'));
    expect(card.body.split('\n').length).toBeLessThanOrEqual(30);
  });

  it('link only to rules the plugin has or the fixtures plan, and to cards that exist', () => {
    for (const source of Object.values(CARD_SOURCES)) {
      for (const match of source.matchAll(/\]\(([^)]+)\)/g)) {
        const target = match[1]!;
        const rule = /^\.\.\/([a-z-]+)\.md$/.exec(target)?.[1];
        if (rule) expect(knownRules.has(rule) || plannedRules.has(rule), rule).toBe(true);
        else expect(Object.keys(CARD_SOURCES)).toContain(/^([a-z-]+)\.md$/.exec(target)?.[1]);
      }
    }
  });

  it('have a note for every lock kind (a method without a note of its own falls back to it)', () => {
    for (const kind of LOCK_KINDS) expect(book.note(kind), kind).not.toBeNull();
    for (const key of ['Promise.withResolvers', 'AbortController', 'Promise.all', 'Promise.allSettled', 'web-lock', 'web-lock.request']) {
      expect(book.note(key), key).not.toBeNull();
    }
  });

  it('refuses a note key used twice', () => {
    expect(() => new CardBook({ ...CARD_SOURCES, queue: `${CARD_SOURCES.queue}\n## Notes\n\n### mutex\nagain\n` })).toThrow(/appears twice/);
  });
});
