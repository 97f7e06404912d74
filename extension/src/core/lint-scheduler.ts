// Which lints run and which answers are shown. One lint per document at a time: edits made
// meanwhile are linted afterwards, only the newest of them; an answer for a version that is no
// longer on screen is dropped, never shown.

/** A version of a document to lint, with whatever the lint needs besides. */
export interface LintJob {
  uri: string;
  version: number;
}

export interface LintSchedulerOptions<J extends LintJob, R> {
  run(job: J): Promise<R>;
  /** The version on screen now; undefined once the document is closed. */
  currentVersion(uri: string): number | undefined;
  /** The answer for exactly the version on screen. */
  publish(job: J, result: R): void;
  /** A lint that failed (its worker crashed, hung or is off). */
  failed(job: J, error: unknown): void;
  /** Called whenever lints start or all finish. */
  busyChanged?(busy: boolean): void;
}

export class LintScheduler<J extends LintJob, R> {
  private readonly running = new Map<string, J>();
  private readonly waiting = new Map<string, J>();

  constructor(private readonly options: LintSchedulerOptions<J, R>) {}

  get busy(): boolean {
    return this.running.size > 0;
  }

  /** Whether a lint of this document runs or waits. */
  linting(uri: string): boolean {
    return this.running.has(uri) || this.waiting.has(uri);
  }

  schedule(job: J): void {
    if (this.running.has(job.uri)) {
      this.waiting.set(job.uri, job);
      return;
    }
    void this.start(job);
  }

  /** The document closed: whatever runs for it is dropped when it ends, and nothing waits. */
  forget(uri: string): void {
    this.waiting.delete(uri);
  }

  /** Lints `job`, then whatever waits for its document, until nothing does. */
  private async start(job: J): Promise<void> {
    const { uri } = job;
    if (!this.busy) this.options.busyChanged?.(true);
    for (let next: J | undefined = job; next; ) {
      const current: J = next;
      this.running.set(uri, current);
      try {
        const result = await this.options.run(current);
        if (this.options.currentVersion(uri) === current.version && !this.waiting.has(uri)) this.options.publish(current, result);
      } catch (error) {
        if (this.options.currentVersion(uri) !== undefined) this.options.failed(current, error);
      }
      next = this.waiting.get(uri);
      this.waiting.delete(uri);
      if (this.options.currentVersion(uri) === undefined) next = undefined;
    }
    this.running.delete(uri);
    if (!this.busy) this.options.busyChanged?.(false);
  }
}
