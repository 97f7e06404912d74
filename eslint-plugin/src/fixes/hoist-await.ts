import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { childNodes, contains, unwrap } from '../analysis/ast';
import { modelFor } from '../analysis/model';
import type { CriticalSection } from '../analysis/sections';
import { indentationAt, refuse, type EditPlan, type TextEdit } from './edits';
import { listStatement } from './region';

/**
 * "Move await before the lock": takes the statement holding an `await` out of the critical
 * section and puts it before the statement that takes the lock. Refuses when the statement is
 * not a plain `const x = await …;` / `await …;` at the section's top level, when it uses
 * anything declared inside the section, or when its names would clash outside.
 */
export function planHoistAwait(sourceCode: Readonly<TSESLint.SourceCode>, awaitNode: TSESTree.AwaitExpression): EditPlan {
  const model = modelFor(sourceCode);
  const section = innermost(model.sectionsCovering(awaitNode).filter((candidate) => candidate.excludes));
  if (!section) return refuse('The `await` is not inside an exclusive lock.');
  const statement = awaitNode.parent?.type === AST_NODE_TYPES.VariableDeclarator ? awaitNode.parent.parent : awaitNode.parent;
  const movable =
    (statement?.type === AST_NODE_TYPES.VariableDeclaration &&
      statement.declarations.length === 1 &&
      statement.declarations[0]!.init === awaitNode) ||
    (statement?.type === AST_NODE_TYPES.ExpressionStatement && unwrap(statement.expression) === awaitNode);
  if (!statement || !movable) return refuse('Only `const x = await …;` or `await …;` statements can move.');
  const anchor = listStatement(section.entry);
  if (!anchor || !contains(anchor.parent!, statement) || anchor.range[0] >= statement.range[0]) {
    return refuse('The lock is not taken by a statement of an enclosing block.');
  }
  if (runsConditionally(statement, anchor, section)) return refuse('The statement runs only on some paths inside the section.');
  if (usesSectionDeclarations(statement, section, model.bindings)) return refuse('The statement uses values computed inside the section.');
  for (const variable of sourceCode.getDeclaredVariables(statement)) {
    if (!model.bindings.isNameFree(variable.name, anchor)) return refuse(`\`${variable.name}\` is already declared before the lock.`);
  }
  return { ok: true, edits: moveBefore(sourceCode, [statement, statement], anchor) };
}

/**
 * Edits that move the statements `first`…`last` (one run of a statement list) to just before
 * `anchor`, an earlier statement, re-indented to its depth. Comment lines directly above the
 * run, and a comment ending its last line, move with it; the anchor keeps its own comment lines.
 */
export function moveBefore(sourceCode: Readonly<TSESLint.SourceCode>, [first, last]: readonly [TSESTree.Node, TSESTree.Node], anchor: TSESTree.Node): TextEdit[] {
  const text = sourceCode.text;
  const start = leadingCommentsStart(sourceCode, first);
  const lineStart = text.lastIndexOf('\n', start - 1);
  const onItsOwnLine = text.slice(lineStart + 1, start).trim() === '';
  const trailing = sourceCode.getCommentsAfter(last).find((comment) => comment.loc.start.line === last.loc.end.line);
  const end = trailing?.range[1] ?? last.range[1];
  const removal: TSESTree.Range = onItsOwnLine ? [lineStart, end] : [start, end];
  const at = leadingCommentsStart(sourceCode, anchor);
  const moved = dedent(text.slice(start, end), indentationAt(text, start), indentationAt(text, at));
  return [
    { range: [at, at], text: `${moved}\n${indentationAt(text, at)}` },
    { range: removal, text: '' },
  ];
}

/** Where a statement starts, counting the comment lines right above it (no blank line between) as its own. */
function leadingCommentsStart(sourceCode: Readonly<TSESLint.SourceCode>, statement: TSESTree.Node): number {
  const text = sourceCode.text;
  let start = statement.range[0];
  for (const comment of sourceCode.getCommentsBefore(statement).reverse()) {
    const gap = text.slice(comment.range[1], start);
    const lineStart = text.lastIndexOf('\n', comment.range[0] - 1) + 1;
    if (gap.trim() !== '' || gap.split('\n').length > 2 || text.slice(lineStart, comment.range[0]).trim() !== '') break;
    start = comment.range[0];
  }
  return start;
}

function innermost(sections: readonly CriticalSection[]): CriticalSection | null {
  return [...sections].sort((a, b) => a.range[1] - a.range[0] - (b.range[1] - b.range[0]))[0] ?? null;
}

/** Between the statement and the lock's statement, only the section's own body and `try` blocks may stand. */
function runsConditionally(statement: TSESTree.Node, anchor: TSESTree.Node, section: CriticalSection): boolean {
  for (let current = statement.parent; current && current !== anchor.parent; current = current.parent) {
    if (contains(anchor, current)) {
      if (section.kind === 'callback' && (current === section.fn.body || contains(current, section.fn))) continue;
      return true;
    }
    const tryBlock = current.type === AST_NODE_TYPES.BlockStatement && current.parent?.type === AST_NODE_TYPES.TryStatement && current.parent.block === current;
    if (!tryBlock && current.type !== AST_NODE_TYPES.TryStatement) return true;
  }
  return false;
}

function usesSectionDeclarations(statement: TSESTree.Node, section: CriticalSection, bindings: ReturnType<typeof modelFor>['bindings']): boolean {
  const visit = (node: TSESTree.Node): boolean => {
    if (node.type === AST_NODE_TYPES.Identifier) {
      const declaration = bindings.variableOf(node)?.identifiers[0];
      if (declaration && !contains(statement, declaration) && contains(section.range, declaration)) return true;
      if (declaration && section.kind === 'callback' && section.fn.params.some((param) => contains(param, declaration))) return true;
    }
    if (node.type === AST_NODE_TYPES.ThisExpression && section.kind === 'callback' && section.fn.type !== AST_NODE_TYPES.ArrowFunctionExpression) return true;
    return childNodes(node).some(visit);
  };
  return visit(statement);
}

function dedent(text: string, from: string, to: string): string {
  if (from.length <= to.length) return text;
  const extra = from.slice(to.length);
  return text
    .split('\n')
    .map((line, index) => (index > 0 && line.startsWith(extra) ? line.slice(extra.length) : line))
    .join('\n');
}
