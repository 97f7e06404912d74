import { kids, statementOf } from '../analysis/syntax';
import type { Node } from '../parse';
import type { Suggestion, TextEdit } from '../rules/rule';
import { indentLines, indentOf, indentUnit, lineStart, nextLineStart } from './text';

/** The statements after `item = await q.get()` go into `try:` with `q.task_done()` in `finally:`. */
export function taskDoneInFinally(text: string, get: Node, queue: string): Suggestion | null {
  const statement = statementOf(get);
  const rest = statement.parent ? kids(statement.parent).filter((sibling) => sibling.startIndex > statement.endIndex) : [];
  if (rest.length === 0) return null;
  const indent = indentOf(text, statement);
  const unit = indentUnit(text);
  const first = rest[0]!;
  const last = rest.at(-1)!;
  const end = nextLineStart(text, last.endIndex);
  const edits: TextEdit[] = [
    { start: lineStart(text, first.startIndex), end: lineStart(text, first.startIndex), text: `${indent}try:\n` },
    ...indentLines(text, first.startIndex, last.endIndex - 1, unit),
    { start: end, end, text: `${end === text.length && !text.endsWith('\n') ? '\n' : ''}${indent}finally:\n${indent}${unit}${queue}.task_done()\n` },
  ];
  return { title: `Call \`${queue}.task_done()\` in \`finally\``, edits };
}
