import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { ONE_SHOT_SCHEDULERS, calleeName, childNodes, contains, enclosingFunction, isClassInitialiser, isFunction, outerParent, propertyName, unwrap, type FunctionNode } from './ast';
import { MUTATING_METHODS } from './flow';
import { overlaps, type Location, type SharedState } from './shared';

/**
 * Whether `fn` is its object's one background task, started once and never running twice at once:
 * a method its class calls from a single place (`start() { void this.loop(); }`, `await this.poll()`),
 * that is either
 * - a worker loop: the write lies in a loop that awaits and runs for the object's life, its test
 *   only reading fields of `this` as flags (`while (this.running)`, `while (!this.closed)`) or
 *   `true`, not a work list that callers drain (`while (this.queue.length)`), or in a `for await`
 *   loop consuming a stream;
 * - a timer chain: after its last `await` it schedules itself again with a one-shot timer
 *   (`setTimeout(() => this.tick(), ms)`), so the next round starts once this one is done (a
 *   `setInterval` does not wait).
 * Its reads stay its own only for state no other code of the class writes: see `writtenOnlyBy`.
 */
export function backgroundRunner(fn: FunctionNode, write: TSESTree.Node): boolean {
  const method = fn.parent;
  if (!fn.async || method?.type !== AST_NODE_TYPES.MethodDefinition || method.kind !== 'method' || method.static) return false;
  const name = propertyName(method.key, method.computed);
  if (!name || !(inLifelongLoop(fn, write) || cached(rearming, fn, () => rearmsItself(fn, name)))) return false;
  return cached(started, fn, () => startedOnce(method.parent, fn, name));
}

/** Per method, computed once: whether it re-arms itself, and whether its class starts it once. */
const rearming = new WeakMap<FunctionNode, boolean>();
const started = new WeakMap<FunctionNode, boolean>();

function cached(cache: WeakMap<FunctionNode, boolean>, fn: FunctionNode, compute: () => boolean): boolean {
  let known = cache.get(fn);
  if (known === undefined) {
    known = compute();
    cache.set(fn, known);
  }
  return known;
}

/**
 * Whether only `fn`'s own code (not its callbacks, which run beside it) writes `location` in its
 * class; the constructor and field initialisers run before any task can.
 */
export function writtenOnlyBy(fn: FunctionNode, location: Location, shared: SharedState): boolean {
  const classBody = (fn.parent as TSESTree.MethodDefinition).parent;
  let owned = true;
  const visit = (node: TSESTree.Node): void => {
    if (!owned) return;
    const target = writtenTarget(node);
    const written = target && shared.locationOf(target);
    if (written && overlaps(written, location) && enclosingFunction(node) !== fn && !beforeAnyTask(node)) owned = false;
    for (const child of childNodes(node)) visit(child);
  };
  visit(classBody);
  return owned;
}

/** `this.name(…)` is called from one place in the class outside `fn`, and is used nowhere else: it is started once per start of its object. */
function startedOnce(classBody: TSESTree.ClassBody, fn: FunctionNode, name: string): boolean {
  const uses: TSESTree.MemberExpression[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (node.type === AST_NODE_TYPES.MemberExpression && unwrap(node.object).type === AST_NODE_TYPES.ThisExpression && propertyName(node.property, node.computed) === name && !contains(fn, node)) {
      uses.push(node);
    }
    for (const child of childNodes(node)) visit(child);
  };
  visit(classBody);
  if (uses.length !== 1) return false;
  const { parent: call, child: callee } = outerParent(uses[0]!);
  return call?.type === AST_NODE_TYPES.CallExpression && call.callee === callee;
}

/** The write sits in a loop of `fn` that awaits and whose test is `true` or flags of `this`. */
function inLifelongLoop(fn: FunctionNode, write: TSESTree.Node): boolean {
  for (let current = write.parent; current && current !== fn; current = current.parent) {
    // A stream consumed to its end (`for await (const message of this.subscription)`).
    if (current.type === AST_NODE_TYPES.ForOfStatement && current.await) return true;
    if (current.type !== AST_NODE_TYPES.WhileStatement && current.type !== AST_NODE_TYPES.DoWhileStatement && current.type !== AST_NODE_TYPES.ForStatement) continue;
    if ((current.test === null || lifeFlag(current.test)) && awaitsIn(current.body, fn)) return true;
  }
  return false;
}

/** `true`, `this.running`, `!this.closed`, and `&&`/`||` of those. */
function lifeFlag(test: TSESTree.Node): boolean {
  const inner = unwrap(test);
  if (inner.type === AST_NODE_TYPES.Literal) return inner.value === true;
  if (inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === '!') return lifeFlag(inner.argument);
  if (inner.type === AST_NODE_TYPES.LogicalExpression) return lifeFlag(inner.left) && lifeFlag(inner.right);
  return inner.type === AST_NODE_TYPES.MemberExpression && unwrap(inner.object).type === AST_NODE_TYPES.ThisExpression && !inner.computed;
}

/** After its last `await`, `fn` hands a one-shot timer a callback that calls it again (or `this.name` itself). */
function rearmsItself(fn: FunctionNode, name: string): boolean {
  let lastAwait = -1;
  const timers: TSESTree.CallExpression[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (isFunction(node) && node !== fn) return;
    if (node.type === AST_NODE_TYPES.AwaitExpression) lastAwait = Math.max(lastAwait, node.range[1]);
    if (node.type === AST_NODE_TYPES.CallExpression && ONE_SHOT_SCHEDULERS.has(calleeName(node) ?? '')) timers.push(node);
    for (const child of childNodes(node)) visit(child);
  };
  visit(fn.body);
  return lastAwait >= 0 && timers.some((timer) => timer.range[0] > lastAwait && timer.arguments[0] !== undefined && callsBack(timer.arguments[0], name));
}

/** `() => this.tick()`, `this.tick`, `this.tick.bind(this)`. */
function callsBack(callback: TSESTree.Node, name: string): boolean {
  const inner = unwrap(callback);
  const isSelf = (node: TSESTree.Node): boolean => {
    const member = unwrap(node);
    return member.type === AST_NODE_TYPES.MemberExpression && unwrap(member.object).type === AST_NODE_TYPES.ThisExpression && propertyName(member.property, member.computed) === name;
  };
  if (isSelf(inner)) return true;
  if (inner.type === AST_NODE_TYPES.CallExpression) {
    const callee = unwrap(inner.callee);
    return callee.type === AST_NODE_TYPES.MemberExpression && propertyName(callee.property, callee.computed) === 'bind' && isSelf(callee.object);
  }
  if (inner.type !== AST_NODE_TYPES.ArrowFunctionExpression) return false;
  const body = inner.body.type === AST_NODE_TYPES.BlockStatement && inner.body.body.length === 1 && inner.body.body[0]!.type === AST_NODE_TYPES.ExpressionStatement ? inner.body.body[0]!.expression : inner.body;
  const call = unwrap(body.type === AST_NODE_TYPES.UnaryExpression && body.operator === 'void' ? body.argument : body);
  return call.type === AST_NODE_TYPES.CallExpression && isSelf(call.callee);
}

function awaitsIn(node: TSESTree.Node, fn: FunctionNode): boolean {
  if (isFunction(node) && node !== fn) return false;
  if (node.type === AST_NODE_TYPES.AwaitExpression || (node.type === AST_NODE_TYPES.ForOfStatement && node.await)) return true;
  return childNodes(node).some((child) => awaitsIn(child, fn));
}

/** What an assignment, update, `delete` or mutating call writes. */
function writtenTarget(node: TSESTree.Node): TSESTree.Node | null {
  if (node.type === AST_NODE_TYPES.AssignmentExpression) return node.left;
  if (node.type === AST_NODE_TYPES.UpdateExpression) return node.argument;
  if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === 'delete') return node.argument;
  if (node.type !== AST_NODE_TYPES.CallExpression) return null;
  const callee = unwrap(node.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && MUTATING_METHODS.has(propertyName(callee.property, callee.computed) ?? '') ? callee.object : null;
}

/** The constructor's own code and field initialisers run before any task can (not callbacks they register). */
function beforeAnyTask(node: TSESTree.Node): boolean {
  const owner = enclosingFunction(node);
  if (owner) return owner.parent?.type === AST_NODE_TYPES.MethodDefinition && owner.parent.kind === 'constructor';
  for (let current = node.parent; current; current = current.parent) if (isClassInitialiser(current)) return true;
  return false;
}
