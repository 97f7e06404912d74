import { externalUpdates, type ExternalUpdate } from '../analysis/external-state';
import { EXTERNAL_READ_CALL, EXTERNAL_WRITE_CALL } from '../analysis/text-tests';
import { interleavingModel } from '../analysis/model';
import { createRule } from '../util/create-rule';
import { shorten } from '../util/describe';

type MessageIds = 'fileUpdate' | 'storeUpdate';

export default createRule<[], MessageIds>({
  name: 'no-external-read-modify-write',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow reading a file or a stored key, awaiting, and writing back a value derived from it without a lock or transaction',
      presets: ['strict'],
    },
    schema: [],
    messages: {
      fileUpdate:
        '`{{write}}` on line {{line}} writes back `{{target}}` from what `{{read}}` read on line {{readLine}}: two calls that overlap both read the old contents, and the second write drops the first one\'s change. Hold a lock per file around the read and the write.',
      storeUpdate:
        '`{{write}}` on line {{line}} sets `{{target}}` to a value derived from what `{{read}}` read on line {{readLine}}: two calls that overlap both read the old value, and one update is lost. Hold a lock per key around both, or use the store\'s atomic operation (an increment, `WATCH`/`MULTI`, a transaction).',
    },
    defaultOptions: [],
  },
  create(context) {
    const sourceCode = context.sourceCode;
    if (!EXTERNAL_READ_CALL.test(sourceCode.text) || !EXTERNAL_WRITE_CALL.test(sourceCode.text)) return {};
    return {
      'Program:exit'() {
        const model = interleavingModel(context);
        if (!model) return;
        for (const fn of model.functions) {
          for (const update of externalUpdates(fn, model)) report(update);
        }
      },
    };

    function report(update: ExternalUpdate): void {
      context.report({
        node: update.write,
        messageId: update.kind === 'file' ? 'fileUpdate' : 'storeUpdate',
        data: {
          write: `${shorten(sourceCode.getText(update.write.callee))}(…)`,
          read: `${shorten(sourceCode.getText(update.read.callee))}(…)`,
          target: shorten(sourceCode.getText(update.target)),
          line: update.write.loc.start.line,
          readLine: update.read.loc.start.line,
        },
      });
    }
  },
});
