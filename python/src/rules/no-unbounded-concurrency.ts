import type { PythonModel } from '../analysis/model';
import { qualifiedName } from '../analysis/primitives';
import type { FunctionInfo } from '../analysis/scopes';
import { callArguments, field, kids, methodCall, walkBody } from '../analysis/syntax';
import type { Node } from '../parse';
import { lineOf, quote, type PythonRule } from './rule';

const ITERATION_WRAPPERS = new Set(['enumerate', 'zip', 'list', 'sorted', 'reversed', 'set', 'tuple', 'iter']);
const VIEW_METHODS = new Set(['items', 'keys', 'values']);

/**
 * One task per element of an input-sized collection (a parameter, a query result) with no
 * semaphore: the number of concurrent requests grows with the input.
 */
export const noUnboundedConcurrency: PythonRule = {
  id: 'no-unbounded-concurrency',
  description: 'One task per element of an input-sized collection (`gather(*[...])`, TaskGroup `create_task` in a loop) with no Semaphore.',
  recommended: false,
  check({ model, report }) {
    for (const fn of model.coroutines()) {
      const body = field(fn.node, 'body');
      if (!body) continue;
      for (const node of walkBody(body)) {
        if (node.type !== 'call') continue;
        const fanOut = gatherFanOut(node, model) ?? taskGroupFanOut(node, fn, model);
        if (!fanOut) continue;
        const [started, source] = fanOut;
        if (!inputSized(source, fn, body) || bounded(started, fn, model)) continue;
        report({
          node,
          message: `${quote(field(node, 'function') ?? node)} on line ${lineOf(node)} starts one task per element of ${quote(source)}, all at once: the number of concurrent calls grows with the input. Take an \`asyncio.Semaphore\` in ${quote(field(started, 'function') ?? started)} (or pass one in), or use a fixed number of workers on a queue.`,
        });
      }
    }
  },
};

/** `gather(*[f(x) for x in xs])` / `gather(*(f(x) for x in xs))`: the started call and `xs`. */
function gatherFanOut(call: Node, model: PythonModel): [Node, Node] | null {
  const name = qualifiedName(field(call, 'function'), model.imports);
  if (name !== 'asyncio.gather') return null;
  for (const arg of callArguments(call)) {
    if (arg.type !== 'list_splat') continue;
    const comprehension = kids(arg)[0];
    if (comprehension?.type !== 'list_comprehension' && comprehension?.type !== 'generator_expression') continue;
    const [started, clause] = kids(comprehension);
    const source = clause?.type === 'for_in_clause' ? field(clause, 'right') : null;
    if (started?.type === 'call' && source) return [started, source];
  }
  return null;
}

/** `tg.create_task(f(x))` inside `for x in xs:` within `async with asyncio.TaskGroup() as tg`. */
function taskGroupFanOut(call: Node, fn: FunctionInfo, model: PythonModel): [Node, Node] | null {
  const method = methodCall(call);
  if (method?.[1] !== 'create_task' || method[0].type !== 'identifier') return null;
  const group = method[0].text;
  let loop: Node | null = null;
  for (let at = call.parent; at && at.id !== fn.node.id; at = at.parent) {
    if (at.type === 'for_statement' && !loop) loop = at;
    if (at.type === 'with_statement') {
      const isGroup = [...walkBody(at)].some((item) => {
        if (item.type !== 'as_pattern') return false;
        const value = kids(item)[0];
        return value?.type === 'call' && qualifiedName(field(value, 'function'), model.imports) === 'asyncio.TaskGroup' && field(item, 'alias')?.text === group;
      });
      if (isGroup && loop) {
        const started = callArguments(call)[0];
        const source = field(loop, 'right');
        return started?.type === 'call' && source ? [started, source] : null;
      }
    }
  }
  return null;
}

/** A parameter, or a local bound to an awaited result (a query), possibly wrapped in enumerate()/zip()/.items(). */
function inputSized(source: Node, fn: FunctionInfo, body: Node): boolean {
  let base: Node | null = source;
  while (base) {
    if (base.type === 'call') {
      const method = methodCall(base);
      const callee = field(base, 'function');
      if (method && VIEW_METHODS.has(method[1])) base = method[0];
      else if (callee?.type === 'identifier' && ITERATION_WRAPPERS.has(callee.text)) base = callArguments(base)[0] ?? null;
      else return false;
    } else if (base.type === 'attribute' && field(base, 'object')?.type === 'identifier' && fn.parameters.has(field(base, 'object')!.text) && field(base, 'object')!.text !== fn.receiver) {
      return true;
    } else break;
  }
  if (base?.type !== 'identifier') return false;
  if (fn.parameters.has(base.text)) return base.text !== fn.receiver;
  return [...walkBody(body)].some((node) => node.type === 'assignment' && field(node, 'left')?.text === base!.text && field(node, 'right')?.type === 'await');
}

/** The started coroutine takes a semaphore (itself or in a same-module callee), or receives one. */
function bounded(started: Node, fn: FunctionInfo, model: PythonModel): boolean {
  for (const arg of callArguments(started)) {
    const value = arg.type === 'keyword_argument' ? field(arg, 'value') : arg;
    const primitive = model.primitives.resolve(value, fn);
    if (primitive && (primitive.kind === 'Semaphore' || primitive.kind === 'BoundedSemaphore')) return true;
  }
  const callee = model.calledFunction(started, fn);
  return !!callee && takesSemaphore(callee, model, 2);
}

function takesSemaphore(fn: FunctionInfo, model: PythonModel, depth: number): boolean {
  const flow = model.flow(fn);
  if (flow.sections.some((section) => section.primitive.kind === 'Semaphore' || section.primitive.kind === 'BoundedSemaphore')) return true;
  if (depth === 0) return false;
  return flow.calls.some((site) => {
    const callee = model.calledFunction(site.call, fn);
    return !!callee && callee !== fn && takesSemaphore(callee, model, depth - 1);
  });
}
