// The programs the fuzzer runs, by number: most are generated, the rest are mutations of the
// shared fixtures, of corpus files that name a lock, and of the real-bug benchmark's files
// (test/realbugs, when it is there). Program `index` of run `seed` is always the same program.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LOCK_MENTION } from '../../eslint-plugin/src/analysis/text-tests';
import { generateProgram } from './generate';
import { mutateProgram, windowOf } from './mutate';
import { Random } from './random';

export interface SourceFile {
  name: string;
  text: string;
  jsx: boolean;
}

export type Origin = 'generated' | 'fixture' | 'corpus' | 'realbug';

export interface FuzzProgram {
  origin: Origin;
  /** The file it was made from, for mutations. */
  from: string | null;
  text: string;
  /** The same program without types, when it was written so (generated programs); else esbuild strips them. */
  js: string | null;
  jsx: boolean;
}

export interface Pools {
  fixtures: readonly SourceFile[];
  corpus: readonly SourceFile[];
  realBugs: readonly SourceFile[];
}

const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
/** Corpus files larger than this are left out: a window of their statements is what is mutated, and parsing the rest costs time. */
const MAX_CORPUS_BYTES = 300_000;

/** The shared fixtures (`../shared/fixtures/{recommended,strict}`), which conformance keeps exact. */
export function fixtureFiles(root: string): SourceFile[] {
  const base = path.resolve(root, '../shared/fixtures');
  return ['recommended', 'strict'].flatMap((folder) => filesUnder(path.join(base, folder)));
}

/** A file of a package version the real-bug benchmark names, to fetch with the corpus fetcher. */
export interface RealBugFile {
  name: string;
  version: string;
  file: string;
}

/**
 * The buggy and fixed files of the real-bug benchmark (`test/realbugs/cases.json`: `package`,
 * `buggy`, `fixed`, `file`, `fixedFile`), once it exists; none before.
 */
export function realBugFiles(root: string): RealBugFile[] {
  const cases = path.join(root, 'test/realbugs/cases.json');
  if (!existsSync(cases)) return [];
  const list = JSON.parse(readFileSync(cases, 'utf8')) as Array<{ package: string; buggy: string; fixed: string; file: string; fixedFile?: string }>;
  return list.flatMap((entry) => [
    { name: entry.package, version: entry.buggy, file: entry.file },
    { name: entry.package, version: entry.fixed, file: entry.fixedFile ?? entry.file },
  ]);
}

/** The files at `paths` that exist, as mutation sources. */
export function readSources(paths: readonly string[]): SourceFile[] {
  return paths.filter((file) => existsSync(file)).map((file) => ({ name: file, text: readFileSync(file, 'utf8'), jsx: /x$/.test(file) }));
}

/** Files of the fetched corpus packages that name a lock (the same test the model's cheap pre-check makes). */
export function corpusFiles(files: readonly string[]): SourceFile[] {
  const found: SourceFile[] = [];
  for (const file of files) {
    if (file.endsWith('.d.ts')) continue;
    const text = readFileSync(file, 'utf8');
    if (text.length <= MAX_CORPUS_BYTES && LOCK_MENTION.test(text)) found.push({ name: file, text, jsx: /x$/.test(file) });
  }
  return found;
}

function filesUnder(dir: string): SourceFile[] {
  if (!existsSync(dir)) return [];
  const files: SourceFile[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !SOURCE.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.push({ name: file, text: readFileSync(file, 'utf8'), jsx: /x$/.test(entry.name) });
  }
  return files.sort((a, b) => a.name.localeCompare(b.name));
}

/** Program `index` of the run seeded with `seed`: six in ten generated, the rest mutations. */
export function programAt(seed: number, index: number, pools: Pools): FuzzProgram {
  const random = Random.of(seed, index);
  const slot = index % 10;
  const pool: { origin: Origin; files: readonly SourceFile[] } | null =
    slot === 6 || slot === 7
      ? { origin: 'fixture', files: pools.fixtures }
      : slot === 8
        ? { origin: 'corpus', files: pools.corpus }
        : slot === 9
          ? pools.realBugs.length > 0
            ? { origin: 'realbug', files: pools.realBugs }
            : { origin: 'fixture', files: pools.fixtures }
          : null;
  if (!pool || pool.files.length === 0) {
    const { ts, js } = generateProgram(random);
    return { origin: 'generated', from: null, text: ts, js, jsx: false };
  }
  const file = random.pick(pool.files);
  // Published files are large: a window of one of their blocks is mutated, as small as the rest.
  const text =
    pool.origin === 'fixture' ? mutateProgram(random, file.text, file.jsx) : mutateProgram(random, windowOf(random, file.text, file.jsx), file.jsx, false);
  return { origin: pool.origin, from: file.name, text, js: null, jsx: file.jsx };
}
