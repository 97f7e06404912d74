// Benchmark of the packaged extension (not a timed test): `npm run bench:extension`.
// Loads the built bundles against the stand-in `vscode` module and prints activation time,
// diagnostics latency on a 2,000-line file, hover latency and the .vsix size.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseForESLint } from '@typescript-eslint/parser';
import { createFakeVscode, FakeDocument, loadWithFakeVscode, Position, Uri, type Hover } from './fake-vscode';

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

/** One block of everyday lock code; the file repeats it with fresh names up to 2,000 lines. */
function block(index: number): string {
  return `
const lock${index} = new Mutex();
const pool${index} = new Semaphore(4);
let counter${index} = 0;
const cache${index} = new Map<string, string>();

export async function increment${index}(): Promise<void> {
  const temp = counter${index};
  await tick();
  counter${index} = temp + 1;
}

export async function refresh${index}(url: string): Promise<void> {
  await lock${index}.runExclusive(async () => {
    const data = await load(url);
    cache${index}.set(url, data);
  });
}

export async function manual${index}(key: string): Promise<void> {
  const release = await lock${index}.acquire();
  try {
    cache${index}.delete(key);
  } finally {
    release();
  }
}

export async function fetchAll${index}(urls: string[]): Promise<string[]> {
  return Promise.all(urls.map((url) => pool${index}.runExclusive(() => load(url))));
}

export class Store${index} {
  private readonly lock = new Mutex();
  private value = 0;

  async add(n: number): Promise<number> {
    return this.lock.runExclusive(async () => {
      this.value += n;
      await tick();
      return this.value;
    });
  }
}
`;
}

/** Whole blocks while they fit, then one-line constants up to exactly ${LINES} lines; the file must parse. */
function largeFile(): string {
  let text = "import { Mutex, Semaphore } from 'async-mutex';\n\ndeclare function tick(): Promise<void>;\ndeclare function load(url: string): Promise<string>;\n";
  const lineCount = (code: string): number => code.split('\n').length;
  // `text` always ends with a newline, so it holds lineCount(text) - 1 lines.
  for (let index = 0; lineCount(text + block(index)) - 1 <= LINES; index += 1) text += block(index);
  for (let index = 0; lineCount(text) - 1 < LINES; index += 1) text += `export const padding${index} = ${index};\n`;
  return text.slice(0, -1);
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

    const edits: number[] = [];
    const linted = host.nextDiagnostics(document.uri);
    host.open(document);
    await linted;
    for (let run = 0; run < RUNS; run += 1) {
      const done = host.nextDiagnostics(document.uri);
      const started = performance.now();
      host.edit(document, `${text}\n// edit ${run}\n`);
      await done;
      edits.push(performance.now() - started - LINT_DELAY_MS);
    }

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
    host.edit(document, `${text}\n// unlinted edit\n`);
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
    console.log(`  diagnostics after an edit, debounce (${LINT_DELAY_MS} ms) excluded: ${summary(edits)}`);
    console.log(`  hover on a linted ${LINES}-line file: ${summary(hovers)}`);
    console.log(`    the same, CPU time: ${summary(hoverCpu)}`);
    console.log(`  hover right after an edit (parses the file first): ${coldHover.toFixed(2)} ms`);
    console.log(`  .vsix size: ${existsSync(vsix) ? `${(statSync(vsix).size / 1024 / 1024).toFixed(2)} MB (${statSync(vsix).size} bytes)` : 'not built (npm run package)'}`);
    const median = (samples: number[]): number => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
    const verdict = (value: number, limit: number): string => `${value.toFixed(1)} ms, ${value <= limit ? 'met' : 'MISSED'}`;
    console.log(
      `  targets: diagnostics median ≤ 50 ms — wall ${verdict(median(opens), 50)}, CPU ${verdict(median(openCpu), 50)}; hover median ≤ 5 ms — wall ${verdict(median(hovers), 5)}`,
    );
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
