import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { childNodes, contains, isFunction, propertyName, unwrap } from '../analysis/ast';
import type { SharedWrite } from '../analysis/flow';
import { modelFor, type ConcurrencyModel } from '../analysis/model';
import type { Variable } from '../analysis/scope';
import { overlaps, type Location } from '../analysis/shared';
import { DEFAULT_MIN_TIMER_MS, slowness } from '../analysis/slow-calls';
import { refuse, type TextEdit } from './edits';
import { moveBefore } from './hoist-await';
import { containsAwait, statementList } from './region';

/** Global functions that only convert their argument: harmless to run earlier. */
const CONVERSIONS = new Set(['Number', 'String', 'Boolean', 'parseInt', 'parseFloat', 'encodeURIComponent', 'encodeURI', 'JSON.parse', 'JSON.stringify']);

/** Map and Set methods that only read (the flow analysis reads `get`/`has` the same way). */
const COLLECTION_READS = new Set(['get', 'has']);

/** The edits, the slow awaited call or load they move (for messages), and the first read it moves above. */
export type AwaitBeforeReadPlan = { ok: true; edits: TextEdit[]; call: TSESTree.Node; read: TSESTree.Node } | { ok: false; reason: string };

/**
 * "Await before the read": for a write built on reads that an awaited slow call or data load made
 * stale — `const n = this.total; const price = await fetch(url); this.total = n + price;` — moves
 * the statements holding the awaits above the first of those reads. Then nothing lets another
 * task run between the reads and the write, so no lock is needed, and none is held across the
 * call. The calls are those `no-long-await-in-critical-section` would report inside a lock: a
 * network call, a timer of 100 ms or more, or a call whose result the write stores.
 *
 * `walks` are every walk of the one write (a loop's body is walked twice): all their stale reads
 * must end up after the awaits.
 *
 * Conservative: the awaits must be in one run of plain `await …;` / `const x = await …;`
 * statements of the block that holds the reads and the write, nothing else between the reads
 * and the write may interleave, and the run must use nothing the moved-over statements declare
 * nor any shared state the region touches. Its calls must be those slow calls or loads, methods
 * of their results (`await res.json()`) or global conversions: another call could change the
 * state the reads see. The statements it jumps over must be declarations that only read (no
 * calls but Map/Set `get`/`has`), so running them after the call changes nothing else.
 */
export function planAwaitBeforeRead(sourceCode: Readonly<TSESLint.SourceCode>, walks: readonly SharedWrite[]): AwaitBeforeReadPlan {
  const model = modelFor(sourceCode);
  const stale = walks.flatMap((walk) => walk.stale);
  const reads = stale.map((read) => read.fact.node);
  if (reads.length === 0) return refuse('The write builds on no read made stale by an `await`.');
  if (stale.some((read) => read.interleaving.type !== AST_NODE_TYPES.AwaitExpression)) return refuse('Only an `await` can move before the read.');
  const found = blockOf(reads, walks[0]!.node);
  if (!found) return refuse('The reads and the write are not in one block.');
  const { list, readIndices, writeIndex } = found;
  const anchor = Math.min(...readIndices);
  const lastRead = Math.max(...readIndices);
  if (lastRead > writeIndex) return refuse("The write also builds on a read made after it, in the loop's previous round.");
  const between = list.slice(anchor, writeIndex + 1);
  const waiting = between.filter((statement) => containsAwait([statement], { yields: true }));
  const [first, last] = waiting.length > 0 ? [list.indexOf(waiting[0]!), list.indexOf(waiting.at(-1)!)] : [-1, -1];
  if (first <= lastRead || last >= writeIndex || last - first + 1 !== waiting.length) {
    return refuse('The awaits are not one run of statements between the reads and the write.');
  }
  if (!stale.every((read) => waiting.some((statement) => contains(statement, read.interleaving)))) {
    return refuse('The read is made stale elsewhere.');
  }
  if (!waiting.every(isPlainAwaitStatement)) return refuse('Only `await …;` and `const x = await …;` statements can move.');
  const stored = new Set(walks.flatMap((walk) => walk.valueDeps.flatMap((fact) => (fact.kind === 'await' ? [fact.node] : []))));
  const calls = slowCalls(model, waiting, stored);
  if (calls.size === 0) return refuse('No slow call or data load is awaited between the read and the write.');
  const unknown = unknownCall(model, waiting, calls);
  if (unknown) return refuse(`\`${sourceCode.getText(unknown)}\` on line ${unknown.loc.start.line} might change the state the read sees.`);
  const jumped = list.slice(anchor, first);
  const effect = jumped.find((statement) => !isReadOnlyDeclaration(model, statement));
  if (effect) return refuse(`The statement on line ${effect.loc.start.line} does more than read, so it cannot run after the call.`);
  const dependency = dependencyOn(model, waiting, between.filter((statement) => !waiting.includes(statement)));
  if (dependency) return refuse(`The awaited statements use \`${sourceCode.getText(dependency)}\`, which the region reads or declares.`);
  return {
    ok: true,
    edits: moveBefore(sourceCode, [waiting[0]!, waiting.at(-1)!], list[anchor]!),
    call: [...calls][0]!,
    read: reads.find((read) => contains(list[anchor]!, read))!,
  };
}

/** The innermost statement list holding the write and every read, with the index of the statement holding each. */
function blockOf(
  reads: readonly TSESTree.Node[],
  write: TSESTree.Node,
): { list: readonly TSESTree.Node[]; readIndices: number[]; writeIndex: number } | null {
  for (let current: TSESTree.Node | undefined = write; current && !isFunction(current); current = current.parent) {
    const list = statementList(current);
    if (!list) continue;
    const readIndices = reads.map((read) => indexIn(list, read));
    if (readIndices.every((index) => index >= 0)) return { list, readIndices, writeIndex: list.indexOf(current) };
  }
  return null;
}

/** The index of the statement of `list` that holds `node` in the same function, or -1. */
function indexIn(list: readonly TSESTree.Node[], node: TSESTree.Node): number {
  for (let current: TSESTree.Node | undefined = node; current && !isFunction(current); current = current.parent) {
    if (statementList(current) === list) return list.indexOf(current);
  }
  return -1;
}

/** `await …;` or `const|let|var x = …await…;` with one declarator: nothing in it can jump or exit. */
function isPlainAwaitStatement(statement: TSESTree.Node): boolean {
  if (statement.type === AST_NODE_TYPES.ExpressionStatement) return unwrap(statement.expression).type === AST_NODE_TYPES.AwaitExpression;
  return (
    statement.type === AST_NODE_TYPES.VariableDeclaration &&
    (statement.kind === 'const' || statement.kind === 'let' || statement.kind === 'var') &&
    statement.declarations.length === 1 &&
    statement.declarations[0]!.init !== null
  );
}

/**
 * The awaited calls in the statements that are slow (a network call, a long timer) or loads (the
 * write stores what the `await` yields), in source order.
 */
function slowCalls(model: ConcurrencyModel, statements: readonly TSESTree.Node[], stored: ReadonlySet<TSESTree.Node>): Set<TSESTree.Node> {
  const found = new Set<TSESTree.Node>();
  const visit = (node: TSESTree.Node): void => {
    if (isFunction(node)) return;
    const operand = node.type === AST_NODE_TYPES.AwaitExpression ? unwrap(node.argument) : null;
    if (operand && (isSlow(model, operand) || (stored.has(node) && operand.type === AST_NODE_TYPES.CallExpression))) found.add(operand);
    childNodes(node).forEach(visit);
  };
  statements.forEach(visit);
  return found;
}

function isSlow(model: ConcurrencyModel, node: TSESTree.Node): boolean {
  const slow = slowness(node, model);
  return slow !== null && (slow.kind === 'network' || (slow.ms !== null && slow.ms >= DEFAULT_MIN_TIMER_MS));
}

/**
 * A call in the statements that is neither one of `known` (the slow calls and loads), a method of
 * an awaited result (`res.json()` on a `res` declared in the statements, `(await fetch(url)).text()`),
 * nor a global conversion (`Number(…)`, `JSON.stringify(…)`).
 */
function unknownCall(model: ConcurrencyModel, statements: readonly TSESTree.Node[], known: ReadonlySet<TSESTree.Node>): TSESTree.Node | null {
  const declared = new Set(statements.flatMap((statement) => model.sourceCode.getDeclaredVariables(statement)));
  let found: TSESTree.Node | null = null;
  const visit = (node: TSESTree.Node): void => {
    // A nested function (a timer's executor) runs only when a call here runs it, and each call is checked.
    if (found || isFunction(node)) return;
    if ((node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) && !known.has(node)) {
      let receiver = node.type === AST_NODE_TYPES.CallExpression ? unwrap(node.callee) : null;
      while (receiver?.type === AST_NODE_TYPES.MemberExpression) receiver = unwrap(receiver.object);
      const ofResult =
        (receiver?.type === AST_NODE_TYPES.Identifier && isOneOf(model, receiver, declared)) ||
        (receiver?.type === AST_NODE_TYPES.AwaitExpression && known.has(unwrap(receiver.argument)));
      if (!ofResult && !isConversion(model, node)) {
        found = node;
        return;
      }
    }
    childNodes(node).forEach(visit);
  };
  statements.forEach(visit);
  return found;
}

function isConversion(model: ConcurrencyModel, call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  if (call.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = unwrap(call.callee);
  const member = callee.type === AST_NODE_TYPES.MemberExpression ? callee : null;
  const root = member ? unwrap(member.object) : callee;
  if (root.type !== AST_NODE_TYPES.Identifier || !model.bindings.isGlobal(root)) return false;
  return CONVERSIONS.has(member ? `${root.name}.${propertyName(member.property, member.computed)}` : root.name);
}

/** A declaration whose initialisers and defaults only read: no calls but Map/Set reads, no writes, no `new`. */
function isReadOnlyDeclaration(model: ConcurrencyModel, statement: TSESTree.Node): boolean {
  if (statement.type !== AST_NODE_TYPES.VariableDeclaration || !['const', 'let', 'var'].includes(statement.kind)) return false;
  const readOnly = (node: TSESTree.Node): boolean => {
    if (isFunction(node)) return true;
    switch (node.type) {
      case AST_NODE_TYPES.AssignmentExpression:
      case AST_NODE_TYPES.UpdateExpression:
      case AST_NODE_TYPES.NewExpression:
      case AST_NODE_TYPES.TaggedTemplateExpression:
      case AST_NODE_TYPES.ImportExpression:
      case AST_NODE_TYPES.ClassExpression:
        return false;
      case AST_NODE_TYPES.UnaryExpression:
        if (node.operator === 'delete') return false;
        break;
      case AST_NODE_TYPES.CallExpression: {
        const callee = unwrap(node.callee);
        const method = callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee.property, callee.computed) : null;
        if (callee.type !== AST_NODE_TYPES.MemberExpression || !method || !COLLECTION_READS.has(method) || !model.shared.mayBeCollection(callee.object)) {
          return false;
        }
        break;
      }
    }
    return childNodes(node).every(readOnly);
  };
  return readOnly(statement);
}

/**
 * Something the moving statements use that the rest of the region declares, or a shared
 * location they touch that the rest of the region touches too (nested functions included).
 */
function dependencyOn(model: ConcurrencyModel, moving: readonly TSESTree.Node[], rest: readonly TSESTree.Node[]): TSESTree.Node | null {
  const declaredByRest = new Set(rest.flatMap((statement) => model.sourceCode.getDeclaredVariables(statement)));
  const touchedByRest = rest.flatMap((statement) => sharedAccesses(model, statement).map((access) => access.location));
  for (const statement of moving) {
    const access = sharedAccesses(model, statement).find(({ location }) => touchedByRest.some((other) => overlaps(location, other)));
    if (access) return access.node;
    const local = identifiersIn(statement).find((identifier) => isOneOf(model, identifier, declaredByRest));
    if (local) return local;
  }
  return null;
}

function sharedAccesses(model: ConcurrencyModel, root: TSESTree.Node): Array<{ node: TSESTree.Node; location: Location }> {
  const found: Array<{ node: TSESTree.Node; location: Location }> = [];
  const visit = (node: TSESTree.Node): void => {
    if (node.type === AST_NODE_TYPES.Identifier || node.type === AST_NODE_TYPES.MemberExpression) {
      const location = model.shared.locationOf(node);
      if (location) found.push({ node, location });
    }
    childNodes(node).forEach(visit);
  };
  visit(root);
  return found;
}

function identifiersIn(root: TSESTree.Node): TSESTree.Identifier[] {
  const found: TSESTree.Identifier[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (node.type === AST_NODE_TYPES.Identifier) found.push(node);
    childNodes(node).forEach(visit);
  };
  visit(root);
  return found;
}

function isOneOf(model: ConcurrencyModel, identifier: TSESTree.Identifier, variables: ReadonlySet<Variable>): boolean {
  const variable = model.bindings.variableOf(identifier);
  return variable !== null && variables.has(variable);
}
