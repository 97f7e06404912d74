// The chooser's questions and what any language's insertion plan is made of: plain edits and
// a snippet in VS Code's syntax. Free of any parser, so every language's engine can use it.
import type { TextEdit } from '../../../eslint-plugin/src/fixes/edits';
import type { CardId } from './cards';
import type { PrimitiveCompletion } from './protocol';

export type PrimitiveId =
  | 'lock'
  | 'lock-per-key'
  | 'semaphore'
  | 'bounded-semaphore'
  | 'event-once'
  | 'event'
  | 'shutdown'
  | 'queue'
  | 'condition';

export interface Choice {
  label: string;
  detail: string;
  /** The card that explains the answer. */
  card: CardId;
  next: readonly Choice[] | PrimitiveId;
}

export const CHOOSER_QUESTION = 'What must the tasks coordinate?';

export const CHOOSER: readonly Choice[] = [
  {
    label: 'Lock — one task at a time',
    detail: 'Several tasks read, await and write the same state.',
    card: 'lock',
    next: [
      { label: 'One lock for the state', detail: 'A module-level lock around the read-await-write.', card: 'lock', next: 'lock' },
      { label: 'One lock per key', detail: 'Tasks for different keys (users, domains, files) may run together.', card: 'lock', next: 'lock-per-key' },
    ],
  },
  {
    label: 'Semaphore — at most n at a time',
    detail: 'Cap concurrent requests, connections or jobs.',
    card: 'semaphore',
    next: [
      { label: 'Run each task under the limit', detail: 'async-mutex Semaphore.runExclusive: nothing to release by hand.', card: 'semaphore', next: 'semaphore' },
      {
        label: 'Acquire and release by hand (BoundedSemaphore)',
        detail: 'An extra release throws instead of raising the limit.',
        card: 'bounded-semaphore',
        next: 'bounded-semaphore',
      },
    ],
  },
  {
    label: 'Event — wait until something has happened',
    detail: 'Initialisation done, data ready, shutdown requested.',
    card: 'event',
    next: [
      { label: 'Once', detail: 'A promise resolved by whoever signals.', card: 'event', next: 'event-once' },
      { label: 'Set, clear and set again', detail: 'asyncio.Event: wait(), set(), clear(), isSet().', card: 'event', next: 'event' },
      { label: 'Shutdown', detail: 'An AbortController whose signal everyone waits on.', card: 'event', next: 'shutdown' },
    ],
  },
  {
    label: 'Queue — hand data from producers to consumers',
    detail: 'Pipelines and worker pools, with back-pressure.',
    card: 'queue',
    next: 'queue',
  },
  {
    label: 'Condition — wait until a state holds',
    detail: 'Re-checked after every change; a Queue is usually simpler.',
    card: 'condition',
    next: 'condition',
  },
];

export const PRIMITIVE_IDS: readonly PrimitiveId[] = [
  'lock',
  'lock-per-key',
  'semaphore',
  'bounded-semaphore',
  'event-once',
  'event',
  'shutdown',
  'queue',
  'condition',
];

/** What inserting a primitive does: plain edits (imports, module declarations) and a snippet at `offset`. */
export interface InsertionPlan {
  edits: TextEdit[];
  snippet: { offset: number; body: string };
}

/** Where `offset` of the original text lands once `edits` are applied. */
export function shiftOffset(offset: number, edits: readonly TextEdit[]): number {
  let shifted = offset;
  for (const edit of edits) if (edit.range[1] <= offset) shifted += edit.text.length - (edit.range[1] - edit.range[0]);
  return shifted;
}

/** Snippet syntax: `$` and `\` escaped in the code (`}` too inside a default), tab stops turned into `${1:default}` / `$0`, lines indented. */
export function toSnippet(code: string, indent: string): string {
  const parts = code.split(/(⟪\d+(?::[^⟫]*)?⟫)/);
  const body = parts
    .map((part) => {
      const stop = /^⟪(\d+)(?::([^⟫]*))?⟫$/.exec(part);
      if (!stop) return part.replace(/[$\\]/g, '\\$&');
      return stop[2] === undefined ? `$${stop[1]}` : `\${${stop[1]}:${stop[2].replace(/[$}\\]/g, '\\$&')}}`;
    })
    .join('');
  return body.replace(/\n(?=[^\n])/g, `\n${indent}`);
}

/**
 * The snippet as `TextEditor.insertSnippet` wants it: the editor puts the insertion line's own
 * indentation (up to the cursor) in front of every later line, so that part comes off here.
 */
export function editorSnippetBody(text: string, snippet: InsertionPlan['snippet']): string {
  const lineStart = text.lastIndexOf('\n', snippet.offset - 1) + 1;
  const leading = /^[ \t]*/.exec(text.slice(lineStart, snippet.offset))![0];
  if (!leading) return snippet.body;
  return snippet.body
    .split('\n')
    .map((line, index) => (index > 0 && line.startsWith(leading) ? line.slice(leading.length) : line))
    .join('\n');
}

/** A word the `interleave…` completions answer: three letters of "interleave" or more. */
export function isInterleavePrefix(word: string): boolean {
  const lower = word.toLowerCase();
  return (lower.length >= 3 && 'interleave'.startsWith(lower)) || lower.startsWith('interleave');
}

/**
 * The `interleave…` completions for the word typed at `start`: each primitive whose code goes
 * exactly there, with every other edit before the word. `plan` plans an insertion in the text
 * without the typed word.
 */
export function primitiveCompletions(start: number, plan: (id: PrimitiveId) => InsertionPlan, detail: (id: PrimitiveId) => string): PrimitiveCompletion[] {
  const completions: PrimitiveCompletion[] = [];
  for (const id of PRIMITIVE_IDS) {
    const planned = plan(id);
    if (planned.snippet.offset !== start || planned.edits.some((edit) => edit.range[1] > start)) continue;
    completions.push({
      id,
      label: `interleave: ${labelOf(id)}`,
      filterText: `interleave${id.replace(/-/g, '')}`,
      detail: detail(id),
      snippet: planned.snippet.body,
      edits: planned.edits,
    });
  }
  return completions;
}

function labelOf(id: PrimitiveId): string {
  for (const choice of CHOOSER) {
    if (choice.next === id) return choice.label.split(' — ')[0]!.toLowerCase();
    if (typeof choice.next !== 'string') {
      const variant = choice.next.find((candidate) => candidate.next === id);
      if (variant) return `${choice.label.split(' — ')[0]!.toLowerCase()}, ${variant.label.toLowerCase()}`;
    }
  }
  return id;
}
