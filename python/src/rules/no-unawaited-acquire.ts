import { isLockLike } from '../analysis/primitives';
import { quote, type PythonRule } from './rule';

/** `lock.acquire()` on an asyncio primitive as a statement: the coroutine is created and never runs. */
export const noUnawaitedAcquire: PythonRule = {
  id: 'no-unawaited-acquire',
  description: '`acquire()` of an asyncio Lock, Semaphore or Condition whose coroutine is never awaited.',
  recommended: true,
  check({ model, report }) {
    for (const fn of model.functions) {
      for (const call of model.flow(fn).primitiveCalls) {
        if (call.method !== 'acquire' || call.awaited || !isLockLike(call.primitive) || call.call.parent?.type !== 'expression_statement') continue;
        const awaitIt = { start: call.call.startIndex, end: call.call.startIndex, text: 'await ' };
        report({
          node: call.call,
          message: `${quote(call.call)} only creates a coroutine: asyncio's \`acquire()\` must be awaited, so nothing is held and the code after it runs unprotected. Write \`await ${call.call.text}\`, or use \`async with ${call.subject.text}:\`.`,
          suggestions: fn.async ? [{ title: `Await ${call.call.text}`, edits: [awaitIt] }] : [],
        });
      }
    }
  },
};
