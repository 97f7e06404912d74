import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isFunction } from '../analysis/ast';
import type { SharedWrite, StaleRead } from '../analysis/flow';
import { getModel, interleavingFunctionCollector, type ConcurrencyModel } from '../analysis/model';
import { describeInterleaving } from '../analysis/interleaving';
import { toFixes } from '../fixes/edits';
import { planMemoisePromise } from '../fixes/memoise-promise';
import { statementList } from '../fixes/region';
import { planWrapInLock } from '../fixes/wrap-in-lock';
import { createRule } from '../util/create-rule';

type Options = [{ checkThenAct?: boolean; checkContinuations?: boolean }];
type MessageIds = 'lostUpdate' | 'checkThenAct' | 'wrapInLock' | 'memoisePromise';

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
          for (const write of model.flow(fn, flowOptions).writes) {
            if (reported.has(write.node)) continue;
            const stale = raceOf(model, write);
            if (!stale) continue;
            reported.add(write.node);
            report(write, stale);
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

    function report(write: SharedWrite, stale: StaleRead): void {
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
        suggest: [...memoiseSuggestion(write, stale), ...wrapSuggestion(stale, write)],
      });
    }

    function wrapSuggestion(stale: StaleRead, write: SharedWrite): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      let statements = regionBetween(stale.fact.node, write.node);
      if (!statements) return [];
      let plan = planWrapInLock({ sourceCode: context.sourceCode, statements });
      const tail = plan.ok ? null : toEndOfFunction(statements);
      // An early `return` in the region can stay when the region runs to the end of the function.
      if (tail) {
        plan = planWrapInLock({ sourceCode: context.sourceCode, statements: tail });
        statements = tail;
      }
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

/** The region extended to the last statement of its function's body, when it lies in that body. */
function toEndOfFunction(statements: TSESTree.Statement[]): TSESTree.Statement[] | null {
  const body = statements[0]!.parent;
  if (body?.type !== AST_NODE_TYPES.BlockStatement || !isFunction(body.parent) || body.body.at(-1) === statements.at(-1)) return null;
  return body.body.slice(body.body.indexOf(statements[0]!)) as TSESTree.Statement[];
}
