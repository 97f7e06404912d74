// A rule that throws must not stop the user's lint run: `createRule` turns the error into one
// report at the top of the file. The tests run with INTERLEAVE_RETHROW=1 (test/vitest.config.ts),
// so that an internal error fails them loudly; here the variable is cleared to see the net itself.
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRule, RETHROW_ENV } from '../eslint-plugin/src/util/create-rule';

let calls: string[] = [];

function throwingRule(name: string) {
  return createRule<[], 'never'>({
    name,
    meta: { type: 'problem', docs: { description: 'Throws on every await expression it visits', presets: ['strict'] }, schema: [], messages: { never: 'Never reported.' }, defaultOptions: [] },
    create() {
      return {
        AwaitExpression() {
          calls.push(name);
          throw new RangeError('Maximum call stack size exceeded');
        },
      };
    },
  });
}

const plugin = { rules: { first: throwingRule('first'), second: throwingRule('second') } };
const code = 'async function f() {\n  await a();\n  await b();\n}\n';

function lint(rules: string[]): Linter.LintMessage[] {
  return new Linter({ configType: 'flat' }).verify(code, [
    {
      languageOptions: { parser: tsParser as Linter.Parser },
      plugins: { test: plugin as never },
      rules: Object.fromEntries(rules.map((rule) => [`test/${rule}`, 'error'])),
    },
  ]);
}

describe('the internal-error safety net', () => {
  const saved = process.env[RETHROW_ENV];
  beforeEach(() => {
    calls = [];
    delete process.env[RETHROW_ENV];
  });
  afterEach(() => {
    process.env[RETHROW_ENV] = saved;
  });

  it('reports a rule that throws once, at the top of the file, and runs it no further there', () => {
    expect(lint(['first'])).toEqual([
      {
        ruleId: 'test/first',
        severity: 2,
        message: 'Interleave could not analyse this file: Maximum call stack size exceeded. Please report it with the file.',
        messageId: 'internalError',
        line: 1,
        column: 1,
      },
    ]);
    expect(calls).toEqual(['first']);
  });

  it('reports one problem per file however many rules throw', () => {
    expect(lint(['first', 'second']).map((message) => message.ruleId)).toEqual(['test/first']);
    expect(calls).toEqual(['first', 'second']);
  });

  it('lets the error through when INTERLEAVE_RETHROW=1, so that tests and the fuzzer fail on it', () => {
    process.env[RETHROW_ENV] = '1';
    expect(() => lint(['first'])).toThrow(/Maximum call stack size exceeded/);
  });
});
