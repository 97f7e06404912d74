import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { calledMethodName, enclosingFunction, outerParent, propertyName } from '../analysis/ast';
import { ACQUIRE_METHOD_NAMES, WAIT_METHOD_NAMES } from '../analysis/libraries';
import { lockClassName } from '../analysis/locks';
import { getModel } from '../analysis/model';
import type { Variable } from '../analysis/scope';
import { listStatement, statementList } from '../fixes/region';
import { createRule } from '../util/create-rule';

type MessageIds = 'unawaitedAcquire' | 'unawaitedWait' | 'addAwait';

export default createRule<[], MessageIds>({
  name: 'no-unawaited-acquire',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require the promise of a lock acquire to be awaited, returned or chained before the guarded code runs',
      presets: ['recommended'],
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      unawaitedAcquire:
        '`{{call}}` returns a promise that nothing awaits, so {{next}} runs before the {{lock}} is held: concurrent calls enter together and the lock guards nothing. Await it.',
      unawaitedWait:
        '`{{call}}` returns a promise that nothing awaits, so {{next}} runs without waiting for the {{lock}} to be free. Await it.',
      addAwait: 'Await `{{call}}`.',
    },
    defaultOptions: [],
  },
  create(context) {
    const sourceCode = context.sourceCode;
    // Decided once per file: without a lock in it, no call takes one.
    if (!getModel(context).mayHaveLocks) return {};
    return {
      CallExpression(node) {
        const method = calledMethodName(node);
        if (!method || !(ACQUIRE_METHOD_NAMES.has(method) || WAIT_METHOD_NAMES.has(method))) return;
        const found = getModel(context).sections.lockCall(node);
        if (!found || (found.role !== 'acquire' && found.role !== 'wait')) return;
        const unhandled = unhandledUse(node, context);
        if (!unhandled) return;
        const call = sourceCode.getText(node);
        const fn = enclosingFunction(node);
        context.report({
          node,
          messageId: found.role === 'acquire' ? 'unawaitedAcquire' : 'unawaitedWait',
          data: { call, next: describeNext(node), lock: lockClassName(found.lock).replace(/^.* `(.*)`$/, '`$1`') },
          suggest: fn?.async
            ? [
                {
                  messageId: 'addAwait',
                  data: { call },
                  fix: (fixer) => addAwait(fixer, node, unhandled),
                },
              ]
            : [],
        });
      },
    };

    /** "the code on line 13", naming the statement that follows the acquire's own statement. */
    function describeNext(node: TSESTree.Node): string {
      const statement = listStatement(node);
      const list = statement && statementList(statement);
      const next = list?.[list.indexOf(statement!) + 1];
      return next ? `the code on line ${next.loc.start.line}` : 'the code after it';
    }
  },
});

type Unhandled = { kind: 'statement' | 'void' | 'kept'; node: TSESTree.Node };

type Context = Readonly<TSESLint.RuleContext<MessageIds, []>>;

/** How the acquire's promise is dropped, or null when something takes care of it. */
function unhandledUse(call: TSESTree.Node, context: Context): Unhandled | null {
  if (isConsumed(call, context)) return null;
  const { parent } = outerParent(call);
  if (parent?.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'void') return { kind: 'void', node: parent };
  return { kind: parent?.type === AST_NODE_TYPES.VariableDeclarator ? 'kept' : 'statement', node: call };
}

/**
 * Whether a promise is waited for or handed on: awaited, returned, yielded, chained with
 * `.then`, passed to a call, stored in a property, or kept in a variable that is. `following`
 * holds the variables whose uses are being looked at: `p = p.finally(…)` leads back to `p`,
 * whose other uses decide.
 */
function isConsumed(node: TSESTree.Node, context: Context, following = new Set<Variable>()): boolean {
  const { parent, child } = outerParent(node);
  if (!parent) return false;
  switch (parent.type) {
    case AST_NODE_TYPES.AwaitExpression:
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.YieldExpression:
    case AST_NODE_TYPES.Property:
      return true;
    case AST_NODE_TYPES.ArrowFunctionExpression:
      return parent.body === child;
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression:
      return parent.arguments.includes(child as TSESTree.CallExpressionArgument);
    case AST_NODE_TYPES.MemberExpression: {
      const method = parent.object === child ? propertyName(parent.property, parent.computed) : null;
      if (method === 'then') return true;
      const chained = parent.parent;
      return (method === 'catch' || method === 'finally') && chained?.type === AST_NODE_TYPES.CallExpression && isConsumed(chained, context, following);
    }
    case AST_NODE_TYPES.ArrayExpression:
    case AST_NODE_TYPES.ConditionalExpression:
    case AST_NODE_TYPES.LogicalExpression:
      return isConsumed(parent, context, following);
    case AST_NODE_TYPES.SequenceExpression:
      return parent.expressions.at(-1) === child && isConsumed(parent, context, following);
    case AST_NODE_TYPES.AssignmentExpression:
      if (parent.right !== child) return false;
      return parent.left.type === AST_NODE_TYPES.Identifier ? isVariableConsumed(parent.left, context, following) : true;
    case AST_NODE_TYPES.VariableDeclarator:
      return parent.id.type === AST_NODE_TYPES.Identifier ? isVariableConsumed(parent.id, context, following) : true;
    default:
      return false;
  }
}

function isVariableConsumed(identifier: TSESTree.Identifier, context: Context, following: Set<Variable>): boolean {
  const variable = getModel(context).bindings.variableOf(identifier);
  if (!variable) return true;
  if (following.has(variable)) return false;
  following.add(variable);
  return variable.references.some((reference) => !reference.init && reference.isRead() && isConsumed(reference.identifier as TSESTree.Node, context, following));
}

function addAwait(fixer: TSESLint.RuleFixer, call: TSESTree.Node, unhandled: Unhandled): TSESLint.RuleFix {
  if (unhandled.kind === 'void') {
    const voidNode = unhandled.node as TSESTree.UnaryExpression;
    return fixer.replaceTextRange([voidNode.range[0], voidNode.argument.range[0]], 'await ');
  }
  return fixer.insertTextBefore(call, 'await ');
}
