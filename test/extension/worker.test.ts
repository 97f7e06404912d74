// The worker protocol and the host's side of it, without VS Code or processes: requests and
// answers, restarts after a crash or a hang, giving up, which lints run and which answers are
// shown, the status bar's words, and the lock declarations read from an ESLint config.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configInterleave, lockSettings } from '../../extension/src/core/config-settings';
import { LintScheduler } from '../../extension/src/core/lint-scheduler';
import type { Method, RequestMessage } from '../../extension/src/core/protocol';
import { statusView } from '../../extension/src/core/status';
import { WorkerClient, WorkerUnavailableError, type WorkerPort } from '../../extension/src/core/worker-client';
import { answer, handlers } from '../../extension/src/worker/dispatch';
import { Engines, type LanguageEngine } from '../../extension/src/worker/engines';

/** A worker under the test's control: it records requests and answers when told. */
class FakePort implements WorkerPort {
  static count = 0;
  readonly pid = ++FakePort.count;
  readonly received: RequestMessage[] = [];
  killed = false;
  private messageListener: (message: unknown) => void = () => undefined;
  private exitListener: (how: string) => void = () => undefined;
  send(message: RequestMessage): void {
    this.received.push(message);
  }
  onMessage(listener: (message: unknown) => void): void {
    this.messageListener = listener;
  }
  onExit(listener: (how: string) => void): void {
    this.exitListener = listener;
  }
  kill(): void {
    this.killed = true;
    this.exitListener('signal SIGKILL');
  }
  reply(index: number, result: unknown): void {
    this.messageListener({ id: this.received[index]!.id, result });
  }
  crash(): void {
    this.exitListener('exit code 134');
  }
}

function client(options: { maxRestarts?: number; timeoutMs?: number } = {}) {
  const ports: FakePort[] = [];
  const log: string[] = [];
  let restarts = 0;
  const worker = new WorkerClient({
    name: 'lint',
    spawn: () => {
      const port = new FakePort();
      ports.push(port);
      return port;
    },
    log: (line) => log.push(line),
    timeoutMs: (method: Method) => (method === 'lint' ? (options.timeoutMs ?? 1_000) : 100),
    onRestart: () => (restarts += 1),
    maxRestarts: options.maxRestarts,
  });
  return { worker, ports, log, restarts: () => restarts };
}

const forget = { uri: 'file:///a.ts' };

afterEach(() => vi.useRealTimers());

describe('WorkerClient', () => {
  it('starts the worker on the first request and matches answers to requests by id', async () => {
    const { worker, ports, log } = client();
    expect(ports).toHaveLength(0);
    const first = worker.request('forget', forget);
    const second = worker.request('chooser', {});
    expect(ports).toHaveLength(1);
    expect(ports[0]!.received.map((message) => message.method)).toEqual(['forget', 'chooser']);
    ports[0]!.reply(1, { question: 'q', choices: [] });
    ports[0]!.reply(0, null);
    await expect(second).resolves.toEqual({ question: 'q', choices: [] });
    await expect(first).resolves.toBeNull();
    expect(log).toEqual([`Interleave: started the lint worker (pid ${ports[0]!.pid}).`]);
  });

  it('turns an error answer into a rejected request, the worker staying up', async () => {
    const { worker, ports } = client();
    const request = worker.request('forget', forget);
    (ports[0] as unknown as { messageListener(message: unknown): void }).messageListener({ id: ports[0]!.received[0]!.id, error: 'boom' });
    await expect(request).rejects.toThrow('boom');
    expect(worker.running).toBe(true);
  });

  it('fails the open requests of a worker that crashed, logs it, and starts a fresh worker for the next request', async () => {
    const { worker, ports, log, restarts } = client();
    const open = worker.request('forget', forget);
    ports[0]!.crash();
    await expect(open).rejects.toBeInstanceOf(WorkerUnavailableError);
    expect(log.at(-1)).toBe(`Interleave: the lint worker (pid ${ports[0]!.pid}) exited (exit code 134); restarting it.`);
    expect(restarts()).toBe(1);
    expect(worker.running).toBe(false);
    const next = worker.request('forget', forget);
    expect(ports).toHaveLength(2);
    ports[1]!.reply(0, null);
    await expect(next).resolves.toBeNull();
  });

  it('kills and restarts a worker that does not answer in time', async () => {
    vi.useFakeTimers();
    const { worker, ports, log, restarts } = client({ timeoutMs: 5_000 });
    const hanging = worker.request('lint', { document: { uri: 'a', version: 1, text: '', languageId: 'typescript', fileName: 'a.ts' }, settings: { preset: 'recommended', lockLibrary: 'async-mutex', interleave: null } });
    const rejected = expect(hanging).rejects.toThrow('did not answer a `lint` request within 5000 ms');
    vi.advanceTimersByTime(5_000);
    await rejected;
    expect(ports[0]!.killed).toBe(true);
    expect(log.at(-1)).toMatch(/did not answer a `lint` request within 5000 ms; restarting it\.$/);
    // The killed worker's exit comes after: it is not counted twice.
    expect(restarts()).toBe(1);
  });

  it('an answer that comes after its worker was given up for dead is ignored', async () => {
    const { worker, ports } = client();
    const open = worker.request('forget', forget);
    const port = ports[0]!;
    port.crash();
    await expect(open).rejects.toBeInstanceOf(WorkerUnavailableError);
    const next = worker.request('forget', forget);
    port.reply(0, 'late');
    ports[1]!.reply(0, null);
    await expect(next).resolves.toBeNull();
  });

  it('gives up after more restarts than allowed within the window, and then fails requests at once', async () => {
    const { worker, ports, log, restarts } = client({ maxRestarts: 2 });
    for (let crash = 0; crash < 3; crash += 1) {
      const open = worker.request('forget', forget);
      ports.at(-1)!.crash();
      await expect(open).rejects.toBeInstanceOf(WorkerUnavailableError);
    }
    expect(restarts()).toBe(2);
    expect(worker.failed).toBe(true);
    expect(log.at(-1)).toMatch(/failed 3 times within 60 s, so it stays off until the window is reloaded\.$/);
    await expect(worker.request('forget', forget)).rejects.toThrow('off after repeated failures');
    expect(ports).toHaveLength(3);
  });

  it('stops the worker when disposed', async () => {
    const { worker, ports } = client();
    const open = worker.request('forget', forget);
    worker.dispose();
    await expect(open).rejects.toBeInstanceOf(WorkerUnavailableError);
    expect(ports[0]!.killed).toBe(true);
    await expect(worker.request('forget', forget)).rejects.toThrow('is stopped');
  });
});

describe('LintScheduler', () => {
  /** Lints that finish when the test says, and a document whose version the test moves. */
  function scheduler() {
    const runs: Array<{ version: number; finish(result: string): void; fail(error: Error): void }> = [];
    const published: Array<[number, string]> = [];
    const failed: number[] = [];
    const busy: boolean[] = [];
    const screen = { version: 1 as number | undefined };
    const lints = new LintScheduler<{ uri: string; version: number }, string>({
      run: (job) => new Promise((finish, fail) => runs.push({ version: job.version, finish, fail })),
      currentVersion: () => screen.version,
      publish: (job, result) => published.push([job.version, result]),
      failed: (job) => failed.push(job.version),
      busyChanged: (now) => busy.push(now),
    });
    const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
    return { lints, runs, published, failed, busy, screen, settle };
  }

  it('runs one lint per document at a time and, after it, only the newest version edited meanwhile', async () => {
    const { lints, runs, published, busy, screen, settle } = scheduler();
    lints.schedule({ uri: 'a', version: 1 });
    for (const version of [2, 3, 4]) {
      screen.version = version;
      lints.schedule({ uri: 'a', version });
    }
    expect(runs.map((run) => run.version)).toEqual([1]);
    expect(lints.linting('a')).toBe(true);
    runs[0]!.finish('v1');
    await settle();
    // Version 1 is no longer on screen: dropped, and 4 is linted next (2 and 3 never).
    expect(published).toEqual([]);
    expect(runs.map((run) => run.version)).toEqual([1, 4]);
    runs[1]!.finish('v4');
    await settle();
    expect(published).toEqual([[4, 'v4']]);
    expect(busy).toEqual([true, false]);
    expect(lints.linting('a')).toBe(false);
  });

  it('drops an answer when a newer lint of the same version waits (the settings changed)', async () => {
    const { lints, runs, published, settle } = scheduler();
    lints.schedule({ uri: 'a', version: 1 });
    lints.schedule({ uri: 'a', version: 1 });
    runs[0]!.finish('old settings');
    await settle();
    expect(published).toEqual([]);
    runs[1]!.finish('new settings');
    await settle();
    expect(published).toEqual([[1, 'new settings']]);
  });

  it('reports a failed lint of an open document, and forgets a closed one', async () => {
    const { lints, runs, published, failed, screen, settle } = scheduler();
    lints.schedule({ uri: 'a', version: 1 });
    runs[0]!.fail(new Error('crashed'));
    await settle();
    expect(failed).toEqual([1]);
    lints.schedule({ uri: 'a', version: 1 });
    screen.version = 2;
    lints.schedule({ uri: 'a', version: 2 });
    lints.forget('a');
    screen.version = undefined;
    runs[1]!.finish('closed');
    await settle();
    expect(published).toEqual([]);
    expect(runs).toHaveLength(2);
  });

  it('lints different documents side by side', () => {
    const { lints, runs } = scheduler();
    lints.schedule({ uri: 'a', version: 1 });
    lints.schedule({ uri: 'b', version: 1 });
    expect(runs).toHaveLength(2);
  });
});

describe('statusView', () => {
  it('says idle, linting or off, with the active file’s problem count, and that a click shows the output', () => {
    expect(statusView({ kind: 'idle', problems: 0 })).toEqual({ text: '$(check) Interleave: 0', tooltip: 'Interleave: idle. No concurrency problems in this file. Click to show the output.' });
    expect(statusView({ kind: 'idle', problems: 2 })).toEqual({ text: '$(warning) Interleave: 2', tooltip: 'Interleave: idle. 2 concurrency problems in this file. Click to show the output.' });
    expect(statusView({ kind: 'linting', problems: 1 })).toEqual({
      text: '$(sync~spin) Interleave: 1',
      tooltip: 'Interleave: checking… 1 concurrency problem in this file. Click to show the output.',
    });
    expect(statusView({ kind: 'idle', problems: null })).toEqual({ text: '$(check) Interleave', tooltip: 'Interleave: idle. Click to show the output.' });
    expect(statusView({ kind: 'off', reason: '`interleave.diagnostics` is `off`.' })).toEqual({
      text: '$(circle-slash) Interleave: off',
      tooltip: 'Interleave: `interleave.diagnostics` is `off`. Click to show the output.',
    });
  });
});

describe('the worker dispatch', () => {
  /** A checker that records what it was asked. */
  function fakeEngine(name: string, calls: string[]): LanguageEngine {
    const record = (what: string) => calls.push(`${name}.${what}`);
    return {
      lint: (document) => (record(`lint ${document.version}`), { problems: [], stale: false, error: null }),
      prepare: () => void record('prepare'),
      forget: (uri) => void record(`forget ${uri}`),
      hover: () => (record('hover'), null),
      codeActions: () => (record('codeActions'), []),
      completions: () => (record('completions'), []),
      insertPrimitive: () => (record('insertPrimitive'), null),
      chooser: () => (record('chooser'), { question: 'q', choices: [] }),
      lockSettings: () => {
        throw new Error('unreadable');
      },
    };
  }

  it('loads a checker on first use and answers with the one of the document’s language; a checker’s exception is an error answer', async () => {
    const calls: string[] = [];
    const loaded: string[] = [];
    const engines = new Engines((entry) => (loaded.push(entry.name), fakeEngine(entry.name, calls)));
    const table = handlers(engines);
    const document = { uri: 'file:///a.ts', version: 3, text: '', languageId: 'typescriptreact', fileName: 'a.tsx' };
    const settings = { preset: 'recommended' as const, lockLibrary: 'async-mutex' as const, interleave: null };
    expect(loaded).toEqual([]);
    expect(await answer(table, { id: 1, method: 'lint', params: { document, settings } })).toEqual({ id: 1, result: { problems: [], stale: false, error: null } });
    expect(await answer(table, { id: 2, method: 'prepare', params: { document, settings } })).toEqual({ id: 2, result: null });
    expect(await answer(table, { id: 3, method: 'forget', params: { uri: document.uri } })).toEqual({ id: 3, result: null });
    expect(loaded).toEqual(['JavaScript/TypeScript']);
    expect(calls).toEqual(['JavaScript/TypeScript.lint 3', 'JavaScript/TypeScript.prepare', 'JavaScript/TypeScript.forget file:///a.ts']);
    expect(await answer(table, { id: 4, method: 'lockSettings', params: { editor: {}, config: null } })).toMatchObject({ id: 4, error: expect.stringMatching(/^Error: unreadable/) });
    expect(await answer(table, { id: 5, method: 'hover', params: { document: { ...document, languageId: 'plaintext' }, offset: 0, settings } })).toMatchObject({
      id: 5,
      error: expect.stringMatching(/No Interleave checker for the language "plaintext"/),
    });
  });

  it('waits for a checker that loads asynchronously, loads it once, and tries again after a failed load', async () => {
    const calls: string[] = [];
    let attempts = 0;
    const engines = new Engines(async (entry) => {
      attempts += 1;
      if (attempts === 1) throw new Error('no wasm');
      return fakeEngine(entry.name, calls);
    });
    const table = handlers(engines);
    const document = { uri: 'file:///a.py', version: 1, text: '', languageId: 'python', fileName: 'a.py' };
    const settings = { preset: 'recommended' as const, lockLibrary: 'async-mutex' as const, interleave: null };
    expect(await answer(table, { id: 1, method: 'lint', params: { document, settings } })).toMatchObject({ id: 1, error: expect.stringMatching(/no wasm/) });
    const [first, second] = await Promise.all([
      answer(table, { id: 2, method: 'lint', params: { document, settings } }),
      answer(table, { id: 3, method: 'hover', params: { document, offset: 0, settings } }),
    ]);
    expect([first, second]).toEqual([{ id: 2, result: { problems: [], stale: false, error: null } }, { id: 3, result: null }]);
    expect(attempts).toBe(2);
    expect(calls).toEqual(['Python asyncio.lint 1', 'Python asyncio.hover']);
  });
});

describe('lock declarations', () => {
  it('reads settings.interleave written as a literal, the last object that sets a key winning, without running the file', () => {
    const notes: string[] = [];
    const text = `import interleave from 'eslint-plugin-interleave';
export default [
  interleave.configs.recommended,
  { settings: { interleave: { wrappers: ['withLock'], lockFactories: [{ name: 'getLock', kind: 'mutex' }] } } },
  { files: ['src/**'], settings: { 'interleave': { wrappers: [{ name: \`db.serialized\`, callbackIndex: 0, exclusive: true }] } as const } },
];
`;
    expect(configInterleave(text, 'eslint.config.ts', notes)).toEqual({
      wrappers: [{ name: 'db.serialized', callbackIndex: 0, exclusive: true }],
      lockFactories: [{ name: 'getLock', kind: 'mutex' }],
    });
    expect(notes).toEqual([]);
  });

  it('leaves out what code computes, and a file that does not parse, saying so', () => {
    const notes: string[] = [];
    expect(configInterleave("const names = ['withLock'];\nexport default [{ settings: { interleave: { wrappers: names } } }];\n", 'eslint.config.js', notes)).toBeNull();
    expect(configInterleave('export default [{ settings: { interleave: { wrappers: [...more] } } }];', 'eslint.config.js', notes)).toBeNull();
    expect(configInterleave('export default [{', 'eslint.config.js', notes)).toBeNull();
    expect(configInterleave("export default [{ settings: { other: 1 } }];\n", 'eslint.config.js', notes)).toBeNull();
    expect(notes).toEqual([
      'eslint.config.js: `settings.interleave` (line 2) is computed by code, which the editor does not run; write it as a literal, or use the VS Code settings `interleave.wrappers` / `interleave.lockFactories`.',
      'eslint.config.js: `settings.interleave` (line 1) is computed by code, which the editor does not run; write it as a literal, or use the VS Code settings `interleave.wrappers` / `interleave.lockFactories`.',
      expect.stringMatching(/^eslint\.config\.js does not parse \(.*\); its `settings\.interleave` is not read\.$/),
    ]);
  });

  it('puts the config file’s declarations first and the editor’s after them, leaving out an invalid source with a note', () => {
    const config = { fileName: 'eslint.config.mjs', text: "export default [{ settings: { interleave: { wrappers: ['withLock'] } } }];" };
    expect(lockSettings({ editor: { wrappers: [], lockFactories: [] }, config: null })).toEqual({ interleave: null, notes: [] });
    expect(lockSettings({ editor: { lockFactories: [{ name: 'getLock', kind: 'semaphore', permits: 2 }] }, config })).toEqual({
      interleave: { wrappers: ['withLock'], lockFactories: [{ name: 'getLock', kind: 'semaphore', permits: 2 }] },
      notes: [],
    });
    expect(lockSettings({ editor: { wrappers: [{ name: 'run', callbackIndex: -1 }] }, config })).toEqual({
      interleave: { wrappers: ['withLock'], lockFactories: [] },
      notes: [
        'VS Code settings `interleave.wrappers` / `interleave.lockFactories`: eslint-plugin-interleave: invalid `settings.interleave.wrappers[0].callbackIndex`: expected a non-negative integer or "last". Left out.',
      ],
    });
  });

  it('follows the config file on whether test code is linted', () => {
    const config = { fileName: 'eslint.config.mjs', text: 'export default [{ settings: { interleave: { lintTestFiles: true } } }];' };
    expect(lockSettings({ editor: {}, config })).toEqual({ interleave: { wrappers: [], lockFactories: [], lintTestFiles: true }, notes: [] });
  });
});
