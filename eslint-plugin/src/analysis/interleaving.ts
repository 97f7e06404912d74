import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { ONE_SHOT_SCHEDULERS, calleeName } from './ast';

/**
 * How messages name an interleaving point: where another task can run before this one goes on.
 * `await`, `yield` in an async generator, a `for await` head, `await using`, or (strict) the
 * boundary into a `.then/.catch/.finally` callback or a `setTimeout`-like scheduled one.
 */
export function describeInterleaving(node: TSESTree.Node): { text: string; line: number } {
  const line = node.loc.start.line;
  switch (node.type) {
    case AST_NODE_TYPES.AwaitExpression:
      return { text: 'the `await`', line };
    case AST_NODE_TYPES.YieldExpression:
      return { text: 'the `yield`', line };
    case AST_NODE_TYPES.ForOfStatement:
      return { text: 'the `for await` loop', line };
    case AST_NODE_TYPES.VariableDeclarator:
      return { text: 'the `await using` declaration', line };
    case AST_NODE_TYPES.CallExpression: {
      const callee = node.callee;
      if (isSchedulerBoundary(node)) return { text: `the \`${calleeName(node)}\` callback (it runs later)`, line: callee.loc.end.line };
      const method = callee.type === AST_NODE_TYPES.MemberExpression && callee.property.type === AST_NODE_TYPES.Identifier ? callee.property.name : 'then';
      return { text: `the \`.${method}\` callback (it runs after the promise settles)`, line: callee.loc.end.line };
    }
    default:
      return { text: 'an interleaving point', line };
  }
}

/** The boundary into a `setTimeout`-like callback: the code that schedules it usually owns it (a timer chain, a debounce). */
export function isSchedulerBoundary(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.CallExpression && ONE_SHOT_SCHEDULERS.has(calleeName(node) ?? '');
}
