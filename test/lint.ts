// Lints source text with the plugin from source, as a user's flat config would.
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import plugin from '../eslint-plugin/src/index';

export type PresetName = 'recommended' | 'strict' | 'all';

export interface Finding {
  rule: string;
  line: number;
  column: number;
  message: string;
}

const linter = new Linter({ configType: 'flat' });

export function lintText(code: string, preset: PresetName, filename = 'file.ts'): Finding[] {
  const config = plugin.configs[preset] as Linter.Config;
  const messages = linter.verify(
    code,
    [{ files: ['**/*.ts', '**/*.js'], languageOptions: { parser: tsParser as Linter.Parser, ecmaVersion: 'latest', sourceType: 'module' } }, config],
    { filename },
  );
  return messages.map((message) => {
    if (message.fatal || !message.ruleId) throw new Error(`${filename}:${message.line}: ${message.message}`);
    return { rule: message.ruleId.replace(/^interleave\//, ''), line: message.line, column: message.column, message: message.message };
  });
}
