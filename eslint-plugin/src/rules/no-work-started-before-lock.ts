import { AST_NODE_TYPES, type TSESLint } from '@typescript-eslint/utils';
import { getLockGraph } from '../analysis/lock-graph';
import { interleavingModel } from '../analysis/model';
import { startedBeforeSection, type EarlyStart } from '../analysis/promises';
import { createRule } from '../util/create-rule';
import { shorten } from '../util/describe';

type MessageIds = 'startedBeforeLock' | 'startInside';

export default createRule<[], MessageIds>({
  name: 'no-work-started-before-lock',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow starting work before a critical section and only awaiting its promise inside, where the lock no longer covers it',
      presets: ['recommended'],
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      startedBeforeLock:
        '`{{name}}` holds the promise of `{{call}}`, started on line {{line}} before {{lock}} is taken on line {{entry}}: the work already runs unlocked, and awaiting it inside the section only waits for it to end. {{evidence}} Start it inside the section.',
      startInside: 'Call `{{call}}` inside the section, where `{{name}}` is awaited.',
    },
    defaultOptions: [],
  },
  create(context) {
    const sourceCode = context.sourceCode;
    return {
      'Program:exit'() {
        const model = interleavingModel(context);
        if (!model?.mayHaveLocks) return;
        const graph = getLockGraph(model);
        for (const section of model.allSections) {
          if (!section.excludes) continue;
          for (const early of startedBeforeSection(section, model)) {
            const call = shorten(sourceCode.getText(early.start));
            const callee = shorten(sourceCode.getText(early.start.callee));
            const name = sourceCode.getText(early.await.argument);
            context.report({
              node: early.await,
              messageId: 'startedBeforeLock',
              data: {
                name,
                call,
                line: early.start.loc.start.line,
                lock: graph.describe(section),
                entry: section.entry.loc.start.line,
                evidence:
                  early.evidence === 'locked-elsewhere'
                    ? `Elsewhere this file calls \`${callee}\` under the same lock.`
                    : `\`${callee}\` changes state that the lock guards.`,
              },
              suggest: suggestion(early, call, name),
            });
          }
        }
      },
    };

    /** Move the call to where it is awaited, when its declaration is a statement of its own that nothing else reads. */
    function suggestion(early: EarlyStart, call: string, name: string): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      const declaration = early.declarator.parent;
      if (declaration?.type !== AST_NODE_TYPES.VariableDeclaration || declaration.declarations.length !== 1) return [];
      const variable = sourceCode.scopeManager?.getDeclaredVariables(early.declarator)[0];
      if (!variable || variable.references.filter((reference) => !reference.init).length !== 1) return [];
      const text = sourceCode.text;
      const lineStart = text.lastIndexOf('\n', declaration.range[0] - 1) + 1;
      const lineEnd = text.indexOf('\n', declaration.range[1]);
      if (text.slice(lineStart, declaration.range[0]).trim() !== '' || lineEnd < 0 || text.slice(declaration.range[1], lineEnd).trim() !== '') return [];
      const startText = sourceCode.getText(early.start);
      return [
        {
          messageId: 'startInside',
          data: { call, name },
          fix: (fixer) => [fixer.removeRange([lineStart, lineEnd + 1]), fixer.replaceText(early.await.argument, startText)],
        },
      ];
    }
  },
});
