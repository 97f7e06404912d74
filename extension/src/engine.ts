// The JavaScript/TypeScript checker the worker loads (bundled apart, loaded on first use: it
// carries ESLint's Linter, the TypeScript parser and the plugin). Everything here runs in the
// worker, never on the extension host's thread.
import plugin from '../../eslint-plugin/src/index';
import { modelFor } from '../../eslint-plugin/src/analysis/model';
import { Analyzer, type DocumentInput } from './core/analyzer';
import { CARD_SOURCES, CardBook, renderHover } from './core/cards';
import { codeActions } from './core/code-actions';
import { lockSettings } from './core/config-settings';
import { DocumentStore, type ParsedAnalysis } from './core/document-store';
import { hoverTargetAt } from './core/hover';
import { isInterleavePrefix, primitiveCompletions } from './core/chooser';
import { CHOOSER, CHOOSER_QUESTION, editorSnippetBody, planInsertion, shiftOffset, templateFor, type PrimitiveId } from './core/primitives';
import type { LanguageEngine } from './worker/engines';
import type { EngineSettings } from './core/protocol';
import type { LockLibrary } from './core/settings';

export function createEngine(): LanguageEngine {
  const book = new CardBook(CARD_SOURCES);
  const knownRules = new Set(Object.keys(plugin.rules));
  const typescript = (document: DocumentInput): boolean => document.languageId.startsWith('typescript');
  // The user's lock declarations change how files are linted and parsed models read: a change
  // starts afresh (it is rare; a workspace has one set).
  let declarations: string | null = null;
  let settingsObject: Record<string, unknown> | undefined;
  let analyzer = new Analyzer();
  let store = new DocumentStore(analyzer);
  const use = (settings: EngineSettings): void => {
    const key = JSON.stringify(settings.interleave);
    if (key === declarations) return;
    declarations = key;
    settingsObject = settings.interleave ? { interleave: settings.interleave } : undefined;
    analyzer = new Analyzer(settingsObject);
    store = new DocumentStore(analyzer);
  };
  /** The parsed document with its model built on the user's declarations (hovers and actions read the model). */
  const parsed = (document: DocumentInput, settings: EngineSettings): ParsedAnalysis | null => {
    use(settings);
    const analysis = store.parsed(document);
    if (analysis) modelFor(analysis.sourceCode, settingsObject);
    return analysis;
  };

  return {
    lint(document, settings) {
      use(settings);
      return store.lint(document, settings.preset);
    },
    prepare(document, settings) {
      parsed(document, settings);
    },
    forget: (uri) => store.forget(uri),
    hover(document, offset, settings) {
      const analysis = parsed(document, settings);
      const target = analysis && hoverTargetAt(analysis.sourceCode, offset);
      return target ? { markdown: renderHover(target, book, knownRules), range: target.range } : null;
    },
    codeActions({ document, settings, problems, diagnostics, selection }) {
      const analysis = parsed(document, settings);
      return codeActions({ text: document.text, sourceCode: analysis?.sourceCode ?? null, problems, diagnostics, selection, lockLibrary: settings.lockLibrary });
    },
    insertPrimitive(document, id, offset, settings) {
      const analysis = parsed(document, settings);
      if (!analysis) return null;
      const plan = planInsertion(id, { sourceCode: analysis.sourceCode, offset, typescript: typescript(document), lockLibrary: settings.lockLibrary });
      return { edits: plan.edits, snippetOffset: shiftOffset(plan.snippet.offset, plan.edits), snippet: editorSnippetBody(document.text, plan.snippet) };
    },
    completions(document, [start, end], settings) {
      if (!isInterleavePrefix(document.text.slice(start, end))) return [];
      use(settings);
      const text = document.text.slice(0, start) + document.text.slice(end);
      const analysis = analyzer.analyze({ ...document, text, version: -1 }, { preset: 'recommended', rules: false });
      if (!analysis.ok) return [];
      modelFor(analysis.sourceCode, settingsObject);
      return primitiveCompletions(
        start,
        (id) => planInsertion(id, { sourceCode: analysis.sourceCode, offset: start, typescript: typescript(document), lockLibrary: settings.lockLibrary }),
        (id) => detailOf(id, settings.lockLibrary),
      );
    },
    chooser: () => ({ question: CHOOSER_QUESTION, choices: CHOOSER }),
    lockSettings,
  };
}

function detailOf(id: PrimitiveId, lockLibrary: LockLibrary): string {
  const imports = templateFor(id, lockLibrary).imports.map((entry) => `${entry.name} from ${entry.source}`);
  return imports.length > 0 ? `Inserts the code and imports ${imports.join(', ')}` : 'Inserts the code (no package needed)';
}
