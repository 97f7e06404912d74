// typescript-eslint's RuleTester, wired to vitest, parsing TypeScript as users' configs do; then
// the same cases again through espree, ESLint's default parser, as ES module, CommonJS and script.
import { RuleTester, type InvalidTestCase, type RunTests, type TestLanguageOptions, type ValidTestCase } from '@typescript-eslint/rule-tester';
import type { RuleModule } from '@typescript-eslint/utils/ts-eslint';
import * as espree from 'espree';
import { afterAll, describe, it } from 'vitest';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/**
 * Every error object must state its message data (errors and suggestions) and its full position,
 * so that a wrong name in a message, or a report moved to another node, fails the test.
 */
class StrictRuleTester extends RuleTester {
  override run<MessageIds extends string, Options extends readonly unknown[]>(
    name: string,
    rule: RuleModule<MessageIds, Options>,
    tests: RunTests<MessageIds, Options>,
  ): void {
    super.run(name, rule, { ...tests, assertionOptions: { requireData: true, requireLocation: true, ...tests.assertionOptions } });
  }
}

type SourceType = 'module' | 'commonjs' | 'script';
const ESPREE_SOURCE_TYPES: readonly SourceType[] = ['module', 'commonjs', 'script'];

interface Tester {
  run<MessageIds extends string, Options extends readonly unknown[]>(name: string, rule: RuleModule<MessageIds, Options>, tests: RunTests<MessageIds, Options>): void;
}

/**
 * Each case runs through @typescript-eslint/parser, then through espree with every sourceType
 * it can be written in as JavaScript (see `asJavaScript`), expecting the same reports and
 * suggestion outputs: the parser and module system must not change what the rules find.
 */
export function ruleTester(): Tester {
  const typescript = new StrictRuleTester({ languageOptions: { parserOptions: {} } });
  return {
    run(name, rule, tests) {
      typescript.run(name, rule, tests);
      for (const sourceType of ESPREE_SOURCE_TYPES) {
        const valid = tests.valid.flatMap((test) => validAs(typeof test === 'string' ? { code: test } : test, sourceType));
        const invalid = tests.invalid.flatMap((test) => invalidAs(test, sourceType));
        if (valid.length + invalid.length === 0) continue;
        // Scope analysis reads `languageOptions.sourceType` (missing from typescript-eslint's config
        // type), the parser `parserOptions.sourceType`, which the tester would default to module.
        const languageOptions = { parser: espree, ecmaVersion: 'latest', sourceType, parserOptions: { sourceType } } as TestLanguageOptions;
        const espreeTester = new StrictRuleTester({ languageOptions });
        espreeTester.run(`${name} (espree, ${sourceType})`, rule, { valid, invalid });
      }
    },
  };
}

function validAs<Options extends readonly unknown[]>(test: ValidTestCase<Options>, sourceType: SourceType): Array<ValidTestCase<Options>> {
  if (test.languageOptions) return [];
  const code = asJavaScript(test.code, sourceType);
  return code === null ? [] : [{ ...test, code: code.text }];
}

function invalidAs<MessageIds extends string, Options extends readonly unknown[]>(
  test: InvalidTestCase<MessageIds, Options>,
  sourceType: SourceType,
): Array<InvalidTestCase<MessageIds, Options>> {
  if (test.languageOptions) return [];
  const code = asJavaScript(test.code, sourceType);
  if (code === null) return [];
  // Rewritten lines change length: a report on one would move its columns.
  if (test.errors.some((error) => error.line !== undefined && code.rewrittenLines.has(error.line))) return [];
  const errors = [];
  for (const error of test.errors) {
    const suggestions = [];
    for (const suggestion of error.suggestions ?? []) {
      const output = asJavaScript(suggestion.output, sourceType);
      // A script can neither import nor require: its suggestions that add a lock library differ.
      if (output === null || (sourceType === 'script' && moduleMentions(output.text) > moduleMentions(code.text))) return [];
      // An import the fix extends (`{ Mutex, Semaphore }`) is a second `require` line in CommonJS.
      if (sourceType === 'commonjs' && extendsAnImport(test.code, suggestion.output)) return [];
      suggestions.push({ ...suggestion, output: output.text });
    }
    errors.push(error.suggestions ? { ...error, suggestions } : error);
  }
  let output = test.output;
  if (typeof output === 'string') {
    const rewritten = asJavaScript(output, sourceType);
    if (rewritten === null) return [];
    output = rewritten.text;
  }
  return [{ ...test, code: code.text, errors, ...(output === undefined ? {} : { output }) }];
}

/**
 * The case as plain JavaScript of `sourceType`, or null when it cannot be one: a one-line
 * `declare function f(…): T;` becomes `const f = globalThis.f;` (an unknown function either way),
 * for CommonJS a one-line `import` becomes the matching `require`, and the result must parse.
 * Other TypeScript syntax (types, other `declare`s) leaves the case to the TypeScript pass.
 */
function asJavaScript(code: string, sourceType: SourceType): { text: string; rewrittenLines: Set<number> } | null {
  const rewrittenLines = new Set<number>();
  const lines = code.split('\n');
  for (const [index, line] of lines.entries()) {
    let rewritten: string | null = line;
    const declared = /^declare function (\w+)\b.*;$/.exec(line);
    if (declared) rewritten = `const ${declared[1]} = globalThis.${declared[1]};`;
    else if (/^declare /.test(line)) return null;
    else if (sourceType === 'commonjs' && line.startsWith('import ')) rewritten = requireFor(line);
    if (rewritten === null) return null;
    if (rewritten !== line) {
      lines[index] = rewritten;
      rewrittenLines.add(index + 1);
    }
  }
  const text = lines.join('\n');
  try {
    espree.parse(text, { ecmaVersion: 'latest', sourceType });
  } catch {
    return null;
  }
  return { text, rewrittenLines };
}

/** `import { A, B as C } from 's';` → `const { A, B: C } = require('s');`, likewise default and namespace imports. */
function requireFor(line: string): string | null {
  const match = /^import (.+) from ('[^']+');$/.exec(line);
  if (!match) return null;
  const [, clause, source] = match as unknown as [string, string, string];
  const named = /^\{ (.+) \}$/.exec(clause);
  if (named) return `const { ${named[1]!.replace(/ as /g, ': ')} } = require(${source});`;
  const namespace = /^\* as (\w+)$/.exec(clause);
  const binding = namespace ? namespace[1] : /^\w+$/.test(clause) && clause !== 'type' ? clause : null;
  return binding ? `const ${binding} = require(${source});` : null;
}

function extendsAnImport(code: string, output: string): boolean {
  const importsOf = (text: string) => text.split('\n').filter((line) => line.startsWith('import '));
  const before = importsOf(code);
  const sourceOf = (line: string) => /from ('[^']+')/.exec(line)?.[1];
  return importsOf(output).some((line) => !before.includes(line) && before.some((old) => sourceOf(old) === sourceOf(line)));
}

function moduleMentions(text: string): number {
  return (text.match(/\bimport\b|\brequire\(/g) ?? []).length;
}

/** Declarations most test cases share, so cases stay short. */
export const MUTEX_IMPORT = "import { Mutex, Semaphore } from 'async-mutex';\n";
