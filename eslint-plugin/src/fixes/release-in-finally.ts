import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { calleeObject, outerParent } from '../analysis/ast';
import { releaserOf } from '../analysis/holds';
import { modelFor } from '../analysis/model';
import { indentUnit, indentationAt, refuse, type EditPlan } from './edits';
import { declarationsUsedAfter, endOfLine, listStatement, otherRelease, reindent, statementList, wholeStatement } from './region';

/**
 * "Release in `finally`": wraps the code between an awaited acquire and its release in
 * `try { … } finally { release(); }`, moving the release statement into the `finally`.
 *
 * - `acquire`: the awaited acquire call; its statement must stand in a block.
 * - `release`: the release statement's call, later in the same block; or null when the
 *   acquire's releaser is never called, and then the rest of the block is wrapped and the
 *   releaser called in the `finally`.
 *
 * Refuses when the wrapped code releases the lock itself (it would be given back twice), or
 * declares names used after the release (the `try` block would hide them).
 */
export interface ReleaseInFinallyInput {
  sourceCode: Readonly<TSESLint.SourceCode>;
  acquire: TSESTree.CallExpression;
  release: TSESTree.CallExpression | null;
}

export function planReleaseInFinally({ sourceCode, acquire, release }: ReleaseInFinallyInput): EditPlan {
  const model = modelFor(sourceCode);
  const found = model.sections.lockCall(acquire);
  const awaited = outerParent(acquire).parent;
  if (found?.role !== 'acquire' || awaited?.type !== AST_NODE_TYPES.AwaitExpression) return refuse('This call is not an awaited lock acquire.');
  const statement = listStatement(awaited);
  const list = statement && statementList(statement);
  if (!statement || !list) return refuse('The acquire must stand in a block.');
  const releaser = releaserOf(awaited, found.lock, model);

  let region: readonly TSESTree.Node[];
  let regionEnd: number;
  let finallyText: string;
  // Null: the edit ends where the wrapped code ends; otherwise at the end of the moved release.
  let releaseEnd: number | null = null;
  if (release) {
    const releaseStatement = wholeStatement(release);
    if (!releaseStatement || !list.includes(releaseStatement) || releaseStatement.range[0] < statement.range[1]) {
      return refuse('The release must be a statement of its own, later in the same block as the acquire.');
    }
    region = list.slice(list.indexOf(statement) + 1, list.indexOf(releaseStatement));
    regionEnd = releaseStatement.range[0];
    releaseEnd = releaseStatement.range[1];
    finallyText = sourceCode.getText(releaseStatement);
    const escaping = declarationsUsedAfter(sourceCode, region, releaseStatement.range[1]);
    if (escaping.length > 0) return refuse(`\`${escaping.map((variable) => variable.name).join('`, `')}\` would be scoped to the \`try\` block but is used after the release.`);
  } else {
    const block = statement.parent;
    if (!releaser || block?.type !== AST_NODE_TYPES.BlockStatement) return refuse('The acquire keeps no releaser to call.');
    region = list.slice(list.indexOf(statement) + 1);
    regionEnd = block.range[1] - 1;
    finallyText = `${releaser.name}();`;
  }
  if (region.length === 0) return refuse('Nothing runs between the acquire and the release.');
  const other = otherRelease(model, region, releaser, found.lock, release);
  if (other) return refuse(other);
  return tryFinallyEdit(sourceCode, statement, regionEnd, releaseEnd, finallyText);
}

/**
 * The same for a resource checked out of a pool (`const client = await pool.connect()`) and given
 * back by `client.release()`, a statement of its own later in the same block. Refuses when the
 * code between releases it too, or declares names used after the release.
 */
export function planPooledReleaseInFinally(sourceCode: Readonly<TSESLint.SourceCode>, checkout: TSESTree.CallExpression, release: TSESTree.CallExpression): EditPlan {
  const statement = listStatement(checkout);
  const list = statement && statementList(statement);
  if (!statement || !list) return refuse('The checkout must stand in a block.');
  const { parent } = outerParent(release);
  const releaseStatement = parent?.type === AST_NODE_TYPES.AwaitExpression ? outerParent(parent).parent : parent;
  if (releaseStatement?.type !== AST_NODE_TYPES.ExpressionStatement || !list.includes(releaseStatement) || releaseStatement.range[0] < statement.range[1]) {
    return refuse('The release must be a statement of its own, later in the same block as the checkout.');
  }
  const region = list.slice(list.indexOf(statement) + 1, list.indexOf(releaseStatement));
  if (region.length === 0) return refuse('Nothing runs between the checkout and the release.');
  const receiver = sourceCode.getText(calleeObject(release)!);
  if (region.some((node) => sourceCode.getText(node).includes(`${receiver}.release(`))) return refuse(`\`${receiver}\` is also released between them.`);
  const escaping = declarationsUsedAfter(sourceCode, region, releaseStatement.range[1]);
  if (escaping.length > 0) return refuse(`\`${escaping.map((variable) => variable.name).join('`, `')}\` would be scoped to the \`try\` block but is used after the release.`);
  return tryFinallyEdit(sourceCode, statement, releaseStatement.range[0], releaseStatement.range[1], sourceCode.getText(releaseStatement));
}

/** `try { <the statements after `statement`, up to regionEnd> } finally { <finallyText> }`, replacing up to `releaseEnd` (null: the region's end). */
function tryFinallyEdit(sourceCode: Readonly<TSESLint.SourceCode>, statement: TSESTree.Node, regionEnd: number, releaseEnd: number | null, finallyText: string): EditPlan {
  const text = sourceCode.text;
  const indent = indentationAt(text, statement.range[0]);
  const unit = indentUnit(text);
  const start = endOfLine(sourceCode, statement);
  const bodyEnd = start + text.slice(start, regionEnd).trimEnd().length;
  const body = reindent(sourceCode, [start, bodyEnd], unit);
  return {
    ok: true,
    edits: [
      {
        range: [start, releaseEnd ?? bodyEnd],
        text: `\n${indent}try {${body}\n${indent}} finally {\n${indent}${unit}${finallyText}\n${indent}}`,
      },
    ],
  };
}
