import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { calledMethodName, enclosingFunction, outerParent, propertyName } from '../analysis/ast';
import { getModel } from '../analysis/model';
import { createRule } from '../util/create-rule';

type MessageIds = 'unawaitedAcquire' | 'unawaitedWait' | 'addAwait';

const ACQUIRE_LIKE = new Set(['acquire', 'acquireAsync', 'wait', 'waitForUnlock']);

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
    return {
      CallExpression(node) {
        const method = calledMethodName(node);
        if (!method || !ACQUIRE_LIKE.has(method)) return;
        const found = getModel(context).sections.lockCall(node);
        if (!found || (found.role !== 'acquire' && found.role !== 'wait')) return;
        const unhandled = unhandledUse(node, context);
        if (!unhandled) return;
        const call = sourceCode.getText(node);
        const fn = enclosingFunction(node);
        context.report({
          node,
          messageId: found.role === 'acquire' ? 'unawaitedAcquire' : 'unawaitedWait',
          data: { call, next: describeNext(node), lock: found.lock.protocol.display.replace(/^.* `(.*)`$/, '`$1`') },
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
      let statement: TSESTree.Node = node;
      while (statement.parent && !isStatementList(statement.parent)) statement = statement.parent;
      const list = statement.parent && statementsOf(statement.parent);
      const next = list ? list[list.indexOf(statement as TSESTree.Statement) + 1] : undefined;
      return next ? `the code on line ${next.loc.start.line}` : 'the code after it';
    }
  },
});

type Unhandled = { kind: 'statement' | 'void' | 'kept'; node: TSESTree.Node };

/**
 * How the acquire's promise is dropped, or null when something takes care of it: awaited,
 * returned, yielded, chained with `.then`, passed to a call, stored in a property, or kept in a
 * variable that is awaited or passed on later.
 */
function unhandledUse(call: TSESTree.Node, context: Readonly<TSESLint.RuleContext<MessageIds, []>>): Unhandled | null {
  const { parent, child } = outerParent(call);
  if (!parent) return null;
  switch (parent.type) {
    case AST_NODE_TYPES.ExpressionStatement:
      return { kind: 'statement', node: call };
    case AST_NODE_TYPES.UnaryExpression:
      return parent.operator === 'void' ? { kind: 'void', node: parent } : null;
    case AST_NODE_TYPES.MemberExpression: {
      const chained = parent.object === child ? propertyName(parent.property, parent.computed) : null;
      return chained === 'catch' || chained === 'finally' ? unhandledChain(parent, context, call) : null;
    }
    case AST_NODE_TYPES.VariableDeclarator: {
      if (parent.init !== child || parent.id.type !== AST_NODE_TYPES.Identifier) return null;
      const variable = getModel(context).bindings.variableOf(parent.id);
      const uses = variable?.references.filter((reference) => !reference.init) ?? [];
      const handled = uses.some((reference) => unhandledUse(reference.identifier as TSESTree.Node, context) === null);
      return handled ? null : { kind: 'kept', node: call };
    }
    default:
      return null;
  }
}

/** `lock.acquire().catch(…)` as a statement still leaves the acquire unawaited. */
function unhandledChain(
  member: TSESTree.MemberExpression,
  context: Readonly<TSESLint.RuleContext<MessageIds, []>>,
  call: TSESTree.Node,
): Unhandled | null {
  const chainedCall = member.parent;
  if (chainedCall?.type !== AST_NODE_TYPES.CallExpression || chainedCall.callee !== member) return null;
  const outer = unhandledUse(chainedCall, context);
  return outer ? { kind: outer.kind, node: outer.kind === 'void' ? outer.node : call } : null;
}

function addAwait(fixer: TSESLint.RuleFixer, call: TSESTree.Node, unhandled: Unhandled): TSESLint.RuleFix {
  if (unhandled.kind === 'void') {
    const voidNode = unhandled.node as TSESTree.UnaryExpression;
    return fixer.replaceTextRange([voidNode.range[0], voidNode.argument.range[0]], 'await ');
  }
  return fixer.insertTextBefore(call, 'await ');
}

function isStatementList(node: TSESTree.Node): boolean {
  return statementsOf(node) !== null;
}

function statementsOf(node: TSESTree.Node): readonly TSESTree.Node[] | null {
  switch (node.type) {
    case AST_NODE_TYPES.BlockStatement:
    case AST_NODE_TYPES.Program:
    case AST_NODE_TYPES.StaticBlock:
      return node.body;
    case AST_NODE_TYPES.SwitchCase:
      return node.consequent;
    default:
      return null;
  }
}
