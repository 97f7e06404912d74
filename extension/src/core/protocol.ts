// The messages between the extension host and an engine worker. One contract for every
// language: a document and its settings go in; problems, hovers and edits come out.
import type { DocumentInput, Problem } from './analyzer';
import type { CoreAction, DiagnosticRef } from './code-actions';
import type { LockSettings, LockSettingsSources } from './config-settings';
import type { LintOutcome } from './document-store';
import type { Choice, PrimitiveId } from './primitives';
import type { LockLibrary, Preset } from './settings';
import type { TextEdit } from '../../../eslint-plugin/src/fixes/edits';

/** What an engine is told besides the text: the preset, the lock library and the user's lock declarations (`settings.interleave`). */
export interface EngineSettings {
  preset: Preset;
  lockLibrary: LockLibrary;
  /** `settings.interleave` as an ESLint config holds it (wrappers, lock factories), or null. */
  interleave: Record<string, unknown> | null;
}

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
  /** The snippet's body (replacing the typed word) and the edits before it (imports, declarations). */
  snippet: string;
  edits: TextEdit[];
}

/** A primitive's code, ready for the editor: edits first, then the snippet at `snippetOffset` of the edited text. */
export interface PrimitiveInsertion {
  edits: TextEdit[];
  snippetOffset: number;
  snippet: string;
}

/** Each request's parameters and answer. */
export interface Methods {
  lint: { params: { document: DocumentInput; settings: EngineSettings }; result: LintOutcome };
  /** Parses a version ahead of hovers and code actions. */
  prepare: { params: { document: DocumentInput; settings: EngineSettings }; result: null };
  hover: { params: { document: DocumentInput; offset: number; settings: EngineSettings }; result: HoverResult | null };
  codeActions: {
    params: {
      document: DocumentInput;
      settings: EngineSettings;
      /** The latest finished analysis of exactly this version (empty when there is none yet). */
      problems: Problem[];
      diagnostics: DiagnosticRef[];
      selection: [number, number];
    };
    result: CoreAction[];
  };
  completions: { params: { document: DocumentInput; word: [number, number]; settings: EngineSettings }; result: PrimitiveCompletion[] };
  /** Null while the document does not parse. */
  insertPrimitive: { params: { document: DocumentInput; id: PrimitiveId; offset: number; settings: EngineSettings }; result: PrimitiveInsertion | null };
  chooser: { params: Record<string, never>; result: { question: string; choices: readonly Choice[] } };
  /** The user's lock declarations from the editor settings and the config file (read, never run), checked. */
  lockSettings: { params: LockSettingsSources; result: LockSettings };
  forget: { params: { uri: string }; result: null };
}

export type Method = keyof Methods;

export interface RequestMessage<M extends Method = Method> {
  id: number;
  method: M;
  params: Methods[M]['params'];
}

export type ResponseMessage = { id: number; result: unknown } | { id: number; error: string };

export function isResponse(message: unknown): message is ResponseMessage {
  return typeof message === 'object' && message !== null && typeof (message as { id?: unknown }).id === 'number' && ('result' in message || 'error' in message);
}
