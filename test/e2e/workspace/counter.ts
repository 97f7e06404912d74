// A hit counter, and a journal whose lock is taken without waiting for it.
import { Mutex } from 'async-mutex';

declare function tick(): Promise<void>;
declare function append(line: string): Promise<void>;

let counter = 0;
const journal = new Mutex();

export async function increment(): Promise<void> {
  const temp = counter;
  await tick();
  counter = temp + 1; // expect: no-read-await-write-race
}

export async function record(line: string): Promise<void> {
  journal.acquire(); // expect: no-unawaited-acquire
  try {
    await append(line);
  } finally {
    journal.release();
  }
}
