import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { calledMethodName, calleeObject, enclosingClass, enclosingFunction, propertyName, unwrap } from '../analysis/ast';
import type { Bindings } from '../analysis/scope';
import { indentationAt, refuse, type TextEdit } from './edits';

export type InFlightPlan = { ok: true; edits: TextEdit[]; map: string; call: string } | { ok: false; reason: string };

/**
 * Check-then-act on a Map cache (`if (cache.has(k)) return cache.get(k); const v = await load(k);
 * cache.set(k, v);`): share the pending load per key instead of serialising every key behind one
 * lock. A companion map holds the promise of the load in flight for each key, until it settles:
 * `const v = await (cacheInFlight.get(k) ?? cacheInFlight.set(k, load(k).finally(() => cacheInFlight.delete(k))).get(k));`
 */
export function planInFlightMap(sourceCode: Readonly<TSESLint.SourceCode>, bindings: Bindings, write: TSESTree.Node, isTypeScript: boolean): InFlightPlan {
  if (write.type !== AST_NODE_TYPES.CallExpression || calledMethodName(write) !== 'set' || write.arguments.length !== 2) return refuse('Not a `Map#set` call.');
  const container = calleeObject(write);
  const [key, value] = write.arguments as [TSESTree.Node, TSESTree.Node];
  const awaited = awaitedValue(bindings, value, write);
  if (!container || !awaited) return refuse('The stored value is not awaited in this function.');
  const load = unwrap(awaited.argument);
  if (load.type !== AST_NODE_TYPES.CallExpression) return refuse('The awaited value is not a call.');
  const callee = unwrap(load.callee);
  let type = '';
  if (isTypeScript) {
    if (callee.type !== AST_NODE_TYPES.Identifier) return refuse('The promise type cannot be named.');
    type = `<unknown, ReturnType<typeof ${callee.name}>>`;
  }
  const declared = declarationSite(sourceCode, bindings, unwrap(container));
  if (!declared) return refuse('The cache is neither a module variable nor a class field.');
  const name = declared.name;
  const keyText = sourceCode.getText(key);
  const pending = `${name}.get(${keyText})`;
  const start = `${name}.set(${keyText}, ${sourceCode.getText(load)}.finally(() => ${name}.delete(${keyText}))).get(${keyText})${isTypeScript ? '!' : ''}`;
  return {
    ok: true,
    edits: [
      { range: declared.at, text: declared.text(`new Map${type}()`) },
      { range: awaited.argument.range, text: `(${pending} ?? ${start})` },
    ],
    map: name,
    call: `${sourceCode.getText(load.callee)}()`,
  };
}

/** `await load(k)` itself, or the `const v = await load(k)` the stored local was declared with. */
function awaitedValue(bindings: Bindings, value: TSESTree.Node, write: TSESTree.Node): TSESTree.AwaitExpression | null {
  let inner = unwrap(value);
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const variable = bindings.variableOf(inner);
    const def = variable?.defs[0];
    if (variable?.defs.length !== 1 || def?.type !== 'Variable' || def.node.type !== AST_NODE_TYPES.VariableDeclarator || !def.node.init) return null;
    if (variable.references.some((reference) => reference.isWrite() && !reference.init)) return null;
    inner = unwrap(def.node.init);
  }
  return inner.type === AST_NODE_TYPES.AwaitExpression && enclosingFunction(inner) === enclosingFunction(write) ? inner : null;
}

/** Where the companion map is declared: after the module `const` or the class field that holds the cache. */
function declarationSite(
  sourceCode: Readonly<TSESLint.SourceCode>,
  bindings: Bindings,
  container: TSESTree.Node,
): { name: string; at: TSESTree.Range; text: (init: string) => string } | null {
  if (container.type === AST_NODE_TYPES.Identifier) {
    const variable = bindings.variableOf(container);
    const statement = variable?.defs[0]?.node.parent;
    if (!variable || !bindings.isModuleLevel(variable) || statement?.type !== AST_NODE_TYPES.VariableDeclaration) return null;
    const anchor = statement.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration ? statement.parent : statement;
    const name = freeName(`${container.name}InFlight`, (candidate) => bindings.isNameFree(candidate, container));
    return { name, at: [anchor.range[1], anchor.range[1]], text: (init) => `\n${indentationAt(sourceCode.text, anchor.range[0])}const ${name} = ${init};` };
  }
  if (container.type !== AST_NODE_TYPES.MemberExpression || container.object.type !== AST_NODE_TYPES.ThisExpression) return null;
  const field = propertyName(container.property, container.computed);
  const classNode = enclosingClass(container);
  const anchor = classNode?.body.body.find((member) => member.type === AST_NODE_TYPES.PropertyDefinition && propertyName(member.key, member.computed) === field);
  if (!field || !classNode || !anchor) return null;
  const taken = new Set(classNode.body.body.flatMap((member) => ('key' in member ? [propertyName(member.key, 'computed' in member && member.computed)] : [])));
  const member = freeName(`${field.replace(/^#/, '')}InFlight`, (candidate) => !taken.has(candidate));
  return {
    name: `this.${member}`,
    at: [anchor.range[1], anchor.range[1]],
    text: (init) => `\n${indentationAt(sourceCode.text, anchor.range[0])}${member} = ${init};`,
  };
}

function freeName(base: string, isFree: (name: string) => boolean): string {
  for (let suffix = 1; ; suffix += 1) {
    const candidate = suffix === 1 ? base : `${base}${suffix}`;
    if (isFree(candidate)) return candidate;
  }
}
