import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calledMethodName, numericValue, propertyName, unwrap } from './ast';
import type { ConcurrencyModel } from './model';
import type { Variable } from './scope';

/**
 * How big a collection can be, from the source: fixed (a literal, a tuple type, a batch slice)
 * or input-sized (a parameter, an awaited result, and what derives from them).
 */

const GROWS = new Set(['push', 'unshift', 'splice', 'concat', 'fill']);

/** The initialiser of a `const` binding, or of a `let` never assigned again. */
export function constInit(identifier: TSESTree.Identifier, model: ConcurrencyModel): TSESTree.Expression | null {
  const variable = model.bindings.variableOf(identifier);
  const def = variable?.defs[0];
  if (!variable || def?.type !== 'Variable' || def.node.type !== AST_NODE_TYPES.VariableDeclarator || !def.node.init) return null;
  if (variable.references.some((reference) => reference.isWrite() && !reference.init)) return null;
  return def.node.init;
}

/** A collection whose length is written in the source: an array literal, a tuple type, a `slice(i, i + n)`. */
export function isFixedSize(node: TSESTree.Node, model: ConcurrencyModel, seen = new Set<TSESTree.Node>()): boolean {
  const inner = unwrap(node);
  if (seen.has(inner)) return false;
  seen.add(inner);
  if (inner.type === AST_NODE_TYPES.ArrayExpression) {
    return inner.elements.every((element) => element?.type !== AST_NODE_TYPES.SpreadElement);
  }
  if (inner.type === AST_NODE_TYPES.CallExpression) return isBatch(inner);
  if (inner.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = model.bindings.variableOf(inner);
  for (const def of variable?.defs ?? []) {
    const declared = def.name as TSESTree.Identifier;
    if (isTupleType(declared.typeAnnotation?.typeAnnotation, model, new Set())) return true;
    if (def.type === 'Variable' && def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init) {
      const init = constInit(inner, model);
      return init !== null && !isGrown(variable!) && isFixedSize(init, model, seen);
    }
  }
  return false;
}

/**
 * A collection whose size comes from outside: a parameter, an awaited result (query rows, a
 * response), or something derived from them (`req.body.ids`, `rows.filter(…)`, `Object.keys(map)`).
 * Fields and module constants (configured hosts, a controller's keyrings, listeners) are small
 * by construction and not reported.
 */
export function isInputSized(node: TSESTree.Node, model: ConcurrencyModel, seen = new Set<TSESTree.Node>()): boolean {
  const inner = unwrap(node);
  if (seen.has(inner)) return false;
  seen.add(inner);
  switch (inner.type) {
    case AST_NODE_TYPES.AwaitExpression:
      return true;
    case AST_NODE_TYPES.ArrayExpression:
      return inner.elements.some((element) => element?.type === AST_NODE_TYPES.SpreadElement && isInputSized(element.argument, model, seen));
    case AST_NODE_TYPES.MemberExpression:
      return isInputSized(inner.object, model, seen);
    case AST_NODE_TYPES.CallExpression: {
      const callee = unwrap(inner.callee);
      const receiver = callee.type === AST_NODE_TYPES.MemberExpression ? [callee.object] : [];
      return [...receiver, ...inner.arguments].some((part) => isInputSized(part, model, seen));
    }
    case AST_NODE_TYPES.Identifier: {
      const variable = model.bindings.variableOf(inner);
      return (variable?.defs ?? []).some(
        (def) =>
          def.type === 'Parameter' ||
          (def.type === 'Variable' && def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init !== null && isInputSized(def.node.init, model, seen)),
      );
    }
    default:
      return false;
  }
}

/** `items.slice(i, i + 10)`, `items.slice(0, 10)`: one batch of a size written in the source. */
function isBatch(call: TSESTree.CallExpression): boolean {
  if (calledMethodName(call) !== 'slice' || call.arguments.length !== 2) return false;
  const [start, end] = call.arguments.map((argument) => unwrap(argument));
  if (numericValue(start) !== null && numericValue(end) !== null) return true;
  return (
    end?.type === AST_NODE_TYPES.BinaryExpression &&
    end.operator === '+' &&
    numericValue(end.right) !== null &&
    start !== undefined &&
    sameText(start, end.left)
  );
}

function sameText(a: TSESTree.Node, b: TSESTree.Node): boolean {
  return a.type === AST_NODE_TYPES.Identifier && b.type === AST_NODE_TYPES.Identifier && a.name === b.name;
}

/** A fixed-length tuple type, possibly `readonly` or through a type alias of this module. */
function isTupleType(type: TSESTree.TypeNode | undefined, model: ConcurrencyModel, seen: Set<TSESTree.Node>): boolean {
  if (!type || seen.has(type)) return false;
  seen.add(type);
  switch (type.type) {
    case AST_NODE_TYPES.TSTypeOperator:
      return type.operator === 'readonly' && isTupleType(type.typeAnnotation, model, seen);
    case AST_NODE_TYPES.TSTupleType:
      return type.elementTypes.every((element) => element.type !== AST_NODE_TYPES.TSRestType);
    case AST_NODE_TYPES.TSTypeReference: {
      if (type.typeName.type !== AST_NODE_TYPES.Identifier) return false;
      const def = model.bindings.variableOf(type.typeName)?.defs[0];
      return def?.node.type === AST_NODE_TYPES.TSTypeAliasDeclaration && isTupleType(def.node.typeAnnotation, model, seen);
    }
    default:
      return false;
  }
}

/** An array that code later grows in place (`push`, `splice`…) is not the size its literal shows. */
function isGrown(variable: Variable): boolean {
  return variable.references.some((reference) => {
    const parent = (reference.identifier as TSESTree.Node).parent;
    return parent?.type === AST_NODE_TYPES.MemberExpression && GROWS.has(propertyName(parent.property, parent.computed) ?? '');
  });
}

