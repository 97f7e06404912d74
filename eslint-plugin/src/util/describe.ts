import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { propertyName, type FunctionNode } from '../analysis/ast';

/** How messages name a function: `` `name` `` from its declaration, variable, method or property; else "this function". */
export function functionName(fn: FunctionNode): string {
  if (fn.id) return `\`${fn.id.name}\``;
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return `\`${parent.id.name}\``;
  if (parent?.type === AST_NODE_TYPES.MethodDefinition || parent?.type === AST_NODE_TYPES.Property || parent?.type === AST_NODE_TYPES.PropertyDefinition) {
    const name = propertyName(parent.key, parent.computed);
    if (name) return `\`${name}\``;
  }
  return 'this function';
}

/** Source text for a message: on one line, and cut to `max` characters. */
export function shorten(text: string, max = 40): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
