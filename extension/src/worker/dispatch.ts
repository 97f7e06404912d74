// One request to the worker, answered by the checker of the document's language.
import type { Methods, RequestMessage, ResponseMessage } from '../core/protocol';
import type { Engines } from './engines';

type Handlers = { [M in keyof Methods]: (params: Methods[M]['params']) => Methods[M]['result'] };

export function handlers(engines: Engines): Handlers {
  return {
    lint: ({ document, settings }) => engines.for(document.languageId).lint(document, settings),
    prepare: ({ document, settings }) => (engines.for(document.languageId).prepare(document, settings), null),
    hover: ({ document, offset, settings }) => engines.for(document.languageId).hover(document, offset, settings),
    codeActions: (params) => engines.for(params.document.languageId).codeActions(params),
    completions: ({ document, word, settings }) => engines.for(document.languageId).completions(document, word, settings),
    insertPrimitive: ({ document, id, offset, settings }) => engines.for(document.languageId).insertPrimitive(document, id, offset, settings),
    chooser: () => engines.primary.chooser(),
    lockSettings: (sources) => engines.primary.lockSettings(sources),
    forget: ({ uri }) => (engines.forget(uri), null),
  };
}

/** The response to one request; a checker's exception becomes an error answer, never a dead worker. */
export function answer(table: Handlers, request: RequestMessage): ResponseMessage {
  try {
    const handler = table[request.method] as (params: unknown) => unknown;
    if (!handler) return { id: request.id, error: `Unknown request "${String(request.method)}".` };
    return { id: request.id, result: handler(request.params) };
  } catch (error) {
    return { id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}
