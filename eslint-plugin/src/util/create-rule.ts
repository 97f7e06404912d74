import { ESLintUtils } from '@typescript-eslint/utils';

export const DOCS_BASE_URL = 'https://github.com/interleave-dev/interleave/blob/main/rules-docs';

export interface InterleaveDocs {
  description: string;
  /** Presets that enable the rule; `all` is implied. */
  presets: ReadonlyArray<'recommended' | 'strict'>;
  /** Options merged over `defaultOptions` in the strict preset. */
  strictOptions?: Record<string, unknown>;
}

export const createRule = ESLintUtils.RuleCreator<InterleaveDocs>((name) => `${DOCS_BASE_URL}/${name}.md`);
