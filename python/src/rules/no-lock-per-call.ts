import { isLockLike, madePrimitive } from '../analysis/primitives';
import { field, walkAll } from '../analysis/syntax';
import type { Node } from '../parse';
import { quote, type PythonRule } from './rule';

const OWN_METHODS = new Set(['acquire', 'release', 'locked']);

/**
 * A lock or semaphore made inside the function that uses it is a new object on every call:
 * two calls never wait for each other. One that is handed on (to tasks, nested coroutines,
 * other objects) or returned is shared, and fine.
 */
export const noLockPerCall: PythonRule = {
  id: 'no-lock-per-call',
  description: 'A Lock or Semaphore created in a function and used only by that call.',
  recommended: true,
  check({ model, report }) {
    for (const primitive of model.primitives.all()) {
      if (primitive.where !== 'local' || !isLockLike(primitive) || primitive.perKey || !primitive.fn) continue;
      const name = primitive.key.slice(primitive.key.indexOf('#') + 1);
      if (!usedOnlyHere(primitive.fn, name, primitive.declaration)) continue;
      report({
        node: primitive.declaration,
        message: `${quote(primitive.declaration)} makes a new ${primitive.kind} on every call of \`${field(primitive.fn, 'name')?.text}()\`, and only that call uses it: concurrent calls never wait for each other, so it guards and limits nothing. Create it once (module level or \`__init__\`) and share it.`,
      });
    }
    for (const node of walkAll(model.root)) {
      if (node.type !== 'with_item') continue;
      const value = field(node, 'value');
      const made = madePrimitive(value, model.context);
      if (value && made && isLockLike({ kind: made.kind }) && model.functionOf(node)) {
        report({
          node: value,
          message: `${quote(value)} makes a new ${made.kind} each time this \`async with\` runs: no other task can ever wait for it, so it guards nothing. Create it once (module level or \`__init__\`) and share it.`,
        });
      }
    }
  },
};

/** Every use of the local is `async with name` or `name.acquire()/release()/locked()` in the function itself. */
function usedOnlyHere(fn: Node, name: string, declaration: Node): boolean {
  let uses = 0;
  for (const node of walkAll(fn)) {
    if (node.type !== 'identifier' || node.text !== name) continue;
    const parent = node.parent!;
    if (parent.type === 'assignment' && field(parent, 'left')?.id === node.id && field(parent, 'right')?.id === declaration.id) continue;
    let owner: Node | null = parent;
    while (owner && owner.type !== 'function_definition' && owner.type !== 'lambda') owner = owner.parent;
    if (owner?.id !== fn.id) return false;
    const withItem = parent.type === 'with_item' || (parent.type === 'as_pattern' && parent.parent?.type === 'with_item');
    const ownMethod = parent.type === 'attribute' && field(parent, 'object')?.id === node.id && OWN_METHODS.has(field(parent, 'attribute')?.text ?? '');
    if (!withItem && !ownMethod) return false;
    uses++;
  }
  return uses > 0;
}
