import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calledMethodName, childNodes, contains, enclosingFunction, isFunction, outerParent, unwrap, type FunctionNode } from './ast';
import type { ConcurrencyModel } from './model';
import type { Variable } from './scope';

/**
 * A resource checked out of a pool and given back with its own `release()`: a database client
 * (`await pool.connect()`, `getConnection()`), a query runner (`createQueryRunner()`). The
 * function that calls `client.release()` owns it; if a query in between throws and no `finally`
 * (or `catch`) gives it back, it never returns to the pool, and once the pool is empty every
 * later request waits forever, exactly like a lock that is never released.
 */
export interface PooledLeak {
  /** The call that checks the resource out. */
  checkout: TSESTree.CallExpression;
  variable: Variable;
  /** The first `release()` after it. */
  release: TSESTree.CallExpression;
  /** The first `await` between them that can throw past the release. */
  thrower: TSESTree.AwaitExpression;
}

/** Every resource `fn` checks out and releases with no `finally` behind the release; `calls` are `fn`'s own `release()` calls. */
export function pooledLeaks(fn: FunctionNode, model: ConcurrencyModel, calls: readonly TSESTree.CallExpression[]): PooledLeak[] {
  const releases = new Map<Variable, TSESTree.CallExpression[]>();
  for (const call of calls) {
    const callee = unwrap(call.callee);
    if (calledMethodName(call) !== 'release' || call.arguments.length > 0 || callee.type !== AST_NODE_TYPES.MemberExpression) continue;
    const receiver = unwrap(callee.object);
    const variable = receiver.type === AST_NODE_TYPES.Identifier ? model.bindings.variableOf(receiver) : null;
    if (variable) releases.set(variable, [...(releases.get(variable) ?? []), call]);
  }
  const found: PooledLeak[] = [];
  for (const [variable, released] of releases) {
    const checkout = checkoutOf(variable, fn, model);
    if (!checkout || handedOn(variable, fn) || released.some((release) => onErrorPath(release, fn))) continue;
    const release = released.find((call) => call.range[0] > checkout.range[1]);
    const thrower = release && uncaughtAwaitBetween(fn, checkout, release);
    if (release && thrower) found.push({ checkout, variable, release, thrower });
  }
  return found;
}

/**
 * The first call in `fn` whose result (awaited or not) the variable is given, when it is a method
 * call (`pool.connect()`) that no lock model claims: a lock's own acquire is the hold analysis's.
 */
function checkoutOf(variable: Variable, fn: FunctionNode, model: ConcurrencyModel): TSESTree.CallExpression | null {
  for (const reference of variable.references) {
    if (!reference.isWrite() || enclosingFunction(reference.identifier as TSESTree.Node) !== fn || !reference.writeExpr) continue;
    const value = unwrap(reference.writeExpr as TSESTree.Node);
    const call = value.type === AST_NODE_TYPES.AwaitExpression ? unwrap(value.argument) : value;
    if (call.type !== AST_NODE_TYPES.CallExpression || unwrap(call.callee).type !== AST_NODE_TYPES.MemberExpression) continue;
    return model.sections.lockCall(call) ? null : call;
  }
  return null;
}

/** Returned, stored, or used by a nested function: then someone else gives it back. */
function handedOn(variable: Variable, fn: FunctionNode): boolean {
  return variable.references.some((reference) => {
    const identifier = reference.identifier as TSESTree.Node;
    if (enclosingFunction(identifier) !== fn) return true;
    if (reference.isWrite()) return false;
    const { parent, child } = outerParent(identifier);
    if (parent?.type === AST_NODE_TYPES.ReturnStatement || parent?.type === AST_NODE_TYPES.Property || parent?.type === AST_NODE_TYPES.ArrayExpression) return true;
    return parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === child;
  });
}

/** A release in a `finally` or `catch` of `fn`: the error path is already looked after. */
function onErrorPath(release: TSESTree.Node, fn: FunctionNode): boolean {
  for (let node: TSESTree.Node | undefined = release; node && node !== fn; node = node.parent) {
    const parent: TSESTree.Node | undefined = node.parent;
    if (parent?.type === AST_NODE_TYPES.CatchClause) return true;
    if (parent?.type === AST_NODE_TYPES.TryStatement && parent.finalizer === node) return true;
  }
  return false;
}

/** An `await` of `fn` after `from` and before `to` that no `try` … `catch` between them catches. */
function uncaughtAwaitBetween(fn: FunctionNode, from: TSESTree.Node, to: TSESTree.Node): TSESTree.AwaitExpression | null {
  let found: TSESTree.AwaitExpression | null = null;
  const visit = (node: TSESTree.Node): void => {
    if (found || (isFunction(node) && node !== fn) || node.range[1] <= from.range[1] || node.range[0] >= to.range[0]) return;
    if (node.type === AST_NODE_TYPES.TryStatement && node.handler && node.range[0] > from.range[1]) return;
    // The release's own `await` is not between.
    if (node.type === AST_NODE_TYPES.AwaitExpression && node.range[0] > from.range[1] && node.range[1] <= to.range[0]) {
      found = node;
      return;
    }
    // `if (broken) await client.destroy(); else client.release();`: the other branch never reaches the release.
    const branching = node.type === AST_NODE_TYPES.IfStatement || node.type === AST_NODE_TYPES.ConditionalExpression ? node : null;
    for (const child of childNodes(node)) if (!(branching && child === branching.consequent && branching.alternate && contains(branching.alternate, to))) visit(child);
  };
  visit(fn.body);
  return found;
}
