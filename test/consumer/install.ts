// Builds, packs and installs the plugin the way a user gets it: from the npm tarball, into a fresh
// project outside the repository, next to the ESLint major under test.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const ROOT = path.resolve(__dirname, '../..');
const PLUGIN_DIR = path.join(ROOT, 'eslint-plugin');
/** npm's cache, kept between runs (gitignored), so that reinstalls come from disk. */
const NPM_CACHE = path.join(ROOT, '.cache', 'npm');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to completion and returns its exit code and output; never throws on a non-zero
 * exit. The `npm_*` variables an outer `npm test` sets are dropped: they would point the inner
 * npm at this repository's workspace.
 */
export async function run(command: string, args: string[], cwd: string, extraEnv: Record<string, string> = {}): Promise<RunResult> {
  const env = { ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key))), ...extraEnv };
  try {
    const { stdout, stderr } = await execFileAsync(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

async function runOk(command: string, args: string[], cwd: string): Promise<string> {
  const result = await run(command, args, cwd);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.code}:\n${result.stderr}\n${result.stdout}`);
  return result.stdout;
}

/** The newest modification time under a folder. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

/**
 * `npm test` builds before vitest starts; running this file alone rebuilds only when the bundle is
 * missing or older than the sources, so a fresh bundle is never rewritten under another test.
 */
export async function ensureBuilt(): Promise<void> {
  const bundle = path.join(PLUGIN_DIR, 'dist', 'index.js');
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= newest(path.join(PLUGIN_DIR, 'src'))) return;
  await runOk(process.execPath, [path.join(PLUGIN_DIR, 'build.mjs')], ROOT);
}

export interface Packed {
  tarball: string;
  files: string[];
}

export async function packPlugin(): Promise<Packed> {
  const destination = await mkdtemp(path.join(tmpdir(), 'interleave-pack-'));
  const stdout = await runOk('npm', ['pack', '--json', '--pack-destination', destination, '--loglevel', 'error'], PLUGIN_DIR);
  const [packed] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  if (!packed) throw new Error(`npm pack printed no tarball: ${stdout}`);
  return { tarball: path.join(destination, packed.filename), files: packed.files.map((file) => file.path) };
}

export interface ProjectSpec {
  /** Names the temporary folder. */
  name: string;
  /** What `npm install` gets: registry specs and the tarball's path. */
  install: string[];
  files: Record<string, string>;
  /** package.json's `type`: 'module' for an ES module project, absent for CommonJS. */
  type?: 'module';
}

/** A fresh project outside the repository: its package.json and `files`, then `npm install`. */
export async function createProject(spec: ProjectSpec): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `interleave-consumer-${spec.name}-`));
  const manifest = { name: 'consumer', private: true, ...(spec.type ? { type: spec.type } : {}) };
  await writeFiles(dir, { 'package.json': JSON.stringify(manifest, null, 2), ...spec.files });
  await runOk('npm', ['install', ...NPM_FLAGS, ...spec.install], dir);
  return dir;
}

export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
}

/** Quiet, offline-first, from the shared cache: what every install in these tests passes to npm. */
export const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel', 'error', '--cache', NPM_CACHE];
/** The same settings as environment variables, for commands run as a README prints them. */
export const NPM_ENV = { npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_loglevel: 'error', npm_config_cache: NPM_CACHE };
