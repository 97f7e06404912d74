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

/**
 * Whether the workspace's own ESLint set-up already runs eslint-plugin-interleave for files in
 * `dir`, so that vscode-eslint shows our problems and we should not show them a second time.
 * Like ESLint, the nearest `eslint.config.*` decides; a package.json `eslintConfig` counts too.
 * Answers are cached per directory until `invalidate()` (call it when such a file changes).
 */
export class PluginDetector {
  private readonly cache = new Map<string, Promise<boolean>>();

  constructor(private readonly read: ReadText) {}

  loadsPlugin(dir: string, root: string): Promise<boolean> {
    const key = `${root}\n${dir}`;
    let answer = this.cache.get(key);
    if (!answer) {
      answer = this.search(dir, root);
      this.cache.set(key, answer);
    }
    return answer;
  }

  invalidate(): void {
    this.cache.clear();
  }

  private async search(dir: string, root: string): Promise<boolean> {
    for (const directory of directoriesUpTo(dir, root)) {
      for (const name of ESLINT_CONFIG_NAMES) {
        const text = await this.read(`${directory}/${name}`);
        if (text !== null) return flatConfigLoadsPlugin(text);
      }
      const manifest = await this.read(`${directory}/package.json`);
      if (manifest !== null && packageJsonLoadsPlugin(manifest)) return true;
    }
    return false;
  }
}

/** `auto` shows diagnostics unless the workspace's ESLint already reports our rules. */
export async function diagnosticsEnabled(mode: DiagnosticsMode, workspaceLoadsPlugin: () => Promise<boolean>): Promise<boolean> {
  if (mode !== 'auto') return mode === 'on';
  return !(await workspaceLoadsPlugin());
}
