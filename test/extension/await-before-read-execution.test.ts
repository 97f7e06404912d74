// The proof that moving a slow call before the read fixes a race with no lock: the racy program
// (each task reads the total, fetches a price from a local HTTP server, writes the sum) runs
// under node and loses updates; the editor's preferred quick fix on the race diagnostic moves
// the fetch above the read; the fixed program type-checks, has nothing left to report (no race,
// and no lock held across the call), and runs to the right result.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeActions, TITLES } from '../../extension/src/core/code-actions';
import { analyzer, apply, documentOf, parses, typeErrors } from './helpers';

const TASKS = 50;
const PRICE = 2;

const RACY = `let total = 0;

async function addPrice(url: string): Promise<void> {
  const current = total;
  const response = await fetch(url);
  const price = Number(await response.text());
  total = current + price;
}

async function main(): Promise<void> {
  const url = process.argv[2]!;
  await Promise.all(Array.from({ length: ${TASKS} }, () => addPrice(url)));
  console.log(total);
}

void main();
`;

const FIXED = `let total = 0;

async function addPrice(url: string): Promise<void> {
  const response = await fetch(url);
  const price = Number(await response.text());
  const current = total;
  total = current + price;
}

async function main(): Promise<void> {
  const url = process.argv[2]!;
  await Promise.all(Array.from({ length: ${TASKS} }, () => addPrice(url)));
  console.log(total);
}

void main();
`;

const workDirectory = mkdtempSync(path.join(tmpdir(), 'interleave-await-before-read-'));
let server: Server;
let url = '';

beforeAll(async () => {
  // The price service answers after a few milliseconds, like any network call.
  server = createServer((_request, response) => {
    setTimeout(() => response.end(String(PRICE)), 5);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/price`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(workDirectory, { recursive: true, force: true });
});

/** Compiles the program to CommonJS and runs it with node against the local server (asynchronously: the server lives in this process). */
async function run(name: string, source: string): Promise<number> {
  const output = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const file = path.join(workDirectory, `${name}.cjs`);
  writeFileSync(file, output);
  const { stdout } = await promisify(execFile)(process.execPath, [file, url], { cwd: workDirectory, encoding: 'utf8' });
  return Number(stdout.trim());
}

describe('a lost update around a fetch', () => {
  it('loses updates as written, and the linter says so', async () => {
    expect(typeErrors({ 'racy.ts': RACY })).toEqual([]);
    const analysis = analyzer.analyze(documentOf(RACY), { preset: 'recommended', rules: true });
    expect(analysis.ok && analysis.problems!.map((problem) => `${problem.line}:${problem.rule}`)).toEqual(['7:no-read-await-write-race']);
    const result = await run('racy', RACY);
    console.log(`racy run printed ${result}, expected ${TASKS * PRICE}`);
    expect(result).not.toBe(TASKS * PRICE);
  });

  it('gives the right result with no lock once the preferred quick fix moves the fetch before the read', async () => {
    const analysis = analyzer.analyze(documentOf(RACY), { preset: 'recommended', rules: true });
    if (!analysis.ok) throw new Error(analysis.error.message);
    const race = analysis.problems![0]!;
    const { rule, message, line, column, endLine, endColumn } = race;
    const offset = RACY.split('\n').slice(0, line - 1).join('\n').length + column;
    const actions = codeActions({
      text: RACY,
      sourceCode: analysis.sourceCode,
      problems: analysis.problems!,
      diagnostics: [{ rule, message, line, column, endLine, endColumn }],
      selection: [offset, offset],
      lockLibrary: 'async-mutex',
    });
    const preferred = actions.filter((action) => action.preferred);
    expect(preferred).toHaveLength(1);
    expect(actions[0]).toBe(preferred[0]);
    expect(preferred[0]!.title).toBe(TITLES.hoistAwait);
    const fixed = apply(RACY, preferred[0]!.edits!);
    expect(fixed).toBe(FIXED);
    expect(parses(fixed)).toBe(true);
    expect(typeErrors({ 'fixed.ts': fixed })).toEqual([]);
    const relinted = analyzer.analyze(documentOf(fixed), { preset: 'recommended', rules: true });
    expect(relinted.ok && relinted.problems).toEqual([]);
    const result = await run('fixed', fixed);
    console.log(`fixed run printed ${result}`);
    expect(result).toBe(TASKS * PRICE);
  });
});
