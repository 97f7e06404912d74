import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

/** One replacement in the original text; edits of one plan never overlap. */
export interface TextEdit {
  range: TSESTree.Range;
  text: string;
}

/** What a fix builder returns: the edits, or why the change would not be safe here. */
export type EditPlan = { ok: true; edits: TextEdit[] } | { ok: false; reason: string };

export function refuse(reason: string): Extract<EditPlan, { ok: false }> {
  return { ok: false, reason };
}

/** Applies a plan to text (for tests, the extension's previews and the corpus harness). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.range[0] - a.range[0])) {
    result = result.slice(0, edit.range[0]) + edit.text + result.slice(edit.range[1]);
  }
  return result;
}

/** Turns a plan into the fixes ESLint's `suggest[].fix` expects. */
export function toFixes(fixer: TSESLint.RuleFixer, edits: readonly TextEdit[]): TSESLint.RuleFix[] {
  return edits.map((edit) => fixer.replaceTextRange(edit.range, edit.text));
}

/** The whitespace that starts the line holding `offset`. */
export function indentationAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** The file's indentation unit, guessed from the first indented line (two spaces when none). */
export function indentUnit(text: string): string {
  const match = /\n([ \t]+)\S/.exec(text);
  if (!match) return '  ';
  const indent = match[1]!;
  return indent.startsWith('\t') ? '\t' : indent.length >= 4 && indent.length % 4 === 0 ? '    ' : '  ';
}
