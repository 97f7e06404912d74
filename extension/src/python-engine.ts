// The Python asyncio checker the worker loads (bundled apart, loaded on the first Python file:
// it carries web-tree-sitter, whose runtime and the grammar are .wasm files shipped beside it).
import { statSync } from 'node:fs';
import path from 'node:path';
import { findPyproject, readPyproject } from '../../python/src/config';
import { loadPythonChecker } from '../../python/src/editor';
import type { LintSettings, Problem as PythonProblem } from '../../python/src/lint';
import type { TextEdit as PythonEdit } from '../../python/src/rules/rule';
import type { TextEdit } from '../../eslint-plugin/src/fixes/edits';
import { RULE_IDS } from '../../python/src/rules';
import type { DocumentInput, Problem } from './core/analyzer';
import { CARD_SOURCES, CardBook, renderHover } from './core/cards';
import { noqaLineEdit } from './core/noqa';
import { CHOOSER, CHOOSER_QUESTION, editorSnippetBody, isInterleavePrefix, primitiveCompletions, shiftOffset } from './core/chooser';
import type { EngineSettings } from './core/protocol';
import { planPythonInsertion } from './core/python-primitives';
import { housekeepingActions, preferFirstFixes, suggestionFixes, type RuleComments } from './core/rule-actions';
import type { LanguageEngine } from './worker/engines';

const NOQA_COMMENTS: RuleComments = { disableLine: noqaLineEdit, docPage: (rule) => `python/${rule}` };

/** `wasmDirectory`: where the build put `tree-sitter.wasm` and `tree-sitter-python.wasm`. */
export async function createEngine(wasmDirectory?: string): Promise<LanguageEngine> {
  const checker = await loadPythonChecker(wasmDirectory);
  const book = new CardBook(CARD_SOURCES);
  const projects = new ProjectSettings();
  const lintSettings = (document: DocumentInput, settings: EngineSettings): LintSettings => ({ ...projects.of(document.fileName), preset: settings.preset });
  /** Each document's last lint that parsed: shown again while a later version does not parse. */
  const last = new Map<string, { version: number; settings: string; problems: Problem[] }>();

  return {
    lint(document, settings) {
      const previous = last.get(document.uri);
      const used = lintSettings(document, settings);
      const key = JSON.stringify(used);
      if (previous?.version === document.version && previous.settings === key) return { problems: previous.problems, stale: false, error: null };
      const found = checker.check(document.text, used);
      const fatal = found.find((problem) => problem.fatal);
      if (fatal) return { problems: previous?.problems ?? [], stale: true, error: { message: fatal.message, line: fatal.line, column: fatal.column } };
      const problems = found.map(toProblem);
      last.set(document.uri, { version: document.version, settings: key, problems });
      return { problems, stale: false, error: null };
    },
    // Parsing takes a few milliseconds: hovers parse the version they are asked about.
    prepare: () => undefined,
    forget: (uri) => void last.delete(uri),
    hover(document, offset, settings) {
      const target = checker.hover(document.text, offset, lintSettings(document, settings));
      return target ? { markdown: renderHover(target, book, RULE_IDS), range: target.range } : null;
    },
    // The Python rules' suggestions are the fixes (wrap in `async with`, acquire/release to
    // `async with`, BoundedSemaphore, `wait_for`, `task_done()` in `finally`).
    codeActions({ document, problems, diagnostics }) {
      const fixes = suggestionFixes(problems, diagnostics);
      preferFirstFixes(fixes);
      return [...fixes, ...housekeepingActions(document.text, diagnostics, NOQA_COMMENTS)];
    },
    completions(document, [start, end]) {
      if (!isInterleavePrefix(document.text.slice(start, end))) return [];
      const text = document.text.slice(0, start) + document.text.slice(end);
      return primitiveCompletions(start, (id) => planPythonInsertion(id, text, start), () => 'Inserts asyncio code (the standard library only)');
    },
    insertPrimitive(document: DocumentInput, id, offset) {
      const plan = planPythonInsertion(id, document.text, offset);
      return { edits: plan.edits, snippetOffset: shiftOffset(plan.snippet.offset, plan.edits), snippet: editorSnippetBody(document.text, plan.snippet) };
    },
    chooser: () => ({ question: CHOOSER_QUESTION, choices: CHOOSER }),
    // Lock declarations come from an ESLint config; Python projects declare theirs in pyproject.toml.
    lockSettings: () => ({ interleave: null, notes: [] }),
  };
}

/**
 * `[tool.interleave]` of the pyproject.toml nearest to a file: its rules switched on or off and
 * its lock wrappers, as the CLI reads them; the preset is the editor's `interleave.preset`. Read
 * again when the file changes; a mistake in it is an error the output shows.
 */
class ProjectSettings {
  private readonly read = new Map<string, { modified: number; settings: LintSettings }>();

  of(fileName: string): Omit<LintSettings, 'preset'> {
    if (!path.isAbsolute(fileName)) return {};
    const file = findPyproject(path.dirname(fileName));
    if (!file) return {};
    const modified = statSync(file).mtimeMs;
    let entry = this.read.get(file);
    if (entry?.modified !== modified) {
      entry = { modified, settings: readPyproject(file) };
      this.read.set(file, entry);
    }
    return { rules: entry.settings.rules, lockWrappers: entry.settings.lockWrappers };
  }
}

function toProblem(problem: PythonProblem): Problem {
  return {
    rule: problem.ruleId!,
    message: problem.message,
    severity: 'error',
    line: problem.line,
    column: problem.column,
    endLine: problem.endLine,
    endColumn: problem.endColumn,
    docsUrl: problem.docsUrl,
    suggestions: problem.suggestions.map((suggestion) => ({ title: suggestion.title, edits: toEdits(suggestion.edits) })),
  };
}

/**
 * The checker's edits as the editor's. Insertions at one offset (a line's new `async with` and
 * the indentation of the line after it) become one, in the checker's order: editors and
 * `applyEdits` do not agree on the order of edits that start at the same place.
 */
function toEdits(edits: readonly PythonEdit[]): TextEdit[] {
  const merged: TextEdit[] = [];
  for (const edit of edits) {
    const same = edit.start === edit.end && merged.find((earlier) => earlier.range[0] === edit.start && earlier.range[1] === edit.end);
    if (same) same.text += edit.text;
    else merged.push({ range: [edit.start, edit.end], text: edit.text });
  }
  return merged;
}
