// The incremental lint must give exactly what a full lint of the same text gives. A property
// test: many edits inside function bodies of the fixtures, the examples, the benchmark's file and
// files built around cross-function dependencies, each linted by the store and compared with a
// plain ESLint run of the plugin (none of the extension's machinery). It also checks that the
// incremental path is taken where it should be, and that a full lint happens where it must.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as tsParser from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import { Linter } from 'eslint/universal';
import { describe, expect, it } from 'vitest';
import plugin from '../../eslint-plugin/src/index';
import * as textTests from '../../eslint-plugin/src/analysis/text-tests';
import { WHOLE_TEXT_TESTS } from '../../eslint-plugin/src/analysis/text-tests';
import { Analyzer, PLUGIN_PREFIX, lintFileName, type Problem } from '../../extension/src/core/analyzer';
import { DocumentStore, type LintRecord } from '../../extension/src/core/document-store';
import type { Preset } from '../../extension/src/core/settings';
import { hasSharedFixtures, SHARED_FIXTURES, skipWithoutFixtures } from '../shared-fixtures';
import { largeFile } from './large-file';

const root = path.resolve(__dirname, '../..');

// ---- the reference: a plain full lint --------------------------------------------------------

const linter = new Linter({ configType: 'flat' });

function reference(text: string, preset: Preset, fileName: string): Problem[] | null {
  const filename = lintFileName({ fileName, languageId: '' });
  const jsx = /x$/.test(filename) || /\.[cm]?js$/.test(filename);
  const config: Linter.Config[] = [
    {
      files: ['**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}'],
      languageOptions: { parser: tsParser as Linter.Parser, ecmaVersion: 'latest', parserOptions: { ecmaFeatures: { jsx } } },
      linterOptions: { reportUnusedDisableDirectives: 'off' },
    },
    plugin.configs[preset] as Linter.Config,
  ];
  const messages = linter.verify(text, config, { filename });
  if (messages.some((message) => message.fatal)) return null;
  return messages
    .filter((message) => message.ruleId?.startsWith(PLUGIN_PREFIX))
    .map((message) => {
      const rule = message.ruleId!.slice(PLUGIN_PREFIX.length);
      return {
        rule,
        message: message.message,
        severity: message.severity === 2 ? ('error' as const) : ('warning' as const),
        line: message.line,
        column: message.column,
        endLine: message.endLine ?? message.line,
        endColumn: message.endColumn ?? message.column,
        docsUrl: (plugin.rules as Record<string, { meta: { docs?: { url?: string } } }>)[rule]?.meta.docs?.url ?? null,
        suggestions: (message.suggestions ?? []).map((suggestion) => ({
          id: suggestion.messageId,
          title: suggestion.desc,
          edits: [{ range: [suggestion.fix.range[0], suggestion.fix.range[1]] as [number, number], text: suggestion.fix.text }],
        })),
      };
    });
}

// ---- an editing session ----------------------------------------------------------------------

const LANGUAGES: Record<string, string> = { '.ts': 'typescript', '.tsx': 'typescriptreact', '.js': 'javascript', '.jsx': 'javascriptreact', '.cjs': 'javascript', '.mjs': 'javascript' };

/** One open document: every version is linted by the store and by the reference, and the two must agree. */
class Session {
  readonly records: LintRecord[] = [];
  private version = 0;
  private lastGood: Problem[] = [];
  private readonly store = new DocumentStore(new Analyzer());
  private readonly uri: string;

  constructor(
    readonly name: string,
    public text: string,
    private readonly preset: Preset = 'recommended',
  ) {
    this.uri = `file:///work/${name}`;
    this.lint(text, 'open');
  }

  lint(text: string, step: string): LintRecord {
    this.text = text;
    this.version += 1;
    const document = { uri: this.uri, version: this.version, text, languageId: LANGUAGES[path.extname(this.name)] ?? 'typescript', fileName: this.name };
    const outcome = this.store.lint(document, this.preset);
    const record = this.store.lastLint(this.uri)!;
    this.records.push(record);
    const expected = reference(text, this.preset, this.name);
    const label = `${this.name}, ${step} (${record.kind}${record.kind === 'full' && record.reason ? `: ${record.reason}` : ''})`;
    // The store turns a fault of the incremental lint into a full lint; here it is a bug.
    expect(record.kind === 'full' && Boolean(record.reason?.startsWith('the incremental lint failed')), label).toBe(false);
    if (expected === null) {
      expect(outcome.stale, label).toBe(true);
      expect(outcome.problems, label).toEqual(this.lastGood);
      expect(this.store.currentProblems(document), label).toEqual([]);
    } else {
      // Blanking never breaks a text that parses.
      expect(record.kind === 'full' && record.reason === 'the masked text does not parse', label).toBe(false);
      expect(outcome.error, label).toBeNull();
      expect(outcome.problems, label).toEqual(expected);
      expect(this.store.currentProblems(document), label).toEqual(expected);
      this.lastGood = expected;
      // Hovers and code actions parse the real text, never the masked one.
      expect(this.store.parsed(document)?.sourceCode.text, label).toBe(text);
    }
    return record;
  }

  kinds(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const record of this.records.slice(1)) counts[record.kind] = (counts[record.kind] ?? 0) + 1;
    return counts;
  }
}

// ---- where to edit ---------------------------------------------------------------------------

interface Body {
  /** The body's braces, in the text it was found in. */
  range: [number, number];
  statements: TSESTree.Statement[];
  async: boolean;
  identifiers: TSESTree.Identifier[];
}

function parse(text: string, name: string): TSESTree.Program {
  return tsParser.parseForESLint(text, { range: true, loc: true, filePath: name, sourceType: 'module', ecmaFeatures: { jsx: /x$/.test(name) } }).ast as TSESTree.Program;
}

/** Every block body of a function, outermost first. */
function bodiesOf(text: string, name: string): Body[] {
  const bodies: Body[] = [];
  const visit = (node: TSESTree.Node, into: Body | null): void => {
    let current = into;
    if (
      (node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression') &&
      node.body.type === 'BlockStatement'
    ) {
      current = { range: node.body.range, statements: node.body.body, async: node.async, identifiers: [] };
      bodies.push(current);
    }
    if (node.type === 'Identifier' && current && node.range[0] > current.range[0]) current.identifiers.push(node);
    for (const key of visitorKeys[node.type as keyof typeof visitorKeys] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      for (const child of Array.isArray(value) ? value : [value]) if (child && typeof child === 'object' && 'type' in child) visit(child as TSESTree.Node, current);
    }
  };
  visit(parse(text, name), null);
  return bodies;
}

function indentation(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** A statement as the first line of a body. */
function insertAtStart(text: string, body: Body, statement: string): string {
  const first = body.statements[0];
  if (first) return `${text.slice(0, first.range[0])}${statement}\n${indentation(text, first.range[0])}${text.slice(first.range[0])}`;
  return `${text.slice(0, body.range[0] + 1)} ${statement} ${text.slice(body.range[0] + 1)}`;
}

/** A statement as the last line of a body. */
function insertAtEnd(text: string, body: Body, statement: string): string {
  const last = body.statements.at(-1);
  if (!last) return insertAtStart(text, body, statement);
  return `${text.slice(0, last.range[1])}\n${indentation(text, last.range[0])}${statement}${text.slice(last.range[1])}`;
}

const MODULE_LET = /^(?:export\s+)?let\s+([A-Za-z_$][\w$]*)/m;
const TOP_FUNCTION = /^(?:export\s+)?async\s+function\s+([A-Za-z_$][\w$]*)/gm;

type Edit = (text: string, body: Body, name: string) => string | null;

/** The kinds of edit the sessions make, each inside one function body. */
const EDITS: Record<string, Edit> = {
  'insert an await': (text, body) => insertAtStart(text, body, body.async ? 'await tick();' : 'void 0;'),
  'insert a write': (text, body) => insertAtEnd(text, body, 'x = 1;'),
  'insert a lost update': (text, body) => {
    const shared = MODULE_LET.exec(text)?.[1];
    return shared && body.async ? insertAtEnd(text, body, `const seen = ${shared};\n  await tick();\n  ${shared} = seen + 1;`) : null;
  },
  'insert a call of another function': (text, body) => {
    const names = [...text.matchAll(TOP_FUNCTION)].map((match) => match[1]!);
    const callee = names.find((candidate) => !text.slice(body.range[0], body.range[1]).includes(candidate));
    return callee && body.async ? insertAtStart(text, body, `await ${callee}();`) : null;
  },
  'delete a statement': (text, body) => {
    const statement = body.statements[0];
    return statement ? text.slice(0, statement.range[0]) + text.slice(statement.range[1]) : null;
  },
  'rename an identifier': (text, body) => {
    const identifier = body.identifiers[Math.floor(body.identifiers.length / 2)];
    return identifier ? `${text.slice(0, identifier.range[0])}${identifier.name}Renamed${text.slice(identifier.range[1])}` : null;
  },
  'empty the body': (text, body) => `${text.slice(0, body.range[0] + 1)}${text.slice(body.range[1] - 1)}`,
};

/** Applies edits round-robin over the bodies (and kinds) until `steps` versions were linted; the text carries over. */
function editSession(session: Session, steps: number): void {
  let step = 0;
  for (let round = 0; step < steps && round < steps * 3; round += 1) {
    const bodies = bodiesOf(session.text, session.name);
    if (bodies.length === 0) return;
    const body = bodies[(round * 7) % bodies.length]!;
    const [kind, edit] = Object.entries(EDITS)[round % Object.keys(EDITS).length]!;
    const next = edit(session.text, body, session.name);
    if (next === null || next === session.text) continue;
    session.lint(next, `${kind} in the body at ${body.range[0]}`);
    step += 1;
  }
}

/** Types `typed` one character at a time into a body, then a syntax error that is fixed again. */
function typingSession(session: Session, bodyIndex: number, typed: string): void {
  const body = bodiesOf(session.text, session.name)[bodyIndex];
  if (!body) return;
  const start = session.text;
  const at = body.statements[0]?.range[0] ?? body.range[0] + 1;
  for (let length = 1; length <= typed.length; length += 1) {
    session.lint(`${start.slice(0, at)}${typed.slice(0, length)}${start.slice(at)}`, `typing ${JSON.stringify(typed.slice(0, length))}`);
  }
  const broken = `${session.text.slice(0, at)}const = ;${session.text.slice(at)}`;
  session.lint(broken, 'a syntax error');
  session.lint(session.text.replace('const = ;', ''), 'the syntax error fixed');
}

/** Edits between top-level statements: comments and blank lines (the problems only move), and some that must not be taken for that. */
function triviaSession(session: Session): void {
  const gaps = (): Array<[number, number]> => {
    const body = parse(session.text, session.name).body;
    return body.slice(1).map((statement, index) => [body[index]!.range[1], statement.range[0]]);
  };
  const edits: Array<[string, (text: string, gap: [number, number]) => string]> = [
    ['a comment line', (text, [from]) => `${text.slice(0, from)}\n// a note${text.slice(from)}`],
    ['blank lines', (text, [from]) => `${text.slice(0, from)}\n\n${text.slice(from)}`],
    ['a block comment before a statement', (text, [, to]) => `${text.slice(0, to)}/* note */ ${text.slice(to)}`],
    ['a comment at the end', (text) => `${text}\n// the end\n`],
    ['a line comment that runs into the next statement', (text, [, to]) => `${text.slice(0, to)}// ${text.slice(to)}`],
    ['a directive', (text, [from]) => `${text.slice(0, from)}\n/* eslint-disable */${text.slice(from)}`],
    ['an indented statement', (text, [, to]) => `${text.slice(0, to)}  ${text.slice(to)}`],
    ['a joined line', (text, [from, to]) => (/^\s*$/.test(text.slice(from, to)) ? `${text.slice(0, from)} ${text.slice(to)}` : text)],
  ];
  const base = session.text;
  const all = gaps();
  edits.forEach(([kind, edit], index) => {
    const gap = all[(index * 5) % Math.max(1, all.length)];
    if (!gap) return;
    const next = edit(base, gap);
    if (next === base) return;
    session.lint(next, `${kind} between statements`);
    session.lint(base, `${kind} undone`);
  });
}

function sourcesIn(directory: string): Array<{ name: string; text: string }> {
  return readdirSync(directory)
    .filter((name) => /\.[cm]?[jt]sx?$/.test(name))
    .sort()
    .map((name) => ({ name, text: readFileSync(path.join(directory, name), 'utf8') }));
}

// ---- files built around dependencies between functions ----------------------------------------

const HEADER = "import { Mutex } from 'async-mutex';\ndeclare function tick(): Promise<void>;\n";

const CRAFTED: Record<string, string> = {
  'wrapper.ts': `${HEADER}
const lock = new Mutex();
let balance = 0;

async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  return lock.runExclusive(fn);
}

export async function deposit(amount: number): Promise<void> {
  await withLock(async () => {
    const current = balance;
    await tick();
    balance = current + amount;
  });
}

export async function withdraw(amount: number): Promise<void> {
  const current = balance;
  await tick();
  balance = current - amount;
}

let unrelated = 0;

export async function other(): Promise<void> {
  const seen = unrelated;
  await tick();
  unrelated = seen + 1;
}
`,
  'self-deadlock.ts': `${HEADER}
const lock = new Mutex();

async function save(): Promise<void> {
  await lock.runExclusive(async () => {
    await tick();
  });
}

export async function update(): Promise<void> {
  await lock.runExclusive(async () => {
    await save();
  });
}

let hits = 0;

export async function count(): Promise<void> {
  const seen = hits;
  await tick();
  hits = seen + 1;
}
`,
  'inversion.ts': `${HEADER}
const accounts = new Mutex();
const audit = new Mutex();

export async function transfer(): Promise<void> {
  await accounts.runExclusive(async () => {
    await audit.runExclusive(async () => {
      await tick();
    });
  });
}

export async function report(): Promise<void> {
  await audit.runExclusive(async () => {
    await accounts.runExclusive(async () => {
      await tick();
    });
  });
}
`,
  'reused-lock.ts': `${HEADER}
const lock = new Mutex();
let total = 0;
let visits = 0;

export async function safeAdd(n: number): Promise<void> {
  await lock.runExclusive(async () => {
    const current = total;
    await tick();
    total = current + n;
  });
}

export async function unsafeAdd(n: number): Promise<void> {
  const current = total;
  await tick();
  total = current + n;
}

export async function visit(): Promise<void> {
  const seen = visits;
  await tick();
  visits = seen + 1;
}
`,
  'disabled.ts': `${HEADER}
let quiet = 0;
let loud = 0;
let after = 0;

export async function before(): Promise<void> {
  const seen = loud;
  await tick();
  loud = seen + 1;
}

export async function silenced(): Promise<void> {
  /* eslint-disable interleave/no-read-await-write-race */
  const seen = quiet;
  await tick();
  quiet = seen + 1;
}

export async function later(): Promise<void> {
  const seen = after;
  await tick();
  after = seen + 1;
}
`,
  'class-state.ts': `${HEADER}
export class Account {
  private readonly lock: Mutex;
  private balance = 0;
  private log: string[] = [];

  constructor() {
    this.lock = new Mutex();
  }

  async deposit(n: number): Promise<void> {
    await this.lock.runExclusive(async () => {
      const current = this.balance;
      await tick();
      this.balance = current + n;
    });
  }

  async withdraw(n: number): Promise<void> {
    const current = this.balance;
    await tick();
    this.balance = current - n;
  }

  async note(entry: string): Promise<void> {
    const size = this.log.length;
    await tick();
    this.log[size] = entry;
  }
}

export class Other {
  private count = 0;

  async bump(): Promise<void> {
    const seen = this.count;
    await tick();
    this.count = seen + 1;
  }
}
`,
  'limiter.ts': `import pLimit from 'p-limit';
declare function load(url: string): Promise<string>;
declare function tick(): Promise<void>;
let counter = 0;

export async function bump(): Promise<void> {
  const seen = counter;
  await tick();
  counter = seen + 1;
}

export async function fetchAll(urls: string[]): Promise<string[]> {
  return Promise.all(urls.map(async (url) => load(url)));
}

const limit = pLimit(4);

export async function fetchSome(urls: string[]): Promise<string[]> {
  return Promise.all(urls.map(async (url) => load(url)));
}
`,
  'factory.ts': `${HEADER}
function makeLock(): Mutex {
  return new Mutex();
}

const lock = makeLock();
let value = 0;

export async function guarded(): Promise<void> {
  await lock.runExclusive(async () => {
    const seen = value;
    await tick();
    value = seen + 1;
  });
}

export async function unguarded(): Promise<void> {
  const seen = value;
  await tick();
  value = seen + 1;
}
`,
  'late-lock.ts': `${HEADER}
let lock: Mutex | undefined;
let value = 0;

export function init(): void {
  lock = new Mutex();
}

export async function guarded(): Promise<void> {
  await lock!.runExclusive(async () => {
    const seen = value;
    await tick();
    value = seen + 1;
  });
}
`,
  'lock-class.ts': `declare function tick(): Promise<void>;

class QueueLock {
  private waiting: Array<() => void> = [];
  private held = false;

  async acquire(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
  }
}

const lock = new QueueLock();
let total = 0;
let other = 0;

export async function add(n: number): Promise<void> {
  await lock.acquire();
  try {
    const current = total;
    await tick();
    total = current + n;
  } finally {
    lock.release();
  }
}

export async function leaky(n: number): Promise<void> {
  await lock.acquire();
  const current = total;
  await tick();
  total = current + n;
  lock.release();
}

export async function bump(): Promise<void> {
  const seen = other;
  await tick();
  other = seen + 1;
}
`,
  'types.ts': `declare function load(url: string): Promise<string>;
declare function tick(): Promise<void>;
type Pair = readonly [string, string];
interface Options {
  retries: number;
}
enum Mode {
  Fast,
  Safe,
}
let mode = Mode.Fast;

export async function both(urls: Pair): Promise<string[]> {
  return Promise.all(urls.map((url) => load(url)));
}

export async function many(urls: string[], options: Options): Promise<string[]> {
  return Promise.all(urls.map(async (url) => (options.retries > 0 ? load(url) : load(url))));
}

export function overloaded(value: string): string;
export function overloaded(value: number): number;
export function overloaded(value: string | number): string | number {
  return value;
}

export async function toggle(): Promise<void> {
  const seen = mode;
  await tick();
  mode = seen === Mode.Fast ? Mode.Safe : Mode.Fast;
}
`,
  'private.ts': `import { Mutex } from 'async-mutex';
declare function tick(): Promise<void>;

export class Cache {
  static instances = 0;
  #lock = new Mutex();
  #entries = new Map<string, string>();

  get size(): number {
    return this.#entries.size;
  }

  async put(key: string, value: string): Promise<void> {
    await this.#lock.runExclusive(async () => {
      const had = this.#entries.has(key);
      await tick();
      if (!had) this.#entries.set(key, value);
    });
  }

  async putUnsafe(key: string, value: string): Promise<void> {
    const had = this.#entries.has(key);
    await tick();
    if (!had) this.#entries.set(key, value);
  }

  static async count(): Promise<void> {
    const seen = Cache.instances;
    await tick();
    Cache.instances = seen + 1;
  }
}
`,
  'view.tsx': `declare function tick(): Promise<void>;
let clicks = 0;

export function Button(): JSX.Element {
  const onClick = async (): Promise<void> => {
    const seen = clicks;
    await tick();
    clicks = seen + 1;
  };
  return <button onClick={onClick}>{clicks}</button>;
}

export async function reset(): Promise<void> {
  await tick();
  clicks = 0;
}
`,
  'routes.js': `const express = require('express');
const tick = () => Promise.resolve();
const app = express();
const hits = {};

app.get('/a', async (req, res) => {
  const seen = hits.a;
  await tick();
  hits.a = (seen || 0) + 1;
  res.send('a');
});

app.get('/b', async (req, res) => {
  await tick();
  res.send('b');
});

let total = 0;

async function add(n) {
  const current = total;
  await tick();
  total = current + n;
}

module.exports = { app, add };
`,
  'globals.ts': `declare function tick(): Promise<void>;

export async function first(): Promise<void> {
  const seen = globalThis.counter;
  await tick();
  globalThis.counter = seen + 1;
}

export async function second(): Promise<void> {
  const seen = globalThis.counter;
  await tick();
  globalThis.counter = seen + 2;
}
`,
  'commonjs.js': `const { Mutex } = require('async-mutex');
const tick = () => Promise.resolve();
const lock = new Mutex();
let total = 0;

async function add(n) {
  const current = total;
  await tick();
  total = current + n;
}

async function safe(n) {
  await lock.runExclusive(async () => {
    total += n;
  });
}

module.exports = { add, safe };
`,
};

// ---- the tests -------------------------------------------------------------------------------

describe('incremental diagnostics equal a full lint', () => {
  // Each session runs once, in its own test or in the tally below, whichever comes first, so the
  // tally does not depend on which other tests ran.
  const sessions = new Map<string, Record<string, number>>();
  const runs: Array<[string, () => Session]> = [];
  const kindsOf = ([label, run]: [string, () => Session]): Record<string, number> => {
    let kinds = sessions.get(label);
    if (!kinds) {
      kinds = run().kinds();
      sessions.set(label, kinds);
    }
    return kinds;
  };
  const tallied = (label: string, run: () => Session, timeout?: number): void => {
    runs.push([label, run]);
    it(label, () => void kindsOf([label, run]), timeout);
  };
  skipWithoutFixtures('the shared fixtures');
  const fixtureSets: Array<[Preset, string]> = hasSharedFixtures
    ? [
        ['recommended', path.join(SHARED_FIXTURES, 'recommended')],
        ['strict', path.join(SHARED_FIXTURES, 'strict')],
      ]
    : [];
  for (const [preset, directory] of fixtureSets) {
    for (const { name, text } of sourcesIn(directory)) {
      tallied(`${preset}/${name}`, () => {
        const session = new Session(name, text, preset);
        editSession(session, 24);
        typingSession(session, 0, 'await sleep(150);');
        triviaSession(session);
        return session;
      });
    }
  }

  for (const { name, text } of sourcesIn(path.join(root, 'examples'))) {
    tallied(`examples/${name}`, () => {
      const session = new Session(name, text);
      editSession(session, 24);
      typingSession(session, 1, 'await sleep(150);');
      triviaSession(session);
      return session;
    });
  }

  for (const [name, text] of Object.entries(CRAFTED)) {
    tallied(`crafted ${name}`, () => {
      const session = new Session(name, text);
      editSession(session, 30);
      typingSession(session, 1, 'await tick();');
      triviaSession(session);
      return session;
    });
    it(`crafted ${name} with Windows line breaks`, () => {
      const session = new Session(name, text.replace(/\n/g, '\r\n'));
      editSession(session, 10);
      triviaSession(session);
    });
  }

  tallied(
    'the benchmark file, edits spread over the file and repeated in one function',
    () => {
      const session = new Session('large.ts', largeFile());
      editSession(session, 10);
      const increment = (index: number): Body => bodiesOf(session.text, session.name).find((body) => session.text.slice(body.range[0], body.range[1]).includes(`counter${index} = temp`))!;
      for (const index of [3, 17, 3, 30]) {
        const record = session.lint(insertAtStart(session.text, increment(index), 'await tick();'), `an await in increment${index}`);
        expect(record.kind).toBe('incremental');
      }
      typingSession(session, 5, 'await tick();');
      triviaSession(session);
      return session;
    },
    120_000,
  );

  it('took the incremental path for most edits', () => {
    const kinds: Record<string, number> = {};
    for (const run of runs) for (const [kind, count] of Object.entries(kindsOf(run))) kinds[kind] = (kinds[kind] ?? 0) + count;
    const total = Object.values(kinds).reduce((sum, count) => sum + count, 0);
    expect(total).toBeGreaterThan(1000);
    // Syntax errors, edits outside function bodies and the fallbacks above make up the rest.
    expect((total - (kinds.full ?? 0)) / total, JSON.stringify(kinds)).toBeGreaterThan(0.5);
    expect(kinds.incremental, JSON.stringify(kinds)).toBeGreaterThan(500);
    expect(kinds.moved, JSON.stringify(kinds)).toBeGreaterThan(100);
  }, 300_000);
});

describe('where the incremental lint is taken, and where a full lint must happen', () => {
  const last = (session: Session): LintRecord => session.records.at(-1)!;
  const bodyWith = (session: Session, code: string): Body =>
    bodiesOf(session.text, session.name).find((body) => session.text.slice(body.range[0], body.range[1]).includes(code))!;

  it('re-lints only the edited function and what shares its names', () => {
    const session = new Session('wrapper.ts', CRAFTED['wrapper.ts']!);
    session.lint(insertAtStart(session.text, bodyWith(session, 'unrelated = seen'), 'await tick();'), 'an await in other()');
    expect(last(session)).toMatchObject({ kind: 'incremental', relinted: 2 });
    // Editing the wrapper changes what guards deposit(): both are re-linted.
    session.lint(session.text.replace('return lock.runExclusive(fn);', 'return fn();'), 'the wrapper no longer locks');
    expect(last(session)).toMatchObject({ kind: 'incremental', relinted: 5 });
  });

  it('keeps a problem elsewhere in the file with its lines renumbered', () => {
    const session = new Session('reused-lock.ts', CRAFTED['reused-lock.ts']!);
    session.lint(insertAtStart(session.text, bodyWith(session, 'visits = seen'), 'await tick();\n  await tick();'), 'two lines in visit()');
    expect(last(session)).toMatchObject({ kind: 'incremental' });
    session.lint(insertAtStart(session.text, bodyWith(session, 'total = current + n;\n}'), 'await tick();'), 'a line in unsafeAdd()');
    expect(last(session), JSON.stringify(last(session))).toMatchObject({ kind: 'incremental' });
  });

  it('falls back where an edit is not inside a function body', () => {
    const session = new Session('wrapper.ts', CRAFTED['wrapper.ts']!);
    session.lint(session.text.replace('let unrelated = 0;', 'let unrelated = 0;\nlet more = 1;'), 'a module-level declaration');
    expect(last(session)).toMatchObject({ kind: 'full', reason: 'the edit between statements is not only whitespace and comments' });
    session.lint(session.text.replace('let unrelated = 0;', 'let unrelated = 1;'), 'a module-level initialiser');
    expect(last(session)).toMatchObject({ kind: 'full', reason: 'the edit is not inside a function body' });
    session.lint(session.text.replace('(amount: number): Promise<void> {\n  const current', '(amount: number, note?: string): Promise<void> {\n  const current'), 'a parameter');
    expect(last(session)).toMatchObject({ kind: 'full', reason: 'the edit is not inside a function body' });
  });

  it('falls back when the edit touches a nesting of locks', () => {
    const session = new Session('self-deadlock.ts', CRAFTED['self-deadlock.ts']!);
    session.lint(insertAtStart(session.text, bodyWith(session, 'await save()'), 'await tick();'), 'an await in update()');
    expect(last(session)).toMatchObject({ kind: 'full', reason: 'the edit touches a nesting of locks' });
    // The counter shares nothing with the locks.
    session.lint(insertAtStart(session.text, bodyWith(session, 'hits = seen'), 'await tick();'), 'an await in count()');
    expect(last(session)).toMatchObject({ kind: 'incremental' });
    const inversion = new Session('inversion.ts', CRAFTED['inversion.ts']!);
    inversion.lint(insertAtStart(inversion.text, bodyWith(inversion, 'await accounts.runExclusive'), 'await tick();'), 'an await in report()');
    expect(last(inversion)).toMatchObject({ kind: 'full', reason: 'the edit touches a nesting of locks' });
  });

  it('falls back when the edit can change a lock that scope-wide lookups see', () => {
    const factory = new Session('factory.ts', CRAFTED['factory.ts']!);
    factory.lint(factory.text.replace('return new Mutex();', 'return new Mutex() as Mutex;'), 'the factory');
    expect(last(factory)).toMatchObject({ kind: 'full', reason: 'the edit can change what a scope-wide lock lookup finds' });
    const late = new Session('late-lock.ts', CRAFTED['late-lock.ts']!);
    late.lint(insertAtStart(late.text, bodyWith(late, 'value = seen'), 'await tick();'), 'a function using the late lock');
    expect(last(late)).toMatchObject({ kind: 'full', reason: 'the edit can change what a scope-wide lock lookup finds' });
  });

  it('re-lints the class a lock is made from with the code that uses it', () => {
    const session = new Session('lock-class.ts', CRAFTED['lock-class.ts']!);
    expect(session.records[0]!.kind).toBe('full');
    session.lint(insertAtStart(session.text, bodyWith(session, 'lock.release();\n}'), 'await tick();'), 'an await in leaky()');
    // leaky(), add(), the lock, its class's members and the state they share: not bump() and its counter.
    expect(last(session)).toMatchObject({ kind: 'incremental', relinted: 8, units: 11 });
  });

  it('falls back when the edited function holds a directive comment', () => {
    const session = new Session('disabled.ts', CRAFTED['disabled.ts']!);
    session.lint(insertAtStart(session.text, bodyWith(session, 'quiet = seen'), 'await tick();'), 'an await next to the directive');
    expect(last(session)).toMatchObject({ kind: 'full', reason: 'the edited unit may hold a directive comment' });
    // The directive in another function still silences the function after it.
    session.lint(insertAtStart(session.text, bodyWith(session, 'after = seen'), 'await tick();'), 'an await in later()');
    expect(last(session)).toMatchObject({ kind: 'incremental' });
  });

  it('falls back when the edit changes what the rules test on the whole text', () => {
    const session = new Session('globals.ts', CRAFTED['globals.ts']!);
    session.lint(insertAtStart(session.text, bodyWith(session, 'seen + 2'), 'await Promise.all([tick()]);'), 'the first Promise.all');
    expect(last(session)).toMatchObject({ kind: 'full', reason: 'the edit changes a test the rules make on the whole text' });
  });

  it('only moves the problems after whitespace and comments between statements', () => {
    const session = new Session('reused-lock.ts', CRAFTED['reused-lock.ts']!);
    session.lint(`${session.text}\n// the end\n`, 'a comment at the end');
    expect(last(session)).toMatchObject({ kind: 'moved' });
    session.lint(session.text.replace('let visits = 0;\n', 'let visits = 0;\n\n/* counts visits */\n'), 'a comment between statements');
    expect(last(session)).toMatchObject({ kind: 'moved' });
    session.lint(session.text.replace('let visits = 0;\n', 'let visits = 0;\n// eslint-disable-next-line\n'), 'a directive');
    expect(last(session)).toMatchObject({ kind: 'full', reason: 'the edit may change a directive comment' });
    session.lint(session.text.replace('\nexport async function visit', '\n// export async function visit'), 'a line comment over a statement');
    expect(last(session)).toMatchObject({ kind: 'full' });
  });

  it('notices a version that changes nothing', () => {
    const session = new Session('wrapper.ts', CRAFTED['wrapper.ts']!);
    session.lint(session.text, 'the same text again');
    expect(last(session)).toMatchObject({ kind: 'unchanged' });
  });
});

describe('the whole-text tests the incremental lint keeps stable', () => {
  // The incremental lint keeps the answer of each test in WHOLE_TEXT_TESTS (analysis/text-tests.ts);
  // a test of the whole text written anywhere else could change its answer when a body is blanked.
  it('are the only ones the plugin makes', () => {
    const sources = readdirSync(path.join(root, 'eslint-plugin/src'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
      .map((entry) => readFileSync(path.join(entry.parentPath, entry.name), 'utf8'))
      .join('\n');
    // What each test of the text is called on: a named constant, or a regular-expression literal.
    const tested = [...sources.matchAll(/([\w$]+|\/(?:[^/\n\\]|\\.)+\/[a-z]*)\.test\((?:this\.|model\.)?sourceCode\.text\)/g)].map((match) => match[1]!);
    expect(tested.length).toBeGreaterThan(0);
    const exported = new Set(Object.keys(textTests));
    for (const name of tested) expect(exported, name).toContain(name);
    expect(new Set(tested).size).toBe(WHOLE_TEXT_TESTS.length);
    // Text-wide reads that are not regular-expression tests: the indentation unit, handled apart.
    expect(sources.match(/indentUnit\(\w+\.text\)|indentUnit\(text\)/g)?.length ?? 0).toBeGreaterThan(0);
  });
});
