import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { calleeObject, outerParent } from '../analysis/ast';
import { releaserOf } from '../analysis/holds';
import { lockClassName } from '../analysis/locks';
import { modelFor } from '../analysis/model';
import { indentUnit, indentationAt, refuse, type EditPlan } from './edits';
import {
  callbackBoundaryProblem,
  containsAwait,
  declarationsUsedAfter,
  endOfLine,
  listStatement,
  otherRelease,
  reindent,
  statementList,
  wholeStatement,
} from './region';

/**
 * "Convert acquire/release to runExclusive", shared by the `require-release-in-finally` rule and
 * the editor's code action.
 *
 *   planToRunExclusive({ sourceCode, acquire, release }): EditPlan
 *
 * - `acquire`: an async-mutex `acquire()` call (Mutex or Semaphore) that is awaited as a whole
 *   statement: `const release = await lock.acquire(…)`, `const [value, release] = await sem.acquire(…)`
 *   or `await lock.acquire();`.
 * - `release`: the call that gives it back, `release()` or `lock.release()`, forming a whole
 *   statement later in the same block.
 *
 * On success the plan replaces the acquire, the statements in between and the release with
 * `await lock.runExclusive(async (value) => { … }, …acquire arguments);` — the callback is only
 * `async` when the statements await, `value` only appears when the acquire named it, and the
 * acquire's arguments (priority, or weight and priority) move behind the callback in the same
 * order, as runExclusive expects them. It refuses (with a reason for the user) when the
 * statements `return`, `yield` or jump out, declare names used after the release, or release
 * the lock some other way; the lock must be one whose protocol has `runExclusive`.
 */
export interface ToRunExclusiveInput {
  sourceCode: Readonly<TSESLint.SourceCode>;
  acquire: TSESTree.CallExpression;
  release: TSESTree.CallExpression;
}

export function planToRunExclusive({ sourceCode, acquire, release }: ToRunExclusiveInput): EditPlan {
  const model = modelFor(sourceCode);
  const found = model.sections.lockCall(acquire);
  const lockNode = calleeObject(acquire);
  if (found?.role !== 'acquire' || !lockNode) return refuse('This call is not a lock acquire.');
  if (!('runExclusive' in found.lock.protocol.sectionMethods)) return refuse(`${lockClassName(found.lock)} has no \`runExclusive\`.`);
  const awaited = outerParent(acquire).parent;
  if (awaited?.type !== AST_NODE_TYPES.AwaitExpression) return refuse('The acquire is not awaited.');
  const shape = acquireShape(awaited);
  if (!shape) return refuse('The acquire must be a statement of its own: `const release = await lock.acquire();`.');
  const releaseStatement = wholeStatement(release);
  const list = statementList(shape.statement);
  if (!releaseStatement || !list || !list.includes(releaseStatement) || releaseStatement.range[0] < shape.statement.range[1]) {
    return refuse('The release must be a statement of its own, later in the same block as the acquire.');
  }
  const region = list.slice(list.indexOf(shape.statement) + 1, list.indexOf(releaseStatement));
  if (region.length === 0) return refuse('Nothing runs between the acquire and the release.');

  const other = otherRelease(model, region, releaserOf(awaited, found.lock, model), found.lock, release);
  if (other) return refuse(other);
  const boundary = callbackBoundaryProblem(region);
  if (boundary) return refuse(`Cannot move the code into a callback: ${boundary}.`);
  const escaping = declarationsUsedAfter(sourceCode, region, releaseStatement.range[1]);
  if (escaping.length > 0) return refuse(`\`${escaping.map((variable) => variable.name).join('`, `')}\` would be scoped to the callback but is used after the release.`);
  const valueUsedAfter = shape.value && model.bindings.variableOf(shape.value)?.references.some((reference) => reference.identifier.range[0] > releaseStatement.range[1]);
  if (valueUsedAfter) return refuse(`\`${shape.value!.name}\` is used after the release.`);

  const text = sourceCode.text;
  const indent = indentationAt(text, shape.statement.range[0]);
  const unit = indentUnit(text);
  const start = endOfLine(sourceCode, shape.statement);
  const bodyEnd = start + text.slice(start, releaseStatement.range[0]).trimEnd().length;
  const trailing = text.slice(shape.statement.range[1], start);
  const body = reindent(sourceCode, [start, bodyEnd], unit);
  const parameter = shape.value ? sourceCode.getText(shape.value) : '';
  const args = acquire.arguments.map((argument) => `, ${sourceCode.getText(argument)}`).join('');
  const callback = `${containsAwait(region) ? 'async ' : ''}(${parameter}) => {`;
  return {
    ok: true,
    edits: [
      {
        range: [shape.statement.range[0], releaseStatement.range[1]],
        text: `await ${sourceCode.getText(lockNode)}.runExclusive(${callback}${trailing}${body}\n${indent}}${args});`,
      },
    ],
  };
}

interface AcquireShape {
  statement: TSESTree.Statement;
  /** `value` in `const [value, release] = await sem.acquire()`. */
  value: TSESTree.Identifier | null;
}

/** `await lock.acquire();`, `const release = await lock.acquire();`, `const [value, release] = await sem.acquire();`. */
function acquireShape(awaited: TSESTree.AwaitExpression): AcquireShape | null {
  const { parent, child } = outerParent(awaited);
  if (parent?.type === AST_NODE_TYPES.ExpressionStatement) return listStatement(parent) === parent ? { statement: parent, value: null } : null;
  if (parent?.type !== AST_NODE_TYPES.VariableDeclarator || parent.init !== child) return null;
  const declaration = parent.parent;
  if (declaration.declarations.length !== 1 || declaration.kind === 'using' || declaration.kind === 'await using') return null;
  if (listStatement(declaration) !== declaration) return null;
  if (parent.id.type === AST_NODE_TYPES.Identifier) return { statement: declaration, value: null };
  if (parent.id.type !== AST_NODE_TYPES.ArrayPattern || parent.id.elements.length > 2) return null;
  const [value, releaser] = parent.id.elements;
  if (releaser && releaser.type !== AST_NODE_TYPES.Identifier) return null;
  if (value && value.type !== AST_NODE_TYPES.Identifier) return null;
  return { statement: declaration, value: value ?? null };
}
