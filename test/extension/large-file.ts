// The benchmark's 2,000-line file of everyday lock code, shared by the benchmark and the
// incremental-lint property test.

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

/** Whole blocks while they fit, then one-line constants up to exactly `lines` lines; the file must parse. */
export function largeFile(lines = 2000): string {
  let text = "import { Mutex, Semaphore } from 'async-mutex';\n\ndeclare function tick(): Promise<void>;\ndeclare function load(url: string): Promise<string>;\n";
  const lineCount = (code: string): number => code.split('\n').length;
  // `text` always ends with a newline, so it holds lineCount(text) - 1 lines.
  for (let index = 0; lineCount(text + block(index)) - 1 <= lines; index += 1) text += block(index);
  for (let index = 0; lineCount(text) - 1 < lines; index += 1) text += `export const padding${index} = ${index};\n`;
  return text.slice(0, -1);
}
