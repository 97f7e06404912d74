import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { propertyName, unwrap } from './ast';
import type { Bindings, Variable } from './scope';

/** A value imported from a package: `name` is the export, `default`, or `*` for the module object. */
export interface ImportedValue {
  source: string;
  name: string;
}

function requireSource(node: TSESTree.Node | null | undefined): string | null {
  if (!node) return null;
  const inner = unwrap(node);
  if (
    inner.type === AST_NODE_TYPES.CallExpression &&
    inner.callee.type === AST_NODE_TYPES.Identifier &&
    inner.callee.name === 'require' &&
    inner.arguments.length === 1
  ) {
    const argument = inner.arguments[0];
    if (argument?.type === AST_NODE_TYPES.Literal && typeof argument.value === 'string') return argument.value;
  }
  return null;
}

/** Strips `node:` and sub-paths such as `async-mutex/lib/Mutex` down to the package name. */
export function packageName(source: string): string {
  const bare = source.startsWith('node:') ? source.slice(5) : source;
  const parts = bare.split('/');
  return bare.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? bare);
}

/** Where an imported binding comes from: ES import, `require`, or a destructured `require`. */
export function importOfVariable(variable: Variable): ImportedValue | null {
  for (const def of variable.defs) {
    if (def.type === 'ImportBinding') {
      const declaration = def.parent as TSESTree.ImportDeclaration;
      const source = packageName(String(declaration.source.value));
      const specifier = def.node;
      if (specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier) return { source, name: 'default' };
      if (specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier) return { source, name: '*' };
      if (specifier.type === AST_NODE_TYPES.ImportSpecifier) {
        const imported = specifier.imported;
        const name = imported.type === AST_NODE_TYPES.Identifier ? imported.name : String(imported.value);
        return { source, name: name === 'default' ? 'default' : name };
      }
    }
    if (def.type === 'Variable' && def.node.type === AST_NODE_TYPES.VariableDeclarator) {
      const declarator = def.node;
      const direct = requireSource(declarator.init);
      if (direct !== null && declarator.id.type === AST_NODE_TYPES.Identifier) {
        return { source: packageName(direct), name: '*' };
      }
      if (direct !== null && declarator.id.type === AST_NODE_TYPES.ObjectPattern) {
        for (const property of declarator.id.properties) {
          if (property.type !== AST_NODE_TYPES.Property) continue;
          const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
          if (value.type === AST_NODE_TYPES.Identifier && variable.identifiers.includes(value)) {
            const name = propertyName(property.key, property.computed);
            if (name) return { source: packageName(direct), name };
          }
        }
      }
      // Babel's and TypeScript's interop: `var _pLimit2 = _interopRequireDefault(_pLimit)`, `__importDefault(require('p-limit'))`.
      const init = declarator.init && unwrap(declarator.init);
      const wrapped = init?.type === AST_NODE_TYPES.CallExpression && init.callee.type === AST_NODE_TYPES.Identifier && INTEROP_HELPERS.test(init.callee.name) ? init.arguments[0] : null;
      if (wrapped && declarator.id.type === AST_NODE_TYPES.Identifier) {
        const source = requireSource(wrapped) ?? (wrapped.type === AST_NODE_TYPES.Identifier ? requiredModule(wrapped, variable) : null);
        if (source !== null) return { source, name: '*' };
      }
      // const Mutex = require('async-mutex').Mutex
      if (init?.type === AST_NODE_TYPES.MemberExpression) {
        const source = requireSource(init.object);
        const name = propertyName(init.property, init.computed);
        if (source !== null && name) return { source: packageName(source), name };
      }
    }
  }
  return null;
}

const INTEROP_HELPERS = /^_*(?:interopRequire(?:Default|Wildcard)|importDefault|importStar)\d*$/;

/** The package a module-level `var _x = require('x')` named by `identifier` holds. */
function requiredModule(identifier: TSESTree.Identifier, from: Variable): string | null {
  const found = from.scope.set.get(identifier.name) ?? from.scope.upper?.set.get(identifier.name);
  const def = found?.defs[0];
  if (def?.type !== 'Variable' || def.node.type !== AST_NODE_TYPES.VariableDeclarator) return null;
  const source = requireSource(def.node.init);
  return source !== null ? packageName(source) : null;
}

/**
 * Which package export an expression denotes: `Mutex`, `am.Mutex`, `require('async-lock')`,
 * `require('async-mutex').Mutex`. `*` and `default` both stand for a CommonJS module object.
 */
export function resolveImported(node: TSESTree.Node, bindings: Bindings): ImportedValue | null {
  let inner = unwrap(node);
  // Compiled code calls imports as `(0, _lib.default)(…)`.
  if (inner.type === AST_NODE_TYPES.SequenceExpression && inner.expressions.length === 2 && inner.expressions[0]!.type === AST_NODE_TYPES.Literal) inner = unwrap(inner.expressions[1]!);
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const variable = bindings.variableOf(inner);
    return variable ? importOfVariable(variable) : null;
  }
  if (inner.type === AST_NODE_TYPES.MemberExpression) {
    const name = propertyName(inner.property, inner.computed);
    if (!name) return null;
    const object = resolveImported(inner.object, bindings);
    if (object && (object.name === '*' || object.name === 'default')) return { source: object.source, name };
    // `fs.promises.readFile`: Node's promise API is a namespace of the same module.
    if (object && object.source === 'fs' && object.name === 'promises') return { source: object.source, name };
    const source = requireSource(inner.object);
    if (source !== null) return { source: packageName(source), name };
    return null;
  }
  const source = requireSource(inner);
  return source !== null ? { source: packageName(source), name: '*' } : null;
}

/** The package a type reference's name was imported from (`import type { MutexInterface } from 'async-mutex'`). */
export function resolveTypeImport(typeName: TSESTree.EntityName, bindings: Bindings): ImportedValue | null {
  if (typeName.type === AST_NODE_TYPES.Identifier) {
    const variable = bindings.variableOf(typeName);
    return variable ? importOfVariable(variable) : null;
  }
  if (typeName.type === AST_NODE_TYPES.TSQualifiedName) {
    const left = resolveTypeImport(typeName.left, bindings);
    if (left && (left.name === '*' || left.name === 'default')) return { source: left.source, name: typeName.right.name };
  }
  return null;
}
