import type { TSESTree } from '@typescript-eslint/utils';
import { getLockGraph, type LockGraph, type Nesting } from '../analysis/lock-graph';
import { getModel } from '../analysis/model';
import { createRule } from '../util/create-rule';

type MessageIds = 'inversion';

export default createRule<[], MessageIds>({
  name: 'no-lock-order-inversion',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow taking two locks in one order in one place and in the opposite order in another',
      presets: ['recommended'],
    },
    schema: [],
    messages: {
      inversion:
        '`{{call}}` {{action}} {{second}}{{where}} while holding {{first}} (taken on line {{outer}}), but line {{otherSite}} takes {{first}} while holding {{second}} (taken on line {{otherOuter}}): when both run at once, each can hold one lock and wait forever for the other. Take the two locks in the same order everywhere.',
    },
    defaultOptions: [],
  },
  create(context) {
    return {
      'Program:exit'() {
        const model = getModel(context);
        if (!model.mayHaveLocks) return;
        const graph = getLockGraph(model);
        const nestings = graph.nestings
          .filter((nesting) => isOrdering(graph, nesting))
          .sort((a, b) => a.site.range[0] - b.site.range[0]);
        const reported = new Set<TSESTree.CallExpression>();
        for (const later of nestings) {
          if (reported.has(later.site)) continue;
          const earlier = nestings.find(
            (candidate) => candidate.site.range[0] < later.site.range[0] && opposite(graph, candidate, later),
          );
          if (!earlier) continue;
          reported.add(later.site);
          report(graph, later, earlier);
        }
      },
    };

    function report(graph: LockGraph, later: Nesting, earlier: Nesting): void {
      const { site, inner, holding } = later;
      context.report({
        node: site,
        messageId: 'inversion',
        data: {
          call: `${context.sourceCode.getText(site.callee)}(${site.arguments.length > 0 ? '…' : ''})`,
          action: inner.takes ? 'takes' : 'waits for',
          second: graph.describe(inner),
          first: graph.describe(holding.section),
          where: site === inner.call ? '' : ` on line ${inner.call.loc.start.line}`,
          outer: holding.section.entry.loc.start.line,
          otherSite: earlier.site.loc.start.line,
          otherOuter: earlier.holding.section.entry.loc.start.line,
        },
      });
    }
  },
});

/** Two different locks held one inside the other, each shutting other holders out. */
function isOrdering(graph: LockGraph, { holding, inner }: Nesting): boolean {
  return inner.waits && inner.excludes && holding.section.excludes && !graph.sameLockAt(holding.section, inner);
}

/** `a` nests X then Y, `b` nests Y then X. */
function opposite(graph: LockGraph, a: Nesting, b: Nesting): boolean {
  return graph.sameLockAt(a.holding.section, b.inner) && graph.sameLockAt(a.inner, b.holding.section);
}
