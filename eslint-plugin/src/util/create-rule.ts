import { ESLintUtils } from '@typescript-eslint/utils';
import type { RuleWithMetaAndName } from '@typescript-eslint/utils/eslint-utils';

export const DOCS_BASE_URL = 'https://github.com/interleave-dev/interleave/blob/main/rules-docs';

export interface InterleaveDocs {
  description: string;
  /** Presets that enable the rule; `all` is implied. */
  presets: ReadonlyArray<'recommended' | 'strict'>;
  /** Options merged over `defaultOptions` in the strict preset. */
  strictOptions?: Record<string, unknown>;
}

const ruleCreator = ESLintUtils.RuleCreator<InterleaveDocs>((name) => `${DOCS_BASE_URL}/${name}.md`);

/**
 * typescript-eslint's rule creator, with the options merged over `meta.defaultOptions` once per
 * distinct configuration instead of once per file (its merge deep-clones every time, and ESLint
 * hands each file a new options array, so the cache is keyed by the options' JSON text).
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>(
  rule: Readonly<RuleWithMetaAndName<Options, MessageIds, InterleaveDocs>>,
): ReturnType<typeof ruleCreator<Options, MessageIds>> {
  const merged = new Map<string, Options>();
  const created = ruleCreator<Options, MessageIds>(rule);
  return {
    ...created,
    create(context) {
      const key = JSON.stringify(context.options);
      let options = merged.get(key);
      if (!options) {
        options = ESLintUtils.applyDefault(rule.meta.defaultOptions ?? ([] as unknown as Options), context.options as Options) as Options;
        merged.set(key, options);
      }
      return rule.create(context, options);
    },
  };
}
