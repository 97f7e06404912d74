import { describe, expect, it } from 'vitest';
import { CARD_SOURCES } from '../../extension/src/core/cards';
import {
  CHOOSER,
  editorSnippetBody,
  PRIMITIVE_IDS,
  planInsertion,
  shiftOffset,
  type Choice,
  type InsertionPlan,
  type PrimitiveId,
} from '../../extension/src/core/primitives';
import type { LockLibrary } from '../../extension/src/core/settings';
import { analyzer, apply, documentOf, marked, parse, parses, typeErrors } from './helpers';

/** What the editor shows once a snippet is inserted and left at its defaults. */
function expandSnippet(body: string): string {
  let result = '';
  for (let index = 0; index < body.length; index += 1) {
    const char = body[index]!;
    if (char === '\\' && '$}\\'.includes(body[index + 1] ?? '')) {
      result += body[index + 1];
      index += 1;
    } else if (char === '$') {
      const stop = /^\$(?:(\d+)|\{(\d+):((?:\\.|[^}\\])*)\})/.exec(body.slice(index))!;
      result += stop[3]?.replace(/\\(.)/g, '$1') ?? '';
      index += stop[0].length - 1;
    } else {
      result += char;
    }
  }
  return result;
}

function inserted(text: string, plan: InsertionPlan): string {
  const edited = apply(text, plan.edits);
  const at = shiftOffset(plan.snippet.offset, plan.edits);
  return edited.slice(0, at) + expandSnippet(plan.snippet.body) + edited.slice(at);
}

function insert(source: string, id: PrimitiveId, options: { typescript?: boolean; lockLibrary?: LockLibrary; fileName?: string } = {}): string {
  const { text, selection } = marked(source);
  const typescript = options.typescript ?? true;
  const plan = planInsertion(id, {
    sourceCode: parse(text, typescript ? 'typescript' : 'javascript', options.fileName),
    offset: selection[0],
    typescript,
    lockLibrary: options.lockLibrary ?? 'async-mutex',
  });
  return inserted(text, plan);
}

const leaves = (choices: readonly Choice[]): Choice[] => choices.flatMap((choice) => (typeof choice.next === 'string' ? [choice] : leaves(choice.next)));

describe('the chooser', () => {
  it('asks the guide\'s question with its five primitives and reaches every template once', () => {
    expect(CHOOSER.map((choice) => choice.label.split(' — ')[0])).toEqual(['Lock', 'Semaphore', 'Event', 'Queue', 'Condition']);
    expect(leaves(CHOOSER).map((choice) => choice.next).sort()).toEqual([...PRIMITIVE_IDS].sort());
    for (const choice of leaves(CHOOSER)) expect(Object.keys(CARD_SOURCES)).toContain(choice.card);
  });
});

const CONTEXTS: Record<string, string> = {
  'an empty file': '‸',
  'a blank line at module level': "import { readFile } from 'node:fs/promises';\n\n‸\n\nexport const x = 1;\n",
  'a blank line in an async function': 'export async function run(): Promise<void> {\n  const a = 1;\n  ‸\n  console.log(a);\n}\n',
  'a statement in an async function': 'export async function run(): Promise<void> {\n  const a‸ = 1;\n  console.log(a);\n}\n',
  'a method that is not async': 'export class Store {\n  size(): number {\n    return 1‸;\n  }\n}\n',
  'a file that already has a `lock` and the import': "import { Mutex } from 'async-mutex';\n\nconst lock = new Mutex();\n\nexport async function run(): Promise<void> {\n  ‸\n  await lock.runExclusive(() => 1);\n}\n",
};

describe.each(PRIMITIVE_IDS)('inserting %s', (id) => {
  const libraries: LockLibrary[] = id === 'lock' || id === 'lock-per-key' ? ['async-mutex', 'web-locks'] : ['async-mutex'];
  it.each(Object.entries(CONTEXTS))('into %s gives code that parses, type-checks and breaks no rule', (_name, source) => {
    for (const lockLibrary of libraries) {
      const dom = lockLibrary === 'web-locks';
      const ts = insert(source, id, { lockLibrary });
      expect(typeErrors({ 'inserted.ts': ts }, { dom }), ts).toEqual([]);
      const js = insert(source.replace(': Promise<void>', '').replace('(): number', '()'), id, { typescript: false, lockLibrary });
      expect(parses(js, 'javascript'), js).toBe(true);
      expect(js).not.toMatch(/«|»|⟨|⟩|⟪|⟫/);
      for (const [text, languageId] of [[ts, 'typescript'], [js, 'javascript']] as const) {
        const analysis = analyzer.analyze(documentOf(text, languageId), { preset: 'strict', rules: true });
        expect(analysis.ok && analysis.problems!.map((problem) => `${problem.line}: ${problem.message}`), text).toEqual([]);
      }
    }
  });
});

describe('where the code goes', () => {
  it('puts the usage at the cursor and the lock at module level, inside an async function', () => {
    expect(insert(CONTEXTS['a blank line in an async function']!, 'lock')).toBe(
      "import { Mutex } from 'async-mutex';\n\nconst lock = new Mutex();\n\nexport async function run(): Promise<void> {\n  const a = 1;\n  await lock.runExclusive(async () => {\n    \n  });\n  console.log(a);\n}\n",
    );
  });

  it('puts a new line after the statement holding the cursor', () => {
    expect(insert(CONTEXTS['a statement in an async function']!, 'event-once')).toContain(
      '  const a = 1;\n  // Elsewhere: setReady() when it has happened.\n  await ready;\n  \n  console.log(a);',
    );
  });

  it('renames what would clash and reuses the existing import', () => {
    const result = insert(CONTEXTS['a file that already has a `lock` and the import']!, 'lock');
    expect(result).toContain("import { Mutex } from 'async-mutex';\n\nconst lock2 = new Mutex();\n\nconst lock = new Mutex();");
    expect(result).toContain('  await lock2.runExclusive(async () => {');
    expect(result.match(/from 'async-mutex'/g)).toHaveLength(1);
  });

  it('writes a whole example after the statement when the cursor is not in an async function', () => {
    const result = insert(CONTEXTS['a method that is not async']!, 'semaphore');
    expect(result).toBe(
      "import { Semaphore } from 'async-mutex';\n\nexport class Store {\n  size(): number {\n    return 1;\n  }\n}\n\n// At most 5 tasks at a time.\nconst semaphore = new Semaphore(5);\n\nasync function runLimited(): Promise<void> {\n  await semaphore.runExclusive(async () => {\n    \n  });\n}\n",
    );
  });

  it('follows the file\'s indentation and leaves TypeScript out of JavaScript', () => {
    const result = insert('async function run() {\n\tconst a = 1;\n\t‸\n}\n', 'queue', { typescript: false });
    expect(result).toContain('class AsyncQueue {\n\titems = [];');
    expect(result).toContain('\tconst item = await queue.get();');
    expect(result).not.toContain('<T>');
  });

  it('uses a require() in a CommonJS file', () => {
    const result = insert("const fs = require('node:fs');\n‸\n", 'lock', { typescript: false, fileName: 'tool.cjs' });
    expect(result).toContain("const { Mutex } = require('async-mutex');");
  });

  it('gives VS Code the snippet without the indentation it adds itself', () => {
    const { text, selection } = marked(CONTEXTS['a blank line in an async function']!);
    const plan = planInsertion('lock', { sourceCode: parse(text), offset: selection[0], typescript: true, lockLibrary: 'async-mutex' });
    expect(plan.snippet.body).toBe('await lock.runExclusive(async () => {\n    $0\n  });');
    expect(editorSnippetBody(text, plan.snippet)).toBe('await lock.runExclusive(async () => {\n  $0\n});');
  });

  it('escapes snippet syntax in the code and keeps tab stops', () => {
    const { text, selection } = marked(CONTEXTS['a blank line in an async function']!);
    const plan = planInsertion('lock-per-key', { sourceCode: parse(text), offset: selection[0], typescript: true, lockLibrary: 'web-locks' });
    expect(plan.snippet.body).toBe("await navigator.locks.request(`resource:\\${${1:'key'}}`, async () => {\n    $0\n  });");
    expect(expandSnippet(plan.snippet.body)).toContain("request(`resource:${'key'}`");
  });
});
