import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isFunction } from '../../../eslint-plugin/src/analysis/ast';
import { modelFor } from '../../../eslint-plugin/src/analysis/model';
import { indentUnit, indentationAt, type TextEdit } from '../../../eslint-plugin/src/fixes/edits';
import { ensureNamedImport } from '../../../eslint-plugin/src/fixes/imports';
import { toSnippet, type InsertionPlan, type PrimitiveId } from './chooser';
import { nodePathAt } from './nodes';
import type { LockLibrary } from './settings';

/**
 * "Interleave: Choose a primitive": the guides' primitive selection as two quick picks, and
 * the code each answer inserts. Templates mark TypeScript-only text `«…»`, names the inserted
 * code declares `⟨name⟩` (renamed when taken), and snippet tab stops `⟪1:default⟫` / `⟪0⟫`.
 * The questions, the insertion plan and the snippet syntax are in `chooser.ts`, shared with Python files.
 */
export { CHOOSER, CHOOSER_QUESTION, editorSnippetBody, PRIMITIVE_IDS, shiftOffset, toSnippet, type Choice, type InsertionPlan, type PrimitiveId } from './chooser';

interface Template {
  imports: ReadonlyArray<{ source: string; name: string }>;
  /** Module-level code: helper classes and the shared primitive. */
  declarations: string;
  /** Statements for inside an async function. */
  usage: string;
  /** Name of the async function that shows the usage when the code goes at module level. */
  example: string;
}

const LOCK: Template = {
  example: 'updateState',
  imports: [{ source: 'async-mutex', name: 'Mutex' }],
  declarations: 'const ⟨lock⟩ = new Mutex();',
  usage: 'await ⟨lock⟩.runExclusive(async () => {\n  ⟪0⟫\n});',
};

const WEB_LOCK: Template = {
  example: 'updateState',
  imports: [],
  declarations: '',
  usage: "await navigator.locks.request(⟪1:'resource'⟫, async () => {\n  ⟪0⟫\n});",
};

const LOCK_PER_KEY: Template = {
  example: 'updateForKey',
  imports: [{ source: 'async-mutex', name: 'Mutex' }],
  declarations: [
    'const ⟨locks⟩ = new Map«<string, Mutex>»();',
    '',
    '/** The lock for one key, made on first use and kept, so every task for that key shares it. */',
    'function ⟨lockFor⟩(key«: string»)«: Mutex» {',
    '  let lock = ⟨locks⟩.get(key);',
    '  if (!lock) {',
    '    lock = new Mutex();',
    '    ⟨locks⟩.set(key, lock);',
    '  }',
    '  return lock;',
    '}',
  ].join('\n'),
  usage: "await ⟨lockFor⟩(⟪1:'key'⟫).runExclusive(async () => {\n  ⟪0⟫\n});",
};

const WEB_LOCK_PER_KEY: Template = {
  example: 'updateForKey',
  imports: [],
  declarations: '',
  usage: "await navigator.locks.request(`resource:${⟪1:'key'⟫}`, async () => {\n  ⟪0⟫\n});",
};

const SEMAPHORE: Template = {
  example: 'runLimited',
  imports: [{ source: 'async-mutex', name: 'Semaphore' }],
  declarations: '// At most 5 tasks at a time.\nconst ⟨semaphore⟩ = new Semaphore(5);',
  usage: 'await ⟨semaphore⟩.runExclusive(async () => {\n  ⟪0⟫\n});',
};

const BOUNDED_SEMAPHORE: Template = {
  example: 'runLimited',
  imports: [{ source: 'async-mutex', name: 'Semaphore' }],
  declarations: [
    '/** asyncio.BoundedSemaphore: a release without a matching acquire throws instead of adding a permit. */',
    'class ⟨BoundedSemaphore⟩ {',
    '  «private readonly »semaphore«: Semaphore»;',
    '  «private »held = 0;',
    '',
    '  constructor(permits«: number») {',
    '    this.semaphore = new Semaphore(permits);',
    '  }',
    '',
    '  async acquire()«: Promise<void>» {',
    '    await this.semaphore.acquire();',
    '    this.held += 1;',
    '  }',
    '',
    '  release()«: void» {',
    "    if (this.held === 0) throw new Error('BoundedSemaphore released too many times');",
    '    this.held -= 1;',
    '    this.semaphore.release();',
    '  }',
    '}',
    '',
    '// At most 5 tasks at a time.',
    'const ⟨pool⟩ = new ⟨BoundedSemaphore⟩(5);',
  ].join('\n'),
  usage: 'await ⟨pool⟩.acquire();\ntry {\n  ⟪0⟫\n} finally {\n  ⟨pool⟩.release();\n}',
};

const EVENT_ONCE: Template = {
  example: 'afterReady',
  imports: [],
  declarations: [
    'let ⟨setReady⟩«: () => void» = () => {};',
    '/** Resolves once `⟨setReady⟩()` is called; every task awaiting it wakes then, later ones pass at once. */',
    'const ⟨ready⟩ = new Promise«<void>»((resolve) => {',
    '  ⟨setReady⟩ = resolve;',
    '});',
  ].join('\n'),
  usage: '// Elsewhere: ⟨setReady⟩() when it has happened.\nawait ⟨ready⟩;\n⟪0⟫',
};

const EVENT: Template = {
  example: 'afterEvent',
  imports: [],
  declarations: [
    '/** asyncio.Event: `wait()` resolves once `set()` has been called; `clear()` re-arms it. */',
    'class ⟨AsyncEvent⟩ {',
    '  «private »flag = false;',
    '  «private »wake«: () => void» = () => {};',
    '  «private »waiting = this.arm();',
    '',
    '  isSet()«: boolean» {',
    '    return this.flag;',
    '  }',
    '',
    '  set()«: void» {',
    '    if (this.flag) return;',
    '    this.flag = true;',
    '    this.wake();',
    '  }',
    '',
    '  clear()«: void» {',
    '    if (!this.flag) return;',
    '    this.flag = false;',
    '    this.waiting = this.arm();',
    '  }',
    '',
    '  wait()«: Promise<void>» {',
    '    return this.flag ? Promise.resolve() : this.waiting;',
    '  }',
    '',
    '  «private »arm()«: Promise<void>» {',
    '    return new Promise«<void>»((resolve) => {',
    '      this.wake = resolve;',
    '    });',
    '  }',
    '}',
    '',
    'const ⟨event⟩ = new ⟨AsyncEvent⟩();',
  ].join('\n'),
  usage: '// Elsewhere: ⟨event⟩.set() when it has happened.\nawait ⟨event⟩.wait();\n⟪0⟫',
};

const SHUTDOWN: Template = {
  example: 'untilShutdown',
  imports: [],
  declarations: [
    'const ⟨shutdown⟩ = new AbortController();',
    '',
    '/** Resolves when `signal` is aborted, at once if it already is. */',
    'function ⟨whenAborted⟩(signal«: AbortSignal»)«: Promise<void>» {',
    '  if (signal.aborted) return Promise.resolve();',
    "  return new Promise«<void>»((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));",
    '}',
  ].join('\n'),
  usage: '// Elsewhere: ⟨shutdown⟩.abort() wakes every task waiting here.\nawait ⟨whenAborted⟩(⟨shutdown⟩.signal);\n⟪0⟫',
};

const QUEUE: Template = {
  example: 'consume',
  imports: [],
  declarations: [
    '/** asyncio.Queue: `put` waits while `maxsize` items are queued, `get` waits while none are. */',
    'class ⟨AsyncQueue⟩«<T>» {',
    '  «private readonly »items«: T[]» = [];',
    '  «private readonly »getters«: Array<(item: T) => void>» = [];',
    '  «private readonly »putters«: Array<() => void>» = [];',
    '  «private readonly »maxsize«: number»;',
    '',
    '  constructor(maxsize = Infinity) {',
    '    this.maxsize = maxsize;',
    '  }',
    '',
    '  get size()«: number» {',
    '    return this.items.length;',
    '  }',
    '',
    '  async put(item«: T»)«: Promise<void>» {',
    '    while (this.getters.length === 0 && this.items.length >= this.maxsize) {',
    '      await new Promise«<void>»((resolve) => this.putters.push(resolve));',
    '    }',
    '    const getter = this.getters.shift();',
    '    if (getter) getter(item);',
    '    else this.items.push(item);',
    '  }',
    '',
    '  async get()«: Promise<T>» {',
    '    if (this.items.length === 0) return new Promise«<T>»((resolve) => this.getters.push(resolve));',
    '    const item = this.items.shift()«!»;',
    '    this.putters.shift()?.();',
    '    return item;',
    '  }',
    '}',
    '',
    'const ⟨queue⟩ = new ⟨AsyncQueue⟩«<string>»(10);',
  ].join('\n'),
  usage: '// Producers: await ⟨queue⟩.put(item) waits while the queue is full.\nconst ⟪1:item⟫ = await ⟨queue⟩.get();\n⟪0⟫',
};

const CONDITION: Template = {
  example: 'whenReady',
  imports: [],
  declarations: [
    '/**',
    ' * asyncio.Condition without its lock: code between two awaits runs uninterrupted, so a',
    ' * predicate checked and acted on with no await in between needs no lock.',
    ' */',
    'class ⟨Condition⟩ {',
    '  «private »waiters«: Array<() => void>» = [];',
    '',
    '  /** Resolves once `predicate()` holds, re-checking it after every `notifyAll()`. */',
    '  async waitFor(predicate«: () => boolean»)«: Promise<void>» {',
    '    while (!predicate()) await new Promise«<void>»((resolve) => this.waiters.push(resolve));',
    '  }',
    '',
    '  notifyAll()«: void» {',
    '    const waiters = this.waiters;',
    '    this.waiters = [];',
    '    for (const wake of waiters) wake();',
    '  }',
    '}',
    '',
    'const ⟨condition⟩ = new ⟨Condition⟩();',
  ].join('\n'),
  usage: '// Whoever changes the state calls ⟨condition⟩.notifyAll().\nawait ⟨condition⟩.waitFor(() => ⟪1:true⟫);\n⟪0⟫',
};

export function templateFor(id: PrimitiveId, lockLibrary: LockLibrary): Template {
  switch (id) {
    case 'lock':
      return lockLibrary === 'web-locks' ? WEB_LOCK : LOCK;
    case 'lock-per-key':
      return lockLibrary === 'web-locks' ? WEB_LOCK_PER_KEY : LOCK_PER_KEY;
    case 'semaphore':
      return SEMAPHORE;
    case 'bounded-semaphore':
      return BOUNDED_SEMAPHORE;
    case 'event-once':
      return EVENT_ONCE;
    case 'event':
      return EVENT;
    case 'shutdown':
      return SHUTDOWN;
    case 'queue':
      return QUEUE;
    case 'condition':
      return CONDITION;
  }
}

export interface InsertionRequest {
  sourceCode: Readonly<TSESLint.SourceCode>;
  /** Where the cursor is. */
  offset: number;
  typescript: boolean;
  lockLibrary: LockLibrary;
}

/**
 * Inside an async function the usage goes at the cursor and the declarations at module level
 * (a lock declared inside the function would be a new lock per call); anywhere else everything
 * goes at module level, with the usage in an example function. `snippet.offset` is in the
 * original text, which the edits do not touch beyond it.
 */
export function planInsertion(id: PrimitiveId, request: InsertionRequest): InsertionPlan {
  const { sourceCode, typescript } = request;
  const template = templateFor(id, request.lockLibrary);
  const text = sourceCode.text;
  const unit = indentUnit(text);
  const edits: TextEdit[] = [];
  const local = new Map<string, string>();
  // A plain script cannot import: the code then names the library's global as the page provides it.
  for (const { source, name } of template.imports) local.set(name, ensureNamedImport(sourceCode, source, name, edits) ?? name);
  const place = insertionPlace(sourceCode, request.offset);
  const names = freeNames(sourceCode, template, place.scopeNode);
  const render = (code: string): string => renameImports(forLanguage(withNames(code, names), typescript), local).replace(/^( {2})+/gm, (indent) => unit.repeat(indent.length / 2));
  const declarations = render(template.declarations);
  const usage = render(template.usage);
  if (place.kind === 'statement') {
    if (declarations) addInsertion(edits, declarationEdit(sourceCode, declarations));
    return { edits, snippet: { offset: place.offset, body: place.before + toSnippet(usage, place.indent) } };
  }
  const example = `async function ${names.get('example')}()${typescript ? ': Promise<void>' : ''} {\n${indentLines(usage, unit)}\n}`;
  const body = [declarations, example].filter(Boolean).join('\n\n');
  return { edits, snippet: { offset: place.offset, body: place.before + toSnippet(body, place.indent) } };
}

/** Two insertions at one offset become one, in order, so every editor applies them the same way. */
function addInsertion(edits: TextEdit[], insertion: TextEdit): void {
  const same = edits.find((edit) => edit.range[0] === insertion.range[0] && edit.range[1] === insertion.range[1]);
  if (same) same.text += insertion.text;
  else edits.push(insertion);
}

function forLanguage(code: string, typescript: boolean): string {
  return code.replace(/«([^»]*)»/g, (_whole, only: string) => (typescript ? only : ''));
}

function withNames(code: string, names: ReadonlyMap<string, string>): string {
  return code.replace(/⟨([^⟩]+)⟩/g, (_whole, name: string) => names.get(name) ?? name);
}

/** Imports that had to be aliased (`Mutex as MutexFromasyncmutex`) are used by their alias. */
function renameImports(code: string, local: ReadonlyMap<string, string>): string {
  let result = code;
  for (const [name, alias] of local) if (name !== alias) result = result.replace(new RegExp(`\\b${name}\\b`, 'g'), alias);
  return result;
}

function indentLines(code: string, unit: string): string {
  return code
    .split('\n')
    .map((line) => (line ? unit + line : line))
    .join('\n');
}

/** Where the snippet goes: `before` is whitespace put ahead of it, `indent` starts each of its later lines. */
interface Place {
  kind: 'statement' | 'module';
  offset: number;
  before: string;
  indent: string;
  /** Where the inserted names must be free. */
  scopeNode: TSESTree.Node;
}

/**
 * Statement position in an async function: at the cursor when its line is blank, else on a new
 * line after the statement holding it. Anywhere else: at the cursor on a blank top-level line,
 * else after the top-level statement holding the cursor.
 */
function insertionPlace(sourceCode: Readonly<TSESLint.SourceCode>, offset: number): Place {
  const text = sourceCode.text;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = text.indexOf('\n', offset) === -1 ? text.length : text.indexOf('\n', offset);
  const blankLine = text.slice(lineStart, lineEnd).trim() === '';
  const typedIndent = text.slice(lineStart, offset);
  const path = nodePathAt(sourceCode, offset);
  const innermost = path.at(-1)!;
  const fn = [...path].reverse().find((node) => isFunction(node));
  const body = fn?.body.type === AST_NODE_TYPES.BlockStatement ? fn.body : null;
  if (fn?.async && body && body.range[0] < offset && offset < body.range[1]) {
    if (blankLine && innermost.type === AST_NODE_TYPES.BlockStatement) {
      const blockIndent = innermost.body[0] ? indentationAt(text, innermost.body[0].range[0]) : indentationAt(text, innermost.range[0]) + indentUnit(text);
      const indent = typedIndent || blockIndent;
      return { kind: 'statement', offset, before: typedIndent ? '' : blockIndent, indent, scopeNode: innermost };
    }
    const statement = [...path].reverse().find((node) => isListStatement(node) && body.range[0] < node.range[0]);
    if (statement) {
      const indent = indentationAt(text, statement.range[0]);
      return { kind: 'statement', offset: statement.range[1], before: `\n${indent}`, indent, scopeNode: statement };
    }
  }
  const program = sourceCode.ast;
  if (blankLine && innermost === program) return { kind: 'module', offset, before: '', indent: typedIndent, scopeNode: program };
  const top = path.find((node) => node.parent === program);
  return { kind: 'module', offset: top ? top.range[1] : text.length, before: '\n\n', indent: '', scopeNode: program };
}

function isListStatement(node: TSESTree.Node): boolean {
  const parent = node.parent;
  return (
    parent?.type === AST_NODE_TYPES.BlockStatement ||
    parent?.type === AST_NODE_TYPES.Program ||
    parent?.type === AST_NODE_TYPES.SwitchCase ||
    parent?.type === AST_NODE_TYPES.StaticBlock
  );
}

/** Declarations go after the imports (and directives), or before the first statement. */
function declarationEdit(sourceCode: Readonly<TSESLint.SourceCode>, declarations: string): TextEdit {
  const body = sourceCode.ast.body;
  const leading = body.filter(
    (statement, index) =>
      statement.type === AST_NODE_TYPES.ImportDeclaration ||
      (statement.type === AST_NODE_TYPES.ExpressionStatement && statement.directive !== undefined && body.slice(0, index).every((earlier) => earlier.type === AST_NODE_TYPES.ExpressionStatement && earlier.directive !== undefined)),
  );
  const anchor = leading.at(-1);
  if (anchor) return { range: [anchor.range[1], anchor.range[1]], text: `\n\n${declarations}` };
  const first = body[0];
  const at = first ? first.range[0] : sourceCode.text.length;
  return { range: [at, at], text: `${declarations}\n\n` };
}

/** Each `⟨name⟩` the template declares, renamed `name2`, `name3`… when already taken where the code goes. */
function freeNames(sourceCode: Readonly<TSESLint.SourceCode>, template: Template, at: TSESTree.Node): Map<string, string> {
  const model = modelFor(sourceCode);
  const wanted = new Set<string>(['example']);
  for (const match of `${template.declarations}\n${template.usage}`.matchAll(/⟨([^⟩]+)⟩/g)) wanted.add(match[1]!);
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const name of wanted) {
    const base = name === 'example' ? template.example : name;
    let candidate = base;
    for (let suffix = 2; !model.bindings.isNameFree(candidate, at) || !model.bindings.isNameFree(candidate, sourceCode.ast) || taken.has(candidate); suffix += 1) {
      candidate = `${base}${suffix}`;
    }
    taken.add(candidate);
    names.set(name, candidate);
  }
  return names;
}
