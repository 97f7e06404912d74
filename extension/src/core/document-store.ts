import type { Analysis, Analyzer, DocumentInput, ParseError, Problem } from './analyzer';
import type { Preset } from './settings';

export type ParsedAnalysis = Extract<Analysis, { ok: true }>;

interface Entry {
  /** The latest lint with rules, and the preset it ran with. */
  linted: { analysis: Analysis; preset: Preset } | null;
  /** The latest parse without rules (hovers and actions when diagnostics are off). */
  parsed: ParsedAnalysis | null;
  /** Problems of the last version that parsed, shown while the text does not parse. */
  lastGood: Problem[];
}

export interface LintOutcome {
  problems: Problem[];
  /** True when the text does not parse and `problems` are those of an earlier version. */
  stale: boolean;
  error: ParseError | null;
}

/**
 * Per-document analyses, reused while the version does not change. A syntax error mid-typing
 * keeps the last good problems instead of clearing them.
 */
export class DocumentStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly analyzer: Analyzer) {}

  lint(document: DocumentInput, preset: Preset): LintOutcome {
    const entry = this.entry(document.uri);
    let analysis = entry.linted?.analysis;
    if (!analysis || analysis.version !== document.version || entry.linted?.preset !== preset) {
      analysis = this.analyzer.analyze(document, { preset, rules: true });
      entry.linted = { analysis, preset };
    }
    if (!analysis.ok) return { problems: entry.lastGood, stale: true, error: analysis.error };
    entry.lastGood = analysis.problems ?? [];
    return { problems: entry.lastGood, stale: false, error: null };
  }

  /** The document parsed at exactly this version (for hovers and code actions), or null while it does not parse. */
  parsed(document: DocumentInput): ParsedAnalysis | null {
    const entry = this.entry(document.uri);
    const linted = entry.linted?.analysis;
    if (linted && linted.version === document.version) return linted.ok ? linted : null;
    if (entry.parsed?.version === document.version) return entry.parsed;
    const analysis = this.analyzer.analyze(document, { preset: 'recommended', rules: false });
    entry.parsed = analysis.ok ? analysis : null;
    return entry.parsed;
  }

  /** The problems found in exactly this version (suggestions are only valid for the text they were made on). */
  currentProblems(document: Pick<DocumentInput, 'uri' | 'version'>): Problem[] {
    const linted = this.entries.get(document.uri)?.linted?.analysis;
    return linted?.ok && linted.version === document.version ? (linted.problems ?? []) : [];
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }

  private entry(uri: string): Entry {
    let entry = this.entries.get(uri);
    if (!entry) {
      entry = { linted: null, parsed: null, lastGood: [] };
      this.entries.set(uri, entry);
    }
    return entry;
  }
}
