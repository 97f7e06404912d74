import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { childNodes, contains, unwrap } from '../analysis/ast';
import type { AwaitPoint, Fact, FunctionFlow, SharedWrite } from '../analysis/flow';
import { overlaps } from '../analysis/shared';
import { getModel, type ConcurrencyModel } from '../analysis/model';
import type { CriticalSection } from '../analysis/sections';
import { DEFAULT_MIN_TIMER_MS, slowness, type Slowness } from '../analysis/slow-calls';
import { toFixes } from '../fixes/edits';
import { planHoistAwait } from '../fixes/hoist-await';
import { createRule } from '../util/create-rule';

type Options = [{ ignoreCallees?: string[]; slowCallees?: string[]; minTimerMs?: number }];
type MessageIds = 'slowAwait' | 'loadInSection' | 'moveBeforeLock';

export default createRule<Options, MessageIds>({
  name: 'no-long-await-in-critical-section',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow slow work inside an exclusive lock when it uses nothing the lock guards and could run before taking it',
      presets: ['recommended'],
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          ignoreCallees: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description: 'Callees (as written, e.g. `fetch` or `api.get`) whose awaits are never reported.',
          },
          slowCallees: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description: 'Callees (as written) to treat as slow, like network calls.',
          },
          minTimerMs: {
            type: 'integer',
            minimum: 0,
            description: 'Shortest timer, in milliseconds, that counts as slow work (default 100).',
          },
        },
      },
    ],
    messages: {
      slowAwait:
        '`{{call}}` {{why}} while `{{lock}}` is held (taken on line {{lockLine}}), yet it uses nothing the lock guards. Every task waiting for the lock waits for it too: await it before taking the lock.',
      loadInSection:
        '`{{call}}` loads data while `{{lock}}` is held (taken on line {{lockLine}}), yet it uses nothing the lock guards: only storing its result on line {{storeLine}} needs the lock. Await it before taking the lock.',
      moveBeforeLock: 'Move this `await` before the lock is taken.',
    },
    defaultOptions: [{ ignoreCallees: [], slowCallees: [], minTimerMs: DEFAULT_MIN_TIMER_MS }],
  },
  create(context, [options]) {
    const ignored = new Set(options.ignoreCallees ?? []);
    const declaredSlow = new Set(options.slowCallees ?? []);
    const minTimerMs = options.minTimerMs ?? DEFAULT_MIN_TIMER_MS;
    return {
      'Program:exit'() {
        const model = getModel(context);
        if (!model.mayInterleave) return;
        const reported = new Set<TSESTree.Node>();
        for (const section of model.allSections) {
          if (!section.excludes) continue;
          const flow = model.flow(section.fn, { continuations: false });
          const writes = flow.writes.filter((write) => contains(section.range, write.node));
          // A section that writes no in-memory state holds its lock for the awaits themselves: a lock
          // guarding an external resource (a row read then written), or serialising the work.
          if (writes.length === 0) continue;
          // An await after an early release (`if (hit) { release(); return await load(); }`) runs unlocked.
          const awaits = flow.awaits.filter((point) => contains(section.range, point.node) && !model.sections.releasedBefore(section, point.node));
          for (const point of awaits) {
            if (reported.has(point.node)) continue;
            const verdict = assess(model, section, flow, point);
            if (!verdict) continue;
            reported.add(point.node);
            report(model, section, point, verdict);
          }
        }
      },
    };

    function assess(
      model: ConcurrencyModel,
      section: CriticalSection,
      flow: FunctionFlow,
      point: AwaitPoint,
    ): { slow: Slowness | 'declared'; store?: undefined } | { slow?: undefined; store: TSESTree.Node } | null {
      const operand = unwrap(point.node.argument);
      const callee = operand.type === AST_NODE_TYPES.CallExpression ? context.sourceCode.getText(operand.callee) : null;
      if (callee !== null && ignored.has(callee)) return null;
      if (dependsOnSection(model, section, point, flow.writes.filter((write) => contains(section.range, write.node)))) return null;
      const slow = callee !== null && declaredSlow.has(callee) ? 'declared' : slowness(operand, model);
      if (slow !== null && slow !== 'declared' && slow.kind === 'timer') return slow.ms !== null && slow.ms >= minTimerMs ? { slow } : null;
      if (slow) return { slow };
      const store = flow.writes.find(
        (write) => contains(section.range, write.node) && write.valueDeps.some((fact) => fact.kind === 'await' && fact.node === point.node),
      );
      return store ? { store: store.node } : null;
    }

    function report(
      model: ConcurrencyModel,
      section: CriticalSection,
      point: AwaitPoint,
      verdict: NonNullable<ReturnType<typeof assess>>,
    ): void {
      const plan = planHoistAwait(context.sourceCode, point.node);
      const callee = unwrap(section.entry.callee);
      const lock = callee.type === AST_NODE_TYPES.MemberExpression ? callee.object : callee;
      const data = {
        call: context.sourceCode.getText(point.node.argument),
        lock: section.lock.protocol.kind === 'web-lock' ? `navigator.locks.request(${section.key})` : model.sourceCode.getText(lock),
        lockLine: section.entry.loc.start.line,
        why: verdict.slow === 'declared' || verdict.slow?.kind === 'network' ? 'waits on the network' : `sleeps ${verdict.slow?.kind === 'timer' ? verdict.slow.ms : 0} ms`,
        storeLine: verdict.store?.loc.start.line ?? 0,
      };
      context.report({
        node: point.node,
        messageId: verdict.store ? 'loadInSection' : 'slowAwait',
        data,
        suggest: plan.ok ? [{ messageId: 'moveBeforeLock', fix: (fixer) => toFixes(fixer, plan.edits) }] : [],
      });
    }
  },
});

/**
 * The await reads state the section writes, uses a value computed inside the section, or only
 * runs because of a check made there. (Reading a client object the section never writes is fine.)
 */
function dependsOnSection(model: ConcurrencyModel, section: CriticalSection, point: AwaitPoint, writes: readonly SharedWrite[]): boolean {
  const guarded = (fact: Fact): boolean => fact.kind === 'read' && writes.some((write) => overlaps(write.location, fact.location));
  if (point.operandDeps.some((fact) => guarded(fact) || (fact.kind === 'await' && contains(section.range, fact.node)))) return true;
  if (point.controlDeps.some((fact) => contains(section.range, fact.node))) return true;
  const visit = (node: TSESTree.Node): boolean => {
    if (node.type === AST_NODE_TYPES.Identifier) {
      const declaration = model.bindings.variableOf(node)?.identifiers[0];
      if (declaration && (contains(section.range, declaration) || (section.kind === 'callback' && section.fn.params.some((param) => contains(param, declaration))))) {
        return true;
      }
    }
    return childNodes(node).some(visit);
  };
  return visit(point.node.argument);
}
