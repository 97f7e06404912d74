import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, childNodes, contains, isFunction, outerParent, propertyName, unwrap, type FunctionNode } from './ast';
import type { ConcurrencyModel } from './model';

/** What the flag checks read: the file's text. A shared flag needs no concurrency model. */
type FlagSource = Pick<ConcurrencyModel, 'sourceCode'>;

/**
 * An "in progress" flag that sends concurrent callers away instead of making them wait:
 *
 *     async init() {
 *       if (this.initializing) return;   // the second caller returns here…
 *       this.initializing = true;
 *       await this.load();               // …while the first one is still loading
 *       this.initializing = false;
 *     }
 *
 * The second caller's `await init()` resolves before anything is loaded.
 */
export interface InProgressReturn {
  /** The test of the flag that leads to the early exit. */
  check: TSESTree.Expression;
  /**
   * `return`: `if (flag) return;` leaves at once. `skip`: `if (!flag) { flag = true; …work… }`
   * jumps over the work and carries on as if it were done.
   */
  shape: 'return' | 'skip';
  /** The `return` taken while the flag is set: the early one, or the one after the skipped block (null: the body's end). */
  exit: TSESTree.ReturnStatement | null;
  /** The flag as written (`this.initializing`). */
  flag: TSESTree.Node;
  set: TSESTree.AssignmentExpression;
  /** Where the flag goes down again, once the work is done. */
  cleared: TSESTree.AssignmentExpression;
}

const CALLBACK_NAMES = /^(?:cb|callback|done|next|resolve)$/;
/** Calls that run a callback on a later tick: `process.nextTick(callback)`. */
const DEFERRERS = new Set(['nextTick', 'setImmediate', 'setTimeout', 'queueMicrotask']);

/**
 * Names of work whose callers need it finished: setting up, connecting, refreshing a token. A
 * `load`/`fetch`/`poll` that skips when busy is often meant to (an infinite-scroll handler), so
 * those count only when a caller in the file awaits them or they return a value.
 */
const AWAITED_WORK = /init|connect|open|start|setup|ensure|login|auth|refresh|prepare|boot|ready|install|register|hydrate|warm/i;

/**
 * A cheap look at a function's top-level statements, before any model is built: an `if (flag)`
 * with no `else` (for {@link inProgressReturn}) or a `flag = true` statement (for
 * {@link sharedBusyFlag}). Most functions have neither.
 */
export function mayTestOrSetFlag(fn: FunctionNode, sets: boolean): boolean {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return false;
  return fn.body.body.some((statement) =>
    sets
      ? setsFlag(statement) !== null
      : statement.type === AST_NODE_TYPES.IfStatement && !statement.alternate && (flagTested(statement.test) !== null || setsNegatedFlag(statement)),
  );
}

/** `if (!flag) { …; flag = true; … }`: the guarded block raises a flag its test wants down (checked on the tree alone). */
function setsNegatedFlag(statement: TSESTree.IfStatement): boolean {
  const negated = negatedFlags(statement.test);
  if (negated.length === 0 || statement.consequent.type !== AST_NODE_TYPES.BlockStatement) return false;
  const name = (node: TSESTree.Node): string | null =>
    node.type === AST_NODE_TYPES.Identifier ? node.name : node.type === AST_NODE_TYPES.MemberExpression ? propertyName(node.property, node.computed) : null;
  const tested = new Set(negated.map(name));
  return statement.consequent.body.some((inner) => {
    const set = setsFlag(inner);
    return set !== null && tested.has(name(unwrap(set.left)));
  });
}

export function inProgressReturn(fn: FunctionNode, model: ConcurrencyModel): InProgressReturn | null {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return null;
  // A callback-style function finishes when it calls its callback: `(callback) => { … }`.
  const callbacks = new Set(fn.params.flatMap((param) => (param.type === AST_NODE_TYPES.Identifier && CALLBACK_NAMES.test(param.name) ? [param.name] : [])));
  if (!fn.async && callbacks.size === 0) return null;
  const statements = fn.body.body;
  for (const [index, statement] of statements.entries()) {
    if (statement.type !== AST_NODE_TYPES.IfStatement || statement.alternate) continue;
    const skipped = fn.async ? skippedWork(fn, statement, statements.slice(index + 1), model) : null;
    if (skipped) return skipped;
    // Callback style: the exit must tell the callback it is done (a bare `return` after queuing it waits properly).
    const exit = earlyExit(statement.consequent, callbacks, !fn.async);
    const flag = flagTested(statement.test);
    if (!exit || !flag) continue;
    const text = model.sourceCode.getText(flag);
    const set = statements.slice(index + 1).map((later) => assignmentOf(later, text, model, true)).find(Boolean);
    if (!set) return null;
    // The flag goes down once the work is done: after an `await`, or in a completion callback.
    const after = fn.async ? firstAwaitAfter(fn, set) : null;
    const cleared = fn.async ? after && findAssignment(fn, text, model, false, after.range[1], false) : findAssignment(fn, text, model, false, set.range[1], true);
    // Cleared only when the work fails, the flag says "started"; tested by a loop, it is the loop's stop switch.
    if (!cleared || insideCatch(cleared, fn) || testedByLoop(fn, text, model)) return null;
    if (!callersNeedWork(fn, text, set, model)) return null;
    return { shape: 'return', check: statement.test, exit, flag, set, cleared };
  }
  return null;
}

/**
 * Whether a caller sent away needs the work done: the function's name says it sets something up,
 * it returns a value on its other paths, a caller in the file awaits it, or the work uses the
 * call's arguments (`setProcessor(processor)`: the request itself is dropped, not merely shared).
 */
function callersNeedWork(fn: FunctionNode, flag: string, set: TSESTree.Node, model: ConcurrencyModel): boolean {
  const name = functionLabel(fn);
  return AWAITED_WORK.test(`${name} ${flag}`) || returnsValue(fn) || awaitedByCaller(name, model) || argumentsUsedAfter(fn, set, model);
}

/** A parameter (not a callback) read after `node`: the work was asked for with these arguments. */
function argumentsUsedAfter(fn: FunctionNode, node: TSESTree.Node, model: ConcurrencyModel): boolean {
  return fn.params.some((param) => {
    const name = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
    if (name.type !== AST_NODE_TYPES.Identifier || CALLBACK_NAMES.test(name.name)) return false;
    const variable = model.bindings.variableOf(name);
    return variable?.references.some((reference) => !reference.init && reference.identifier.range[0] > node.range[1]) ?? false;
  });
}

/**
 * `if (!this.initing) { this.initing = true; await …; this.initing = false; }`, or with a done
 * flag beside it (`if (!this.inited && !this.initing) { this.initing = true; await …; this.inited
 * = true; }`): a caller that finds the work in progress skips it and carries on at once.
 */
function skippedWork(fn: FunctionNode, statement: TSESTree.IfStatement, rest: readonly TSESTree.Statement[], model: ConcurrencyModel): InProgressReturn | null {
  const negated = negatedFlags(statement.test);
  const body = statement.consequent.type === AST_NODE_TYPES.BlockStatement ? statement.consequent.body : [];
  if (negated.length === 0 || body.length === 0) return null;
  const tested = negated.map((flag) => flagText(flag, model));
  for (const [index, flag] of negated.entries()) {
    const text = tested[index]!;
    const set = body.map((inner) => assignmentOf(inner, text, model, true)).find(Boolean);
    const after = set && firstAwaitIn(statement.consequent, set);
    if (!set || !after || testedByLoop(fn, text, model)) continue;
    // Done when the flag goes down again, or when a done flag tested beside it goes up.
    const cleared =
      findAssignmentIn(statement.consequent, text, model, false, after.range[1]) ??
      tested.filter((other) => other !== text).map((other) => findAssignmentIn(statement.consequent, other, model, true, after.range[1])).find(Boolean) ??
      null;
    if (!cleared || insideCatch(cleared, fn) || !callersNeedWork(fn, text, set, model)) continue;
    const next = rest[0];
    const exit = next?.type === AST_NODE_TYPES.ReturnStatement ? next : null;
    return { shape: 'skip', check: statement.test, exit, flag, set, cleared };
  }
  return null;
}

/** `!flag`, `!this.busy`, `!a && !this.b`: the flags a test requires to be down. */
function negatedFlags(test: TSESTree.Expression): TSESTree.Node[] {
  const inner = unwrap(test);
  if (inner.type === AST_NODE_TYPES.LogicalExpression && inner.operator === '&&') return [...negatedFlags(inner.left), ...negatedFlags(inner.right)];
  if (inner.type !== AST_NODE_TYPES.UnaryExpression || inner.operator !== '!') return [];
  const flag = flagTested(inner.argument);
  return flag ? [flag] : [];
}

function firstAwaitIn(block: TSESTree.Node, after: TSESTree.Node): TSESTree.AwaitExpression | null {
  let found: TSESTree.AwaitExpression | null = null;
  const visit = (node: TSESTree.Node): void => {
    if (found || isFunction(node)) return;
    if (node.type === AST_NODE_TYPES.AwaitExpression && node.range[0] > after.range[1]) found = node;
    else for (const child of childNodes(node)) visit(child);
  };
  visit(block);
  return found;
}

/** `flag = value` as a statement inside `block` (not in nested functions), after `from`. */
function findAssignmentIn(block: TSESTree.Node, flag: string, model: FlagSource, value: boolean, from: number): TSESTree.AssignmentExpression | null {
  let found: TSESTree.AssignmentExpression | null = null;
  const visit = (node: TSESTree.Node): void => {
    if (found || isFunction(node)) return;
    if (node.range[0] >= from) found = assignmentOf(node, flag, model, value);
    for (const child of childNodes(node)) visit(child);
  };
  visit(block);
  return found;
}

/**
 * The exit taken while the flag is set: a plain `return`, after at most telling the callback
 * that all is done (`if (callback) process.nextTick(callback); return;`).
 */
function earlyExit(node: TSESTree.Statement, callbacks: ReadonlySet<string>, mustNotify: boolean): TSESTree.ReturnStatement | null {
  if (node.type !== AST_NODE_TYPES.BlockStatement) return mustNotify ? null : onlyReturn(node);
  const last = node.body.at(-1);
  const before = node.body.slice(0, -1);
  if (!last || !before.every((statement) => notifies(statement, callbacks) || logs(statement))) return null;
  if (mustNotify && !before.some((statement) => notifies(statement, callbacks))) return null;
  return onlyReturn(last);
}

/** Methods of a logger: a warning on the way out does not make the caller wait. */
const LOG_METHODS = new Set(['log', 'debug', 'info', 'warn', 'warning', 'error', 'trace', 'verbose']);

/** `log.warn('busy')`, `console.debug(…)`, `this.logger.info(…)`. */
function logs(statement: TSESTree.Statement): boolean {
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement) return false;
  const call = unwrap(statement.expression);
  if (call.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = unwrap(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || !LOG_METHODS.has(propertyName(callee.property, callee.computed) ?? '')) return false;
  const object = unwrap(callee.object);
  const owner = object.type === AST_NODE_TYPES.Identifier ? object.name : object.type === AST_NODE_TYPES.MemberExpression ? propertyName(object.property, object.computed) : null;
  return /^(?:console|_?log|_?logger)$/i.test(owner ?? '');
}

function notifies(statement: TSESTree.Statement, callbacks: ReadonlySet<string>): boolean {
  if (statement.type === AST_NODE_TYPES.IfStatement) {
    return !statement.alternate && (statement.consequent.type === AST_NODE_TYPES.BlockStatement ? statement.consequent.body : [statement.consequent]).every((inner) => notifies(inner, callbacks));
  }
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement) return false;
  const call = unwrap(statement.expression);
  if (call.type !== AST_NODE_TYPES.CallExpression) return false;
  const isCallback = (node: TSESTree.Node | undefined): boolean => node?.type === AST_NODE_TYPES.Identifier && callbacks.has(node.name);
  if (isCallback(unwrap(call.callee))) return true;
  const callee = unwrap(call.callee);
  const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee.property, callee.computed) : null;
  return DEFERRERS.has(name ?? '') && isCallback(call.arguments[0]);
}

/** `return;`, `return undefined`, `return false`: not the in-flight work's promise. */
function onlyReturn(node: TSESTree.Statement): TSESTree.ReturnStatement | null {
  const statement = node.type === AST_NODE_TYPES.BlockStatement && node.body.length === 1 ? node.body[0]! : node;
  if (statement.type !== AST_NODE_TYPES.ReturnStatement) return null;
  const argument = statement.argument && unwrap(statement.argument);
  if (!argument) return statement;
  const plain =
    (argument.type === AST_NODE_TYPES.Identifier && argument.name === 'undefined') ||
    (argument.type === AST_NODE_TYPES.Literal && (argument.value === false || argument.value === null)) ||
    (argument.type === AST_NODE_TYPES.UnaryExpression && argument.operator === 'void');
  return plain ? statement : null;
}

/** `this.busy`, `busy`, `this.busy === true`: a flag tested for being set. */
function flagTested(test: TSESTree.Expression): TSESTree.Node | null {
  const inner = unwrap(test);
  if (inner.type === AST_NODE_TYPES.BinaryExpression && (inner.operator === '===' || inner.operator === '==')) {
    const literal = unwrap(inner.right);
    return literal.type === AST_NODE_TYPES.Literal && literal.value === true ? flagTested(inner.left as TSESTree.Expression) : null;
  }
  if (inner.type === AST_NODE_TYPES.MemberExpression && inner.object.type === AST_NODE_TYPES.ThisExpression && !inner.computed) return inner;
  return inner.type === AST_NODE_TYPES.Identifier ? inner : null;
}

function assignmentOf(statement: TSESTree.Node, flag: string, model: FlagSource, value: boolean): TSESTree.AssignmentExpression | null {
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement) return null;
  const expression = unwrap(statement.expression);
  if (expression.type !== AST_NODE_TYPES.AssignmentExpression || expression.operator !== '=') return null;
  const right = unwrap(expression.right);
  const assigned = right.type === AST_NODE_TYPES.Literal && right.value === value;
  return assigned && flagText(expression.left, model) === flag ? expression : null;
}

/** `flag = false` in `fn` after `from` (a `finally` too): in `fn` itself, or only in functions nested in it. */
function findAssignment(fn: FunctionNode, flag: string, model: FlagSource, value: boolean, from: number, nested: boolean): TSESTree.AssignmentExpression | null {
  let found: TSESTree.AssignmentExpression | null = null;
  const visit = (node: TSESTree.Node, inNested: boolean): void => {
    if (found) return;
    const entersNested = inNested || (isFunction(node) && node !== fn);
    if (entersNested && !nested) return;
    if (node.range[0] >= from && entersNested === nested) found = assignmentOf(node, flag, model, value);
    for (const child of childNodes(node)) visit(child, entersNested);
  };
  visit(fn.body, false);
  return found;
}

/**
 * Cleared only when the work fails: in a `catch` clause, a `.catch(…)` callback or the rejection
 * handler of `.then(…, onRejected)`. Such a flag says "started", not "in progress".
 */
function insideCatch(node: TSESTree.Node, fn: FunctionNode): boolean {
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    if (current.type === AST_NODE_TYPES.CatchClause) return true;
    if (!isFunction(current)) continue;
    const { parent, child } = outerParent(current);
    if (parent?.type !== AST_NODE_TYPES.CallExpression) continue;
    const method = calleeName(parent);
    if (method === 'catch' || (method === 'then' && parent.arguments[1] === child)) return true;
  }
  return false;
}

/** `while (this.running)`: the flag keeps a loop going until someone stops it. */
function testedByLoop(fn: FunctionNode, flag: string, model: FlagSource): boolean {
  let found = false;
  const visit = (node: TSESTree.Node): void => {
    if (found || (isFunction(node) && node !== fn)) return;
    if ((node.type === AST_NODE_TYPES.WhileStatement || node.type === AST_NODE_TYPES.DoWhileStatement) && model.sourceCode.getText(node.test).includes(flag)) found = true;
    for (const child of childNodes(node)) visit(child);
  };
  visit(fn.body);
  return found;
}

function firstAwaitAfter(fn: FunctionNode, node: TSESTree.Node): TSESTree.AwaitExpression | null {
  let found: TSESTree.AwaitExpression | null = null;
  const visit = (current: TSESTree.Node): void => {
    if (found || (isFunction(current) && current !== fn)) return;
    if (current.type === AST_NODE_TYPES.AwaitExpression && current.range[0] > node.range[1]) {
      found = current;
      return;
    }
    for (const child of childNodes(current)) visit(child);
  };
  visit(fn.body);
  return found;
}

/** Another `return` hands back a value, so callers use the result. */
function returnsValue(fn: FunctionNode): boolean {
  let found = false;
  const visit = (node: TSESTree.Node): void => {
    if (found || (isFunction(node) && node !== fn)) return;
    if (node.type === AST_NODE_TYPES.ReturnStatement && node.argument && onlyReturn(node) === null) found = true;
    for (const child of childNodes(node)) visit(child);
  };
  visit(fn.body);
  return found;
}

/** A call of a function of this name somewhere in the file is awaited: its caller waits for the work. */
function awaitedByCaller(name: string, model: ConcurrencyModel): boolean {
  if (!name) return false;
  return model.calls.some((call) => {
    const callee = unwrap(call.callee);
    const called = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee.property, callee.computed) : null;
    return called === name && outerParent(call).parent?.type === AST_NODE_TYPES.AwaitExpression;
  });
}

function functionLabel(fn: FunctionNode): string {
  if (fn.id) return fn.id.name;
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.MethodDefinition || parent?.type === AST_NODE_TYPES.PropertyDefinition || parent?.type === AST_NODE_TYPES.Property) {
    return propertyName(parent.key, parent.computed) ?? '';
  }
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
  return '';
}

/**
 * A busy flag shared by calls that can overlap: set at the start of every call, cleared when that
 * call's work ends, with nothing keeping a second call out meanwhile, and read elsewhere to learn
 * whether work is in progress (Sentry's `_processing` before 5.27: the first event to finish told
 * `flush()` that all were done).
 */
export interface SharedBusyFlag {
  flag: TSESTree.Node;
  set: TSESTree.AssignmentExpression;
  cleared: TSESTree.AssignmentExpression;
  /** A test of the flag in another function: whoever waits for the work. */
  check: TSESTree.Node;
}

export function sharedBusyFlag(fn: FunctionNode, model: FlagSource): SharedBusyFlag | null {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return null;
  for (const statement of fn.body.body) {
    const set = setsFlag(statement);
    if (!set) continue;
    const text = flagText(set.left, model);
    // Tested in the function itself: a guard, reported (or not) as an early return.
    if (testsIn(fn, text, model, true)) return null;
    const after = fn.async ? firstAwaitAfter(fn, set) : null;
    const cleared = after ? findAssignment(fn, text, model, false, after.range[1], false) : findAssignment(fn, text, model, false, set.range[1], true);
    if (!cleared || insideCatch(cleared, fn)) continue;
    const check = testsIn(fn, text, model, false);
    if (check) return { flag: set.left, set, cleared, check };
  }
  return null;
}

/** `this.busy = true` / `busy = true` as a statement. */
function setsFlag(statement: TSESTree.Statement): TSESTree.AssignmentExpression | null {
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement) return null;
  const expression = unwrap(statement.expression);
  if (expression.type !== AST_NODE_TYPES.AssignmentExpression || expression.operator !== '=') return null;
  const right = unwrap(expression.right);
  if (right.type !== AST_NODE_TYPES.Literal || right.value !== true) return null;
  const left = unwrap(expression.left);
  const flag = left.type === AST_NODE_TYPES.MemberExpression ? flagTested(left) : left.type === AST_NODE_TYPES.Identifier ? left : null;
  return flag ? expression : null;
}

const testsByFile = new WeakMap<object, Map<string, TSESTree.Node[]>>();

/** Every `if`/`while`/`?:` of the file that tests a flag, by the flag's text: one walk per file. */
function flagTests(model: FlagSource): Map<string, TSESTree.Node[]> {
  let tests = testsByFile.get(model.sourceCode);
  if (tests) return tests;
  const found = new Map<string, TSESTree.Node[]>();
  const visit = (node: TSESTree.Node): void => {
    const flag = testedFlagText(node, model);
    if (flag !== null) found.set(flag, [...(found.get(flag) ?? []), node]);
    for (const child of childNodes(node)) visit(child);
  };
  visit(model.sourceCode.ast as TSESTree.Node);
  tests = found;
  testsByFile.set(model.sourceCode, tests);
  return tests;
}

/** A test (`if`, loop, `?:`, `!`, `&&`) of the flag inside `fn` (own body only) or outside it, that `accept` takes. */
function testsIn(fn: FunctionNode, flag: string, model: FlagSource, own: boolean): TSESTree.Node | null {
  if (!own) return flagTests(model).get(flag)?.find((test) => !contains(fn, test)) ?? null;
  let found: TSESTree.Node | null = null;
  const visit = (node: TSESTree.Node, inside: boolean): void => {
    if (found) return;
    const nowInside = inside || node === fn;
    if (own && isFunction(node) && node !== fn && nowInside) return;
    if (nowInside === own && isFlagTest(node, flag, model)) found = node;
    for (const child of childNodes(node)) visit(child, nowInside);
  };
  visit(own ? fn : (model.sourceCode.ast as TSESTree.Node), false);
  return found;
}

/** How a flag is written, with compiled code's `_this.busy` / `self.busy` read as `this.busy`. */
function flagText(node: TSESTree.Node, model: FlagSource): string {
  return model.sourceCode.getText(node).replace(/^(?:_this|self|that)\./, 'this.');
}

/** The flag (or a `_this.busy` alias of `this.busy`) used as a condition. */
function isFlagTest(node: TSESTree.Node, flag: string, model: FlagSource): boolean {
  return testedFlagText(node, model) === flag;
}

/** What an `if`, `while` or `?:` tests, as flag text (`!flag` too); null for other nodes and compound tests. */
function testedFlagText(node: TSESTree.Node, model: FlagSource): string | null {
  const test =
    node.type === AST_NODE_TYPES.IfStatement || node.type === AST_NODE_TYPES.WhileStatement || node.type === AST_NODE_TYPES.ConditionalExpression
      ? node.test
      : null;
  if (!test) return null;
  const inner = unwrap(test);
  const operand = unwrap(inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === '!' ? inner.argument : inner);
  if (operand.type !== AST_NODE_TYPES.Identifier && operand.type !== AST_NODE_TYPES.MemberExpression) return null;
  return flagText(operand, model);
}
