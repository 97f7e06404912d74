// Runs `check` over many files in worker threads, with a per-file watchdog: a rule that hangs on
// one file is recorded as a crash of that file and its worker replaced, and the run goes on.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { createChecker, type CheckOptions, type FileResult, type PluginLike } from './check-file';

export interface Job {
  /** Absolute path. */
  file: string;
  /** Shown in reports. */
  display: string;
  /** The package the file belongs to. */
  group: string;
  sourceType: 'module' | 'commonjs';
}

interface WorkerSetup {
  pluginPath: string;
  options: CheckOptions;
}

/** Lints one job in this thread: shared by the workers and by in-process runs (the test slice). */
export function loadChecker(pluginPath: string, options: CheckOptions): (job: Job) => FileResult {
  const plugin = createRequire(__filename)(pluginPath) as PluginLike;
  const check = createChecker(plugin, options);
  return (job) => check(job.file, readFileSync(job.file, 'utf8'), job.display, job.sourceType);
}

/** Worker side: call from the module a worker runs; returns false on the main thread. */
export function serveIfWorker(): boolean {
  if (!parentPort || !(workerData as { corpusWorker?: WorkerSetup })?.corpusWorker) return false;
  const { pluginPath, options } = (workerData as { corpusWorker: WorkerSetup }).corpusWorker;
  const check = loadChecker(pluginPath, options);
  const port = parentPort;
  port.on('message', (job: Job) => port.postMessage(check(job)));
  return true;
}

export interface PoolOptions {
  /** The script the workers run (it calls `serveIfWorker`). */
  script: string;
  pluginPath: string;
  options: CheckOptions;
  workers: number;
  fileTimeoutMs: number;
  onResult?: (result: FileResult, done: number) => void;
}

export async function runPool(jobs: readonly Job[], pool: PoolOptions): Promise<FileResult[]> {
  const results: FileResult[] = new Array(jobs.length);
  let next = 0;
  let done = 0;
  const finish = (index: number, result: FileResult): void => {
    results[index] = result;
    done++;
    pool.onResult?.(result, done);
  };

  const lane = (): Promise<void> =>
    new Promise((resolve, reject) => {
      let worker: Worker;
      let current = -1;
      let timer: NodeJS.Timeout | undefined;
      const start = (): void => {
        worker = new Worker(pool.script, { workerData: { corpusWorker: { pluginPath: pool.pluginPath, options: pool.options } } });
        worker.on('message', (result: FileResult) => {
          clearTimeout(timer);
          finish(current, result);
          feed();
        });
        worker.on('error', (error) => {
          clearTimeout(timer);
          // An error outside `check` (out of memory, a stack overflow the lint could not catch)
          // is charged to the file being linted, and a fresh worker takes over.
          if (current >= 0 && results[current] === undefined) {
            finish(current, failed(jobs[current]!, 'worker', `worker died: ${error.message}`, String(error.stack)));
            start();
            feed();
          } else reject(error);
        });
      };
      const feed = (): void => {
        if (next >= jobs.length) {
          current = -1;
          void worker.terminate().then(() => resolve());
          return;
        }
        current = next++;
        const job = jobs[current]!;
        timer = setTimeout(() => {
          const index = current;
          worker.removeAllListeners();
          void worker.terminate();
          finish(index, failed(job, 'timeout', `no result after ${pool.fileTimeoutMs / 1000} s`, ''));
          start();
          feed();
        }, pool.fileTimeoutMs);
        worker.postMessage(job);
      };
      start();
      feed();
    });

  await Promise.all(Array.from({ length: Math.max(1, Math.min(pool.workers, jobs.length)) }, lane));
  return results;
}

function failed(job: Job, rule: string, message: string, stack: string): FileResult {
  return {
    file: job.display,
    bytes: 0,
    crashes: [{ rule, message, stack }],
    findings: [],
    fixesChecked: 0,
    brokenFixes: [],
    times: { parse: 0, rules: {}, total: 0 },
  };
}
