import { overlaps, type FunctionFlow, type PrimitiveCall } from '../analysis/flow';
import { contains, field, statementOf } from '../analysis/syntax';
import { waitFor } from '../fixes/wait-for';
import type { Node } from '../parse';
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
      const flow = model.flow(fn);
      for (const call of flow.primitiveCalls) {
        if (call.method !== 'wait' || call.primitive.kind !== 'Condition' || !call.awaited) continue;
        let inLoop = false;
        for (let at = call.call.parent; at && at.id !== fn.node.id; at = at.parent) if (at.type === 'while_statement') inLoop = true;
        if (inLoop || !actsAfterWaking(flow, call)) continue;
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

/**
 * After waking, the task changes the state its predicate tests (the enclosing `if`'s, or any
 * shared state when there is no test) before the condition is released: that change assumes the
 * predicate still holds. A wait that only reports back (`return not self._done`) is a signal.
 */
function actsAfterWaking(flow: FunctionFlow, wait: PrimitiveCall): boolean {
  const section = flow.sections.find((candidate) => candidate.primitive.key === wait.primitive.key && candidate.start < wait.seq && wait.seq < candidate.end);
  let end = section?.end ?? Infinity;
  // A return or raise after the wait in its block ends what the woken task does here.
  const statement = statementOf(wait.call);
  const exit = statement.parent?.kids.find((sibling) => sibling.startIndex > statement.startIndex && ['return_statement', 'raise_statement', 'break_statement', 'continue_statement'].includes(sibling.type));
  if (exit) end = Math.min(end, seqAfter(flow, exit));
  let test: Node | null = null;
  for (let at = wait.call.parent; at && !test; at = at.parent) if (at.type === 'if_statement') test = field(at, 'condition');
  const tested = test ? flow.reads.filter((read) => contains(test!, read.node)) : null;
  return flow.writes.some((write) => write.seq > wait.seq && write.seq < end && (!tested || tested.some((read) => overlaps(read.location, write.location))));
}

/** The first event recorded after `node` ends. */
function seqAfter(flow: FunctionFlow, node: Node): number {
  const later = [...flow.reads, ...flow.writes, ...flow.points].filter((event) => event.node.startIndex >= node.endIndex).map((event) => event.seq);
  return later.length > 0 ? Math.min(...later) : Infinity;
}
