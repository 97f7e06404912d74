// Benchmark of the packaged extension (not a timed test): `npm run bench:extension`.
// Loads the built bundles against the stand-in `vscode` module and prints activation time,
// diagnostics latency on a 2,000-line file (on open, after typing inside a function body, after
// an edit at the end of the file, after an edit that needs a full lint), hover latency and the
// .vsix size.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseForESLint } from '@typescript-eslint/parser';
import { createFakeVscode, FakeDocument, loadWithFakeVscode, Position, Uri, type Hover } from './fake-vscode';
import { largeFile } from './large-file';

interface ExtensionModule {
  activate(context: unknown): void;
}

const root = path.resolve(__dirname, '../..');
const bundle = path.join(root, 'extension/dist/extension.js');
const vsix = path.join(root, 'interleave.vsix');
const LINES = 2000;
const WARM_UP = 5;
const RUNS = 30;
const LINT_DELAY_MS = 200;

/**
 * How the store lints each version in turn (`incremental`, `moved`, `full (reason)`): the same
 * code as the bundle, run from source, so the figures say what they measured.
 */
function lintKinds(versions: readonly string[]): string[] {
  // The build puts the plugin's version in; the source reads it as a global, so it loads only now.
  (globalThis as { __PLUGIN_VERSION__?: string }).__PLUGIN_VERSION__ = 'benchmark';
  const { Analyzer } = require('../../extension/src/core/analyzer') as typeof import('../../extension/src/core/analyzer');
  const { DocumentStore } = require('../../extension/src/core/document-store') as typeof import('../../extension/src/core/document-store');
  const store = new DocumentStore(new Analyzer());
  return versions.map((text, index) => {
    store.lint({ uri: 'large.ts', version: index, text, languageId: 'typescript', fileName: 'large.ts' }, 'recommended');
    const record = store.lastLint('large.ts')!;
    return record.kind === 'full' && record.reason ? `full (${record.reason})` : record.kind;
  });
}

/** `30 incremental, 5 full (…)`. */
function tally(kinds: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const kind of kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return [...counts].map(([kind, count]) => `${count} ${kind}`).join(', ');
}

function summary(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `median ${at(0.5).toFixed(2)} ms · p95 ${at(0.95).toFixed(2)} ms · min ${sorted[0]!.toFixed(2)} ms (${samples.length} runs)`;
}

async function main(): Promise<void> {
  if (!existsSync(bundle)) throw new Error('Build first: npm run build:extension');
  const workspace = mkdtempSync(path.join(tmpdir(), 'interleave-bench-'));
  try {
    const activations: number[] = [];
    let host = createFakeVscode(workspace, { 'interleave.diagnostics': 'on' });
    for (let run = 0; run < RUNS; run += 1) {
      host = createFakeVscode(workspace, { 'interleave.diagnostics': 'on' });
      const started = performance.now();
      loadWithFakeVscode<ExtensionModule>(bundle, host.vscode).activate({ subscriptions: [], extensionUri: Uri.file(root), extensionPath: root });
      activations.push(performance.now() - started);
    }

    const text = largeFile();
    const document = new FakeDocument(path.join(workspace, 'large.ts'), 'typescript', text);
    const lintOnOpen = async (): Promise<{ ms: number; cpu: number; count: number }> => {
      const done = host.nextDiagnostics(document.uri);
      const started = performance.now();
      const cpuStarted = process.cpuUsage();
      host.open(document);
      const diagnostics = await done;
      const ms = performance.now() - started;
      const cpuUsed = process.cpuUsage(cpuStarted);
      const cpu = (cpuUsed.user + cpuUsed.system) / 1000;
      const closed = host.nextDiagnostics(document.uri);
      host.close(document);
      await closed;
      document.isClosed = false;
      return { ms, cpu, count: diagnostics?.length ?? 0 };
    };
    if (host.log.length > 0) throw new Error(host.log.join('\n'));
    const first = await lintOnOpen();
    if (host.log.length > 0) throw new Error(`The benchmark file does not lint cleanly:\n${host.log.join('\n')}`);
    for (let run = 0; run < WARM_UP; run += 1) await lintOnOpen();
    const opens: number[] = [];
    const openCpu: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const measured = await lintOnOpen();
      opens.push(measured.ms);
      openCpu.push(measured.cpu);
    }

    const linted = host.nextDiagnostics(document.uri);
    host.open(document);
    await linted;
    /** Every version the edits below make, in order (replayed through the store to say how each was linted). */
    const versions: string[] = [text];
    const edit = async (next: string): Promise<{ ms: number; cpu: number }> => {
      const done = host.nextDiagnostics(document.uri);
      const started = performance.now();
      const cpuStarted = process.cpuUsage();
      host.edit(document, next);
      await done;
      const cpuUsed = process.cpuUsage(cpuStarted);
      versions.push(next);
      return { ms: performance.now() - started - LINT_DELAY_MS, cpu: (cpuUsed.user + cpuUsed.system) / 1000 };
    };
    const measure = async (makeEdit: (run: number) => string): Promise<{ wall: number[]; cpu: number[] }> => {
      const wall: number[] = [];
      const cpu: number[] = [];
      for (let run = 0; run < WARM_UP + RUNS; run += 1) {
        const measured = await edit(makeEdit(run));
        if (run < WARM_UP) continue;
        wall.push(measured.ms);
        cpu.push(measured.cpu);
      }
      return { wall, cpu };
    };

    // A statement typed into a function in the middle of the file: a different function each
    // run, alternating on either side of the middle.
    const middle = Math.floor((text.match(/^export async function increment\d+/gm)?.length ?? 0) / 2);
    const typing = await measure((run) => {
      const index = middle + (run % 2 === 0 ? run / 2 : -(run + 1) / 2);
      const current = document.getText();
      const at = current.indexOf(`counter${index} = temp + 1;`);
      if (at === -1) throw new Error(`no increment${index} in the benchmark file`);
      return `${current.slice(0, at)}await tick();\n  ${current.slice(at)}`;
    });
    const typed = document.getText();
    // A comment line at the end of the file, as the benchmark measured before.
    const atEnd = await measure((run) => `${typed}\n// edit ${run}\n`);
    // A new module-level declaration: the edit is outside every function body, so the whole file is linted.
    const forcedFull = await measure((run) => {
      const current = document.getText();
      const at = current.indexOf(`export async function increment${middle}(`);
      return `${current.slice(0, at)}export const extra${run} = ${run};\n${current.slice(at)}`;
    });

    const hover = (line: number, character: number): Hover | null =>
      host.providers.hover[0]!.provideHover!(document as never, new Position(line, character) as never) as Hover | null;
    const lines = document.getText().split('\n');
    const targets = lines.flatMap((content, line) => {
      const at = content.indexOf('runExclusive');
      return at === -1 ? [] : [{ line, character: at + 2 }];
    });
    const hovers: number[] = [];
    const hoverCpu: number[] = [];
    for (const target of [...targets, ...targets].slice(0, 200)) {
      const started = performance.now();
      const cpuStarted = process.cpuUsage();
      const found = hover(target.line, target.character);
      hovers.push(performance.now() - started);
      const cpuUsed = process.cpuUsage(cpuStarted);
      hoverCpu.push((cpuUsed.user + cpuUsed.system) / 1000);
      if (!found) throw new Error(`no hover at ${target.line}:${target.character}`);
    }
    host.edit(document, `${document.getText()}\n// unlinted edit\n`);
    const coldStart = performance.now();
    hover(targets[0]!.line, targets[0]!.character);
    const coldHover = performance.now() - coldStart;

    const load = os.loadavg()[0]!;
    // The floor under any lint: the parser alone on the same file.
    const parses: number[] = [];
    for (let run = 0; run < WARM_UP + RUNS; run += 1) {
      const started = performance.now();
      parseForESLint(text, { filePath: 'large.ts', range: true, loc: true, tokens: true, comment: true });
      if (run >= WARM_UP) parses.push(performance.now() - started);
    }
    console.log(`Interleave extension benchmark (${os.cpus().length} CPUs, load average ${load.toFixed(1)}; wall-clock times include waiting for a CPU, CPU times include the garbage collector's helper threads)`);
    console.log(`  reference: @typescript-eslint/parser alone on the ${LINES}-line file: ${summary(parses)}`);
    console.log(`  activation (require extension.js + activate()): ${summary(activations)}`);
    console.log(`  first diagnostics on a ${LINES}-line file, engine load included: ${first.ms.toFixed(1)} ms (${first.count} diagnostics)`);
    console.log(`  diagnostics on open, ${LINES} lines, after ${WARM_UP} warm-up runs: ${summary(opens)}`);
    console.log(`    the same, CPU time of the extension host: ${summary(openCpu)}`);
    const kinds = lintKinds(versions);
    const howLinted = (from: number): string => ` — lints: ${tally(kinds.slice(from, from + WARM_UP + RUNS))}`;
    console.log(`  diagnostics after typing a statement into a function body mid-file, debounce (${LINT_DELAY_MS} ms) excluded: ${summary(typing.wall)}`);
    console.log(`    the same, CPU time: ${summary(typing.cpu)}${howLinted(1)}`);
    console.log(`  diagnostics after a comment line at the end of the file: ${summary(atEnd.wall)}`);
    console.log(`    the same, CPU time: ${summary(atEnd.cpu)}${howLinted(1 + WARM_UP + RUNS)}`);
    console.log(`  diagnostics after a new module-level declaration (a full lint): ${summary(forcedFull.wall)}`);
    console.log(`    the same, CPU time: ${summary(forcedFull.cpu)}${howLinted(1 + 2 * (WARM_UP + RUNS))}`);
    console.log(`  hover on a linted ${LINES}-line file: ${summary(hovers)}`);
    console.log(`    the same, CPU time: ${summary(hoverCpu)}`);
    console.log(`  hover right after an edit (parses the file first): ${coldHover.toFixed(2)} ms`);
    console.log(`  .vsix size: ${existsSync(vsix) ? `${(statSync(vsix).size / 1024 / 1024).toFixed(2)} MB (${statSync(vsix).size} bytes)` : 'not built (npm run package)'}`);
    const median = (samples: number[]): number => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
    const verdict = (value: number, limit: number): string => `${value.toFixed(1)} ms, ${value <= limit ? 'met' : 'MISSED'}`;
    console.log(
      `  targets: diagnostics after typing in a function body, median ≤ 50 ms — wall ${verdict(median(typing.wall), 50)}, CPU ${verdict(median(typing.cpu), 50)}; hover median ≤ 5 ms — wall ${verdict(median(hovers), 5)}`,
    );
    console.log(
      `  (not judged by the target: on open — wall ${median(opens).toFixed(1)} ms, CPU ${median(openCpu).toFixed(1)} ms; after an edit needing a full lint — wall ${median(forcedFull.wall).toFixed(1)} ms, CPU ${median(forcedFull.cpu).toFixed(1)} ms)`,
    );
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
