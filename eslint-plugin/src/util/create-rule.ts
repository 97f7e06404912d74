import { ESLintUtils, type TSESLint } from '@typescript-eslint/utils';
import type { RuleWithMetaAndName } from '@typescript-eslint/utils/eslint-utils';
import { parseSettings } from '../analysis/settings';
import { isTestFile, projectPath } from './test-files';

export const DOCS_BASE_URL = 'https://github.com/interleave-dev/interleave/blob/main/rules-docs';

export interface InterleaveDocs {
  description: string;
  /** Presets that enable the rule; `all` is implied. */
  presets: ReadonlyArray<'recommended' | 'strict'>;
  /** Options merged over `defaultOptions` in the strict preset. */
  strictOptions?: Record<string, unknown>;
}

/** The message id every rule reports an internal error with (see `createRule`). */
export const INTERNAL_ERROR = 'internalError';

/**
 * Set to `1` (the tests and the fuzzer do) to let an internal error escape as it would without
 * the safety net, so that nothing is hidden where a failure should be loud.
 */
export const RETHROW_ENV = 'INTERLEAVE_RETHROW';

const INTERNAL_ERROR_MESSAGE = 'Interleave could not analyse this file: {{message}}. Please report it with the file.';

/** The report text of an internal error, as the rules and the editor extension word it. */
export function internalErrorText(error: unknown): string {
  return INTERNAL_ERROR_MESSAGE.replace('{{message}}', internalErrorDetail(error));
}

function internalErrorDetail(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? '').trim().replace(/\.$/, '') || 'an internal error';
}

function rethrows(): boolean {
  return typeof process !== 'undefined' && process.env?.[RETHROW_ENV] === '1';
}

/** Files that already carry an internal-error report: one per file, whichever rule failed first. */
const failedFiles = new WeakSet<object>();

/** Per file (its `SourceCode`, which every rule shares), whether the rules stay quiet there as test code. */
const quietTestFiles = new WeakMap<object, boolean>();

function isQuietTestFile(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): boolean {
  let quiet = quietTestFiles.get(context.sourceCode);
  if (quiet === undefined) {
    quiet = !parseSettings(context.settings).lintTestFiles && isTestFile(projectPath(context.filename, context.cwd));
    quietTestFiles.set(context.sourceCode, quiet);
  }
  return quiet;
}

const ruleCreator = ESLintUtils.RuleCreator<InterleaveDocs>((name) => `${DOCS_BASE_URL}/${name}.md`);

/**
 * typescript-eslint's rule creator, with the options merged over `meta.defaultOptions` once per
 * distinct configuration instead of once per file (its merge deep-clones every time, and ESLint
 * hands each file a new options array, so the cache is keyed by the options' JSON text).
 *
 * Every rule stays quiet in test code unless `settings.interleave.lintTestFiles` is true (see
 * `isTestFile`). It is also the one safety net for internal errors: a rule that throws would stop the user's
 * whole ESLint run, so the error becomes one report at the top of the file and the rule stays
 * quiet for the rest of it (unless `INTERLEAVE_RETHROW=1`).
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>(
  rule: Readonly<RuleWithMetaAndName<Options, MessageIds, InterleaveDocs>>,
): ReturnType<typeof ruleCreator<Options, MessageIds>> {
  const merged = new Map<string, Options>();
  const created = ruleCreator<Options, MessageIds>(rule);
  return {
    ...created,
    meta: { ...created.meta, messages: { ...created.meta.messages, [INTERNAL_ERROR]: INTERNAL_ERROR_MESSAGE } },
    create(context) {
      let failed = false;
      const fail = (error: unknown): void => {
        if (rethrows()) throw error;
        failed = true;
        if (failedFiles.has(context.sourceCode)) return;
        failedFiles.add(context.sourceCode);
        context.report({
          loc: { line: 1, column: 0 },
          messageId: INTERNAL_ERROR as MessageIds,
          data: { message: internalErrorDetail(error) },
        });
      };
      let listeners: TSESLint.RuleListener;
      try {
        if (isQuietTestFile(context)) return {};
        const key = JSON.stringify(context.options);
        let options = merged.get(key);
        if (!options) {
          options = ESLintUtils.applyDefault(rule.meta.defaultOptions ?? ([] as unknown as Options), context.options as Options) as Options;
          merged.set(key, options);
        }
        listeners = rule.create(context, options);
      } catch (error) {
        fail(error);
        return {};
      }
      const guarded: Record<string, (...args: never[]) => void> = {};
      for (const [selector, listener] of Object.entries(listeners)) {
        if (typeof listener !== 'function') continue;
        guarded[selector] = (...args: never[]) => {
          if (failed) return;
          try {
            (listener as (...args: never[]) => void)(...args);
          } catch (error) {
            fail(error);
          }
        };
      }
      return guarded as TSESLint.RuleListener;
    },
  };
}
