import type { TSESLint } from '@typescript-eslint/utils';
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint/universal';
import plugin from '../../../eslint-plugin/src/index';
import type { TextEdit } from '../../../eslint-plugin/src/fixes/edits';
import type { Preset } from './settings';

/** One open document, as the editor sees it. */
export interface DocumentInput {
  uri: string;
  version: number;
  text: string;
  languageId: string;
  /** The file's path or name; only its extension is used (TSX/JSX parsing). */
  fileName: string;
}

/** A rule report, positioned as ESLint positions it (1-based lines and columns). */
export interface Problem {
  /** Rule name without the plugin prefix, e.g. `no-read-await-write-race`. */
  rule: string;
  message: string;
  severity: 'error' | 'warning';
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  docsUrl: string | null;
  /** The rule's suggestions, each one change to the document. */
  suggestions: Array<{ title: string; edits: TextEdit[] }>;
}

/** Where the parser stopped: ESLint's fatal message. */
export interface ParseError {
  message: string;
  line: number;
  column: number;
}

export type Analysis =
  | {
      ok: true;
      version: number;
      text: string;
      /** The parsed file (shared with the rules, so the concurrency model built while linting is reused). */
      sourceCode: Readonly<TSESLint.SourceCode>;
      /** The preset's reports, or null when only parsing was asked for. */
      problems: Problem[] | null;
    }
  | { ok: false; version: number; error: ParseError };

export const PLUGIN_PREFIX = 'interleave/';

const LANGUAGE_EXTENSIONS: Record<string, string> = {
  typescript: '.ts',
  typescriptreact: '.tsx',
  javascript: '.js',
  javascriptreact: '.jsx',
};

const KNOWN_EXTENSIONS = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/**
 * Lints documents in-process with ESLint's `Linter`, the bundled typescript-eslint parser and
 * the bundled plugin. Nothing from the workspace is read or run: the configuration is built here.
 */
export class Analyzer {
  private readonly linter = new Linter({ configType: 'flat' });
  private readonly configs = new Map<string, Linter.Config[]>();

  analyze(document: DocumentInput, options: { preset: Preset; rules: boolean }): Analysis {
    const filename = lintFileName(document);
    const config = this.config(options.rules ? options.preset : null, filename);
    let messages: Linter.LintMessage[];
    try {
      messages = this.linter.verify(document.text, config, { filename });
    } catch (error) {
      // A rule that throws must not take the editor down with it: report it where parsing errors go.
      return { ok: false, version: document.version, error: { message: errorText(error), line: 1, column: 1 } };
    }
    const fatal = messages.find((message) => message.fatal);
    if (fatal) return { ok: false, version: document.version, error: { message: fatal.message, line: fatal.line, column: fatal.column } };
    return {
      ok: true,
      version: document.version,
      text: document.text,
      sourceCode: this.linter.getSourceCode() as unknown as Readonly<TSESLint.SourceCode>,
      problems: options.rules ? messages.filter((message) => message.ruleId?.startsWith(PLUGIN_PREFIX)).map(toProblem) : null,
    };
  }

  private config(preset: Preset | null, filename: string): Linter.Config[] {
    const jsx = /x$/.test(filename) || /\.[cm]?js$/.test(filename);
    const key = `${preset ?? 'parse'}:${jsx}`;
    let config = this.configs.get(key);
    if (!config) {
      config = [
        {
          // No sourceType: ESLint's defaults make `.cjs` files CommonJS and the others modules.
          files: ['**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}'],
          languageOptions: {
            parser: tsParser as Linter.Parser,
            ecmaVersion: 'latest',
            parserOptions: { ecmaFeatures: { jsx } },
          },
          // Users' own directives must not be reported as unused: our presets are not their config.
          linterOptions: { reportUnusedDisableDirectives: 'off' },
        },
      ];
      if (preset) config.push(plugin.configs[preset] as Linter.Config);
      this.configs.set(key, config);
    }
    return config;
  }
}

/**
 * The name the linter sees. Only the extension matters (it picks TSX/JSX parsing); a bare name
 * keeps ESLint from matching the file against a base path it does not know.
 */
export function lintFileName(document: Pick<DocumentInput, 'fileName' | 'languageId'>): string {
  const extension = KNOWN_EXTENSIONS.exec(document.fileName)?.[0] ?? LANGUAGE_EXTENSIONS[document.languageId] ?? '.ts';
  return `document${extension}`;
}

function toProblem(message: Linter.LintMessage): Problem {
  const rule = message.ruleId!.slice(PLUGIN_PREFIX.length);
  const docs = (plugin.rules as Record<string, { meta: { docs?: { url?: string } } }>)[rule]?.meta.docs;
  return {
    rule,
    message: message.message,
    severity: message.severity === 2 ? 'error' : 'warning',
    line: message.line,
    column: message.column,
    endLine: message.endLine ?? message.line,
    endColumn: message.endColumn ?? message.column,
    docsUrl: docs?.url ?? null,
    suggestions: (message.suggestions ?? []).map((suggestion) => ({
      title: suggestion.desc,
      edits: [{ range: [suggestion.fix.range[0], suggestion.fix.range[1]], text: suggestion.fix.text }],
    })),
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
