// The "await before the read" edit builder: which races it fixes by moving a slow awaited call
// above the stale read, the exact edits, and the reason it gives whenever the move could change
// what the code does.
import { describe, expect, it } from 'vitest';
import { modelFor } from '../../eslint-plugin/src/analysis/model';
import { planAwaitBeforeRead, type AwaitBeforeReadPlan } from '../../eslint-plugin/src/fixes/await-before-read';
import { applyEdits } from '../../eslint-plugin/src/fixes/edits';
import { parse, type Code } from './parse';

/** The plan for the one write of the file that builds on a stale read (as the rule sees it first: loops are walked twice). */
function planFor(code: string): { sourceCode: Code; plan: AwaitBeforeReadPlan } {
  const sourceCode = parse(code);
  const model = modelFor(sourceCode);
  const writes = model.functions.flatMap((fn) => model.flow(fn, { continuations: false }).writes).filter((write) => write.stale.length > 0);
  expect(new Set(writes.map((write) => write.node)).size).toBe(1);
  return { sourceCode, plan: planAwaitBeforeRead(sourceCode, writes) };
}

function moved(code: string): string {
  const { plan } = planFor(code);
  if (!plan.ok) throw new Error(plan.reason);
  return applyEdits(code, plan.edits);
}

function refusal(code: string): string {
  const { plan } = planFor(code);
  if (plan.ok) throw new Error(`moved:\n${applyEdits(code, plan.edits)}`);
  return plan.reason;
}

describe('planAwaitBeforeRead', () => {
  it('moves an awaited network call above the read, naming the call and the read', () => {
    const code = `let total = 0;
export async function add(url: string): Promise<void> {
  const before = total;
  const response = await fetch(url);
  total = before + response.status;
}
`;
    const { sourceCode, plan } = planFor(code);
    expect(plan.ok && [sourceCode.getText(plan.call), plan.read.loc.start.line]).toEqual(['fetch(url)', 3]);
    expect(moved(code)).toBe(`let total = 0;
export async function add(url: string): Promise<void> {
  const response = await fetch(url);
  const before = total;
  total = before + response.status;
}
`);
  });

  it('moves a run of awaits on the call and its result, with their comments, above every stale read', () => {
    expect(
      moved(`import axios from 'axios';
const prices = new Map<string, number>();
export async function bump(id: string): Promise<void> {
  // What we have so far.
  const known = prices.get(id) ?? 0;
  const fallback = prices.has('default');
  // Ask the price service.
  const response = await axios.get(\`/prices/\${encodeURIComponent(id)}\`); // slow
  const extra = Number(await response.data.text());
  prices.set(id, fallback ? known + extra : extra);
}
`),
    ).toBe(`import axios from 'axios';
const prices = new Map<string, number>();
export async function bump(id: string): Promise<void> {
  // Ask the price service.
  const response = await axios.get(\`/prices/\${encodeURIComponent(id)}\`); // slow
  const extra = Number(await response.data.text());
  // What we have so far.
  const known = prices.get(id) ?? 0;
  const fallback = prices.has('default');
  prices.set(id, fallback ? known + extra : extra);
}
`);
  });

  it('moves a data load: a call whose result the write stores, as no-long-await-in-critical-section sees it', () => {
    const code = `declare function loadPrice(id: string): Promise<number>;
export class Cart {
  private total = 0;
  async add(id: string): Promise<void> {
    const current = this.total;
    const price = await loadPrice(id);
    this.total = current + price;
  }
}
`;
    const { sourceCode, plan } = planFor(code);
    expect(plan.ok && sourceCode.getText(plan.call)).toBe('loadPrice(id)');
    expect(moved(code)).toBe(`declare function loadPrice(id: string): Promise<number>;
export class Cart {
  private total = 0;
  async add(id: string): Promise<void> {
    const price = await loadPrice(id);
    const current = this.total;
    this.total = current + price;
  }
}
`);
    expect(refusal(code.replace('loadPrice(id)', 'loadPrice(`${id}:${current}`)'))).toBe('The awaited statements use `current`, which the region reads or declares.');
  });

  it('moves a long timer, inside a loop body', () => {
    expect(
      moved(`const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
let total = 0;
export async function add(rounds: number): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    const before = total;
    await sleep(200);
    total = before + 1;
  }
}
`),
    ).toBe(`const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
let total = 0;
export async function add(rounds: number): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    await sleep(200);
    const before = total;
    total = before + 1;
  }
}
`);
  });

  it('refuses when the call uses what the region reads or declares', () => {
    expect(
      refusal(`let total = 0;
export async function add(): Promise<void> {
  const before = total;
  const response = await fetch(\`/n?after=\${before}\`);
  total = before + response.status;
}
`),
    ).toBe('The awaited statements use `before`, which the region reads or declares.');
    expect(
      refusal(`let total = 0;
export async function add(): Promise<void> {
  const before = total;
  const response = await fetch(\`/n?after=\${total}\`);
  total = before + response.status;
}
`),
    ).toBe('The awaited statements use `total`, which the region reads or declares.');
  });

  it('refuses to jump over a statement that does more than read', () => {
    expect(
      refusal(`let total = 0;
export async function add(url: string): Promise<void> {
  const before = total;
  if (before > 100) return;
  const response = await fetch(url);
  total = before + response.status;
}
`),
    ).toBe('The statement on line 4 does more than read, so it cannot run after the call.');
    expect(
      refusal(`declare function log(n: number): number;
let total = 0;
export async function add(url: string): Promise<void> {
  const before = log(total);
  const response = await fetch(url);
  total = before + response.status;
}
`),
    ).toBe('The statement on line 4 does more than read, so it cannot run after the call.');
  });

  it('refuses calls that are not the slow call or its result: they could change what the read sees', () => {
    expect(
      refusal(`declare function urlFor(id: string): string;
let total = 0;
export async function add(id: string): Promise<void> {
  const before = total;
  const response = await fetch(urlFor(id));
  total = before + response.status;
}
`),
    ).toBe('`urlFor(id)` on line 5 might change the state the read sees.');
    expect(
      refusal(`declare function tick(): Promise<void>;
let total = 0;
export async function add(url: string): Promise<void> {
  const before = total;
  const response = await fetch(url);
  await tick();
  total = before + response.status;
}
`),
    ).toBe('`tick()` on line 6 might change the state the read sees.');
  });

  it('refuses when no slow call or data load is awaited (a short timer, a call whose result the write ignores)', () => {
    const short = `const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
let total = 0;
export async function add(): Promise<void> {
  const before = total;
  await sleep(10);
  total = before + 1;
}
`;
    expect(refusal(short)).toBe('No slow call or data load is awaited between the read and the write.');
    expect(refusal(short.replace('await sleep(10);', 'await Promise.resolve();'))).toBe('No slow call or data load is awaited between the read and the write.');
    expect(refusal(`declare function save(): Promise<number>;\n${short.replace('await sleep(10);', 'const saved = await save();')}`)).toBe(
      'No slow call or data load is awaited between the read and the write.',
    );
  });

  it('refuses when an await stays between the read and the write', () => {
    expect(
      refusal(`let total = 0;
export async function add(url: string): Promise<void> {
  total += (await fetch(url)).status;
}
`),
    ).toBe('The awaits are not one run of statements between the reads and the write.');
    expect(
      refusal(`let total = 0;
export async function add(url: string): Promise<void> {
  const before = total;
  const response = await fetch(url);
  total = before + Number(await response.text());
}
`),
    ).toBe('The awaits are not one run of statements between the reads and the write.');
  });

  it("refuses when the write also builds on a read from the loop's previous round", () => {
    expect(
      refusal(`let total = 0;
export async function add(url: string, rounds: number): Promise<void> {
  let carry = 0;
  for (let round = 0; round < rounds; round++) {
    const before = total;
    const response = await fetch(url);
    total = before + carry + response.status;
    carry = total;
  }
}
`),
    ).toBe("The write also builds on a read made after it, in the loop's previous round.");
  });

  it('refuses an await that is not a plain statement', () => {
    expect(
      refusal(`let total = 0;
export async function add(url: string, check: boolean): Promise<void> {
  const before = total;
  if (check) await fetch(url);
  total = before + 1;
}
`),
    ).toBe('Only `await …;` and `const x = await …;` statements can move.');
  });
});
