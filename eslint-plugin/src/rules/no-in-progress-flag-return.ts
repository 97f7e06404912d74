import { getModel } from '../analysis/model';
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
        'While `{{flag}}` is set (line {{set}} until line {{cleared}}), {{fn}} returns on line {{exit}} at once, before the call in progress has finished its work: a caller waiting for {{fn}} goes on as if it were done. Keep the in-flight promise in a field and return it to every caller (`this.pending ??= this.run().finally(() => { this.pending = undefined; })`).',
    },
    defaultOptions: [],
  },
  create(context) {
    return {
      ':function'(fn: FunctionNode) {
        // Callback-style code needs no `await` to hand a caller back too early.
        const found = inProgressReturn(fn, getModel(context));
        if (found) report(fn, found);
      },
    };

    function report(fn: FunctionNode, found: InProgressReturn): void {
      context.report({
        node: found.check,
        messageId: 'returnsWhileInProgress',
        data: {
          flag: context.sourceCode.getText(found.flag),
          set: found.set.loc.start.line,
          cleared: found.cleared.loc.start.line,
          fn: functionName(fn),
          exit: found.exit.loc.start.line,
        },
      });
    }
  },
});
