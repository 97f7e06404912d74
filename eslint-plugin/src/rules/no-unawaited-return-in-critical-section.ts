import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { contains, enclosingFunction, isFunction, unwrap } from '../analysis/ast';
import { getLockGraph } from '../analysis/lock-graph';
import { interleavingModel, type ConcurrencyModel } from '../analysis/model';
import { floatingPromises, isPromiseValued } from '../analysis/promises';
import type { CriticalSection } from '../analysis/sections';
import { createRule } from '../util/create-rule';
import { shorten } from '../util/describe';

type MessageIds = 'returnedBeforeRelease' | 'floatingInSection' | 'returnAwait' | 'awaitIt' | 'returnIt';

export default createRule<[], MessageIds>({
  name: 'no-unawaited-return-in-critical-section',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow handing back or dropping the promise of work inside a critical section, which lets the lock go before the work finishes',
      presets: ['recommended'],
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      returnedBeforeRelease:
        '`return {{expression}}` hands back the promise without waiting for it, so the `finally` on line {{line}} gives {{lock}} back as soon as the work starts: the work runs unlocked. Write `return await …`.',
      floatingInSection:
        'Nothing waits for the promise of `{{expression}}`, so the critical section of {{lock}} entered on line {{line}} ends, and gives the lock back, before this work finishes. Await it or return it.',
      returnAwait: 'Write `return await {{expression}}`.',
      awaitIt: 'Await `{{expression}}`.',
      returnIt: 'Return `{{expression}}` from the callback.',
    },
    defaultOptions: [],
  },
  create(context) {
    const sourceCode = context.sourceCode;
    // Decided once per file: without a lock in it, nothing is held.
    const model = interleavingModel(context);
    if (!model?.mayHaveLocks) return {};
    return {
      ReturnStatement(node) {
        const argument = node.argument && unwrap(node.argument);
        if (!argument || argument.type === AST_NODE_TYPES.AwaitExpression || !insideTryWithFinally(node)) return;
        if (!enclosingFunction(node)?.async) return;
        for (const section of model.sectionsCovering(node)) {
          const release = model.sections.finallyReleaseAround(section, node);
          if (!release || !section.excludes || !isPromiseValued(argument, model)) continue;
          const expression = shorten(sourceCode.getText(argument));
          context.report({
            node,
            messageId: 'returnedBeforeRelease',
            data: { expression, line: release.loc.start.line, lock: getLockGraph(model).describe(section) },
            suggest: [{ messageId: 'returnAwait', data: { expression }, fix: (fixer) => fixer.insertTextBefore(node.argument!, 'await ') }],
          });
          return;
        }
      },
      'Program:exit'() {
        for (const section of model.allSections) {
          if (section.kind === 'callback' && section.excludes) reportFloating(section, model);
        }
      },
    };

    function reportFloating(section: CriticalSection, model: ConcurrencyModel): void {
      const lock = getLockGraph(model).describe(section);
      for (const call of floatingPromises(section.fn, model)) {
        const expression = shorten(sourceCode.getText(call));
        context.report({
          node: call,
          messageId: 'floatingInSection',
          data: { expression, lock, line: section.entry.loc.start.line },
          suggest: suggestions(section, call, expression),
        });
      }
    }

    /** `await` in an async callback; `return` when the call is the last statement of a plain one. */
    function suggestions(section: CriticalSection, call: TSESTree.CallExpression, expression: string): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      if (section.fn.async) return [{ messageId: 'awaitIt', data: { expression }, fix: (fixer) => fixer.insertTextBefore(call, 'await ') }];
      const body = section.fn.body;
      const statement = call.parent;
      if (body.type === AST_NODE_TYPES.BlockStatement && statement?.type === AST_NODE_TYPES.ExpressionStatement && body.body.at(-1) === statement) {
        return [{ messageId: 'returnIt', data: { expression }, fix: (fixer) => fixer.insertTextBefore(statement, 'return ') }];
      }
      return [];
    }
  },
});

/** A `try` block with a `finally` around the return, within its function: the only place a release can follow it. */
function insideTryWithFinally(node: TSESTree.Node): boolean {
  for (let current = node.parent; current && !isFunction(current); current = current.parent) {
    if (current.type === AST_NODE_TYPES.TryStatement && current.finalizer && contains(current.block, node)) return true;
  }
  return false;
}
