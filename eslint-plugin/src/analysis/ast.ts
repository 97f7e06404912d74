import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { visitorKeys } from '@typescript-eslint/visitor-keys';

/** Promise methods whose callback runs once, after the promise settles. */
export const CONTINUATION_METHODS: ReadonlySet<string> = new Set(['then', 'catch', 'finally']);

export type FunctionNode =
  | TSESTree.ArrowFunctionExpression
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression;

export function isFunction(node: TSESTree.Node | undefined | null): node is FunctionNode {
  return (
    node?.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node?.type === AST_NODE_TYPES.FunctionDeclaration ||
    node?.type === AST_NODE_TYPES.FunctionExpression
  );
}

/** Strips parentheses-free wrappers that do not change a value: `x as T`, `x!`, `<T>x`, `x satisfies T`, `a?.b`. */
export function unwrap(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSInstantiationExpression:
        current = current.expression;
        break;
      case AST_NODE_TYPES.ChainExpression:
        current = current.expression;
        break;
      default:
        return current;
    }
  }
}

/** The nearest parent that is not a value-preserving wrapper (see `unwrap`). */
export function outerParent(node: TSESTree.Node): { parent: TSESTree.Node | undefined; child: TSESTree.Node } {
  let child = node;
  let parent = node.parent;
  while (
    parent &&
    (parent.type === AST_NODE_TYPES.TSAsExpression ||
      parent.type === AST_NODE_TYPES.TSNonNullExpression ||
      parent.type === AST_NODE_TYPES.TSTypeAssertion ||
      parent.type === AST_NODE_TYPES.TSSatisfiesExpression ||
      parent.type === AST_NODE_TYPES.ChainExpression)
  ) {
    child = parent;
    parent = parent.parent;
  }
  return { parent, child };
}

export function enclosingFunction(node: TSESTree.Node): FunctionNode | null {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunction(current)) return current;
  }
  return null;
}

/** A class field initialiser or static block: code that runs when the class or instance is set up, with the class's `this`. */
export function isClassInitialiser(node: TSESTree.Node): node is TSESTree.PropertyDefinition | TSESTree.AccessorProperty | TSESTree.StaticBlock {
  return node.type === AST_NODE_TYPES.PropertyDefinition || node.type === AST_NODE_TYPES.AccessorProperty || node.type === AST_NODE_TYPES.StaticBlock;
}

/** The function whose `this` a `this` expression at `node` refers to (arrows are transparent). */
export function thisOwner(node: TSESTree.Node): TSESTree.Node | null {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.FunctionDeclaration || current.type === AST_NODE_TYPES.FunctionExpression || isClassInitialiser(current)) {
      return current;
    }
  }
  return null;
}

export function enclosingClass(node: TSESTree.Node): TSESTree.ClassDeclaration | TSESTree.ClassExpression | null {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ClassDeclaration || current.type === AST_NODE_TYPES.ClassExpression) {
      return current;
    }
  }
  return null;
}

/** Name of a non-computed (or literal-computed) property key; `#x` for private names. */
export function propertyName(node: TSESTree.Node, computed: boolean): string | null {
  if (node.type === AST_NODE_TYPES.PrivateIdentifier) return `#${node.name}`;
  if (!computed && node.type === AST_NODE_TYPES.Identifier) return node.name;
  if (node.type === AST_NODE_TYPES.Literal && (typeof node.value === 'string' || typeof node.value === 'number')) {
    return String(node.value);
  }
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) {
    return node.quasis[0]?.value.cooked ?? null;
  }
  return null;
}

/** `obj.name(...)` → `name`, for a call whose callee is a member access. */
export function calledMethodName(call: TSESTree.CallExpression): string | null {
  const callee = unwrap(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
  return propertyName(callee.property, callee.computed);
}

/** `name(...)` or `obj.name(...)` → `name`. */
export function calleeName(call: TSESTree.CallExpression): string | null {
  const callee = unwrap(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  return calledMethodName(call);
}

/**
 * The helpers compilers emit for an async function or generator (TypeScript's `__awaiter` and
 * `__asyncGenerator`, esbuild's `__async`): the generator handed to them is the body of one call,
 * run once per call of the function that wraps it.
 */
export const DOWNLEVEL_ASYNC_HELPERS: ReadonlySet<string> = new Set(['__awaiter', '__asyncGenerator', '__async']);

/** Calls that run their callback once, later, without the caller waiting for it. */
export const ONE_SHOT_SCHEDULERS: ReadonlySet<string> = new Set(['setTimeout', 'setImmediate', 'queueMicrotask', 'nextTick']);

/**
 * A function started once where it is written: an IIFE, the callback of a one-shot scheduler
 * (`setTimeout(async () => …)`), or an async executor (`new Promise(async (resolve) => …)`).
 */
export function isStartedOnce(fn: FunctionNode): boolean {
  const { parent, child } = outerParent(fn);
  if (parent?.type === AST_NODE_TYPES.NewExpression) return asyncExecutorOf(parent) === fn;
  if (parent?.type !== AST_NODE_TYPES.CallExpression) return false;
  if (parent.callee === child) return true;
  return parent.arguments[0] === child && ONE_SHOT_SCHEDULERS.has(calleeName(parent) ?? '');
}

/**
 * The executor of `new Promise((resolve, reject) => …)`, which runs to its end before the
 * constructor returns. Not an async executor: past its first `await` it runs later.
 */
export function promiseExecutor(node: TSESTree.NewExpression): FunctionNode | null {
  const executor = executorOf(node);
  return executor && !executor.async ? executor : null;
}

/** The async executor of `new Promise(async (resolve, reject) => …)`: started at once, it runs on past its first `await`. */
export function asyncExecutorOf(value: TSESTree.Node): FunctionNode | null {
  const node = unwrap(value);
  const executor = node.type === AST_NODE_TYPES.NewExpression ? executorOf(node) : null;
  return executor?.async ? executor : null;
}

/** The function handed to `new Promise(…)`, or null. */
function executorOf(node: TSESTree.NewExpression): FunctionNode | null {
  const executor = node.arguments[0] && unwrap(node.arguments[0]);
  return node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'Promise' && isFunction(executor) ? executor : null;
}

export function calleeObject(call: TSESTree.CallExpression): TSESTree.Expression | null {
  const callee = unwrap(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression ? callee.object : null;
}

export function numericValue(node: TSESTree.Node | undefined): number | null {
  if (!node) return null;
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Literal && typeof inner.value === 'number') return inner.value;
  if (
    inner.type === AST_NODE_TYPES.UnaryExpression &&
    inner.operator === '-' &&
    inner.argument.type === AST_NODE_TYPES.Literal &&
    typeof inner.argument.value === 'number'
  ) {
    return -inner.argument.value;
  }
  if (inner.type === AST_NODE_TYPES.BinaryExpression && inner.operator === '*') {
    const left = numericValue(inner.left);
    const right = numericValue(inner.right);
    return left !== null && right !== null ? left * right : null;
  }
  return null;
}

/** The value of property `name` in an object literal, if written plainly. */
export function objectProperty(node: TSESTree.Node | undefined, name: string): TSESTree.Node | null {
  if (!node) return null;
  const inner = unwrap(node);
  if (inner.type !== AST_NODE_TYPES.ObjectExpression) return null;
  for (const property of inner.properties) {
    if (property.type === AST_NODE_TYPES.Property && propertyName(property.key, property.computed) === name) {
      return property.value;
    }
  }
  return null;
}

export function contains(outer: TSESTree.Node | TSESTree.Range, inner: TSESTree.Node): boolean {
  const range = Array.isArray(outer) ? outer : (outer as TSESTree.Node).range;
  return range[0] <= inner.range[0] && inner.range[1] <= range[1];
}

/** An `await` or `yield` in `node`'s own code (not in a nested function). */
export function waitsWithin(node: TSESTree.Node): boolean {
  if (isFunction(node)) return false;
  if (node.type === AST_NODE_TYPES.AwaitExpression || node.type === AST_NODE_TYPES.YieldExpression) return true;
  return childNodes(node).some(waitsWithin);
}

/** True when a statement list ends every path with return/throw (loose: the last statement decides). */
export function alwaysExits(statement: TSESTree.Statement | null | undefined): boolean {
  if (!statement) return false;
  switch (statement.type) {
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.ThrowStatement:
      return true;
    case AST_NODE_TYPES.BlockStatement:
      return statement.body.some((child) => alwaysExits(child));
    case AST_NODE_TYPES.IfStatement:
      return alwaysExits(statement.consequent) && alwaysExits(statement.alternate);
    default:
      return false;
  }
}

export type LoopNode =
  | TSESTree.ForStatement
  | TSESTree.ForInStatement
  | TSESTree.ForOfStatement
  | TSESTree.WhileStatement
  | TSESTree.DoWhileStatement;

export function isLoop(node: TSESTree.Node | null | undefined): node is LoopNode {
  return (
    node?.type === AST_NODE_TYPES.ForStatement ||
    node?.type === AST_NODE_TYPES.ForInStatement ||
    node?.type === AST_NODE_TYPES.ForOfStatement ||
    node?.type === AST_NODE_TYPES.WhileStatement ||
    node?.type === AST_NODE_TYPES.DoWhileStatement
  );
}

/** What a function can return: its expression body, or the arguments of its `return` statements (not those of nested functions). */
export function returnedExpressions(fn: FunctionNode): TSESTree.Node[] {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return [fn.body];
  const returned: TSESTree.Node[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (node.type === AST_NODE_TYPES.ReturnStatement && node.argument) returned.push(node.argument);
    if (isFunction(node)) return;
    for (const child of childNodes(node)) visit(child);
  };
  for (const statement of fn.body.body) visit(statement);
  return returned;
}

export function isAsyncFunction(fn: FunctionNode | null): boolean {
  return Boolean(fn?.async);
}

/** Keys that only hold types or decorators: no code that runs at the point of the node. */
const TYPE_ONLY_KEYS = new Set(['typeAnnotation', 'returnType', 'typeArguments', 'typeParameters', 'superTypeArguments', 'implements', 'decorators']);
const childKeysByType = new Map<string, readonly string[]>();

function childKeys(type: string): readonly string[] {
  let keys = childKeysByType.get(type);
  if (!keys) {
    keys = (visitorKeys[type as keyof typeof visitorKeys] ?? []).filter((key) => !TYPE_ONLY_KEYS.has(key));
    childKeysByType.set(type, keys);
  }
  return keys;
}

/** Child nodes of an AST node in source order, skipping type annotations (walks by visitor keys). */
export function childNodes(node: TSESTree.Node): TSESTree.Node[] {
  const children: TSESTree.Node[] = [];
  for (const key of childKeys(node.type)) {
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const item of value) if (item) children.push(item as TSESTree.Node);
    } else if (value) {
      children.push(value as TSESTree.Node);
    }
  }
  return children;
}

/**
 * The call whose promise `value` is, through a `.then/.catch/.finally` chain on it:
 * `this.start().finally(() => { … })` → `this.start()`. Null for anything else.
 */
export function memoisedCall(value: TSESTree.Node): TSESTree.CallExpression | null {
  let current = unwrap(value);
  while (current.type === AST_NODE_TYPES.CallExpression) {
    const callee = unwrap(current.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || !CONTINUATION_METHODS.has(propertyName(callee.property, callee.computed) ?? '')) return current;
    current = unwrap(callee.object);
  }
  return null;
}
