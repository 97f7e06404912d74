import type { TSESTree } from '@typescript-eslint/utils';
import { getLockGraph, type LockGraph, type Nesting } from '../analysis/lock-graph';
import { lockClassName } from '../analysis/locks';
import { getModel } from '../analysis/model';
import { createRule } from '../util/create-rule';

type MessageIds = 'reentry' | 'permitExhaustion';

export default createRule<[], MessageIds>({
  name: 'no-self-deadlock',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow taking a lock inside a critical section that already holds it, directly or through a function of the module',
      presets: ['recommended'],
    },
    schema: [],
    messages: {
      reentry:
        '`{{call}}` {{action}} {{lock}}{{where}}, but the critical section entered on line {{outer}} already holds it and waits for this call to finish: {{library}} is not re-entrant, so the call waits for itself forever.',
      permitExhaustion:
        '`{{call}}` takes another permit of {{lock}}{{where}} while the section entered on line {{outer}} keeps its own permit until this call finishes: once every permit is held by a task waiting here, none can finish and all of them wait forever.',
    },
    defaultOptions: [],
  },
  create(context) {
    return {
      'Program:exit'() {
        const model = getModel(context);
        if (!model.mayHaveLocks) return;
        const graph = getLockGraph(model);
        const reported = new Set<TSESTree.CallExpression>();
        for (const nesting of graph.nestings) {
          if (reported.has(nesting.site) || !deadlocks(graph, nesting)) continue;
          reported.add(nesting.site);
          report(graph, nesting);
        }
      },
    };

    function report(graph: LockGraph, { holding, inner, site }: Nesting): void {
      const sourceCode = context.sourceCode;
      const callee = sourceCode.getText(site.callee);
      const exclusive = inner.excludes || holding.section.excludes;
      context.report({
        node: site,
        messageId: exclusive ? 'reentry' : 'permitExhaustion',
        data: {
          call: `${callee}(${site.arguments.length > 0 ? '…' : ''})`,
          action: inner.takes ? 'takes' : 'waits for',
          lock: graph.describe(inner),
          where: site === inner.call ? '' : ` on line ${inner.call.loc.start.line}`,
          outer: holding.section.entry.loc.start.line,
          library: lockClassName(inner.lock),
        },
      });
    }
  },
});

/** The inner acquisition cannot be granted while the outer section holds the lock. */
function deadlocks(graph: LockGraph, { holding, inner }: Nesting): boolean {
  if (!graph.holdsSameLock(holding, inner) || graph.isReentrant(inner.lock)) return false;
  // Shared Web Locks coexist; an exclusive request on either side waits for the other.
  if (inner.lock.protocol.kind === 'web-lock') return inner.excludes || holding.section.excludes;
  // A p-queue without a concurrency bound never makes a task wait.
  if (inner.lock.permits === Number.POSITIVE_INFINITY) return false;
  // Waiting for one free permit of several succeeds once any other holder finishes.
  return inner.takes || inner.excludes;
}
