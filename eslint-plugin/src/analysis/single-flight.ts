import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { alwaysExits, contains, unwrap } from './ast';

/**
 * Whether `write` is reached only when `read` is empty (falsy, or `null`/`undefined` where the
 * test compares it with them), as far as the test that holds the read decides:
 * `if (!this.inited && !this.initing) { this.initing = true; … }` reaches the write only while
 * `this.initing` is empty, and so does `if (this.inited || this.initing) return; this.initing = true;`.
 * A task that then stores a non-empty value there shuts every other task out of that path:
 * the other parts of the test (`this.inited`) are as good as claimed too. A part of an `||`
 * (`if (!a || !b)`) decides nothing alone, nor does a test the read is only an argument of.
 */
export function reachedOnlyWhenEmpty(read: TSESTree.Node, write: TSESTree.Node): boolean {
  const chain: TSESTree.Node[] = [read];
  let child: TSESTree.Node = read;
  let parent = read.parent;
  while (parent && isTestPart(parent)) {
    chain.push(parent);
    child = parent;
    parent = parent.parent;
  }
  if (!parent) return false;
  let need: boolean;
  if (parent.type === AST_NODE_TYPES.IfStatement && parent.test === child) {
    if (contains(parent.consequent, write)) need = true;
    else if (parent.alternate && contains(parent.alternate, write)) need = false;
    else if (!parent.alternate && alwaysExits(parent.consequent) && write.range[0] > parent.range[1]) need = false;
    else return false;
  } else if (parent.type === AST_NODE_TYPES.ConditionalExpression && parent.test === child) {
    if (contains(parent.consequent, write)) need = true;
    else if (contains(parent.alternate, write)) need = false;
    else return false;
  } else {
    return false;
  }
  // From the test down to the read: what each part must evaluate to on the way to the write.
  for (let index = chain.length - 1; index > 0; index -= 1) {
    const node = chain[index]!;
    const below = chain[index - 1]!;
    if (node.type === AST_NODE_TYPES.UnaryExpression) need = !need;
    else if (node.type === AST_NODE_TYPES.LogicalExpression) {
      if ((node.operator === '&&' && !need) || (node.operator === '||' && need) || node.operator === '??') return false;
    } else if (node.type === AST_NODE_TYPES.BinaryExpression) {
      const other = node.left === below ? node.right : node.left;
      if (!isEmptyValue(other)) return false;
      // `x === null` holds when `x` is empty: the read must be empty exactly when the comparison must hold.
      if (node.operator === '==' || node.operator === '===') need = !need;
      else if (node.operator !== '!=' && node.operator !== '!==') return false;
    }
  }
  return !need;
}

/** A node between a read and the test it is part of: `!x`, `a && b`, `a || b`, `x == null`, or a type-only wrapper. */
function isTestPart(node: TSESTree.Node): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.UnaryExpression:
      return node.operator === '!';
    case AST_NODE_TYPES.LogicalExpression:
      return true;
    case AST_NODE_TYPES.BinaryExpression:
      return ['==', '===', '!=', '!=='].includes(node.operator);
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.ChainExpression:
      return true;
    default:
      return false;
  }
}

/** `null`, `undefined`, `void 0`, `false`. */
function isEmptyValue(node: TSESTree.Node): boolean {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Literal) return inner.value === null || inner.value === false;
  if (inner.type === AST_NODE_TYPES.Identifier) return inner.name === 'undefined';
  return inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === 'void';
}
