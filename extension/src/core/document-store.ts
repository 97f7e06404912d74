import { lintFileName, toProblem, type Analysis, type Analyzer, type DocumentInput, type ParseError, type Problem } from './analyzer';
import { lintIncrementally, stateOf, type IncrementalResult, type LintState } from './incremental';
import type { Preset } from './settings';

export type ParsedAnalysis = Extract<Analysis, { ok: true }>;

/** The last version that parsed, with its problems: what the next edit is linted against. */
interface Good {
  version: number;
  preset: Preset;
  /** The name the linter saw (its extension picks the parser's JSX mode). */
  lintName: string;
  problems: Problem[];
  /**
   * What an incremental lint builds on; null when this file is always linted whole, undefined
   * until the first edit needs it (a file opened and never edited does not pay for it).
   */
  state: LintState | null | undefined;
  /** The full lint that parsed this version; null when an incremental lint found its problems (it parses a masked text only). */
  analysis: ParsedAnalysis | null;
}

interface Entry {
  good: Good | null;
  /** The version linted last, with the preset and the outcome (reused while neither changes). */
  last: { version: number; preset: Preset; outcome: LintOutcome } | null;
  /** The latest parse without rules (hovers and actions when diagnostics are off or the lint was incremental). */
  parsed: ParsedAnalysis | null;
  record: LintRecord | null;
}

export interface LintOutcome {
  problems: Problem[];
  /** True when the text does not parse and `problems` are those of an earlier version. */
  stale: boolean;
  error: ParseError | null;
}

/** How the last lint of a document was done (for tests and the benchmark). */
export type LintRecord =
  | { version: number; kind: 'full'; /** Why an edit could not be linted incrementally; null when there was nothing to build on. */ reason: string | null }
  | { version: number; kind: 'incremental'; relinted: number; kept: number; units: number }
  /** Only whitespace and comments between top-level statements changed: the last problems, moved. */
  | { version: number; kind: 'moved' }
  | { version: number; kind: 'unchanged' };

/**
 * Per-document analyses, reused while the version does not change. After an edit inside a
 * function body only what the edit can change is linted again (see `incremental.ts`). A syntax
 * error mid-typing keeps the last good problems instead of clearing them.
 */
export class DocumentStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly analyzer: Analyzer) {}

  lint(document: DocumentInput, preset: Preset): LintOutcome {
    const entry = this.entry(document.uri);
    if (entry.last?.version === document.version && entry.last.preset === preset) return entry.last.outcome;
    const outcome = this.relint(entry, document, preset);
    entry.last = { version: document.version, preset, outcome };
    return outcome;
  }

  /** The document parsed at exactly this version (for hovers and code actions), or null while it does not parse. */
  parsed(document: DocumentInput): ParsedAnalysis | null {
    const entry = this.entry(document.uri);
    if (entry.last?.version === document.version && entry.last.outcome.error) return null;
    if (entry.good?.version === document.version && entry.good.analysis) return entry.good.analysis;
    if (entry.parsed?.version === document.version) return entry.parsed;
    const analysis = this.analyzer.analyze(document, { preset: 'recommended', rules: false });
    entry.parsed = analysis.ok ? analysis : null;
    return entry.parsed;
  }

  /** The problems found in exactly this version (suggestions are only valid for the text they were made on). */
  currentProblems(document: Pick<DocumentInput, 'uri' | 'version'>): Problem[] {
    const good = this.entries.get(document.uri)?.good;
    return good?.version === document.version ? good.problems : [];
  }

  /** How the last lint of a document was done. */
  lastLint(uri: string): LintRecord | null {
    return this.entries.get(uri)?.record ?? null;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }

  private relint(entry: Entry, document: DocumentInput, preset: Preset): LintOutcome {
    const { good } = entry;
    const lintName = lintFileName(document);
    let reason: string | null = null;
    if (good?.preset === preset && good.lintName === lintName) {
      const result = this.incremental(good, document, preset);
      if (result.kind === 'unchanged') {
        entry.good = { ...good, version: document.version, analysis: good.analysis && { ...good.analysis, version: document.version } };
        entry.record = { version: document.version, kind: 'unchanged' };
        return { problems: good.problems, stale: false, error: null };
      }
      if (result.kind === 'incremental' || result.kind === 'moved') {
        const { state } = result;
        const problems = state.problems.map((problem) => toProblem(problem, state.lines));
        entry.good = { version: document.version, preset, lintName, problems, state, analysis: null };
        entry.record =
          result.kind === 'moved'
            ? { version: document.version, kind: 'moved' }
            : { version: document.version, kind: 'incremental', relinted: result.relinted, kept: result.kept, units: result.units };
        return { problems, stale: false, error: null };
      }
      reason = result.reason;
    }
    const analysis = this.analyzer.analyze(document, { preset, rules: true });
    entry.record = { version: document.version, kind: 'full', reason };
    if (!analysis.ok) return { problems: good?.problems ?? [], stale: true, error: analysis.error };
    const problems = analysis.problems ?? [];
    entry.good = { version: document.version, preset, lintName, problems, state: undefined, analysis };
    return { problems, stale: false, error: null };
  }

  /** The incremental lint of `document` against the last good version; a fault in it only costs a full lint. */
  private incremental(good: Good, document: DocumentInput, preset: Preset): IncrementalResult {
    try {
      if (good.state === undefined) good.state = good.analysis && stateOf(good.analysis.text, good.analysis.sourceCode, good.analysis.tracked);
      if (!good.state) return { kind: 'full', reason: 'this file is always linted whole' };
      return lintIncrementally(good.state, document.text, (masked) => {
        const analysis = this.analyzer.analyze({ ...document, text: masked }, { preset, rules: true });
        return analysis.ok ? { sourceCode: analysis.sourceCode, tracked: analysis.tracked } : null;
      });
    } catch (error) {
      good.state = null;
      return { kind: 'full', reason: `the incremental lint failed: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  private entry(uri: string): Entry {
    let entry = this.entries.get(uri);
    if (!entry) {
      entry = { good: null, last: null, parsed: null, record: null };
      this.entries.set(uri, entry);
    }
    return entry;
  }
}
