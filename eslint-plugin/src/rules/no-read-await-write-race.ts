import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { SharedWrite, StaleRead } from '../analysis/flow';
import { getModel, interleavingFunctionCollector, type ConcurrencyModel } from '../analysis/model';
import { describeInterleaving } from '../analysis/interleaving';
import { planAwaitBeforeRead } from '../fixes/await-before-read';
import { toFixes } from '../fixes/edits';
import { planMemoisePromise } from '../fixes/memoise-promise';
import { statementList } from '../fixes/region';
import { planWrapInLock } from '../fixes/wrap-in-lock';
import { createRule } from '../util/create-rule';

type Options = [{ checkThenAct?: boolean; checkContinuations?: boolean }];
type MessageIds = 'lostUpdate' | 'checkThenAct' | 'awaitBeforeRead' | 'wrapInLock' | 'memoisePromise';

export default createRule<Options, MessageIds>({
  name: 'no-read-await-write-race',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow writing shared state from a value read before an interleaving point, with no lock held across both',
      presets: ['recommended'],
      strictOptions: { checkThenAct: true, checkContinuations: true },
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          checkThenAct: {
            type: 'boolean',
            description: 'Also report a write that is only guarded by a stale check (`if (!this.conn) this.conn = await connect()`).',
          },
          checkContinuations: {
            type: 'boolean',
            description: 'Also follow values read before a `.then`/`.catch`/`.finally` into its callback.',
          },
        },
      },
    ],
    messages: {
      lostUpdate:
        '{{Location}} is written from a value read on line {{readLine}}, before {{point}} on line {{pointLine}}. Another task can change {{location}} meanwhile, and this write overwrites its update.',
      checkThenAct:
        '{{Location}} is written because of a check on line {{readLine}}, made before {{point}} on line {{pointLine}}. Concurrent calls can all pass the check before any of them writes, so the work runs more than once and all but one result is lost.',
      awaitBeforeRead:
        'Await `{{call}}` (line {{callLine}}) before the read on line {{readLine}}, so that nothing can run between the read and the write and no lock is needed.',
      wrapInLock: 'Hold {{lock}} from the read to the write.',
      memoisePromise: 'Store the promise in `{{field}}` so concurrent calls share one `{{call}}`.',
    },
    defaultOptions: [{ checkThenAct: false, checkContinuations: false }],
  },
  create(context, [options]) {
    const flowOptions = { continuations: options.checkContinuations === true };
    const collector = interleavingFunctionCollector(flowOptions);
    return {
      ...collector.listeners,
      'Program:exit'() {
        const model = getModel(context);
        if (!model.mayInterleave) return;
        const reported = new Set<TSESTree.Node>();
        for (const fn of collector.functions()) {
          const { writes } = model.flow(fn, flowOptions);
          for (const write of writes) {
            if (reported.has(write.node)) continue;
            const stale = raceOf(model, write);
            if (!stale) continue;
            reported.add(write.node);
            report(write, stale, writes);
          }
        }
      },
    };

    /** The stale read that makes a write a race (a value dependency before a mere guard), or null. */
    function raceOf(model: ConcurrencyModel, write: SharedWrite): StaleRead | null {
      const candidates = write.stale.filter(
        (stale) => (stale.via === 'value' || options.checkThenAct) && !model.guardedTogether(stale.fact.node, write.node),
      );
      return candidates.find((stale) => stale.via === 'value') ?? candidates[0] ?? null;
    }

    function report(write: SharedWrite, stale: StaleRead, writes: readonly SharedWrite[]): void {
      const point = describeInterleaving(stale.interleaving);
      context.report({
        node: write.node,
        messageId: stale.via === 'value' ? 'lostUpdate' : 'checkThenAct',
        data: {
          location: write.location.text,
          Location: write.location.text.charAt(0).toUpperCase() + write.location.text.slice(1),
          readLine: stale.fact.node.loc.start.line,
          point: point.text,
          pointLine: point.line,
        },
        suggest: [...awaitBeforeReadSuggestion(write, writes), ...memoiseSuggestion(write, stale), ...wrapSuggestion(stale, write)],
      });
    }

    /** First when it applies: moving a slow call out of the way beats holding a lock across it. */
    function awaitBeforeReadSuggestion(write: SharedWrite, writes: readonly SharedWrite[]): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      // A loop body is walked twice: the move must clear the stale reads of every walk of this write.
      const plan = planAwaitBeforeRead(context.sourceCode, writes.filter((other) => other.node === write.node));
      if (!plan.ok) return [];
      return [
        {
          messageId: 'awaitBeforeRead',
          data: { call: context.sourceCode.getText(plan.call), callLine: plan.call.loc.start.line, readLine: plan.read.loc.start.line },
          fix: (fixer) => toFixes(fixer, plan.edits),
        },
      ];
    }

    function wrapSuggestion(stale: StaleRead, write: SharedWrite): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      const statements = regionBetween(stale.fact.node, write.node);
      if (!statements) return [];
      const plan = planWrapInLock({ sourceCode: context.sourceCode, statements });
      if (!plan.ok) return [];
      const lock = plan.lock === null ? 'a Web Lock' : plan.created ? `a new lock, \`${plan.lock}\`,` : `\`${plan.lock}\``;
      return [{ messageId: 'wrapInLock', data: { lock }, fix: (fixer) => toFixes(fixer, plan.edits) }];
    }

    function memoiseSuggestion(write: SharedWrite, stale: StaleRead): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      if (stale.via !== 'control') return [];
      const plan = planMemoisePromise(context.sourceCode, write.node, /\.[cm]?tsx?$/.test(context.filename));
      if (!plan.ok) return [];
      return [
        {
          messageId: 'memoisePromise',
          data: { field: plan.field, call: plan.call },
          fix: (fixer) => toFixes(fixer, plan.edits),
        },
      ];
    }
  },
});

/** The consecutive statements of one block that hold both the read and the write. */
function regionBetween(read: TSESTree.Node, write: TSESTree.Node): TSESTree.Statement[] | null {
  const writeAncestors = new Set<TSESTree.Node>();
  for (let current: TSESTree.Node | undefined = write; current; current = current.parent) writeAncestors.add(current);
  for (let current: TSESTree.Node | undefined = read; current; current = current.parent) {
    const list = statementList(current);
    const writeStatement = list?.find((statement) => writeAncestors.has(statement));
    if (list && writeStatement) {
      const from = list.indexOf(current);
      const to = list.indexOf(writeStatement);
      return from <= to ? (list.slice(from, to + 1) as TSESTree.Statement[]) : null;
    }
  }
  return null;
}
