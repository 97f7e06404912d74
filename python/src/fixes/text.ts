import type { Node } from '../parse';
import type { TextEdit } from '../rules/rule';

/** Offset of the start of the line holding `offset`. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just past the line break ending the line holding `offset` (or the end of the text). */
export function nextLineStart(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}

export function indentOf(text: string, node: Node): string {
  const start = lineStart(text, node.startIndex);
  return /^[ \t]*/.exec(text.slice(start))![0];
}

/** The indentation unit the file uses (four spaces unless it indents otherwise). */
export function indentUnit(text: string): string {
  const match = /\n( +|\t)\S/.exec(text);
  return match ? match[1]! : '    ';
}

/** Edits that indent every line from the one holding `from` to the one holding `to` by `unit`. */
export function indentLines(text: string, from: number, to: number, unit: string): TextEdit[] {
  const edits: TextEdit[] = [];
  for (let at = lineStart(text, from); at <= to && at < text.length; at = nextLineStart(text, at)) {
    const end = nextLineStart(text, at);
    if (text.slice(at, end).trim() !== '') edits.push({ start: at, end: at, text: unit });
    if (end === at) break;
  }
  return edits;
}

/** Applies non-overlapping edits to a text (any order). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let result = text;
  // From the end backwards; inserts at one offset keep their order in `edits`.
  const ordered = edits.map((edit, index) => ({ edit, index })).sort((a, b) => b.edit.start - a.edit.start || b.index - a.index);
  for (const { edit } of ordered) {
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  }
  return result;
}
