import { field, kids, statementOf } from '../analysis/syntax';
import type { Node } from '../parse';
import type { Suggestion } from '../rules/rule';
import { indentOf, lineStart, nextLineStart } from './text';

/**
 * `if not pred: await cond.wait()` → `await cond.wait_for(lambda: pred)`, which re-checks the
 * predicate every time it wakes. Needs the `if` whose test is the predicate; null otherwise.
 */
export function waitFor(text: string, wait: Node): Suggestion | null {
  const statement = statementOf(wait);
  const ifStatement = statement.parent?.parent;
  if (ifStatement?.type !== 'if_statement' || ifStatement.childrenForFieldName('alternative').length > 0) return null;
  const body = kids(field(ifStatement, 'consequence')!);
  if (body.length !== 1 || body[0]!.id !== statement.id) return null;
  const test = field(ifStatement, 'condition')!;
  const predicate = test.type === 'not_operator' ? field(test, 'argument')!.text : `not (${test.text})`;
  const callee = field(wait, 'function')!;
  const line = `${indentOf(text, ifStatement)}${text.slice(statement.startIndex, callee.endIndex)}_for(lambda: ${predicate})${text.slice(wait.endIndex, statement.endIndex)}\n`;
  return { title: 'Use `wait_for(predicate)`', edits: [{ start: lineStart(text, ifStatement.startIndex), end: nextLineStart(text, ifStatement.endIndex), text: line }] };
}
