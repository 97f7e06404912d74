import type { DiagnosticsMode } from './settings';

/** Flat config file names, in the order ESLint looks for them in one directory. */
export const ESLINT_CONFIG_NAMES = [
  'eslint.config.js',
  'eslint.config.mjs',
  'eslint.config.cjs',
  'eslint.config.ts',
  'eslint.config.mts',
  'eslint.config.cts',
] as const;

/** Reads a workspace file's text; null when it does not exist. Never executes anything. */
export type ReadText = (path: string) => Promise<string | null>;

/** An import or require of the plugin package in a flat config's source text. */
export function flatConfigLoadsPlugin(text: string): boolean {
  return /['"`]eslint-plugin-interleave(?:\/[^'"`]*)?['"`]/.test(text);
}

/** A legacy `eslintConfig` in package.json naming the plugin (`plugins: ['interleave']`, `plugin:interleave/…`). */
export function packageJsonLoadsPlugin(text: string): boolean {
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch {
    return false;
  }
  const eslintConfig = (manifest as { eslintConfig?: unknown } | null)?.eslintConfig;
  if (eslintConfig === undefined) return false;
  return /"(?:eslint-plugin-)?interleave"|"plugin:interleave\//.test(JSON.stringify(eslintConfig));
}

/** `dir` and its parents up to and including `root` ('/'-separated paths, as in URIs). */
export function directoriesUpTo(dir: string, root: string): string[] {
  const trimmedRoot = root.replace(/\/+$/, '');
  const directories: string[] = [];
  let current = dir.replace(/\/+$/, '');
  while (current.length >= trimmedRoot.length && current.startsWith(trimmedRoot)) {
    directories.push(current);
    if (current === trimmedRoot) break;
    current = current.slice(0, current.lastIndexOf('/'));
  }
  return directories;
}

/** The flat config ESLint would use for files in a directory: the nearest `eslint.config.*`. */
export interface ConfigFile {
  path: string;
  text: string;
}

/**
 * Reads the workspace's ESLint set-up for files in `dir`, without running any of it: the
 * nearest `eslint.config.*` (as ESLint picks it), and whether that set-up already runs
 * eslint-plugin-interleave, so that vscode-eslint would show our problems. A package.json
 * `eslintConfig` counts too. Answers are cached per directory until `invalidate()` (call it
 * when such a file changes).
 */
export class PluginDetector {
  private readonly configs = new Map<string, Promise<ConfigFile | null>>();
  private readonly answers = new Map<string, Promise<boolean>>();

  constructor(private readonly read: ReadText) {}

  loadsPlugin(dir: string, root: string): Promise<boolean> {
    return cached(this.answers, `${root}\n${dir}`, () => this.search(dir, root));
  }

  /** The nearest `eslint.config.*` between `dir` and `root`, or null. */
  nearestConfig(dir: string, root: string): Promise<ConfigFile | null> {
    return cached(this.configs, `${root}\n${dir}`, async () => {
      for (const directory of directoriesUpTo(dir, root)) {
        for (const name of ESLINT_CONFIG_NAMES) {
          const text = await this.read(`${directory}/${name}`);
          if (text !== null) return { path: `${directory}/${name}`, text };
        }
      }
      return null;
    });
  }

  invalidate(): void {
    this.configs.clear();
    this.answers.clear();
  }

  private async search(dir: string, root: string): Promise<boolean> {
    const config = await this.nearestConfig(dir, root);
    const configDirectory = config?.path.slice(0, config.path.lastIndexOf('/'));
    for (const directory of directoriesUpTo(dir, root)) {
      if (directory === configDirectory) return flatConfigLoadsPlugin(config!.text);
      const manifest = await this.read(`${directory}/package.json`);
      if (manifest !== null && packageJsonLoadsPlugin(manifest)) return true;
    }
    return false;
  }
}

function cached<T>(cache: Map<string, Promise<T>>, key: string, compute: () => Promise<T>): Promise<T> {
  let answer = cache.get(key);
  if (!answer) {
    answer = compute();
    cache.set(key, answer);
  }
  return answer;
}

/** Whether Interleave shows a file's problems itself, and if not, why. */
export type DiagnosticsDecision = { show: true } | { show: false; reason: string };

/**
 * `on` and `off` decide alone. `auto` stays quiet only where someone else shows the problems:
 * the workspace's ESLint config loads the plugin and vscode-eslint is installed and enabled.
 */
export async function diagnosticsDecision(
  mode: DiagnosticsMode,
  workspace: { loadsPlugin(): Promise<boolean>; eslintExtensionActive(): boolean },
): Promise<DiagnosticsDecision> {
  if (mode === 'on') return { show: true };
  if (mode === 'off') return { show: false, reason: '`interleave.diagnostics` is `off`.' };
  if (!(await workspace.loadsPlugin())) return { show: true };
  return workspace.eslintExtensionActive()
    ? { show: false, reason: "the workspace's ESLint config loads eslint-plugin-interleave, so vscode-eslint shows its problems (`interleave.diagnostics`: `auto`)." }
    : { show: true };
}
