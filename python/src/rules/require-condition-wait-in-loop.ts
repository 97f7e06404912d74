import { waitFor } from '../fixes/wait-for';
import { lineOf, quote, type PythonRule } from './rule';

/**
 * Waking from `Condition.wait()` only means "something changed": another task may have run
 * first and made the predicate false again. The wait belongs in a `while` loop that re-checks
 * it, or in `wait_for(predicate)`.
 */
export const requireConditionWaitInLoop: PythonRule = {
  id: 'require-condition-wait-in-loop',
  description: '`await cond.wait()` not inside a `while` loop that re-checks the predicate.',
  recommended: true,
  check({ model, report }) {
    for (const fn of model.coroutines()) {
      for (const call of model.flow(fn).primitiveCalls) {
        if (call.method !== 'wait' || call.primitive.kind !== 'Condition' || !call.awaited) continue;
        let inLoop = false;
        for (let at = call.call.parent; at && at.id !== fn.node.id; at = at.parent) if (at.type === 'while_statement') inLoop = true;
        if (inLoop) continue;
        const fix = waitFor(model.text, call.call);
        report({
          node: call.call,
          message: `${quote(call.call)} on line ${lineOf(call.call)} is not in a \`while\` loop: waking up only means something changed, and another task may have run first, so the predicate must be checked again. Use \`while not <predicate>: await ${call.call.text}\` or \`await ${call.subject.text}.wait_for(<predicate>)\`.`,
          suggestions: fix ? [fix] : [],
        });
      }
    }
  },
};
