import { PythonModel } from './analysis/model';
import { qualifiedName, type Primitive, type PrimitiveKind } from './analysis/primitives';
import { field } from './analysis/syntax';
import { loadedParser } from './lint';
import type { Node } from './parse';
import { copyTree } from './tree';

/** The primitive cards of rules-docs/primitives (the same ids as the extension's CardId). */
export type PythonCardId = 'lock' | 'semaphore' | 'bounded-semaphore' | 'event' | 'condition' | 'queue' | 'fan-out';

/** What the cursor is on: the card, the note about that object or method (`asyncio-lock.acquire`), the word's range. */
export interface PythonHoverTarget {
  card: PythonCardId;
  note: string | null;
  /** UTF-16 offsets of the hovered word. */
  range: [number, number];
}

const NOTE_BY_KIND: Record<PrimitiveKind, string> = {
  Lock: 'asyncio-lock',
  Semaphore: 'asyncio-semaphore',
  BoundedSemaphore: 'asyncio-bounded-semaphore',
  Condition: 'asyncio-condition',
  Event: 'asyncio-event',
  Queue: 'asyncio-queue',
};
const FAN_OUT: Record<string, string> = { 'asyncio.gather': 'asyncio-gather', 'asyncio.TaskGroup': 'asyncio-taskgroup' };

/**
 * The hover target at `offset` in Python text: an asyncio primitive's class (`asyncio.Lock`,
 * `Lock` imported from asyncio), a variable or attribute holding one, a method called on one,
 * or `gather`/`TaskGroup`. Null anywhere else, and in a file that does not parse.
 */
export function pythonHoverAt(text: string, offset: number, settings: { lockWrappers?: readonly string[] } = {}): PythonHoverTarget | null {
  const tree = loadedParser().parse(text);
  if (!tree) return null;
  let root: Node;
  try {
    if (tree.rootNode.hasError) return null;
    root = copyTree(tree, text);
  } finally {
    tree.delete();
  }
  const word = identifierAt(root, offset);
  if (!word) return null;
  const model = new PythonModel(root, text, { lockWrappers: settings.lockWrappers ?? [] });
  const scope = model.functionOf(word);
  const range: [number, number] = [word.startIndex, word.endIndex];
  const parent = word.parent;
  const isMember = parent?.type === 'attribute' && field(parent, 'attribute')?.id === word.id;
  const expression = isMember ? parent! : word;
  const named = qualifiedName(expression, model.imports);
  if (named && FAN_OUT[named]) return { card: 'fan-out', note: FAN_OUT[named]!, range };
  const kind = named && /^asyncio\.(?:locks\.|queues\.)?(\w+)$/.exec(named)?.[1];
  const primitiveClass = kind ? model.primitives.resolveClassName(kind) : null;
  if (primitiveClass) return { card: cardOf(primitiveClass, null, null), note: NOTE_BY_KIND[primitiveClass], range };
  const held = model.primitives.resolve(expression, scope);
  if (held) return target(held, null, range);
  if (isMember) {
    const owner = model.primitives.resolve(field(parent!, 'object'), scope);
    if (owner) return target(owner, word.text, range);
  }
  return null;
}

function target(primitive: Primitive, method: string | null, range: [number, number]): PythonHoverTarget {
  const note = NOTE_BY_KIND[primitive.kind];
  return { card: cardOf(primitive.kind, primitive.permits, method), note: method ? `${note}.${method}` : note, range };
}

function cardOf(kind: PrimitiveKind, permits: number | null, method: string | null): PythonCardId {
  switch (kind) {
    case 'Lock':
      return 'lock';
    case 'Condition':
      return 'condition';
    case 'Event':
      return 'event';
    case 'Queue':
      return 'queue';
    case 'BoundedSemaphore':
      return 'bounded-semaphore';
    case 'Semaphore':
      // A plain Semaphore's release() adds a permit whether or not one was taken.
      return method === 'release' ? 'bounded-semaphore' : permits === 1 ? 'lock' : 'semaphore';
  }
}

function identifierAt(root: Node, offset: number): Node | null {
  let node: Node | null = root;
  for (;;) {
    const child: Node | undefined = node.namedChildren.find((candidate) => candidate.startIndex <= offset && offset <= candidate.endIndex && candidate.endIndex > candidate.startIndex);
    if (!child) break;
    node = child;
  }
  return node?.type === 'identifier' ? node : null;
}
