// Downloads a list of files and reports progress; done right, with one lock for the counter.
import { Mutex } from 'async-mutex';

declare function download(url: string): Promise<Uint8Array>;
declare function report(done: number, total: number): void;

export async function downloadAll(urls: string[]): Promise<number> {
  let done = 0;
  const progress = new Mutex();
  await Promise.all(
    urls.map(async (url) => {
      const bytes = await download(url);
      await progress.runExclusive(() => {
        done += 1;
        report(done, urls.length);
      });
      return bytes.length;
    }),
  );
  return done;
}
