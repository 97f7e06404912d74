import type { PythonModel } from '../analysis/model';
import { qualifiedName } from '../analysis/primitives';
import type { FunctionInfo } from '../analysis/scopes';
import { contains, field, kids, walkAll, walkBody } from '../analysis/syntax';
import type { Node } from '../parse';
import { lineOf, quote, type PythonRule } from './rule';

const SLEEPS = new Set(['asyncio.sleep', 'anyio.sleep', 'trio.sleep']);

/**
 * A `while` loop that polls state other tasks change and does nothing but sleep between
 * checks: it wakes up for nothing and adds up to one interval of latency. An Event or a
 * Condition wakes the waiter exactly when the state changes.
 */
export const noBusyWait: PythonRule = {
  id: 'no-busy-wait',
  description: 'A `while` loop that polls shared state and only sleeps between checks.',
  recommended: true,
  check({ model, report }) {
    for (const fn of model.coroutines()) {
      const body = field(fn.node, 'body');
      if (!body) continue;
      for (const loop of walkBody(body)) {
        if (loop.type !== 'while_statement') continue;
        const loopBody = field(loop, 'body');
        const tests = loopBody ? onlySleepsAndChecks(loopBody, model) : null;
        if (!tests) continue;
        const condition = field(loop, 'condition')!;
        const polled = [condition, ...tests].map((test) => polledState(test, fn, model)).find((state) => state !== null);
        if (!polled) continue;
        report({
          node: loop,
          message: `This loop (line ${lineOf(loop)}) polls ${quote(polled)} and only sleeps between checks: it wakes up for nothing and notices the change up to one interval late. Have the task that changes it set an \`asyncio.Event\` (or notify a \`Condition\`), and \`await\` that instead.`,
        });
      }
    }
  },
};

/** The tests of a body made only of sleeps and `if <test>: break/return`, or null for any other body. */
function onlySleepsAndChecks(body: Node, model: PythonModel): Node[] | null {
  const tests: Node[] = [];
  let sleeps = 0;
  for (const statement of kids(body)) {
    if (statement.type === 'pass_statement') continue;
    const expression = statement.type === 'expression_statement' ? kids(statement)[0] : null;
    const call = expression?.type === 'await' ? kids(expression)[0] : null;
    if (call?.type === 'call' && SLEEPS.has(qualifiedName(field(call, 'function'), model.imports) ?? '')) {
      sleeps++;
      continue;
    }
    if (statement.type === 'if_statement' && statement.childrenForFieldName('alternative').length === 0) {
      const exits = kids(field(statement, 'consequence')!);
      if (exits.length === 1 && (exits[0]!.type === 'break_statement' || (exits[0]!.type === 'return_statement' && kids(exits[0]!).every((value) => !containsAwait(value))))) {
        tests.push(field(statement, 'condition')!);
        continue;
      }
    }
    return null;
  }
  return sleeps > 0 ? tests : null;
}

function containsAwait(node: Node): boolean {
  return [...walkBody(node)].some((child) => child.type === 'await');
}

/** The state a test reads that other tasks can change: shared locations, or attributes and methods of parameters. */
function polledState(test: Node, fn: FunctionInfo, model: PythonModel): Node | null {
  const flow = model.flow(fn);
  const read = flow.reads.find((candidate) => contains(test, candidate.node) && isState(candidate.location.segments, model) && !doesWork(candidate.node));
  if (read) return read.node;
  for (const node of walkAll(test)) {
    if (node.type !== 'attribute') continue;
    const object = field(node, 'object');
    if (object?.type === 'identifier' && fn.parameters.has(object.text) && object.text !== fn.receiver) return node;
  }
  return null;
}

/**
 * Methods that read a container or a primitive's state. A test that calls anything else does
 * work each round (`client.loop_misc()`) or asks something outside the program (`popen.poll()`).
 */
const QUERY_METHOD = /^(?:get|keys|values|items|count|__len__|__contains__|is_set|locked|empty|full|qsize)$/;

/** The read is the receiver of a call that does work rather than read state. */
function doesWork(read: Node): boolean {
  const callee = read.parent?.type === 'attribute' && field(read.parent, 'object')?.id === read.id ? read.parent : null;
  const call = callee?.parent?.type === 'call' && field(callee.parent, 'function')?.id === callee.id ? callee.parent : null;
  return !!call && !QUERY_METHOD.test(field(callee!, 'attribute')?.text ?? '');
}

/** A location that holds state: not a module, function or class the file imports or defines. */
function isState(segments: readonly string[], model: PythonModel): boolean {
  const base = segments[0]!;
  if (base === 'self') return segments.length > 1;
  if (model.imports.has(base) || model.classByName.has(base)) return false;
  return !model.functions.some((fn) => !fn.outer && !fn.owner && fn.name === base);
}
