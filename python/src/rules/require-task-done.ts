import { sameSubject, type PrimitiveCall } from '../analysis/flow';
import type { PythonModel } from '../analysis/model';
import type { FunctionInfo } from '../analysis/scopes';
import { callArguments, field, methodCall } from '../analysis/syntax';
import { taskDoneInFinally } from '../fixes/task-done';
import type { Node } from '../parse';
import { quote, type PythonRule } from './rule';

/**
 * `Queue.join()` returns once `task_done()` was called for every item put. A consumer that
 * takes items with `await q.get()` and never calls it makes the module's `await q.join()` wait
 * forever. A queue nobody joins needs no `task_done()`.
 */
export const requireTaskDone: PythonRule = {
  id: 'require-task-done',
  description: 'A consumer takes items with `await q.get()` and never calls `q.task_done()`, while the module awaits `q.join()`.',
  recommended: true,
  check({ model, report }) {
    for (const fn of model.coroutines()) {
      const calls = model.flow(fn).primitiveCalls;
      for (const get of calls) {
        if (get.method !== 'get' || !get.awaited || get.primitive.kind !== 'Queue') continue;
        if (calls.some((call) => call.method === 'task_done' && sameSubject(call, get))) continue;
        const join = joinedBy(get, fn, model);
        if (!join) continue;
        const fix = taskDoneInFinally(model.text, get.call, get.subject.text);
        report({
          node: get.call,
          message: `This consumer takes items with ${quote(get.call)} but never calls \`${get.subject.text}.task_done()\`, and ${quote(join)} waits for a \`task_done()\` per item: it never returns. Call \`task_done()\` in a \`finally\` after handling each item.`,
          suggestions: fix ? [fix] : [],
        });
      }
    }
  },
};

/** The `join()` awaited on the same queue: the same attribute or global, or a local passed in as this parameter. */
function joinedBy(get: PrimitiveCall, consumer: FunctionInfo, model: PythonModel): Node | null {
  const joins: PrimitiveCall[] = [];
  for (const fn of model.functions) for (const call of model.flow(fn).primitiveCalls) if (call.method === 'join' && underAwait(call.call)) joins.push(call);
  if (get.primitive.where === 'module' || get.primitive.where === 'class') return joins.find((join) => sameSubject(join, get))?.call ?? null;
  if (get.primitive.where !== 'parameter' || get.subject.type !== 'identifier') return null;
  const name = get.subject.text;
  const position = [...consumer.parameters.keys()].indexOf(name) - (consumer.receiver && consumer.owner ? 1 : 0);
  for (const fn of model.functions) {
    for (const site of model.flow(fn).calls) {
      if (model.calledFunction(site.call, fn) !== consumer) continue;
      const args = callArguments(site.call);
      const passed = args.find((arg) => arg.type === 'keyword_argument' && field(arg, 'name')?.text === name) ?? args.filter((arg) => arg.type !== 'keyword_argument')[position];
      const value = passed?.type === 'keyword_argument' ? field(passed, 'value') : passed;
      if (value?.type !== 'identifier') continue;
      const join = model.flow(fn).calls.find((other) => methodCall(other.call)?.[1] === 'join' && methodCall(other.call)?.[0].text === value.text && underAwait(other.call));
      if (join) return join.call;
    }
  }
  return null;
}

/** Awaited itself or inside an awaited expression (`await asyncio.wait_for(q.join(), 5)`); a thread's `join()` is not. */
function underAwait(call: Node): boolean {
  for (let at = call.parent; at && !['block', 'module', 'lambda', 'function_definition'].includes(at.type); at = at.parent) if (at.type === 'await') return true;
  return false;
}
