// The code actions every language's diagnostics get: the rules' suggestions as quick fixes,
// "Disable for this line" and "Show documentation". Free of any parser, so every language's
// engine can use it; the JavaScript refactorings are in `code-actions.ts`.
import type { TextEdit } from '../../../eslint-plugin/src/fixes/edits';
import type { Problem } from './analyzer';
import { COMMANDS } from './commands';

/** Code action titles; the real-editor test finds actions by these. */
export const TITLES = {
  wrapInLock: 'Wrap in lock',
  hoistAwait: 'Move await before the lock',
  toRunExclusive: 'Convert acquire/release to runExclusive',
  disableLine: 'Disable for this line',
  showDocumentation: 'Show documentation',
} as const;

/** One of our diagnostics as the editor hands it back (1-based lines and columns, like `Problem`). */
export interface DiagnosticRef {
  rule: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface CoreAction {
  title: string;
  kind: 'quickfix' | 'refactor.rewrite';
  edits?: TextEdit[];
  command?: { id: string; title: string; args: unknown[] };
  /** The diagnostic the action fixes. */
  diagnostic?: DiagnosticRef;
  preferred?: boolean;
  /** Why the action cannot apply here; shown greyed out when the user asks for refactorings. */
  disabled?: string;
}

/** How a language's comments silence a rule on one line, and the documentation page of a rule. */
export interface RuleComments {
  disableLine(text: string, rule: string, line: number): TextEdit;
  /** The page's name for `interleave.showDocumentation`. */
  docPage(rule: string): string;
}

/** Each diagnostic's rule suggestions, in the rule's order (best first). */
export function suggestionFixes(problems: readonly Problem[], diagnostics: readonly DiagnosticRef[]): CoreAction[] {
  const fixes: CoreAction[] = [];
  for (const diagnostic of diagnostics) {
    const problem = problems.find((candidate) => sameReport(candidate, diagnostic));
    for (const suggestion of problem?.suggestions ?? []) {
      fixes.push({ title: suggestion.title, kind: 'quickfix', edits: suggestion.edits, diagnostic });
    }
  }
  return fixes;
}

/** Each diagnostic's first quick fix is the preferred one. */
export function preferFirstFixes(fixes: readonly CoreAction[]): void {
  const served = new Set<DiagnosticRef>();
  for (const fix of fixes) {
    if (served.has(fix.diagnostic!)) continue;
    served.add(fix.diagnostic!);
    fix.preferred = true;
  }
}

/** "Disable for this line" per reported line and rule, and "Show documentation" per rule. */
export function housekeepingActions(text: string, diagnostics: readonly DiagnosticRef[], comments: RuleComments): CoreAction[] {
  const perRule = new Set(diagnostics.map((diagnostic) => diagnostic.rule)).size > 1;
  const housekeeping: CoreAction[] = [];
  const seen = new Set<string>();
  for (const diagnostic of diagnostics) {
    const key = `${diagnostic.rule}:${diagnostic.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const suffix = perRule ? ` (${diagnostic.rule})` : '';
    housekeeping.push({
      title: `${TITLES.disableLine}${suffix}`,
      kind: 'quickfix',
      edits: [comments.disableLine(text, diagnostic.rule, diagnostic.line)],
      diagnostic,
    });
  }
  for (const rule of new Set(diagnostics.map((diagnostic) => diagnostic.rule))) {
    const suffix = perRule ? ` (${rule})` : '';
    housekeeping.push({
      title: `${TITLES.showDocumentation}${suffix}`,
      kind: 'quickfix',
      command: { id: COMMANDS.showDocumentation, title: `${TITLES.showDocumentation}${suffix}`, args: [comments.docPage(rule)] },
      diagnostic: diagnostics.find((diagnostic) => diagnostic.rule === rule)!,
    });
  }
  return housekeeping;
}

/** The worker and the editor hold copies: a report (a problem or a diagnostic) is matched by its content. */
export function sameReport(report: DiagnosticRef, diagnostic: DiagnosticRef): boolean {
  return (
    report.rule === diagnostic.rule &&
    report.message === diagnostic.message &&
    report.line === diagnostic.line &&
    report.column === diagnostic.column &&
    report.endLine === diagnostic.endLine &&
    report.endColumn === diagnostic.endColumn
  );
}
