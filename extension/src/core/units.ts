// How the incremental lint (incremental.ts) cuts a file into units, and what links them: the
// names through which the analysis of one unit reads another.
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { childNodes, isFunction, propertyName } from '../../../eslint-plugin/src/analysis/ast';
import { getLockGraph } from '../../../eslint-plugin/src/analysis/lock-graph';
import { modelFor } from '../../../eslint-plugin/src/analysis/model';
import type { TrackedProblem } from './analyzer';

export type Range = readonly [number, number];

/** A top-level statement, or a member of a top-level class: re-linted whole or kept as it was. */
export interface Unit {
  start: number;
  end: number;
  /** For a class member, the index of the top-level statement that holds the class; -1 for a statement. */
  owner: number;
  /** For a member, its class's name (`new Name()` elsewhere may read the class's members). */
  className: string | null;
  /** The names a statement declares; a member's key (and a constructor's parameter properties). */
  declares: readonly string[];
  /** A top-level variable declaration: scope-wide lock lookups start from its initialisers. */
  variables: boolean;
  /** Block bodies of the outermost functions in the unit, braces included: what blanking removes. */
  bodies: readonly Range[];
  links: Links;
  /** Takes part in a nesting of two locks (the lock graph pairs nestings across the whole file). */
  nests: boolean;
  /** Assigns a lock to a module-level variable (a scope-wide lookup can find it from anywhere). */
  lockWrites: boolean;
}

/** A top-level statement: one unit, or a class and its members. */
export interface Statement {
  start: number;
  end: number;
  /** Its units: `units.slice(first, first + count)`. */
  first: number;
  count: number;
  /**
   * What stands for it when none of its units is needed: the names it declares, in a `let`
   * declaration shared by a run of such statements (each name on its statement's first line); the
   * rules read from an unrelated statement only that its names are taken (choosing a name for a
   * new lock) and that the file is a module. Null when it must stay: an initialiser is a call (a
   * scope-wide lock lookup may resolve it), or it declares no name.
   */
  stub: { names: readonly string[]; exported: boolean } | null;
}

export interface Links {
  /** Names shared with other units: module-level names it mentions, its class's members, global properties. */
  tokens: readonly string[];
  /** Groups it belongs to (its class; `global` when it names a global property). */
  groups: readonly string[];
  /** Groups whose every unit it links to: a bare `this` or `this[…]` (its class), `globalThis[…]`. */
  wildcards: readonly string[];
  /** Module-level functions named outside function bodies (in a variable declaration: its initialisers). */
  skeleton: readonly string[];
}

/** How the file is cut into units, and what links them. */
export interface Layout {
  statements: readonly Statement[];
  units: readonly Unit[];
  /** Module-level variables, functions with a body and classes: the names units share. */
  names: ReadonlySet<string>;
  /** Module-level functions with a body. */
  functions: ReadonlySet<string>;
  /** Every comment (kept in blanked bodies: directives, and text tests, see them). */
  comments: readonly Range[];
}

export type UnitShape = Pick<Unit, 'start' | 'end' | 'owner' | 'className' | 'declares' | 'variables' | 'bodies'>;

/** Top-level statements, a top-level class (exported or not) cut into its members. */
export function shapeOf(program: TSESTree.Program): { statements: Statement[]; units: UnitShape[] } {
  const statements: Statement[] = [];
  const units: UnitShape[] = [];
  program.body.forEach((statement, index) => {
    const declaration =
      (statement.type === AST_NODE_TYPES.ExportNamedDeclaration || statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) && statement.declaration
        ? statement.declaration
        : statement;
    const first = units.length;
    if (declaration.type === AST_NODE_TYPES.ClassDeclaration) {
      for (const member of declaration.body.body) {
        const className = declaration.id?.name ?? null;
        units.push({ start: member.range[0], end: member.range[1], owner: index, className, declares: memberNames(member), variables: false, bodies: bodiesIn(member) });
      }
    } else {
      units.push({
        start: statement.range[0],
        end: statement.range[1],
        owner: -1,
        className: null,
        declares: declaredNames(declaration),
        variables: declaration.type === AST_NODE_TYPES.VariableDeclaration,
        bodies: bodiesIn(statement),
      });
    }
    statements.push({ start: statement.range[0], end: statement.range[1], first, count: units.length - first, stub: stubOf(statement, declaration) });
  });
  return { statements, units };
}

function bodiesIn(node: TSESTree.Node): Range[] {
  const bodies: Range[] = [];
  const visit = (current: TSESTree.Node): void => {
    if (isFunction(current) && current.body.type === AST_NODE_TYPES.BlockStatement) {
      bodies.push(current.body.range);
      return;
    }
    for (const child of childNodes(current)) visit(child);
  };
  visit(node);
  return bodies.sort((a, b) => a[0] - b[0]);
}

function declaredNames(node: TSESTree.Node): string[] {
  const names: string[] = [];
  const pattern = (target: TSESTree.Node | null): void => {
    if (!target) return;
    if (target.type === AST_NODE_TYPES.Identifier) names.push(target.name);
    else if (target.type === AST_NODE_TYPES.ObjectPattern) target.properties.forEach((property) => pattern(property.type === AST_NODE_TYPES.Property ? property.value : property));
    else if (target.type === AST_NODE_TYPES.ArrayPattern) target.elements.forEach(pattern);
    else if (target.type === AST_NODE_TYPES.AssignmentPattern) pattern(target.left);
    else if (target.type === AST_NODE_TYPES.RestElement) pattern(target.argument);
  };
  if (node.type === AST_NODE_TYPES.VariableDeclaration) node.declarations.forEach((declarator) => pattern(declarator.id));
  if ((node.type === AST_NODE_TYPES.FunctionDeclaration || node.type === AST_NODE_TYPES.TSDeclareFunction || node.type === AST_NODE_TYPES.ClassDeclaration) && node.id) {
    names.push(node.id.name);
  }
  return names;
}

/** A member's key, and a constructor's parameter properties (`constructor(private lock: Mutex)` declares `lock`). */
function memberNames(member: TSESTree.ClassElement): string[] {
  const names: string[] = [];
  const key = 'key' in member && member.key ? propertyName(member.key, 'computed' in member && member.computed) : null;
  if (key) names.push(key);
  if (member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'constructor') {
    for (const parameter of member.value.params) {
      const inner = parameter.type === AST_NODE_TYPES.TSParameterProperty ? parameter.parameter : null;
      const target = inner?.type === AST_NODE_TYPES.AssignmentPattern ? inner.left : inner;
      if (target?.type === AST_NODE_TYPES.Identifier) names.push(target.name);
    }
  }
  return names;
}

/** The names a statement's stub declares (see `Statement.stub`). */
function stubOf(statement: TSESTree.ProgramStatement, declaration: TSESTree.Node): Statement['stub'] {
  const exported = statement.type === AST_NODE_TYPES.ExportNamedDeclaration || statement.type === AST_NODE_TYPES.ExportDefaultDeclaration;
  if ('decorators' in declaration && Array.isArray(declaration.decorators) && declaration.decorators.length > 0) return null;
  const stubbable =
    declaration.type === AST_NODE_TYPES.FunctionDeclaration ||
    (declaration.type === AST_NODE_TYPES.ClassDeclaration && !declaration.declare) ||
    (declaration.type === AST_NODE_TYPES.VariableDeclaration &&
      !declaration.declare &&
      (declaration.kind === 'const' || declaration.kind === 'let' || declaration.kind === 'var') &&
      declaration.declarations.every((declarator) => declarator.init?.type !== AST_NODE_TYPES.CallExpression));
  const names = stubbable ? declaredNames(declaration) : [];
  return names.length > 0 ? { names, exported } : null;
}

/** The unit a problem lies in from start to end, or -1 (it spans units, or lies outside them). */
export function unitOf(units: readonly Pick<Unit, 'start' | 'end'>[], problem: Pick<TrackedProblem, 'start' | 'end'>): number {
  const index = unitAt(units, problem.start);
  return index >= 0 && problem.end <= units[index]!.end ? index : -1;
}

/** The unit holding `offset`, or -1 (between units, or in a class's own head). */
export function unitAt(units: readonly Pick<Unit, 'start' | 'end'>[], offset: number): number {
  let low = 0;
  let high = units.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const unit = units[middle]!;
    if (offset < unit.start) high = middle - 1;
    else if (offset >= unit.end) low = middle + 1;
    else return middle;
  }
  return -1;
}

/** Statements `first`…`last` stand as one `let` declaration in the masked text, ending at `end`. */
export interface StubRun {
  first: number;
  last: number;
  end: number;
}

/**
 * Whether the masked text parsed into the statements the edit leaves (one declaration for each
 * run of stubs) and, in the others, into the same units with the same bodies but for the edited
 * one. Returns the edited unit's new shape, or why the structure differs.
 */
export function structureCheck(
  found: { statements: readonly Statement[]; units: readonly UnitShape[] },
  expected: { statements: readonly Statement[]; units: readonly Unit[] },
  runs: readonly StubRun[],
  edited: number,
): UnitShape | string {
  let editedShape: UnitShape | null = null;
  let at = 0;
  let run = 0;
  for (let index = 0; index < expected.statements.length; index += 1, at += 1) {
    const statement = found.statements[at];
    const want = expected.statements[index]!;
    const stubs = runs[run];
    if (!statement || statement.start !== want.start) return 'the edit changes the statements of the file';
    if (stubs?.first === index) {
      if (statement.end !== stubs.end) return 'the edit changes the statements of the file';
      index = stubs.last;
      run += 1;
      continue;
    }
    if (statement.end !== want.end) return 'the edit changes the statements of the file';
    if (statement.count !== want.count) return 'the edit changes the units of the file';
    for (let offset = 0; offset < want.count; offset += 1) {
      const shape = found.units[statement.first + offset]!;
      const unitIndex = want.first + offset;
      const unit = expected.units[unitIndex]!;
      if (shape.start !== unit.start || shape.end !== unit.end || shape.declares.join() !== unit.declares.join()) return 'the edit changes the units of the file';
      if (unitIndex === edited) {
        editedShape = { ...shape, owner: unit.owner };
        continue;
      }
      const sameBodies = shape.bodies.length === unit.bodies.length && shape.bodies.every((body, at) => body[0] === unit.bodies[at]![0] && body[1] === unit.bodies[at]![1]);
      if (!sameBodies) return 'the edit changes the function bodies of another unit';
    }
  }
  if (at !== found.statements.length) return 'the edit changes the statements of the file';
  return editedShape ?? 'the edited unit is gone';
}

// ---- links --------------------------------------------------------------------------------

/**
 * Module-level variables, functions with a body, and classes (a lock class is known by its
 * methods): how one unit reaches into another. Imports and types carry nothing across.
 */
export function moduleNames(sourceCode: Readonly<TSESLint.SourceCode>): { names: Set<string>; functions: Set<string> } {
  const names = new Set<string>();
  const functions = new Set<string>();
  for (const scope of sourceCode.scopeManager?.scopes ?? []) {
    if (scope.type !== 'module' && scope.type !== 'global') continue;
    for (const variable of scope.variables) {
      for (const def of variable.defs) {
        const withBody =
          (def.type === 'FunctionName' && isFunction(def.node)) ||
          (def.type === 'Variable' && def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init !== null && isFunction(def.node.init));
        if (def.type === 'Variable' || def.type === 'ClassName' || withBody) names.add(variable.name);
        if (withBody) functions.add(variable.name);
      }
    }
  }
  return { names, functions };
}

/** An identifier, escapes included (`\u0061bc`). */
const NAME = String.raw`(?:[\p{ID_Start}$_]|\\u[\da-fA-F]{4}|\\u\{[\da-fA-F]+\})(?:[\p{ID_Continue}$\u200C\u200D]|\\u[\da-fA-F]{4}|\\u\{[\da-fA-F]+\})*`;
const IDENTIFIER = new RegExp(NAME, 'gu');
const MEMBER_ACCESS = String.raw`\s*(?:!\s*)?(?:\?\.|\.)\s*`;
const THIS_MEMBER = new RegExp(String.raw`\bthis${MEMBER_ACCESS}(#?)(${NAME})`, 'gu');
const GLOBAL_MEMBER = new RegExp(String.raw`\b(?:globalThis|window|self|global)${MEMBER_ACCESS}(${NAME})`, 'gu');
const BARE_THIS = /\bthis\b/u;
const GLOBAL_INDEX = /\b(?:globalThis|window|self|global)\s*(?:\?\.)?\s*\[/;

/** `\u0061bc` and `abc` name the same binding. */
function identifierName(word: string): string {
  return word.includes('\\') ? word.replace(/\\u\{([\da-fA-F]+)\}|\\u([\da-fA-F]{4})/g, (_, braced: string, plain: string) => String.fromCodePoint(parseInt(braced ?? plain, 16))) : word;
}

/**
 * The names a unit shares. Words are taken from its whole text (strings too: more links only
 * cost time); comments are skipped when known, since a comment reaches nothing.
 */
export function linksOf(text: string, unit: UnitShape, names: ReadonlySet<string>, functions: ReadonlySet<string>, comments: readonly Range[] | null): Links {
  const source = withoutComments(text, unit.start, unit.end, comments);
  const tokens = new Set<string>();
  const groups: string[] = [];
  const wildcards: string[] = [];
  for (const match of source.matchAll(IDENTIFIER)) {
    const name = identifierName(match[0]);
    if (names.has(name)) tokens.add(name);
  }
  if (unit.owner >= 0) {
    if (unit.className !== null && names.has(unit.className)) tokens.add(unit.className);
    const group = `class:${unit.owner}`;
    groups.push(group);
    for (const key of unit.declares) tokens.add(`${group}.${key}`);
    for (const match of source.matchAll(THIS_MEMBER)) tokens.add(`${group}.${match[1]}${identifierName(match[2]!)}`);
    // `this` used whole (`const self = this`, `this[key]`) may reach any member.
    if (BARE_THIS.test(source.replace(THIS_MEMBER, ''))) wildcards.push(group);
  }
  for (const match of source.matchAll(GLOBAL_MEMBER)) tokens.add(`global.${identifierName(match[1]!)}`);
  if ([...tokens].some((token) => token.startsWith('global.'))) groups.push('global');
  if (GLOBAL_INDEX.test(source)) wildcards.push('global');
  const skeleton: string[] = [];
  if (unit.variables) {
    let outside = '';
    let at = unit.start;
    for (const body of unit.bodies) {
      outside += text.slice(at, body[0]);
      at = body[1];
    }
    outside += text.slice(at, unit.end);
    for (const match of outside.matchAll(IDENTIFIER)) if (functions.has(identifierName(match[0]))) skeleton.push(identifierName(match[0]));
  }
  return { tokens: [...tokens], groups, wildcards, skeleton };
}

function withoutComments(text: string, start: number, end: number, comments: readonly Range[] | null): string {
  if (!comments) return text.slice(start, end);
  let result = '';
  let at = start;
  let low = 0;
  for (let high = comments.length; low < high; ) {
    const middle = (low + high) >> 1;
    if (comments[middle]![1] <= start) low = middle + 1;
    else high = middle;
  }
  for (const comment of comments.slice(low)) {
    if (comment[0] >= end) break;
    result += `${text.slice(at, Math.max(at, comment[0]))} `;
    at = Math.min(end, comment[1]);
  }
  return result + text.slice(at, end);
}

/** A unit declaring a function that a module-level variable's initialiser names: a lock lookup from any scope may read its body. */
export function declaresFactory(unit: Unit, factories: ReadonlySet<string>): boolean {
  return unit.owner < 0 && unit.declares.some((name) => factories.has(name));
}

/** Units and the names that link them. */
export class LinkGraph {
  private readonly byToken = new Map<string, number[]>();
  private readonly byGroup = new Map<string, number[]>();
  private readonly byWildcard = new Map<string, number[]>();

  constructor(private readonly units: readonly Unit[]) {
    units.forEach((unit, index) => {
      for (const token of unit.links.tokens) push(this.byToken, token, index);
      for (const group of unit.links.groups) push(this.byGroup, group, index);
      for (const group of unit.links.wildcards) push(this.byWildcard, group, index);
    });
  }

  /** Every unit reachable from `from` through shared names; `extra` adds links the unit `at` has in the new text. */
  component(from: readonly number[], at = -1, extra?: Links): Set<number> {
    const seen = new Set(from);
    const queue = [...from];
    while (queue.length > 0) {
      const index = queue.pop()!;
      const links = this.units[index]!.links;
      const all = index === at && extra ? [links, extra] : [links];
      const reach = (list: readonly number[] | undefined): void => {
        for (const other of list ?? []) {
          if (!seen.has(other)) {
            seen.add(other);
            queue.push(other);
          }
        }
      };
      for (const { tokens, groups, wildcards } of all) {
        for (const token of tokens) reach(this.byToken.get(token));
        for (const group of groups) reach(this.byWildcard.get(group));
        for (const group of wildcards) reach(this.byGroup.get(group));
      }
    }
    return seen;
  }
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Units that take part in a nesting of locks, and units that assign a lock to a module-level
 * variable (only among those `wanted` says).
 */
export function lockFlags(sourceCode: Readonly<TSESLint.SourceCode>, units: readonly Pick<Unit, 'start' | 'end'>[], wanted: (index: number) => boolean): { nests: Set<number>; lockWrites: Set<number> } {
  const nests = new Set<number>();
  const lockWrites = new Set<number>();
  const model = modelFor(sourceCode);
  // Without a lock package, Web Locks or a lock type named, nothing resolves to a lock.
  if (!model.mayHaveLocks) return { nests, lockWrites };
  const mark = (into: Set<number>, node: TSESTree.Node): void => {
    const index = unitAt(units, node.range[0]);
    if (index >= 0 && wanted(index)) into.add(index);
  };
  for (const nesting of getLockGraph(model).nestings) {
    for (const node of [nesting.site, nesting.inner.call, nesting.holding.section.entry, ...nesting.holding.via]) mark(nests, node);
  }
  for (const scope of sourceCode.scopeManager?.scopes ?? []) {
    if (scope.type !== 'module' && scope.type !== 'global') continue;
    for (const variable of scope.variables) {
      for (const reference of variable.references) {
        const index = unitAt(units, reference.identifier.range[0]);
        if (!reference.writeExpr || reference.init || index < 0 || !wanted(index) || lockWrites.has(index)) continue;
        if (model.locks.resolve(reference.writeExpr as TSESTree.Node)) lockWrites.add(index);
      }
    }
  }
  return { nests, lockWrites };
}

