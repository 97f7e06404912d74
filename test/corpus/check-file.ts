// Lints one file the way the corpus harness judges it: findings of the plugin's rules and of core
// `require-atomic-updates`, exceptions from rules (crashes, isolated per rule), the parser's own
// errors (kept apart: not ours), and every fix and suggestion applied on its own and re-parsed.
import { transformSync } from 'esbuild';
import { Linter } from 'eslint';
import * as espree from 'espree';
// A namespace import: the parser's CommonJS exports have no `default`.
import * as tsParser from '@typescript-eslint/parser';
import path from 'node:path';
import { RETHROW_ENV } from '../../eslint-plugin/src/util/create-rule';

// A rule's exception is a crash to record, not the safety net's report (see create-rule.ts).
process.env[RETHROW_ENV] = '1';

export interface PluginLike {
  rules: Record<string, unknown>;
  configs: Record<'recommended' | 'strict' | 'all', unknown>;
}

export type Preset = 'strict' | 'recommended';

export interface CheckOptions {
  /** `strict` (the default): the strict preset and every rule outside it; `recommended`: that preset alone, as users run it. */
  preset?: Preset;
  /** Also run core `require-atomic-updates` in the same pass, for comparison. */
  coreRule?: boolean;
  /** Apply every fix and suggestion on its own and re-parse the output. */
  checkFixes?: boolean;
}

export interface CodeLine {
  line: number;
  text: string;
}

export interface Finding {
  rule: string;
  messageId: string | undefined;
  line: number;
  column: number;
  endLine: number | undefined;
  message: string;
  suggestions: number;
  fix: boolean;
  /** The reported lines and the lines the message names, so that a reader can judge it. */
  code: CodeLine[];
}

export interface Crash {
  rule: string;
  message: string;
  stack: string;
}

export interface BrokenFix {
  rule: string;
  line: number;
  /** `fix` or the suggestion's description. */
  edit: string;
  /** `strict`: espree (esbuild for TypeScript) rejects it, the original passed; `parser`: the original
   * needs typescript-eslint, which rejects the output. */
  check: 'parser' | 'strict';
  error: string;
  /** The edit as a line diff against the file, with line numbers of the original. */
  excerpt: string;
}

export interface FileResult {
  /** Display path (package-relative). */
  file: string;
  bytes: number;
  parseError?: string;
  crashes: Crash[];
  findings: Finding[];
  fixesChecked: number;
  brokenFixes: BrokenFix[];
  /** Milliseconds: parsing and each rule (ESLint stats), and the whole check including fix re-parses. */
  times: { parse: number; rules: Record<string, number>; total: number };
}

const CORE_RULE = 'require-atomic-updates';
export const FILES = ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.jsx', '**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'];

/**
 * Options for `Linter#verifyAndFix` that lint once, fix nothing and collect ESLint's `stats`
 * (parse and per-rule times in `getTimes()`, reset per call — unlike `verify`, where they add up
 * across calls). ESLint's types leave `stats` out of FixOptions, though it is honoured.
 */
export function timedOptions(filename: string): Linter.FixOptions {
  const options = { filename, fix: false, stats: true };
  return options;
}

/** Returns `check`, which lints one file with every rule of `plugin` (and the core rule if asked). */
export function createChecker(plugin: PluginLike, options: CheckOptions = {}) {
  const linter = new Linter({ configType: 'flat' });
  const ruleEntries = pluginRuleEntries(plugin, options.preset ?? 'strict');
  if (options.coreRule) ruleEntries[CORE_RULE] = 'error';

  const configFor = (sourceType: 'module' | 'commonjs', disabled: ReadonlySet<string>): Linter.Config[] => [
    {
      files: FILES,
      languageOptions: { parser: tsParser as Linter.Parser, ecmaVersion: 'latest', sourceType },
      // Published code is full of `eslint-disable` comments; they must not hide findings or crashes.
      linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
      // Every rule runs on every file with strict, test code included; recommended leaves it out as users meet it.
      ...(options.preset === 'recommended' ? {} : { settings: { interleave: { lintTestFiles: true } } }),
      plugins: { interleave: plugin as never },
      rules: Object.fromEntries(Object.entries(ruleEntries).filter(([id]) => !disabled.has(id))),
    },
  ];

  /** One lint pass; a rule that throws is recorded, switched off, and the pass repeated. */
  function lint(text: string, filename: string, sourceType: 'module' | 'commonjs', crashes: Crash[]) {
    const disabled = new Set<string>();
    for (;;) {
      try {
        const messages = linter.verifyAndFix(text, configFor(sourceType, disabled), timedOptions(filename)).messages;
        const pass = linter.getTimes().passes[0];
        const rules: Record<string, number> = {};
        for (const [id, time] of Object.entries(pass?.rules ?? {})) rules[id] = time.total;
        return { messages, times: { parse: pass?.parse?.total ?? 0, rules } };
      } catch (error) {
        const rule = crashedRule(error);
        crashes.push({ rule: rule ?? 'unknown', message: firstLine(error), stack: String((error as Error)?.stack ?? error) });
        // Without a rule to blame there is nothing to switch off; the file yields no findings.
        if (!rule || disabled.has(rule)) return null;
        disabled.add(rule);
      }
    }
  }

  return function check(absolutePath: string, text: string, display: string, sourceType: 'module' | 'commonjs'): FileResult {
    // A relative name keeps the config's `files` globs matching wherever the file lives; the base
    // name keeps what the parser reads from it (`.d.ts`, `.tsx`).
    const filename = path.basename(absolutePath);
    const started = performance.now();
    const result: FileResult = { file: display, bytes: text.length, crashes: [], findings: [], fixesChecked: 0, brokenFixes: [], times: { parse: 0, rules: {}, total: 0 } };
    const linted = lint(text, filename, sourceType, result.crashes);
    if (!linted) return result;
    result.times = { ...linted.times, total: 0 };
    const fatal = linted.messages.find((message) => message.fatal);
    if (fatal) result.parseError = `${fatal.line}:${fatal.column} ${fatal.message}`;
    const lines = text.split(/\r\n|\r|\n/);
    let strictOriginal: boolean | undefined;
    for (const message of linted.messages) {
      if (!message.ruleId) continue;
      result.findings.push({
        rule: message.ruleId,
        messageId: message.messageId,
        line: message.line,
        column: message.column,
        endLine: message.endLine,
        message: message.message,
        suggestions: message.suggestions?.length ?? 0,
        fix: Boolean(message.fix),
        code: involvedLines(lines, message),
      });
      if (!options.checkFixes) continue;
      const edits = [
        ...(message.fix ? [{ edit: 'fix', fix: message.fix }] : []),
        ...(message.suggestions ?? []).map((suggestion) => ({ edit: `suggestion: ${suggestion.desc}`, fix: suggestion.fix })),
      ];
      for (const { edit, fix } of edits) {
        result.fixesChecked++;
        const output = text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]);
        const broken = (check: BrokenFix['check'], error: string): BrokenFix => ({
          rule: message.ruleId!,
          line: message.line,
          edit,
          check,
          error,
          excerpt: diffExcerpt(text, output),
        });
        // typescript-eslint accepts some invalid code (an `await` outside an async function, a
        // `break` outside a loop, `import` in CommonJS), so outputs go through a strict parser when
        // the original passes it (it is also many times faster on large files); otherwise
        // through typescript-eslint, as the original did.
        strictOriginal ??= strictParseError(text, absolutePath, sourceType) === null;
        const error = strictOriginal ? strictParseError(output, absolutePath, sourceType) : parseError(output, filename, sourceType);
        if (error) result.brokenFixes.push(broken(strictOriginal ? 'strict' : 'parser', error));
      }
    }
    result.times.total = performance.now() - started;
    return result;
  };
}

/** The recommended preset as it is; or the strict preset plus every rule outside it at its defaults, so every rule runs. */
export function pluginRuleEntries(plugin: PluginLike, preset: Preset): Record<string, Linter.RuleEntry> {
  const rules = (plugin.configs[preset] as Linter.Config).rules ?? {};
  const entries: Record<string, Linter.RuleEntry> = { ...(rules as Record<string, Linter.RuleEntry>) };
  if (preset === 'strict') for (const name of Object.keys(plugin.rules)) entries[`interleave/${name}`] ??= 'error';
  return entries;
}

export function crashedRule(error: unknown): string | undefined {
  const ruleId = (error as { ruleId?: unknown })?.ruleId;
  if (typeof ruleId === 'string') return ruleId;
  return /\nRule: "([^"]+)"/.exec(String((error as Error)?.message ?? ''))?.[1];
}

export function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0]!;
}

/** The lint's own parser on its own (no scope analysis, no rules): null when the text parses. */
function parseError(text: string, filename: string, sourceType: 'module' | 'commonjs'): string | null {
  try {
    tsParser.parseForESLint(text, { filePath: filename, sourceType, ecmaVersion: 'latest', range: true, loc: true, tokens: false, comment: false });
    return null;
  } catch (error) {
    const { lineNumber, column } = error as { lineNumber?: number; column?: number };
    return `${lineNumber ?? '?'}:${column ?? '?'} ${firstLine(error)}`;
  }
}

/** espree for JavaScript; esbuild (then espree on its output) for TypeScript. Null when it parses. */
export function strictParseError(text: string, file: string, sourceType: 'module' | 'commonjs'): string | null {
  const ext = path.extname(file);
  try {
    if (['.ts', '.mts', '.cts', '.tsx'].includes(ext)) {
      const js = transformSync(text, { loader: ext === '.tsx' ? 'tsx' : 'ts', logLevel: 'silent' }).code;
      espree.parse(js, { ecmaVersion: 'latest', sourceType: 'module', ecmaFeatures: { jsx: false } });
    } else {
      espree.parse(text, { ecmaVersion: 'latest', sourceType, ecmaFeatures: { jsx: true } });
    }
    return null;
  } catch (error) {
    const { lineNumber, column } = error as { lineNumber?: number; column?: number };
    return `${lineNumber ?? '?'}:${column ?? '?'} ${firstLine(error)}`;
  }
}

const MAX_LINE = 200;
const MAX_DIFF_LINES = 4000;
const MAX_RANGE_LINES = 8;

/** The reported range (capped) and every line the message names ("line 12", "lines 3 and 9"). */
function involvedLines(lines: string[], message: Linter.LintMessage): CodeLine[] {
  const wanted = new Set<number>();
  const last = Math.min(message.endLine ?? message.line, message.line + MAX_RANGE_LINES - 1);
  for (let line = message.line; line <= last; line++) wanted.add(line);
  for (const phrase of message.message.matchAll(/\blines?\s+((?:\d+(?:\s*(?:,|and|to|–|-)\s*)?)+)/g)) {
    for (const number of phrase[1]!.matchAll(/\d+/g)) wanted.add(Number(number[0]));
  }
  return [...wanted]
    .filter((line) => line >= 1 && line <= lines.length)
    .sort((a, b) => a - b)
    .map((line) => ({ line, text: clip(lines[line - 1]!, line === message.line ? message.column - 1 : 0) }));
}

/** Long (minified) lines are cut to a window around the column of interest. */
function clip(text: string, column: number): string {
  if (text.length <= MAX_LINE) return text;
  const start = Math.max(0, Math.min(column - MAX_LINE / 4, text.length - MAX_LINE));
  return `${start > 0 ? '…' : ''}${text.slice(start, start + MAX_LINE)}${start + MAX_LINE < text.length ? '…' : ''}`;
}

/** A line diff of `after` against `before` (Myers), as hunks with two lines of context. */
export function diffExcerpt(before: string, after: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  // Common head and tail first: edits are small next to the files they land in.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const middleA = a.slice(head, a.length - tail);
  const middleB = b.slice(head, b.length - tail);
  // Myers keeps O(D²) state: a huge edit is shown as a plain replacement.
  const ops =
    middleA.length + middleB.length > MAX_DIFF_LINES
      ? [...middleA.map((text) => ({ kind: '-' as const, text })), ...middleB.map((text) => ({ kind: '+' as const, text }))]
      : myers(middleA, middleB);
  const lines: Array<{ kind: ' ' | '-' | '+'; text: string; line: number }> = [];
  for (let i = Math.max(0, head - 2); i < head; i++) lines.push({ kind: ' ', text: a[i]!, line: i + 1 });
  let line = head + 1;
  for (const op of ops) {
    lines.push({ kind: op.kind, text: op.text, line });
    if (op.kind !== '+') line++;
  }
  for (let i = a.length - tail; i < Math.min(a.length, a.length - tail + 2); i++) lines.push({ kind: ' ', text: a[i]!, line: i + 1 });
  // Long unchanged runs inside the edit are folded.
  const shown: string[] = [];
  let run = 0;
  lines.forEach((entry, index) => {
    const nearChange = lines.slice(Math.max(0, index - 2), index + 3).some((other) => other.kind !== ' ');
    if (entry.kind === ' ' && !nearChange) {
      if (run++ === 0) shown.push('      …');
      return;
    }
    run = 0;
    shown.push(`${entry.kind === '+' ? '     ' : String(entry.line).padStart(5)} ${entry.kind} ${clip(entry.text, 0)}`);
  });
  return shown.length > 60 ? [...shown.slice(0, 30), `      … ${shown.length - 50} lines …`, ...shown.slice(-20)].join('\n') : shown.join('\n');
}

/** Myers' O(ND) shortest edit script between two line arrays. */
function myers(a: readonly string[], b: readonly string[]): Array<{ kind: ' ' | '-' | '+'; text: string }> {
  const max = a.length + b.length;
  const v = new Map<number, number>([[1, 0]]);
  const trace: Array<Map<number, number>> = [];
  for (let d = 0; d <= max; d++) {
    trace.push(new Map(v));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v.get(k - 1)! < v.get(k + 1)!) ? v.get(k + 1)! : v.get(k - 1)! + 1;
      let y = x - k;
      while (x < a.length && y < b.length && a[x] === b[y]) {
        x++;
        y++;
      }
      v.set(k, x);
      if (x >= a.length && y >= b.length) return backtrack(trace, a, b, d);
    }
  }
  return [];
}

function backtrack(trace: Array<Map<number, number>>, a: readonly string[], b: readonly string[], depth: number) {
  const ops: Array<{ kind: ' ' | '-' | '+'; text: string }> = [];
  let x = a.length;
  let y = b.length;
  for (let d = depth; d > 0; d--) {
    const v = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && v.get(k - 1)! < v.get(k + 1)!) ? k + 1 : k - 1;
    const prevX = v.get(prevK)!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: ' ', text: a[--x]! });
      y--;
    }
    if (x === prevX) ops.push({ kind: '+', text: b[--y]! });
    else ops.push({ kind: '-', text: a[--x]! });
  }
  while (x > 0 && y > 0) {
    ops.push({ kind: ' ', text: a[--x]! });
    y--;
  }
  return ops.reverse();
}
