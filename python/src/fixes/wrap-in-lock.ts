import type { PythonModel } from '../analysis/model';
import { isExclusive } from '../analysis/primitives';
import type { FunctionInfo } from '../analysis/scopes';
import { field, kids, statementOf } from '../analysis/syntax';
import type { Node } from '../parse';
import type { Suggestion, TextEdit } from '../rules/rule';
import { indentLines, indentOf, indentUnit, lineStart, nextLineStart } from './text';

/**
 * "Wrap in `async with self._lock:`": the statements from the read to the write go into one
 * critical section. A method uses the instance's lock (added to `__init__`, or as a class
 * attribute when there is none); a module function uses a module-level lock (added after the
 * imports, with `import asyncio` when the file lacks it).
 */
export function wrapInLock(model: PythonModel, fn: FunctionInfo, read: Node, write: Node): Suggestion | null {
  const span = siblingSpan(statementOf(read), statementOf(write));
  if (!span) return null;
  const [first, last] = span;
  const text = model.text;
  const unit = indentUnit(text);
  const lock = fn.receiver && fn.owner ? instanceLock(model, fn, unit) : moduleLock(model);
  const indent = indentOf(text, first);
  const edits: TextEdit[] = [
    ...lock.edits,
    { start: lineStart(text, first.startIndex), end: lineStart(text, first.startIndex), text: `${indent}async with ${lock.expression}:\n` },
    ...indentLines(text, first.startIndex, last.endIndex - 1, unit),
  ];
  return { title: `Wrap lines ${first.startPosition.row + 1}–${last.endPosition.row + 1} in \`async with ${lock.expression}:\``, edits };
}

/** The statements holding `a` and `b` as siblings of one block: the ancestors of each there. */
function siblingSpan(a: Node, b: Node): [Node, Node] | null {
  for (let outer: Node | null = a; outer?.parent?.type === 'block'; ) {
    const block = outer.parent;
    let inner: Node | null = b;
    while (inner && inner.parent?.id !== block.id) inner = inner.parent;
    if (inner) return outer.startIndex <= inner.startIndex ? [outer, inner] : null;
    const owner = block.parent;
    if (!owner || owner.type === 'function_definition' || owner.type === 'class_definition') return null;
    outer = statementOf(owner);
  }
  return null;
}

interface LockPlan {
  expression: string;
  edits: TextEdit[];
}

function asyncioLockCall(model: PythonModel): { call: string; edits: TextEdit[] } {
  for (const [local, dotted] of model.imports) {
    if (dotted === 'asyncio') return { call: `${local}.Lock()`, edits: [] };
  }
  for (const [local, dotted] of model.imports) {
    if (dotted === 'asyncio.Lock') return { call: `${local}()`, edits: [] };
  }
  const at = firstCodeOffset(model.root);
  return { call: 'asyncio.Lock()', edits: [{ start: at, end: at, text: 'import asyncio\n' }] };
}

/** After a module docstring and `from __future__` imports, where a new import may go. */
function firstCodeOffset(root: Node): number {
  let at = 0;
  for (const statement of kids(root)) {
    const docstring = statement.type === 'expression_statement' && kids(statement)[0]?.type === 'string';
    const future = statement.type === 'future_import_statement';
    if (!docstring && !future) break;
    at = nextLineStart(root.text, statement.endIndex);
  }
  return at;
}

function instanceLock(model: PythonModel, fn: FunctionInfo, unit: string): LockPlan {
  const cls = fn.owner!;
  const self = fn.receiver!;
  const existing = model.primitives.all().find((primitive) => primitive.key.startsWith(`${cls.name}#`) && primitive.kind === 'Lock' && isExclusive(primitive) && !primitive.perKey);
  if (existing) return { expression: `${self}.${existing.key.slice(cls.name.length + 1)}`, edits: [] };
  const { call, edits } = asyncioLockCall(model);
  const text = model.text;
  const init = cls.methods.get('__init__');
  const initBody = init && field(init, 'body');
  if (initBody) {
    const initSelf = [...(field(init, 'parameters')?.namedChildren ?? [])][0]?.text ?? 'self';
    const lastStatement = kids(initBody).at(-1)!;
    const at = nextLineStart(text, lastStatement.endIndex);
    const indent = indentOf(text, lastStatement);
    return { expression: `${self}._lock`, edits: [...edits, { start: at, end: at, text: `${indent}${initSelf}._lock = ${call}\n` }] };
  }
  const firstMember = kids(cls.body)[0]!;
  const at = lineStart(text, firstMember.startIndex);
  const indent = indentOf(text, firstMember) || unit;
  return { expression: `${self}._lock`, edits: [...edits, { start: at, end: at, text: `${indent}_lock = ${call}\n\n` }] };
}

function moduleLock(model: PythonModel): LockPlan {
  const existing = model.primitives.all().find((primitive) => primitive.where === 'module' && primitive.kind === 'Lock' && !primitive.perKey);
  if (existing) return { expression: existing.key, edits: [] };
  let name = '_lock';
  for (let n = 2; model.moduleNames.has(name); n++) name = `_lock${n}`;
  const { call, edits } = asyncioLockCall(model);
  const text = model.text;
  const imports = kids(model.root).filter((statement) => statement.type === 'import_statement' || statement.type === 'import_from_statement' || statement.type === 'future_import_statement');
  const after = imports.at(-1);
  const at = after ? nextLineStart(text, after.endIndex) : firstCodeOffset(model.root);
  const importEdits = after ? edits.map((edit) => ({ ...edit, start: at, end: at })) : edits;
  return { expression: name, edits: [...importEdits, { start: at, end: at, text: `${after ? '\n' : ''}${name} = ${call}\n` }] };
}
