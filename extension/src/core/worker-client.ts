// The extension host's side of an engine worker: requests with answers, and a worker that is
// started on first use, restarted when it crashes or hangs, and given up on when it keeps failing.
import { isResponse, type Method, type Methods, type RequestMessage } from './protocol';

/** A running worker, whatever runs it (a child process in the editor, a fake in tests). */
export interface WorkerPort {
  /** The operating system's id of the worker, for the log. */
  readonly pid: number | undefined;
  send(message: RequestMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once when the worker has gone, with how it went ("exit code 1", "signal SIGKILL"). */
  onExit(listener: (how: string) => void): void;
  kill(): void;
}

export interface WorkerClientOptions {
  /** Names the worker in the log ("lint", "query"). */
  name: string;
  spawn(): WorkerPort;
  log(line: string): void;
  /** How long a request may take; past it the worker counts as hung, and is killed and restarted. */
  timeoutMs(method: Method): number;
  /** After a crash or a hang the worker has forgotten everything: the host asks again. */
  onRestart(): void;
  /** More restarts than this within `restartWindowMs` and the worker is given up on. */
  maxRestarts?: number;
  restartWindowMs?: number;
  now?: () => number;
}

/** The worker is gone (crashed, hung, given up on, or disposed): the request got no answer. */
export class WorkerUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerUnavailableError';
  }
}

interface Pending {
  method: Method;
  resolve(result: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

export class WorkerClient {
  private port: WorkerPort | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly restarts: number[] = [];
  private givenUp = false;
  private disposed = false;

  constructor(private readonly options: WorkerClientOptions) {}

  /** True once the worker failed too often; requests then fail at once. */
  get failed(): boolean {
    return this.givenUp;
  }

  get running(): boolean {
    return this.port !== null;
  }

  /** The answer of the worker, started first if it is not running. */
  request<M extends Method>(method: M, params: Methods[M]['params']): Promise<Methods[M]['result']> {
    if (this.disposed || this.givenUp) {
      return Promise.reject(new WorkerUnavailableError(`The Interleave ${this.options.name} worker is ${this.disposed ? 'stopped' : 'off after repeated failures'}.`));
    }
    const port = this.port ?? this.start();
    const id = this.nextId++;
    return new Promise<Methods[M]['result']>((resolve, reject) => {
      const timeout = this.options.timeoutMs(method);
      const timer = setTimeout(() => this.hung(port, method, timeout), timeout);
      this.pending.set(id, { method, resolve: resolve as (result: unknown) => void, reject, timer });
      port.send({ id, method, params });
    });
  }

  /** Stops the worker for good (the extension is deactivated). */
  dispose(): void {
    this.disposed = true;
    const port = this.port;
    this.port = null;
    this.rejectAll('The Interleave worker was stopped.');
    port?.kill();
  }

  private start(): WorkerPort {
    const port = this.options.spawn();
    this.port = port;
    port.onMessage((message) => {
      if (port !== this.port || !isResponse(message)) return;
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      clearTimeout(pending.timer);
      if ('error' in message) pending.reject(new Error(message.error));
      else pending.resolve(message.result);
    });
    port.onExit((how) => {
      if (port === this.port) this.lost(port, `exited (${how})`);
    });
    this.options.log(`Interleave: started the ${this.options.name} worker${port.pid === undefined ? '' : ` (pid ${port.pid})`}.`);
    return port;
  }

  private hung(port: WorkerPort, method: Method, timeout: number): void {
    if (port !== this.port) return;
    this.lost(port, `did not answer a \`${method}\` request within ${timeout} ms`);
    port.kill();
  }

  /** The worker crashed or hangs: every open request fails, and the next one starts a fresh worker. */
  private lost(port: WorkerPort, what: string): void {
    this.port = null;
    this.rejectAll(`The Interleave ${this.options.name} worker ${what}.`);
    const now = (this.options.now ?? Date.now)();
    const window = this.options.restartWindowMs ?? 60_000;
    while (this.restarts.length > 0 && this.restarts[0]! <= now - window) this.restarts.shift();
    this.restarts.push(now);
    if (this.restarts.length > (this.options.maxRestarts ?? 3)) {
      this.givenUp = true;
      this.options.log(
        `Interleave: the ${this.options.name} worker${port.pid === undefined ? '' : ` (pid ${port.pid})`} ${what}; it failed ${this.restarts.length} times within ${window / 1000} s, so it stays off until the window is reloaded.`,
      );
      return;
    }
    this.options.log(`Interleave: the ${this.options.name} worker${port.pid === undefined ? '' : ` (pid ${port.pid})`} ${what}; restarting it.`);
    this.options.onRestart();
  }

  private rejectAll(message: string): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const request of pending) {
      clearTimeout(request.timer);
      request.reject(new WorkerUnavailableError(message));
    }
  }
}
