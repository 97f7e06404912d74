import type { PythonModel } from '../analysis/model';
import type { Node } from '../parse';

/** A text edit on the file: replace [start, end) (UTF-16 offsets) with `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export interface Suggestion {
  title: string;
  edits: TextEdit[];
}

export interface RuleOptions {
  /** no-read-await-write-race: also report check-then-act (strict). */
  checkThenAct?: boolean;
}

export interface Report {
  node: Node;
  message: string;
  suggestions?: Suggestion[];
}

export interface RuleContext {
  model: PythonModel;
  options: RuleOptions;
  report(report: Report): void;
}

export interface PythonRule {
  id: string;
  /** One line for the docs table and the CLI. */
  description: string;
  /** In the recommended preset (every rule is in strict). */
  recommended: boolean;
  check(context: RuleContext): void;
}

export const DOCS_BASE = 'https://github.com/interleave-dev/interleave/blob/main/rules-docs/python/';

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE}${ruleId}.md`;
}

/** A line number for messages (1-based). */
export function lineOf(node: Node): number {
  return node.startPosition.row + 1;
}

/** Code quoted in a message: one line, at most 60 characters. */
export function quote(node: Node | string): string {
  const text = (typeof node === 'string' ? node : node.text).replace(/\s*\n\s*/g, ' ');
  return `\`${text.length > 60 ? `${text.slice(0, 57)}...` : text}\``;
}
