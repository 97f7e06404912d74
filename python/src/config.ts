import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'smol-toml';
import type { LintSettings } from './lint';
import { PRESETS, RULE_IDS, type PresetName } from './rules';

/** A configuration the user wrote wrongly: the CLI prints it and exits with 2. */
export class ConfigError extends Error {}

const KEYS = new Set(['preset', 'rules', 'lock-wrappers']);

/**
 * Reads `[tool.interleave]` from a pyproject.toml:
 *
 *     [tool.interleave]
 *     preset = "strict"                       # or "recommended" (the default)
 *     lock-wrappers = ["myapp.locks.make_lock"]
 *     [tool.interleave.rules]
 *     no-busy-wait = false                    # true / false, or "on" / "off"
 */
export function readPyproject(file: string): LintSettings {
  let table: unknown;
  try {
    table = (parse(readFileSync(file, 'utf8')) as { tool?: { interleave?: unknown } }).tool?.interleave;
  } catch (error) {
    throw new ConfigError(`${file}: not valid TOML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (table === undefined) return {};
  return settingsFrom(table, `${file} [tool.interleave]`);
}

export function settingsFrom(table: unknown, where: string): LintSettings {
  if (!isTable(table)) throw new ConfigError(`${where} must be a table.`);
  const settings: LintSettings = {};
  for (const key of Object.keys(table)) {
    if (!KEYS.has(key)) throw new ConfigError(`${where}: unknown key \`${key}\` (expected ${[...KEYS].map((k) => `\`${k}\``).join(', ')}).`);
  }
  if (table.preset !== undefined) settings.preset = presetName(table.preset, `${where}: preset`);
  if (table['lock-wrappers'] !== undefined) {
    const wrappers = table['lock-wrappers'];
    if (!Array.isArray(wrappers) || !wrappers.every((name) => typeof name === 'string' && /^[\w.]+$/.test(name))) {
      throw new ConfigError(`${where}: \`lock-wrappers\` must be a list of dotted names, like ["myapp.locks.make_lock"].`);
    }
    settings.lockWrappers = wrappers as string[];
  }
  if (table.rules !== undefined) {
    if (!isTable(table.rules)) throw new ConfigError(`${where}: \`rules\` must be a table of rule id = true/false.`);
    const rules: Record<string, boolean> = {};
    for (const [id, value] of Object.entries(table.rules)) {
      if (!RULE_IDS.has(id)) throw new ConfigError(`${where}: unknown rule \`${id}\`. Rules: ${[...RULE_IDS].join(', ')}.`);
      if (value === true || value === 'on') rules[id] = true;
      else if (value === false || value === 'off') rules[id] = false;
      else throw new ConfigError(`${where}: rule \`${id}\` must be true or false ("on" or "off"), not ${JSON.stringify(value)}.`);
    }
    settings.rules = rules;
  }
  return settings;
}

export function presetName(value: unknown, where: string): PresetName {
  if (typeof value === 'string' && (PRESETS as readonly string[]).includes(value)) return value as PresetName;
  throw new ConfigError(`${where} must be ${PRESETS.map((p) => `"${p}"`).join(' or ')}, not ${JSON.stringify(value)}.`);
}

/** The pyproject.toml nearest to `dir` (walking up), or null. */
export function findPyproject(dir: string): string | null {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    const candidate = path.join(at, 'pyproject.toml');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(at) === at) return null;
  }
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
