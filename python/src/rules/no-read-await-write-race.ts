import { covers, overlaps, type FunctionFlow, type Read, type Write } from '../analysis/flow';
import { isExclusive } from '../analysis/primitives';
import { contains, field } from '../analysis/syntax';
import type { Node } from '../parse';
import { wrapInLock } from '../fixes/wrap-in-lock';
import { lineOf, quote, type PythonRule } from './rule';

/**
 * Shared state read before an interleaving point and written after it from that read (or,
 * with check-then-act, written because of a test made before it), with no exclusive lock held
 * from the read to the write.
 */
export const noReadAwaitWriteRace: PythonRule = {
  id: 'no-read-await-write-race',
  description: 'Shared state read before an `await` and written from that read after it, with no lock held across both.',
  recommended: true,
  check({ model, options, report }) {
    for (const fn of model.coroutines()) {
      const flow = model.flow(fn);
      for (const write of flow.writes) {
        // Storing back a value exactly as it was read (`saved = self.x` … `self.x = saved`) is a rollback, not a lost update.
        const stale = write.inPlace || refreshed(flow, write) ? undefined : write.from.find((read) => read !== write.copyOf && covers(write.location, read.location) && staleBetween(flow, read, write));
        const tested = !stale && options.checkThenAct ? write.control.find((read) => overlaps(read.location, write.location) && staleBetween(flow, read, write)) : undefined;
        const read = stale ?? tested;
        if (!read) continue;
        const point = flow.points.find((p) => read.seq < p.seq && p.seq < write.seq && onEveryPath(p.node, write.node))!;
        const target = write.node.type === 'assignment' || write.node.type === 'augmented_assignment' ? (field(write.node, 'left') ?? write.node) : write.node;
        const fix = wrapInLock(model, fn, read.node, write.node);
        const awaitText = point.kind === 'await' ? '`await`' : point.kind === 'async-for' ? '`async for`' : '`async with`';
        const message = stale
          ? `${quote(read.node)} was read on line ${lineOf(read.node)} and ${quote(target)} is written from that read on line ${lineOf(write.node)}, but other tasks run at the ${awaitText} on line ${lineOf(point.node)}: their updates in between are lost. Hold one \`asyncio.Lock\` across the read, the await and the write, or re-read after the await.`
          : `${quote(read.node)} is tested on line ${lineOf(read.node)} and ${quote(target)} is set on line ${lineOf(write.node)} after the ${awaitText} on line ${lineOf(point.node)}: two tasks can both pass the test and both act. Hold one \`asyncio.Lock\` across the test and the write, or memoise the task.`;
        report({ node: write.node, message, suggestions: fix ? [fix] : [] });
      }
    }
  },
};

/**
 * The read is stale at the write: an interleaving point lies between them, this task did not
 * write the location itself in between, and no exclusive lock spans both.
 */
function staleBetween(flow: FunctionFlow, read: Read, write: Write): boolean {
  if (read.seq >= write.seq) return false;
  if (!flow.points.some((point) => read.seq < point.seq && point.seq < write.seq && onEveryPath(point.node, write.node))) return false;
  if (flow.writes.some((other) => other !== write && read.seq < other.seq && other.seq < write.seq && overlaps(other.location, write.location))) return false;
  return !flow.sections.some(
    (section) =>
      isExclusive(section.primitive) &&
      section.start < read.seq &&
      write.seq < section.end &&
      // Condition.wait() lets go of the lock while it waits.
      !flow.primitiveCalls.some((call) => call.primitive.key === section.primitive.key && call.method.startsWith('wait') && read.seq < call.seq && call.seq < write.seq),
  );
}

/** The write also re-reads the location after the last interleaving point (`self.n += len(stale)`): it updates the current value. */
function refreshed(flow: FunctionFlow, write: Write): boolean {
  const lastPoint = flow.points.filter((point) => point.seq < write.seq).at(-1)?.seq ?? 0;
  return write.from.some((read) => read.seq > lastPoint && overlaps(read.location, write.location));
}

const CONDITIONAL = new Set(['if_statement', 'elif_clause', 'else_clause', 'except_clause', 'except_group_clause', 'case_clause']);

/**
 * The point runs on every path that reaches the write: it is not inside a branch (`if`, `elif`,
 * `else`, `except`, `case`) that does not also hold the write. A branch that awaits and then
 * replaces the value (`if …: response = await response`) does not make the other path stale.
 */
function onEveryPath(point: Node, write: Node): boolean {
  for (let at = point.parent; at && at.type !== 'function_definition'; at = at.parent) {
    if (CONDITIONAL.has(at.type) && !contains(at, write)) {
      const branch = at.type === 'if_statement' ? field(at, 'consequence') : at;
      if (branch && contains(branch, point)) return false;
    }
  }
  return true;
}
