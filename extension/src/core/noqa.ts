import type { TextEdit } from '../../../eslint-plugin/src/fixes/edits';
import { offsetOfLine } from './lines';

/** `# noqa` alone, or `# noqa: a, b` (flake8's convention, as the Python checker reads it). */
const NOQA = /#\s*noqa(?::\s*([\w-]+(?:[\s,]+[\w-]+)*))?/i;

/**
 * "Disable for this line" in Python: `# noqa: <rule>` at the end of the reported line, or the
 * rule added to the `# noqa:` already there (nothing to do when that one silences it already).
 */
export function noqaLineEdit(text: string, rule: string, line: number): TextEdit {
  const start = offsetOfLine(text, line);
  const newline = text.indexOf('\n', start);
  const end = newline === -1 ? text.length : text[newline - 1] === '\r' ? newline - 1 : newline;
  const content = text.slice(start, end);
  const noqa = NOQA.exec(content);
  if (noqa) {
    if (!noqa[1] || noqa[1].split(/[\s,]+/).includes(rule)) return { range: [end, end], text: '' };
    const at = start + noqa.index + noqa[0].length;
    return { range: [at, at], text: `, ${rule}` };
  }
  const codeEnd = start + content.trimEnd().length;
  return { range: [codeEnd, end], text: `  # noqa: ${rule}` };
}
