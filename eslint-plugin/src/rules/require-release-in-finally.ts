import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calledMethodName, calleeObject, enclosingFunction, type FunctionNode } from '../analysis/ast';
import { holdAnalysis, mayHold, type Hold, type LeakExit } from '../analysis/holds';
import { ACQUIRE_METHOD_NAMES } from '../analysis/libraries';
import { toFixes, type EditPlan } from '../fixes/edits';
import { planPooledReleaseInFinally, planReleaseInFinally } from '../fixes/release-in-finally';
import { planToRunExclusive } from '../fixes/to-run-exclusive';
import { interleavingModel } from '../analysis/model';
import { pooledLeaks } from '../analysis/pooled';
import { SHAPE_RELEASE_CALL } from '../analysis/text-tests';
import { createRule } from '../util/create-rule';
import { functionName, shorten } from '../util/describe';

type MessageIds =
  | 'skippedByThrow'
  | 'skippedByReturn'
  | 'skippedByJump'
  | 'skippedAtEnd'
  | 'skippedInCallback'
  | 'neverReleased'
  | 'pooledSkippedByThrow'
  | 'useRunExclusive'
  | 'wrapInTryFinally';

export default createRule<[], MessageIds>({
  name: 'require-release-in-finally',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a lock taken with an awaited acquire to be released on every path, through `finally`, `runExclusive` or `using`',
      presets: ['recommended'],
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      skippedByThrow:
        'If {{thrower}}, {{release}} never runs and `{{lock}}` stays locked: every later acquire waits forever. {{remedy}}.',
      skippedByReturn:
        'The `return` on line {{line}} leaves with `{{lock}}` still locked: {{release}} never runs on that path, and every later acquire waits forever. {{remedy}}.',
      skippedByJump:
        'The `{{keyword}}` on line {{line}} skips {{release}}, so `{{lock}}` can stay locked and every later acquire waits forever. {{remedy}}.',
      skippedAtEnd:
        'On some paths {{fn}} ends without reaching {{release}}, so `{{lock}}` stays locked and every later acquire waits forever. {{remedy}}.',
      skippedInCallback:
        'The `return` on line {{line}} leaves the callback on line {{callback}} without {{release}}, so `{{lock}}` stays locked and every later acquire waits forever. Release it before that `return`, or in a `finally` block inside the callback.',
      neverReleased:
        'The releaser `{{releaser}}` is never called or handed on, so `{{lock}}` stays locked once {{fn}} returns and every later acquire waits forever. {{remedy}}.',
      pooledSkippedByThrow:
        'If `{{thrower}}` on line {{line}} throws, this release never runs and `{{resource}}`, checked out on line {{checkout}}, never goes back to its pool: once the pool is empty, every later request waits forever. Release it in a `finally` block.',
      useRunExclusive: 'Convert lines {{from}}–{{to}} to `{{lock}}.runExclusive(…)`.',
      wrapInTryFinally: 'Call `{{release}}` in a `finally` block after line {{from}}.',
    },
    defaultOptions: [],
  },
  create(context) {
    const sourceCode = context.sourceCode;
    const model = interleavingModel(context);
    if (!model) return {};
    // Decided once per file: without an acquire of a lock in it, no call needs a look (pooled resources still do, at the end).
    const holdsLocks = mayHold(model);
    return {
      CallExpression(node) {
        if (!holdsLocks) return;
        const method = calledMethodName(node);
        if (!method || !ACQUIRE_METHOD_NAMES.has(method)) return;
        const fn = enclosingFunction(node);
        if (!fn) return;
        const hold = holdAnalysis(fn, model).holds.find((candidate) => candidate.acquire === node);
        if (!hold || hold.disposed) return;
        const lock = sourceCode.getText(calleeObject(node)!);
        if (hold.handedOn) {
          const skipped = holdAnalysis(fn, model).callbackLeaks.get(hold)?.[0];
          if (skipped) {
            const data = { lock, line: skipped.via.loc.start.line, callback: skipped.callback.loc.start.line, release: describeReleases(skipped.releases) };
            context.report({ node, messageId: 'skippedInCallback', data });
          }
          return;
        }
        const remedy = 'runExclusive' in hold.lock.protocol.sectionMethods
          ? `Release it in a \`finally\` block, or let \`${lock}.runExclusive(…)\` hold it`
          : 'Release it in a `finally` block';
        // The releases that give this acquire back on some path are the ones a leaking path skips.
        const following = hold.releasedBy;
        const report = (messageId: Exclude<MessageIds, 'useRunExclusive' | 'wrapInTryFinally' | 'skippedInCallback'>, data: Record<string, string | number>): void => {
          context.report({ node, messageId, data: { lock, remedy, ...data }, suggest: suggestions(hold, following, lock) });
        };
        if (hold.releases.length === 0) {
          // No releaser and no release here: another function releases it (an open/close pair).
          if (hold.releaser) report('neverReleased', { releaser: hold.releaser.name, fn: functionName(fn) });
          return;
        }
        const leak = firstLeak(holdAnalysis(fn, model).leaks.get(hold) ?? []);
        if (!leak) return;
        const release = describeReleases(following.length > 0 ? following : hold.releases);
        const via = leak.via;
        if (leak.kind === 'throw' && via) report('skippedByThrow', { release, thrower: describeThrow(via) });
        else if (leak.kind === 'return' && via) report('skippedByReturn', { release, line: via.loc.start.line });
        else if (leak.kind === 'jump' && via) {
          report('skippedByJump', { release, keyword: via.type === AST_NODE_TYPES.BreakStatement ? 'break' : 'continue', line: via.loc.start.line });
        } else report('skippedAtEnd', { release, fn: functionName(fn) });
      },
      'Program:exit'() {
        // A pooled resource given back with its own `release()`: known by that call, not by a lock model.
        if (!SHAPE_RELEASE_CALL.test(sourceCode.text)) return;
        const releasesByFunction = new Map<FunctionNode, TSESTree.CallExpression[]>();
        for (const call of model.calls) {
          const fn = calledMethodName(call) === 'release' ? enclosingFunction(call) : null;
          if (fn) releasesByFunction.set(fn, [...(releasesByFunction.get(fn) ?? []), call]);
        }
        for (const [fn, calls] of releasesByFunction) {
          for (const leak of pooledLeaks(fn, model, calls)) {
            const wrapped = planPooledReleaseInFinally(sourceCode, leak.checkout, leak.release);
            const data = { release: sourceCode.getText(leak.release), from: leak.checkout.loc.start.line };
            context.report({
              node: leak.release,
              suggest: wrapped.ok ? [suggestion('wrapInTryFinally', data, wrapped)] : [],
              messageId: 'pooledSkippedByThrow',
              data: { thrower: shorten(sourceCode.getText(leak.thrower)), line: leak.thrower.loc.start.line, resource: leak.variable.name, checkout: leak.checkout.loc.start.line },
            });
          }
        }
      },
    };

    /** `runExclusive` when the region converts cleanly, else a `try`/`finally` around it; none when neither is safe. */
    function suggestions(hold: Hold, following: readonly TSESTree.CallExpression[], lock: string) {
      const release = following.length === 1 ? following[0]! : null;
      if (following.length > 1 || (!release && hold.releases.length > 0)) return [];
      const from = hold.acquire.loc.start.line;
      if (release) {
        const converted = planToRunExclusive({ sourceCode, acquire: hold.acquire, release });
        if (converted.ok) {
          return [suggestion('useRunExclusive', { from, to: release.loc.end.line, lock }, converted)];
        }
      }
      const wrapped = planReleaseInFinally({ sourceCode, acquire: hold.acquire, release });
      const releaseText = release ? sourceCode.getText(release) : `${hold.releaser?.name}()`;
      return wrapped.ok ? [suggestion('wrapInTryFinally', { release: releaseText, from }, wrapped)] : [];
    }

    function suggestion(messageId: 'useRunExclusive' | 'wrapInTryFinally', data: Record<string, string | number>, plan: EditPlan & { ok: true }) {
      return { messageId, data, fix: (fixer: Parameters<typeof toFixes>[0]) => toFixes(fixer, plan.edits) };
    }

    /** "`release()` on line 16", or "… on lines 16 and 20". */
    function describeReleases(releases: readonly TSESTree.CallExpression[]): string {
      const lines = [...new Set(releases.map((release) => release.loc.start.line))];
      const call = `\`${shorten(sourceCode.getText(releases[0]!))}\``;
      if (lines.length === 1) return `${call} on line ${lines[0]}`;
      return `${call} on lines ${lines.slice(0, -1).join(', ')} and ${lines.at(-1)}`;
    }

    function describeThrow(via: TSESTree.Node): string {
      const line = via.loc.start.line;
      // `throw new Error(…)`: the throw, not the construction, is what leaves.
      if (via.parent?.type === AST_NODE_TYPES.ThrowStatement) return `the \`throw\` on line ${line} runs`;
      switch (via.type) {
        case AST_NODE_TYPES.CallExpression:
        case AST_NODE_TYPES.NewExpression:
        case AST_NODE_TYPES.TaggedTemplateExpression:
          return `\`${shorten(sourceCode.getText(via))}\` on line ${line} throws`;
        case AST_NODE_TYPES.ThrowStatement:
          return `the \`throw\` on line ${line} runs`;
        case AST_NODE_TYPES.ForOfStatement:
          return `the \`for await\` loop on line ${line} throws`;
        default:
          return `the \`await\` on line ${line} rejects`;
      }
    }
  },
});

/** The exit to name: the earliest `return`/`break`/`continue`, else the earliest throw, else the end of the function. */
function firstLeak(leaks: readonly LeakExit[]): LeakExit | null {
  const earliest = (kinds: ReadonlyArray<LeakExit['kind']>): LeakExit | undefined =>
    leaks.filter((leak) => leak.via && kinds.includes(leak.kind)).sort((a, b) => a.via!.range[0] - b.via!.range[0])[0];
  return earliest(['return', 'jump']) ?? earliest(['throw']) ?? leaks[0] ?? null;
}
