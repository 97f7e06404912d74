export { lintText, lintLoaded, prepare, positionAt, type LintSettings, type Problem } from './lint';
export { RULES, RULE_IDS, PRESETS, presetRules, type PresetName } from './rules';
export { docsUrl, type Suggestion, type TextEdit } from './rules/rule';
export { applyEdits } from './fixes/text';
export { pythonHoverAt, type PythonCardId, type PythonHoverTarget } from './hover';
export { loadPythonChecker, type PythonChecker } from './editor';
