// The "empty it where it is taken" edit builder: it moves the emptying of a buffer up to the
// declaration that takes its contents, and refuses whenever code in between could see the change.
import { describe, expect, it } from 'vitest';
import { modelFor } from '../../eslint-plugin/src/analysis/model';
import { applyEdits } from '../../eslint-plugin/src/fixes/edits';
import { planEmptyWhenTaken } from '../../eslint-plugin/src/fixes/empty-when-taken';
import type { TSESTree } from '@typescript-eslint/utils';
import { parse } from './parse';

/** The plan for the one write the flow marks as emptied after its contents were taken. */
function plan(code: string): ReturnType<typeof planEmptyWhenTaken> {
  const sourceCode = parse(code);
  const model = modelFor(sourceCode);
  const found = model.functions
    .flatMap((fn) => model.flow(fn, { continuations: false }).writes)
    .flatMap((write) => write.stale.filter((stale) => stale.emptied).map((stale) => ({ write, stale })));
  expect(found).toHaveLength(1);
  const [{ write, stale }] = found;
  return planEmptyWhenTaken(sourceCode, stale!.fact.node, write!.node as TSESTree.AssignmentExpression, (callee) => model.locks.calledFunction(callee));
}

const outbox = (flush: string, extra = ''): string => `declare function deliver(lines: string[]): Promise<void>;
export class Outbox {
  lines: string[] = [];
  add(line: string) {
    this.lines.push(line);
  }
${flush}${extra}}
`;

describe('planEmptyWhenTaken', () => {
  it('moves the emptying up to the declaration that takes the contents', () => {
    const code = outbox(`  async flush() {
    const taken = this.lines;
    // Send them all at once.
    await deliver(taken);
    this.lines = [];
  }
`);
    const result = plan(code);
    if (!result.ok) throw new Error(result.reason);
    expect(applyEdits(code, result.edits)).toBe(
      outbox(`  async flush() {
    const taken = this.lines;
    this.lines = [];
    // Send them all at once.
    await deliver(taken);
  }
`),
    );
  });

  it('refuses when the contents are read in the await itself, not taken by a declaration', () => {
    const result = plan(outbox(`  async flush() {
    await deliver(this.lines);
    this.lines = [];
  }
`));
    expect(result).toEqual({ ok: false, reason: 'The contents are not taken whole by a declaration.' });
  });

  it('refuses when a function of the file called in between reads the location', () => {
    const result = plan(
      outbox(
        `  async flush() {
    const taken = this.lines;
    await this.send(taken);
    this.lines = [];
  }
`,
        `  async send(taken: string[]) {
    await deliver([...taken, String(this.lines.length)]);
  }
`,
      ),
    );
    expect(result).toEqual({ ok: false, reason: 'Code between the two uses the location.' });
  });
});
