import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import * as tsParser from '@typescript-eslint/parser';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import { Linter } from 'eslint/universal';
import plugin from '../../../eslint-plugin/src/index';
import type { TextEdit } from '../../../eslint-plugin/src/fixes/edits';
import { internalErrorText } from '../../../eslint-plugin/src/util/create-rule';
import { isTestFile } from '../../../eslint-plugin/src/util/test-files';
import type { Preset } from './settings';

/** One open document, as the editor sees it. */
export interface DocumentInput {
  uri: string;
  version: number;
  text: string;
  languageId: string;
  /** The file's path or name; only its extension is used (TSX/JSX parsing). */
  fileName: string;
  /** The path inside its workspace folder, when it has one: test code there is left out, as the rules leave it out under ESLint. */
  projectPath?: string;
}

/** A rule report, positioned as ESLint positions it (1-based lines and columns). */
export interface Problem {
  /** Rule name without the plugin prefix, e.g. `no-read-await-write-race`. */
  rule: string;
  message: string;
  severity: 'error' | 'warning';
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  docsUrl: string | null;
  /** The rule's suggestions, each one change to the document; `id` is the rule's message id for it. */
  suggestions: Array<{ id?: string; title: string; edits: TextEdit[] }>;
}

/**
 * Text that names lines (a message, a suggestion's title or inserted text): literal pieces and
 * the line numbers in between, kept apart so that an edit above those lines can renumber them.
 */
export type LineText = ReadonlyArray<string | { line: number }>;

/** A problem as the incremental lint keeps it: offsets instead of lines and columns, line numbers kept apart. */
export interface TrackedProblem {
  rule: string;
  severity: 'error' | 'warning';
  docsUrl: string | null;
  message: LineText;
  /** Offsets in the linted text; `end` equals `start` when the rule gave no end. */
  start: number;
  end: number;
  /**
   * Each suggestion's fixes as the rule made them. ESLint merges several into one edit that
   * copies the text between them; they are merged when the problem is shown, so that an edit of
   * that text elsewhere does not make the suggestion stale.
   */
  suggestions: ReadonlyArray<{ id?: string; title: LineText; fixes: ReadonlyArray<{ range: readonly [number, number]; text: LineText }> }>;
}

/** Where the parser stopped: ESLint's fatal message. */
export interface ParseError {
  message: string;
  line: number;
  column: number;
}

export type Analysis =
  | {
      ok: true;
      version: number;
      text: string;
      /** The parsed file (shared with the rules, so the concurrency model built while linting is reused). */
      sourceCode: Readonly<TSESLint.SourceCode>;
      /** The preset's reports, or null when only parsing was asked for. */
      problems: Problem[] | null;
      /**
       * The same reports with their line numbers found exactly, or null when only parsing was
       * asked for or a report names a line the rules did not take from the AST (so it cannot be
       * renumbered safely).
       */
      tracked: TrackedProblem[] | null;
    }
  | { ok: false; version: number; error: ParseError };

export const PLUGIN_PREFIX = 'interleave/';

const LANGUAGE_EXTENSIONS: Record<string, string> = {
  typescript: '.ts',
  typescriptreact: '.tsx',
  javascript: '.js',
  javascriptreact: '.jsx',
};

const KNOWN_EXTENSIONS = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/**
 * Lints documents in-process with ESLint's `Linter`, the bundled typescript-eslint parser and
 * the bundled plugin. Nothing from the workspace is read or run: the configuration is built here.
 */
export class Analyzer {
  private readonly linter = new Linter({ configType: 'flat' });
  private readonly configs = new Map<string, Linter.Config[]>();
  /** The line offset the parser adds for the lint in progress (see `LINE_OFFSETS`). */
  private lineOffset = 0;
  /** For the lint in progress: the fixes of each suggestion ESLint merges, by the edit the merge gives (null: two made the same edit). */
  private readonly merged = new Map<string, TSESLint.RuleFix[] | null>();
  /** The plugin's rules, reporting through `recording` (see there). */
  private readonly rules = Object.fromEntries(
    Object.entries(plugin.rules as unknown as Record<string, Rule>).map(([name, rule]) => [name, { ...rule, create: (context: RuleContext) => rule.create(this.recording(context)) }]),
  );
  /** With rules, the parser hands ESLint an AST whose lines are offset (see `LINE_OFFSETS`). */
  private readonly offsetParser = {
    meta: { name: 'interleave-offset-lines' },
    parseForESLint: (text: string, options: unknown) => {
      const result = tsParser.parseForESLint(text, options as tsParser.ParserOptions);
      shiftLines(result.ast as TSESTree.Program, this.lineOffset);
      return result;
    },
  };

  /** The rules see only a bare file name here: test code by its folder is left out by the workspace path instead. */
  private readonly lintTestFiles: boolean;

  /** @param settings the ESLint `settings` the rules see (the user's lock declarations under `interleave`). */
  constructor(private readonly settings?: Record<string, unknown>) {
    this.lintTestFiles = (settings?.interleave as { lintTestFiles?: unknown } | undefined)?.lintTestFiles === true;
  }

  analyze(document: DocumentInput, options: { preset: Preset; rules: boolean }): Analysis {
    const filename = lintFileName(document);
    const testCode = !this.lintTestFiles && document.projectPath !== undefined && isTestFile(document.projectPath);
    const config = this.config(options.rules ? options.preset : null, filename, testCode);
    const offset = options.rules ? lineOffsetFor(document.text) : 0;
    let messages: Linter.LintMessage[];
    this.lineOffset = offset;
    this.merged.clear();
    try {
      messages = this.linter.verify(document.text, config, { filename });
    } catch (error) {
      // An error that escaped the rules' own safety net (`createRule`) is shown as the rules show
      // theirs, on the file parsed without them, so that hovers and code actions keep working.
      if (!options.rules) return { ok: false, version: document.version, error: { message: errorText(error), line: 1, column: 1 } };
      const parsed = this.analyze(document, { ...options, rules: false });
      return parsed.ok ? { ...parsed, problems: [internalErrorProblem(error)], tracked: null } : parsed;
    }
    const fatal = messages.find((message) => message.fatal);
    if (fatal) return { ok: false, version: document.version, error: { message: fatal.message, line: fatal.line, column: fatal.column } };
    const sourceCode = this.linter.getSourceCode() as unknown as Readonly<TSESLint.SourceCode>;
    // Hovers and code actions reuse this AST: give it its true lines back.
    if (offset > 0) shiftLines(sourceCode.ast, -offset);
    if (!options.rules) return { ok: true, version: document.version, text: document.text, sourceCode, problems: null, tracked: null };
    const lines = new LineIndex(document.text);
    const ours = messages.filter((message) => message.ruleId?.startsWith(PLUGIN_PREFIX));
    const tracked = ours.map((message) => toTracked(message, offset, lines, this.merged));
    this.merged.clear();
    return {
      ok: true,
      version: document.version,
      text: document.text,
      sourceCode,
      problems: tracked.map((problem, index) => (problem ? toProblem(problem, lines) : untrackedProblem(ours[index]!, offset))),
      tracked: tracked.every((problem) => problem !== null) ? (tracked as TrackedProblem[]) : null,
    };
  }

  /** The context a rule reports through: it notes the fixes of each suggestion that ESLint will merge into one edit. */
  private recording(context: RuleContext): RuleContext {
    const report = (descriptor: Parameters<RuleContext['report']>[0]): void => {
      const suggest = descriptor.suggest?.map((suggestion) => ({
        ...suggestion,
        fix: (fixer: TSESLint.RuleFixer) => {
          const fixes = suggestion.fix(fixer);
          if (fixes && Symbol.iterator in fixes) {
            const list = [...(fixes as Iterable<TSESLint.RuleFix>)];
            const edit = mergeFixes(list, context.sourceCode.text);
            const key = edit && fixKey(edit);
            if (key !== null) this.merged.set(key, this.merged.has(key) ? null : list);
            return list;
          }
          return fixes;
        },
      }));
      context.report(suggest ? { ...descriptor, suggest } : descriptor);
    };
    return Object.create(context, { report: { value: report } }) as RuleContext;
  }

  private config(preset: Preset | null, filename: string, testCode: boolean): Linter.Config[] {
    const jsx = /x$/.test(filename) || /\.[cm]?js$/.test(filename);
    const key = `${preset ?? 'parse'}:${jsx}:${testCode}`;
    let config = this.configs.get(key);
    if (!config) {
      config = [
        {
          // No sourceType: ESLint's defaults make `.cjs` files CommonJS and the others modules.
          files: ['**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}'],
          languageOptions: {
            parser: (preset ? this.offsetParser : tsParser) as Linter.Parser,
            ecmaVersion: 'latest',
            parserOptions: { ecmaFeatures: { jsx } },
          },
          // Users' own directives must not be reported as unused: our presets are not their config.
          linterOptions: { reportUnusedDisableDirectives: 'off' },
          ...(this.settings ? { settings: this.settings } : {}),
        },
      ];
      if (preset) config.push({ plugins: { interleave: { ...plugin, rules: this.rules } }, rules: testCode ? {} : plugin.configs[preset].rules } as unknown as Linter.Config);
      this.configs.set(key, config);
    }
    return config;
  }
}

/**
 * The name the linter sees. Only the extension matters (it picks TSX/JSX parsing); a bare name
 * keeps ESLint from matching the file against a base path it does not know.
 */
export function lintFileName(document: Pick<DocumentInput, 'fileName' | 'languageId'>): string {
  const extension = KNOWN_EXTENSIONS.exec(document.fileName)?.[0] ?? LANGUAGE_EXTENSIONS[document.languageId] ?? '.ts';
  return `document${extension}`;
}

type RuleContext = TSESLint.RuleContext<string, readonly unknown[]>;
type Rule = { create(context: RuleContext): TSESLint.RuleListener };

function fixKey(fix: { range: readonly [number, number]; text: string }): string {
  return `${fix.range[0]}:${fix.range[1]}:${fix.text}`;
}

/** ESLint's merge of a suggestion's fixes (eslint/lib/linter/file-report.js `mergeFixes`), copying `text` between them. */
export function mergeFixes(fixes: ReadonlyArray<{ range: readonly [number, number]; text: string }>, text: string): { range: [number, number]; text: string } | null {
  const list = [...fixes].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  if (list.length <= 1) return list[0] ? { range: [list[0].range[0], list[0].range[1]], text: list[0].text } : null;
  const start = list[0]!.range[0];
  const end = list.at(-1)!.range[1];
  let merged = '';
  let last = Number.MIN_SAFE_INTEGER;
  for (const fix of list) {
    if (fix.range[0] < last) throw new Error('Fix objects must not be overlapped in a report.');
    if (fix.range[0] >= 0) merged += text.slice(Math.max(0, start, last), fix.range[0]);
    merged += fix.text;
    last = fix.range[1];
  }
  merged += text.slice(Math.max(0, start, last), end);
  return { range: [start, end], text: merged };
}

/**
 * Offsets added to every line of the AST while the rules run. A rule names a line by reading a
 * node's `loc`, so a number in its message that lies in (offset, offset + lines] is a line number
 * and nothing else: the incremental lint can then renumber it when an edit above moves the line.
 * (The AST's columns and ranges, the text, and so every edit a rule builds, stay as they are; the
 * rules compare lines only with each other.) The offset is one whose leading digits the text
 * never contains, so a number written in the code cannot pass for one.
 */
const LINE_OFFSETS = [7_000_000_000_000, 8_000_000_000_000, 9_000_000_000_000, 6_000_000_000_000];
/** More lines than a document the editor lints can have. */
const MAX_LINES = 100_000_000;

function lineOffsetFor(text: string): number {
  return LINE_OFFSETS.find((offset) => !text.includes(String(offset).slice(0, 7))) ?? 0;
}

/** Adds `delta` to every line of the AST, its tokens and comments: nodes, as ESLint visits them, and their `loc` positions once each. */
function shiftLines(program: TSESTree.Program, delta: number): void {
  const shift = (loc: TSESTree.SourceLocation): void => {
    // Positions may be shared between nodes: each is moved once, from whichever side of the offset it is on.
    if (delta > 0 ? loc.start.line < delta : loc.start.line > -delta) loc.start.line += delta;
    if (delta > 0 ? loc.end.line < delta : loc.end.line > -delta) loc.end.line += delta;
  };
  const stack: TSESTree.Node[] = [program];
  while (stack.length > 0) {
    const node = stack.pop()!;
    shift(node.loc);
    for (const key of visitorKeys[node.type as keyof typeof visitorKeys] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (const child of value) if (child) stack.push(child as TSESTree.Node);
      } else if (value) {
        stack.push(value as TSESTree.Node);
      }
    }
  }
  for (const token of program.tokens ?? []) shift(token.loc);
  for (const comment of program.comments ?? []) shift(comment.loc);
}

/** Line starts of a text, with ESLint's line breaks (`\r\n`, `\r`, `\n`, U+2028, U+2029). */
export class LineIndex {
  readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (const match of text.matchAll(LINE_BREAK)) this.starts.push(match.index + match[0].length);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** The offset of a 1-based line and column. */
  offsetOf(line: number, column: number): number {
    return this.starts[line - 1]! + column - 1;
  }

  /** The 1-based line of an offset. */
  lineOf(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  }
}

const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/g;

/** Splits the line numbers out of a text the rules wrote while lines were offset. */
function lineText(text: string, offset: number): LineText {
  if (offset === 0) return [text];
  const parts: Array<string | { line: number }> = [];
  let last = 0;
  for (const match of text.matchAll(/\d+/g)) {
    const value = Number(match[0]);
    if (!(value > offset && value <= offset + MAX_LINES)) continue;
    parts.push(text.slice(last, match.index), { line: value - offset });
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}

export function renderLineText(text: LineText): string {
  return text.map((part) => (typeof part === 'string' ? part : String(part.line))).join('');
}

/** What a report says of itself, wherever it lies: its rule, severity and documentation. */
function reportedBy(message: Linter.LintMessage): Pick<Problem, 'rule' | 'severity' | 'docsUrl'> {
  const rule = message.ruleId!.slice(PLUGIN_PREFIX.length);
  const docs = (plugin.rules as Record<string, { meta: { docs?: { url?: string } } }>)[rule]?.meta.docs;
  return { rule, severity: message.severity === 2 ? 'error' : 'warning', docsUrl: docs?.url ?? null };
}

/** The tracked form of a report, or null when its position was not taken from the offset AST. */
function toTracked(message: Linter.LintMessage, offset: number, lines: LineIndex, merged: ReadonlyMap<string, TSESLint.RuleFix[] | null>): TrackedProblem | null {
  const endLine = message.endLine ?? message.line;
  if (offset === 0 || message.line <= offset || endLine <= offset) return null;
  const start = lines.offsetOf(message.line - offset, message.column);
  const end = message.endLine === undefined ? start : lines.offsetOf(endLine - offset, message.endColumn ?? message.column);
  return {
    ...reportedBy(message),
    message: lineText(message.message, offset),
    start,
    end,
    suggestions: (message.suggestions ?? []).map((suggestion) => ({
      id: suggestion.messageId,
      title: lineText(suggestion.desc, offset),
      // The fixes ESLint merged into this edit, unless two suggestions came to the same edit.
      fixes: (merged.get(fixKey(suggestion.fix)) ?? [suggestion.fix]).map((fix) => ({ range: [fix.range[0], fix.range[1]] as const, text: lineText(fix.text, offset) })),
    })),
  };
}

/** The problem the editor shows, positioned in the text `lines` indexes. */
export function toProblem(problem: TrackedProblem, lines: LineIndex): Problem {
  const line = lines.lineOf(problem.start);
  const endLine = lines.lineOf(problem.end);
  return {
    rule: problem.rule,
    message: renderLineText(problem.message),
    severity: problem.severity,
    line,
    column: problem.start - lines.starts[line - 1]! + 1,
    endLine,
    endColumn: problem.end - lines.starts[endLine - 1]! + 1,
    docsUrl: problem.docsUrl,
    suggestions: problem.suggestions.map((suggestion) => {
      const edit = mergeFixes(
        suggestion.fixes.map((fix) => ({ range: fix.range, text: renderLineText(fix.text) })),
        lines.text,
      )!;
      return { id: suggestion.id, title: renderLineText(suggestion.title), edits: [edit] };
    }),
  };
}

/** A report whose position did not come from the offset AST: shown with the true lines, but it cannot be renumbered. */
function untrackedProblem(message: Linter.LintMessage, offset: number): Problem {
  const real = (line: number): number => (offset > 0 && line > offset ? line - offset : line);
  const text = (value: string): string => renderLineText(lineText(value, offset));
  return {
    ...reportedBy(message),
    message: text(message.message),
    line: real(message.line),
    column: message.column,
    endLine: real(message.endLine ?? message.line),
    endColumn: message.endColumn ?? message.column,
    suggestions: (message.suggestions ?? []).map((suggestion) => ({
      id: suggestion.messageId,
      title: text(suggestion.desc),
      edits: [{ range: [suggestion.fix.range[0], suggestion.fix.range[1]], text: text(suggestion.fix.text) }],
    })),
  };
}

/** The one problem an internal error becomes: at the top of the file, worded as `createRule` words it. */
function internalErrorProblem(error: unknown): Problem {
  // ESLint names the rule that threw on the error it rethrows.
  const ruleId = (error as { ruleId?: unknown } | null)?.ruleId;
  const rule = typeof ruleId === 'string' && ruleId.startsWith(PLUGIN_PREFIX) ? ruleId.slice(PLUGIN_PREFIX.length) : 'interleave';
  const docsUrl = (plugin.rules as Record<string, { meta: { docs?: { url?: string } } }>)[rule]?.meta.docs?.url ?? null;
  return { rule, message: internalErrorText(error), severity: 'error', line: 1, column: 1, endLine: 1, endColumn: 1, docsUrl, suggestions: [] };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
