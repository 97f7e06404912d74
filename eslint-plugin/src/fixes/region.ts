import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { childNodes, contains, isFunction, isLoop, outerParent } from '../analysis/ast';
import type { LockRef } from '../analysis/locks';
import type { ConcurrencyModel } from '../analysis/model';
import type { Variable } from '../analysis/scope';
import { sameLock } from '../analysis/sections';

/**
 * Helpers for fixes that move a run of statements into a new block or callback: where the
 * statements live, what text they span, and what would break if they moved.
 */

/** The statement list a statement belongs to (a block, the program, a `case`), or null. */
export function statementList(statement: TSESTree.Node): readonly TSESTree.Node[] | null {
  const parent = statement.parent;
  if (parent?.type === AST_NODE_TYPES.BlockStatement || parent?.type === AST_NODE_TYPES.Program) return parent.body;
  if (parent?.type === AST_NODE_TYPES.SwitchCase) return parent.consequent;
  return null;
}

/** The statement of a statement list that holds `node`. */
export function listStatement(node: TSESTree.Node): TSESTree.Statement | null {
  for (let current: TSESTree.Node | undefined = node; current; current = current.parent) {
    if (isFunction(current)) return null;
    if (statementList(current)) return current as TSESTree.Statement;
  }
  return null;
}

/** Where the text after `statement` starts: past the comments that end its line, so they stay with it. */
export function endOfLine(sourceCode: Readonly<TSESLint.SourceCode>, statement: TSESTree.Node): number {
  const text = sourceCode.text;
  const newline = text.indexOf('\n', statement.range[1]);
  if (newline < 0) return statement.range[1];
  const next = sourceCode.getTokenAfter(statement);
  return !next || next.range[0] > newline ? newline : statement.range[1];
}

/** The text of `range` with every line but the first indented by `unit` more; template literal bodies and blank lines stay as they are. */
export function reindent(sourceCode: Readonly<TSESLint.SourceCode>, range: TSESTree.Range, unit: string): string {
  const literalSpans: TSESTree.Range[] = [];
  const tokens = sourceCode.ast.tokens ?? [];
  // Tokens are sorted: find the first that ends after the range starts, then walk to its end.
  let low = 0;
  for (let high = tokens.length; low < high; ) {
    const middle = (low + high) >> 1;
    if (tokens[middle]!.range[1] <= range[0]) low = middle + 1;
    else high = middle;
  }
  for (let index = low; index < tokens.length && tokens[index]!.range[0] < range[1]; index += 1) {
    if (tokens[index]!.type === 'Template') literalSpans.push(tokens[index]!.range);
  }
  let offset = range[0];
  return sourceCode.text
    .slice(range[0], range[1])
    .split('\n')
    .map((line, index) => {
      const start = offset;
      offset += line.length + 1;
      if (index === 0 || line.trim() === '') return line;
      return literalSpans.some(([from, to]) => from < start && start < to) ? line : unit + line;
    })
    .join('\n');
}

/**
 * Why the statements cannot move into a callback (`yield`, a `break`/`continue` leaving them,
 * or a `return` unless the caller keeps return values itself), or null.
 */
export function callbackBoundaryProblem(statements: readonly TSESTree.Node[], { allowReturn = false } = {}): string | null {
  let problem: string | null = null;
  const visit = (node: TSESTree.Node, loops: number, switches: number, labels: ReadonlySet<string>): void => {
    if (problem || isFunction(node)) return;
    const line = node.loc.start.line;
    if (node.type === AST_NODE_TYPES.ReturnStatement && !allowReturn) problem = `the \`return\` on line ${line} would only leave the callback`;
    if (node.type === AST_NODE_TYPES.YieldExpression) problem = `the \`yield\` on line ${line} cannot move into a callback`;
    if (node.type === AST_NODE_TYPES.BreakStatement || node.type === AST_NODE_TYPES.ContinueStatement) {
      const isBreak = node.type === AST_NODE_TYPES.BreakStatement;
      const inside = node.label ? labels.has(node.label.name) : isBreak ? loops + switches > 0 : loops > 0;
      if (!inside) problem = `the \`${isBreak ? 'break' : 'continue'}\` on line ${line} would cross the callback's boundary`;
    }
    const loop = isLoop(node);
    const inner = node.type === AST_NODE_TYPES.LabeledStatement ? new Set([...labels, node.label.name]) : labels;
    for (const child of childNodes(node)) visit(child, loops + (loop ? 1 : 0), switches + (node.type === AST_NODE_TYPES.SwitchStatement ? 1 : 0), inner);
  };
  for (const statement of statements) visit(statement, 0, 0, new Set());
  return problem;
}

/** Variables the statements declare (at their own level) that code after offset `end` still uses. */
export function declarationsUsedAfter(
  sourceCode: Readonly<TSESLint.SourceCode>,
  statements: readonly TSESTree.Node[],
  end: number,
): Variable[] {
  return statements.flatMap((statement) =>
    sourceCode.getDeclaredVariables(statement).filter((variable) => variable.references.some((reference) => reference.identifier.range[0] >= end)),
  );
}

/**
 * Whether the statements await anything themselves (not inside a nested function). With `yields`,
 * a `yield` counts too: in an async generator another task can run there.
 */
export function containsAwait(statements: readonly TSESTree.Node[], { yields = false } = {}): boolean {
  const visit = (node: TSESTree.Node): boolean => {
    if (isFunction(node)) return false;
    if (node.type === AST_NODE_TYPES.AwaitExpression || (yields && node.type === AST_NODE_TYPES.YieldExpression)) return true;
    if (node.type === AST_NODE_TYPES.ForOfStatement && node.await) return true;
    if (node.type === AST_NODE_TYPES.VariableDeclaration && node.kind === 'await using') return true;
    return childNodes(node).some(visit);
  };
  return statements.some(visit);
}

/** The expression statement that consists of `call` (also `release?.()`). */
export function wholeStatement(call: TSESTree.CallExpression): TSESTree.ExpressionStatement | null {
  const { parent } = outerParent(call);
  return parent?.type === AST_NODE_TYPES.ExpressionStatement ? parent : null;
}

/**
 * Why moving `release` would give the lock back twice or too early: the releaser is used
 * elsewhere, or the statements release the lock themselves. Null when `release` is the only one.
 */
export function otherRelease(
  model: ConcurrencyModel,
  statements: readonly TSESTree.Node[],
  releaser: Variable | null,
  lock: LockRef,
  release: TSESTree.CallExpression | null,
): string | null {
  const use = releaser?.references.find((reference) => !reference.init && !(release && contains(release, reference.identifier as TSESTree.Node)));
  if (use) return `The releaser is also used on line ${use.identifier.loc.start.line}.`;
  const calls: TSESTree.CallExpression[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (node.type === AST_NODE_TYPES.CallExpression) calls.push(node);
    for (const child of childNodes(node)) visit(child);
  };
  statements.forEach(visit);
  const other = calls.find((call) => {
    const role = model.sections.lockCall(call);
    return role?.role === 'release' && sameLock(role.lock, lock);
  });
  return other ? `The lock is also released on line ${other.loc.start.line}.` : null;
}
