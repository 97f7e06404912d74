import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { alwaysExits, childNodes, enclosingClass, enclosingFunction, isFunction, isLoop, unwrap } from '../analysis/ast';
import { locationsWritten, sectionsGuarding } from '../analysis/guards';
import { sameLock, type CriticalSection } from '../analysis/sections';
import { modelFor } from '../analysis/model';
import { overlaps, type Location } from '../analysis/shared';
import { indentUnit, indentationAt, refuse, type EditPlan, type TextEdit } from './edits';
import { ensureNamedImport, moduleKind } from './imports';
import { callbackBoundaryProblem, declarationsUsedAfter, listStatement, reindent, statementList } from './region';

export interface WrapInLockInput {
  sourceCode: Readonly<TSESLint.SourceCode>;
  /** Consecutive statements of one block, inside an async function. */
  statements: readonly TSESTree.Statement[];
  /** For a new lock: `async-mutex` (default), `await lock.runExclusive(async () => …)`; `web-locks`, `navigator.locks.request`. */
  lockLibrary?: 'async-mutex' | 'web-locks';
}

/**
 * "Wrap in lock": runs the statements inside an exclusive section. Keeps `return` values,
 * hands declarations used after the region back out, keeps `this` and `arguments` (arrow
 * callback), and refuses `yield`, or `break`/`continue` that would cross the callback boundary.
 * When later statements of the function read what the region writes, or a `return` inside it
 * could only leave the lock callback, the region runs to the end of the function (so those reads
 * stay under the lock, TypeScript keeps its narrowing, and the `return` still leaves the function).
 * The lock: the async-mutex lock that already guards the state elsewhere in the file, or a new
 * one next to the state — a class field, a const beside a captured variable, or a module const,
 * with the `Mutex` import when missing. It refuses when the state is guarded by a lock it cannot
 * reuse, or by two locks, or the statements already run under an exclusive lock.
 */
/**
 * The edits, the lock expression they take (null: a Web Lock), whether the edits create that
 * lock, and the statements they wrap (the selection, extended as described above).
 */
export type WrapPlan =
  | { ok: true; edits: TextEdit[]; lock: string | null; created: boolean; statements: readonly TSESTree.Statement[] }
  | { ok: false; reason: string };

export function planWrapInLock(input: WrapInLockInput): WrapPlan {
  const { sourceCode } = input;
  const statements = regionToWrap(sourceCode, input.statements);
  const first = statements[0];
  const last = statements[statements.length - 1];
  if (!first || !last) return refuse('Select at least one whole statement.');
  const list = statementList(first);
  if (!list || statements.some((statement, index) => list[list.indexOf(first) + index] !== statement)) {
    return refuse('Select whole statements of one block.');
  }
  const fn = enclosingFunction(first);
  if (!fn?.async) return refuse('The statements must be inside an async function, so the lock can be awaited.');
  const region: TSESTree.Range = [first.range[0], last.range[1]];
  const crossing = callbackBoundaryProblem(statements, { allowReturn: true });
  if (crossing) return refuse(`Cannot wrap: ${crossing}.`);

  const returns = containsReturn(statements);
  const lastInBody = fn.body.type === AST_NODE_TYPES.BlockStatement && fn.body.body.at(-1) === last;
  if (returns && !alwaysExits(last) && !lastInBody) {
    return refuse('A `return` inside the selection would only leave the lock callback; select up to the end of the function.');
  }
  const escaping = handedBack(sourceCode, statements, region);
  if (returns && escaping.names.length > 0) return refuse('The selection both returns and declares variables used after it.');

  const text = sourceCode.text;
  const indent = indentationAt(text, first.range[0]);
  const unit = indentUnit(text);
  const edits: TextEdit[] = [];
  const guard = guardingLock(sourceCode, statements, region);
  if (guard !== null && typeof guard === 'object') return guard;
  const newMutex = guard === null && input.lockLibrary !== 'web-locks';
  if (newMutex && moduleKind(sourceCode) === 'script') {
    return refuse('This file is a plain script: it can neither import nor require async-mutex for a new lock.');
  }
  const lockExpression = guard ?? (newMutex ? createLock(sourceCode, statements, region, edits) : null);
  if (lockExpression === undefined) return refuse('No place to declare a lock was found.');

  const body = reindent(sourceCode, region, unit);
  const handBack =
    escaping.names.length === 0
      ? ''
      : `\n${indent}${unit}return ${escaping.names.length === 1 ? escaping.names[0] : `{ ${escaping.names.join(', ')} }`};`;
  const prefix = returns
    ? 'return '
    : escaping.names.length === 0
      ? ''
      : `${escaping.kind} ${escaping.names.length === 1 ? escaping.names[0] : `{ ${escaping.names.join(', ')} }`} = `;
  const entry =
    lockExpression === null
      ? `navigator.locks.request(${JSON.stringify(lockName(sourceCode, statements))}, async () => {`
      : `${lockExpression}.runExclusive(async () => {`;
  edits.push({ range: region, text: `${prefix}await ${entry}\n${indent}${unit}${body}${handBack}\n${indent}});` });
  return { ok: true, edits, lock: lockExpression, created: guard === null && lockExpression !== null, statements };
}

/**
 * The statements to wrap: the selection with the checks before it and the later reads after it;
 * run to the end of the function instead when a `return` inside would otherwise stop short of it.
 */
function regionToWrap(sourceCode: Readonly<TSESLint.SourceCode>, selected: readonly TSESTree.Statement[]): readonly TSESTree.Statement[] {
  const extend = (from: readonly TSESTree.Statement[]) => withLaterReads(sourceCode, withEarlierChecks(sourceCode, from));
  const statements = extend(selected);
  const tail = returnsMidFunction(sourceCode, statements) ? toEndOfFunction(selected) : null;
  return tail ? extend(tail) : statements;
}

/** A `return` in the statements would leave only the lock callback, or would leave a declaration used after them behind. */
function returnsMidFunction(sourceCode: Readonly<TSESLint.SourceCode>, statements: readonly TSESTree.Statement[]): boolean {
  const first = statements[0];
  const last = statements.at(-1);
  const fn = first && enclosingFunction(first);
  if (!first || !last || !fn || !containsReturn(statements)) return false;
  const lastInBody = fn.body.type === AST_NODE_TYPES.BlockStatement && fn.body.body.at(-1) === last;
  return (!alwaysExits(last) && !lastInBody) || declarationsUsedAfter(sourceCode, statements, last.range[1]).length > 0;
}

/** The statements extended to the last statement of their function's body, when they lie in that body and stop before its end. */
function toEndOfFunction(statements: readonly TSESTree.Statement[]): TSESTree.Statement[] | null {
  const body = statements[0]?.parent;
  if (body?.type !== AST_NODE_TYPES.BlockStatement || !isFunction(body.parent) || body.body.at(-1) === statements.at(-1)) return null;
  return body.body.slice(body.body.indexOf(statements[0]!));
}

/** Variables declared in the region and read after it: the callback hands them back, as `let` when anything reassigns them. */
function handedBack(
  sourceCode: Readonly<TSESLint.SourceCode>,
  statements: readonly TSESTree.Statement[],
  region: TSESTree.Range,
): { names: string[]; kind: 'const' | 'let' } {
  const variables = declarationsUsedAfter(sourceCode, statements, region[1]);
  const reassigned = variables.some(
    (variable) =>
      variable.defs.some((def) => def.parent?.type === AST_NODE_TYPES.VariableDeclaration && def.parent.kind !== 'const') ||
      variable.references.some((reference) => reference.isWrite() && reference.identifier.range[0] > region[1]),
  );
  return { names: variables.map((variable) => variable.name), kind: reassigned ? 'let' : 'const' };
}

/**
 * The lock to reuse, as an expression usable here: the one exclusive lock whose sections write
 * what the region writes. Null when none does; a refusal when the statements already hold a lock,
 * two locks guard the state, or the guard is not an async-mutex lock reachable from here.
 */
function guardingLock(
  sourceCode: Readonly<TSESLint.SourceCode>,
  statements: readonly TSESTree.Statement[],
  region: TSESTree.Range,
): string | null | Extract<EditPlan, { ok: false }> {
  const first = statements[0]!;
  const model = modelFor(sourceCode);
  const holding = model.sectionsCovering(first).find((section) => section.excludes);
  if (holding) return refuse(`These statements already run under \`${lockText(sourceCode, holding)}\`, taken on line ${holding.entry.loc.start.line}.`);
  const fn = enclosingFunction(first);
  const guards: CriticalSection[] = [];
  for (const location of fn ? locationsWritten(model, fn, region) : []) {
    for (const section of sectionsGuarding(model, location)) {
      if (!guards.some((known) => sameLock(known.lock, section.lock))) guards.push(section);
    }
  }
  if (guards.length === 0) return null;
  if (guards.length > 1) {
    const [a, b] = guards as [CriticalSection, CriticalSection];
    return refuse(
      `The state these statements write is guarded by two locks, \`${lockText(sourceCode, a)}\` (line ${a.entry.loc.start.line}) and \`${lockText(sourceCode, b)}\` (line ${b.entry.loc.start.line}).`,
    );
  }
  const guard = guards[0]!;
  const callee = unwrap(guard.entry.callee);
  const lockNode = callee.type === AST_NODE_TYPES.MemberExpression ? callee.object : null;
  const reachable = guard.lock.origin === 'module' || (guard.lock.origin === 'field' && lockNode && enclosingClass(lockNode) === enclosingClass(first));
  if (!lockNode || guard.lock.protocol.kind !== 'mutex' || !reachable) {
    return refuse(
      `The state these statements write is guarded by \`${lockText(sourceCode, guard)}\` on line ${guard.entry.loc.start.line}, which cannot be reused from here: move the statements into that section.`,
    );
  }
  return sourceCode.getText(lockNode);
}

/** How a message names the lock of a section: the object the lock call is made on, or the call. */
function lockText(sourceCode: Readonly<TSESLint.SourceCode>, section: CriticalSection): string {
  const callee = unwrap(section.entry.callee);
  return sourceCode.getText(callee.type === AST_NODE_TYPES.MemberExpression ? callee.object : callee);
}

/**
 * The statements, extended back over the statements right before them that check or set state
 * the statements read (an `if` by its test): that check or write belongs in the same section,
 * and TypeScript's narrowing from it must survive the move into the callback.
 */
function withEarlierChecks(sourceCode: Readonly<TSESLint.SourceCode>, statements: readonly TSESTree.Statement[]): readonly TSESTree.Statement[] {
  const list = statements[0] && statementList(statements[0]);
  if (!list) return statements;
  const model = modelFor(sourceCode);
  const read = sharedLocationsIn(model, statements);
  let start = list.indexOf(statements[0]!);
  while (start > 0) {
    const previous = list[start - 1]!;
    const touched = sharedLocationsIn(model, [previous.type === AST_NODE_TYPES.IfStatement ? previous.test : previous]);
    if (!touched.some((location) => read.some((other) => overlaps(location, other)))) break;
    start -= 1;
  }
  return start === list.indexOf(statements[0]!) ? statements : [...(list.slice(start, list.indexOf(statements[0]!)) as TSESTree.Statement[]), ...statements];
}

/** Shared locations the nodes read or write (not inside nested functions). */
function sharedLocationsIn(model: ReturnType<typeof modelFor>, nodes: readonly TSESTree.Node[]): Location[] {
  const found: Location[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (isFunction(node)) return;
    if (node.type === AST_NODE_TYPES.Identifier || node.type === AST_NODE_TYPES.MemberExpression) {
      const location = model.shared.locationOf(node);
      if (location) found.push(location);
    }
    childNodes(node).forEach(visit);
  };
  nodes.forEach(visit);
  return found;
}

/**
 * The statements, extended to the end of the function body when code after them reads what they
 * write: from the body's statement that holds them. Not inside loops, where the lock would then
 * be held across every round.
 */
function withLaterReads(sourceCode: Readonly<TSESLint.SourceCode>, statements: readonly TSESTree.Statement[]): readonly TSESTree.Statement[] {
  const first = statements[0];
  const fn = first && enclosingFunction(first);
  if (!first || !fn || fn.body.type !== AST_NODE_TYPES.BlockStatement) return statements;
  const body = fn.body;
  const later: TSESTree.Node[] = [];
  let top: TSESTree.Node = first;
  let span: readonly TSESTree.Node[] = statements;
  for (;;) {
    const list = statementList(top);
    if (!list) return statements;
    later.push(...list.slice(list.indexOf(span[0]!) + span.length));
    if (top.parent === body) break;
    if (isLoop(top.parent)) return statements;
    top = listStatement(top.parent!) ?? top;
    if (top === first || !top.parent) return statements;
    span = [top];
  }
  if (later.length === 0) return statements;
  const model = modelFor(sourceCode);
  const written = locationsWritten(model, fn, [first.range[0], statements.at(-1)!.range[1]]);
  const readsWritten = sharedLocationsIn(model, later).some((location) => written.some((write) => overlaps(write, location)));
  return readsWritten ? (body.body.slice(body.body.indexOf(top as TSESTree.Statement)) as TSESTree.Statement[]) : statements;
}

function containsReturn(statements: readonly TSESTree.Statement[]): boolean {
  const visit = (node: TSESTree.Node): boolean =>
    node.type === AST_NODE_TYPES.ReturnStatement || (!isFunction(node) && childNodes(node).some(visit));
  return statements.some(visit);
}

/** A name for a new lock, from the first shared location the region touches (`counter` → `counterLock`). */
function lockName(sourceCode: Readonly<TSESLint.SourceCode>, statements: readonly TSESTree.Statement[]): string {
  const location = firstSharedLocation(sourceCode, statements);
  // `this.tokens.refresh` → `tokensLock`; `state.n` → `stateLock`.
  const root = location?.location.root ?? '';
  // A getter's singleton (`call:getGlobal`) → `globalLock`.
  const getter = /^call:(?:.*\.)?_*get([A-Za-z0-9_$]+)$/.exec(root)?.[1];
  const fromGetter = getter ? getter.charAt(0).toLowerCase() + getter.slice(1) : null;
  const base = root.startsWith('this@') ? (location!.location.path[0] ?? 'state') : (/^var:([^@]+)@/.exec(root)?.[1] ?? fromGetter ?? 'state');
  return `${base.replace(/[^A-Za-z0-9_$]/g, '') || 'state'}Lock`;
}

interface SharedAccess {
  node: TSESTree.Node;
  location: Location;
}

function firstSharedLocation(sourceCode: Readonly<TSESLint.SourceCode>, statements: readonly TSESTree.Statement[]): SharedAccess | null {
  const model = modelFor(sourceCode);
  let found: SharedAccess | null = null;
  const visit = (node: TSESTree.Node): void => {
    if (found || isFunction(node)) return;
    // `cache.get(k)` touches `cache`, not a `get` property.
    const isMethod = node.type === AST_NODE_TYPES.MemberExpression && node.parent?.type === AST_NODE_TYPES.CallExpression && node.parent.callee === node;
    if (!isMethod && (node.type === AST_NODE_TYPES.Identifier || node.type === AST_NODE_TYPES.MemberExpression)) {
      const location = model.shared.locationOf(node);
      if (location && !model.locks.resolve(node)) {
        found = { node: rootOf(node), location };
        return;
      }
    }
    for (const child of childNodes(node)) visit(child);
  };
  statements.forEach(visit);
  return found as SharedAccess | null;
}

function rootOf(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.type === AST_NODE_TYPES.MemberExpression) current = current.object;
  return current;
}

/**
 * Declares a new `Mutex` beside the state the region touches and returns how to refer to it:
 * `this.xLock` (class field), `xLock` (const after a captured variable's declaration, or module const).
 */
function createLock(
  sourceCode: Readonly<TSESLint.SourceCode>,
  statements: readonly TSESTree.Statement[],
  region: TSESTree.Range,
  edits: TextEdit[],
): string | undefined {
  const model = modelFor(sourceCode);
  const found = firstSharedLocation(sourceCode, statements);
  const text = sourceCode.text;
  const mutex = ensureNamedImport(sourceCode, 'async-mutex', 'Mutex', edits);
  if (mutex === null) return undefined;
  const baseName = lockName(sourceCode, statements);
  if (found?.location.root.startsWith('this@')) {
    const classNode = enclosingClass(found.node);
    if (!classNode) return undefined;
    const name = freeMemberName(classNode, baseName);
    const firstMember = classNode.body.body[0];
    // No modifiers: the same field is valid JavaScript and TypeScript.
    const declaration = `${name} = new ${mutex}();`;
    if (firstMember) {
      edits.push({ range: [firstMember.range[0], firstMember.range[0]], text: `${declaration}\n${indentationAt(text, firstMember.range[0])}` });
    } else {
      const indent = indentationAt(text, classNode.range[0]) + indentUnit(text);
      edits.push({ range: [classNode.body.range[0] + 1, classNode.body.range[0] + 1], text: `\n${indent}${declaration}` });
    }
    return `this.${name}`;
  }
  const variable = found?.node.type === AST_NODE_TYPES.Identifier ? model.bindings.variableOf(found.node) : null;
  // Beside the shared variable itself; a local alias of shared state (`const global = getGlobal()`) is
  // made per call, so a lock declared beside it would be too: the lock goes to the module.
  const isRoot = variable !== null && found!.location.root === `var:${variable.name}@${variable.identifiers[0]?.range[0] ?? 0}`;
  const declarationNode = isRoot ? (variable.defs[0]?.parent ?? null) : null;
  const anchor = declarationNode && declarationNode.range[1] <= region[0] ? listStatement(declarationNode) : null;
  const fallback = sourceCode.ast.body.find((statement) => statement.type !== AST_NODE_TYPES.ImportDeclaration) ?? null;
  const after = anchor;
  const name = freeName(model, baseName, statements[0]!);
  const declaration = `const ${name} = new ${mutex}();`;
  if (after) {
    edits.push({ range: [after.range[1], after.range[1]], text: `\n${indentationAt(text, after.range[0])}${declaration}` });
  } else if (fallback) {
    edits.push({ range: [fallback.range[0], fallback.range[0]], text: `${declaration}\n\n` });
  } else {
    return undefined;
  }
  return name;
}

function freeName(model: ReturnType<typeof modelFor>, base: string, at: TSESTree.Node): string {
  for (let suffix = 0; ; suffix += 1) {
    const candidate = suffix === 0 ? base : `${base}${suffix + 1}`;
    if (model.bindings.isNameFree(candidate, at)) return candidate;
  }
}

function freeMemberName(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression, base: string): string {
  const taken = new Set(
    classNode.body.body.flatMap((member) =>
      'key' in member && member.key.type === AST_NODE_TYPES.Identifier ? [member.key.name] : [],
    ),
  );
  for (let suffix = 0; ; suffix += 1) {
    const candidate = suffix === 0 ? base : `${base}${suffix + 1}`;
    if (!taken.has(candidate)) return candidate;
  }
}
