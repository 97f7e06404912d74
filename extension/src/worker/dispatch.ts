// One request to the worker, answered by the checker of the document's language.
import type { Methods, RequestMessage, ResponseMessage } from '../core/protocol';
import type { Engines } from './engines';

type Handlers = { [M in keyof Methods]: (params: Methods[M]['params']) => Promise<Methods[M]['result']> };

export function handlers(engines: Engines): Handlers {
  return {
    lint: async ({ document, settings }) => (await engines.for(document.languageId)).lint(document, settings),
    prepare: async ({ document, settings }) => ((await engines.for(document.languageId)).prepare(document, settings), null),
    hover: async ({ document, offset, settings }) => (await engines.for(document.languageId)).hover(document, offset, settings),
    codeActions: async (params) => (await engines.for(params.document.languageId)).codeActions(params),
    completions: async ({ document, word, settings }) => (await engines.for(document.languageId)).completions(document, word, settings),
    insertPrimitive: async ({ document, id, offset, settings }) => (await engines.for(document.languageId)).insertPrimitive(document, id, offset, settings),
    chooser: async () => (await engines.primary).chooser(),
    lockSettings: async (sources) => (await engines.primary).lockSettings(sources),
    forget: async ({ uri }) => (await engines.forget(uri), null),
  };
}

/** The response to one request; a checker's exception becomes an error answer, never a dead worker. */
export async function answer(table: Handlers, request: RequestMessage): Promise<ResponseMessage> {
  try {
    const handler = table[request.method] as (params: unknown) => Promise<unknown>;
    if (!handler) return { id: request.id, error: `Unknown request "${String(request.method)}".` };
    return { id: request.id, result: await handler(request.params) };
  } catch (error) {
    return { id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}
