import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { childNodes, isFunction, unwrap } from '../analysis/ast';
import { refuse, type TextEdit } from './edits';

export type FunctionalUpdatePlan = { ok: true; edits: TextEdit[]; setter: string; param: string } | { ok: false; reason: string };

/**
 * `setCount(count + 1)` after an `await` → `setCount((c) => c + 1)`: React hands the updater the
 * state as it is when the update applies, not the render's snapshot the handler closed over.
 * `isState` tells the identifiers that read the snapshot.
 */
export function planFunctionalUpdate(
  sourceCode: Readonly<TSESLint.SourceCode>,
  call: TSESTree.CallExpression,
  state: string,
  isState: (identifier: TSESTree.Identifier) => boolean,
): FunctionalUpdatePlan {
  const argument = call.arguments[0];
  if (call.arguments.length !== 1 || !argument || argument.type === AST_NODE_TYPES.SpreadElement) return refuse('Not a call with one value.');
  const reads: TSESTree.Identifier[] = [];
  const names = new Set<string>();
  let nested = false;
  const visit = (node: TSESTree.Node): void => {
    if (isFunction(node)) nested = true;
    if (node.type === AST_NODE_TYPES.Identifier) {
      names.add(node.name);
      if (isState(node)) reads.push(node);
    }
    for (const child of childNodes(node)) visit(child);
  };
  visit(argument);
  if (nested) return refuse('The value holds a function.');
  if (reads.length === 0) return refuse('The value does not read the state.');
  const param = [state.charAt(0), 'previous', `previous${state.charAt(0).toUpperCase()}${state.slice(1)}`].find((name) => /^[a-z_$]/i.test(name) && !names.has(name))!;
  let body = '';
  let at = argument.range[0];
  for (const read of reads.sort((a, b) => a.range[0] - b.range[0])) {
    body += sourceCode.text.slice(at, read.range[0]) + param;
    at = read.range[1];
  }
  body += sourceCode.text.slice(at, argument.range[1]);
  const inner = unwrap(argument);
  // An object literal body needs parentheses to stay an expression.
  const text = `(${param}) => ${inner.type === AST_NODE_TYPES.ObjectExpression && !body.startsWith('(') ? `(${body})` : body}`;
  return { ok: true, edits: [{ range: argument.range, text }], setter: sourceCode.getText(call.callee), param };
}
