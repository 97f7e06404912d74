// Mutates real programs (the shared fixtures, corpus files that name a lock, the real-bug
// benchmark) at the level of statements: rename, reorder, wrap, inline, duplicate, delete. The
// result need not make sense, only parse; it puts the code the rules already know into the
// shapes they have not seen.
import { parse } from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import type { Random } from './random';

interface Parsed {
  top: TSESTree.ProgramStatement[];
  /** Every list of statements (program, blocks, switch cases) with at least one statement. */
  lists: TSESTree.Node[][];
  identifiers: TSESTree.Identifier[];
  /** `const x = <init>` declarators with a plain name, for inlining. */
  constants: TSESTree.VariableDeclarator[];
}

const WRAPPERS: ReadonlyArray<readonly [string, string]> = [
  ['{\n', '\n}'],
  ['if (ready) {\n', '\n}'],
  ['if (!ready) {\n', '\n} else {\nreturn;\n}'],
  ['try {\n', '\n} finally {\nready = false;\n}'],
  ['try {\n', '\n} catch (error) {\nthrow error;\n}'],
  ['for (const item of items) {\n', '\n}'],
  ['while (ready) {\n', '\nbreak;\n}'],
  ['(async () => {\n', '\n})();'],
  ['setTimeout(async () => {\n', '\n}, 0);'],
  ['await Promise.all(items.map(async (item) => {\n', '\n}));'],
  ['const nested = async () => {\n', '\n};\nawait nested();'],
  ['function* steps() {\n', '\n}'],
];

/** The program parsed for mutation, or null when it does not parse. */
function parseProgram(text: string, jsx: boolean): Parsed | null {
  let ast: TSESTree.Program;
  try {
    ast = parse(text, { range: true, loc: false, ecmaVersion: 'latest', sourceType: 'module', ecmaFeatures: { jsx } }) as TSESTree.Program;
  } catch {
    return null;
  }
  const parsed: Parsed = { top: ast.body, lists: [], identifiers: [], constants: [] };
  const stack: TSESTree.Node[] = [ast];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if ((node.type === 'Program' || node.type === 'BlockStatement' || node.type === 'StaticBlock') && node.body.length > 0) parsed.lists.push(node.body);
    if (node.type === 'SwitchCase' && node.consequent.length > 0) parsed.lists.push(node.consequent);
    if (node.type === 'Identifier') parsed.identifiers.push(node);
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init) parsed.constants.push(node);
    for (const key of visitorKeys[node.type] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      for (const child of Array.isArray(value) ? value : [value]) if (child && typeof child === 'object' && 'type' in child) stack.push(child as TSESTree.Node);
    }
  }
  return parsed;
}

type Edit = { start: number; end: number; text: string };

function apply(text: string, edits: readonly Edit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}

/** Parses of the files programs are made from, which every program made from them starts with. */
const baseParses = new Map<string, Parsed | null>();

function parseBase(text: string, jsx: boolean): Parsed | null {
  if (!baseParses.has(text)) baseParses.set(text, parseProgram(text, jsx));
  return baseParses.get(text)!;
}

/** One mutation of `text`; the text unchanged when none applies. */
function mutateOnce(random: Random, text: string, jsx: boolean, parsed: Parsed | null = parseProgram(text, jsx)): string {
  if (!parsed || parsed.lists.length === 0) return text;
  const list = random.pick(parsed.lists);
  const index = random.int(list.length);
  const statement = list[index]!;
  const source = (node: TSESTree.Node): string => text.slice(node.range[0], node.range[1]);
  switch (random.int(7)) {
    case 0: {
      // Rename: one name becomes another name of the file (aliasing two bindings), or a new one.
      const names = [...new Set(parsed.identifiers.map((identifier) => identifier.name))];
      if (names.length < 2) return text;
      const from = random.pick(names);
      const to = random.chance(0.6) ? random.pick(names) : `${from}Renamed`;
      return apply(
        text,
        parsed.identifiers.filter((identifier) => identifier.name === from).map((identifier) => ({ start: identifier.range[0], end: identifier.range[1], text: to })),
      );
    }
    case 1: {
      // Reorder: swap with another statement of the same list.
      const other = list[random.int(list.length)]!;
      if (other === statement) return text;
      return apply(text, [
        { start: statement.range[0], end: statement.range[1], text: source(other) },
        { start: other.range[0], end: other.range[1], text: source(statement) },
      ]);
    }
    case 2: {
      // Wrap a run of statements.
      const last = list[Math.min(list.length - 1, index + random.int(3))]!;
      const [before, after] = random.pick(WRAPPERS);
      return apply(text, [{ start: statement.range[0], end: last.range[1], text: `${before}${text.slice(statement.range[0], last.range[1])}${after}` }]);
    }
    case 3: {
      // Inline: a use of a variable replaced by its initialiser.
      const declarator = parsed.constants.length > 0 ? random.pick(parsed.constants) : null;
      if (!declarator) return text;
      const name = (declarator.id as TSESTree.Identifier).name;
      const uses = parsed.identifiers.filter((identifier) => identifier.name === name && identifier.range[0] > declarator.range[1]);
      if (uses.length === 0) return text;
      const use = random.pick(uses);
      return apply(text, [{ start: use.range[0], end: use.range[1], text: `(${source(declarator.init!)})` }]);
    }
    case 4: {
      // Duplicate next to itself or elsewhere in another list.
      const target = random.chance(0.5) ? statement : random.pick(random.pick(parsed.lists));
      return apply(text, [{ start: target.range[1], end: target.range[1], text: `\n${source(statement)}` }]);
    }
    case 5:
      // Delete.
      return apply(text, [{ start: statement.range[0], end: statement.range[1], text: '' }]);
    default: {
      // Move into another list.
      const target = random.pick(random.pick(parsed.lists));
      if (target.range[0] <= statement.range[0] && statement.range[1] <= target.range[1]) return text;
      return apply(text, [
        { start: statement.range[0], end: statement.range[1], text: '' },
        { start: target.range[0], end: target.range[0], text: `${source(statement)}\n` },
      ]);
    }
  }
}

/** One to four mutations of `text` in a row; `base`: `text` is a file programs are made from, whose parse is kept for the next. */
export function mutateProgram(random: Random, text: string, jsx = false, base = true): string {
  const count = 1 + random.int(4);
  let result = mutateOnce(random, text, jsx, base ? parseBase(text, jsx) : parseProgram(text, jsx));
  for (let index = 1; index < count; index += 1) result = mutateOnce(random, result, jsx);
  return result;
}

/**
 * A window of a large file: its imports and a run of statements of one of its blocks, at most
 * `maxLength` characters (a block from inside a function goes into an async function of its own),
 * so that each mutated corpus program stays as small as the generated ones.
 */
export function windowOf(random: Random, text: string, jsx: boolean, maxLength = 4000): string {
  const parsed = parseBase(text, jsx);
  if (!parsed || text.length <= maxLength) return text;
  const isImport = (statement: TSESTree.Node): boolean =>
    statement.type === 'ImportDeclaration' || /^(?:const|let|var)\b[^=]*=\s*require\(/.test(text.slice(statement.range[0], statement.range[1]));
  const imports = parsed.top.filter(isImport).map((statement) => text.slice(statement.range[0], statement.range[1]));
  const list = random.pick(parsed.lists);
  const run: string[] = [];
  let length = 0;
  for (let index = random.int(list.length); index < list.length; index += 1) {
    const statement = list[index]!;
    if (isImport(statement)) continue;
    const source = text.slice(statement.range[0], statement.range[1]);
    if (run.length > 0 && length + source.length > maxLength) break;
    run.push(source);
    length += source.length;
  }
  const body = run.join('\n');
  return [...imports, list === parsed.top ? body : `export async function window() {\n${body}\n}`].join('\n');
}
