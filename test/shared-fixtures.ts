// The shared fixtures (../shared/fixtures beside this repository) are the conformance floor. A
// clone without them still runs every other test: the ones that need them are skipped, saying why.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';

export const SHARED_FIXTURES = path.resolve(__dirname, '../../shared/fixtures');
export const hasSharedFixtures = existsSync(SHARED_FIXTURES);
const MISSING = `skipped: needs the shared fixtures at ${SHARED_FIXTURES} (clone the shared repository beside this one)`;
// Once per test file that needs them, so the default reporter says why its tests were skipped.
if (!hasSharedFixtures) console.warn(MISSING);

/** `describe(name, body)`, or without the fixtures one skipped test whose name says why. */
export function describeWithFixtures(name: string, body: () => void): void {
  if (hasSharedFixtures) describe(name, body);
  else describe(name, () => it.skip(MISSING, () => undefined));
}

/** Inside a describe whose other tests need no fixtures: without them, one skipped test that says why. */
export function skipWithoutFixtures(name: string): void {
  if (!hasSharedFixtures) it.skip(`${name}: ${MISSING}`, () => undefined);
}

/** A fixture's text by its path under fixtures/ (`recommended/01-….ts`); empty without the fixtures, whose tests are skipped. */
export function fixtureText(relative: string): string {
  return hasSharedFixtures ? readFileSync(path.join(SHARED_FIXTURES, relative), 'utf8') : '';
}

/** The `.ts` fixtures of a preset folder, sorted; none without the fixtures. */
export function fixtureFiles(preset: 'recommended' | 'strict'): Array<{ name: string; text: string }> {
  if (!hasSharedFixtures) return [];
  return readdirSync(path.join(SHARED_FIXTURES, preset))
    .filter((name) => name.endsWith('.ts'))
    .sort()
    .map((name) => ({ name, text: readFileSync(path.join(SHARED_FIXTURES, preset, name), 'utf8') }));
}
