import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyEdits } from '../../eslint-plugin/src/fixes/edits';
import type { DocumentInput, Problem } from '../../extension/src/core/analyzer';
import { COMMANDS } from '../../extension/src/core/commands';
import type { EngineSettings } from '../../extension/src/core/protocol';
import type { DiagnosticRef } from '../../extension/src/core/rule-actions';
import { createEngine } from '../../extension/src/python-engine';
import type { LanguageEngine } from '../../extension/src/worker/engines';
import { lintText } from '../../python/src';
import { py } from '../python/helpers';

const FIXTURES = path.resolve(__dirname, '../../../shared/fixtures/python');
const settings: EngineSettings = { preset: 'recommended', lockLibrary: 'async-mutex', interleave: null };
let engine: LanguageEngine;
let version = 0;

beforeAll(async () => {
  engine = await createEngine();
});

function documentOf(text: string): DocumentInput {
  version += 1;
  return { uri: 'file:///work/app.py', version, text, languageId: 'python', fileName: '/work/app.py' };
}

function refOf(problem: Problem): DiagnosticRef {
  return { rule: problem.rule, message: problem.message, line: problem.line, column: problem.column, endLine: problem.endLine, endColumn: problem.endColumn };
}

const RACY = py`
  import asyncio


  class Counter:
      def __init__(self) -> None:
          self.value = 0

      async def bump(self) -> None:
          current = self.value
          await asyncio.sleep(0)
          self.value = current + 1
`;

describe('the Python engine', () => {
  it('lints a fixture: every `# expect:` line and nothing else, as the editor shows it', () => {
    for (const name of ['recommended/01-lost-update-counter.py', 'recommended/11-extra-release.py', 'recommended/19-queue-missing-task-done.py']) {
      const text = readFileSync(path.join(FIXTURES, name), 'utf8');
      const expected = text.split('\n').flatMap((line, index) => [...line.matchAll(/# expect: ([\w-]+)/g)].map((match) => `${match[1]}@${index + 1}`));
      const outcome = engine.lint(documentOf(text), settings);
      expect(outcome.stale).toBe(false);
      expect(outcome.problems.map((problem) => `${problem.rule}@${problem.line}`)).toEqual(expected);
    }
  });

  it('gives the rule, full range, message, severity and docs page of each problem', () => {
    const [problem, ...rest] = engine.lint(documentOf(RACY), settings).problems;
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({
      rule: 'no-read-await-write-race',
      severity: 'error',
      line: 11,
      column: 9,
      endLine: 11,
      endColumn: 33,
      docsUrl: 'https://github.com/interleave-dev/interleave/blob/main/rules-docs/python/no-read-await-write-race.md',
    });
    expect(problem!.message).toMatch(/^`self\.value` was read on line 9 .* the `await` on line 10/);
  });

  it('keeps the last problems, marked stale, while the file does not parse', () => {
    const good = engine.lint(documentOf(RACY), settings);
    const broken = engine.lint(documentOf(`${RACY}\n    def (:\n`), settings);
    expect(broken).toEqual({ problems: good.problems, stale: true, error: { message: expect.stringMatching(/^Parsing error/), line: 13, column: 5 } });
  });

  it('uses the preset: strict adds the check-then-act report recommended leaves out', () => {
    const text = py`
      import asyncio

      cache = {}


      async def get(key):
          if key not in cache:
              cache[key] = await asyncio.sleep(1, key)
          return cache[key]
    `;
    const where = (preset: EngineSettings['preset']): string[] =>
      engine.lint(documentOf(text), { ...settings, preset }).problems.map((problem) => `${problem.rule}@${problem.line}:${problem.column}-${problem.endLine}:${problem.endColumn}`);
    expect(where('recommended')).toEqual([]);
    expect(where('strict')).toEqual(['no-read-await-write-race@8:9-8:49']);
  });
});

describe('pyproject.toml', () => {
  it('switches rules off from the nearest `[tool.interleave]`, is read again when it changes, and names a mistake in it', () => {
    const project = mkdtempSync(path.join(tmpdir(), 'interleave-pyproject-'));
    try {
      const file = path.join(project, 'src/app/counter.py');
      const document = (text: string): DocumentInput => ({ ...documentOf(text), fileName: file });
      writeFileSync(path.join(project, 'pyproject.toml'), '[tool.interleave.rules]\nno-read-await-write-race = false\n');
      expect(engine.lint(document(RACY), settings).problems).toEqual([]);
      // Another modification time, as an editor's save gives.
      writeFileSync(path.join(project, 'pyproject.toml'), '[tool.interleave]\nlock-wrappers = ["app.make_lock"]\n');
      const later = new Date(Date.now() + 5_000);
      utimesSync(path.join(project, 'pyproject.toml'), later, later);
      expect(engine.lint(document(RACY), settings).problems.map((problem) => problem.rule)).toEqual(['no-read-await-write-race']);
      writeFileSync(path.join(project, 'pyproject.toml'), '[tool.interleave]\npreset = "loose"\n');
      const latest = new Date(Date.now() + 10_000);
      utimesSync(path.join(project, 'pyproject.toml'), latest, latest);
      expect(() => engine.lint(document(RACY), settings)).toThrow(/pyproject\.toml \[tool\.interleave\]: preset must be "recommended" or "strict", not "loose"/);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});

describe('Python code actions', () => {
  it('offers the rule’s suggestion first and preferred; applied, the race is gone', async () => {
    const document = documentOf(RACY);
    const problems = engine.lint(document, settings).problems;
    const diagnostic = refOf(problems[0]!);
    const actions = engine.codeActions({ document, settings, problems, diagnostics: [diagnostic], selection: [200, 200] });
    expect(actions.map((action) => [action.title, action.kind, action.preferred ?? false])).toEqual([
      ['Wrap lines 9–11 in `async with self._lock:`', 'quickfix', true],
      ['Disable for this line', 'quickfix', false],
      ['Show documentation', 'quickfix', false],
    ]);
    const fixed = applyEdits(RACY, actions[0]!.edits!);
    expect(fixed).toBe(py`
      import asyncio


      class Counter:
          def __init__(self) -> None:
              self.value = 0
              self._lock = asyncio.Lock()

          async def bump(self) -> None:
              async with self._lock:
                  current = self.value
                  await asyncio.sleep(0)
                  self.value = current + 1
    `);
    expect(await lintText(fixed)).toEqual([]);
    expect(actions[2]!.command).toEqual({ id: COMMANDS.showDocumentation, title: 'Show documentation', args: ['python/no-read-await-write-race'] });
  });

  it('disables a line with `# noqa: <rule>`, added to a `# noqa:` already there', async () => {
    const document = documentOf(RACY);
    const problems = engine.lint(document, settings).problems;
    const disable = engine.codeActions({ document, settings, problems, diagnostics: [refOf(problems[0]!)], selection: [0, 0] }).find((action) => action.title === 'Disable for this line')!;
    const silenced = applyEdits(RACY, disable.edits!);
    expect(silenced.split('\n')[10]).toBe('        self.value = current + 1  # noqa: no-read-await-write-race');
    expect(await lintText(silenced)).toEqual([]);
    const other = RACY.replace('current + 1', 'current + 1  # noqa: no-busy-wait');
    const added = engine.codeActions({ document: documentOf(other), settings, problems: engine.lint(documentOf(other), settings).problems, diagnostics: [{ ...refOf(problems[0]!) }], selection: [0, 0] });
    expect(applyEdits(other, added.find((action) => action.title === 'Disable for this line')!.edits!).split('\n')[10]).toBe(
      '        self.value = current + 1  # noqa: no-busy-wait, no-read-await-write-race',
    );
  });

  it.each([
    ['recommended/08-release-not-in-finally.py', 'require-release-in-finally', /^Use `async with [\w.]+:`$/],
    ['recommended/18-condition-wait.py', 'require-condition-wait-in-loop', /^Use `wait_for\(predicate\)`$/],
    ['recommended/19-queue-missing-task-done.py', 'require-task-done', /^Call `\w+\.task_done\(\)` in `finally`$/],
  ])('%s: the preferred quick fix for %s removes the report and leaves valid Python', async (name, rule, title) => {
    const text = readFileSync(path.join(FIXTURES, name), 'utf8');
    const document = documentOf(text);
    const problems = engine.lint(document, settings).problems;
    const problem = problems.find((candidate) => candidate.rule === rule && candidate.suggestions.length > 0)!;
    const actions = engine.codeActions({ document, settings, problems, diagnostics: [refOf(problem)], selection: [0, 0] });
    const preferred = actions.filter((action) => action.preferred);
    expect(preferred.map((action) => action.title)).toEqual([expect.stringMatching(title)]);
    const after = await lintText(applyEdits(text, preferred[0]!.edits!));
    expect(after.filter((report) => report.fatal || (report.ruleId === rule && report.line === problem.line))).toEqual([]);
  });

  it('makes a pool released where it was not acquired a `BoundedSemaphore`', () => {
    const text = py`
      import asyncio

      pool = asyncio.Semaphore(3)


      async def checkout():
          await pool.acquire()


      def checkin():
          pool.release()
    `;
    const document = documentOf(text);
    const problems = engine.lint(document, settings).problems;
    expect(problems.map((problem) => `${problem.rule}@${problem.line}`)).toEqual(['no-extra-release@11']);
    const [fix] = engine.codeActions({ document, settings, problems, diagnostics: [refOf(problems[0]!)], selection: [0, 0] });
    expect(fix).toMatchObject({ title: 'Use `BoundedSemaphore`', preferred: true });
    expect(applyEdits(text, fix!.edits!)).toBe(text.replace('asyncio.Semaphore(3)', 'asyncio.BoundedSemaphore(3)'));
  });

  it('turns `await cond.wait()` outside a loop into `wait_for(predicate)`', () => {
    const text = readFileSync(path.join(FIXTURES, 'recommended/18-condition-wait.py'), 'utf8');
    const document = documentOf(text);
    const problems = engine.lint(document, settings).problems;
    const problem = problems.find((candidate) => candidate.rule === 'require-condition-wait-in-loop')!;
    const [fix] = engine.codeActions({ document, settings, problems, diagnostics: [refOf(problem)], selection: [0, 0] });
    expect(fix!.preferred).toBe(true);
    expect(applyEdits(text, fix!.edits!)).toContain('.wait_for(');
  });
});

describe('Python hovers', () => {
  it('shows the asyncio note first, then the shared card', () => {
    const text = py`
      import asyncio

      lock = asyncio.Lock()
    `;
    const offset = text.indexOf('Lock(') + 1;
    const hover = engine.hover(documentOf(text), offset, settings)!;
    expect(hover.range).toEqual([text.indexOf('Lock('), text.indexOf('Lock(') + 4]);
    const [note, card] = hover.markdown.split('\n\n---\n\n');
    expect(note).toMatch(/^\*\*`asyncio\.Lock`\*\* — exclusive and not reentrant/);
    expect(card).toMatch(/^#### Lock\n\n\*asyncio `Lock` · one task at a time\*/);
    expect(card).toContain(`command:${COMMANDS.choosePrimitive}`);
  });

  it('names the method under the cursor and shows nothing on other words', () => {
    const text = py`
      import asyncio

      slots = asyncio.Semaphore(3)


      def done():
          slots.release()
    `;
    const hover = engine.hover(documentOf(text), text.indexOf('release') + 2, settings)!;
    expect(hover.markdown).toMatch(/^\*\*`Semaphore\.release\(\)`\*\* adds a permit whether or not one was taken/);
    expect(hover.markdown).toMatch(/\n---\n\n#### BoundedSemaphore\n/);
    expect(engine.hover(documentOf(text), text.indexOf('done') + 1, settings)).toBeNull();
  });
});

describe('Choose a primitive in a Python file', () => {
  it('inserts asyncio code: the lock at module level, `async with` at the cursor', () => {
    const text = py`
      import asyncio


      async def handle(job):
          
    `;
    const offset = text.length - 1;
    const insertion = engine.insertPrimitive(documentOf(text), 'lock', offset, settings)!;
    const edited = applyEdits(text, insertion.edits);
    expect(edited).toBe(py`
      import asyncio

      lock = asyncio.Lock()


      async def handle(job):
          
    `);
    expect(insertion.snippet).toBe('async with lock:\n    $0');
    expect(edited.slice(0, insertion.snippetOffset)).toBe(edited.slice(0, edited.length - 1));
  });

  it('offers the same code as `interleave…` completions at the typed word', () => {
    const text = py`
      import asyncio


      async def handle(job):
          interl
    `;
    const start = text.indexOf('interl');
    const completions = engine.completions(documentOf(text), [start, start + 'interl'.length], settings);
    const lock = completions.find((completion) => completion.id === 'lock')!;
    expect(lock).toEqual({
      id: 'lock',
      label: 'interleave: lock, one lock for the state',
      filterText: 'interleavelock',
      detail: 'Inserts asyncio code (the standard library only)',
      snippet: 'async with lock:\n        $0',
      edits: [{ range: [15, 15], text: '\nlock = asyncio.Lock()\n' }],
    });
    expect(completions.map((completion) => completion.id)).toEqual(['lock', 'lock-per-key', 'semaphore', 'bounded-semaphore', 'event-once', 'event', 'shutdown', 'queue', 'condition']);
    expect(engine.completions(documentOf(text), [start, start + 2], settings)).toEqual([]);
  });
});
