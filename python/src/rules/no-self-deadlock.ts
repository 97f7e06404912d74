import { sameSubject } from '../analysis/flow';
import { startsTask } from '../analysis/model';
import { lineOf, quote, type PythonRule } from './rule';

/**
 * An asyncio.Lock is not reentrant: a task holding it that asks for it again, directly or
 * through a method or function that takes it, waits for itself forever.
 */
export const noSelfDeadlock: PythonRule = {
  id: 'no-self-deadlock',
  description: 'An asyncio.Lock taken again while held: nested `async with`, or a call to a function that takes it.',
  recommended: true,
  check({ model, report }) {
    for (const fn of model.coroutines()) {
      const flow = model.flow(fn);
      const reported = new Set<number>();
      for (const outer of flow.sections) {
        // A lock only named like one may be reentrant: its class is not known here.
        if ((outer.primitive.kind !== 'Lock' && outer.primitive.kind !== 'Condition') || outer.primitive.where === 'named') continue;
        const held = (seq: number): boolean => outer.start < seq && seq < outer.end;
        for (const inner of flow.sections) {
          if (inner === outer || !held(inner.start) || !sameSubject(inner, outer) || reported.has(inner.node.id)) continue;
          reported.add(inner.node.id);
          report({
            node: inner.node,
            message: `${quote(inner.subject)} is taken again on line ${lineOf(inner.node)} while this task already holds it (since line ${lineOf(outer.node)}): asyncio.Lock is not reentrant, so the task waits for itself forever.`,
          });
        }
        if (outer.primitive.where !== 'module' && outer.primitive.where !== 'class') continue;
        for (const site of flow.calls) {
          if (!held(site.seq) || reported.has(site.call.id) || startsTask(site.call)) continue;
          const callee = model.calledFunction(site.call, fn);
          if (!callee?.async || !model.claims(callee).has(outer.primitive.key)) continue;
          reported.add(site.call.id);
          report({
            node: site.call,
            message: `\`${callee.name}()\` takes ${quote(outer.subject)}, and line ${lineOf(site.call)} calls it while this task holds that lock (since line ${lineOf(outer.node)}): asyncio.Lock is not reentrant, so the task waits for itself forever. Call a helper that expects the lock held, or call after releasing it.`,
          });
        }
      }
    }
  },
};
