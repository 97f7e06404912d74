import { sameSubject } from '../analysis/flow';
import { isLockLike } from '../analysis/primitives';
import { inExcept, inFinally, walkBody } from '../analysis/syntax';
import { acquireToAsyncWith } from '../fixes/acquire-to-async-with';
import { lineOf, quote, type PythonRule } from './rule';

/**
 * `await x.acquire()` whose `x.release()` in the same function is not in a `finally`, with code
 * between them that can raise or return: then the lock stays held and later callers wait forever.
 * A function that acquires and never releases hands the permit on (a pool's checkout()).
 */
export const requireReleaseInFinally: PythonRule = {
  id: 'require-release-in-finally',
  description: '`await x.acquire()` whose `release()` is not in a `finally`, with code between that can raise or return.',
  recommended: true,
  check({ model, report }) {
    for (const fn of model.coroutines()) {
      const flow = model.flow(fn);
      for (const acquire of flow.primitiveCalls) {
        if (acquire.method !== 'acquire' || !acquire.awaited || !isLockLike(acquire.primitive)) continue;
        const releases = flow.primitiveCalls.filter((call) => call.method === 'release' && call.seq > acquire.seq && sameSubject(call, acquire));
        // Released only when something failed: the permit is handed on (`__aenter__` keeps it for `__aexit__`).
        const onFailureOnly = releases.every((release) => inExcept(release.call, fn.node));
        if (releases.length === 0 || onFailureOnly || releases.some((release) => inFinally(release.call, fn.node))) continue;
        const release = releases[0]!;
        const between = (start: number, end: number): boolean => acquire.call.endIndex < start && end < release.call.startIndex;
        const canLeave =
          flow.calls.some((site) => site.seq > acquire.seq && site.seq < release.seq && site.call.id !== release.call.id) ||
          [...walkBody(fn.node)].some((node) => (node.type === 'return_statement' || node.type === 'raise_statement') && between(node.startIndex, node.endIndex));
        if (!canLeave) continue;
        const fix = acquireToAsyncWith(model.text, acquire.call, release.call, acquire.subject.text);
        report({
          node: acquire.call,
          message: `${quote(acquire.subject)} is acquired on line ${lineOf(acquire.call)} and released on line ${lineOf(release.call)}, but not in a \`finally\`: a return or an exception in between leaves it held, and every later caller waits forever. Use \`async with ${acquire.subject.text}:\`, or release in \`finally\`.`,
          suggestions: fix ? [fix] : [],
        });
      }
    }
  },
};
