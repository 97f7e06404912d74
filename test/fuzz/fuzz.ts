// `npm run fuzz`: runs every rule (strict options) on generated and mutated lock programs under
// the TypeScript parser and espree, with the built plugin, and counts the exceptions. Each new
// kind of crash is minimised and saved under test/fuzz/regressions/, which the tests replay.
//
// Options: --count N (default 200000), --seed S (default 1), --start I (first program number),
// --only I (print program I and what it throws), --no-corpus (skip fetching the corpus),
// --no-save (do not write regressions), --plugin PATH (default eslint-plugin/dist/index.js),
// --workers N (default 2: worker threads, each taking every Nth program).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { CORPUS, fetchCorpus, listSourceFiles } from '../corpus/packages';
import { createFuzzChecker, minimise, signature, stripTypes, type Crash, type ParserName, type PluginLike } from './harness';
import { corpusFiles, fixtureFiles, programAt, readSources, realBugFiles, type FuzzProgram, type Origin, type Pools } from './sources';

interface WorkerSetup {
  pluginPath: string;
  seed: number;
  indices: { start: number; end: number; step: number };
  pools: Pools;
}

/** What a worker sends back: a crash as soon as it is found, and what it ran since its last progress message. */
type WorkerMessage =
  | { kind: 'crash'; index: number; program: FuzzProgram; crash: Crash }
  | { kind: 'progress'; byOrigin: Record<Origin, number>; rejected: Record<ParserName, number> };

const PROGRESS_EVERY = 100;

function noOrigins(): Record<Origin, number> {
  return { generated: 0, fixture: 0, corpus: 0, realbug: 0 };
}

if (isMainThread) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
} else {
  work(workerData as WorkerSetup);
}

/** A worker: programs start, start + step, … below end. */
function work({ pluginPath, seed, indices, pools }: WorkerSetup): void {
  const check = createFuzzChecker(createRequire(__filename)(pluginPath) as PluginLike);
  const post = (message: WorkerMessage): void => parentPort!.postMessage(message);
  let progress: Extract<WorkerMessage, { kind: 'progress' }> = { kind: 'progress', byOrigin: noOrigins(), rejected: { typescript: 0, espree: 0 } };
  let done = 0;
  for (let index = indices.start; index < indices.end; index += indices.step) {
    const program = programAt(seed, index, pools);
    progress.byOrigin[program.origin] += 1;
    const result = check(program.text, { jsx: program.jsx, js: program.js });
    for (const parser of result.rejected) progress.rejected[parser] += 1;
    for (const crash of result.crashes) post({ kind: 'crash', index, program, crash });
    done += 1;
    if (done % PROGRESS_EVERY === 0) {
      post(progress);
      progress = { kind: 'progress', byOrigin: noOrigins(), rejected: { typescript: 0, espree: 0 } };
    }
  }
  post(progress);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '200000' },
      seed: { type: 'string', default: '1' },
      start: { type: 'string', default: '0' },
      only: { type: 'string' },
      'no-corpus': { type: 'boolean', default: false },
      'no-save': { type: 'boolean', default: false },
      plugin: { type: 'string' },
      workers: { type: 'string', default: '2' },
    },
  });
  // The worktree npm runs in: the bundle lives under .cache, which may be a link to another checkout.
  const root = process.cwd();
  const pluginPath = path.resolve(values.plugin ?? path.join(root, 'eslint-plugin/dist/index.js'));
  if (!existsSync(pluginPath)) throw new Error(`${pluginPath} is missing: run \`npm run build\` first.`);
  const check = createFuzzChecker(createRequire(__filename)(pluginPath) as PluginLike);
  const seed = Number(values.seed);

  let corpusPaths: string[] = [];
  let realBugPaths: string[] = [];
  if (!values['no-corpus']) {
    const fetched = await fetchCorpus(CORPUS, (line) => console.log(line));
    corpusPaths = fetched.flatMap((pkg) => listSourceFiles(pkg.dir, { skipNodeModules: true }));
    // The benchmark's package versions, fetched (and cached) as the corpus is.
    const bugs = realBugFiles(root);
    const versions = [...new Map(bugs.map((bug) => [`${bug.name}@${bug.version}`, { name: bug.name, version: bug.version, kind: 'lock user' as const }])).values()];
    const dirs = new Map((await fetchCorpus(versions, (line) => console.log(line))).map((pkg) => [`${pkg.name}@${pkg.version}`, pkg.dir]));
    realBugPaths = bugs.map((bug) => path.join(dirs.get(`${bug.name}@${bug.version}`)!, bug.file));
  }
  const pools: Pools = { fixtures: fixtureFiles(root), corpus: corpusFiles(corpusPaths), realBugs: readSources(realBugPaths) };
  console.log(`sources: ${pools.fixtures.length} fixtures, ${pools.corpus.length} corpus files that name a lock, ${pools.realBugs.length} real-bug files`);

  if (values.only !== undefined) {
    const program = programAt(seed, Number(values.only), pools);
    console.log(`// ${program.origin}${program.from ? ` from ${program.from}` : ''}\n${program.text}`);
    for (const crash of check(program.text, { jsx: program.jsx, js: program.js }).crashes) console.log(`\n${crash.parser} ${crash.rule}: ${crash.stack}`);
    return;
  }

  const count = Number(values.count);
  const start = Number(values.start);
  const workers = Math.max(1, Number(values.workers));
  const byOrigin = noOrigins();
  const rejected: Record<ParserName, number> = { typescript: 0, espree: 0 };
  const seen = new Map<string, number>();
  let exceptions = 0;
  let done = 0;
  let reported = 0;
  const began = performance.now();
  const rate = (): string => (done / ((performance.now() - began) / 1000)).toFixed(1);
  const onMessage = (message: WorkerMessage): void => {
    if (message.kind === 'progress') {
      for (const origin of Object.keys(byOrigin) as Origin[]) byOrigin[origin] += message.byOrigin[origin];
      for (const parser of Object.keys(rejected) as ParserName[]) rejected[parser] += message.rejected[parser];
      done = Object.values(byOrigin).reduce((sum, programs) => sum + programs, 0);
      if (done - reported >= 5000) {
        reported = done;
        console.log(`${done} programs, ${rate()} programs/s, ${exceptions} exceptions`);
      }
    } else {
      const { index, program, crash } = message;
      exceptions += 1;
      const key = signature(crash);
      seen.set(key, (seen.get(key) ?? 0) + 1);
      if (seen.get(key) !== 1) return;
      console.log(`\nprogram ${index} (${program.origin}${program.from ? ` from ${path.relative(root, program.from)}` : ''}): ${crash.parser} ${crash.rule}: ${crash.message}`);
      if (!values['no-save']) console.log(`  saved as ${saveRegression(root, seed, index, program, crash, check)}`);
    }
  };
  const summary = (stopped: boolean): void => {
    console.log(
      `\n${done} programs${stopped ? ` (stopped before ${count})` : ''}: ${byOrigin.generated} generated, ${byOrigin.fixture} mutated fixtures, ${byOrigin.corpus} mutated corpus files, ${byOrigin.realbug} mutated real-bug files; seed ${seed}, from program ${start}`,
    );
    console.log(`each under typescript-eslint and espree; rejected by the parser (not counted as exceptions): ${rejected.typescript} typescript, ${rejected.espree} espree`);
    console.log(`${exceptions} exceptions in ${seen.size} kinds; ${rate()} programs/s`);
    for (const [key, times] of seen) console.log(`  ${times}× ${key}`);
    if (exceptions > 0) process.exitCode = 1;
  };
  // Stopped early (Ctrl-C, a time limit), the run still says what it covered.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      summary(true);
      process.exit(process.exitCode ?? 130);
    });
  }
  await Promise.all(
    Array.from({ length: workers }, (_, lane) => {
      const setup: WorkerSetup = { pluginPath, seed, indices: { start: start + lane, end: start + count, step: workers }, pools };
      const worker = new Worker(__filename, { workerData: setup });
      worker.on('message', onMessage);
      return new Promise<void>((resolve, reject) => {
        worker.on('error', reject);
        worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`fuzz worker ${lane} exited with ${code}`))));
      });
    }),
  );
  summary(false);
}

/** Minimises the program while it throws the same way, and writes it where the tests replay it. */
function saveRegression(root: string, seed: number, index: number, program: FuzzProgram, crash: Crash, check: ReturnType<typeof createFuzzChecker>): string {
  const key = signature(crash);
  const espree = crash.parser === 'espree';
  const text = espree ? (program.js ?? stripTypes(program.text, program.jsx)!) : program.text;
  const fails = (candidate: string): boolean =>
    check(candidate, { jsx: program.jsx, parsers: [crash.parser] }).crashes.some((found) => signature(found) === key);
  const minimal = minimise(text, fails);
  const folder = path.join(root, 'test/fuzz/regressions');
  mkdirSync(folder, { recursive: true });
  const name = `${crash.rule.replace(/^interleave\//, '')}-${createHash('sha1').update(minimal).digest('hex').slice(0, 8)}.${espree ? 'js' : 'ts'}${program.jsx ? 'x' : ''}`;
  const header = `// npm run fuzz -- --seed ${seed} --only ${index} (${program.origin}): ${crash.parser} ${crash.rule}: ${crash.message}\n`;
  writeFileSync(path.join(folder, name), `${header}${minimal}\n`);
  return path.join('test/fuzz/regressions', name);
}
