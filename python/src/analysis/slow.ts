import type { Node } from '../parse';
import type { PythonModel } from './model';
import { qualifiedName } from './primitives';
import type { FunctionInfo } from './scopes';
import { bindsLocally } from './scopes';
import { callArguments, calleeName, field, methodCall, numericValue, walkBody } from './syntax';

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'stream']);
const HTTP_CLIENT_TYPE = /\b(?:aiohttp\.)?ClientSession\b|\b(?:httpx\.)?AsyncClient\b/;
const SLOW_FUNCTIONS = new Set(['asyncio.open_connection', 'asyncio.to_thread', 'asyncio.open_unix_connection']);

/**
 * Slow work a lock should not be held across: an aiohttp/httpx request, opening a connection,
 * a thread hop, a `fetch_*`/`download`/`request` helper, or a sleep of 0.1 s or more.
 * Returns what it is, for the message, or null.
 */
export function slowWork(expr: Node, fn: FunctionInfo, model: PythonModel): string | null {
  if (expr.type !== 'call') return null;
  const qualified = qualifiedName(field(expr, 'function'), model.imports);
  if (qualified && SLOW_FUNCTIONS.has(qualified)) return `\`${qualified}()\``;
  if (qualified === 'asyncio.sleep') {
    const seconds = numericValue(callArguments(expr)[0] ?? null, model.constants);
    return seconds !== null && seconds >= 0.1 ? `a ${seconds} s sleep` : null;
  }
  const method = methodCall(expr);
  if (method?.[1] === 'run_in_executor') return 'a thread-pool call';
  if (method && HTTP_METHODS.has(method[1]) && isHttpClient(method[0], fn, model)) return `an HTTP ${method[1].toUpperCase()}`;
  const name = calleeName(expr);
  if (name && (/^fetch_/.test(name) || name === 'download' || name === 'request')) return `\`${name}()\``;
  return null;
}

function isHttpClient(receiver: Node, fn: FunctionInfo, model: PythonModel): boolean {
  const type = typeText(receiver, fn, model);
  if (type !== null) return HTTP_CLIENT_TYPE.test(type);
  const name = receiver.type === 'attribute' ? field(receiver, 'attribute')?.text : receiver.text;
  return !!name && /^_?(?:http_?)?session$/i.test(name);
}

/** What is known of an expression's type: an annotation, or the constructor it was made with. */
function typeText(expr: Node, fn: FunctionInfo, model: PythonModel): string | null {
  if (expr.type === 'identifier') {
    for (let at: FunctionInfo | null = fn; at; at = at.outer) {
      if (at.parameters.has(expr.text)) return at.parameters.get(expr.text)?.text ?? null;
      if (bindsLocally(at, expr.text)) return assignedText(field(at.node, 'body'), (target) => target.type === 'identifier' && target.text === expr.text, at);
    }
    return null;
  }
  if (expr.type === 'attribute') {
    const object = field(expr, 'object');
    const cls = object ? model.primitives.classOf(object, fn) : null;
    const name = field(expr, 'attribute')?.text;
    if (!cls || !name) return null;
    for (const method of cls.methods.values()) {
      const info = model.functionOf(method);
      if (!info) continue;
      const found = assignedText(field(method, 'body'), (target) => target.type === 'attribute' && field(target, 'attribute')?.text === name && field(target, 'object')?.text === info.receiver, info);
      if (found !== null) return found;
    }
  }
  return null;
}

function assignedText(body: Node | null, isTarget: (target: Node) => boolean, fn: FunctionInfo): string | null {
  if (!body) return null;
  for (const node of walkBody(body)) {
    if (node.type === 'assignment') {
      const left = field(node, 'left');
      if (!left || !isTarget(left)) continue;
      const annotation = field(node, 'type');
      if (annotation) return annotation.text;
      const right = field(node, 'right');
      if (right?.type === 'identifier' && fn.parameters.has(right.text)) return fn.parameters.get(right.text)?.text ?? null;
      if (right) return right.text;
    } else if (node.type === 'as_pattern') {
      const alias = field(node, 'alias');
      const value = node.namedChildren[0];
      if (alias && value && alias.namedChildren.some((child) => child && isTarget(child))) return value.text;
    }
  }
  return null;
}
