import { overlaps, readsBehind, type CriticalSection, type FunctionFlow, type InterleavingPoint, type Location, type Read } from '../analysis/flow';
import { isExclusive } from '../analysis/primitives';
import { slowWork } from '../analysis/slow';
import { contains, field, kids, statementOf } from '../analysis/syntax';
import type { Node } from '../parse';
import { lineOf, quote, type PythonRule } from './rule';

/**
 * Slow work awaited inside an exclusive section that needs nothing the lock guards: every
 * other task waiting for the lock waits for it too. A lock that guards no in-memory state
 * guards an external resource, and then holding it across I/O is its purpose.
 */
export const noLongAwaitInCriticalSection: PythonRule = {
  id: 'no-long-await-in-critical-section',
  description: 'Slow work awaited while an exclusive lock is held, though it needs nothing the lock guards.',
  recommended: true,
  check({ model, report }) {
    for (const fn of model.coroutines()) {
      const flow = model.flow(fn);
      const reported = new Set<number>();
      for (const section of flow.sections) {
        if (!isExclusive(section.primitive)) continue;
        const guarded = model.guardedBy(section.primitive.key);
        if (guarded.length === 0) continue;
        for (const point of flow.points) {
          if (point.seq <= section.start || point.seq >= section.end || reported.has(point.node.id)) continue;
          const work = awaited(point);
          const what = work && slowWork(work, fn, model);
          if (!work || !what || needsLock(flow, section, work, guarded)) continue;
          reported.add(point.node.id);
          report({
            node: point.node,
            message: `${what[0]!.toUpperCase()}${what.slice(1)} is awaited on line ${lineOf(point.node)} while ${quote(section.subject)} is held (taken on line ${lineOf(section.node)}), though it needs nothing that lock guards: every task waiting for the lock waits for it too. Do the slow work first, then take the lock only to update the state.`,
          });
        }
      }
    }
  },
};

function awaited(point: InterleavingPoint): Node | null {
  if (point.kind === 'await') return kids(point.node)[0] ?? null;
  if (point.kind === 'enter') {
    const value = field(point.node, 'value');
    return value?.type === 'as_pattern' ? (kids(value)[0] ?? null) : value;
  }
  return null;
}

/** The slow call needs the lock when its inputs, whether it runs, or what its result meets depend on guarded state read in the section. */
function needsLock(flow: FunctionFlow, section: CriticalSection, work: Node, guarded: readonly Location[]): boolean {
  const guardedRead = (read: Read): boolean => read.seq > section.start && guarded.some((location) => overlaps(location, read.location));
  const site = flow.calls.find((call) => call.call.id === work.id);
  if (readsBehind(flow, work).some(guardedRead) || site?.control.some(guardedRead)) return true;
  const statement = statementOf(work);
  return flow.reads.some((read) => contains(statement, read.node) && !contains(work, read.node) && guardedRead(read));
}
