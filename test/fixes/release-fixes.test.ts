// The acquire/release edit builders as the editor extension calls them: plans, and the reasons
// they give when an edit would change what the code does.
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../eslint-plugin/src/fixes/edits';
import { planReleaseInFinally } from '../../eslint-plugin/src/fixes/release-in-finally';
import { planToRunExclusive } from '../../eslint-plugin/src/fixes/to-run-exclusive';
import { modelFor } from '../../eslint-plugin/src/analysis/model';
import { timerOf } from '../../eslint-plugin/src/analysis/timers';
import { parse, type Code } from './parse';

/** The n-th call (in source order) whose callee text is `callee`. */
function call(sourceCode: Code, callee: string, index = 0): TSESTree.CallExpression {
  const found = modelFor(sourceCode).calls.filter((candidate) => sourceCode.getText(candidate.callee) === callee);
  return found[index]!;
}

const HEAD = "import { Mutex, Semaphore } from 'async-mutex';\nimport AwaitLock from 'await-lock';\nconst m = new Mutex();\nconst s = new Semaphore(3);\nconst plain = new AwaitLock();\ndeclare function work(): Promise<number>;\n";

describe('planToRunExclusive', () => {
  it('turns acquire … release into runExclusive, keeping the unscoped release form too', () => {
    const code = `${HEAD}async function f() {\n  await m.acquire();\n  const n = await work();\n  console.log(n);\n  m.release(); // done\n}`;
    const sourceCode = parse(code);
    const plan = planToRunExclusive({ sourceCode, acquire: call(sourceCode, 'm.acquire'), release: call(sourceCode, 'm.release') });
    expect(plan.ok && applyEdits(code, plan.edits)).toBe(
      `${HEAD}async function f() {\n  await m.runExclusive(async () => {\n    const n = await work();\n    console.log(n);\n  }); // done\n}`,
    );
  });

  it.each([
    ['a return in between', 'const release = await m.acquire();\n  if (await work()) return;\n  release();', 'Cannot move the code into a callback: the `return` on line 9 would only leave the callback.'],
    ['a name used after the release', 'const release = await m.acquire();\n  const n = await work();\n  release();\n  console.log(n);', '`n` would be scoped to the callback but is used after the release.'],
    ['the releaser used elsewhere', 'const release = await m.acquire();\n  await work();\n  release();\n  release();', 'The releaser is also used on line 10.'],
    ['a release in between', 'await m.acquire();\n  if (await work()) m.release();\n  m.release();', 'The lock is also released on line 9.'],
    ['a release in another block', 'const release = await m.acquire();\n  if (await work()) {\n    release();\n  }', 'The release must be a statement of its own, later in the same block as the acquire.'],
    ['nothing in between', 'const release = await m.acquire();\n  release();', 'Nothing runs between the acquire and the release.'],
    ['a value used after the release', 'const [value, release] = await s.acquire();\n  await work();\n  release();\n  console.log(value);', '`value` is used after the release.'],
  ])('refuses %s', (_, body, reason) => {
    const code = `${HEAD}async function f() {\n  ${body}\n}`;
    const sourceCode = parse(code);
    const acquire = modelFor(sourceCode).calls.find((candidate) => /\.acquire$/.test(sourceCode.getText(candidate.callee)))!;
    const releases = modelFor(sourceCode).calls.filter((candidate) => /release/.test(sourceCode.getText(candidate.callee)));
    expect(planToRunExclusive({ sourceCode, acquire, release: releases.at(-1)! })).toEqual({ ok: false, reason });
  });

  it('refuses a lock without runExclusive', () => {
    const code = `${HEAD}async function f() {\n  await plain.acquireAsync();\n  await work();\n  plain.release();\n}`;
    const sourceCode = parse(code);
    expect(planToRunExclusive({ sourceCode, acquire: call(sourceCode, 'plain.acquireAsync'), release: call(sourceCode, 'plain.release') })).toEqual({
      ok: false,
      reason: 'await-lock `AwaitLock` has no `runExclusive`.',
    });
  });
});

describe('planReleaseInFinally', () => {
  it('wraps the code between in try and moves the release into finally', () => {
    const code = `${HEAD}async function f() {\n  await plain.acquireAsync(); // mine\n\n  await work();\n  plain.release();\n}`;
    const sourceCode = parse(code);
    const plan = planReleaseInFinally({ sourceCode, acquire: call(sourceCode, 'plain.acquireAsync'), release: call(sourceCode, 'plain.release') });
    expect(plan.ok && applyEdits(code, plan.edits)).toBe(
      `${HEAD}async function f() {\n  await plain.acquireAsync(); // mine\n  try {\n\n    await work();\n  } finally {\n    plain.release();\n  }\n}`,
    );
  });

  it('refuses when the wrapped code releases too, or declares what comes after', () => {
    const twice = parse(`${HEAD}async function f() {\n  await plain.acquireAsync();\n  if (await work()) plain.release();\n  plain.release();\n}`);
    expect(planReleaseInFinally({ sourceCode: twice, acquire: call(twice, 'plain.acquireAsync'), release: call(twice, 'plain.release', 1) })).toEqual({
      ok: false,
      reason: 'The lock is also released on line 9.',
    });
    const declared = parse(`${HEAD}async function f() {\n  await plain.acquireAsync();\n  const n = await work();\n  plain.release();\n  return n;\n}`);
    expect(planReleaseInFinally({ sourceCode: declared, acquire: call(declared, 'plain.acquireAsync'), release: call(declared, 'plain.release') })).toEqual({
      ok: false,
      reason: '`n` would be scoped to the `try` block but is used after the release.',
    });
  });
});

describe('timerOf', () => {
  const code = [
    "import { setTimeout as pause, scheduler } from 'node:timers/promises';",
    "import * as timers from 'timers/promises';",
    'declare function sleep(ms: number): Promise<void>;',
    'declare const lock: { wait(): Promise<void> };',
    'const TICK = 5 * 60;',
    'function nap(ms: number) { return new Promise((resolve) => setTimeout(resolve, ms)); }',
    'async function f(ms: number) {',
    '  await sleep(150);',
    '  await pause(TICK);',
    '  await timers.setTimeout(20);',
    '  await scheduler.wait(7);',
    '  await new Promise((r) => setTimeout(() => r(undefined), 0));',
    '  await new Promise((r) => { globalThis.setTimeout(r); });',
    '  await nap(400);',
    '  await sleep(ms);',
    '  await lock.wait();',
    '  await new Promise((r) => setTimeout(() => console.log(r), 10));',
    '  await Promise.race([sleep(1), work()]);',
    '}',
    'declare function work(): Promise<void>;',
  ].join('\n');

  it('finds timer promises and the delays the source states', () => {
    const sourceCode = parse(code);
    const model = modelFor(sourceCode);
    const fn = model.functions.find((candidate) => candidate.type === 'FunctionDeclaration' && candidate.id?.name === 'f')!;
    const awaited = (fn.body as TSESTree.BlockStatement).body.map((statement) => ((statement as TSESTree.ExpressionStatement).expression as TSESTree.AwaitExpression).argument);
    expect(awaited.map((node) => timerOf(node, model)?.delay)).toEqual([150, 300, 20, 7, 0, 0, 400, null, undefined, undefined, undefined]);
  });
});
