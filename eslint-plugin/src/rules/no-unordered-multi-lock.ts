import { AST_NODE_TYPES, type TSESLint } from '@typescript-eslint/utils';
import { getLockGraph } from '../analysis/lock-graph';
import { lockSet, type LockSet } from '../analysis/lock-sets';
import { interleavingModel } from '../analysis/model';
import { createRule } from '../util/create-rule';
import { shorten } from '../util/describe';

type MessageIds = 'dataOrder' | 'allAtOnce' | 'sortKeys';

export default createRule<[], MessageIds>({
  name: 'no-unordered-multi-lock',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow holding several exclusive locks chosen from data at once unless they are taken one at a time in a fixed order',
      presets: ['recommended'],
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      dataOrder:
        'The loop on line {{line}} takes {{lock}} for each element of `{{collection}}` in the order the data comes, and holds them together: two calls whose keys overlap in another order each hold a lock the other waits for, and both wait forever. Take the locks in a fixed order (sort the keys), or use one lock.',
      allAtOnce:
        '`Promise.all` takes {{lock}} for every element of `{{collection}}` at once, {{why}}: two calls whose keys overlap can each get a lock the other waits for, and both wait forever. Take the locks one at a time in sorted order, or use one lock.',
      sortKeys: 'Iterate over `[...{{collection}}].sort()`, so every caller takes the locks in the same order.',
    },
    defaultOptions: [],
  },
  create(context) {
    const sourceCode = context.sourceCode;
    return {
      'Program:exit'() {
        const model = interleavingModel(context);
        if (!model?.mayHaveLocks) return;
        const graph = getLockGraph(model);
        for (const acquisition of graph.acquisitions) {
          const found = lockSet(acquisition, model);
          if (!found) continue;
          const collection = shorten(sourceCode.getText(found.collection));
          const lock = graph.describe(acquisition);
          if (found.form === 'loop') {
            context.report({ node: acquisition.call, messageId: 'dataOrder', data: { line: found.over.loc.start.line, lock, collection }, suggest: sortSuggestion(found) });
          } else {
            const why =
              acquisition.lock.protocol.kind === 'project-mutex'
                ? "and a lock of the project's own need not grant them in the order they were asked for"
                : 'after an `await` in the callback, so calls interleave their requests';
            context.report({ node: acquisition.call, messageId: 'allAtOnce', data: { lock, collection, why } });
          }
        }
      },
    };

    /** `for (const key of [...keys].sort())`: only for `for…of` over a plain name or property. */
    function sortSuggestion(found: LockSet): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      const loop = found.over;
      const right = found.collection;
      if (loop.type !== AST_NODE_TYPES.ForOfStatement || (right.type !== AST_NODE_TYPES.Identifier && right.type !== AST_NODE_TYPES.MemberExpression)) return [];
      const text = sourceCode.getText(right);
      return [{ messageId: 'sortKeys', data: { collection: text }, fix: (fixer) => fixer.replaceText(right, `[...${text}].sort()`) }];
    }
  },
});
