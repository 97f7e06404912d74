// Every edit any action makes, on every fixture: each diagnostic's actions at its start, and
// "Wrap in lock" / "Move await before the lock" on every statement of every async function.
// Each result must parse and type-check, as every fixture does.
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { childNodes, isFunction } from '../../eslint-plugin/src/analysis/ast';
import { codeActions, type CoreAction } from '../../extension/src/core/code-actions';
import { describeWithFixtures, fixtureFiles } from '../shared-fixtures';
import { analyzer, apply, documentOf, parses, typeErrors } from './helpers';

const fixtures = (['recommended', 'strict'] as const).flatMap((preset) => fixtureFiles(preset).map(({ name, text }) => ({ name: `${preset}/${name}`, preset, text })));

function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split('\n');
  return lines.slice(0, line - 1).reduce((sum, current) => sum + current.length + 1, 0) + column - 1;
}

function statementsOfAsyncFunctions(program: TSESTree.Node): TSESTree.Statement[] {
  const found: TSESTree.Statement[] = [];
  const visit = (node: TSESTree.Node, inAsync: boolean): void => {
    const async = isFunction(node) ? node.async : inAsync;
    if (async && node.type === AST_NODE_TYPES.BlockStatement) found.push(...node.body);
    for (const child of childNodes(node)) visit(child, async);
  };
  visit(program, false);
  return found;
}

describeWithFixtures('every action on every fixture', () => describe.each(fixtures)('$name', ({ preset, text }) => {
  const analysis = analyzer.analyze(documentOf(text), { preset, rules: true });
  if (!analysis.ok) throw new Error(analysis.error.message);
  // Web Locks need the browser library.
  const dom = text.includes('navigator.locks');

  const verify = (action: CoreAction, where: string): void => {
    if (!action.edits) return;
    const result = apply(text, action.edits);
    expect(parses(result), `${action.title} at ${where}:\n${result}`).toBe(true);
    expect(typeErrors({ 'fixture.ts': result }, { dom }), `${action.title} at ${where}:\n${result}`).toEqual([]);
  };

  it('type-checks as it is, so that every output is type-checked against the libraries it imports', () => {
    expect(typeErrors({ 'fixture.ts': text }, { dom })).toEqual([]);
  });

  it('every action on every diagnostic gives code that parses and type-checks', () => {
    for (const problem of analysis.problems!) {
      const offset = offsetOf(text, problem.line, problem.column);
      const { rule, message, line, column, endLine, endColumn } = problem;
      const actions = codeActions({
        text,
        sourceCode: analysis.sourceCode,
        problems: analysis.problems!,
        diagnostics: [{ rule, message, line, column, endLine, endColumn }],
        selection: [offset, offset],
        lockLibrary: 'async-mutex',
      });
      expect(actions.some((action) => action.command?.args[0] === rule)).toBe(true);
      for (const action of actions) verify(action, `line ${line}`);
    }
  });

  it('wrapping any one statement of an async function gives code that parses and type-checks', () => {
    for (const statement of statementsOfAsyncFunctions(analysis.sourceCode.ast as TSESTree.Node)) {
      const actions = codeActions({
        text,
        sourceCode: analysis.sourceCode,
        problems: [],
        diagnostics: [],
        selection: statement.range,
        lockLibrary: 'async-mutex',
      });
      for (const action of actions) verify(action, `line ${statement.loc.start.line}`);
    }
  });
}));

it('the type check this sweep relies on does find errors', () => {
  expect(typeErrors({ 'wrong.ts': "import { Mutex } from 'async-mutex';\nconst m: Mutex = 1;" })).toEqual([
    "wrong.ts:2: Type 'number' is not assignable to type 'Mutex'.",
  ]);
});
