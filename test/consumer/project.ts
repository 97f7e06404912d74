// The consumer projects: what a user writes, file by file, and what the linters must report. The
// configs come from the package README (./readme.ts). Sources live here as strings (not as .ts
// files) so that the repository's type-check does not try to resolve their `async-mutex` imports.

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

/** One race per module system the parsers tell apart (.cjs as espree `commonjs`, .mjs, .mts, .cts), and TSX. */
export const RACY_MODULE_SYSTEMS: Record<string, string> = {
  'racy/widget.tsx': `declare function save(count: number): Promise<void>;

let clicks = 0;

export async function onClick(): Promise<void> {
  const seen = clicks;
  await save(seen);
  clicks = seen + 1;
}

export const Counter = () => <button onClick={onClick}>{clicks}</button>;
`,
  'racy/ledger.cjs': `const { tick } = require('./tick.cjs');

const totals = { credits: 0 };

async function credit(amount) {
  const before = totals.credits;
  await tick();
  totals.credits = before + amount;
}

module.exports = { credit };
`,
  'racy/jobs.mjs': `import { Mutex } from 'async-mutex';

const lock = new Mutex();
const jobs = [];

export async function push(job) {
  lock.acquire();
  jobs.push(job);
  lock.release();
}
`,
  'racy/hits.mts': `declare function record(): Promise<void>;

let hits = 0;

export async function hit(): Promise<void> {
  const seen = hits;
  await record();
  hits = seen + 1;
}
`,
  'racy/pool.cts': `const { Mutex } = require('async-mutex');

const lock = new Mutex();
const pool: string[] = [];

async function borrow(): Promise<string | undefined> {
  const release = await lock.acquire();
  try {
    return pool.pop();
  } finally {
    release();
  }
}

async function refill(url: string): Promise<void> {
  await lock.runExclusive(async () => {
    const response = await fetch(url);
    pool.push(...((await response.json()) as string[]));
  });
}

module.exports = { borrow, refill };
`,
};

/** Every report the racy files give under ESLint with the recommended preset, in ESLint's order. */
export const EXPECTED: Expected[] = [
  { file: 'racy/account.ts', line: 7, rule: 'interleave/no-read-await-write-race' },
  { file: 'racy/counter.ts', line: 8, rule: 'interleave/no-read-await-write-race' },
  { file: 'racy/deposit.ts', line: 7, rule: 'interleave/no-unawaited-acquire' },
  { file: 'racy/hits.mts', line: 8, rule: 'interleave/no-read-await-write-race' },
  { file: 'racy/jobs.mjs', line: 7, rule: 'interleave/no-unawaited-acquire' },
  { file: 'racy/ledger.cjs', line: 8, rule: 'interleave/no-read-await-write-race' },
  { file: 'racy/pool.cts', line: 17, rule: 'interleave/no-long-await-in-critical-section' },
  { file: 'racy/refresh.js', line: 8, rule: 'interleave/no-long-await-in-critical-section' },
  { file: 'racy/widget.tsx', line: 8, rule: 'interleave/no-read-await-write-race' },
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

/**
 * A plain-JavaScript CommonJS project: the four programs of RACY and CLEAN written with `require`,
 * line for line, so that each report lands on the same line as in the ES module project.
 */
export const COMMONJS_RACY: Record<string, string> = {
  'racy/counter.js': `const { tick } = require('./tick');

let counter = 0;

async function increment() {
  const seen = counter;
  await tick();
  counter = seen + 1;
}
module.exports = { increment };
`,
  'racy/deposit.js': `const { Mutex } = require('async-mutex');

const lock = new Mutex();
let balance = 0;

async function deposit(amount) {
  lock.acquire();
  try {
    balance += amount;
  } finally {
    lock.release();
  }
}
module.exports = { deposit };
`,
  'racy/refresh.js': `const { Mutex } = require('async-mutex');

const lock = new Mutex();
const cache = new Map();

async function refresh(url) {
  await lock.runExclusive(async () => {
    const response = await fetch(url);
    cache.set(url, await response.json());
  });
}
module.exports = { refresh };
`,
  'racy/account.js': `class Account {
  balance = 0;

  async withdraw(amount, persist) {
    const current = this.balance;
    await persist(current - amount);
    this.balance = current - amount;
  }
}
module.exports = { Account };
`,
  'racy/ledger.cjs': RACY_MODULE_SYSTEMS['racy/ledger.cjs']!,
};

export const COMMONJS_CLEAN: Record<string, string> = {
  'clean/counter.js': `const { Mutex } = require('async-mutex');
const { tick } = require('./tick');

let counter = 0;
const lock = new Mutex();

async function increment() {
  await lock.runExclusive(async () => {
    const seen = counter;
    await tick();
    counter = seen + 1;
  });
}
module.exports = { increment };
`,
  'clean/deposit.js': `const { Mutex } = require('async-mutex');

const lock = new Mutex();
let balance = 0;

async function deposit(amount) {
  const release = await lock.acquire();
  try {
    balance += amount;
  } finally {
    release();
  }
}
module.exports = { deposit };
`,
  'clean/ledger.cjs': `const { tick } = require('./tick.cjs');

const totals = { credits: 0 };

async function credit(amount) {
  await tick();
  totals.credits += amount;
}

module.exports = { credit };
`,
};
