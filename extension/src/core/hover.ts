import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { unwrap } from '../../../eslint-plugin/src/analysis/ast';
import { importOfVariable } from '../../../eslint-plugin/src/analysis/imports';
import { lockConstructor, type LockKind } from '../../../eslint-plugin/src/analysis/libraries';
import { modelFor, type ConcurrencyModel } from '../../../eslint-plugin/src/analysis/model';
import type { CardId } from './cards';
import { nodePathAt } from './nodes';

/** What the cursor is on: the card to show, the note about that object or member, and the word's range. */
export interface HoverTarget {
  card: CardId;
  /** Note key, e.g. `mutex.runExclusive`; null when the card alone fits. */
  note: string | null;
  range: TSESTree.Range;
}

/** Kinds that exclude by construction; the others are counting semaphores unless they have one permit. */
const LOCK_KINDS = new Set<LockKind>(['mutex', 'async-lock', 'await-lock', 'web-lock', 'project-mutex']);
/** Semaphores whose release adds a permit whether or not one was taken (the BoundedSemaphore gap). */
const UNBOUNDED_RELEASES: Partial<Record<LockKind, readonly string[]>> = {
  semaphore: ['release'],
  sema: ['release'],
  'counting-semaphore': ['release', 'signal'],
};
const PROMISE_MEMBERS: Record<string, CardId> = { withResolvers: 'event', all: 'fan-out', allSettled: 'fan-out' };

/**
 * The hover target at `offset`: a lock's construction, class, variable or method (async-mutex,
 * async-lock, await-lock, async-sema, semaphore-async-await, p-limit, p-queue, Web Locks), or a
 * built-in that stands in for an asyncio primitive (`Promise.withResolvers`, `AbortController`,
 * `Promise.all`). Null anywhere else.
 */
export function hoverTargetAt(sourceCode: Readonly<TSESLint.SourceCode>, offset: number): HoverTarget | null {
  const path = nodePathAt(sourceCode, offset);
  const word = path.at(-1);
  if (word?.type !== AST_NODE_TYPES.Identifier) return null;
  const model = modelFor(sourceCode);
  const parent = word.parent;
  if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.property === word && !parent.computed) {
    return memberTarget(model, parent, word);
  }
  return identifierTarget(model, word);
}

function memberTarget(model: ConcurrencyModel, member: TSESTree.MemberExpression, word: TSESTree.Identifier): HoverTarget | null {
  const name = word.name;
  const object = unwrap(member.object);
  if (isGlobalNamed(model, object, 'Promise') && name in PROMISE_MEMBERS) {
    return { card: PROMISE_MEMBERS[name]!, note: `Promise.${name}`, range: word.range };
  }
  if (isGlobalNamed(model, object, 'navigator') && name === 'locks') return { card: 'lock', note: 'web-lock', range: word.range };
  const call = member.parent?.type === AST_NODE_TYPES.CallExpression && unwrap(member.parent.callee) === member ? member.parent : null;
  if (call && model.sections.sectionsOf(call).some((section) => section.lock.protocol.kind === 'web-lock')) {
    return { card: 'lock', note: 'web-lock.request', range: word.range };
  }
  const held = model.locks.resolve(member);
  if (held) return lockTarget(held.protocol.kind, held.permits, null, word.range);
  const lock = model.locks.resolve(object);
  return lock ? lockTarget(lock.protocol.kind, lock.permits, name, word.range) : null;
}

function identifierTarget(model: ConcurrencyModel, hovered: TSESTree.Identifier): HoverTarget | null {
  // `import { Mutex }`: the specifier's `imported` and `local` are two nodes; the binding is `local`.
  const word = hovered.parent?.type === AST_NODE_TYPES.ImportSpecifier ? hovered.parent.local : hovered;
  if (word.name === 'AbortController' && isGlobalNamed(model, word, 'AbortController')) return { card: 'event', note: 'AbortController', range: hovered.range };
  const variable = model.bindings.variableOf(word);
  if (variable) {
    const imported = importOfVariable(variable);
    const constructor = imported ? lockConstructor(imported.source, imported.name) : null;
    const parent = word.parent;
    const constructed =
      (parent?.type === AST_NODE_TYPES.NewExpression || parent?.type === AST_NODE_TYPES.CallExpression) && parent.callee === word
        ? model.locks.resolve(parent)
        : null;
    if (constructed) return lockTarget(constructed.protocol.kind, constructed.permits, null, hovered.range);
    if (constructor) return lockTarget(constructor.kind, null, null, hovered.range);
  }
  const lock = model.locks.resolve(word);
  return lock ? lockTarget(lock.protocol.kind, lock.permits, null, hovered.range) : null;
}

function lockTarget(kind: LockKind, permits: number | null, method: string | null, range: TSESTree.Range): HoverTarget {
  const card: CardId = method && UNBOUNDED_RELEASES[kind]?.includes(method)
    ? 'bounded-semaphore'
    : LOCK_KINDS.has(kind) || permits === 1
      ? 'lock'
      : 'semaphore';
  return { card, note: method ? `${kind}.${method}` : kind, range };
}

/** An undeclared name, or one only the TypeScript lib declares (the scope manager's implicit globals). */
function isGlobalNamed(model: ConcurrencyModel, node: TSESTree.Node, name: string): boolean {
  if (node.type !== AST_NODE_TYPES.Identifier || node.name !== name) return false;
  return model.bindings.isGlobal(node);
}
