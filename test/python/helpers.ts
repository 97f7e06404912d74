import { applyEdits, lintText, type LintSettings, type Problem } from '../../python/src';

/** Strips the common indentation of a template literal (and its first blank line). */
export function py(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = String.raw({ raw: strings }, ...values).replace(/^\n/, '');
  const indent = Math.min(...text.split('\n').filter((line) => line.trim()).map((line) => /^ */.exec(line)![0].length));
  return text
    .split('\n')
    .map((line) => line.slice(indent))
    .join('\n');
}

export async function lint(code: string, settings: LintSettings = {}): Promise<Problem[]> {
  return lintText(code, settings);
}

/** rule@line:column-endLine:endColumn for each problem, in order. */
export async function where(code: string, settings: LintSettings = {}): Promise<string[]> {
  return (await lint(code, settings)).map((p) => `${p.ruleId}@${p.line}:${p.column}-${p.endLine}:${p.endColumn}`);
}

/** The text after applying the problem's only suggestion. */
export function suggested(code: string, problem: Problem | undefined): string {
  if (!problem || problem.suggestions.length !== 1) throw new Error(`expected one suggestion, got ${problem?.suggestions.length}`);
  return applyEdits(code, problem.suggestions[0]!.edits);
}
