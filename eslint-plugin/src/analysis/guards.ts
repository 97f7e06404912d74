import type { TSESTree } from '@typescript-eslint/utils';
import { contains, type FunctionNode } from './ast';
import type { ConcurrencyModel } from './model';
import type { CriticalSection } from './sections';
import { overlaps, type Location } from './shared';

/** Shared locations that `fn`'s own code (not its nested functions) writes within `range`. */
export function locationsWritten(model: ConcurrencyModel, fn: FunctionNode, range: TSESTree.Range): Location[] {
  return model
    .flow(fn, { continuations: false })
    .writes.filter((write) => contains(range, write.node))
    .map((write) => write.location);
}

/**
 * The exclusive sections that already guard `location`: somewhere in the file it is written
 * while their lock is held. Code that changes it must take that same lock — a second lock
 * around other writes would not exclude the first.
 */
export function sectionsGuarding(model: ConcurrencyModel, location: Location): CriticalSection[] {
  return model.allSections.filter(
    (section) => section.excludes && locationsWritten(model, section.fn, section.range).some((written) => overlaps(written, location)),
  );
}
