import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, readSettings } from '../../extension/src/core/settings';
import {
  diagnosticsDecision,
  directoriesUpTo,
  flatConfigLoadsPlugin,
  packageJsonLoadsPlugin,
  PluginDetector,
} from '../../extension/src/core/workspace-config';

describe('readSettings', () => {
  it('takes valid values and falls back to the defaults for anything else', () => {
    const values: Record<string, unknown> = { diagnostics: 'on', preset: 'strict', lockLibrary: 'web-locks' };
    expect(readSettings((key) => values[key])).toEqual({ diagnostics: 'on', preset: 'strict', lockLibrary: 'web-locks' });
    const invalid: Record<string, unknown> = { diagnostics: true, preset: 'all', lockLibrary: 'async-lock' };
    expect(readSettings((key) => invalid[key])).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toEqual({ diagnostics: 'auto', preset: 'recommended', lockLibrary: 'async-mutex' });
  });
});

describe('does the workspace ESLint config load the plugin?', () => {
  it('recognises imports and requires of the package in a flat config', () => {
    expect(flatConfigLoadsPlugin(`import interleave from 'eslint-plugin-interleave';\nexport default [interleave.configs.recommended];`)).toBe(true);
    expect(flatConfigLoadsPlugin(`const interleave = require("eslint-plugin-interleave");`)).toBe(true);
    expect(flatConfigLoadsPlugin('const { configs } = await import(`eslint-plugin-interleave/package.json`);')).toBe(true);
    expect(flatConfigLoadsPlugin(`import js from '@eslint/js';\nexport default [js.configs.recommended];`)).toBe(false);
    expect(flatConfigLoadsPlugin(`import x from 'eslint-plugin-interleaved';`)).toBe(false);
  });

  it('recognises a legacy eslintConfig in package.json, and nothing else there', () => {
    expect(packageJsonLoadsPlugin(JSON.stringify({ eslintConfig: { plugins: ['interleave'] } }))).toBe(true);
    expect(packageJsonLoadsPlugin(JSON.stringify({ eslintConfig: { extends: ['plugin:interleave/recommended'] } }))).toBe(true);
    expect(packageJsonLoadsPlugin(JSON.stringify({ devDependencies: { 'eslint-plugin-interleave': '1.0.0' } }))).toBe(false);
    expect(packageJsonLoadsPlugin(JSON.stringify({ eslintConfig: { plugins: ['react'] } }))).toBe(false);
    expect(packageJsonLoadsPlugin('{ not json')).toBe(false);
  });

  it('lists the directories from a file up to the workspace root', () => {
    expect(directoriesUpTo('/ws/packages/app/src', '/ws')).toEqual(['/ws/packages/app/src', '/ws/packages/app', '/ws/packages', '/ws']);
    expect(directoriesUpTo('/ws', '/ws/')).toEqual(['/ws']);
    expect(directoriesUpTo('/elsewhere/src', '/ws')).toEqual([]);
  });

  it('lets the nearest eslint.config.* decide, as ESLint does, and reads no file twice until invalidated', async () => {
    const files: Record<string, string> = {
      '/ws/eslint.config.js': `import interleave from 'eslint-plugin-interleave';`,
      '/ws/legacy/package.json': JSON.stringify({ eslintConfig: { plugins: ['interleave'] } }),
      '/ws/other/eslint.config.mjs': `export default [];`,
    };
    const reads: string[] = [];
    const detector = new PluginDetector(async (path) => {
      reads.push(path);
      return files[path] ?? null;
    });
    expect(await detector.loadsPlugin('/ws/src/deep', '/ws')).toBe(true);
    expect(await detector.loadsPlugin('/ws/other/src', '/ws')).toBe(false);
    expect(await detector.loadsPlugin('/ws/legacy', '/ws')).toBe(true);
    const count = reads.length;
    expect(await detector.loadsPlugin('/ws/src/deep', '/ws')).toBe(true);
    expect(reads.length).toBe(count);
    files['/ws/eslint.config.js'] = 'export default [];';
    detector.invalidate();
    expect(await detector.loadsPlugin('/ws/src/deep', '/ws')).toBe(false);
  });

  it('gives the nearest eslint.config.* with its text, for the lock declarations it may hold', async () => {
    const files: Record<string, string> = { '/ws/eslint.config.js': 'root', '/ws/pkg/eslint.config.mjs': 'package' };
    const detector = new PluginDetector(async (path) => files[path] ?? null);
    expect(await detector.nearestConfig('/ws/pkg/src', '/ws')).toEqual({ path: '/ws/pkg/eslint.config.mjs', text: 'package' });
    expect(await detector.nearestConfig('/ws/other', '/ws')).toEqual({ path: '/ws/eslint.config.js', text: 'root' });
    expect(await new PluginDetector(async () => null).nearestConfig('/ws/src', '/ws')).toBeNull();
  });

  it('finds nothing in a workspace without ESLint config', async () => {
    const detector = new PluginDetector(async () => null);
    expect(await detector.loadsPlugin('/ws/src', '/ws')).toBe(false);
  });
});

describe('diagnosticsDecision', () => {
  it('auto stays quiet only when the workspace config loads the plugin and vscode-eslint is installed and enabled; on and off do not look', async () => {
    let looked = 0;
    const workspace = (loads: boolean, eslint: boolean) => ({
      loadsPlugin: async () => {
        looked += 1;
        return loads;
      },
      eslintExtensionActive: () => eslint,
    });
    expect(await diagnosticsDecision('auto', workspace(false, true))).toEqual({ show: true });
    expect(await diagnosticsDecision('auto', workspace(true, false))).toEqual({ show: true });
    expect(await diagnosticsDecision('auto', workspace(true, true))).toEqual({ show: false, reason: expect.stringMatching(/vscode-eslint shows its problems/) });
    expect(looked).toBe(3);
    expect(await diagnosticsDecision('on', workspace(true, true))).toEqual({ show: true });
    expect(await diagnosticsDecision('off', workspace(false, false))).toEqual({ show: false, reason: '`interleave.diagnostics` is `off`.' });
    expect(looked).toBe(3);
  });
});
