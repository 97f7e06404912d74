import type { TSESLint } from '@typescript-eslint/utils';
import { contains } from '../../../eslint-plugin/src/analysis/ast';
import { modelFor } from '../../../eslint-plugin/src/analysis/model';
import type { CriticalSection } from '../../../eslint-plugin/src/analysis/sections';
import { applyEdits, type EditPlan } from '../../../eslint-plugin/src/fixes/edits';
import { planHoistAwait } from '../../../eslint-plugin/src/fixes/hoist-await';
import { listStatement } from '../../../eslint-plugin/src/fixes/region';
import { planToRunExclusive } from '../../../eslint-plugin/src/fixes/to-run-exclusive';
import type { Problem } from './analyzer';
import { disableLineEdit } from './disable-line';
import { housekeepingActions, preferFirstFixes, sameReport, suggestionFixes, TITLES, type CoreAction, type DiagnosticRef, type RuleComments } from './rule-actions';
import { nodePathAt } from './nodes';
import { awaitAt, statementsBetween, statementsInSelection } from './selection';
import type { LockLibrary } from './settings';
import { planWrapInLock } from '../../../eslint-plugin/src/fixes/wrap-in-lock';

export { TITLES, type CoreAction, type DiagnosticRef } from './rule-actions';

/** `// eslint-disable-next-line interleave/<rule>`, and the pages in rules-docs/. */
const ESLINT_COMMENTS: RuleComments = { disableLine: disableLineEdit, docPage: (rule) => rule };

export interface ActionRequest {
  text: string;
  /** The document parsed at its current version; null while it does not parse. */
  sourceCode: Readonly<TSESLint.SourceCode> | null;
  /** Problems found in exactly this version (their suggestions' offsets are only valid for it). */
  problems: readonly Problem[];
  /** Our diagnostics the editor says touch the range. */
  diagnostics: readonly DiagnosticRef[];
  /** Selection offsets [anchor, active] or [start, end]; equal when nothing is selected. */
  selection: readonly [number, number];
  lockLibrary: LockLibrary;
}

/**
 * Every action at a selection: each diagnostic's rule suggestions as quick fixes, the
 * refactorings that fit the selection (wrap in lock, move await before the lock, convert
 * acquire/release to runExclusive), then "Disable for this line" and "Show documentation" per
 * diagnostic. A refactoring whose edits give the same text as a suggestion's replaces it in its
 * place, keeping the stable title and taking over the diagnostic. Rules list their suggestions
 * best first, so each diagnostic's first quick fix is the preferred one.
 */
export function codeActions(request: ActionRequest): CoreAction[] {
  const fixes = suggestionFixes(request.problems, request.diagnostics);
  const refactorings: CoreAction[] = [];
  const offered = request.sourceCode ? [...fixesForProblems(request, request.sourceCode), ...refactoringsAt(request.sourceCode, request.selection, request.lockLibrary)] : [];
  for (const refactoring of offered) {
    const result = refactoring.edits && applyEdits(request.text, refactoring.edits);
    const same = fixes.findIndex((fix) => result !== undefined && applyEdits(request.text, fix.edits!) === result);
    if (same === -1) refactorings.push(refactoring);
    else fixes[same] = { ...refactoring, kind: 'quickfix', diagnostic: fixes[same]!.diagnostic! };
  }
  preferFirstFixes(fixes);
  return [...fixes, ...refactorings, ...housekeepingActions(request.text, request.diagnostics, ESLINT_COMMENTS)];
}

/** The rule's suggestion ids the cursor actions build on (see `no-read-await-write-race`). */
const SUGGESTION_IDS = { awaitBeforeRead: 'awaitBeforeRead', wrapInLock: 'wrapInLock' } as const;

/**
 * For the problems on the selected lines (or the cursor's line): where the rule found a data
 * load or slow call that can move ahead of the read, "Move await before the lock", first (then
 * no lock has to be held across the load); and with nothing selected, "Wrap in lock" around the
 * statements from the read the message names to the reported write, with the user's lock library.
 */
function fixesForProblems(request: ActionRequest, sourceCode: Readonly<TSESLint.SourceCode>): CoreAction[] {
  const [start, end] = [Math.min(...request.selection), Math.max(...request.selection)];
  const [firstLine, lastLine] = [sourceCode.getLocFromIndex(start).line, sourceCode.getLocFromIndex(end).line];
  const actions: CoreAction[] = [];
  for (const problem of request.problems.filter((candidate) => candidate.line <= lastLine && firstLine <= candidate.endLine)) {
    const diagnostic = request.diagnostics.find((candidate) => sameReport(problem, candidate));
    const hoist = problem.suggestions.find((suggestion) => suggestion.id === SUGGESTION_IDS.awaitBeforeRead);
    if (hoist) actions.push({ title: TITLES.hoistAwait, kind: 'refactor.rewrite', edits: hoist.edits, ...(diagnostic && { diagnostic }) });
    if (start !== end || !problem.suggestions.some((suggestion) => suggestion.id === SUGGESTION_IDS.wrapInLock)) continue;
    const reported = sourceCode.getIndexFromLoc({ line: problem.line, column: problem.column - 1 });
    const statements = statementsBetween(sourceCode, firstNamedLineStart(sourceCode, problem) ?? reported, reported);
    actions.push(
      fromPlan(
        TITLES.wrapInLock,
        statements ? planWrapInLock({ sourceCode, statements, lockLibrary: request.lockLibrary }) : { ok: false, reason: 'The read and the write are not in one block.' },
      ),
    );
  }
  return actions;
}

/** Where the code of the earliest line a problem's message names (`… read on line 5 …`) starts, when that line is not after the report. */
function firstNamedLineStart(sourceCode: Readonly<TSESLint.SourceCode>, problem: Problem): number | null {
  const lines = [...problem.message.matchAll(/\bline (\d+)\b/g)].map((match) => Number(match[1])).filter((named) => named <= problem.line && named <= sourceCode.lines.length);
  if (lines.length === 0) return null;
  const first = Math.min(...lines);
  return sourceCode.getIndexFromLoc({ line: first, column: sourceCode.lines[first - 1]!.search(/\S|$/) });
}

/** The refactorings the selection allows, each with its edits or the reason it is refused. */
function refactoringsAt(sourceCode: Readonly<TSESLint.SourceCode>, selection: readonly [number, number], lockLibrary: LockLibrary): CoreAction[] {
  const actions: CoreAction[] = [];
  const [start, end] = [Math.min(...selection), Math.max(...selection)];
  if (start !== end) {
    const statements = statementsInSelection(sourceCode, [start, end]);
    if (statements) actions.push(fromPlan(TITLES.wrapInLock, planWrapInLock({ sourceCode, statements, lockLibrary })));
  }
  const awaitNode = awaitAt(sourceCode, start);
  if (awaitNode && modelFor(sourceCode).sectionsCovering(awaitNode).some((section) => section.excludes)) {
    actions.push(fromPlan(TITLES.hoistAwait, planHoistAwait(sourceCode, awaitNode)));
  }
  const span = spanAt(sourceCode, start);
  if (span) {
    actions.push(
      fromPlan(
        TITLES.toRunExclusive,
        span.release
          ? planToRunExclusive({ sourceCode, acquire: span.entry, release: span.release })
          : { ok: false, reason: 'No release of this lock follows the acquire in the same function.' },
      ),
    );
  }
  return actions;
}

/** The acquire/release span whose acquire or release statement holds the cursor. */
function spanAt(sourceCode: Readonly<TSESLint.SourceCode>, offset: number): CriticalSection | null {
  const cursor = nodePathAt(sourceCode, offset).at(-1)!;
  const statement = listStatement(cursor);
  if (!statement) return null;
  const model = modelFor(sourceCode);
  return (
    model.allSections.find(
      (section) =>
        section.kind === 'span' && (contains(statement, section.entry) || (section.release !== null && contains(statement, section.release))),
    ) ?? null
  );
}

function fromPlan(title: string, plan: EditPlan): CoreAction {
  return plan.ok ? { title, kind: 'refactor.rewrite', edits: plan.edits } : { title, kind: 'refactor.rewrite', disabled: plan.reason };
}
