import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { childNodes, isFunction } from '../../../eslint-plugin/src/analysis/ast';
import { nodePathAt } from './nodes';

/**
 * The statements a selection covers whole: consecutive statements of one block (or `case`),
 * ignoring whitespace and comments at the selection's edges, and letting a statement's closing
 * `;` stay out. Null when the selection is empty, cuts a statement, or spans several blocks.
 */
export function statementsInSelection(sourceCode: Readonly<TSESLint.SourceCode>, selection: readonly [number, number]): TSESTree.Statement[] | null {
  const [start, end] = trimSelection(sourceCode, selection);
  if (start >= end) return null;
  const first = statementStartingAt(sourceCode, start);
  if (!first) return null;
  const list = statementList(first)!;
  const statements: TSESTree.Statement[] = [];
  for (const statement of list.slice(list.indexOf(first))) {
    if (statement.range[0] >= end) break;
    if (!coversEnd(sourceCode, statement, end)) return null;
    statements.push(statement);
  }
  return statements;
}

/**
 * The consecutive statements, in the innermost statement list holding both offsets, from the
 * one holding `from` to the one holding `to` (a read and the write built on it). Null when no
 * list of one function holds both.
 */
export function statementsBetween(sourceCode: Readonly<TSESLint.SourceCode>, from: number, to: number): TSESTree.Statement[] | null {
  const path = nodePathAt(sourceCode, to);
  for (let index = path.length - 1; index >= 0; index -= 1) {
    const node = path[index]!;
    if (isFunction(node)) return null;
    const list = statementList(node);
    if (!list) continue;
    const first = list.find((statement) => statement.range[0] <= from && from < statement.range[1]);
    if (first) return list.slice(list.indexOf(first), list.indexOf(node as TSESTree.Statement) + 1);
  }
  return null;
}

/** Whether the selection, ending at `end`, takes in all of `statement` but perhaps its final `;`. */
function coversEnd(sourceCode: Readonly<TSESLint.SourceCode>, statement: TSESTree.Node, end: number): boolean {
  const [, to] = statement.range;
  return end >= to || (end === to - 1 && sourceCode.text[to - 1] === ';');
}

/** The outermost statement of a statement list that starts exactly at `offset`, not inside a nested function's head. */
function statementStartingAt(sourceCode: Readonly<TSESLint.SourceCode>, offset: number): TSESTree.Statement | null {
  const path = nodePathAt(sourceCode, offset);
  for (const node of path) {
    if (node.range[0] === offset && statementList(node)) return node as TSESTree.Statement;
  }
  return null;
}

function statementList(node: TSESTree.Node): readonly TSESTree.Statement[] | null {
  const parent = node.parent;
  if (!parent) return null;
  if (parent.type === AST_NODE_TYPES.BlockStatement || parent.type === AST_NODE_TYPES.Program || parent.type === AST_NODE_TYPES.StaticBlock) {
    return parent.body as TSESTree.Statement[];
  }
  if (parent.type === AST_NODE_TYPES.SwitchCase) return parent.consequent;
  return null;
}

/** Narrows a selection past whitespace and comments at either end. */
export function trimSelection(sourceCode: Readonly<TSESLint.SourceCode>, [from, to]: readonly [number, number]): [number, number] {
  const text = sourceCode.text;
  const comments = sourceCode.getAllComments();
  let start = Math.min(from, to);
  let end = Math.max(from, to);
  for (let moved = true; moved && start < end; ) {
    moved = false;
    while (start < end && /\s/.test(text[start]!)) start += 1;
    const comment = comments.find((candidate) => candidate.range[0] === start);
    if (comment && comment.range[1] <= end) {
      start = comment.range[1];
      moved = true;
    }
  }
  for (let moved = true; moved && start < end; ) {
    moved = false;
    while (end > start && /\s/.test(text[end - 1]!)) end -= 1;
    const comment = comments.find((candidate) => candidate.range[1] === end);
    if (comment && comment.range[0] >= start) {
      end = comment.range[0];
      moved = true;
    }
  }
  return [start, end];
}

/** The innermost `await` at the cursor, or else the first one in the statement holding it (not in nested functions). */
export function awaitAt(sourceCode: Readonly<TSESLint.SourceCode>, offset: number): TSESTree.AwaitExpression | null {
  const path = nodePathAt(sourceCode, offset);
  for (let index = path.length - 1; index >= 0; index -= 1) {
    const node = path[index]!;
    if (node.type === AST_NODE_TYPES.AwaitExpression) return node;
    if (isFunction(node)) return null;
    if (statementList(node)) return firstAwaitIn(node);
  }
  return null;
}

function firstAwaitIn(root: TSESTree.Node): TSESTree.AwaitExpression | null {
  const stack: TSESTree.Node[] = [root];
  let found: TSESTree.AwaitExpression | null = null;
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === AST_NODE_TYPES.AwaitExpression && (!found || node.range[0] < found.range[0])) found = node;
    if (!isFunction(node)) stack.push(...childNodes(node));
  }
  return found;
}
