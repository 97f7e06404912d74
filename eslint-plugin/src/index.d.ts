import type { ESLint, Linter, Rule } from 'eslint';

type PresetName = 'recommended' | 'strict' | 'all';

declare const plugin: ESLint.Plugin & {
  meta: { name: string; version: string };
  rules: Record<string, Rule.RuleModule>;
  configs: Record<PresetName, Linter.Config>;
};

export = plugin;
