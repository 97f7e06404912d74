import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calledMethodName, calleeName, calleeObject, contains, unwrap, waitsWithin, type FunctionNode } from './ast';
import { excludes } from './locks';
import type { ConcurrencyModel } from './model';
import type { CriticalSection } from './sections';
import { overlaps, type Location } from './shared';

/** Shared locations that `fn`'s own code (not its nested functions) writes within `range`. */
export function locationsWritten(model: ConcurrencyModel, fn: FunctionNode, range: TSESTree.Range): Location[] {
  return model
    .flow(fn, { continuations: false })
    .writes.filter((write) => contains(range, write.node))
    .map((write) => write.location);
}

/**
 * The exclusive sections that already guard `location`: somewhere in the file it is written
 * while their lock is held. Code that changes it must take that same lock — a second lock
 * around other writes would not exclude the first.
 */
export function sectionsGuarding(model: ConcurrencyModel, location: Location): CriticalSection[] {
  return model.allSections.filter(
    (section) => section.excludes && locationsWritten(model, section.fn, section.range).some((written) => overlaps(written, location)),
  );
}

/**
 * The critical section a function proves it runs in: before its first `await` it throws unless an
 * excluding lock is held (`if (!this.mutex.isLocked()) throw …`, `assert(this.mutex.isLocked())`),
 * itself or in a function of the file it calls first (`this.#assertLocked()`). A caller that does
 * not hold the lock fails at once, so the whole body runs under it. Only a `throw` asserts: an early
 * `return` when the lock is free says nothing about who holds it.
 */
export function assertedSection(model: ConcurrencyModel, fn: FunctionNode): CriticalSection | null {
  const asserted = assertedLock(model, fn, 0);
  if (!asserted) return null;
  return { kind: 'span', lock: asserted.lock, entry: asserted.call, fn, range: fn.body.range, release: null, key: null, excludes: true };
}

function assertedLock(model: ConcurrencyModel, fn: FunctionNode, depth: number): { lock: CriticalSection['lock']; call: TSESTree.CallExpression } | null {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return null;
  for (const statement of fn.body.body) {
    if (waitsWithin(statement)) return null;
    const found = assertion(model, statement, depth);
    if (found) return found;
  }
  return null;
}

function assertion(model: ConcurrencyModel, statement: TSESTree.Statement, depth: number): { lock: CriticalSection['lock']; call: TSESTree.CallExpression } | null {
  if (statement.type === AST_NODE_TYPES.IfStatement && !statement.alternate && throwsAlways(statement.consequent)) {
    const test = unwrap(statement.test);
    return test.type === AST_NODE_TYPES.UnaryExpression && test.operator === '!' ? heldCheck(model, test.argument) : null;
  }
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement) return null;
  const call = unwrap(statement.expression);
  if (call.type !== AST_NODE_TYPES.CallExpression) return null;
  if (['assert', 'ok'].includes(calleeName(call) ?? '') && call.arguments[0]) return heldCheck(model, call.arguments[0]);
  const callee = depth === 0 ? model.locks.calledFunction(call.callee) : null;
  return callee ? assertedLock(model, callee, depth + 1) : null;
}

/** `lock.isLocked()` on an excluding lock. */
function heldCheck(model: ConcurrencyModel, node: TSESTree.Node): { lock: CriticalSection['lock']; call: TSESTree.CallExpression } | null {
  const call = unwrap(node);
  if (call.type !== AST_NODE_TYPES.CallExpression || calledMethodName(call) !== 'isLocked') return null;
  const receiver = calleeObject(call);
  const lock = receiver && model.locks.resolve(receiver);
  return lock && excludes(lock) ? { lock, call } : null;
}

function throwsAlways(statement: TSESTree.Statement): boolean {
  if (statement.type === AST_NODE_TYPES.ThrowStatement) return true;
  return statement.type === AST_NODE_TYPES.BlockStatement && statement.body.some((child) => child.type === AST_NODE_TYPES.ThrowStatement);
}
