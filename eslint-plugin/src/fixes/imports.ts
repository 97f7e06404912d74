import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { propertyName } from '../analysis/ast';
import { modelFor } from '../analysis/model';
import { COMMONJS_MENTION } from '../analysis/text-tests';
import type { TextEdit } from './edits';

/**
 * The local name under which `name` from `source` can be used, adding the import when missing:
 * a specifier in an existing value import, or a new `import`/`require` line after the last one.
 * Null in a plain script, which can neither import nor require.
 */
export function ensureNamedImport(
  sourceCode: Readonly<TSESLint.SourceCode>,
  source: string,
  name: string,
  edits: TextEdit[],
): string | null {
  const program = sourceCode.ast;
  const imports = program.body.filter((statement): statement is TSESTree.ImportDeclaration => statement.type === AST_NODE_TYPES.ImportDeclaration);
  for (const declaration of imports) {
    if (declaration.source.value !== source || declaration.importKind === 'type') continue;
    for (const specifier of declaration.specifiers) {
      if (
        specifier.type === AST_NODE_TYPES.ImportSpecifier &&
        specifier.importKind !== 'type' &&
        propertyName(specifier.imported, false) === name
      ) {
        return specifier.local.name;
      }
    }
  }
  const existing = requiredName(program, source, name);
  if (existing) return existing;
  const model = modelFor(sourceCode);
  const local = model.bindings.isNameFree(name, program) ? name : `${name}From${source.replace(/[^A-Za-z]/g, '')}`;
  const alias = local === name ? name : `${name} as ${local}`;
  const extendable = imports.find(
    (declaration) =>
      declaration.source.value === source &&
      declaration.importKind !== 'type' &&
      declaration.specifiers.some((specifier) => specifier.type === AST_NODE_TYPES.ImportSpecifier),
  );
  if (extendable) {
    const lastSpecifier = extendable.specifiers.at(-1)!;
    edits.push({ range: [lastSpecifier.range[1], lastSpecifier.range[1]], text: `, ${alias}` });
    return local;
  }
  // A file with no `import` that calls `require` is CommonJS, whatever the parser's sourceType says.
  const kind = moduleKind(sourceCode);
  if (kind === 'script') return null;
  const line =
    kind === 'commonjs'
      ? `const { ${local === name ? name : `${name}: ${local}`} } = require('${source}');`
      : `import { ${alias} } from '${source}';`;
  edits.push(moduleLines(sourceCode, [line]));
  return local;
}

/**
 * How the file gets other modules: ES `import` (module syntax, or parsed as a module), CommonJS
 * `require` (no module syntax, but `require`/`exports` in use, whatever the parser's sourceType),
 * or neither (a plain script: a browser `<script>`, a UMD bundle).
 */
export function moduleKind(sourceCode: Readonly<TSESLint.SourceCode>): 'module' | 'commonjs' | 'script' {
  const moduleSyntax = sourceCode.ast.body.some(
    (statement) =>
      statement.type === AST_NODE_TYPES.ImportDeclaration ||
      statement.type === AST_NODE_TYPES.ExportNamedDeclaration ||
      statement.type === AST_NODE_TYPES.ExportDefaultDeclaration ||
      statement.type === AST_NODE_TYPES.ExportAllDeclaration,
  );
  if (moduleSyntax) return 'module';
  // espree's `sourceType: 'commonjs'` (ESLint's default for .cjs) says so outright.
  if ((sourceCode.ast.sourceType as string) === 'commonjs' || COMMONJS_MENTION.test(sourceCode.text)) return 'commonjs';
  return sourceCode.ast.sourceType === 'module' ? 'module' : 'script';
}

/**
 * Adds lines at module level: after the last import, or else before the first statement that is
 * not a directive (`"use strict"` must stay first; a `#!` line is not a statement).
 */
export function moduleLines(sourceCode: Readonly<TSESLint.SourceCode>, lines: readonly string[]): TextEdit {
  const body = sourceCode.ast.body;
  const lastImport = body.filter((statement) => statement.type === AST_NODE_TYPES.ImportDeclaration).at(-1);
  if (lastImport) return { range: [lastImport.range[1], lastImport.range[1]], text: lines.map((line) => `\n${line}`).join('') };
  let lastDirective: TSESTree.Node | undefined;
  for (const statement of body) {
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement || !statement.directive) break;
    lastDirective = statement;
  }
  if (lastDirective) return { range: [lastDirective.range[1], lastDirective.range[1]], text: `\n\n${lines.join('\n')}` };
  const at = body[0]?.range[0] ?? sourceCode.ast.range[1];
  return { range: [at, at], text: `${lines.join('\n')}\n\n` };
}

/** `const { Mutex } = require('async-mutex')` at module level. */
function requiredName(program: TSESTree.Program, source: string, name: string): string | null {
  for (const statement of program.body) {
    if (statement.type !== AST_NODE_TYPES.VariableDeclaration) continue;
    for (const declarator of statement.declarations) {
      const init = declarator.init;
      const isRequire =
        init?.type === AST_NODE_TYPES.CallExpression &&
        init.callee.type === AST_NODE_TYPES.Identifier &&
        init.callee.name === 'require' &&
        init.arguments[0]?.type === AST_NODE_TYPES.Literal &&
        init.arguments[0].value === source;
      if (!isRequire || declarator.id.type !== AST_NODE_TYPES.ObjectPattern) continue;
      for (const property of declarator.id.properties) {
        if (property.type === AST_NODE_TYPES.Property && propertyName(property.key, property.computed) === name && property.value.type === AST_NODE_TYPES.Identifier) {
          return property.value.name;
        }
      }
    }
  }
  return null;
}
