import { describe, expect, it } from 'vitest';
import { disableLineEdit } from '../../extension/src/core/disable-line';
import { offsetOfLine } from '../../extension/src/core/lines';
import { awaitAt, statementsInSelection } from '../../extension/src/core/selection';
import { apply, marked, parse } from './helpers';

function selected(source: string): string[] | null {
  const { text, selection } = marked(source);
  const statements = statementsInSelection(parse(text), selection);
  return statements && statements.map((statement) => text.slice(...statement.range));
}

const BODY = `async function f(): Promise<void> {
  // read
  const a = await g();
  a.x = 1;
  if (a) {
    a.y = 2;
  }
}
declare function g(): Promise<{ x?: number; y?: number }>;
`;

describe('statementsInSelection', () => {
  it('takes the statements a selection covers whole, past whitespace and comments at its edges', () => {
    expect(selected(BODY.replace('  // read\n  const a', '«  // read\n  const a').replace('a.x = 1;\n', 'a.x = 1;\n»'))).toEqual([
      'const a = await g();',
      'a.x = 1;',
    ]);
    expect(selected(BODY.replace('if (a) {', '«if (a) {').replace('  }\n}', '  }»\n}'))).toEqual(['if (a) {\n    a.y = 2;\n  }']);
  });

  it('lets the closing semicolon stay out', () => {
    expect(selected(BODY.replace('a.x = 1;', '«a.x = 1»;'))).toEqual(['a.x = 1;']);
  });

  it('refuses selections that cut a statement, span blocks, or hold no statement', () => {
    expect(selected(BODY.replace('a.x = 1;', '«a.x» = 1;'))).toBeNull();
    expect(selected(BODY.replace('a.x = 1;\n  if (a) {\n    a.y', '«a.x = 1;\n  if (a) {\n    a.y»'))).toBeNull();
    expect(selected(BODY.replace('  // read', '  «// read»'))).toBeNull();
    expect(selected(BODY.replace('a.x = 1;', 'a.x = 1;‸'))).toBeNull();
  });

  it('also works at module level and in a case clause', () => {
    expect(selected('«let a = 1;\na += 1;»\n')).toEqual(['let a = 1;', 'a += 1;']);
    expect(selected('switch (1) {\n  case 1:\n    «f();\n    break;»\n}\ndeclare function f(): void;')).toEqual(['f();', 'break;']);
  });
});

describe('awaitAt', () => {
  const text = 'async function f(): Promise<void> {\n  const value = await g(await h());\n  const later = () => g(1);\n}\ndeclare function g(n: number): Promise<number>;\ndeclare function h(): Promise<number>;';
  const at = (word: string, skip = 0): string | null => {
    const offset = text.indexOf(word) + skip;
    const found = awaitAt(parse(text), offset);
    return found && text.slice(...found.range);
  };

  it('finds the innermost await at the cursor, else the first in its statement, never in a nested function', () => {
    expect(at('await h()', 7)).toBe('await h()');
    expect(at('await g(')).toBe('await g(await h())');
    expect(at('value')).toBe('await g(await h())');
    expect(at('later')).toBeNull();
  });
});

describe('disableLineEdit', () => {
  it('adds a directive above the line, indented like it', () => {
    const text = 'function f() {\n    counter = temp + 1;\n}\n';
    expect(apply(text, [disableLineEdit(text, 'no-read-await-write-race', 2)])).toBe(
      'function f() {\n    // eslint-disable-next-line interleave/no-read-await-write-race\n    counter = temp + 1;\n}\n',
    );
  });

  it('adds the rule to a directive already there, before its description', () => {
    const text = 'f();\n  // eslint-disable-next-line no-console -- legacy\n  console.log(x);\n';
    expect(apply(text, [disableLineEdit(text, 'no-busy-wait', 3)])).toBe(
      'f();\n  // eslint-disable-next-line no-console, interleave/no-busy-wait -- legacy\n  console.log(x);\n',
    );
  });

  it('keeps Windows line endings and the first line', () => {
    const text = 'a();\r\nb();\r\n';
    expect(apply(text, [disableLineEdit(text, 'no-busy-wait', 1)])).toBe('// eslint-disable-next-line interleave/no-busy-wait\r\na();\r\nb();\r\n');
    expect(offsetOfLine(text, 2)).toBe(6);
    expect(offsetOfLine(text, 9)).toBe(text.length);
  });
});
