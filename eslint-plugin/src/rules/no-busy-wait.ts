import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { childNodes, isFunction, propertyName, unwrap } from '../analysis/ast';
import { interleavingModel, type ConcurrencyModel } from '../analysis/model';
import type { Variable } from '../analysis/scope';
import { timerOf, type Timer } from '../analysis/timers';
import { createRule } from '../util/create-rule';
import { shorten } from '../util/describe';

type MessageIds = 'busyWait';

type Loop = TSESTree.WhileStatement | TSESTree.DoWhileStatement | TSESTree.ForStatement;

/** Calls that read the clock: a loop waiting on them waits for time, not for state. */
const CLOCK_CALLS = new Set(['Date.now', 'performance.now', 'process.hrtime', 'process.hrtime.bigint', 'process.uptime']);

const GLOBAL_CONSTANTS = new Set(['undefined', 'NaN', 'Infinity']);

export default createRule<[], MessageIds>({
  name: 'no-busy-wait',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow loops that only sleep while polling state; wait for a signal instead',
      presets: ['recommended'],
    },
    schema: [],
    messages: {
      busyWait:
        'This loop polls `{{polled}}` and only sleeps in between (`{{sleep}}` on line {{sleepLine}}): the waiter notices the change {{lateness}}, and keeps waking up while nothing changes. {{idiom}}.',
    },
    defaultOptions: [],
  },
  create(context) {
    const sourceCode = context.sourceCode;
    // Decided once per file: a file with nothing to wait on has no loop that sleeps.
    const model = interleavingModel(context);
    if (!model) return {};
    return {
      WhileStatement: (loop) => check(loop, model),
      DoWhileStatement: (loop) => check(loop, model),
      ForStatement: (loop) => check(loop, model),
    };

    function check(loop: Loop, model: ConcurrencyModel): void {
      const shape = pollingShape(loop, model);
      if (!shape) return;
      const polled = polledState(shape.condition, loop, model);
      if (!polled) return;
      const polledText = shorten(sourceCode.getText(polled));
      const aborted = polled.type === AST_NODE_TYPES.MemberExpression && propertyName(polled.property, polled.computed) === 'aborted';
      const idiom = aborted
        ? `Wait for the signal instead: \`await once(${shorten(sourceCode.getText(polled.object))}, 'abort')\` from \`node:events\`, or an \`abort\` listener on the \`AbortSignal\``
        : `Wait for a signal instead: a promise with its resolver (\`Promise.withResolvers()\`) resolved where the state behind \`${polledText}\` changes, or an \`EventTarget\` event awaited with \`once\``;
      const timer = shape.sleeps[0]!;
      context.report({
        node: loop,
        messageId: 'busyWait',
        data: {
          polled: polledText,
          sleep: shorten(sourceCode.getText(timer.node)),
          sleepLine: timer.node.loc.start.line,
          lateness: timer.delay !== null && timer.delay > 0 ? `up to ${timer.delay} ms late` : 'late',
          idiom,
        },
      });
    }
  },
});

/**
 * A loop whose rounds do nothing but sleep: `while (cond) await sleep(n)`, the same as
 * `do … while` or `for (; cond; )`, or an endless loop whose only other statement is
 * `if (cond) break;` (or `return`). Returns the condition it waits on and its timers.
 */
function pollingShape(loop: Loop, model: ConcurrencyModel): { condition: TSESTree.Expression; sleeps: Timer[] } | null {
  const statements = loop.body.type === AST_NODE_TYPES.BlockStatement ? loop.body.body : [loop.body];
  const endless = !loop.test || isTrue(loop.test);
  let condition: TSESTree.Expression | null = endless ? null : loop.test;
  const sleeps: Timer[] = [];
  for (const statement of statements) {
    if (statement.type === AST_NODE_TYPES.EmptyStatement) continue;
    if (endless && !condition && statement.type === AST_NODE_TYPES.IfStatement && !statement.alternate && onlyLeaves(statement.consequent)) {
      condition = statement.test;
      continue;
    }
    const timer = statement.type === AST_NODE_TYPES.ExpressionStatement ? awaitedTimer(statement.expression, model) : null;
    if (!timer) return null;
    sleeps.push(timer);
  }
  return condition && sleeps.length > 0 ? { condition, sleeps } : null;
}

function awaitedTimer(expression: TSESTree.Expression, model: ConcurrencyModel): Timer | null {
  const inner = unwrap(expression);
  return inner.type === AST_NODE_TYPES.AwaitExpression ? timerOf(inner.argument, model) : null;
}

/** `break;`, `return …;`, alone or in a block. */
function onlyLeaves(statement: TSESTree.Statement): boolean {
  const [only, ...rest] = statement.type === AST_NODE_TYPES.BlockStatement ? statement.body : [statement];
  return rest.length === 0 && (only?.type === AST_NODE_TYPES.BreakStatement || only?.type === AST_NODE_TYPES.ReturnStatement);
}

function isTrue(test: TSESTree.Expression): boolean {
  const inner = unwrap(test);
  return inner.type === AST_NODE_TYPES.Literal && inner.value === true;
}

/**
 * The first piece of state the condition reads that the loop itself does not change: a
 * property (`state.done`, `signal.aborted`), a variable that can be reassigned elsewhere, or a
 * call that probes something (`isReady()`). Clock reads, constants and the loop's own counters
 * are not state, so `while (Date.now() < deadline)` is a timed wait, not a busy-wait. A condition
 * that awaits does work of its own each round (a retry, a probe of something outside the
 * process that cannot signal), so it is not reported either.
 */
function polledState(condition: TSESTree.Expression, loop: Loop, model: ConcurrencyModel): TSESTree.Expression | null {
  const written = writtenIn(loop, model);
  let awaits = false;
  const find = (node: TSESTree.Node): TSESTree.Expression | null => {
    if (isFunction(node)) return null;
    switch (node.type) {
      case AST_NODE_TYPES.AwaitExpression:
        awaits = true;
        return null;
      case AST_NODE_TYPES.CallExpression:
        if (CLOCK_CALLS.has(sourceText(node.callee))) return null;
        return rootVariableWritten(node.callee, written, model) ? null : node;
      case AST_NODE_TYPES.MemberExpression:
        return rootVariableWritten(node, written, model) ? null : node;
      case AST_NODE_TYPES.Identifier: {
        const variable = model.bindings.variableOf(node);
        const declared = variable !== null && variable.defs.length > 0;
        if (declared ? written.has(variable) || isConstant(variable) : GLOBAL_CONSTANTS.has(node.name)) return null;
        return node;
      }
      default:
        for (const child of childNodes(node)) {
          const found = find(child);
          if (found) return found;
        }
        return null;
    }
  };
  const found = find(condition);
  return awaits ? null : found;
}

function rootVariableWritten(node: TSESTree.Node, written: ReadonlySet<Variable>, model: ConcurrencyModel): boolean {
  let root = unwrap(node);
  while (root.type === AST_NODE_TYPES.MemberExpression || root.type === AST_NODE_TYPES.CallExpression) {
    root = unwrap(root.type === AST_NODE_TYPES.MemberExpression ? root.object : root.callee);
  }
  const variable = root.type === AST_NODE_TYPES.Identifier ? model.bindings.variableOf(root) : null;
  return variable !== null && written.has(variable);
}

/** A `const` (or an import, function or class): nothing can change what it names. */
function isConstant(variable: Variable): boolean {
  const def = variable.defs[0];
  if (!def) return false;
  if (def.type === 'Variable') return def.parent.kind === 'const';
  return def.type === 'ImportBinding' || def.type === 'FunctionName' || def.type === 'ClassName';
}

/** Variables the loop assigns itself (counters, retries), in its test, update or body. */
function writtenIn(loop: Loop, model: ConcurrencyModel): Set<Variable> {
  const written = new Set<Variable>();
  const visit = (node: TSESTree.Node): void => {
    if (isFunction(node)) return;
    const target =
      node.type === AST_NODE_TYPES.AssignmentExpression ? node.left : node.type === AST_NODE_TYPES.UpdateExpression ? node.argument : null;
    const root = target && unwrap(target);
    if (root?.type === AST_NODE_TYPES.Identifier) {
      const variable = model.bindings.variableOf(root);
      if (variable) written.add(variable);
    }
    for (const child of childNodes(node)) visit(child);
  };
  visit(loop);
  return written;
}

function sourceText(node: TSESTree.Node): string {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Identifier) return inner.name;
  if (inner.type === AST_NODE_TYPES.MemberExpression) {
    const name = propertyName(inner.property, inner.computed);
    return name ? `${sourceText(inner.object)}.${name}` : '';
  }
  return '';
}
