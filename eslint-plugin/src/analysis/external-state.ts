import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, calleeObject, childNodes, contains, enclosingFunction, isFunction, outerParent, propertyName, returnedExpressions, unwrap, type FunctionNode } from './ast';
import { constInit } from './collections';
import type { ConcurrencyModel } from './model';
import type { Variable } from './scope';

/**
 * Read-modify-write of state outside the process: a file read, changed and written back
 * (`JSON.parse(await readFile(path))` … `writeFile(path, JSON.stringify(data))`), or a key read from
 * a store and set to a value derived from it (`await redis.get(key)` … `redis.set(key, n + 1)`,
 * chrome.storage, keyv, localForage). The read's `await` lets another call read the same old value,
 * so one of the two writes is lost.
 */
export interface ExternalUpdate {
  kind: 'file' | 'store';
  read: TSESTree.CallExpression;
  write: TSESTree.CallExpression;
  /** The path or key expression both calls name. */
  target: TSESTree.Node;
}

const FILE_READS = new Set(['readFile', 'readJson', 'readJSON', 'readJsonFile']);
const FILE_WRITES = new Set(['writeFile', 'writeFileSync', 'writeJson', 'writeJSON', 'writeJsonFile', 'outputJson', 'outputFile', 'writeJsonSync', 'outputJsonSync']);
const STORE_READS: Readonly<Record<string, readonly string[]>> = { get: ['set', 'put'], getItem: ['setItem'] };
/** Calls that make what follows atomic: a transaction, Redis `WATCH`/`MULTI`, an update callback. */
const ATOMIC = /^(?:transaction|runTransaction|withTransaction|\$transaction|multi|watch|exec|atomic|update|upsert|lock|withLock|runExclusive)$/;

const callsByModel = new WeakMap<ConcurrencyModel, Map<FunctionNode, TSESTree.CallExpression[]>>();

/** Every external read-modify-write in `fn` itself (nested functions are their own). */
export function externalUpdates(fn: FunctionNode, model: ConcurrencyModel): ExternalUpdate[] {
  if (!fn.async || insideAtomicCall(fn)) return [];
  const calls = callsOf(fn, model);
  const found: ExternalUpdate[] = [];
  for (const read of calls) {
    const helper = fileHelper(read, model);
    const kind = helper?.role === 'read' ? 'file' : readKind(read);
    if (!kind || !awaited(read)) continue;
    const target = helper?.role === 'read' ? helper.target : read.arguments[0];
    const receiver = kind === 'store' ? calleeObject(read) : null;
    if (!target || target.type === AST_NODE_TYPES.SpreadElement) continue;
    if (calls.some((call) => call !== read && ATOMIC.test(calleeName(call) ?? ''))) return [];
    const derived = derivedVariables(read, model);
    if (derived.size === 0) continue;
    for (const write of calls) {
      if (write.range[0] <= read.range[1]) continue;
      const writer = kind === 'file' ? fileHelper(write, model) : null;
      if (writer?.role === 'write' ? pathKey(writer.target, model) !== pathKey(target, model) : !writesBack(write, read, kind, target, receiver, model)) continue;
      const value = writer?.role === 'write' ? write.arguments[writer.value] : kind === 'file' ? write.arguments[1] : storeValue(write, target);
      if (value && modifiedFrom(value, read, write, derived, model) && model.sectionsCovering(write).every((section) => !section.excludes)) {
        found.push({ kind, read, write, target });
        break;
      }
    }
  }
  return found;
}

function callsOf(fn: FunctionNode, model: ConcurrencyModel): readonly TSESTree.CallExpression[] {
  let byFunction = callsByModel.get(model);
  if (!byFunction) {
    byFunction = new Map();
    for (const call of model.calls) {
      const owner = enclosingFunction(call);
      if (!owner) continue;
      const list = byFunction.get(owner);
      if (list) list.push(call);
      else byFunction.set(owner, [call]);
    }
    callsByModel.set(model, byFunction);
  }
  return byFunction.get(fn) ?? [];
}

/**
 * A function of this module that reads or writes one fixed file for its callers: `readVault()`
 * returning `JSON.parse(await readFile(VAULT_PATH))`, `writeVault(data)` writing its parameter
 * there. A call of it is that read or write, so a read-modify-write split across two helpers is
 * still seen. The path must not depend on the helper's parameters.
 */
interface FileHelper {
  role: 'read' | 'write';
  /** The path expression inside the helper. */
  target: TSESTree.Node;
  /** For a writer: the index of the parameter it writes. */
  value: number;
}

const helpers = new WeakMap<FunctionNode, FileHelper | null>();

function fileHelper(call: TSESTree.CallExpression, model: ConcurrencyModel): FileHelper | null {
  const fn = model.locks.calledFunction(call.callee);
  if (!fn || !fn.async) return null;
  if (helpers.has(fn)) return helpers.get(fn)!;
  helpers.set(fn, null);
  const found = summariseHelper(fn, model);
  helpers.set(fn, found);
  return found;
}

function summariseHelper(fn: FunctionNode, model: ConcurrencyModel): FileHelper | null {
  const params = new Set(fn.params.flatMap((param) => (param.type === AST_NODE_TYPES.Identifier ? [param.name] : [])));
  const fixed = (path: TSESTree.Node): boolean => !mentionsName(path, params, model);
  for (const call of callsOf(fn, model)) {
    const name = calleeName(call) ?? '';
    const path = call.arguments[0];
    if (!path || path.type === AST_NODE_TYPES.SpreadElement || !fixed(path)) continue;
    if (FILE_READS.has(name) && awaited(call)) {
      const derived = derivedVariables(call, model);
      const returned = returnedExpressions(fn).some((value) => contains(value, call) || mentions(value, derived, model));
      if (returned) return { role: 'read', target: path, value: -1 };
    }
    const written = call.arguments[1];
    if (FILE_WRITES.has(name) && written) {
      let value = unwrap(written);
      while (value.type === AST_NODE_TYPES.CallExpression && value.arguments.length >= 1 && SERIALISERS.has(calleeName(value) ?? '')) value = unwrap(value.arguments[0]!);
      const index = value.type === AST_NODE_TYPES.Identifier ? fn.params.findIndex((param) => param.type === AST_NODE_TYPES.Identifier && param.name === value.name) : -1;
      if (index >= 0) return { role: 'write', target: path, value: index };
    }
  }
  return null;
}

/** A path as text, with a local `const filePath = getPath()` read as its initialiser. */
function pathKey(node: TSESTree.Node, model: ConcurrencyModel): string {
  const inner = unwrap(node);
  const init = inner.type === AST_NODE_TYPES.Identifier && model.bindings.variableOf(inner)?.scope.type !== 'module' ? constInit(inner, model) : null;
  return model.sourceCode.getText(init ?? inner);
}

/** Whether the path names one of the helper's parameters, itself or through the local constants it is built from. */
function mentionsName(node: TSESTree.Node, names: ReadonlySet<string>, model: ConcurrencyModel, seen = new Set<TSESTree.Node>()): boolean {
  const inner = unwrap(node);
  if (seen.has(inner)) return false;
  seen.add(inner);
  if (inner.type === AST_NODE_TYPES.Identifier) {
    if (names.has(inner.name)) return true;
    const init = model.bindings.variableOf(inner)?.scope.type !== 'module' ? constInit(inner, model) : null;
    return init !== null && mentionsName(init, names, model, seen);
  }
  return childNodes(inner).some((child) => mentionsName(child, names, model, seen));
}

function readKind(call: TSESTree.CallExpression): ExternalUpdate['kind'] | null {
  const name = calleeName(call) ?? '';
  if (FILE_READS.has(name)) return 'file';
  const receiver = calleeObject(call);
  if (name in STORE_READS && receiver && call.arguments.length >= 1 && call.arguments.length <= 2) return 'store';
  return null;
}

function awaited(call: TSESTree.CallExpression): boolean {
  for (let node: TSESTree.Node = call; ; ) {
    const { parent } = outerParent(node);
    if (parent?.type === AST_NODE_TYPES.AwaitExpression) return true;
    // `JSON.parse(await readFile(p))` is awaited inside; `(await readFile(p)).toString()` outside.
    if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== node) return false;
    const chained = parent.parent;
    if (chained?.type !== AST_NODE_TYPES.CallExpression || chained.callee !== parent || !['then', 'toString'].includes(propertyName(parent.property, parent.computed) ?? '')) return false;
    node = chained;
  }
}

/** The same file path, or the same key on the same store, written with the matching write call. */
function writesBack(
  write: TSESTree.CallExpression,
  read: TSESTree.CallExpression,
  kind: ExternalUpdate['kind'],
  target: TSESTree.Node,
  receiver: TSESTree.Node | null,
  model: ConcurrencyModel,
): boolean {
  const text = (node: TSESTree.Node | null | undefined): string | null => (node ? model.sourceCode.getText(node) : null);
  const name = calleeName(write) ?? '';
  if (kind === 'file') return FILE_WRITES.has(name) && write.arguments[0] !== undefined && pathKey(write.arguments[0], model) === pathKey(target, model);
  const writes = STORE_READS[calleeName(read) ?? ''] ?? [];
  if (!writes.includes(name) || text(calleeObject(write)) !== text(receiver)) return false;
  return storeValue(write, target) !== null;
}

/** The value a store write puts under `key`: `set(key, value)`, or `set({ [key]: value })` for chrome.storage. */
function storeValue(write: TSESTree.CallExpression, key: TSESTree.Node): TSESTree.Node | null {
  const [first, second] = write.arguments;
  if (!first) return null;
  const keyText = literalOrText(key);
  if (first.type === AST_NODE_TYPES.ObjectExpression) {
    const property = first.properties.find(
      (candidate): candidate is TSESTree.Property => candidate.type === AST_NODE_TYPES.Property && propertyKey(candidate) === keyText,
    );
    return property?.value ?? null;
  }
  return literalOrText(first) === keyText && second ? second : null;
}

function propertyKey(property: TSESTree.Property): string | null {
  if (property.computed) return literalOrText(property.key);
  return propertyName(property.key, false);
}

/** A string literal's value, or a placeholder with the source range's identity for anything else. */
function literalOrText(node: TSESTree.Node): string {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Literal && typeof inner.value === 'string') return inner.value;
  if (inner.type === AST_NODE_TYPES.Identifier) return `\0${inner.name}`;
  if (inner.type === AST_NODE_TYPES.TemplateLiteral && inner.expressions.length === 0) return inner.quasis[0]!.value.cooked ?? '';
  return `\0${inner.range.join(':')}`;
}

/** Variables holding the read's result and those computed from them (declared after it in the same function). */
function derivedVariables(read: TSESTree.CallExpression, model: ConcurrencyModel): Set<Variable> {
  const found = new Set<Variable>();
  let node: TSESTree.Node = read;
  // Climb through `await`, `JSON.parse(…)`, `.toString()` and the like to the declaration.
  for (let depth = 0; depth < 6; depth += 1) {
    const { parent } = outerParent(node);
    if (!parent) return found;
    if (parent.type === AST_NODE_TYPES.VariableDeclarator) {
      collectBound(parent.id, model, found);
      break;
    }
    if (parent.type === AST_NODE_TYPES.AssignmentExpression) {
      const left = unwrap(parent.left);
      if (left.type === AST_NODE_TYPES.Identifier) {
        const variable = model.bindings.variableOf(left);
        if (variable) found.add(variable);
      }
      break;
    }
    node = parent;
  }
  const fn = enclosingFunction(read);
  // One more step: `const next = { ...data, count: data.count + 1 }`.
  for (const variable of [...found]) {
    for (const reference of variable.references) {
      const use = reference.identifier as TSESTree.Node;
      for (let current: TSESTree.Node | undefined = use.parent; current && current !== fn; current = current.parent) {
        if (current.type === AST_NODE_TYPES.VariableDeclarator) {
          if (current.init && current.init.range[0] <= use.range[0] && use.range[1] <= current.init.range[1]) collectBound(current.id, model, found);
          break;
        }
        if (isFunction(current) || current.type === AST_NODE_TYPES.ExpressionStatement) break;
      }
    }
  }
  return found;
}

function collectBound(pattern: TSESTree.Node, model: ConcurrencyModel, into: Set<Variable>): void {
  if (pattern.type === AST_NODE_TYPES.Identifier) {
    const variable = model.bindings.variableOf(pattern);
    if (variable) into.add(variable);
    return;
  }
  // A property's key and a default value are not part of what is bound.
  if (pattern.type === AST_NODE_TYPES.Property) collectBound(pattern.value, model, into);
  else if (pattern.type === AST_NODE_TYPES.AssignmentPattern) collectBound(pattern.left, model, into);
  else for (const child of childNodes(pattern)) collectBound(child, model, into);
}

/** Calls that only serialise a value for writing: `JSON.stringify(data)`. */
const SERIALISERS = new Set(['stringify', 'String', 'serialize', 'dump', 'encode']);

/**
 * Whether the written value is a change of what was read: computed from it (`n + 1`, `{ ...data,
 * x }`), or the object read and then changed in place (`data.x = …`, `data.list.push(…)`) before
 * the write. Writing back the value as read (a cache refresh, a content-addressed entry) or a
 * variable that took another value meanwhile loses nothing.
 */
function modifiedFrom(value: TSESTree.Node, read: TSESTree.CallExpression, write: TSESTree.CallExpression, derived: ReadonlySet<Variable>, model: ConcurrencyModel): boolean {
  let inner = unwrap(value);
  while (inner.type === AST_NODE_TYPES.CallExpression && inner.arguments.length >= 1 && SERIALISERS.has(calleeName(inner) ?? '')) inner = unwrap(inner.arguments[0]!);
  if (inner.type !== AST_NODE_TYPES.Identifier) return mentions(inner, derived, model);
  const variable = model.bindings.variableOf(inner);
  if (!variable || !derived.has(variable)) return false;
  const between = (node: TSESTree.Node): boolean => node.range[0] > read.range[1] && node.range[1] < write.range[0];
  let changed = false;
  for (const reference of variable.references) {
    const use = reference.identifier as TSESTree.Node;
    if (reference.init || !between(use)) continue;
    // Another value altogether: what is written is no longer what was read.
    if (reference.isWrite()) return false;
    if (changesInPlace(use)) changed = true;
  }
  // A variable computed from the read (`const next = n + 1`) is a change by itself.
  const def = variable.defs[0];
  const init = def?.type === 'Variable' && def.node.type === AST_NODE_TYPES.VariableDeclarator ? def.node.init : null;
  return changed || (init !== null && !contains(init, read) && mentions(init, derived, model));
}

/** `data.x = …`, `data.list.push(…)`, `delete data.x`, `data.n++`: the object behind the name is changed. */
function changesInPlace(use: TSESTree.Node): boolean {
  let node = use;
  while (node.parent?.type === AST_NODE_TYPES.MemberExpression && node.parent.object === node) node = node.parent;
  if (node === use) return false;
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left === node) return true;
  if (parent?.type === AST_NODE_TYPES.UpdateExpression || (parent?.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'delete')) return true;
  return parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === node && node.type === AST_NODE_TYPES.MemberExpression && MUTATORS.has(propertyName(node.property, node.computed) ?? '');
}

const MUTATORS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'set', 'add', 'delete', 'clear']);

function mentions(node: TSESTree.Node, variables: ReadonlySet<Variable>, model: ConcurrencyModel): boolean {
  if (node.type === AST_NODE_TYPES.Identifier) {
    const variable = model.bindings.variableOf(node);
    return variable !== null && variables.has(variable);
  }
  return childNodes(node).some((child) => mentions(child, variables, model));
}

/** A helper whose name says it runs its callback under a lock: `withFileLock(path, fn)`, `lockfile.lock(…)`, `runLocked(fn)`. */
const LOCKING_HELPER = /(?:^l|L)ock(?:ed)?(?![a-z])/;

/** A function passed to a transaction or lock helper runs atomically. */
function insideAtomicCall(fn: FunctionNode): boolean {
  for (let current: FunctionNode | null = fn; current; current = enclosingFunction(current)) {
    const { parent } = outerParent(current);
    const name = parent?.type === AST_NODE_TYPES.CallExpression ? (calleeName(parent) ?? '') : null;
    if (name !== null && (ATOMIC.test(name) || LOCKING_HELPER.test(name))) return true;
  }
  return false;
}
