// The package README's code blocks, as the consumer tests use them: configs are written to disk as
// the README shows them, and the "Use it" and "Run in CI" commands are run as a user would type them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './install';

export interface CodeBlock {
  language: string;
  text: string;
  /** The file a block is meant to be saved as, from its first line (`// eslint.config.mjs`, `# lint.yml`). */
  file: string | null;
}

export const PACKAGE_README = readFileSync(path.join(ROOT, 'eslint-plugin/README.md'), 'utf8');

/** The text under `heading` (a `##` or `###` line), up to the next heading of the same or a higher level. */
export function section(heading: string, readme = PACKAGE_README): string {
  const lines = readme.split('\n');
  // A `# file` line inside a code block is no heading.
  let fenced = false;
  const headings = lines.map((line) => {
    if (line.startsWith('```')) fenced = !fenced;
    return !fenced && /^#+ /.test(line) ? line.indexOf(' ') : 0;
  });
  const start = lines.findIndex((line, index) => headings[index]! >= 2 && line.replace(/^#+ /, '') === heading);
  if (start < 0) throw new Error(`the README has no section "${heading}"`);
  const level = headings[start]!;
  const end = headings.findIndex((depth, index) => index > start && depth > 0 && depth <= level);
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** The text before the first subsection: the main path of a section, without its alternatives. */
export function mainPath(text: string): string {
  return text.split(/^### /m)[0]!;
}

export function codeBlocks(text: string): CodeBlock[] {
  return [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map(([, language, body]) => ({
    language: language!,
    text: body!,
    file: /^(?:\/\/|#) ([\w./-]+)$/m.exec(body!.split('\n')[0]!)?.[1] ?? null,
  }));
}

/** The one block saved as `file` in a section. */
export function fileBlock(text: string, file: string): string {
  const blocks = codeBlocks(text).filter((block) => block.file === file);
  if (blocks.length !== 1) throw new Error(`expected one \`${file}\` block, found ${blocks.length}`);
  return blocks[0]!.text;
}
