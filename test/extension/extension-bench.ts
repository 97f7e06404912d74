// Benchmark of the packaged extension (not a timed test): `npm run bench:extension`.
// Loads the built bundles against the stand-in `vscode` module, with the real engine workers
// (child processes), and prints: activation time; the longest synchronous block on the
// extension host's thread while 50 keystrokes are typed into the 2,000-line file and into the
// lock-dense 2,160-line file; keystroke-to-diagnostics times; diagnostics on open; hover times,
// idle and while a lint runs; the .vsix size; and whether the incremental re-lint still pays
// off now that the lint runs in a worker (the same edits linted incrementally and whole, in
// this process, from source).
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createFakeVscode, FakeDocument, loadWithFakeVscode, Position, Uri, type FakeVscode, type Hover } from './fake-vscode';
import { largeFile, largePythonFile, lockDenseFile } from './large-file';

interface ExtensionModule {
  activate(context: { subscriptions: Array<{ dispose(): unknown }> }): void;
}

// The repository the benchmark runs in (npm runs scripts there). Not this file's directory: the
// harness runs a bundle of it from `.cache`, which may be a link to another checkout's cache.
const root = process.cwd();
const bundle = path.join(root, 'extension/dist/extension.js');
const vsix = path.join(root, 'interleave.vsix');
const WARM_UP = 3;
const RUNS = 20;
const KEYSTROKES = 50;
/** Fast typing: a keystroke every 40 ms. */
const KEYSTROKE_GAP_MS = 40;
/** extension.ts's LINT_DELAY_MS. */
const LINT_DELAY_MS = 100;
/** What the 50 keystrokes type (the file parses again after the last one). */
const TYPED = 'const extra = temp * 2 + 1;\n  const fewer = extra;';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function summary(samples: readonly number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `median ${at(0.5).toFixed(1)} ms · p95 ${at(0.95).toFixed(1)} ms · max ${sorted.at(-1)!.toFixed(1)} ms (${samples.length} runs)`;
}

function median(samples: readonly number[]): number {
  return [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
}

const verdict = (value: number, limit: number): string => `${value.toFixed(1)} ms (target ≤ ${limit} ms: ${value <= limit ? 'met' : 'MISSED'})`;

interface FileFigures {
  name: string;
  lines: number;
  open: number[];
  edit: number[];
  longestBlock: number;
  loopDelay: number;
  typedToDiagnostics: number;
  hoverIdle: number[];
  hoverDuringLint: number[];
}

/**
 * The longest stretch this thread ran without yielding, until `stop()` (ms): a timer ticks as
 * often as the event loop lets it; between two ticks the thread was busy for the CPU time the
 * process used meanwhile (at most the wall time), which leaves out time spent waiting for a CPU
 * on a loaded machine (the event loop's delay counts that too).
 */
function longestBlock(): { stop(): number } {
  let longest = 0;
  let wall = performance.now();
  let cpu = process.cpuUsage();
  let running = true;
  const tick = (): void => {
    const now = performance.now();
    const used = process.cpuUsage(cpu);
    longest = Math.max(longest, Math.min(now - wall, (used.user + used.system) / 1000));
    wall = now;
    cpu = process.cpuUsage();
    if (running) setTimeout(tick, 0);
  };
  setTimeout(tick, 0);
  return {
    stop: () => {
      running = false;
      return longest;
    },
  };
}

/** Everything measured on one file in one editor session. */
async function measureFile(host: FakeVscode, workspace: string, name: string, text: string, insertAt: (text: string, run: number) => number): Promise<FileFigures> {
  const document = new FakeDocument(path.join(workspace, name), 'typescript', text);
  const open = async (): Promise<number> => {
    const done = host.nextDiagnostics(document.uri);
    const started = performance.now();
    host.open(document);
    await done;
    const ms = performance.now() - started;
    const closed = host.nextDiagnostics(document.uri);
    host.close(document);
    await closed;
    document.isClosed = false;
    return ms;
  };
  for (let run = 0; run < WARM_UP; run += 1) await open();
  const opens: number[] = [];
  for (let run = 0; run < RUNS; run += 1) opens.push(await open());

  const linted = host.nextDiagnostics(document.uri);
  host.open(document);
  await linted;
  // A statement typed into a function body, a different place each run: edit to diagnostics, debounce excluded.
  const edits: number[] = [];
  for (let run = 0; run < WARM_UP + RUNS; run += 1) {
    const current = document.getText();
    const at = insertAt(current, run);
    const done = host.nextDiagnostics(document.uri);
    const started = performance.now();
    host.edit(document, `${current.slice(0, at)}await tick();\n  ${current.slice(at)}`);
    await done;
    if (run >= WARM_UP) edits.push(performance.now() - started - LINT_DELAY_MS);
  }

  // 50 keystrokes, one every KEYSTROKE_GAP_MS, at one place: the host thread's longest block meanwhile.
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const blocks = longestBlock();
  delay.enable();
  let at = insertAt(document.getText(), 0);
  let lastKeystroke = 0;
  const typedDone = (async () => {
    for (const character of TYPED) {
      const current = document.getText();
      host.edit(document, `${current.slice(0, at)}${character}${current.slice(at)}`);
      at += 1;
      lastKeystroke = performance.now();
      await sleep(KEYSTROKE_GAP_MS);
    }
  })();
  await typedDone;
  const settled = host.nextDiagnostics(document.uri);
  await settled;
  const typedToDiagnostics = performance.now() - lastKeystroke - LINT_DELAY_MS;
  delay.disable();
  const longest = blocks.stop();
  const loopDelay = delay.max / 1e6;

  // Hovers on `runExclusive`, idle, and then while the lint of an edit runs.
  const targetsNow = (): Array<{ line: number; character: number }> =>
    document
      .getText()
      .split('\n')
      .flatMap((content, line) => (content.includes('runExclusive') ? [{ line, character: content.indexOf('runExclusive') + 2 }] : []));
  const hover = async (target: { line: number; character: number }): Promise<number> => {
    const started = performance.now();
    const found = (await host.providers.hover[0]!.provideHover!(document as never, new Position(target.line, target.character) as never)) as Hover | null;
    if (!found) throw new Error(`no hover at ${name}:${target.line}:${target.character}\n${host.log.join('\n')}`);
    return performance.now() - started;
  };
  const hoverIdle: number[] = [];
  for (const target of targetsNow().slice(0, 40)) hoverIdle.push(await hover(target));
  const hoverDuringLint: number[] = [];
  for (let run = 0; run < 5; run += 1) {
    const current = document.getText();
    const atEdit = insertAt(current, run);
    const done = host.nextDiagnostics(document.uri);
    let finished = false;
    void done.then(() => (finished = true));
    host.edit(document, `${current.slice(0, atEdit)}await tick();\n  ${current.slice(atEdit)}`);
    const targets = targetsNow();
    // Past the debounce: the lint and the query worker's parse of the new version have been asked for.
    await sleep(LINT_DELAY_MS + 5);
    for (let index = 0; !finished && index < 200; index += 1) {
      const ms = await hover(targets[(run * 7 + index) % targets.length]!);
      if (!finished) hoverDuringLint.push(ms);
    }
    await done;
  }
  return { name, lines: text.split('\n').length, open: opens, edit: edits, longestBlock: longest, loopDelay, typedToDiagnostics, hoverIdle, hoverDuringLint };
}

interface PythonFigures {
  lines: number;
  first: number;
  diagnostics: number;
  edit: number[];
  hoverIdle: number[];
  /** The engine's own lint of each edited version, in this process (no worker, no messages). */
  inProcess: number[];
}

/** The Python engine on the 2,000-line file: first diagnostics (engine and .wasm load included), edits, hovers. */
async function measurePython(host: FakeVscode, workspace: string): Promise<PythonFigures> {
  const text = largePythonFile();
  const document = new FakeDocument(path.join(workspace, 'large.py'), 'python', text);
  const opened = host.nextDiagnostics(document.uri);
  const started = performance.now();
  host.open(document);
  const diagnostics = (await opened)?.length ?? 0;
  const first = performance.now() - started;
  // A statement typed into a coroutine's body, a different class each run: edit to diagnostics, debounce excluded.
  const insertAt = (current: string, run: number): number => {
    const index = 50 + (run % 2 === 0 ? run / 2 : -(run + 1) / 2);
    const method = current.indexOf('async def racy_deposit', current.indexOf(`class Account${index}:`));
    return current.indexOf('current = self.balance', method);
  };
  const typed = 'await asyncio.sleep(0)\n        ';
  const edit: number[] = [];
  const versions: string[] = [];
  for (let run = 0; run < WARM_UP + RUNS; run += 1) {
    const current = document.getText();
    const at = insertAt(current, run);
    const done = host.nextDiagnostics(document.uri);
    const editStarted = performance.now();
    host.edit(document, `${current.slice(0, at)}${typed}${current.slice(at)}`);
    await done;
    if (run >= WARM_UP) edit.push(performance.now() - editStarted - LINT_DELAY_MS);
    versions.push(document.getText());
  }
  const hoverIdle: number[] = [];
  const lines = document.getText().split('\n');
  const targets = lines.flatMap((content, line) => (content.includes('asyncio.Lock()') ? [{ line, character: content.indexOf('Lock()') + 1 }] : []));
  for (const target of targets.slice(0, 40)) {
    const hoverStarted = performance.now();
    const found = await host.providers.hover[0]!.provideHover!(document as never, new Position(target.line, target.character) as never);
    if (!found) throw new Error(`no hover at large.py:${target.line}:${target.character}\n${host.log.join('\n')}`);
    hoverIdle.push(performance.now() - hoverStarted);
  }
  host.close(document);
  const dist = path.join(root, 'extension/dist');
  const { createEngine } = require(path.join(dist, 'python-engine.js')) as typeof import('../../extension/src/python-engine');
  const engine = await createEngine(dist);
  const settings = { preset: 'recommended' as const, lockLibrary: 'async-mutex' as const, interleave: null };
  const inProcess = versions.slice(WARM_UP).map((version, index) => {
    const lintStarted = performance.now();
    engine.lint({ uri: 'bench.py', version: index, text: version, languageId: 'python', fileName: 'bench.py' }, settings);
    return performance.now() - lintStarted;
  });
  return { lines: text.split('\n').length, first, diagnostics, edit, hoverIdle, inProcess };
}

/** The same versions linted by the store (incremental where it can) and whole, in this process: time per version. */
function incrementalPayoff(texts: readonly string[]): { incremental: number[]; whole: number[]; kinds: string } {
  (globalThis as { __PLUGIN_VERSION__?: string }).__PLUGIN_VERSION__ = 'benchmark';
  const { Analyzer } = require('../../extension/src/core/analyzer') as typeof import('../../extension/src/core/analyzer');
  const { DocumentStore } = require('../../extension/src/core/document-store') as typeof import('../../extension/src/core/document-store');
  const store = new DocumentStore(new Analyzer());
  const analyzer = new Analyzer();
  const incremental: number[] = [];
  const whole: number[] = [];
  const kinds = new Map<string, number>();
  texts.forEach((text, version) => {
    const document = { uri: 'bench.ts', version, text, languageId: 'typescript', fileName: 'bench.ts' };
    let started = performance.now();
    store.lint(document, 'recommended');
    const ms = performance.now() - started;
    started = performance.now();
    analyzer.analyze(document, { preset: 'recommended', rules: true });
    const full = performance.now() - started;
    if (version === 0) return;
    incremental.push(ms);
    whole.push(full);
    const record = store.lastLint('bench.ts')!;
    const kind = record.kind === 'full' && record.reason ? `full (${record.reason})` : record.kind;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  });
  return { incremental, whole, kinds: [...kinds].map(([kind, count]) => `${count} ${kind}`).join(', ') };
}

/** Versions of `text`, each with a statement typed into a function body elsewhere. */
function editedVersions(text: string, insertAt: (text: string, run: number) => number, count: number): string[] {
  const versions = [text];
  for (let run = 0; run < count; run += 1) {
    const current = versions.at(-1)!;
    const at = insertAt(current, run);
    versions.push(`${current.slice(0, at)}await tick();\n  ${current.slice(at)}`);
  }
  return versions;
}

/** Before `marker` + index in a function mid-file, a different function each run, alternating around the middle. */
function insertBefore(pattern: (index: number) => string, blocks: number): (text: string, run: number) => number {
  const middle = Math.floor(blocks / 2);
  return (text, run) => {
    const index = middle + (run % 2 === 0 ? run / 2 : -(run + 1) / 2);
    const at = text.indexOf(pattern(index));
    if (at === -1) throw new Error(`no "${pattern(index)}" in the benchmark file`);
    return at;
  };
}

async function main(): Promise<void> {
  if (!existsSync(path.join(root, 'extension/dist/worker.js'))) throw new Error(`No worker bundle in ${root}: run from the repository root after npm run build:extension`);
  if (TYPED.length !== KEYSTROKES) throw new Error(`TYPED is ${TYPED.length} keystrokes`);
  const workspace = mkdtempSync(path.join(tmpdir(), 'interleave-bench-'));
  const subscriptions: Array<{ dispose(): unknown }> = [];
  try {
    const activations: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const host = createFakeVscode(workspace, { 'interleave.diagnostics': 'on' });
      const context = { subscriptions: [] as Array<{ dispose(): unknown }>, extensionUri: Uri.file(root), extensionPath: root };
      const started = performance.now();
      loadWithFakeVscode<ExtensionModule>(bundle, host.vscode).activate(context);
      activations.push(performance.now() - started);
      for (const subscription of context.subscriptions) subscription.dispose();
    }

    const host = createFakeVscode(workspace, { 'interleave.diagnostics': 'on' });
    loadWithFakeVscode<ExtensionModule>(bundle, host.vscode).activate({ subscriptions, extensionUri: Uri.file(root), extensionPath: root } as never);
    const large = largeFile();
    const dense = lockDenseFile();
    // The first lint loads the engine in the worker.
    const first = new FakeDocument(path.join(workspace, 'first.ts'), 'typescript', large);
    const firstDone = host.nextDiagnostics(first.uri);
    let started = performance.now();
    host.open(first);
    const firstCount = (await firstDone)?.length ?? 0;
    const firstMs = performance.now() - started;
    host.close(first);
    if (host.log.some((line) => !line.startsWith('Interleave: started'))) throw new Error(host.log.join('\n'));

    const largeAt = insertBefore((index) => `counter${index} = temp + 1;`, 40);
    const denseAt = insertBefore((index) => `balance${index} = seen + sum;`, 43);
    const figures = [await measureFile(host, workspace, 'large.ts', large, largeAt), await measureFile(host, workspace, 'dense.ts', dense, denseAt)];
    const python = await measurePython(host, workspace);
    const payoff = [incrementalPayoff(editedVersions(large, largeAt, WARM_UP + RUNS)), incrementalPayoff(editedVersions(dense, denseAt, WARM_UP + RUNS))];

    const load = os.loadavg()[0]!;
    console.log(`Interleave extension benchmark (${os.cpus().length} CPUs, load average ${load.toFixed(1)}; wall-clock times, which include waiting for a CPU)`);
    console.log(`  activation (require extension.js + activate(); no engine on this thread): ${summary(activations)}`);
    console.log(`  first diagnostics, 2,000-line file, worker start and engine load included: ${firstMs.toFixed(0)} ms (${firstCount} diagnostics)`);
    const targets = { large: { edit: 50 }, dense: { edit: 150 } };
    figures.forEach((file, index) => {
      const limit = index === 0 ? targets.large.edit : targets.dense.edit;
      console.log(`  ${file.name} (${file.lines} lines):`);
      console.log(`    longest synchronous block on the extension host's thread while typing ${KEYSTROKES} keystrokes (${KEYSTROKE_GAP_MS} ms apart): ${verdict(file.longestBlock, 10)}`);
      console.log(`      (the event loop's longest delay meanwhile, waiting for a CPU included: ${file.loopDelay.toFixed(1)} ms)`);
      console.log(`    last keystroke to its diagnostics, debounce (${LINT_DELAY_MS} ms) excluded: ${file.typedToDiagnostics.toFixed(1)} ms`);
      console.log(`    keystroke to diagnostics, a statement typed into a function body, debounce excluded: ${summary(file.edit)}; ${verdict(median(file.edit), limit)}`);
      console.log(`    diagnostics on open, engine loaded: ${summary(file.open)}; ${verdict(median(file.open), 300)}`);
      console.log(`    hover, idle: ${summary(file.hoverIdle)}; ${verdict(median(file.hoverIdle), 5)}`);
      console.log(
        `    hover while the lint of an edit runs: ${file.hoverDuringLint.length > 0 ? `${summary(file.hoverDuringLint)}; ${verdict(median(file.hoverDuringLint), 5)}` : 'no hover fell inside a lint'}`,
      );
      const { incremental, whole, kinds } = payoff[index]!;
      console.log(`    incremental re-lint vs whole-file lint of the same ${incremental.length} edits (in this process): incremental ${summary(incremental)}; whole ${summary(whole)} — ${kinds}`);
    });
    console.log(`  large.py (${python.lines} lines, Python asyncio):`);
    console.log(`    first diagnostics, Python engine and its .wasm loaded in the worker: ${python.first.toFixed(0)} ms (${python.diagnostics} diagnostics)`);
    console.log(`    keystroke to diagnostics, a statement typed into a coroutine body, debounce excluded: ${summary(python.edit)}; ${verdict(median(python.edit), 50)}`);
    console.log(`    the engine's lint of those versions in this process: ${summary(python.inProcess)}`);
    console.log(`    hover on \`asyncio.Lock()\`, idle: ${summary(python.hoverIdle)}; ${verdict(median(python.hoverIdle), 5)}`);
    console.log(`  .vsix size: ${existsSync(vsix) ? `${(statSync(vsix).size / 1024 / 1024).toFixed(2)} MB (${statSync(vsix).size} bytes; target < 5 MB)` : 'not built (npm run package)'}`);
  } finally {
    for (const subscription of subscriptions) subscription.dispose();
    rmSync(workspace, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
