import { field } from '../analysis/syntax';
import type { Node } from '../parse';
import type { Suggestion } from '../rules/rule';

/** `asyncio.Semaphore(n)` → `asyncio.BoundedSemaphore(n)`, which raises ValueError on a release too many. */
export function toBoundedSemaphore(_text: string, declaration: Node, imports: ReadonlyMap<string, string>): Suggestion | null {
  if (declaration.type !== 'call') return null;
  const callee = field(declaration, 'function');
  if (callee?.type === 'attribute') {
    const name = field(callee, 'attribute')!;
    return { title: 'Use `BoundedSemaphore`', edits: [{ start: name.startIndex, end: name.endIndex, text: 'BoundedSemaphore' }] };
  }
  const bounded = [...imports].find(([, dotted]) => dotted === 'asyncio.BoundedSemaphore')?.[0];
  const module = [...imports].find(([, dotted]) => dotted === 'asyncio')?.[0];
  const replacement = bounded ?? (module ? `${module}.BoundedSemaphore` : null);
  if (!callee || !replacement) return null;
  return { title: 'Use `BoundedSemaphore`', edits: [{ start: callee.startIndex, end: callee.endIndex, text: replacement }] };
}
