import { PythonModel } from './analysis/model';
import { loadParser, type Node } from './parse';
import { copyTree, firstSyntaxError } from './tree';
import { RULES, presetRules, type PresetName } from './rules';
import { docsUrl, type Report, type Suggestion } from './rules/rule';

export interface LintSettings {
  preset?: PresetName;
  /** Rule id → on or off, over the preset. */
  rules?: Readonly<Record<string, boolean>>;
  /** Dotted names of functions or classes that make an asyncio.Lock. */
  lockWrappers?: readonly string[];
}

export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column, in UTF-16 code units (as ESLint). */
  column: number;
}

/** One problem: where, which rule, what, and the edits that would fix it. */
export interface Problem {
  /** Null for a file that does not parse. */
  ruleId: string | null;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** UTF-16 offsets of the reported code. */
  range: { start: number; end: number };
  docsUrl: string | null;
  suggestions: Suggestion[];
  fatal?: boolean;
}

/** Lints one Python file. Loads the parser on first use. */
export async function lintText(text: string, settings: LintSettings = {}): Promise<Problem[]> {
  parser = await loadParser();
  return lintLoaded(text, settings);
}

let parser: Awaited<ReturnType<typeof loadParser>> | null = null;

/** The parser `prepare()` loaded, for synchronous work. */
export function loadedParser(): NonNullable<typeof parser> {
  if (!parser) throw new Error('interleave-python: call `await prepare()` before linting synchronously.');
  return parser;
}

/** Loads the parser so that `lintLoaded` can run synchronously. */
export async function prepare(): Promise<void> {
  parser = await loadParser();
}

/** Synchronous lint once `loadParser()` has resolved (the editor's contract). */
export function lintLoaded(text: string, settings: LintSettings = {}): Problem[] {
  const tree = loadedParser().parse(text);
  if (!tree) throw new Error('interleave-python: tree-sitter returned no tree.');
  const hasError = tree.rootNode.hasError;
  let root: Node;
  try {
    root = copyTree(tree, text);
  } finally {
    tree.delete();
  }
  if (hasError) {
    const offset = firstSyntaxError(root)?.startIndex ?? 0;
    const at = positionAt(text, offset);
    return [{ ruleId: null, fatal: true, message: 'Parsing error: this file is not valid Python 3, so it was not checked.', ...at, endLine: at.line, endColumn: at.column, range: { start: offset, end: offset }, docsUrl: null, suggestions: [] }];
  }
  return check(root, text, settings);
}

function check(root: Node, text: string, settings: LintSettings): Problem[] {
  const enabled = presetRules(settings.preset ?? 'recommended');
  for (const [id, on] of Object.entries(settings.rules ?? {})) {
    if (!on) enabled.delete(id);
    else if (!enabled.has(id)) enabled.set(id, {});
  }
  const model = new PythonModel(root, text, { lockWrappers: settings.lockWrappers ?? [] });
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const rule of RULES) {
    const options = enabled.get(rule.id);
    if (!options) continue;
    rule.check({
      model,
      options,
      report: (report: Report) => {
        const key = `${rule.id}:${report.node.startIndex}:${report.node.endIndex}`;
        if (seen.has(key) || suppressed(text, report.node.startIndex, rule.id)) return;
        seen.add(key);
        const start = positionAt(text, report.node.startIndex);
        const end = positionAt(text, report.node.endIndex);
        problems.push({ ruleId: rule.id, message: report.message, line: start.line, column: start.column, endLine: end.line, endColumn: end.column, range: { start: report.node.startIndex, end: report.node.endIndex }, docsUrl: docsUrl(rule.id), suggestions: report.suggestions ?? [] });
      },
    });
  }
  return problems.sort((a, b) => a.range.start - b.range.start || (a.ruleId ?? '').localeCompare(b.ruleId ?? ''));
}

/** `# noqa` alone silences every rule on the line; `# noqa: a, b` only those (flake8's convention). */
function suppressed(text: string, offset: number, ruleId: string): boolean {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const newline = text.indexOf('\n', offset);
  const line = text.slice(start, newline === -1 ? text.length : newline);
  const match = /#\s*noqa(?::\s*([\w-]+(?:[\s,]+[\w-]+)*))?/i.exec(line);
  if (!match) return false;
  return !match[1] || match[1].split(/[\s,]+/).includes(ruleId);
}

export function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) {
    line++;
    lineStart = at + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
