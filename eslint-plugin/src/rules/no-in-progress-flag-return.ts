import { getModel } from '../analysis/model';
import { inProgressReturn, mayTestOrSetFlag, sharedBusyFlag, type InProgressReturn } from '../analysis/in-progress';
import type { FunctionNode } from '../analysis/ast';
import { createRule } from '../util/create-rule';
import { functionName } from '../util/describe';

type Options = [{ sharedFlags?: boolean }];
type MessageIds = 'returnsWhileInProgress' | 'skipsWhileInProgress' | 'sharedFlag';

export default createRule<Options, MessageIds>({
  name: 'no-in-progress-flag-return',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow an "in progress" flag that makes concurrent callers return before the work they asked for is done',
      presets: ['recommended'],
      strictOptions: { sharedFlags: true },
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          sharedFlags: {
            type: 'boolean',
            description: 'Also report a busy flag that overlapping calls share: the first call to finish clears it while another is still working.',
          },
        },
      },
    ],
    messages: {
      returnsWhileInProgress:
        'While `{{flag}}` is set (line {{set}} until line {{cleared}}), {{fn}} returns on line {{exit}} at once, before the call in progress has finished its work: a caller waiting for {{fn}} goes on as if it were done. Keep the in-flight promise in a field and return it to every caller (`this.pending ??= this.run().finally(() => { this.pending = undefined; })`).',
      skipsWhileInProgress:
        'While `{{flag}}` is set (line {{set}} until line {{cleared}}), {{fn}} skips this block and {{goesOn}} at once, before the call in progress has finished its work: a caller waiting for {{fn}} goes on as if it were done. Keep the in-flight promise in a field and await it in every call (`this.pending ??= this.run().finally(() => { this.pending = undefined; }); await this.pending;`).',
      sharedFlag:
        '`{{flag}}` is set on line {{set}} and cleared on line {{cleared}} when this call\'s work ends, but nothing keeps a second call out meanwhile: the first call to finish clears it while the other still works, and the check on line {{check}} goes on too early. Count the calls in progress, or keep their promises and wait for all of them.',
    },
    defaultOptions: [{ sharedFlags: false }],
  },
  create(context, [{ sharedFlags = false }]) {
    return {
      ':function'(fn: FunctionNode) {
        // Callback-style code needs no `await` to hand a caller back too early.
        const found = mayTestOrSetFlag(fn, false) ? inProgressReturn(fn, getModel(context)) : null;
        if (found) report(fn, found);
        // A shared flag is read from the text alone: no concurrency model for the many `x = true` statements.
        const shared = sharedFlags && mayTestOrSetFlag(fn, true) ? sharedBusyFlag(fn, context) : null;
        if (shared) {
          const data = { flag: context.sourceCode.getText(shared.flag), set: shared.set.loc.start.line, cleared: shared.cleared.loc.start.line, check: shared.check.loc.start.line };
          context.report({ node: shared.set, messageId: 'sharedFlag', data });
        }
      },
    };

    function report(fn: FunctionNode, found: InProgressReturn): void {
      const flag = context.sourceCode.getText(found.flag);
      const [set, cleared, name] = [found.set.loc.start.line, found.cleared.loc.start.line, functionName(fn)];
      if (found.shape === 'return') {
        const exit = found.exit?.loc.start.line ?? '';
        context.report({ node: found.check, messageId: 'returnsWhileInProgress', data: { flag, set, cleared, fn: name, exit } });
        return;
      }
      const goesOn = found.exit ? `returns on line ${found.exit.loc.start.line}` : 'ends';
      context.report({ node: found.check, messageId: 'skipsWhileInProgress', data: { flag, set, cleared, fn: name, goesOn } });
    }
  },
});
