// The pinned corpus of published packages, and the one fetcher the benchmark and the corpus
// harness share: `npm pack name@version` into a gitignored cache, extracted once, reused by later runs.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface CorpusPackage {
  name: string;
  version: string;
  /** Why it is in the corpus: the kind of async code it holds. */
  kind: 'lock user' | 'lock library' | 'database' | 'pool' | 'queue' | 'http client' | 'http server' | 'realtime';
}

/** Versions are pinned so that figures compare between runs; bump them deliberately. */
export const CORPUS: readonly CorpusPackage[] = [
  { name: '@metamask/keyring-controller', version: '28.0.0', kind: 'lock user' },
  { name: '@metamask/assets-controllers', version: '111.1.1', kind: 'lock user' },
  { name: '@metamask/transaction-controller', version: '70.1.0', kind: 'lock user' },
  { name: '@metamask/snaps-controllers', version: '21.1.0', kind: 'lock user' },
  { name: 'async-mutex', version: '0.5.0', kind: 'lock library' },
  { name: 'async-lock', version: '1.5.0', kind: 'lock library' },
  { name: 'redlock', version: '4.2.0', kind: 'lock library' },
  { name: 'proper-lockfile', version: '4.1.2', kind: 'lock library' },
  { name: 'pg', version: '8.23.1', kind: 'database' },
  { name: 'pg-pool', version: '3.14.0', kind: 'pool' },
  { name: 'mysql2', version: '3.24.5', kind: 'database' },
  { name: 'mongodb', version: '7.8.0', kind: 'database' },
  { name: 'ioredis', version: '6.0.0', kind: 'database' },
  { name: 'knex', version: '3.3.0', kind: 'database' },
  { name: 'typeorm', version: '1.1.1', kind: 'database' },
  { name: 'sequelize', version: '6.37.8', kind: 'database' },
  { name: 'mongoose', version: '9.12.1', kind: 'database' },
  { name: '@redis/client', version: '6.3.1', kind: 'database' },
  { name: 'generic-pool', version: '3.9.0', kind: 'pool' },
  { name: 'tarn', version: '3.1.2', kind: 'pool' },
  { name: 'bullmq', version: '6.7.0', kind: 'queue' },
  { name: 'p-queue', version: '10.0.0', kind: 'queue' },
  { name: 'bee-queue', version: '2.0.0', kind: 'queue' },
  { name: 'bull', version: '4.16.5', kind: 'queue' },
  { name: 'kafkajs', version: '2.2.4', kind: 'queue' },
  { name: 'amqplib', version: '2.3.1', kind: 'queue' },
  { name: 'undici', version: '8.12.4', kind: 'http client' },
  { name: 'axios', version: '1.21.1', kind: 'http client' },
  { name: 'got', version: '16.1.0', kind: 'http client' },
  { name: 'fastify', version: '5.12.8', kind: 'http server' },
  { name: 'koa', version: '3.3.0', kind: 'http server' },
  { name: '@grpc/grpc-js', version: '1.14.7', kind: 'http client' },
  { name: '@aws-sdk/client-s3', version: '3.1169.0', kind: 'http client' },
  { name: '@nestjs/core', version: '12.5.1', kind: 'http server' },
  { name: '@apollo/server', version: '5.5.1', kind: 'http server' },
  { name: 'ws', version: '8.23.0', kind: 'realtime' },
  { name: 'socket.io', version: '4.8.4', kind: 'realtime' },
  { name: 'rxjs', version: '7.8.2', kind: 'realtime' },
];

/** Extensions the harnesses lint: JavaScript and TypeScript in all module flavours. */
export const SOURCE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'];

/**
 * The repository root: the nearest folder above this module (or the bundle the harness scripts
 * run as, under node_modules/.cache/run-ts) whose package.json declares workspaces.
 */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).workspaces) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No workspace root above ${__dirname}`);
    dir = parent;
  }
}

/** Gitignored cache shared by the harnesses: npm's cache, tarballs, extracted packages. */
export function cacheDir(...parts: string[]): string {
  return path.join(repoRoot(), '.cache', ...parts);
}

export interface FetchedPackage extends CorpusPackage {
  /** Folder holding the extracted package (the tarball's `package/`). */
  dir: string;
}

/** Fetches (or reuses) every pinned package, a few at a time. */
export async function fetchCorpus(
  packages: readonly CorpusPackage[] = CORPUS,
  log: (line: string) => void = () => undefined,
): Promise<FetchedPackage[]> {
  const results: FetchedPackage[] = new Array(packages.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < packages.length) {
      const index = next++;
      results[index] = await fetchPackage(packages[index]!, log);
    }
  }
  await Promise.all(Array.from({ length: 4 }, worker));
  return results;
}

/** Fetches (or reuses) one pinned `name@version`; the real-bug benchmark pins its own versions through it. */
export async function fetchPackage<T extends { name: string; version: string }>(pkg: T, log: (line: string) => void = () => undefined): Promise<T & { dir: string }> {
  const slug = `${pkg.name.replace('/', '__')}@${pkg.version}`;
  const target = cacheDir('corpus', 'packages', slug);
  const dir = path.join(target, 'package');
  // The marker is written last, so an interrupted extraction is redone rather than trusted.
  const marker = path.join(target, '.complete');
  if (existsSync(marker)) return { ...pkg, dir };

  const tarballs = cacheDir('corpus', 'tarballs');
  await mkdir(tarballs, { recursive: true });
  const spec = `${pkg.name}@${pkg.version}`;
  log(`fetching ${spec}`);
  const { stdout } = await run(
    'npm',
    ['pack', spec, '--json', '--prefer-offline', '--pack-destination', tarballs, '--cache', cacheDir('npm'), '--loglevel', 'error'],
    { cwd: tarballs, maxBuffer: 64 * 1024 * 1024 },
  );
  const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
  if (!packed) throw new Error(`npm pack ${spec} reported no tarball`);
  await rm(target, { recursive: true, force: true });
  await mkdir(target, { recursive: true });
  await run('tar', ['-xzf', path.join(tarballs, packed.filename), '-C', target]);
  // A few tarballs use another top folder name than `package/`.
  const [top] = readdirSync(target);
  if (top !== 'package' && top) await run('mv', [path.join(target, top), dir]);
  await writeFile(marker, new Date().toISOString());
  return { ...pkg, dir };
}

/**
 * Every JS/TS file under `dir`, sorted, following no symlinks. With `skipNodeModules`, nested
 * `node_modules` folders are left out (they belong to other packages).
 */
export function listSourceFiles(dir: string, options: { skipNodeModules?: boolean } = {}): string[] {
  const files: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (options.skipNodeModules && entry.name === 'node_modules') continue;
        walk(full);
      } else if (entry.isFile() && SOURCE_EXTENSIONS.includes(path.extname(entry.name))) {
        files.push(full);
      }
    }
  };
  walk(dir);
  return files.sort();
}

/** The package a file under some `node_modules` belongs to (`@scope/name` or `name`). */
export function packageOfNodeModulesFile(file: string): string {
  const parts = file.split(path.sep);
  const index = parts.lastIndexOf('node_modules');
  const first = parts[index + 1] ?? '';
  return first.startsWith('@') ? `${first}/${parts[index + 2] ?? ''}` : first;
}

const moduleTypeCache = new Map<string, 'module' | 'commonjs'>();

/**
 * How Node would load a `.js` file: by the `type` field of the nearest package.json (as ESLint
 * users configure `sourceType` per package). `.mjs`/`.mts` are modules, `.cjs`/`.cts` CommonJS,
 * other TypeScript is written as modules.
 */
export function sourceTypeOf(file: string): 'module' | 'commonjs' {
  const ext = path.extname(file);
  if (ext === '.mjs' || ext === '.mts' || ext === '.ts' || ext === '.tsx') return 'module';
  if (ext === '.cjs' || ext === '.cts') return 'commonjs';
  return nearestPackageType(path.dirname(file));
}

function nearestPackageType(dir: string): 'module' | 'commonjs' {
  const cached = moduleTypeCache.get(dir);
  if (cached) return cached;
  let type: 'module' | 'commonjs' = 'commonjs';
  const manifest = path.join(dir, 'package.json');
  if (existsSync(manifest) && statSync(manifest).isFile()) {
    try {
      type = JSON.parse(readFileSync(manifest, 'utf8')).type === 'module' ? 'module' : 'commonjs';
    } catch {
      // An unreadable manifest (some packages ship templates) says nothing about the type.
      type = path.dirname(dir) === dir ? 'commonjs' : nearestPackageType(path.dirname(dir));
    }
  } else if (path.dirname(dir) !== dir) {
    type = nearestPackageType(path.dirname(dir));
  }
  moduleTypeCache.set(dir, type);
  return type;
}
