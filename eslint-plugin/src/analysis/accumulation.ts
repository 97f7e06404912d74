import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { childNodes, propertyName, unwrap } from './ast';
import type { Location, SharedState } from './shared';

/** Calls that add to the collection they are called on. */
const ADDING_METHODS = new Set(['push', 'unshift', 'splice', 'set', 'add']);

/**
 * The shared locations this file adds to, building on what they hold: `this.buffer += chunk`,
 * `this.queue.push(item)`, `this.pending.set(key, value)`, `count++`, `this.items = [...this.items, item]`,
 * `this.text = this.text + more`, `this.list = this.list.concat(more)`. Emptying such a location
 * after an `await` (`this.buffer = ''`) drops what was added meanwhile. Found in one walk of the
 * file, on first use.
 */
export class Accumulations {
  private keys: Set<string> | null = null;

  constructor(
    private readonly program: TSESTree.Node,
    private readonly shared: SharedState,
  ) {}

  accumulates(location: Location): boolean {
    this.keys ??= this.scan();
    return this.keys.has(locationKey(location));
  }

  private scan(): Set<string> {
    const keys = new Set<string>();
    const note = (target: TSESTree.Node): void => {
      const location = this.shared.locationOf(target);
      if (location) keys.add(locationKey(location));
    };
    const visit = (node: TSESTree.Node): void => {
      if (node.type === AST_NODE_TYPES.UpdateExpression) note(node.argument);
      else if (node.type === AST_NODE_TYPES.AssignmentExpression) {
        if (node.operator === '+=' || node.operator === '-=') note(node.left);
        else if (node.operator === '=' && this.buildsOn(node.right, node.left)) note(node.left);
      } else if (node.type === AST_NODE_TYPES.CallExpression) {
        const callee = unwrap(node.callee);
        if (callee.type === AST_NODE_TYPES.MemberExpression && ADDING_METHODS.has(propertyName(callee.property, callee.computed) ?? '') && this.shared.mayBeCollection(callee.object)) note(callee.object);
      }
      for (const child of childNodes(node)) visit(child);
    };
    visit(this.program);
    return keys;
  }

  /** `target + more`, `[...target, more]`, `{ ...target, more }`, `target.concat(more)`. */
  private buildsOn(value: TSESTree.Node, target: TSESTree.Node): boolean {
    const inner = unwrap(value);
    const key = this.shared.locationOf(target);
    const same = (node: TSESTree.Node | null | undefined): boolean => {
      const location = node ? this.shared.locationOf(node) : null;
      return location !== null && key !== null && locationKey(location) === locationKey(key);
    };
    if (inner.type === AST_NODE_TYPES.BinaryExpression && inner.operator === '+') return same(inner.left);
    if (inner.type === AST_NODE_TYPES.ArrayExpression) return inner.elements.some((element) => element?.type === AST_NODE_TYPES.SpreadElement && same(element.argument));
    if (inner.type === AST_NODE_TYPES.ObjectExpression) return inner.properties.some((property) => property.type === AST_NODE_TYPES.SpreadElement && same(property.argument));
    if (inner.type !== AST_NODE_TYPES.CallExpression) return false;
    const callee = unwrap(inner.callee);
    return callee.type === AST_NODE_TYPES.MemberExpression && propertyName(callee.property, callee.computed) === 'concat' && same(callee.object);
  }
}

export function locationKey(location: Location): string {
  return `${location.root}/${location.path.join('/')}`;
}

/** `''`, `0`, `[]`, `{}`, `null`, `undefined`, `new Map()`: what a location holds once emptied. */
export function isEmptyValue(value: TSESTree.Node): boolean {
  const inner = unwrap(value);
  if (inner.type === AST_NODE_TYPES.Literal) return inner.value === '' || inner.value === 0 || inner.value === null;
  if (inner.type === AST_NODE_TYPES.TemplateLiteral) return inner.expressions.length === 0 && inner.quasis.every((quasi) => quasi.value.cooked === '');
  if (inner.type === AST_NODE_TYPES.Identifier) return inner.name === 'undefined';
  if (inner.type === AST_NODE_TYPES.ArrayExpression) return inner.elements.length === 0;
  if (inner.type === AST_NODE_TYPES.ObjectExpression) return inner.properties.length === 0;
  return inner.type === AST_NODE_TYPES.NewExpression && inner.arguments.length === 0 && inner.callee.type === AST_NODE_TYPES.Identifier && ['Map', 'Set', 'Array'].includes(inner.callee.name);
}
