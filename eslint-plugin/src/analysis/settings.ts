import { LOCK_KINDS, type LockKind } from './libraries';

/**
 * `settings.interleave` in an ESLint config:
 * ```js
 * settings: {
 *   interleave: {
 *     // Functions that run their callback while holding a lock (callback: last argument unless `callbackIndex`).
 *     wrappers: ['withLock', { name: 'db.serialized', callbackIndex: 0, exclusive: true }],
 *     // Functions that return a lock, and what kind of lock.
 *     lockFactories: [{ name: 'getLock', kind: 'mutex' }, { name: 'pool.semaphore', kind: 'semaphore', permits: 4 }],
 *     // Report in test code too (see `isTestFile`); by default the rules stay quiet there.
 *     lintTestFiles: true,
 *   },
 * }
 * ```
 */
export interface InterleaveSettings {
  wrappers: Map<string, WrapperSetting>;
  lockFactories: Map<string, { kind: LockKind; permits: number | null }>;
  lintTestFiles: boolean;
}

export interface WrapperSetting {
  callbackIndex: number | 'last';
  exclusive: boolean;
}

const DEFAULT_PERMITS: Partial<Record<LockKind, number>> = { mutex: 1, 'async-lock': 1, 'await-lock': 1, 'web-lock': 1, 'project-mutex': 1 };

export class InterleaveSettingsError extends Error {
  constructor(path: string, expected: string) {
    super(`eslint-plugin-interleave: invalid \`settings.interleave${path}\`: expected ${expected}.`);
    this.name = 'InterleaveSettingsError';
    // ESLint's CLI prints a thrown error's stack, and its linter appends the rule that happened to
    // run first to the message: the stack stays this one sentence, about the setting, for every file.
    this.stack = this.message;
  }
}

const cache = new WeakMap<object, InterleaveSettings>();
const empty: InterleaveSettings = { wrappers: new Map(), lockFactories: new Map(), lintTestFiles: false };

export function parseSettings(settings: Record<string, unknown> | undefined): InterleaveSettings {
  const raw = settings?.interleave;
  if (raw === undefined) return empty;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InterleaveSettingsError('', 'an object');
  const cached = cache.get(raw);
  if (cached) return cached;
  const parsed = parseObject(raw as Record<string, unknown>);
  cache.set(raw, parsed);
  return parsed;
}

function parseObject(raw: Record<string, unknown>): InterleaveSettings {
  for (const key of Object.keys(raw)) {
    if (key !== 'wrappers' && key !== 'lockFactories' && key !== 'lintTestFiles') {
      throw new InterleaveSettingsError(`.${key}`, 'no such setting (known: `wrappers`, `lockFactories`, `lintTestFiles`)');
    }
  }
  if (raw.lintTestFiles !== undefined && typeof raw.lintTestFiles !== 'boolean') throw new InterleaveSettingsError('.lintTestFiles', 'a boolean');
  const wrappers = new Map<string, WrapperSetting>();
  arrayAt(raw.wrappers, '.wrappers').forEach((entry, index) => {
    const path = `.wrappers[${index}]`;
    if (typeof entry === 'string') {
      wrappers.set(entry, { callbackIndex: 'last', exclusive: true });
      return;
    }
    const object = objectAt(entry, path, 'a function name or `{ name, callbackIndex?, exclusive? }`');
    const callbackIndex = object.callbackIndex ?? 'last';
    if (callbackIndex !== 'last' && !(Number.isInteger(callbackIndex) && (callbackIndex as number) >= 0)) {
      throw new InterleaveSettingsError(`${path}.callbackIndex`, 'a non-negative integer or "last"');
    }
    if (object.exclusive !== undefined && typeof object.exclusive !== 'boolean') {
      throw new InterleaveSettingsError(`${path}.exclusive`, 'a boolean');
    }
    wrappers.set(stringAt(object.name, `${path}.name`), {
      callbackIndex: callbackIndex as number | 'last',
      exclusive: object.exclusive !== false,
    });
  });
  const lockFactories = new Map<string, { kind: LockKind; permits: number | null }>();
  arrayAt(raw.lockFactories, '.lockFactories').forEach((entry, index) => {
    const path = `.lockFactories[${index}]`;
    const object = objectAt(entry, path, '`{ name, kind, permits? }`');
    const kind = object.kind;
    if (typeof kind !== 'string' || !(LOCK_KINDS as string[]).includes(kind)) {
      throw new InterleaveSettingsError(`${path}.kind`, `one of ${LOCK_KINDS.map((known) => `"${known}"`).join(', ')}`);
    }
    const permits = object.permits;
    if (permits !== undefined && !(Number.isInteger(permits) && (permits as number) > 0)) {
      throw new InterleaveSettingsError(`${path}.permits`, 'a positive integer');
    }
    lockFactories.set(stringAt(object.name, `${path}.name`), {
      kind: kind as LockKind,
      permits: (permits as number | undefined) ?? DEFAULT_PERMITS[kind as LockKind] ?? null,
    });
  });
  return { wrappers, lockFactories, lintTestFiles: raw.lintTestFiles === true };
}

function arrayAt(value: unknown, path: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new InterleaveSettingsError(path, 'an array');
  return value;
}

function objectAt(value: unknown, path: string, expected: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InterleaveSettingsError(path, expected);
  return value as Record<string, unknown>;
}

function stringAt(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new InterleaveSettingsError(path, 'a non-empty string');
  return value;
}
