import boundedSemaphore from '../../../rules-docs/primitives/bounded-semaphore.md?raw';
import condition from '../../../rules-docs/primitives/condition.md?raw';
import event from '../../../rules-docs/primitives/event.md?raw';
import fanOut from '../../../rules-docs/primitives/fan-out.md?raw';
import lock from '../../../rules-docs/primitives/lock.md?raw';
import queue from '../../../rules-docs/primitives/queue.md?raw';
import semaphore from '../../../rules-docs/primitives/semaphore.md?raw';
import { commandLink, COMMANDS } from './commands';
import type { HoverTarget } from './hover';

/** The primitive cards in rules-docs/primitives, one per asyncio primitive (and `gather`'s fan-out). */
export type CardId = 'lock' | 'semaphore' | 'bounded-semaphore' | 'event' | 'condition' | 'queue' | 'fan-out';

export const CARD_SOURCES: Readonly<Record<CardId, string>> = {
  lock,
  semaphore,
  'bounded-semaphore': boundedSemaphore,
  event,
  condition,
  queue,
  'fan-out': fanOut,
};

export interface Card {
  id: CardId;
  /** The `# Title`. */
  title: string;
  /** Everything after the title and before `## Notes`. */
  body: string;
}

/**
 * Cards and their notes. A note (`### key` under `## Notes`) describes one library object or
 * member — `mutex`, `mutex.runExclusive`, `Promise.withResolvers` — and is shown above the card.
 */
export class CardBook {
  private readonly cards = new Map<CardId, Card>();
  private readonly notes = new Map<string, string>();

  constructor(sources: Readonly<Record<CardId, string>>) {
    for (const [id, source] of Object.entries(sources) as Array<[CardId, string]>) {
      const text = source.replace(/\r\n/g, '\n');
      const title = /^# (.+)$/m.exec(text)?.[1]?.trim();
      if (!title) throw new Error(`rules-docs/primitives/${id}.md has no "# Title" line.`);
      const afterTitle = text.slice(text.indexOf(title) + title.length);
      const notesAt = afterTitle.search(/^## Notes$/m);
      const body = (notesAt === -1 ? afterTitle : afterTitle.slice(0, notesAt)).trim();
      this.cards.set(id, { id, title, body });
      if (notesAt !== -1) this.readNotes(id, afterTitle.slice(notesAt));
    }
  }

  card(id: CardId): Card {
    const card = this.cards.get(id);
    if (!card) throw new Error(`No primitive card "${id}".`);
    return card;
  }

  note(key: string): string | null {
    return this.notes.get(key) ?? null;
  }

  private readNotes(id: CardId, section: string): void {
    for (const part of section.split(/^### /m).slice(1)) {
      const newline = part.indexOf('\n');
      const key = part.slice(0, newline).trim();
      if (this.notes.has(key)) throw new Error(`Note "${key}" appears twice (again in ${id}.md).`);
      this.notes.set(key, part.slice(newline + 1).trim());
    }
  }
}

/**
 * The hover's markdown: the note about the object under the cursor (falling back from
 * `kind.member` to `kind`), then the card. Links to rule pages and other cards become
 * `interleave.showDocumentation` command links — the only commands the hover trusts — and links
 * to rules the plugin does not have become plain text.
 */
export function renderHover(target: HoverTarget, book: CardBook, knownRules: ReadonlySet<string>): string {
  const card = book.card(target.card);
  const note = target.note ? (book.note(target.note) ?? book.note(target.note.split('.')[0]!)) : null;
  const parts = [
    ...(note ? [note, '---'] : []),
    `#### ${card.title}`,
    rewriteLinks(card.body, knownRules),
    `[Open the ${card.title} card](${commandLink(COMMANDS.showDocumentation, [`primitives/${card.id}`])}) · [Choose a primitive…](${commandLink(COMMANDS.choosePrimitive, [])})`,
  ];
  return parts.join('\n\n');
}

/** Card link targets: `../rule.md` (a rule page), `other.md` (another card), or an https address. */
export function rewriteLinks(markdown: string, knownRules: ReadonlySet<string>): string {
  return markdown.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_whole, text: string, target: string) => {
    const rule = /^\.\.\/([a-z0-9-]+)\.md$/.exec(target)?.[1];
    if (rule) return knownRules.has(rule) ? `[${text}](${commandLink(COMMANDS.showDocumentation, [rule])})` : text;
    const card = /^([a-z0-9-]+)\.md$/.exec(target)?.[1];
    if (card) return `[${text}](${commandLink(COMMANDS.showDocumentation, [`primitives/${card}`])})`;
    return /^https:\/\//.test(target) ? `[${text}](${target})` : text;
  });
}
