import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, isClassInitialiser, isFunction, outerParent, type FunctionNode } from '../analysis/ast';
import { resolveImported } from '../analysis/imports';
import { lockConstructor } from '../analysis/libraries';
import { interleavingModel, type ConcurrencyModel } from '../analysis/model';
import type { Variable } from '../analysis/scope';
import { createRule } from '../util/create-rule';
import { functionName, shorten } from '../util/describe';

type MessageIds = 'lockPerCall';

export default createRule<[], MessageIds>({
  name: 'no-lock-per-call',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow a lock created inside a function and used only by that one call, so concurrent calls never wait for each other',
      presets: ['recommended'],
    },
    schema: [],
    messages: {
      lockPerCall:
        '`{{construction}}` makes a new lock on every call of {{fn}}, and only that call uses it ({{use}} on line {{useLine}}): concurrent calls each take their own lock, so none of them ever waits and the lock guards nothing. Create it once where every call sees it: at module scope, in a class field, or in a map keyed by the resource.',
    },
    defaultOptions: [],
  },
  create(context) {
    const sourceCode = context.sourceCode;
    // Decided once per file: without a lock in it, no call needs a look.
    const model = interleavingModel(context);
    if (!model?.mayHaveLocks) return {};
    return {
      NewExpression: (node) => check(node, model),
      CallExpression: (node) => check(node, model),
    };

    function check(node: TSESTree.NewExpression | TSESTree.CallExpression, model: ConcurrencyModel): void {
      if (!isLockConstructor(node, model) || model.locks.resolve(node)?.construction !== node) return;
      const fn = owningFunction(node);
      if (!fn || isConstructor(fn)) return;
      const uses = usesWithinCall(model, node, fn);
      if (!uses || uses.length === 0 || mayOverlap(model, uses)) return;
      const first = uses[0]!;
      context.report({
        node,
        messageId: 'lockPerCall',
        data: {
          construction: shorten(sourceCode.getText(node)),
          fn: functionName(fn),
          use: `\`${shorten(sourceCode.getText(first.callee))}(…)\``,
          useLine: first.loc.start.line,
        },
      });
    }
  },
});

/** `new Mutex()`, `pLimit(1)`: a call of a lock package's constructor (not a call that merely returns a lock). */
function isLockConstructor(node: TSESTree.NewExpression | TSESTree.CallExpression, model: ConcurrencyModel): boolean {
  const imported = resolveImported(node.callee, model.bindings);
  const constructor = imported ? lockConstructor(imported.source, imported.name) : null;
  return constructor?.form === (node.type === AST_NODE_TYPES.NewExpression ? 'new' : 'call');
}

/** The function whose every call runs `node`; null at module scope and in class field initialisers. */
function owningFunction(node: TSESTree.Node): FunctionNode | null {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunction(current)) return current;
    if (isClassInitialiser(current)) return null;
  }
  return null;
}

function isConstructor(fn: FunctionNode): boolean {
  return fn.parent?.type === AST_NODE_TYPES.MethodDefinition && fn.parent.kind === 'constructor';
}

/**
 * The lock calls made on a new lock, when all of them happen directly in `fn`: the lock is used
 * inline (`new Mutex().runExclusive(…)`) or kept in a local of `fn` that nothing else reads.
 * Null when it escapes: returned, passed on, stored in a field, map or outer variable, or
 * captured by a nested function (whose calls may overlap, so the lock can guard them).
 */
function usesWithinCall(model: ConcurrencyModel, construction: TSESTree.Node, fn: FunctionNode): TSESTree.CallExpression[] | null {
  let value: TSESTree.Node = construction;
  let around = outerParent(value);
  // `withTimeout(new Mutex(), ms)` is the same lock.
  while (around.parent?.type === AST_NODE_TYPES.CallExpression && model.locks.resolve(around.parent)?.construction === construction) {
    value = around.parent;
    around = outerParent(value);
  }
  const { parent, child } = around;
  if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === child) {
    const call = outerParent(parent).parent;
    return call?.type === AST_NODE_TYPES.CallExpression && outerParent(parent).child === call.callee && model.sections.lockCall(call) ? [call] : null;
  }
  let target: TSESTree.Node | null = null;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === child) target = parent.id;
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === child && parent.operator === '=') target = parent.left;
  if (target?.type !== AST_NODE_TYPES.Identifier) return null;
  const variable = model.bindings.variableOf(target);
  if (!variable || model.bindings.declaringFunction(variable) !== fn) return null;
  return lockCallsOn(model, variable, fn, value);
}

/** Every read of `variable` as a lock call in `fn` itself; null when any reference is something else. */
function lockCallsOn(model: ConcurrencyModel, variable: Variable, fn: FunctionNode, value: TSESTree.Node): TSESTree.CallExpression[] | null {
  const calls: TSESTree.CallExpression[] = [];
  for (const reference of variable.references) {
    const identifier = reference.identifier as TSESTree.Node;
    if (reference.isWrite()) {
      if (reference.writeExpr === value) continue;
      return null;
    }
    if (enclosingFunction(identifier) !== fn) return null;
    const { parent, child } = outerParent(identifier);
    const call =
      parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === child
        ? parent
        : parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === child
          ? outerParent(parent).parent
          : null;
    if (call?.type !== AST_NODE_TYPES.CallExpression) return null;
    const isLockUse = call.callee === child ? model.locks.resolve(identifier)?.protocol.callable : model.sections.lockCall(call) !== null;
    if (!isLockUse) return null;
    calls.push(call);
  }
  return calls.sort((a, b) => a.range[0] - b.range[0]);
}

/** Two entries into the lock from one call can overlap when one of them is not awaited in place (`Promise.all([...])`). */
function mayOverlap(model: ConcurrencyModel, uses: readonly TSESTree.CallExpression[]): boolean {
  const entries = uses.filter((call) => model.sections.lockCall(call)?.role !== 'release');
  return entries.length > 1 && entries.some((call) => outerParent(call).parent?.type !== AST_NODE_TYPES.AwaitExpression);
}
