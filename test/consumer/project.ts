// The consumer project: what a user writes, file by file, and what the `eslint` CLI must report.
// Sources live here as strings (not as .ts files) so that the repository's type-check does not try
// to resolve their `async-mutex` imports.

export const ESLINT_CONFIG = `import interleave from 'eslint-plugin-interleave';
import tsParser from '@typescript-eslint/parser';

export default [
  { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
  interleave.configs.recommended,
];
`;

export interface Expected {
  file: string;
  line: number;
  rule: string;
}

/** Racy code: each file holds one bug; `.js` files go through ESLint's default parser (espree). */
export const RACY: Record<string, string> = {
  'racy/counter.ts': `declare function tick(): Promise<void>;

let counter = 0;

export async function increment(): Promise<void> {
  const seen = counter;
  await tick();
  counter = seen + 1;
}
`,
  'racy/deposit.ts': `import { Mutex } from 'async-mutex';

const lock = new Mutex();
let balance = 0;

export async function deposit(amount: number): Promise<void> {
  lock.acquire();
  try {
    balance += amount;
  } finally {
    lock.release();
  }
}
`,
  'racy/refresh.js': `import { Mutex } from 'async-mutex';

const lock = new Mutex();
const cache = new Map();

export async function refresh(url) {
  await lock.runExclusive(async () => {
    const response = await fetch(url);
    cache.set(url, await response.json());
  });
}
`,
  'racy/account.ts': `export class Account {
  private balance = 0;

  async withdraw(amount: number, persist: (n: number) => Promise<void>): Promise<void> {
    const current = this.balance;
    await persist(current - amount);
    this.balance = current - amount;
  }
}
`,
};

/** Every report the racy files must produce, and no other. */
export const EXPECTED: Expected[] = [
  { file: 'racy/counter.ts', line: 8, rule: 'interleave/no-read-await-write-race' },
  { file: 'racy/deposit.ts', line: 7, rule: 'interleave/no-unawaited-acquire' },
  { file: 'racy/refresh.js', line: 8, rule: 'interleave/no-long-await-in-critical-section' },
  { file: 'racy/account.ts', line: 7, rule: 'interleave/no-read-await-write-race' },
];

/** The same programs, written safely: no report at all. */
export const CLEAN: Record<string, string> = {
  'clean/counter.ts': `import { Mutex } from 'async-mutex';

declare function tick(): Promise<void>;

let counter = 0;
const lock = new Mutex();

export async function increment(): Promise<void> {
  await lock.runExclusive(async () => {
    const seen = counter;
    await tick();
    counter = seen + 1;
  });
}
`,
  'clean/deposit.ts': `import { Mutex } from 'async-mutex';

const lock = new Mutex();
let balance = 0;

export async function deposit(amount: number): Promise<void> {
  const release = await lock.acquire();
  try {
    balance += amount;
  } finally {
    release();
  }
}
`,
  'clean/refresh.js': `import { Mutex } from 'async-mutex';

const lock = new Mutex();
const cache = new Map();

export async function refresh(url) {
  const response = await fetch(url);
  const body = await response.json();
  await lock.runExclusive(async () => {
    cache.set(url, body);
  });
}
`,
  'clean/locals.ts': `export async function total(load: (id: string) => Promise<number>, ids: string[]): Promise<number> {
  let sum = 0;
  for (const id of ids) sum += await load(id);
  return sum;
}
`,
};
