// The engine worker: a Node process the extension host forks, which answers requests in order.
// It loads a checker (ESLint's Linter with the plugin, ...) on the first request that needs it.
import type { RequestMessage } from '../core/protocol';
import { answer, handlers } from './dispatch';
import { Engines } from './engines';

const table = handlers(new Engines());
/** Requests are answered one after another, in the order they came (a checker may load asynchronously). */
let previous: Promise<unknown> = Promise.resolve();

process.on('message', (request: RequestMessage) => {
  previous = previous.then(async () => process.send!(await answer(table, request)));
});
// The extension host went away: nothing will ask again.
process.on('disconnect', () => process.exit(0));
