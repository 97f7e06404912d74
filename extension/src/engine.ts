// Everything the extension does that needs the parser, the linter or the plugin, behind one
// object. Bundled apart from extension.ts and loaded on first use, so activation stays cheap.
import plugin from '../../eslint-plugin/src/index';
import type { TextEdit } from '../../eslint-plugin/src/fixes/edits';
import { Analyzer, type DocumentInput, type Problem } from './core/analyzer';
import { CARD_SOURCES, CardBook } from './core/cards';
import { codeActions, type CoreAction, type DiagnosticRef } from './core/code-actions';
import { DocumentStore, type LintOutcome } from './core/document-store';
import { hoverTargetAt, renderHover } from './core/hover';
import { CHOOSER, PRIMITIVE_IDS, planInsertion, templateFor, type InsertionPlan, type PrimitiveId } from './core/primitives';
import type { LockLibrary, Preset } from './core/settings';

export interface HoverResult {
  markdown: string;
  range: [number, number];
}

export interface PrimitiveCompletion {
  id: PrimitiveId;
  label: string;
  /** What the editor filters on. */
  filterText: string;
  detail: string;
  /** The snippet replaces the typed word; `edits` (imports, declarations) lie before it. */
  plan: InsertionPlan;
}

export interface Engine {
  lint(document: DocumentInput, preset: Preset): LintOutcome;
  forget(uri: string): void;
  hover(document: DocumentInput, offset: number): HoverResult | null;
  codeActions(document: DocumentInput, diagnostics: readonly DiagnosticRef[], selection: readonly [number, number], lockLibrary: LockLibrary): CoreAction[];
  /** Null while the document does not parse. */
  insertPrimitive(document: DocumentInput, id: PrimitiveId, offset: number, lockLibrary: LockLibrary): InsertionPlan | null;
  /** Snippet completions for a word alone on its line that starts like "interleave". */
  completions(document: DocumentInput, word: readonly [number, number], lockLibrary: LockLibrary): PrimitiveCompletion[];
}

export function createEngine(): Engine {
  const analyzer = new Analyzer();
  const store = new DocumentStore(analyzer);
  const book = new CardBook(CARD_SOURCES);
  const knownRules = new Set(Object.keys(plugin.rules));
  const typescript = (document: DocumentInput): boolean => document.languageId.startsWith('typescript');

  return {
    lint: (document, preset) => store.lint(document, preset),
    forget: (uri) => store.forget(uri),
    hover(document, offset) {
      const parsed = store.parsed(document);
      const target = parsed && hoverTargetAt(parsed.sourceCode, offset);
      return target ? { markdown: renderHover(target, book, knownRules), range: target.range } : null;
    },
    codeActions(document, diagnostics, selection, lockLibrary) {
      const parsed = store.parsed(document);
      return codeActions({
        text: document.text,
        sourceCode: parsed?.sourceCode ?? null,
        problems: store.currentProblems(document),
        diagnostics,
        selection,
        lockLibrary,
      });
    },
    insertPrimitive(document, id, offset, lockLibrary) {
      const parsed = store.parsed(document);
      return parsed ? planInsertion(id, { sourceCode: parsed.sourceCode, offset, typescript: typescript(document), lockLibrary }) : null;
    },
    completions(document, [start, end], lockLibrary) {
      const typed = document.text.slice(start, end);
      if (!isInterleavePrefix(typed)) return [];
      const text = document.text.slice(0, start) + document.text.slice(end);
      const analysis = analyzer.analyze({ ...document, text, version: -1 }, { preset: 'recommended', rules: false });
      if (!analysis.ok) return [];
      const completions: PrimitiveCompletion[] = [];
      for (const id of PRIMITIVE_IDS) {
        const plan = planInsertion(id, { sourceCode: analysis.sourceCode, offset: start, typescript: typescript(document), lockLibrary });
        // Only where the code goes at the cursor, with every other edit before the typed word.
        if (plan.snippet.offset !== start || plan.edits.some((edit) => edit.range[1] > start)) continue;
        completions.push({ id, label: `interleave: ${labelOf(id)}`, filterText: `interleave${id.replace(/-/g, '')}`, detail: detailOf(id, lockLibrary), plan });
      }
      return completions;
    },
  };
}

function isInterleavePrefix(word: string): boolean {
  const lower = word.toLowerCase();
  return (lower.length >= 3 && 'interleave'.startsWith(lower)) || lower.startsWith('interleave');
}

function labelOf(id: PrimitiveId): string {
  for (const choice of CHOOSER) {
    if (choice.next === id) return choice.label.split(' — ')[0]!.toLowerCase();
    if (typeof choice.next !== 'string') {
      const variant = choice.next.find((candidate) => candidate.next === id);
      if (variant) return `${choice.label.split(' — ')[0]!.toLowerCase()}, ${variant.label.toLowerCase()}`;
    }
  }
  return id;
}

function detailOf(id: PrimitiveId, lockLibrary: LockLibrary): string {
  const imports = templateFor(id, lockLibrary).imports.map((entry) => `${entry.name} from ${entry.source}`);
  return imports.length > 0 ? `Inserts the code and imports ${imports.join(', ')}` : 'Inserts the code (no package needed)';
}

export type { CoreAction, DiagnosticRef, DocumentInput, InsertionPlan, PrimitiveId, Problem, TextEdit };
export { CHOOSER, CHOOSER_QUESTION, editorSnippetBody, shiftOffset } from './core/primitives';
