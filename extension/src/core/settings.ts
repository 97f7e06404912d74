/** The extension's settings (`interleave.*`), validated: unknown values fall back to the defaults. */
export type DiagnosticsMode = 'auto' | 'on' | 'off';
export type Preset = 'recommended' | 'strict';
export type LockLibrary = 'async-mutex' | 'web-locks';

export interface Settings {
  diagnostics: DiagnosticsMode;
  preset: Preset;
  lockLibrary: LockLibrary;
}

export const DEFAULT_SETTINGS: Settings = { diagnostics: 'auto', preset: 'recommended', lockLibrary: 'async-mutex' };

const allowed: { [K in keyof Settings]: readonly Settings[K][] } = {
  diagnostics: ['auto', 'on', 'off'],
  preset: ['recommended', 'strict'],
  lockLibrary: ['async-mutex', 'web-locks'],
};

/** Reads settings through `get` (the editor's configuration lookup for one resource). */
export function readSettings(get: (key: keyof Settings) => unknown): Settings {
  return {
    diagnostics: pick('diagnostics', get('diagnostics')),
    preset: pick('preset', get('preset')),
    lockLibrary: pick('lockLibrary', get('lockLibrary')),
  };
}

function pick<K extends keyof Settings>(key: K, value: unknown): Settings[K] {
  return (allowed[key] as readonly unknown[]).includes(value) ? (value as Settings[K]) : DEFAULT_SETTINGS[key];
}
