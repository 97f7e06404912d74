// The user's lock declarations (`settings.interleave`: wrappers and lock factories) from two
// places: the VS Code settings `interleave.wrappers` / `interleave.lockFactories`, and the
// workspace's `eslint.config.*` where it writes them as a plain literal. The config file is
// parsed, never run: a value computed by code there is not taken (and the log says so).
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { parse } from '@typescript-eslint/parser';
import { parseSettings } from '../../../eslint-plugin/src/analysis/settings';

/** Where the declarations come from, as the editor read them. */
export interface LockSettingsSources {
  /** `interleave.wrappers` and `interleave.lockFactories` from the VS Code settings (undefined: not set). */
  editor: { wrappers?: unknown; lockFactories?: unknown };
  /** The nearest `eslint.config.*`, when there is one. */
  config: { fileName: string; text: string } | null;
}

export interface LockSettings {
  /** What the rules get as `settings.interleave`; null when nothing is declared. */
  interleave: Record<string, unknown> | null;
  /** What was left out and why, for the output channel. */
  notes: string[];
}

/** Not a literal: the value a piece of config code computes is not known without running it. */
class NotLiteral extends Error {}

/**
 * The declarations the rules use: the config file's, then the editor's (an editor entry for a
 * name the config file declares too wins). A source whose declarations are invalid is left out
 * with a note naming it, so that one mistake does not switch off the other source.
 */
export function lockSettings(sources: LockSettingsSources): LockSettings {
  const notes: string[] = [];
  const fromConfig = sources.config ? configInterleave(sources.config.text, sources.config.fileName, notes) : null;
  const fromEditor: Record<string, unknown> = {};
  // The settings' default is an empty list: nothing declared.
  for (const key of ['wrappers', 'lockFactories'] as const) {
    const value = sources.editor[key];
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) fromEditor[key] = value;
  }
  const valid = (raw: Record<string, unknown> | null, where: string): Record<string, unknown> | null => {
    if (!raw) return null;
    try {
      parseSettings({ interleave: raw });
      return raw;
    } catch (error) {
      notes.push(`${where}: ${error instanceof Error ? error.message : String(error)} Left out.`);
      return null;
    }
  };
  const config = valid(fromConfig, sources.config?.fileName ?? '');
  const editor = valid(Object.keys(fromEditor).length > 0 ? fromEditor : null, 'VS Code settings `interleave.wrappers` / `interleave.lockFactories`');
  if (!config && !editor) return { interleave: null, notes };
  const list = (key: 'wrappers' | 'lockFactories'): unknown[] => [...((config?.[key] as unknown[]) ?? []), ...((editor?.[key] as unknown[]) ?? [])];
  // Whether test code is linted is the config file's to say; the editor follows it.
  const testFiles = config?.lintTestFiles === true ? { lintTestFiles: true } : {};
  return { interleave: { wrappers: list('wrappers'), lockFactories: list('lockFactories'), ...testFiles }, notes };
}

/**
 * `settings.interleave` in a flat config's text, when the file writes it as a literal. Several
 * config objects may set it: as ESLint merges them for one file, a later object's `wrappers`
 * or `lockFactories` replaces an earlier one's.
 */
export function configInterleave(text: string, fileName: string, notes: string[]): Record<string, unknown> | null {
  let program: TSESTree.Program;
  try {
    program = parse(text, { range: true, jsx: false, filePath: fileName });
  } catch (error) {
    notes.push(`${fileName} does not parse (${error instanceof Error ? error.message : String(error)}); its \`settings.interleave\` is not read.`);
    return null;
  }
  let found: Record<string, unknown> | null = null;
  const stack: TSESTree.Node[] = [program];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const interleave = node.type === AST_NODE_TYPES.Property && keyName(node) === 'settings' ? interleaveOf(node.value) : null;
    if (interleave) {
      try {
        const value = literal(interleave.value);
        if (typeof value === 'object' && value !== null && !Array.isArray(value)) found = { ...(found ?? {}), ...(value as Record<string, unknown>) };
        else notes.push(`${fileName}: \`settings.interleave\` (line ${lineOf(text, interleave.range[0])}) is not an object; left out.`);
      } catch (error) {
        if (!(error instanceof NotLiteral)) throw error;
        notes.push(`${fileName}: \`settings.interleave\` (line ${lineOf(text, interleave.range[0])}) is computed by code, which the editor does not run; write it as a literal, or use the VS Code settings \`interleave.wrappers\` / \`interleave.lockFactories\`.`);
      }
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) stack.push(...value.filter(isNode).reverse());
      else if (isNode(value) && value !== node.parent) stack.push(value);
    }
  }
  return found;
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' && 'range' in value;
}

function interleaveOf(value: TSESTree.Node): TSESTree.Property | null {
  if (value.type !== AST_NODE_TYPES.ObjectExpression) return null;
  const property = value.properties.find((candidate) => candidate.type === AST_NODE_TYPES.Property && keyName(candidate) === 'interleave');
  return (property as TSESTree.Property | undefined) ?? null;
}

function keyName(property: TSESTree.Property): string | null {
  if (property.computed) return null;
  if (property.key.type === AST_NODE_TYPES.Identifier) return property.key.name;
  return property.key.type === AST_NODE_TYPES.Literal && typeof property.key.value === 'string' ? property.key.value : null;
}

/** The value of a literal expression (objects, arrays, strings, numbers, booleans, null); NotLiteral for anything code computes. */
function literal(node: TSESTree.Node): unknown {
  switch (node.type) {
    case AST_NODE_TYPES.Literal:
      if ('regex' in node || 'bigint' in node) throw new NotLiteral();
      return node.value;
    case AST_NODE_TYPES.TemplateLiteral:
      if (node.expressions.length > 0) throw new NotLiteral();
      return node.quasis[0]!.value.cooked;
    case AST_NODE_TYPES.UnaryExpression:
      if (node.operator === '-' && node.argument.type === AST_NODE_TYPES.Literal && typeof node.argument.value === 'number') return -node.argument.value;
      throw new NotLiteral();
    case AST_NODE_TYPES.ArrayExpression:
      return node.elements.map((element) => {
        if (!element || element.type === AST_NODE_TYPES.SpreadElement) throw new NotLiteral();
        return literal(element);
      });
    case AST_NODE_TYPES.ObjectExpression: {
      const object: Record<string, unknown> = {};
      for (const property of node.properties) {
        const key = property.type === AST_NODE_TYPES.Property && !property.method && property.kind === 'init' ? keyName(property) : null;
        if (key === null) throw new NotLiteral();
        object[key] = literal((property as TSESTree.Property).value);
      }
      return object;
    }
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
      return literal(node.expression);
    default:
      throw new NotLiteral();
  }
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) line += 1;
  return line;
}
