import { expect, it, vi } from 'vitest';
import plugin from '../../eslint-plugin/src/index';
import { Analyzer, lintFileName } from '../../extension/src/core/analyzer';
import { DocumentStore } from '../../extension/src/core/document-store';
import { describeWithFixtures, fixtureText } from '../shared-fixtures';
import { documentOf } from './helpers';

const counter = fixtureText('recommended/01-lost-update-counter.ts');
const longAwait = fixtureText('recommended/05-long-await-in-critical-section.ts');

describeWithFixtures('Analyzer', () => {
  const analyzer = new Analyzer();

  it('reports the preset rules with positions, docs links and suggestions', () => {
    const analysis = analyzer.analyze(documentOf(longAwait), { preset: 'recommended', rules: true });
    expect(analysis.ok).toBe(true);
    if (!analysis.ok) return;
    const problems = analysis.problems!;
    expect(problems.map((problem) => `${problem.line}:${problem.rule}`)).toEqual([
      '12:no-long-await-in-critical-section',
      '20:no-long-await-in-critical-section',
    ]);
    const first = problems[0]!;
    expect(first).toMatchObject({ severity: 'error', line: 12, column: 18, endLine: 12 });
    expect(first.docsUrl).toMatch(/\/rules-docs\/no-long-await-in-critical-section\.md$/);
    expect(first.suggestions.length).toBeGreaterThan(0);
    for (const suggestion of first.suggestions) {
      expect(suggestion.title.length).toBeGreaterThan(0);
      expect(suggestion.edits[0]!.range[0]).toBeLessThanOrEqual(suggestion.edits[0]!.range[1]);
    }
  });

  it('leaves test code of the workspace out, as the presets do', () => {
    const linted = (projectPath: string | undefined) => {
      const analysis = analyzer.analyze({ ...documentOf(counter), projectPath }, { preset: 'recommended', rules: true });
      return analysis.ok ? analysis.problems!.map((problem) => problem.rule) : ['did not parse'];
    };
    expect(linted('src/__tests__/counter.ts')).toEqual([]);
    expect(linted('src/counter.test.ts')).toEqual([]);
    expect(linted('src/counter.ts')).toEqual(['no-read-await-write-race']);
    // Outside any workspace folder nothing is known about the project: the file is linted.
    expect(linted(undefined)).toEqual(['no-read-await-write-race']);
  });

  it('lints JavaScript and JSX as well as TypeScript and TSX', () => {
    const js = counter.replace('declare function tick(): Promise<void>;', 'const tick = () => Promise.resolve();').replace(/: Promise<\w+>/g, '');
    const jsx = `${js}\nexport const view = <div>{counter}</div>;`;
    const tsx = `${counter}\nexport const view = <div>{counter}</div>;`;
    for (const [text, languageId, fileName] of [
      [js, 'javascript', 'counter.js'],
      [jsx, 'javascriptreact', 'counter.jsx'],
      [tsx, 'typescriptreact', 'counter.tsx'],
    ] as const) {
      const analysis = analyzer.analyze(documentOf(text, languageId, fileName), { preset: 'recommended', rules: true });
      expect(analysis.ok ? analysis.problems!.map((problem) => problem.rule) : analysis.error.message).toEqual(['no-read-await-write-race']);
    }
  });

  it('keeps generic arrows in .ts files apart from JSX', () => {
    const analysis = analyzer.analyze(documentOf('const id = <T,>(value: T): T => value;\nconst n = <number>id(1);'), { preset: 'recommended', rules: true });
    expect(analysis.ok).toBe(true);
  });

  it('reports a syntax error instead of throwing', () => {
    const analysis = analyzer.analyze(documentOf('async function f() {\n  const x = ;\n}'), { preset: 'recommended', rules: true });
    expect(analysis).toMatchObject({ ok: false, error: { line: 2 } });
  });

  it('runs no rules when only parsing is asked for', () => {
    const analysis = analyzer.analyze(documentOf(counter), { preset: 'recommended', rules: false });
    expect(analysis.ok && analysis.problems).toBeNull();
  });

  it('applies the strict preset only when asked', () => {
    // An idempotent lazy fill: a check-then-act only strict reports (a lazy connection is harmful, so recommended reports it too).
    const lazyInit = [
      'declare function loadConfig(): Promise<object>;',
      'export class Settings {',
      '  private config?: object;',
      '  async get(): Promise<object> {',
      '    if (!this.config) this.config = await loadConfig();',
      '    return this.config;',
      '  }',
      '}',
    ].join('\n');
    const rules = (preset: 'recommended' | 'strict'): string[] => {
      const analysis = analyzer.analyze(documentOf(lazyInit), { preset, rules: true });
      return analysis.ok ? analysis.problems!.map((problem) => problem.rule) : [];
    };
    expect(rules('strict').length).toBeGreaterThan(rules('recommended').length);
  });

  it('honours the users\' eslint-disable comments for our rules', () => {
    const disabled = counter.replace('    counter = temp + 1;', '    // eslint-disable-next-line interleave/no-read-await-write-race\n    counter = temp + 1;');
    const analysis = analyzer.analyze(documentOf(disabled), { preset: 'recommended', rules: true });
    expect(analysis.ok && analysis.problems).toEqual([]);
  });

  it('keeps the line numbers a message names apart from its text, and a suggestion\'s fixes apart', () => {
    const analysis = analyzer.analyze(documentOf(longAwait), { preset: 'recommended', rules: true });
    if (!analysis.ok) throw new Error(analysis.error.message);
    const first = analysis.tracked![0]!;
    expect(first.message.filter((part) => typeof part !== 'string')).toEqual([{ line: 11 }, { line: 13 }]);
    expect(first.message.map((part) => (typeof part === 'string' ? part : String(part.line))).join('')).toBe(analysis.problems![0]!.message);
    // "Move this await before the lock": an insertion and a removal, which ESLint merges into one edit.
    expect(first.suggestions[0]!.fixes).toHaveLength(2);
  });

  it('does not take a number written in the code for a line number', () => {
    // The sleep on line 5 waits 5 ms: only the line is a line number.
    const text = [
      'declare function sleep(ms: number): Promise<void>;',
      'let ready = false;',
      'export async function wait(): Promise<void> {',
      '  while (!ready) {',
      '    await sleep(5);',
      '  }',
      '}',
    ].join('\n');
    const analysis = analyzer.analyze(documentOf(text), { preset: 'recommended', rules: true });
    if (!analysis.ok) throw new Error(analysis.error.message);
    const message = analysis.tracked![0]!.message;
    expect(message.filter((part) => typeof part !== 'string')).toEqual([{ line: 5 }]);
    expect(analysis.problems![0]!.message).toContain('`sleep(5)` on line 5');
  });

  it('shows an internal error that escapes the rules as a problem at the top, never as a parse error, keeping the parse for hovers and code actions', () => {
    // The tests let internal errors escape createRule's net (INTERLEAVE_RETHROW=1): this is the editor's last line.
    const spy = vi.spyOn(plugin.rules['no-long-await-in-critical-section'], 'create').mockImplementation(() => ({
      Program() {
        throw new RangeError('Maximum call stack size exceeded');
      },
    }));
    try {
      const store = new DocumentStore(new Analyzer());
      const document = { ...documentOf(longAwait), uri: 'crash', version: 1 };
      const outcome = store.lint(document, 'recommended');
      expect(outcome).toEqual({
        stale: false,
        error: null,
        problems: [
          {
            rule: 'no-long-await-in-critical-section',
            message: 'Interleave could not analyse this file: Maximum call stack size exceeded. Please report it with the file.',
            severity: 'error',
            line: 1,
            column: 1,
            endLine: 1,
            endColumn: 1,
            docsUrl: plugin.rules['no-long-await-in-critical-section'].meta.docs!.url,
            suggestions: [],
          },
        ],
      });
      expect(store.parsed(document)?.sourceCode.ast.body.length).toBeGreaterThan(0);
    } finally {
      spy.mockRestore();
    }
  });

  it('names the file for the linter by its extension, else by its language', () => {
    expect(lintFileName({ fileName: '/a/b/view.tsx', languageId: 'typescriptreact' })).toBe('document.tsx');
    expect(lintFileName({ fileName: '/a/b/tool.mjs', languageId: 'javascript' })).toBe('document.mjs');
    expect(lintFileName({ fileName: 'Untitled-1', languageId: 'javascriptreact' })).toBe('document.jsx');
    expect(lintFileName({ fileName: 'Untitled-2', languageId: 'typescript' })).toBe('document.ts');
  });
});

describeWithFixtures('DocumentStore', () => {
  it('keeps the last good problems while the text does not parse, and replaces them once it does', () => {
    const store = new DocumentStore(new Analyzer());
    const good = store.lint({ ...documentOf(counter), uri: 'doc', version: 1 }, 'recommended');
    expect(good).toMatchObject({ stale: false, error: null });
    expect(good.problems.map((problem) => problem.line)).toEqual([11]);

    const broken = counter.replace('counter = temp + 1;', 'counter = temp +');
    const kept = store.lint({ ...documentOf(broken), uri: 'doc', version: 2 }, 'recommended');
    expect(kept.stale).toBe(true);
    expect(kept.error?.line).toBeGreaterThan(0);
    expect(kept.problems).toEqual(good.problems);
    // Suggestions of the last good version must not be applied to the broken one.
    expect(store.currentProblems({ uri: 'doc', version: 2 })).toEqual([]);
    expect(store.parsed({ ...documentOf(broken), uri: 'doc', version: 2 })).toBeNull();

    const fixed = counter.replace('counter = temp + 1;', 'console.log(temp);');
    const clean = store.lint({ ...documentOf(fixed), uri: 'doc', version: 3 }, 'recommended');
    expect(clean).toEqual({ problems: [], stale: false, error: null });
  });

  it('reuses an analysis while the version and preset do not change', () => {
    let runs = 0;
    const analyzer = new Analyzer();
    const counting = Object.assign(Object.create(analyzer) as Analyzer, {
      analyze: (...args: Parameters<Analyzer['analyze']>) => {
        runs += 1;
        return analyzer.analyze(...args);
      },
    });
    const store = new DocumentStore(counting);
    const document = { ...documentOf(counter), uri: 'doc', version: 7 };
    store.lint(document, 'recommended');
    store.lint(document, 'recommended');
    expect(store.parsed(document)?.version).toBe(7);
    expect(store.currentProblems(document).length).toBe(1);
    expect(runs).toBe(1);
    store.lint(document, 'strict');
    expect(runs).toBe(2);
    store.forget('doc');
    store.parsed(document);
    expect(runs).toBe(3);
  });
});
