import type { Node } from '../parse';
import { boundNames, field, firstParameter, isAsync, kids, parameters, walkAll, walkBody } from './syntax';

/** A class of the file: its name, body and methods. */
export interface ClassInfo {
  name: string;
  node: Node;
  body: Node;
  /** Methods by name (the last definition wins, as in Python). */
  methods: Map<string, Node>;
  /** Class-level assignments, by attribute name: the value. */
  attributes: Map<string, Node>;
}

/** What one function binds and where it sits. */
export interface FunctionInfo {
  node: Node;
  name: string;
  async: boolean;
  /** The class whose body defines it directly (a method), or null. */
  owner: ClassInfo | null;
  /** The function whose body defines it, or null. */
  outer: FunctionInfo | null;
  parameters: Map<string, Node | null>;
  /** Names bound in the body: assignments, loops, `with … as`, imports, nested defs (minus `global`/`nonlocal`). */
  locals: Set<string>;
  globals: Set<string>;
  nonlocals: Set<string>;
  /** `self`/`cls` as this function sees them: its own first parameter if a method, else the outer method's. */
  receiver: string | null;
}

const BINDING_TARGETS: Record<string, string> = {
  assignment: 'left',
  augmented_assignment: 'left',
  for_statement: 'left',
  for_in_clause: 'left',
  named_expression: 'name',
};

/** Module-level imports as local name → dotted name: `aio` → `asyncio`, `Lock` → `asyncio.Lock`. */
export function readImports(root: Node): Map<string, string> {
  const imports = new Map<string, string>();
  for (const node of walkAll(root)) {
    if (node.type === 'import_statement') {
      for (const item of kids(node)) {
        if (item.type === 'dotted_name') imports.set(item.text.split('.')[0]!, item.text.split('.')[0]!);
        else if (item.type === 'aliased_import') {
          const name = field(item, 'name')?.text;
          const alias = field(item, 'alias')?.text;
          if (name && alias) imports.set(alias, name);
        }
      }
    } else if (node.type === 'import_from_statement') {
      const from = field(node, 'module_name')?.text;
      if (!from || from.startsWith('.')) continue;
      for (const item of node.childrenForFieldName('name')) {
        if (!item) continue;
        if (item.type === 'dotted_name') imports.set(item.text, `${from}.${item.text}`);
        else if (item.type === 'aliased_import') {
          const name = field(item, 'name')?.text;
          const alias = field(item, 'alias')?.text;
          if (name && alias) imports.set(alias, `${from}.${name}`);
        }
      }
    }
  }
  return imports;
}

export function readClasses(root: Node): Map<Node['id'], ClassInfo> {
  const classes = new Map<number, ClassInfo>();
  for (const node of walkAll(root)) {
    if (node.type !== 'class_definition') continue;
    const body = field(node, 'body');
    const name = field(node, 'name')?.text;
    if (!body || !name) continue;
    const info: ClassInfo = { name, node, body, methods: new Map(), attributes: new Map() };
    for (let statement of kids(body)) {
      if (statement.type === 'decorated_definition') statement = field(statement, 'definition') ?? statement;
      if (statement.type === 'function_definition') info.methods.set(field(statement, 'name')?.text ?? '', statement);
      const assignment = statement.type === 'expression_statement' ? kids(statement)[0] : null;
      if (assignment?.type === 'assignment') {
        const left = field(assignment, 'left');
        const right = field(assignment, 'right');
        if (left?.type === 'identifier' && right) info.attributes.set(left.text, right);
      }
    }
    classes.set(node.id, info);
  }
  return classes;
}

/** The class whose body directly holds `node` (a method or a class attribute), if any. */
export function classOfMember(node: Node, classes: ReadonlyMap<number, ClassInfo>): ClassInfo | null {
  let at = node.parent;
  if (at?.type === 'decorated_definition') at = at.parent;
  if (at?.type !== 'block') return null;
  const cls = at.parent;
  return cls?.type === 'class_definition' ? (classes.get(cls.id) ?? null) : null;
}

export function readFunction(fn: Node, owner: ClassInfo | null, outer: FunctionInfo | null): FunctionInfo {
  const params = parameters(fn);
  const locals = new Set<string>();
  const globals = new Set<string>();
  const nonlocals = new Set<string>();
  const body = field(fn, 'body');
  if (body) {
    for (const node of walkBody(body)) {
      const targetField = BINDING_TARGETS[node.type];
      if (targetField) {
        const target = field(node, targetField);
        if (target) for (const name of boundNames(target)) locals.add(name);
      } else if (node.type === 'as_pattern') {
        const alias = field(node, 'alias');
        if (alias) for (const name of alias.namedChildren.flatMap((child) => (child ? boundNames(child) : []))) locals.add(name);
      } else if (node.type === 'global_statement') {
        for (const name of kids(node)) globals.add(name.text);
      } else if (node.type === 'nonlocal_statement') {
        for (const name of kids(node)) nonlocals.add(name.text);
      } else if (node.type === 'import_statement' || node.type === 'import_from_statement') {
        for (const name of [...readImports(node).keys()]) locals.add(name);
      }
      for (const child of kids(node)) {
        if (child.type === 'function_definition' || child.type === 'class_definition') {
          const name = field(child, 'name')?.text;
          if (name) locals.add(name);
        }
      }
    }
  }
  for (const name of [...globals, ...nonlocals]) locals.delete(name);
  const first = firstParameter(fn);
  const isStatic = fn.parent?.type === 'decorated_definition' && /@staticmethod\b/.test(fn.parent.text.slice(0, fn.startIndex - fn.parent.startIndex));
  const receiver = owner && first && !isStatic ? first : outer && !params.has(outer.receiver ?? '') && !locals.has(outer.receiver ?? '') ? outer.receiver : null;
  return { node: fn, name: field(fn, 'name')?.text ?? '', async: isAsync(fn), owner: owner ?? outer?.owner ?? null, outer, parameters: params, locals, globals, nonlocals, receiver };
}

/** Whether `name` is bound in `info` itself (a parameter or a local). */
export function bindsLocally(info: FunctionInfo, name: string): boolean {
  return info.parameters.has(name) || info.locals.has(name);
}
