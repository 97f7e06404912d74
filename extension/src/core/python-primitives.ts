import type { TextEdit } from '../../../eslint-plugin/src/fixes/edits';
import { toSnippet, type InsertionPlan, type PrimitiveId } from './chooser';

/**
 * "Choose a primitive" in a Python file: the asyncio code each answer inserts, in the chooser's
 * template notation (`⟨name⟩` declared names, `⟪1:default⟫` / `⟪0⟫` tab stops).
 */
interface PythonTemplate {
  example: string;
  imports: readonly string[];
  declarations: string;
  usage: string;
}

const ASYNCIO = 'import asyncio';
const WITH_BODY = '    ⟪0⟫';

const TEMPLATES: Record<PrimitiveId, PythonTemplate> = {
  lock: { example: 'update_state', imports: [ASYNCIO], declarations: '⟨lock⟩ = asyncio.Lock()', usage: `async with ⟨lock⟩:\n${WITH_BODY}` },
  'lock-per-key': {
    example: 'update_for_key',
    imports: [ASYNCIO, 'from collections import defaultdict'],
    declarations: '# One lock per key, made on first use and kept.\n⟨locks⟩: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)',
    usage: `async with ⟨locks⟩[⟪1:key⟫]:\n${WITH_BODY}`,
  },
  semaphore: { example: 'run_limited', imports: [ASYNCIO], declarations: '# At most 5 tasks at a time.\n⟨semaphore⟩ = asyncio.Semaphore(5)', usage: `async with ⟨semaphore⟩:\n${WITH_BODY}` },
  'bounded-semaphore': {
    example: 'run_limited',
    imports: [ASYNCIO],
    declarations: '# A release without a matching acquire raises ValueError.\n⟨pool⟩ = asyncio.BoundedSemaphore(5)',
    usage: `await ⟨pool⟩.acquire()\ntry:\n${WITH_BODY}\nfinally:\n    ⟨pool⟩.release()`,
  },
  'event-once': { example: 'when_ready', imports: [ASYNCIO], declarations: '⟨ready⟩ = asyncio.Event()', usage: '# Elsewhere: ⟨ready⟩.set() when it has happened.\nawait ⟨ready⟩.wait()\n⟪0⟫' },
  event: { example: 'on_event', imports: [ASYNCIO], declarations: '⟨event⟩ = asyncio.Event()', usage: '# Elsewhere: ⟨event⟩.set() when it happens, ⟨event⟩.clear() to re-arm.\nawait ⟨event⟩.wait()\n⟪0⟫' },
  shutdown: { example: 'until_shutdown', imports: [ASYNCIO], declarations: '⟨shutdown⟩ = asyncio.Event()', usage: '# Elsewhere: ⟨shutdown⟩.set() wakes every task waiting here.\nawait ⟨shutdown⟩.wait()\n⟪0⟫' },
  queue: {
    example: 'consume',
    imports: [ASYNCIO],
    declarations: '# Producers: await ⟨queue⟩.put(item) waits while 100 items wait.\n⟨queue⟩: asyncio.Queue = asyncio.Queue(maxsize=100)',
    usage: `⟪1:item⟫ = await ⟨queue⟩.get()\ntry:\n${WITH_BODY}\nfinally:\n    ⟨queue⟩.task_done()`,
  },
  condition: {
    example: 'wait_until',
    imports: [ASYNCIO],
    declarations: '# Whoever changes the state calls ⟨condition⟩.notify_all() while holding it.\n⟨condition⟩ = asyncio.Condition()',
    usage: `async with ⟨condition⟩:\n    await ⟨condition⟩.wait_for(lambda: ⟪1:True⟫)\n${WITH_BODY}`,
  },
};

/**
 * Inside an `async def` the usage goes at the cursor and the declarations at module level (a
 * primitive made inside the function would be new on every call); anywhere else everything goes
 * at the cursor, with the usage in an example coroutine. Imports are added when missing.
 */
export function planPythonInsertion(id: PrimitiveId, text: string, offset: number): InsertionPlan {
  const template = TEMPLATES[id];
  const names = freeNames(text, template);
  const render = (code: string): string => code.replace(/⟨(\w+)⟩/g, (_whole, name: string) => names.get(name)!);
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const before = text.slice(lineStart, offset).trim() === '' ? '' : '\n';
  const edits: TextEdit[] = [];
  const missing = template.imports.filter((line) => !new RegExp(`^${line.replace(/ /g, '\\s+')}\\s*$`, 'm').test(text));
  const importAt = afterPreamble(text);
  if (missing.length > 0) edits.push({ range: [importAt, importAt], text: `${missing.join('\n')}\n` });
  const usage = render(template.usage);
  if (insideCoroutine(text, offset)) {
    const declareAt = afterImports(text);
    edits.push({ range: [declareAt, declareAt], text: `\n${render(template.declarations)}\n` });
    return { edits, snippet: { offset, body: before + toSnippet(usage, indent) } };
  }
  const example = `async def ${names.get('example')}() -> None:\n${usage.replace(/^/gm, '    ')}`;
  return { edits, snippet: { offset, body: before + toSnippet(`${render(template.declarations)}\n\n\n${example}\n`, indent) } };
}

/** Whether the line holding `offset` is in the body of an `async def` (by indentation). */
function insideCoroutine(text: string, offset: number): boolean {
  const lines = text.slice(0, offset).split('\n');
  let width = /^[ \t]*/.exec(lines.at(-1)!)![0].length;
  for (let i = lines.length - 2; i >= 0 && width > 0; i--) {
    const line = lines[i]!;
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const lineWidth = /^[ \t]*/.exec(line)![0].length;
    if (lineWidth >= width) continue;
    if (/^\s*async\s+def\b/.test(line)) return true;
    if (/^\s*(?:def|class)\b/.test(line)) return false;
    width = lineWidth;
  }
  return false;
}

/** After a module docstring and `from __future__` imports. */
function afterPreamble(text: string): number {
  const match = /^(?:[ \t]*(?:#[^\n]*)?\n|(?:"""[\s\S]*?"""|'''[\s\S]*?''')[^\n]*\n|from __future__ import[^\n]*\n)*/.exec(text);
  return match![0].length;
}

/** After the last top-level import (or the preamble). */
function afterImports(text: string): number {
  let at = afterPreamble(text);
  for (const match of text.matchAll(/^(?:import|from)\s[^\n]*(?:\n|$)/gm)) at = Math.max(at, match.index + match[0].length);
  return at;
}

/** Each declared name, with a numeric suffix when the file already uses it. */
function freeNames(text: string, template: PythonTemplate): Map<string, string> {
  const names = new Map<string, string>();
  const declared = new Set([...`${template.declarations}\n${template.usage}`.matchAll(/⟨(\w+)⟩/g)].map((match) => match[1]!));
  for (const name of [...declared, 'example']) {
    const base = name === 'example' ? template.example : name;
    let candidate = base;
    for (let n = 2; new RegExp(`\\b${candidate}\\b`).test(text); n++) candidate = `${base}${n}`;
    names.set(name, candidate);
  }
  return names;
}
