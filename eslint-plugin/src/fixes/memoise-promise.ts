import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { enclosingClass, propertyName, unwrap } from '../analysis/ast';
import { indentationAt, refuse, type TextEdit } from './edits';

export type MemoisePlan = { ok: true; edits: TextEdit[]; field: string; call: string } | { ok: false; reason: string };

/**
 * Check-then-act on a field (`if (!this.conn) this.conn = await connect()`): keep the promise of
 * the first call in a companion field, so concurrent callers await the same work:
 * `this.conn = await (this.connPromise ??= connect())`.
 */
export function planMemoisePromise(sourceCode: Readonly<TSESLint.SourceCode>, write: TSESTree.Node, isTypeScript: boolean): MemoisePlan {
  if (write.type !== AST_NODE_TYPES.AssignmentExpression || write.operator !== '=') return refuse('Not a plain assignment.');
  const target = unwrap(write.left);
  const awaited = unwrap(write.right);
  if (target.type !== AST_NODE_TYPES.MemberExpression || target.object.type !== AST_NODE_TYPES.ThisExpression) {
    return refuse('Only fields of `this` can hold the promise.');
  }
  if (awaited.type !== AST_NODE_TYPES.AwaitExpression || unwrap(awaited.argument).type !== AST_NODE_TYPES.CallExpression) {
    return refuse('The value is not an awaited call.');
  }
  const call = unwrap(awaited.argument) as TSESTree.CallExpression;
  const name = propertyName(target.property, target.computed);
  const classNode = enclosingClass(write);
  if (!name || !classNode) return refuse('The field is not declared in a class.');
  const field = freeField(classNode, `${name}Promise`);
  const callee = unwrap(call.callee);
  let type = '';
  if (isTypeScript) {
    if (callee.type !== AST_NODE_TYPES.Identifier) return refuse('The promise type cannot be named.');
    type = `: ReturnType<typeof ${callee.name}> | undefined`;
  }
  const modifier = isTypeScript && !field.startsWith('#') ? 'private ' : '';
  const declaration = `${modifier}${field}${type};`;
  const anchor =
    classNode.body.body.find(
      (member) => member.type === AST_NODE_TYPES.PropertyDefinition && propertyName(member.key, member.computed) === name,
    ) ?? null;
  const edits: TextEdit[] = [];
  if (anchor) {
    edits.push({ range: [anchor.range[1], anchor.range[1]], text: `\n${indentationAt(sourceCode.text, anchor.range[0])}${declaration}` });
  } else {
    const first = classNode.body.body[0];
    const at = first ? first.range[0] : classNode.body.range[0] + 1;
    edits.push({ range: [at, at], text: first ? `${declaration}\n${indentationAt(sourceCode.text, at)}` : ` ${declaration} ` });
  }
  const callText = sourceCode.getText(call);
  edits.push({ range: awaited.argument.range, text: `(this.${field} ??= ${callText})` });
  return { ok: true, edits, field: `this.${field}`, call: `${sourceCode.getText(call.callee)}()` };
}

function freeField(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression, base: string): string {
  const taken = new Set(
    classNode.body.body.flatMap((member) => ('key' in member ? [propertyName(member.key, 'computed' in member && member.computed)] : [])),
  );
  for (let suffix = 0; ; suffix += 1) {
    const candidate = suffix === 0 ? base : `${base}${suffix + 1}`;
    if (!taken.has(candidate)) return candidate;
  }
}
