// The worker's checkers, one per entry of `LANGUAGES`, each loaded from its bundle the first
// time a document of its languages needs it.
import path from 'node:path';
import type { DocumentInput } from '../core/analyzer';
import type { CoreAction } from '../core/code-actions';
import type { LockSettings, LockSettingsSources } from '../core/config-settings';
import type { LintOutcome } from '../core/document-store';
import { LANGUAGES, languageOf, type LanguageEntry } from '../core/languages';
import type { Choice, PrimitiveId } from '../core/primitives';
import type { EngineSettings, HoverResult, Methods, PrimitiveCompletion, PrimitiveInsertion } from '../core/protocol';

/** What a language's checker does for the editor: text and settings in; problems, hovers and edits out. */
export interface LanguageEngine {
  lint(document: DocumentInput, settings: EngineSettings): LintOutcome;
  /** Parses a version ahead of hovers and code actions. */
  prepare(document: DocumentInput, settings: EngineSettings): void;
  forget(uri: string): void;
  hover(document: DocumentInput, offset: number, settings: EngineSettings): HoverResult | null;
  codeActions(request: Methods['codeActions']['params']): CoreAction[];
  completions(document: DocumentInput, word: readonly [number, number], settings: EngineSettings): PrimitiveCompletion[];
  /** Null while the document does not parse. */
  insertPrimitive(document: DocumentInput, id: PrimitiveId, offset: number, settings: EngineSettings): PrimitiveInsertion | null;
  /** The questions of "Choose a primitive". */
  chooser(): { question: string; choices: readonly Choice[] };
  lockSettings(sources: LockSettingsSources): LockSettings;
}

/** A checker, or the promise of one whose loading is asynchronous (a WebAssembly parser). */
export type EngineLoad = LanguageEngine | Promise<LanguageEngine>;

export class Engines {
  private readonly loaded = new Map<LanguageEntry, Promise<LanguageEngine>>();

  constructor(private readonly load: (entry: LanguageEntry) => EngineLoad = requireBundle) {}

  /** The checker of a language id; rejects for a language no entry checks. */
  async for(languageId: string): Promise<LanguageEngine> {
    const entry = languageOf(languageId);
    if (!entry) throw new Error(`No Interleave checker for the language "${languageId}".`);
    return this.of(entry);
  }

  /** The first entry's checker: for what belongs to no document (the primitive chooser, the ESLint config's settings). */
  get primary(): Promise<LanguageEngine> {
    return this.of(LANGUAGES[0]!);
  }

  /** Drops a document from every checker loaded. */
  async forget(uri: string): Promise<void> {
    for (const engine of await Promise.all(this.loaded.values())) engine.forget(uri);
  }

  private of(entry: LanguageEntry): Promise<LanguageEngine> {
    let engine = this.loaded.get(entry);
    if (!engine) {
      // A checker that failed to load is tried again on the next request.
      engine = Promise.resolve()
        .then(() => this.load(entry))
        .catch((error: unknown) => {
          this.loaded.delete(entry);
          throw error;
        });
      this.loaded.set(entry, engine);
    }
    return engine;
  }
}

function requireBundle(entry: LanguageEntry): EngineLoad {
  return (require(path.join(__dirname, entry.bundle)) as { createEngine(directory: string): EngineLoad }).createEngine(__dirname);
}
