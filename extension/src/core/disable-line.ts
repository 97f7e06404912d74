import type { TextEdit } from '../../../eslint-plugin/src/fixes/edits';
import { PLUGIN_PREFIX } from './analyzer';
import { offsetOfLine } from './lines';

/**
 * "Disable for this line": an `// eslint-disable-next-line interleave/<rule>` comment above the
 * reported line, indented like it — or the rule added to such a comment already there.
 */
export function disableLineEdit(text: string, rule: string, line: number): TextEdit {
  const ruleId = `${PLUGIN_PREFIX}${rule}`;
  const lineStart = offsetOfLine(text, line);
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  if (line > 1) {
    const previousStart = offsetOfLine(text, line - 1);
    const previous = text.slice(previousStart, lineStart).replace(/\r?\n$/, '');
    const directive = /^([ \t]*\/\/[ \t]*eslint-disable-next-line[ \t]+)([^\n]*?)([ \t]+--[ \t].*)?$/.exec(previous);
    if (directive) {
      const rules = directive[2]!.trimEnd();
      if (rules.split(/\s*,\s*/).includes(ruleId)) return { range: [lineStart, lineStart], text: '' };
      const at = previousStart + directive[1]!.length + rules.length;
      return { range: [at, at], text: `, ${ruleId}` };
    }
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return { range: [lineStart, lineStart], text: `${indent}// eslint-disable-next-line ${ruleId}${eol}` };
}
