import type { Node } from '../parse';

/** Scopes of their own: code inside them runs later, or not at all, as far as the enclosing body is concerned. */
export const SCOPE_TYPES = new Set(['function_definition', 'lambda', 'class_definition']);

export function kids(node: Node): Node[] {
  return node.kids;
}

export function field(node: Node, name: string): Node | null {
  return node.childForFieldName(name);
}

/** Every node under `node` (itself included) in source order, not entering nested scopes below `node`. */
export function walkBody(node: Node): Node[] {
  return collect(node, true);
}

/** Every node under `node`, nested scopes included. */
export function walkAll(node: Node): Node[] {
  return collect(node, false);
}

function collect(node: Node, skipScopes: boolean): Node[] {
  const found: Node[] = [];
  const pending = [node];
  while (pending.length > 0) {
    const next = pending.pop()!;
    found.push(next);
    const children = next.kids;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i]!;
      if (!skipScopes || !SCOPE_TYPES.has(child.type)) pending.push(child);
    }
  }
  return found;
}

export function isAsync(fn: Node): boolean {
  return fn.children.some((child) => child?.type === 'async');
}

export function enclosingFunction(node: Node): Node | null {
  for (let at = node.parent; at; at = at.parent) {
    if (at.type === 'function_definition') return at;
    if (at.type === 'class_definition') return null;
  }
  return null;
}

export function contains(outer: Node, inner: Node): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

/** `await <node>`: the await expression whose operand is `node`, or null. */
export function awaitOf(node: Node): Node | null {
  let at = node.parent;
  while (at?.type === 'parenthesized_expression') at = at.parent;
  return at?.type === 'await' ? at : null;
}

/** A call's callee when it is `receiver.method(...)`: [receiver, method name]. */
export function methodCall(call: Node): [Node, string] | null {
  if (call.type !== 'call') return null;
  const callee = field(call, 'function');
  if (callee?.type !== 'attribute') return null;
  const receiver = field(callee, 'object');
  const name = field(callee, 'attribute');
  return receiver && name ? [receiver, name.text] : null;
}

export function callArguments(call: Node): Node[] {
  const list = field(call, 'arguments');
  return list ? kids(list) : [];
}

export function keywordArgument(call: Node, name: string): Node | null {
  for (const arg of callArguments(call)) {
    if (arg.type === 'keyword_argument' && field(arg, 'name')?.text === name) return field(arg, 'value');
  }
  return null;
}

/** The last name of a callee: `fetch_rate` for `fetch_rate(...)` and `self.fetch_rate(...)`. */
export function calleeName(call: Node): string | null {
  const callee = field(call, 'function');
  if (callee?.type === 'identifier') return callee.text;
  if (callee?.type === 'attribute') return field(callee, 'attribute')?.text ?? null;
  return null;
}

/** The statement (a child of a block or module) that holds `node`. */
export function statementOf(node: Node): Node {
  let at = node;
  while (at.parent && at.parent.type !== 'block' && at.parent.type !== 'module') at = at.parent;
  return at;
}

/** The function's parameters as name → annotation (or null). */
export function parameters(fn: Node): Map<string, Node | null> {
  const result = new Map<string, Node | null>();
  const list = field(fn, 'parameters');
  if (!list) return result;
  for (const param of kids(list)) {
    if (param.type === 'identifier') result.set(param.text, null);
    else if (param.type === 'typed_parameter' || param.type === 'typed_default_parameter' || param.type === 'default_parameter') {
      const name = param.type === 'typed_parameter' ? kids(param).find((child) => child.type === 'identifier') : field(param, 'name');
      if (name) result.set(name.text, field(param, 'type'));
    } else if (param.type === 'list_splat_pattern' || param.type === 'dictionary_splat_pattern') {
      const name = kids(param)[0];
      if (name) result.set(name.text, null);
    }
  }
  return result;
}

export function firstParameter(fn: Node): string | null {
  return parameters(fn).keys().next().value ?? null;
}

/** Whether `node` lies in a `finally:` clause, between it and `stop`. */
export function inFinally(node: Node, stop: Node): boolean {
  for (let at = node.parent; at && at.id !== stop.id; at = at.parent) if (at.type === 'finally_clause') return true;
  return false;
}

/** Whether `node` lies in an `except` handler, between it and `stop`. */
export function inExcept(node: Node, stop: Node): boolean {
  for (let at = node.parent; at && at.id !== stop.id; at = at.parent) if (at.type === 'except_clause' || at.type === 'except_group_clause') return true;
  return false;
}

/** Names a pattern binds: `a`, `a, b`, `(a, [b, *c])`. */
export function boundNames(target: Node): string[] {
  if (target.type === 'identifier') return [target.text];
  if (['pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern', 'expression_list', 'tuple', 'list', 'parenthesized_expression'].includes(target.type)) {
    return kids(target).flatMap(boundNames);
  }
  return [];
}

/** A literal number, or a module constant holding one. */
export function numericValue(node: Node | null, constants: ReadonlyMap<string, Node>): number | null {
  if (!node) return null;
  if (node.type === 'integer' || node.type === 'float') {
    const value = Number(node.text.replace(/_/g, ''));
    return Number.isFinite(value) ? value : null;
  }
  if (node.type === 'identifier') {
    const constant = constants.get(node.text);
    return constant && constant.id !== node.id ? numericValue(constant, new Map()) : null;
  }
  return null;
}
