import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { calleeObject, enclosingFunction, isAsyncFunction } from '../analysis/ast';
import type { FunctionFlow, SharedWrite, StaleRead } from '../analysis/flow';
import { duplicateHarm, fileHarmContext, type Harm, type HarmContext } from '../analysis/harm';
import { getModel, interleavingFunctionCollector, type ConcurrencyModel } from '../analysis/model';
import { describeInterleaving, isSchedulerBoundary } from '../analysis/interleaving';
import { planAwaitBeforeRead } from '../fixes/await-before-read';
import { toFixes } from '../fixes/edits';
import { planEmptyWhenTaken } from '../fixes/empty-when-taken';
import { planFunctionalUpdate } from '../fixes/functional-update';
import { planInFlightMap } from '../fixes/in-flight-map';
import { planMemoisePromise } from '../fixes/memoise-promise';
import { statementList } from '../fixes/region';
import { planWrapInLock } from '../fixes/wrap-in-lock';
import { createRule } from '../util/create-rule';

type Options = [{ checkThenAct?: boolean; harmfulCheckThenAct?: boolean; checkContinuations?: boolean; staleAnswers?: boolean }];
type MessageIds =
  | 'lostUpdate'
  | 'droppedAdditions'
  | 'checkThenAct'
  | 'duplicateEffect'
  | 'unsettledCheck'
  | 'staleRenderState'
  | 'awaitBeforeRead'
  | 'emptyWhenTaken'
  | 'wrapInLock'
  | 'memoisePromise'
  | 'shareInFlight'
  | 'functionalUpdate';

export default createRule<Options, MessageIds>({
  name: 'no-read-await-write-race',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow writing shared state from a value read before an interleaving point, with no lock held across both',
      presets: ['recommended'],
      strictOptions: { checkThenAct: true, checkContinuations: true, staleAnswers: true },
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          checkThenAct: {
            type: 'boolean',
            description: 'Also report a write that is only guarded by a stale check (`if (!this.conn) this.conn = await connect()`), whatever running the work twice costs.',
          },
          harmfulCheckThenAct: {
            type: 'boolean',
            description:
              'Report a check-then-act whose duplicate does harm: the field written after the `await` holds a resource (connection, client, socket, worker, subscription, listener, interval, timer, or what the file closes), the awaited call spends or asks for a credential (refresh or rotate a token) or is made for its effect that the checked field records (a call known as one-shot by its name alone, such as create, send or connect, counts with `checkThenAct`), the write sets the initialised/connected/started flag the check read, it stores the in-flight promise only after the `await`, a memoiser calls the function it wraps again, or a collection is rebuilt while entries are added to it.',
          },
          staleAnswers: {
            type: 'boolean',
            description:
              'Also report a write of what an awaited call answered when the call was made with a value read before it (`this.raw = await this.raw.reconnect()`, `this.key = await withDefault(this.key)` for a function the file does not show): the answer replaces whatever other tasks wrote meanwhile. Without it, a lost update is reported only when the written value is visibly computed from the stale one, by this task (`this.count = count + 1`, `total += await delta()`), a function of this file or a standard fold, and a harmful check-then-act only when this task tested the state itself, not only such an answer.',
          },
          checkContinuations: {
            type: 'boolean',
            description: 'Also report lost updates through a `.then`/`.catch`/`.finally` callback, or one handed to `setTimeout`, `setImmediate`, `queueMicrotask` or `process.nextTick` (a value read before it, written in it), a harmful check-then-act across such a timer callback, and one whose act a function called from a `.then` callback makes.',
          },
        },
      },
    ],
    messages: {
      lostUpdate:
        '{{Location}} is written from a value read on line {{readLine}}, before {{point}} on line {{pointLine}}. Another task can change {{location}} meanwhile, and this write overwrites its update.',
      droppedAdditions:
        '{{Location}} is emptied after {{point}} on line {{pointLine}}, but its contents were taken on line {{readLine}}, before it. What other tasks add to {{location}} meanwhile is dropped with them.',
      checkThenAct:
        '{{Location}} is written because of a check on line {{readLine}}, made before {{point}} on line {{pointLine}}. Concurrent calls can all pass the check before any of them writes, so the work runs more than once and all but one result is lost.',
      duplicateEffect:
        '{{Location}} is written because of a check on line {{readLine}}, made before {{point}} on line {{pointLine}}. Concurrent calls can all pass the check before any of them writes, so {{harm}}.',
      unsettledCheck:
        '{{Location}} is replaced because of a check on line {{readLine}}, but the new value does not settle that check until {{point}} on line {{pointLine}} completes. Concurrent calls all pass the check meanwhile, so {{harm}}.',
      staleRenderState:
        '`{{setter}}` is called after {{point}} on line {{pointLine}} with a value computed from {{state}}, which holds what the render that made this function saw. Two quick calls both start from that value, and one update is lost.',
      awaitBeforeRead:
        'Await `{{call}}` (line {{callLine}}) before the read on line {{readLine}}, so that nothing can run between the read and the write and no lock is needed.',
      emptyWhenTaken: 'Empty {{location}} right where its contents are taken (line {{readLine}}), before the `await`; if the work can fail, put them back on failure.',
      wrapInLock: 'Hold {{lock}} from the read to the write.',
      memoisePromise: 'Store the promise in `{{field}}` so concurrent calls share one `{{call}}`.',
      shareInFlight: 'Keep the pending `{{call}}` per key in `{{map}}`, so concurrent calls for one key share it and other keys do not wait.',
      functionalUpdate: 'Pass an updater, `{{setter}}(({{param}}) => …)`, so that the update starts from the current state.',
    },
    defaultOptions: [{ checkThenAct: false, harmfulCheckThenAct: true, checkContinuations: false, staleAnswers: false }],
  },
  create(context, [options]) {
    // Decided once per file: with nothing that interleaves, no function needs collecting.
    if (!getModel(context).mayInterleave) return {};
    const checks = options.checkThenAct === true || options.harmfulCheckThenAct !== false;
    // A check and its act may sit in a `.then` callback: walk callbacks whenever checks are reported.
    const flowOptions = { continuations: options.checkContinuations === true || checks };
    const collector = interleavingFunctionCollector(flowOptions);
    const getText = (node: TSESTree.Node): string => context.sourceCode.getText(node);
    let harmContext: HarmContext | null = null;
    return {
      ...collector.listeners,
      'Program:exit'() {
        const model = getModel(context);
        const reported = new Set<TSESTree.Node>();
        // Only an async function (or a generator) writes after its own interleaving point; a write the
        // callee makes at once matters to a caller that can interleave after it.
        const callsLater = (call: TSESTree.CallExpression): boolean => {
          const callee = checks ? model.locks.calledFunction(call.callee) : null;
          if (callee === null) return false;
          const later = callee.async || callee.generator;
          const callerInterleaves = isAsyncFunction(enclosingFunction(call));
          // Asked before the summary, which walks the callee: most calls are sync to sync.
          if (!later && !callerInterleaves) return false;
          const summary = model.summaries.of(callee);
          return (later && summary.writesLater.length > 0) || (summary.writesAtCall.length > 0 && callerInterleaves);
        };
        for (const fn of collector.functions(callsLater)) {
          // With nothing that could make a read stale, a function cannot report: skip its walk.
          if (!model.mayGoStale(fn)) continue;
          const flow = model.flow(fn, flowOptions);
          // A check of other state is one race with the write that claims that state: report it once.
          const races = flow.writes.flatMap((write) => {
            if (reported.has(write.node) || model.runsOneAtATime(fn, write.location, write.node)) return [];
            const race = raceOf(model, write, flow);
            return race ? [{ write, race }] : [];
          });
          const checks = new Set(races.filter(({ race }) => !race.stale.otherState).map(({ race }) => race.stale.fact));
          for (const { write, race } of races) {
            if (reported.has(write.node) || (race.stale.otherState && checks.has(race.stale.fact))) continue;
            checks.add(race.stale.fact);
            reported.add(write.node);
            report(write, race, flow.writes);
          }
        }
      },
    };

    /**
     * The stale read that makes a write a race, or null: a value dependency first, then a check
     * whose duplicate does harm, then (with `checkThenAct`) any check. Lost updates inside a
     * `.then` callback count only with `checkContinuations`.
     */
    function raceOf(model: ConcurrencyModel, write: SharedWrite, flow: FunctionFlow): { stale: StaleRead; harm: Harm | null } | null {
      // Whether a lock covers both ends is asked last: it needs the file's sections.
      const unguarded = (stale: StaleRead): boolean => !model.guardedTogether(stale.fact.node, write.node);
      const ownUpdate = (stale: StaleRead): boolean => options.staleAnswers === true || stale.emptied === true || model.computedFromStale(flow, write, stale, flowOptions);
      const values = write.stale
        .filter((stale) => stale.via === 'value' && (write.continuation === null || options.checkContinuations))
        .map((stale) => ({ stale, own: ownUpdate(stale) }));
      const value = values.find(({ stale, own }) => own && unguarded(stale));
      if (value) return { stale: value.stale, harm: null };
      // A stale read the write is also checked on, that the awaited call only answered from, is a check: judge its duplicate.
      const checkedValues = values.flatMap(({ stale, own }) => (!own && write.controlDeps.includes(stale.fact) ? [stale] : []));
      const controls = [...write.stale.filter((stale) => stale.via === 'control'), ...checkedValues];
      if (options.harmfulCheckThenAct !== false) {
        harmContext ??= fileHarmContext(model, getText);
        for (const stale of controls) {
          // A timer's callback is as much a continuation as a `.then` one, and usually its scheduler's own;
          // a function a `.then` callback calls is reached from that chain later, under its own checks.
          if (!options.checkContinuations && (isSchedulerBoundary(stale.interleaving) || (write.continuation !== null && write.through !== undefined))) continue;
          const harm = duplicateHarm(write, stale, duplicatedCalls(write, stale, flow), harmContext);
          // A call's name says it does something, not that doing it again for a second caller is wrong.
          // Only a check this task made itself: a test of an awaited answer is the server's decision.
          const harmful = harm && (harm.kind !== 'oneShot' || options.checkThenAct) && (options.staleAnswers === true || model.checkedOnStale(flow, write, stale, flowOptions));
          if (harmful && unguarded(stale)) return { stale, harm };
        }
      }
      // A check of other state is reported at its own (late) claim unless this write's duplicate does harm.
      const control = options.checkThenAct ? controls.find((stale) => !stale.otherState && unguarded(stale)) : undefined;
      return control ? { stale: control, harm: null } : null;
    }

    function report(write: SharedWrite, { stale, harm }: { stale: StaleRead; harm: Harm | null }, writes: readonly SharedWrite[]): void {
      const point = describeInterleaving(stale.interleaving);
      if (stale.fact.snapshot) {
        reportRenderState(write, point);
        return;
      }
      context.report({
        node: write.node,
        messageId: stale.unsettled ? 'unsettledCheck' : harm ? 'duplicateEffect' : stale.emptied ? 'droppedAdditions' : stale.via === 'value' ? 'lostUpdate' : 'checkThenAct',
        data: {
          location: write.location.text,
          Location: write.location.text.charAt(0).toUpperCase() + write.location.text.slice(1),
          readLine: stale.fact.node.loc.start.line,
          point: point.text,
          pointLine: point.line,
          ...(harm ? { harm: harm.text } : stale.unsettled ? { harm: 'the work runs more than once and all but one result is lost' } : {}),
        },
        suggest: stale.emptied ? emptySuggestion(write, stale) : [...awaitBeforeReadSuggestion(write, writes), ...memoiseSuggestion(write, stale)],
      });
    }

    /** `setCount(count + 1)` after an `await`: the handler's `count` is its render's. */
    function reportRenderState(write: SharedWrite, point: { text: string; line: number }): void {
      const call = write.node as TSESTree.CallExpression;
      const model = getModel(context);
      const isState = (identifier: TSESTree.Identifier): boolean => model.shared.renderState(identifier)?.role === 'snapshot';
      const plan = planFunctionalUpdate(context.sourceCode, call, write.location.text.slice(1, -1), isState);
      context.report({
        node: call,
        messageId: 'staleRenderState',
        data: { setter: context.sourceCode.getText(call.callee), state: write.location.text, point: point.text, pointLine: point.line },
        suggest: plan.ok ? [{ messageId: 'functionalUpdate', data: { setter: plan.setter, param: plan.param }, fix: (fixer) => toFixes(fixer, plan.edits) }] : [],
      });
    }

    /** A lock would not help: the code that adds to the location takes none. */
    function emptySuggestion(write: SharedWrite, stale: StaleRead): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      const model = getModel(context);
      const plan = planEmptyWhenTaken(context.sourceCode, stale.fact.node, write.node as TSESTree.AssignmentExpression, (callee) => model.locks.calledFunction(callee));
      if (!plan.ok) return [];
      return [{ messageId: 'emptyWhenTaken', data: { location: write.location.text, readLine: stale.fact.node.loc.start.line }, fix: (fixer) => toFixes(fixer, plan.edits) }];
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

    /**
     * A check-then-act shares the pending work: the promise memoised in a field, or per key for a
     * Map cache, where one lock would make every key wait for every other. Otherwise, a lock.
     */
    function memoiseSuggestion(write: SharedWrite, stale: StaleRead): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      if (stale.via !== 'control') return wrapSuggestion(stale, write);
      const isTypeScript = /\.[cm]?tsx?$/.test(context.filename);
      const perKey = planInFlightMap(context.sourceCode, getModel(context).bindings, write.node, isTypeScript);
      if (perKey.ok) return [{ messageId: 'shareInFlight', data: { map: perKey.map, call: perKey.call }, fix: (fixer) => toFixes(fixer, perKey.edits) }];
      const plan = planMemoisePromise(context.sourceCode, write.node, isTypeScript);
      const memoise: TSESLint.SuggestionReportDescriptor<MessageIds>[] = plan.ok
        ? [{ messageId: 'memoisePromise', data: { field: plan.field, call: plan.call }, fix: (fixer) => toFixes(fixer, plan.edits) }]
        : [];
      return [...memoise, ...wrapSuggestion(stale, write)];
    }
  },
});

/**
 * The calls a second pass through the check would run again: those awaited between the check and
 * the write (the write's own `await connect()` included), the promise a `.then` callback waits
 * for, and for a write made by a called function, what that function awaits.
 */
function duplicatedCalls(write: SharedWrite, stale: StaleRead, flow: FunctionFlow): TSESTree.Node[] {
  const between = flow.awaits
    .filter((point) => point.node.range[0] >= stale.fact.node.range[0] && point.node.range[1] <= write.node.range[1])
    .map((point) => point.node.argument);
  const settled = stale.interleaving.type === AST_NODE_TYPES.CallExpression ? [calleeObject(stale.interleaving)].filter((node) => node !== null) : [];
  const through = write.through ? write.through.awaited : [];
  return [...between, ...settled, ...through];
}

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
