import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { calledMethodName, calleeObject, childNodes, contains, isFunction, unwrap, type FunctionNode } from '../analysis/ast';
import { fanOutOf, isFixedSize, isInputSized, opensFiles } from '../analysis/collections';
import { importOfVariable } from '../analysis/imports';
import { FAN_OUT_MENTION, NODE_FS_MENTION } from '../analysis/text-tests';
import { getLockGraph, promiseCombinator, type Holding } from '../analysis/lock-graph';
import type { LockRef } from '../analysis/locks';
import { getModel, type ConcurrencyModel } from '../analysis/model';
import type { Variable } from '../analysis/scope';
import { sameLock, type CriticalSection } from '../analysis/sections';
import { moduleKind, moduleLines } from '../fixes/imports';
import { createRule } from '../util/create-rule';

type Options = [{ concurrency?: number; everyTask?: boolean }];
type MessageIds = 'unbounded' | 'unboundedPush' | 'useLimiter' | 'addLimiter';

const CHAINS = new Set(['then', 'catch', 'finally']);
const LIMITER_NAMES = ['limit', 'limitConcurrency', 'concurrencyLimit'];
/** `pLimit` is p-limit's own name for its default export; the other is for files that already use it. */
const FACTORY_NAMES = ['pLimit', 'createLimit', 'pLimitFactory'];

export default createRule<Options, MessageIds>({
  name: 'no-unbounded-concurrency',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require a concurrency limit when `Promise.all` and friends start one task per element of a collection of any size',
      presets: ['recommended'],
      strictOptions: { everyTask: true },
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          concurrency: {
            type: 'integer',
            minimum: 1,
            description: 'How many tasks at a time the `pLimit(n)` limiter that the suggestion creates lets run, when no limiter is in scope.',
          },
          everyTask: {
            type: 'boolean',
            description: 'Report every task, not only tasks that open files through Node\'s `fs` (where a long list runs out of file descriptors).',
          },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      unbounded:
        '`Promise.{{method}}` starts the `.map` callback on line {{line}} for every element of {{collection}} at once: a long list opens that many requests, connections or file handles together. Bound it with a limiter (p-limit, a semaphore, a p-queue).',
      unboundedPush:
        '`Promise.{{method}}` waits for the tasks pushed on line {{line}}, one started for every element of {{collection}}, all at once: a long list opens that many requests, connections or file handles together. Bound it with a limiter (p-limit, a semaphore, a p-queue).',
      useLimiter: 'Run each task through `{{limiter}}` (the limiter declared on line {{line}}).',
      addLimiter: 'Run each task through a new module-level `pLimit({{concurrency}})` limiter.',
    },
    defaultOptions: [{ concurrency: 5, everyTask: false }],
  },
  create(context, [{ concurrency = 5, everyTask = false }]) {
    const sourceCode = context.sourceCode;
    if (!FAN_OUT_MENTION.test(sourceCode.text) || (!everyTask && !NODE_FS_MENTION.test(sourceCode.text))) return {};
    const model = getModel(context);
    return {
      CallExpression(node) {
        const method = promiseCombinator(node, model);
        const fanOut = method && node.arguments[0] ? fanOutOf(node.arguments[0], model) : null;
        if (!fanOut || isFixedSize(fanOut.collection, model) || !isInputSized(fanOut.collection, model)) return;
        const data = { method, collection: describeCollection(sourceCode.getText(fanOut.collection)), line: fanOut.task.loc.start.line };
        const task = unwrap(fanOut.task);
        // By default only the tasks whose harm is certain on a long list: each holds a file descriptor.
        if (!everyTask && !opensFiles(task, model)) return;
        if (fanOut.form === 'push') {
          if (!boundedTask(task, model)) context.report({ node, messageId: 'unboundedPush', data });
          return;
        }
        if (boundedCallback(task, model, new Map()) || callsOwnElement(task)) return;
        const rewrite = isFunction(task) ? rewritable(task) : null;
        const suggested = rewrite ? suggestion(node, rewrite) : null;
        context.report({ node, messageId: 'unbounded', data, suggest: suggested ? [suggested] : [] });
      },
    };

    function suggestion(node: TSESTree.CallExpression, fn: FunctionNode): TSESLint.SuggestionReportDescriptor<MessageIds> | null {
      const existing = limiterInScope(node, fn);
      if (existing) {
        return {
          messageId: 'useLimiter',
          data: { limiter: existing.name, line: existing.identifiers[0]!.loc.start.line },
          fix: (fixer) => fixer.replaceText(fn, wrapped(fn, existing.name)),
        };
      }
      const imported = pLimitImport();
      // p-limit is ESM-only: a CommonJS file cannot require it, a script cannot import it.
      if (!imported && moduleKind(sourceCode) !== 'module') return null;
      const name = LIMITER_NAMES.find((candidate) => isFree(candidate, fn)) ?? freeNumbered(fn);
      const factory = imported ?? FACTORY_NAMES.find((candidate) => candidate !== name && isFree(candidate, fn));
      if (!factory) return null;
      const declaration = `const ${name} = ${factory}(${concurrency});`;
      // Module level: one limiter for every call, so concurrent calls share the bound.
      const lines = imported ? ['', declaration] : [`import ${factory} from 'p-limit';`, '', declaration];
      const insertion = moduleLines(sourceCode, lines);
      return {
        messageId: 'addLimiter',
        data: { concurrency },
        fix: (fixer) => [fixer.replaceTextRange(insertion.range, insertion.text), fixer.replaceText(fn, wrapped(fn, name))],
      };
    }

    /** `async (url) => body` → `(url) => limit(async () => body)`, keeping parameters, types and parentheses. */
    function wrapped(fn: FunctionNode, limiter: string): string {
      const text = sourceCode.text;
      const returnType = fn.returnType ? sourceCode.getText(fn.returnType) : '';
      const prefix = fn.async ? 'async ' : '';
      if (fn.type === AST_NODE_TYPES.ArrowFunctionExpression) {
        const arrow = sourceCode.getTokenBefore(fn.body, { filter: (token) => token.value === '=>' })!;
        const start = fn.async ? sourceCode.getFirstToken(fn)!.range[1] : fn.range[0];
        const params = text.slice(start, fn.returnType ? fn.returnType.range[0] : arrow.range[0]).trim();
        const body = text.slice(arrow.range[1], fn.range[1]).trim();
        return `${params} => ${limiter}(${prefix}()${returnType} => ${body})`;
      }
      const open = sourceCode.getFirstToken(fn, { filter: (token) => token.value === '(' })!;
      const close = sourceCode.getTokenBefore(fn.returnType ?? fn.body)!;
      return `${text.slice(open.range[0], close.range[1])} => ${limiter}(${prefix}()${returnType} => ${sourceCode.getText(fn.body)})`;
    }

    /** A p-limit limiter visible from the callback, unless the fan-out already runs as one of its tasks. */
    function limiterInScope(node: TSESTree.CallExpression, fn: FunctionNode): Variable | null {
      let held: Holding[] | null = null;
      for (let scope = model.bindings.scopeOf(node); scope; scope = scope.upper) {
        for (const variable of scope.variables) {
          // A limiter is made by a call (`pLimit(5)`) or handed in as a typed parameter.
          const def = variable.defs[0];
          const candidate =
            (def?.type === 'Variable' && def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init?.type === AST_NODE_TYPES.CallExpression) ||
            def?.type === 'Parameter';
          const lock = candidate ? model.locks.resolve(variable.identifiers[0]!) : null;
          if (!lock || lock.protocol.kind !== 'limiter' || !limits(lock) || !resolvesTo(variable.name, fn, variable)) continue;
          held ??= getLockGraph(model).heldAt(node);
          if (!held.some((holding) => sameLock(holding.section.lock, lock))) return variable;
        }
      }
      return null;
    }

    function pLimitImport(): string | null {
      const moduleScope = model.bindings.scopeOf(sourceCode.ast);
      for (const variable of moduleScope?.variables ?? []) {
        const imported = importOfVariable(variable);
        if (imported?.source === 'p-limit' && (imported.name === 'default' || imported.name === '*')) return variable.name;
      }
      return null;
    }

    /** A new module-level name must neither clash nor be shadowed where the callback uses it. */
    function isFree(name: string, fn: FunctionNode): boolean {
      return model.bindings.isNameFree(name, fn.body);
    }

    function freeNumbered(fn: FunctionNode): string {
      let index = 2;
      while (!isFree(`limit${index}`, fn)) index += 1;
      return `limit${index}`;
    }

    /** Whether `name` written inside `fn` would mean `variable`. */
    function resolvesTo(name: string, fn: FunctionNode, variable: Variable): boolean {
      for (let scope = model.bindings.scopeOf(fn.body); scope; scope = scope.upper) {
        const found = scope.set.get(name);
        if (found) return found === variable;
      }
      return false;
    }
  },
});

/** A pushed task that waits for a limiter: `limit(() => work(item))`, or a call of a function that does. */
function boundedTask(task: TSESTree.Node, model: ConcurrencyModel): boolean {
  if (task.type !== AST_NODE_TYPES.CallExpression) return false;
  if (model.sections.sectionsOf(task).some((section) => limits(section.lock))) return true;
  return boundedCallback(task.callee, model, new Map());
}

/** `` `urls` `` for a short expression; long or multi-line ones would drown the message. */
function describeCollection(text: string): string {
  return text.length <= 40 && !text.includes('\n') ? `\`${text}\`` : 'the collection';
}

/** The map callback already waits for a limiter before its work (its own, or in a same-module function it calls). */
function boundedCallback(callback: TSESTree.Node, model: ConcurrencyModel, memo: Map<FunctionNode, boolean>): boolean {
  const fn = isFunction(callback) ? callback : model.locks.calledFunction(callback);
  if (!fn) return false;
  if (memo.has(fn)) return memo.get(fn)!;
  // Recursion does not bound anything by itself.
  memo.set(fn, false);
  const bounded = boundsItsWork(fn, model, memo);
  memo.set(fn, bounded);
  return bounded;
}

function boundsItsWork(fn: FunctionNode, model: ConcurrencyModel, memo: Map<FunctionNode, boolean>): boolean {
  const { awaits, calls } = ownLevel(fn);
  const limiting = calls.flatMap((call) => model.sections.sectionsOf(call)).filter((section) => limits(section.lock));
  const boundedCalls = calls.filter((call) => boundedCallback(call.callee, model, memo));
  if (limiting.length === 0 && boundedCalls.length === 0) return false;
  return awaits.every((node) => isBoundedAwait(node, limiting, boundedCalls));
}

/**
 * `(listener) => listener.onError?.(ctx)`, `async (client) => { await client.close(); }`: each task
 * calls its own element or a method of it. Handlers, hooks and clients each bring their own work
 * or connection; nothing is sent N times through one service.
 */
function callsOwnElement(callback: TSESTree.Node): boolean {
  if (!isFunction(callback) || callback.params[0]?.type !== AST_NODE_TYPES.Identifier) return false;
  const element = callback.params[0].name;
  let body: TSESTree.Node | null | undefined = callback.body;
  if (body.type === AST_NODE_TYPES.BlockStatement) {
    const only = body.body.length === 1 ? body.body[0] : undefined;
    body = only?.type === AST_NODE_TYPES.ReturnStatement ? only.argument : only?.type === AST_NODE_TYPES.ExpressionStatement ? only.expression : null;
  }
  let call = body ? unwrap(body) : null;
  if (call?.type === AST_NODE_TYPES.AwaitExpression) call = unwrap(call.argument);
  if (call?.type !== AST_NODE_TYPES.CallExpression) return false;
  let root = unwrap(call.callee);
  while (root.type === AST_NODE_TYPES.MemberExpression) root = unwrap(root.object);
  return root.type === AST_NODE_TYPES.Identifier && root.name === element;
}

/** Each await is the wait for a limiter, or runs inside a span that holds one. */
function isBoundedAwait(node: TSESTree.AwaitExpression, limiting: readonly CriticalSection[], boundedCalls: readonly TSESTree.CallExpression[]): boolean {
  if (limiting.some((section) => section.kind === 'span' && contains(section.range, node))) return true;
  let operand = unwrap(node.argument);
  while (operand.type === AST_NODE_TYPES.CallExpression && CHAINS.has(calledMethodName(operand) ?? '') && calleeObject(operand)) {
    operand = unwrap(calleeObject(operand)!);
  }
  return (
    operand.type === AST_NODE_TYPES.CallExpression &&
    (limiting.some((section) => section.entry === operand) || boundedCalls.includes(operand))
  );
}

/** Permits ≥ 1 that are not unlimited; an unknown count (`new Semaphore(n)`) is a limit someone chose. */
function limits(lock: LockRef): boolean {
  return lock.permits === null || (Number.isFinite(lock.permits) && lock.permits >= 1);
}

/** Awaits and calls in `fn` itself, not in functions nested in it. */
function ownLevel(fn: FunctionNode): { awaits: TSESTree.AwaitExpression[]; calls: TSESTree.CallExpression[] } {
  const awaits: TSESTree.AwaitExpression[] = [];
  const calls: TSESTree.CallExpression[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (node.type === AST_NODE_TYPES.AwaitExpression) awaits.push(node);
    if (node.type === AST_NODE_TYPES.CallExpression) calls.push(node);
    if (isFunction(node)) return;
    for (const child of childNodes(node)) visit(child);
  };
  visit(fn.body);
  return { awaits, calls };
}

/** Inline callbacks the suggestion can wrap without changing what `this` and `arguments` mean. */
function rewritable(fn: FunctionNode): FunctionNode | null {
  if (fn.type === AST_NODE_TYPES.ArrowFunctionExpression) return fn;
  if (fn.generator) return null;
  let usesOwnBindings = false;
  const visit = (node: TSESTree.Node): void => {
    if (node.type === AST_NODE_TYPES.ThisExpression || (node.type === AST_NODE_TYPES.Identifier && node.name === 'arguments')) usesOwnBindings = true;
    if (node.type === AST_NODE_TYPES.FunctionExpression || node.type === AST_NODE_TYPES.FunctionDeclaration) return;
    for (const child of childNodes(node)) visit(child);
  };
  for (const child of childNodes(fn.body)) visit(child);
  return usesOwnBindings ? null : fn;
}
