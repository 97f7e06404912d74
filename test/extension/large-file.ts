// The benchmark's files: 2,000 lines of everyday lock code (shared with the incremental-lint
// property test) and 2,160 lines of lock-dense code.

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
function filled(makeBlock: (index: number) => string, lines: number): string {
  let text = "import { Mutex, Semaphore } from 'async-mutex';\n\ndeclare function tick(): Promise<void>;\ndeclare function load(url: string): Promise<string>;\n";
  const lineCount = (code: string): number => code.split('\n').length;
  // `text` always ends with a newline, so it holds lineCount(text) - 1 lines.
  for (let index = 0; lineCount(text + makeBlock(index)) - 1 <= lines; index += 1) text += makeBlock(index);
  for (let index = 0; lineCount(text) - 1 < lines; index += 1) text += `export const padding${index} = ${index};\n`;
  return text.slice(0, -1);
}

/** The 2,000-line file of everyday lock code. */
export function largeFile(lines = 2000): string {
  return filled(block, lines);
}

/** One block of lock-dense code: class and module locks, nested sections, acquire/release, a race. */
function denseBlock(index: number): string {
  return `
const mutex${index} = new Mutex();
const pool${index} = new Semaphore(2);
let balance${index} = 0;
const ledger${index} = new Map<string, number>();

export class Account${index} {
  readonly #lock = new Mutex();
  private total = 0;

  async deposit(amount: number): Promise<void> {
    await this.#lock.runExclusive(async () => {
      const before = this.total;
      await tick();
      this.total = before + amount;
    });
  }

  async transfer(to: Account${index}, amount: number): Promise<void> {
    const release = await mutex${index}.acquire();
    try {
      await to.deposit(amount);
      balance${index} -= amount;
    } finally {
      release();
    }
  }
}

export async function settle${index}(key: string): Promise<void> {
  await mutex${index}.runExclusive(async () => {
    const current = ledger${index}.get(key) ?? 0;
    await pool${index}.runExclusive(() => load(key));
    ledger${index}.set(key, current + 1);
  });
}

export async function audit${index}(keys: string[]): Promise<number> {
  let sum = 0;
  for (const key of keys) {
    await mutex${index}.runExclusive(async () => {
      sum += ledger${index}.get(key) ?? 0;
    });
  }
  const seen = balance${index};
  await tick();
  balance${index} = seen + sum;
  return sum;
}
`;
}

/** The lock-dense file, 2,160 lines. */
export function lockDenseFile(lines = 2160): string {
  return filled(denseBlock, lines);
}

/** One class of everyday asyncio code: a lock around a read-await-write, and the same update unlocked (one report). */
function pythonBlock(index: number): string {
  return `

class Account${index}:
    def __init__(self) -> None:
        self.balance = 0
        self.lock = asyncio.Lock()

    async def deposit(self, amount: int) -> None:
        async with self.lock:
            current = self.balance
            await asyncio.sleep(0)
            self.balance = current + amount

    async def racy_deposit(self, amount: int) -> None:
        current = self.balance
        await asyncio.sleep(0)
        self.balance = current + amount

    async def report(self) -> str:
        async with self.lock:
            return f"{self.balance}"
`;
}

/** The 2,000-line Python file: whole classes, then one-line constants up to exactly `lines` lines. */
export function largePythonFile(lines = 2000): string {
  let text = 'import asyncio\n';
  const lineCount = (code: string): number => code.split('\n').length;
  for (let index = 0; lineCount(text + pythonBlock(index)) - 1 <= lines; index += 1) text += pythonBlock(index);
  for (let index = 0; lineCount(text) - 1 < lines; index += 1) text += `PADDING_${index} = ${index}\n`;
  return text.slice(0, -1);
}
