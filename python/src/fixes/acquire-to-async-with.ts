import { kids, statementOf } from '../analysis/syntax';
import type { Node } from '../parse';
import type { Suggestion, TextEdit } from '../rules/rule';
import { indentLines, indentOf, indentUnit, lineStart, nextLineStart } from './text';

/**
 * `await x.acquire()` … `x.release()` (siblings in one block) → `async with x:` around what
 * lies between, which releases on every exit, exceptions and returns included.
 */
export function acquireToAsyncWith(text: string, acquire: Node, release: Node, subject: string): Suggestion | null {
  const first = statementOf(acquire);
  const last = statementOf(release);
  if (first.parent?.id !== last.parent?.id || first.type !== 'expression_statement' || last.type !== 'expression_statement') return null;
  if (kids(first)[0]?.type !== 'await' || kids(last)[0]?.id !== release.id) return null;
  const between = kids(first.parent!).filter((statement) => statement.startIndex > first.endIndex && statement.endIndex < last.startIndex);
  const indent = indentOf(text, first);
  const unit = indentUnit(text);
  const edits: TextEdit[] = [{ start: first.startIndex, end: first.endIndex, text: `async with ${subject}:` }];
  if (between.length === 0) edits.push({ start: first.endIndex, end: first.endIndex, text: `\n${indent}${unit}pass` });
  else edits.push(...indentLines(text, between[0]!.startIndex, between.at(-1)!.endIndex - 1, unit));
  edits.push({ start: lineStart(text, last.startIndex), end: nextLineStart(text, last.endIndex), text: '' });
  return { title: `Use \`async with ${subject}:\``, edits };
}
