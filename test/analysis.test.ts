// The analysis layer's contracts that no single rule suite covers: settings validation, option
// schemas, and lock recognition through TypeScript types when the parser has a program.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import plugin from '../eslint-plugin/src/index';
import { parseSettings } from '../eslint-plugin/src/analysis/settings';
import { modelFor } from '../eslint-plugin/src/analysis/model';
import { parse } from './fixes/parse';

const racyUnderWrapper = [
  'declare function serialized(fn: () => Promise<void>): Promise<void>;',
  'declare function tick(): Promise<void>;',
  'let c = 0;',
  'export async function f() { await serialized(async () => { const t = c; await tick(); c = t + 1; }); }',
].join('\n');

function lint(code: string, extra: Linter.Config = {}, filename = 'file.ts', cwd = process.cwd()): Linter.LintMessage[] {
  return new Linter({ configType: 'flat', cwd }).verify(
    code,
    [{ files: ['**/*.ts'], languageOptions: { parser: tsParser as Linter.Parser } }, plugin.configs.recommended as Linter.Config, extra],
    { filename },
  );
}

describe('settings.interleave', () => {
  it('declared wrappers protect their callback', () => {
    expect(lint(racyUnderWrapper).map((message) => message.ruleId)).toEqual(['interleave/no-read-await-write-race']);
    expect(lint(racyUnderWrapper, { settings: { interleave: { wrappers: ['serialized'] } } })).toEqual([]);
  });

  it('declared lock factories are locks', () => {
    const code = 'declare function lockFor(k: string): { acquire(): Promise<() => void> };\nexport async function f() { lockFor("a").acquire(); }';
    expect(lint(code)).toEqual([]);
    const messages = lint(code, { settings: { interleave: { lockFactories: [{ name: 'lockFor', kind: 'mutex' }] } } });
    expect(messages.map((message) => message.ruleId)).toEqual(['interleave/no-unawaited-acquire']);
  });

  it('a project-mutex factory holds its section like a mutex (one permit unless told otherwise)', () => {
    // acquire(1) keeps the lock from being known by its shape alone (a bare acquire() and release()).
    const code = [
      'declare function lockFor(key: string): { acquire(priority: number): Promise<void>; release(): void };',
      'declare function tick(): Promise<void>;',
      'const lock = lockFor("c");',
      'let c = 0;',
      'export async function f() { await lock.acquire(1); try { const t = c; await tick(); c = t + 1; } finally { lock.release(); } }',
    ].join('\n');
    expect(lint(code).map((message) => `${message.line} ${message.ruleId}`)).toEqual(['5 interleave/no-read-await-write-race']);
    expect(lint(code, { settings: { interleave: { lockFactories: [{ name: 'lockFor', kind: 'project-mutex' }] } } })).toEqual([]);
  });

  it('prints as the one sentence about the setting, not a stack naming whichever rule ran first', () => {
    const settings = { interleave: { lockFactories: [{ name: 'lockFor', kind: 'spinlock' }] } };
    const thrown = (() => {
      try {
        lint('export async function f() { await 1; }', { settings });
      } catch (error) {
        return error as Error;
      }
      throw new Error('expected the lint to throw');
    })();
    // ESLint's CLI prints `stack`; its linter appends the file and the running rule to `message` only.
    expect(thrown.stack).toBe(
      'eslint-plugin-interleave: invalid `settings.interleave.lockFactories[0].kind`: expected one of "mutex", "semaphore", "async-lock", "await-lock", "sema", "counting-semaphore", "limiter", "queue", "web-lock", "project-mutex".',
    );
  });

  it.each([
    [{ wrapers: [] }, 'invalid `settings.interleave.wrapers`: expected no such setting (known: `wrappers`, `lockFactories`, `lintTestFiles`).'],
    [{ wrappers: 'withLock' }, 'invalid `settings.interleave.wrappers`: expected an array.'],
    [{ wrappers: [{ name: 'withLock', callbackIndex: -1 }] }, 'invalid `settings.interleave.wrappers[0].callbackIndex`: expected a non-negative integer or "last".'],
    [{ lockFactories: [{ name: 'getLock', kind: 'spinlock' }] }, 'invalid `settings.interleave.lockFactories[0].kind`: expected one of "mutex"'],
    [{ lockFactories: [{ name: '', kind: 'mutex' }] }, 'invalid `settings.interleave.lockFactories[0].name`: expected a non-empty string.'],
  ])('rejects %j with a message naming the setting', (settings, message) => {
    expect(() => parseSettings({ interleave: settings })).toThrow(message);
    expect(() => lint('export async function f() { await 1; }', { settings: { interleave: settings } })).toThrow(message);
  });
});

describe('rule options', () => {
  // ESLint names unknown properties; for a value of the wrong type it names the rule and the value.
  it('fail schema validation naming the rule and the offending option or value', () => {
    expect(() => lint('let x = 1;', { rules: { 'interleave/no-read-await-write-race': ['error', { checkThenActs: true }] } })).toThrow(
      /no-read-await-write-race[\s\S]*checkThenActs/,
    );
    expect(() => lint('let x = 1;', { rules: { 'interleave/no-long-await-in-critical-section': ['error', { minTimerMs: 'slow' }] } })).toThrow(
      /no-long-await-in-critical-section[\s\S]*"slow" should be integer/,
    );
  });
});

describe('type information', () => {
  it('recognises a lock by its declared type when the parser has a program', () => {
    const project = mkdtempSync(path.join(tmpdir(), 'interleave-typed-'));
    mkdirSync(path.join(project, 'node_modules/async-mutex'), { recursive: true });
    writeFileSync(
      path.join(project, 'node_modules/async-mutex/package.json'),
      JSON.stringify({ name: 'async-mutex', version: '0.5.0', types: 'index.d.ts' }),
    );
    writeFileSync(
      path.join(project, 'node_modules/async-mutex/index.d.ts'),
      'export declare class Mutex { acquire(): Promise<() => void>; runExclusive<T>(cb: () => Promise<T> | T): Promise<T>; }\n',
    );
    // The lock comes from another module: nothing in this file says it is a Mutex.
    writeFileSync(path.join(project, 'locks.ts'), "import { Mutex } from 'async-mutex';\nexport const registry = { main: new Mutex() };\n");
    const code = "import { registry } from './locks';\nexport async function f() {\n  registry.main.acquire();\n}\n";
    writeFileSync(path.join(project, 'file.ts'), code);
    writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, moduleResolution: 'node', module: 'commonjs' }, include: ['*.ts'] }));
    const untyped = lint(code, {}, path.join(project, 'file.ts'), project);
    expect(untyped).toEqual([]);
    const typed = lint(
      code,
      { languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: project } } },
      path.join(project, 'file.ts'),
      project,
    );
    expect(typed.map((message) => [message.ruleId, message.line])).toEqual([['interleave/no-unawaited-acquire', 3]]);
  });
});

describe('the race rule skips the walk of a function no read can go stale in', () => {
  /** Whether the first method of a class holding `body` may hold a stale read; `local` is a method of the class, `mine` reads and writes nothing shared. */
  const mayGoStale = (body: string): boolean => {
    const sourceCode = parse(`let shared = 0;\nclass C {\n  ${body}\n  async local() { await g(); this.token = 1; }\n  mine() { return 1; }\n}`);
    const model = modelFor(sourceCode);
    return model.mayGoStale(model.functions[0]!);
  };

  it('skips writes that all come before the first interleaving point, or no point at all', () => {
    expect(mayGoStale('async f() { this.x = this.x + 1; this.items.push(1); delete this.map[k]; await g(); }')).toBe(false);
    expect(mayGoStale('async f() { this.x = this.x + 1; }')).toBe(false);
    expect(mayGoStale('async f() { this.count++; p.then(() => console.log("done")); }')).toBe(false);
  });

  it('skips a function whose shared writes overlap nothing it reads, or that writes only locals', () => {
    expect(mayGoStale('async f() { const t = this.a; await g(); this.b = t + 1; }')).toBe(false);
    expect(mayGoStale('async f() { let n = this.count; await g(); n = n + 1; list.push(n); }')).toBe(false);
    expect(mayGoStale('async f() { register(this); await g(); this.ready = true; }')).toBe(false);
    expect(mayGoStale('async f() { if (this.x) this.mine(); await g(); this.mine(); }')).toBe(false);
    // A listener is its own flow, not this one's.
    expect(mayGoStale('async f() { const t = this.x; await g(); emitter.on("e", () => { this.x = t; }); }')).toBe(false);
  });

  it('walks a write after an interleaving point, one round a loop brings back, or one inside a callback run later', () => {
    expect(mayGoStale('async f() { const t = this.x; await g(); this.x = t + 1; }')).toBe(true);
    expect(mayGoStale('async f() { this.x = await g(this.x); }')).toBe(true);
    expect(mayGoStale('async f() { for (const a of list) { this.x = a + this.x; await g(a); } }')).toBe(true);
    expect(mayGoStale('async f() { const t = this.current; await g(); for (this.current of list); }')).toBe(true);
    expect(mayGoStale('async f() { const t = this.x; await using a = open(), b = (this.x = 1); }')).toBe(true);
    expect(mayGoStale('f() { const t = this.x; p.then(() => { this.x = t + 1; }); }')).toBe(true);
    expect(mayGoStale('async f() { const t = shared; await g(); shared = t + 1; }')).toBe(true);
    expect(mayGoStale('async f() { if (!this.cache.has(k)) this.cache.set(k, await load(k)); }')).toBe(true);
  });

  it('walks a replacement by a new object before a point, and a call of an in-file function that writes after its own await', () => {
    expect(mayGoStale('async f() { if (!this.conn.open) this.conn = new Conn(); await g(); }')).toBe(true);
    expect(mayGoStale('f() { if (!this.token) this.local(); }')).toBe(true);
  });
});
