// The checkers the worker can load, one entry per language family. The host picks an entry by
// the document's language id and knows nothing else about it; a new language (Python asyncio)
// is one more entry whose bundle exports `createEngine()` (see `worker/engines.ts`).

export interface LanguageEntry {
  /** Names the checker in the log. */
  name: string;
  /** VS Code language ids it checks. */
  languageIds: readonly string[];
  /** The bundle, beside the worker's, that exports `createEngine()`; loaded on first use. */
  bundle: string;
  /**
   * Whether eslint-plugin-interleave checks these files too: only then does `interleave.diagnostics:
   * auto` leave the problems to vscode-eslint where the workspace's ESLint config loads the plugin.
   */
  eslintPlugin: boolean;
}

export const LANGUAGES: readonly LanguageEntry[] = [
  { name: 'JavaScript/TypeScript', languageIds: ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'], bundle: 'engine.js', eslintPlugin: true },
  { name: 'Python asyncio', languageIds: ['python'], bundle: 'python-engine.js', eslintPlugin: false },
];

export function languageOf(languageId: string): LanguageEntry | undefined {
  return LANGUAGES.find((entry) => entry.languageIds.includes(languageId));
}

export const CHECKED_LANGUAGE_IDS: readonly string[] = LANGUAGES.flatMap((entry) => entry.languageIds);
