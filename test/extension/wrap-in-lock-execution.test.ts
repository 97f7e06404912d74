// The proof that "Wrap in lock" fixes races: each racy program runs under node and loses
// updates; the extension's own code path (its code actions for the selected statements)
// wraps them; the fixed program type-checks and runs to the right result.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { codeActions, TITLES } from '../../extension/src/core/code-actions';
import { analyzer, apply, documentOf, marked, packageDirectory, parses, typeErrors } from './helpers';

const TASKS = 50;

/** Each program prints what it computed; «…» marks the statements the user selects. */
const PROGRAMS: Record<string, { source: string; expected: number }> = {
  'the counter': {
    expected: TASKS,
    source: `const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

let counter = 0;

async function increment(): Promise<void> {
  «const temp = counter;
  await tick();
  counter = temp + 1;»
}

async function main(): Promise<void> {
  await Promise.all(Array.from({ length: ${TASKS} }, () => increment()));
  console.log(counter);
}

void main();
`,
  },
  'a class field': {
    expected: 1000 - TASKS * 10,
    source: `const persist = (_balance: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

class Account {
  private balance = 1000;

  async withdraw(amount: number): Promise<void> {
    «const current = this.balance;
    await persist(current - amount);
    this.balance = current - amount;»
  }

  get total(): number {
    return this.balance;
  }
}

async function main(): Promise<void> {
  const account = new Account();
  await Promise.all(Array.from({ length: ${TASKS} }, () => account.withdraw(10)));
  console.log(account.total);
}

void main();
`,
  },
  'a closure shared by Promise.all callbacks': {
    expected: TASKS,
    source: `const download = (_url: string): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

async function downloadAll(urls: readonly string[]): Promise<number> {
  let done = 0;
  await Promise.all(
    urls.map(async (url) => {
      «const before = done;
      await download(url);
      done = before + 1;»
    }),
  );
  return done;
}

async function main(): Promise<void> {
  console.log(await downloadAll(Array.from({ length: ${TASKS} }, (_, index) => \`https://example.com/\${index}\`)));
}

void main();
`,
  },
  'x += await f()': {
    expected: TASKS * 2,
    source: `const fetchDelta = (): Promise<number> => new Promise((resolve) => setTimeout(() => resolve(2), 1));

let total = 0;

async function addDelta(): Promise<void> {
  «total += await fetchDelta();»
}

async function main(): Promise<void> {
  await Promise.all(Array.from({ length: ${TASKS} }, () => addDelta()));
  console.log(total);
}

void main();
`,
  },
};

const workDirectory = mkdtempSync(path.join(tmpdir(), 'interleave-wrap-'));
mkdirSync(path.join(workDirectory, 'node_modules'));
symlinkSync(packageDirectory('async-mutex'), path.join(workDirectory, 'node_modules', 'async-mutex'), 'dir');
afterAll(() => rmSync(workDirectory, { recursive: true, force: true }));

/** Compiles the TypeScript program to CommonJS and runs it with node; returns what it printed. */
function run(name: string, source: string): number {
  const output = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
  const file = path.join(workDirectory, `${name.replace(/\W+/g, '-')}.cjs`);
  writeFileSync(file, output);
  return Number(execFileSync(process.execPath, [file], { cwd: workDirectory, encoding: 'utf8' }).trim());
}

/** The "Wrap in lock" edits the extension offers for the selection, applied. */
function wrapWithTheExtension(source: string): string {
  const { text, selection } = marked(source);
  const analysis = analyzer.analyze(documentOf(text), { preset: 'recommended', rules: true });
  if (!analysis.ok) throw new Error(analysis.error.message);
  const actions = codeActions({ text, sourceCode: analysis.sourceCode, problems: analysis.problems!, diagnostics: [], selection, lockLibrary: 'async-mutex' });
  const wrap = actions.find((action) => action.title === TITLES.wrapInLock);
  if (!wrap?.edits) throw new Error(`"Wrap in lock" is not offered: ${wrap?.disabled ?? 'no action'}`);
  return apply(text, wrap.edits);
}

describe.each(Object.entries(PROGRAMS))('%s', (name, { source, expected }) => {
  const racy = marked(source).text;

  it('loses updates as written, and the linter says so', () => {
    expect(typeErrors({ 'racy.ts': racy })).toEqual([]);
    const analysis = analyzer.analyze(documentOf(racy), { preset: 'recommended', rules: true });
    expect(analysis.ok && analysis.problems!.map((problem) => problem.rule)).toContain('no-read-await-write-race');
    const result = run(`${name}-racy`, racy);
    console.log(`${name}: racy run printed ${result}, expected ${expected}`);
    expect(result).not.toBe(expected);
  });

  it('gives the right result once wrapped in a lock, with no race left to report', () => {
    const fixed = wrapWithTheExtension(source);
    expect(parses(fixed)).toBe(true);
    expect(fixed).toContain("import { Mutex } from 'async-mutex';");
    expect(typeErrors({ 'fixed.ts': fixed })).toEqual([]);
    const analysis = analyzer.analyze(documentOf(fixed), { preset: 'recommended', rules: true });
    // (For `x += await f()` the long-await rule then rightly suggests awaiting `f()` before the lock.)
    const races = analysis.ok && analysis.problems!.filter((problem) => problem.rule === 'no-read-await-write-race');
    expect(races).toEqual([]);
    const result = run(`${name}-fixed`, fixed);
    console.log(`${name}: fixed run printed ${result}`);
    expect(result).toBe(expected);
  });
});
