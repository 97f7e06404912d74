import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { childNodes, unwrap } from '../analysis/ast';
import type { FunctionNode } from '../analysis/ast';
import { refuse, type EditPlan } from './edits';
import { moveBefore } from './hoist-await';
import { statementList } from './region';

/**
 * "Empty it where it is taken": `const text = this.buffer; await send(text); this.buffer = '';`
 * becomes `const text = this.buffer; this.buffer = ''; await send(text);`. The contents this task
 * took are its own from then on, and what other tasks add during the `await` stays for the next
 * taker. No lock is needed: the appends (`this.buffer += chunk`) do not take one.
 *
 * Conservative: the contents are taken whole by a declaration of the same block
 * (`const text = this.buffer;`), the emptying is a statement of its own, and nothing between them
 * names the location, in this function or in a function of the file it calls (`calledFunction`),
 * which would then see it empty.
 */
export function planEmptyWhenTaken(
  sourceCode: Readonly<TSESLint.SourceCode>,
  read: TSESTree.Node,
  write: TSESTree.AssignmentExpression,
  calledFunction: (callee: TSESTree.Node) => FunctionNode | null,
): EditPlan {
  const statement = write.parent;
  const list = statement?.type === AST_NODE_TYPES.ExpressionStatement ? statementList(statement) : null;
  const declarator = read.parent;
  const declaration = declarator?.parent;
  if (!list || declarator?.type !== AST_NODE_TYPES.VariableDeclarator || !declarator.init || unwrap(declarator.init) !== read || declaration?.type !== AST_NODE_TYPES.VariableDeclaration) {
    return refuse('The contents are not taken whole by a declaration.');
  }
  const from = list.indexOf(declaration);
  const to = list.indexOf(statement!);
  if (from < 0 || to <= from + 1) return refuse('The declaration and the emptying are not in one block, with an `await` between.');
  const name = sourceCode.getText(write.left);
  const between = list.slice(from + 1, to);
  const named = (node: TSESTree.Node): boolean => sourceCode.getText(node).includes(name);
  const callees = between.flatMap((node) => calls(node)).map((call) => calledFunction(call.callee));
  if (between.some(named) || callees.some((fn) => fn !== null && named(fn))) return refuse('Code between the two uses the location.');
  return { ok: true, edits: moveBefore(sourceCode, [statement!, statement!], list[from + 1]!) };
}

function calls(node: TSESTree.Node): TSESTree.CallExpression[] {
  const found: TSESTree.CallExpression[] = [];
  const visit = (current: TSESTree.Node): void => {
    if (current.type === AST_NODE_TYPES.CallExpression) found.push(current);
    for (const child of childNodes(current)) visit(child);
  };
  visit(node);
  return found;
}
