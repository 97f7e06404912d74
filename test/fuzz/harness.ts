// Lints one program with every rule of the plugin (strict options) under the TypeScript parser and
// under espree (on the program with its types stripped), and records each exception a rule throws;
// minimises a failing program by deleting lines while it still fails the same way.
import { transformSync } from 'esbuild';
import { Linter } from 'eslint';
// A namespace import: the parser's CommonJS exports have no `default`.
import * as tsParser from '@typescript-eslint/parser';
import { RETHROW_ENV } from '../../eslint-plugin/src/util/create-rule';
import { crashedRule, firstLine, pluginRuleEntries, type PluginLike } from '../corpus/check-file';

// An internal error must fail the fuzzer, not become the safety net's report.
process.env[RETHROW_ENV] = '1';

export type { PluginLike };

export type ParserName = 'typescript' | 'espree';

export interface Crash {
  rule: string;
  parser: ParserName;
  /** The error's first line. */
  message: string;
  stack: string;
}

export interface Checked {
  crashes: Crash[];
  /** Parsers that rejected the program (not ours to fix; counted apart). */
  rejected: ParserName[];
}

/** Returns `check`, which lints a program under both parsers with every rule. */
export function createFuzzChecker(plugin: PluginLike) {
  const linter = new Linter({ configType: 'flat' });
  const rules = pluginRuleEntries(plugin, 'strict');

  const configs = new Map<string, Linter.Config[]>();
  // ESLint normalises a config array on each call it is given anew: reuse them.
  const configFor = (parser: ParserName, jsx: boolean, disabled: ReadonlySet<string>): Linter.Config[] => {
    const key = `${parser}:${jsx}:${[...disabled].join(',')}`;
    let config = configs.get(key);
    if (!config) {
      config = buildConfig(parser, jsx, disabled);
      configs.set(key, config);
    }
    return config;
  };
  const buildConfig = (parser: ParserName, jsx: boolean, disabled: ReadonlySet<string>): Linter.Config[] => [
    {
      files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx'],
      languageOptions: {
        ...(parser === 'typescript' ? { parser: tsParser as Linter.Parser } : {}),
        ecmaVersion: 'latest',
        sourceType: 'module',
        parserOptions: { ecmaFeatures: { jsx } },
      },
      linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
      plugins: { interleave: plugin as never },
      rules: Object.fromEntries(Object.entries(rules).filter(([id]) => !disabled.has(id))),
    },
  ];

  /** One parser's pass; a rule that throws is recorded, switched off, and the pass repeated. */
  function lint(text: string, parser: ParserName, jsx: boolean, crashes: Crash[]): boolean {
    const filename = `program.${parser === 'typescript' ? 'ts' : 'js'}${jsx ? 'x' : ''}`;
    const disabled = new Set<string>();
    for (;;) {
      try {
        const messages = linter.verify(text, configFor(parser, jsx, disabled), { filename });
        for (const message of messages) {
          // Only reached without the rethrow flag; counted all the same.
          if (message.messageId === 'internalError') crashes.push({ rule: message.ruleId ?? 'unknown', parser, message: message.message, stack: '' });
        }
        return !messages.some((message) => message.fatal);
      } catch (error) {
        const rule = crashedRule(error);
        crashes.push({ rule: rule ?? 'unknown', parser, message: firstLine(error), stack: String((error as Error)?.stack ?? error) });
        if (!rule || disabled.has(rule)) return true;
        disabled.add(rule);
      }
    }
  }

  /** `js`: the program without types, when the caller has it; else esbuild strips them for espree. */
  return function check(text: string, options: { jsx?: boolean; js?: string | null; parsers?: readonly ParserName[] } = {}): Checked {
    const jsx = options.jsx ?? false;
    const result: Checked = { crashes: [], rejected: [] };
    for (const parser of options.parsers ?? ['typescript', 'espree']) {
      const input = parser === 'typescript' ? text : (options.js ?? stripTypes(text, jsx));
      if (input === null || !lint(input, parser, jsx, result.crashes)) result.rejected.push(parser);
    }
    return result;
  };
}

/** The program as JavaScript (esbuild drops the types, keeps everything else), or null when esbuild rejects it. */
export function stripTypes(text: string, jsx: boolean): string | null {
  try {
    return transformSync(text, {
      loader: jsx ? 'tsx' : 'ts',
      target: 'esnext',
      format: 'esm',
      jsx: 'preserve',
      tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
      logLevel: 'silent',
    }).code;
  } catch {
    return null;
  }
}

/** A crash's identity: the rule and its message (a stack overflow's top frame varies with where the stack ran out). */
export function signature(crash: Crash): string {
  return `${crash.rule}: ${crash.message}`;
}

/**
 * Delta debugging over lines: removes chunks of lines, halving the chunk size when none can go,
 * while `fails` still holds. Lines whose removal breaks the parse are kept by `fails` itself.
 */
export function minimise(text: string, fails: (candidate: string) => boolean): string {
  let lines = text.split('\n');
  let parts = 2;
  while (lines.length >= 2) {
    const size = Math.ceil(lines.length / parts);
    let reduced = false;
    for (let start = 0; start < lines.length; start += size) {
      const candidate = [...lines.slice(0, start), ...lines.slice(start + size)];
      if (fails(candidate.join('\n'))) {
        lines = candidate;
        parts = Math.max(parts - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (parts >= lines.length) break;
      parts = Math.min(parts * 2, lines.length);
    }
  }
  return lines.join('\n');
}
