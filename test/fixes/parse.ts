// Parses TypeScript the way ESLint hands it to rules, for fix builders tested on their own.
import { Linter, type Rule, type SourceCode } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';

export type Code = Readonly<TSESLint.SourceCode>;

export function parse(code: string): Code {
  let captured: SourceCode | null = null;
  const capture: Rule.RuleModule = { create: (context) => ({ Program: () => void (captured = context.sourceCode) }) };
  const messages = new Linter({ configType: 'flat' }).verify(code, [
    { files: ['**/*.ts'], languageOptions: { parser: tsParser as Linter.Parser }, plugins: { t: { rules: { capture } } }, rules: { 't/capture': 'error' } },
  ], 'file.ts');
  if (messages.length > 0) throw new Error(messages[0]!.message);
  return captured! as unknown as Code;
}
