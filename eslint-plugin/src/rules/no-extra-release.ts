import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction } from '../analysis/ast';
import { holdAnalysis, mayHold, type ExtraRelease } from '../analysis/holds';
import type { LockKind } from '../analysis/libraries';
import { interleavingModel } from '../analysis/model';
import { createRule } from '../util/create-rule';

type MessageIds = 'repeatedReleaser' | 'overRelease';

/** What giving back one release too many does, by lock kind (the lock's own release method). */
const CONSEQUENCES: Partial<Record<LockKind, string>> = {
  mutex: "async-mutex's `release()` frees the lock whoever holds it by then, so a second task enters its critical section",
  'await-lock': 'await-lock throws `Cannot release an unacquired lock` when the lock is free, and otherwise frees the hold of the task that has it, so a second task enters',
};
const PERMIT_CONSEQUENCE =
  "It adds a permit nobody took: from then on one task more than the limit runs at once (asyncio's BoundedSemaphore raises `ValueError` here; this library does not check)";

export default createRule<[], MessageIds>({
  name: 'no-extra-release',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow releasing a lock or permit more times than the function acquired it on some path',
      presets: ['recommended'],
    },
    schema: [],
    messages: {
      repeatedReleaser:
        '`{{call}}` on line {{line}} runs a second time on this path: {{previous}} already released what line {{acquireLine}} acquired. async-mutex ignores a releaser\'s second call, so this one does nothing except suggest the lock is still held here. Remove it.',
      overRelease:
        '`{{call}}` on line {{line}} releases more than this function acquired on this path: {{previous}} already gave back what line {{acquireLine}} took. {{consequence}}.',
    },
    defaultOptions: [],
  },
  create(context) {
    const sourceCode = context.sourceCode;
    // Decided once per file: without an acquire of a lock in it, no call needs a look.
    const model = interleavingModel(context);
    if (!model || !mayHold(model)) return {};
    return {
      CallExpression(node) {
        const fn = enclosingFunction(node);
        if (!fn) return;
        const extra = holdAnalysis(fn, model).extras.get(node);
        if (extra) report(node, extra);
      },
    };

    function report(node: TSESTree.CallExpression, extra: ExtraRelease): void {
      const call = sourceCode.getText(node).replace(/\s+/g, ' ');
      const line = node.loc.start.line;
      const byReleaser = node.callee.type === AST_NODE_TYPES.Identifier && extra.hold.releaser?.name === node.callee.name;
      const data = {
        call,
        line,
        // A loop's release meeting itself: the previous round gave the lock back.
        previous: extra.previous === node ? 'the same call, in an earlier round of the loop,' : `line ${extra.previous.loc.start.line}`,
        acquireLine: extra.hold.acquire.loc.start.line,
        consequence: CONSEQUENCES[extra.hold.lock.protocol.kind] ?? PERMIT_CONSEQUENCE,
      };
      context.report({ node, messageId: byReleaser ? 'repeatedReleaser' : 'overRelease', data });
    }
  },
});
