// Incremental diagnostics. After an edit inside a function body, only what the edit can change
// is linted again, in a masked copy of the text (same length, same lines) where every other
// function body is blanked and unrelated top-level declarations shrink to their names in a `let`;
// every other problem is kept from the last lint, moved by the edit. After an edit of only
// whitespace and comments between top-level statements, the problems just move. The result must
// equal a full lint of the new text (test/extension/incremental.test.ts checks that).
//
// The file is cut into units: top-level statements, and the members of top-level classes. The
// analysis reads across units only through names (units.ts `linksOf`): a function of the module it
// calls, a module-level variable it uses, a member of its class reached through `this`, a class
// it constructs, a `globalThis` property. Units that share such a name are linked; the edited
// unit's linked component is re-linted whole, and nothing outside it can have changed. What the
// analysis reads otherwise is handled apart: comments (directives) stay in the blanked text, the
// tests rules make on the whole text (`WHOLE_TEXT_TESTS`) and the file's indentation keep the bodies
// that decide them, lock nestings (paired across the file by lock identity) and scope-wide lock
// lookups fall back to a full lint. Any doubt falls back to a full lint: that only costs time.
import type { TSESLint } from '@typescript-eslint/utils';
import ts from 'typescript';
import { WHOLE_TEXT_TESTS } from '../../../eslint-plugin/src/analysis/text-tests';
import { indentationAt, indentUnit } from '../../../eslint-plugin/src/fixes/edits';
import { LineIndex, type LineText, type TrackedProblem } from './analyzer';
import {
  LinkGraph,
  declaresFactory,
  linksOf,
  lockFlags,
  moduleNames,
  shapeOf,
  structureCheck,
  unitAt,
  unitOf,
  type Layout,
  type Range,
  type Statement,
  type StubRun,
  type Unit,
} from './units';

/** The last full result of a document: what the next edit builds on. */
export interface LintState {
  text: string;
  lines: LineIndex;
  problems: readonly TrackedProblem[];
  layout: Layout;
}

/** A lint of a masked text with the preset in force: the parsed text and its tracked problems, or null when it does not parse. */
export type Lint = (masked: string) => { sourceCode: Readonly<TSESLint.SourceCode>; tracked: readonly TrackedProblem[] | null } | null;

export type IncrementalResult =
  | { kind: 'unchanged'; state: LintState }
  /** Only whitespace and comments between top-level statements changed: the problems only move. */
  | { kind: 'moved'; state: LintState }
  | { kind: 'incremental'; state: LintState; relinted: number; kept: number; units: number }
  | { kind: 'full'; reason: string };


/** Comments that configure ESLint or declare globals: their effect reaches past their own unit. */
const DIRECTIVE = /\b(?:eslint|globals?|exported)\b/;
/** In a file this long or longer, re-linting more than `MAX_SHARE` of it is not worth the blanking. */
const LARGE_FILE = 8_000;
const MAX_SHARE = 0.6;

/** The state a full lint leaves, or null when this file cannot be linted incrementally. */
export function stateOf(text: string, sourceCode: Readonly<TSESLint.SourceCode>, problems: readonly TrackedProblem[] | null): LintState | null {
  // ESLint strips a byte order mark, so its offsets would be one off ours.
  if (!problems || text.startsWith('\uFEFF')) return null;
  const comments = sourceCode.ast.comments.map((comment) => comment.range);
  const { names, functions } = moduleNames(sourceCode);
  const shape = shapeOf(sourceCode.ast);
  const units = shape.units.map((unit) => ({ ...unit, links: linksOf(text, unit, names, functions, comments), nests: false, lockWrites: false }));
  const flags = lockFlags(sourceCode, units, () => true);
  for (const index of flags.nests) units[index]!.nests = true;
  for (const index of flags.lockWrites) units[index]!.lockWrites = true;
  if (problems.some((problem) => unitOf(units, problem) === -1)) return null;
  return { text, lines: new LineIndex(text), problems, layout: { statements: shape.statements, units, names, functions, comments } };
}

/** Lints `text` by re-linting only what an edit since `state` can change; `{ kind: 'full' }` says why it cannot. */
export function lintIncrementally(state: LintState, text: string, lint: Lint): IncrementalResult {
  const { units, statements, comments } = state.layout;
  const change = changeOf(state.text, text);
  if (!change) return { kind: 'unchanged', state };
  const { start, oldEnd, delta } = change;
  if (splitsLineBreak(state.text, text, change)) return full('the edit splits a line break');
  if (WHOLE_TEXT_TESTS.some((test) => test.test(state.text) !== test.test(text)) || indentUnit(state.text) !== indentUnit(text)) {
    return full('the edit changes a test the rules make on the whole text');
  }
  const next = statements.findIndex((statement) => statement.start >= oldEnd);
  const following = next === -1 ? statements.length : next;
  if (following === 0 || statements[following - 1]!.end <= start) return triviaEdit(state, text, change, following);
  const edited = unitAt(units, start);
  const unit = units[edited];
  if (!unit || !unit.bodies.some((body) => body[0] < start && oldEnd <= body[1] - 1)) return full('the edit is not inside a function body');
  const oldText = state.text.slice(unit.start, unit.end);
  const newText = text.slice(unit.start, unit.end + delta);
  if (DIRECTIVE.test(oldText) || DIRECTIVE.test(newText)) return full('the edited unit may hold a directive comment');

  // What the edit can change: the units linked to the edited one, before or after the edit.
  const typed = linksOf(text, { ...unit, end: unit.end + delta, variables: false }, state.layout.names, state.layout.functions, null);
  const graph = new LinkGraph(units);
  const relinted = graph.component([edited], edited, typed);
  const factories = new Set(units.flatMap((candidate) => candidate.links.skeleton));
  const seeds = units.flatMap((candidate, index) => (candidate.lockWrites || declaresFactory(candidate, factories) ? [index] : []));
  if (seeds.some((seed) => relinted.has(seed))) return full('the edit can change what a scope-wide lock lookup finds');
  if ([...relinted].some((index) => units[index]!.nests)) return full('the edit touches a nesting of locks');
  const kept = new Set([...relinted, ...graph.component(seeds)]);
  const length = (indices: Iterable<number>): number => [...indices].reduce((sum, index) => sum + units[index]!.end - units[index]!.start, 0);
  if (text.length >= LARGE_FILE && length(kept) > MAX_SHARE * length(units.keys())) return full('most of the file depends on the edit');

  const moved = { statements: statements.map((statement) => shiftRange(statement, unit, delta)), units: units.map((other) => shiftUnit(other, unit, delta)) };
  // The edited unit is never blanked: only the comments of the others matter here.
  const otherComments = comments.flatMap((range) =>
    range[1] <= unit.start ? [range] : range[0] >= unit.end ? [[range[0] + delta, range[1] + delta] as const] : [],
  );
  const masking = maskUntilFaithful(text, moved, kept, otherComments);
  if (!masking) return full('blanking changes what the rules read from the whole text');
  const result = lint(masking.text);
  if (!result) return full('the masked text does not parse');
  if (!result.tracked) return full('a problem of the masked text has no known lines');

  const found = shapeOf(result.sourceCode.ast);
  const edit = structureCheck(found, moved, masking.runs, edited);
  if (typeof edit === 'string') return full(edit);
  const flags = lockFlags(result.sourceCode, moved.units, (index) => relinted.has(index));
  if (flags.nests.size > 0) return full('the edit makes a nesting of locks');
  for (const index of relinted) {
    if (units[index]!.lockWrites !== flags.lockWrites.has(index)) return full('the edit changes a lock assigned to a module-level variable');
  }

  const lines = new LineIndex(text);
  // A fix of a re-linted problem that replaces blanked code was computed from the blanks.
  const touchesBlanks = (fix: { range: readonly [number, number] }): boolean => masking.blanked.some(([from, to]) => fix.range[0] <= to && fix.range[1] >= from);
  const fixes = result.tracked.filter((problem) => relinted.has(unitOf(moved.units, problem))).flatMap((problem) => problem.suggestions.flatMap((suggestion) => suggestion.fixes));
  if (fixes.some(touchesBlanks)) return full('a suggestion of the edited code changes blanked code');
  const problems = mergeProblems(state, lines, change, [unit.start, unit.end], moved.units, relinted, result.tracked);
  if (typeof problems === 'string') return full(problems);
  // Blanking keeps every comment, so the masked text has them all where the real text has them.
  const maskedComments = result.sourceCode.ast.comments.map((comment) => comment.range);
  const nextUnits = moved.units.map((other, index): Unit => {
    const links = index === edited ? linksOf(text, edit, state.layout.names, state.layout.functions, maskedComments) : other.links;
    // Re-linted units were just found to hold no nesting.
    const nests = relinted.has(index) ? false : other.nests;
    const lockWrites = relinted.has(index) ? flags.lockWrites.has(index) : other.lockWrites;
    return index === edited ? { ...edit, links, nests, lockWrites } : { ...other, nests, lockWrites };
  });
  return {
    kind: 'incremental',
    state: { text, lines, problems, layout: { ...state.layout, statements: moved.statements, units: nextUnits, comments: maskedComments } },
    relinted: relinted.size,
    kept: kept.size,
    units: units.length,
  };
}

function full(reason: string): IncrementalResult {
  return { kind: 'full', reason };
}

/**
 * An edit between top-level statements `next - 1` and `next`: when that space holds only
 * whitespace and comments before and after (the TypeScript scanner says so), with no directive,
 * no line joined (automatic semicolons), and the next statement's indentation (which fixes copy)
 * the same, every problem stays and only moves.
 */
function triviaEdit(state: LintState, text: string, change: Change, next: number): IncrementalResult {
  const { statements, units, comments } = state.layout;
  const { start, oldEnd, delta } = change;
  const from = next > 0 ? statements[next - 1]!.end : 0;
  const to = next < statements.length ? statements[next]!.start : state.text.length;
  const before = state.text.slice(from, to);
  const after = text.slice(from, to + delta);
  if (DIRECTIVE.test(before) || DIRECTIVE.test(after)) return full('the edit may change a directive comment');
  const found = triviaComments(after, from, next === statements.length);
  if (!found) return full('the edit between statements is not only whitespace and comments');
  if (LINE_BREAK.test(before) && !LINE_BREAK.test(after)) return full('the edit joins the lines of two statements');
  if (next < statements.length && indentationAt(state.text, to) !== indentationAt(text, to + delta)) return full('the edit changes the indentation of a statement');
  const lines = new LineIndex(text);
  const problems = mergeProblems(state, lines, change, [start, oldEnd], units, new Set(), []);
  if (typeof problems === 'string') return full(problems);
  // No statement or unit reaches into the space between two statements: each lies before it or after.
  const space = { start, end: oldEnd };
  const layout: Layout = {
    ...state.layout,
    statements: statements.map((statement) => shiftRange(statement, space, delta)),
    units: units.map((unit) => shiftUnit(unit, space, delta)),
    comments: [
      ...comments.filter((range) => range[1] <= from),
      ...found,
      ...comments.filter((range) => range[0] >= to).map((range) => [range[0] + delta, range[1] + delta] as const),
    ],
  };
  return { kind: 'moved', state: { text, lines, problems, layout } };
}

const LINE_BREAK = /[\r\n\u2028\u2029]/;

/** The comments of `code` (at `offset` in the text) when it holds nothing but whitespace and complete comments; else null. */
function triviaComments(code: string, offset: number, atEnd: boolean): Range[] | null {
  let failed = false;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, code, () => {
    failed = true;
  });
  const found: Range[] = [];
  let lineComment = false;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken && !failed; kind = scanner.scan()) {
    // A line comment must end at a line break inside the space, or it would run into the next statement.
    if (lineComment && kind !== ts.SyntaxKind.NewLineTrivia) return null;
    lineComment = kind === ts.SyntaxKind.SingleLineCommentTrivia;
    if (kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia) {
      found.push([offset + scanner.getTokenStart(), offset + scanner.getTokenEnd()]);
    } else if (kind !== ts.SyntaxKind.WhitespaceTrivia && kind !== ts.SyntaxKind.NewLineTrivia) {
      return null;
    }
  }
  return failed || (lineComment && !atEnd) ? null : found;
}

// ---- the change ---------------------------------------------------------------------------

interface Change {
  /** The changed part is [start, oldEnd) in the old text and [start, start + oldEnd - start + delta) in the new one. */
  start: number;
  oldEnd: number;
  delta: number;
}

function changeOf(before: string, after: string): Change | null {
  if (before === after) return null;
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start += 1;
  let suffix = 0;
  while (suffix < shorter - start && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix += 1;
  return { start, oldEnd: before.length - suffix, delta: after.length - before.length };
}

/** A `\r\n` pair made or broken at the edges of the change would move lines in a way line counts do not show. */
function splitsLineBreak(before: string, after: string, { start, oldEnd, delta }: Change): boolean {
  const pairAt = (text: string, offset: number): boolean => text[offset - 1] === '\r' && text[offset] === '\n';
  return pairAt(before, start) || pairAt(after, start) || pairAt(before, oldEnd) || pairAt(after, oldEnd + delta);
}

/** Where a unit or statement lies after an edit inside `edited`: unchanged before it, longer by `delta` around it, moved after it. */
function shiftRange<T extends { start: number; end: number }>(range: T, edited: { start: number; end: number }, delta: number): T {
  if (range.end <= edited.start) return range;
  if (range.start >= edited.end) return { ...range, start: range.start + delta, end: range.end + delta };
  return { ...range, end: range.end + delta };
}

function shiftUnit(unit: Unit, edited: { start: number; end: number }, delta: number): Unit {
  if (unit.start < edited.end) return shiftRange(unit, edited, delta);
  return { ...shiftRange(unit, edited, delta), bodies: unit.bodies.map((body) => [body[0] + delta, body[1] + delta] as const) };
}

// ---- the masked text ----------------------------------------------------------------------

const EVERY_LINE_BREAK = /[\r\n\u2028\u2029]/g;

/**
 * The text with every unit not in `kept` blanked: its function bodies, or its whole statement
 * behind a stub when no unit of the statement is kept. Spaces stand for code; line breaks and
 * comments are kept, so offsets, lines and columns are those of the real text. Parts whose
 * blanking would change a whole-text test, the indentation unit, or the indentation of a line
 * that goes on after a blanked part stay. Null when that does not settle.
 */
function maskUntilFaithful(
  text: string,
  layout: { statements: readonly Statement[]; units: readonly Unit[] },
  kept: ReadonlySet<number>,
  comments: readonly Range[],
): { text: string; runs: StubRun[]; blanked: Range[] } | null {
  const keep = { units: new Set(kept), statements: new Set<number>() };
  /** Keeps what blanks `offset` (a stub, else a unit's bodies); false when nothing there is blanked any more. */
  const keepAt = (offset: number, stubbed: ReadonlySet<number>): boolean => {
    const statement = unitAt(layout.statements, offset);
    if (stubbed.has(statement)) {
      keep.statements.add(statement);
      return true;
    }
    const unit = unitAt(layout.units, offset);
    if (unit < 0 || keep.units.has(unit)) return false;
    keep.units.add(unit);
    return true;
  };
  for (let round = 0; round <= layout.units.length + layout.statements.length; round += 1) {
    const { masked, stubbed, runs, blanked, regions } = mask(text, layout, keep, comments);
    let differs = false;
    let changed = false;
    for (const test of WHOLE_TEXT_TESTS) {
      const found = text.search(test);
      if (found < 0 || test.test(masked)) continue;
      differs = true;
      changed = keepAt(found, stubbed) || changed;
    }
    if (indentUnit(masked) !== indentUnit(text)) {
      // What blanks the first indented line's first character, in either text.
      const line = /\n[ \t]+\S/;
      const real = line.exec(text);
      const other = line.exec(masked);
      differs = true;
      changed = (real !== null && keepAt(real.index + real[0].length - 1, stubbed)) || changed;
      changed = (other !== null && keepAt(other.index + other[0].length - 1, stubbed)) || changed;
    }
    for (const [end, inside] of blanked) {
      // Only a line that goes on after the blanked part can hold something whose indentation a fix copies.
      const lineEnd = text.slice(end).search(LINE_BREAK);
      const rest = text.slice(end, lineEnd === -1 ? text.length : end + lineEnd);
      if (!/\S/.test(rest) || indentationAt(masked, end) === indentationAt(text, end)) continue;
      differs = true;
      changed = keepAt(inside, stubbed) || changed;
    }
    if (!differs) return { text: masked, runs, blanked: regions };
    if (!changed) return null;
  }
  return null;
}

/**
 * The masked text, the statements replaced by a stub and the runs of them, where each blanked
 * part ends (with an offset inside it), and the blanked parts.
 */
function mask(
  text: string,
  { statements, units }: { statements: readonly Statement[]; units: readonly Unit[] },
  keep: { units: ReadonlySet<number>; statements: ReadonlySet<number> },
  comments: readonly Range[],
): { masked: string; stubbed: Set<number>; runs: StubRun[]; blanked: Array<[number, number]>; regions: Range[] } {
  const pieces: string[] = [];
  const stubbed = new Set<number>();
  const runs: StubRun[] = [];
  const blanked: Array<[number, number]> = [];
  const regions: Range[] = [];
  let at = 0;
  let comment = 0;
  const blankTo = (end: number): void => {
    while (comment < comments.length && comments[comment]![1] <= at) comment += 1;
    while (comment < comments.length && comments[comment]![0] < end) {
      const [commentStart, commentEnd] = comments[comment]!;
      pieces.push(blank(text.slice(at, commentStart)), text.slice(commentStart, commentEnd));
      at = commentEnd;
      comment += 1;
    }
    pieces.push(blank(text.slice(at, end)));
    at = end;
  };
  // A run of stubs is one declaration, exported or not (`export` keeps the file a module).
  const prefix = (statement: Statement): string => (statement.stub!.exported ? 'export let ' : 'let ');
  // Its names go on the statement's first line, before any comment: lines and comments stay where they are.
  const fits = (statement: Statement, length: number): boolean => {
    const end = statement.start + length;
    return !LINE_BREAK.test(text.slice(statement.start, end)) && !comments.some((range) => range[0] < end && range[1] > statement.start);
  };
  let run: number[] = [];
  const emitRun = (): void => {
    if (run.length === 0) return;
    run.forEach((index, position) => {
      const statement = statements[index]!;
      const last = position === run.length - 1;
      const names = `${position === 0 ? prefix(statement) : ''}${statement.stub!.names.join(', ')}${last ? ';' : ','}`;
      pieces.push(text.slice(at, statement.start), names);
      at = statement.start + names.length;
      if (last) runs.push({ first: run[0]!, last: index, end: at });
      blankTo(statement.end);
      stubbed.add(index);
      blanked.push([statement.end, statement.start]);
      // A fix may insert before the statement (a new declaration there), not into it.
      regions.push([statement.start + 1, statement.end]);
    });
    run = [];
  };
  statements.forEach((statement, index) => {
    let needed = keep.statements.has(index);
    for (let unit = statement.first; unit < statement.first + statement.count; unit += 1) needed ||= keep.units.has(unit);
    if (!needed && statement.stub) {
      if (run.length > 0 && statements[run[0]!]!.stub!.exported !== statement.stub.exported) emitRun();
      const names = statement.stub.names.join(', ').length + 1;
      if (fits(statement, run.length > 0 ? names : prefix(statement).length + names)) {
        run.push(index);
        return;
      }
    }
    emitRun();
    for (let unit = statement.first; unit < statement.first + statement.count; unit += 1) {
      if (keep.units.has(unit)) continue;
      for (const [start, end] of units[unit]!.bodies) {
        pieces.push(text.slice(at, start + 1));
        at = start + 1;
        blankTo(end - 1);
        blanked.push([end - 1, start + 1]);
        regions.push([start + 1, end - 1]);
      }
    }
  });
  emitRun();
  pieces.push(text.slice(at));
  return { masked: pieces.join(''), stubbed, runs, blanked, regions };
}

/** Spaces for `code`, its line breaks kept. */
function blank(code: string): string {
  let result = '';
  let at = 0;
  for (const match of code.matchAll(EVERY_LINE_BREAK)) {
    result += ' '.repeat(match.index - at) + match[0];
    at = match.index + match[0].length;
  }
  return result + ' '.repeat(code.length - at);
}

// ---- problems -----------------------------------------------------------------------------

/**
 * The new problems: those of the re-linted units from the masked lint, every other one from the
 * last lint, its offsets and the line numbers it names moved by the edit. A string says why that
 * cannot be done exactly.
 */
function mergeProblems(
  state: LintState,
  lines: LineIndex,
  change: Change,
  edited: Range,
  units: readonly Pick<Unit, 'start' | 'end'>[],
  relinted: ReadonlySet<number>,
  fresh: readonly TrackedProblem[],
): TrackedProblem[] | string {
  const { start, oldEnd, delta } = change;
  const lineDelta = lines.lineCount - state.lines.lineCount;
  const firstLine = state.lines.lineOf(start);
  const lastLine = state.lines.lineOf(oldEnd);
  // A kept range lies before the edited part or after it; one that reaches into it would carry
  // its old text. (A suggestion's fixes are merged against the new text when shown.) At a pure
  // insertion between statements, a range there could belong to either side.
  const insertion = edited[0] === edited[1];
  const range = (from: number, to: number): readonly [number, number] | null => {
    if (insertion && (from === edited[0] || to === edited[0])) return null;
    return to <= edited[0] ? [from, to] : from >= edited[1] ? [from + delta, to + delta] : null;
  };
  const moveText = (lineText: LineText): LineText | null => {
    if (lineDelta === 0) return lineText;
    const moved: Array<string | { line: number }> = [];
    for (const part of lineText) {
      if (typeof part === 'string' || part.line < firstLine) moved.push(part);
      else if (part.line > lastLine) moved.push({ line: part.line + lineDelta });
      else return null;
    }
    return moved;
  };
  const kept: TrackedProblem[] = [];
  for (const problem of state.problems) {
    const index = unitOf(state.layout.units, problem);
    if (index < 0) return 'a problem lies outside every unit';
    if (relinted.has(index)) continue;
    const moved = moveProblem(problem, range, moveText);
    if (!moved) return 'a kept problem reaches into the edit';
    kept.push(moved);
  }
  const taken: TrackedProblem[] = [];
  for (const problem of fresh) {
    const index = unitOf(units, problem);
    if (index < 0) return 'a problem of the masked text lies outside every unit';
    if (relinted.has(index)) taken.push(problem);
  }
  // ESLint orders problems by position; two units never share one.
  return [...kept, ...taken].sort((a, b) => a.start - b.start);
}

function moveProblem(
  problem: TrackedProblem,
  range: (from: number, to: number) => readonly [number, number] | null,
  moveText: (text: LineText) => LineText | null,
): TrackedProblem | null {
  const at = range(problem.start, problem.end);
  const message = moveText(problem.message);
  if (!at || !message) return null;
  const suggestions: TrackedProblem['suggestions'][number][] = [];
  for (const suggestion of problem.suggestions) {
    const title = moveText(suggestion.title);
    if (!title) return null;
    const fixes: Array<{ range: readonly [number, number]; text: LineText }> = [];
    for (const fix of suggestion.fixes) {
      const moved = range(fix.range[0], fix.range[1]);
      const inserted = moveText(fix.text);
      if (!moved || !inserted) return null;
      fixes.push({ range: moved, text: inserted });
    }
    suggestions.push({ ...suggestion, title, fixes });
  }
  return { ...problem, start: at[0], end: at[1], message, suggestions };
}
