import { interleavingModel } from '../analysis/model';
import { inProgressReturn, type InProgressReturn } from '../analysis/in-progress';
import type { FunctionNode } from '../analysis/ast';
import { createRule } from '../util/create-rule';
import { functionName } from '../util/describe';

type MessageIds = 'returnsWhileInProgress';

export default createRule<[], MessageIds>({
  name: 'no-in-progress-flag-return',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow an "in progress" flag that makes concurrent callers return before the work they asked for is done',
      presets: ['recommended'],
    },
    schema: [],
    messages: {
      returnsWhileInProgress:
        'While `{{flag}}` is set (line {{set}} until line {{cleared}}), {{fn}} returns here at once, before the call in progress has finished its work: a caller awaiting {{fn}} goes on as if it were done. Keep the in-flight promise in a field and return it to every caller (`this.pending ??= this.run().finally(() => { this.pending = undefined; })`).',
    },
    defaultOptions: [],
  },
  create(context) {
    return {
      'Program:exit'() {
        const model = interleavingModel(context);
        if (!model) return;
        for (const fn of model.functions) {
          const found = inProgressReturn(fn, model);
          if (found) report(fn, found);
        }
      },
    };

    function report(fn: FunctionNode, found: InProgressReturn): void {
      context.report({
        node: found.exit,
        messageId: 'returnsWhileInProgress',
        data: {
          flag: context.sourceCode.getText(found.flag),
          set: found.set.loc.start.line,
          cleared: found.cleared.loc.start.line,
          fn: functionName(fn),
        },
      });
    }
  },
});
