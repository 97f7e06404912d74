import { overlaps, type FunctionFlow, type Read, type Write } from '../analysis/flow';
import { isExclusive } from '../analysis/primitives';
import { field } from '../analysis/syntax';
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
        const stale = write.inPlace ? undefined : write.from.find((read) => staleBetween(flow, read, write));
        const tested = !stale && options.checkThenAct ? write.control.find((read) => staleBetween(flow, read, write)) : undefined;
        const read = stale ?? tested;
        if (!read) continue;
        const point = flow.points.find((p) => read.seq < p.seq && p.seq < write.seq)!;
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

/** The read flows into the write across an interleaving point that no exclusive lock spans. */
function staleBetween(flow: FunctionFlow, read: Read, write: Write): boolean {
  if (read.seq >= write.seq || !overlaps(read.location, write.location)) return false;
  if (!flow.points.some((point) => read.seq < point.seq && point.seq < write.seq)) return false;
  return !flow.sections.some(
    (section) =>
      isExclusive(section.primitive) &&
      section.start < read.seq &&
      write.seq < section.end &&
      // Condition.wait() lets go of the lock while it waits.
      !flow.primitiveCalls.some((call) => call.primitive.key === section.primitive.key && call.method.startsWith('wait') && read.seq < call.seq && call.seq < write.seq),
  );
}
