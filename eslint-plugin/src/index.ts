import type { TSESLint } from '@typescript-eslint/utils';
import { rules } from './rules';

const PLUGIN_NAME = 'interleave';
// Replaced at build time from eslint-plugin/package.json.
declare const __PLUGIN_VERSION__: string;

type PresetName = 'recommended' | 'strict' | 'all';
type RuleEntry = TSESLint.SharedConfig.RuleEntry;

function ruleEntry(name: keyof typeof rules, preset: PresetName): RuleEntry | null {
  const presets = rules[name].meta.docs?.presets ?? [];
  const strictOptions = rules[name].meta.docs?.strictOptions;
  if (preset === 'all') return 'error';
  const inPreset = presets.includes('recommended') || (preset === 'strict' && presets.includes('strict'));
  if (!inPreset) return null;
  if (preset === 'strict' && strictOptions) return ['error', { ...strictOptions }];
  return 'error';
}

function preset(name: PresetName): TSESLint.FlatConfig.Config {
  const enabled: Record<string, RuleEntry> = {};
  for (const ruleName of Object.keys(rules) as Array<keyof typeof rules>) {
    const entry = ruleEntry(ruleName, name);
    if (entry) enabled[`${PLUGIN_NAME}/${ruleName}`] = entry;
  }
  return { name: `${PLUGIN_NAME}/${name}`, plugins: { [PLUGIN_NAME]: plugin }, rules: enabled };
}

const plugin = {
  meta: { name: 'eslint-plugin-interleave', version: __PLUGIN_VERSION__ },
  rules,
  configs: {} as Record<PresetName, TSESLint.FlatConfig.Config>,
};
plugin.configs.recommended = preset('recommended');
plugin.configs.strict = preset('strict');
plugin.configs.all = preset('all');

export default plugin;
