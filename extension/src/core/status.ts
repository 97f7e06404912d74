// The status bar item's text and tooltip for what Interleave is doing.

export type Status =
  /** Nothing runs; `problems` counts the active file's problems (null: not a file Interleave checks). */
  | { kind: 'idle'; problems: number | null }
  | { kind: 'linting'; problems: number | null }
  /** The active file's problems are not shown, and why. */
  | { kind: 'off'; reason: string };

export interface StatusView {
  text: string;
  tooltip: string;
}

const CLICK = 'Click to show the output.';

export function statusView(status: Status): StatusView {
  if (status.kind === 'off') return { text: '$(circle-slash) Interleave: off', tooltip: `Interleave: ${status.reason} ${CLICK}` };
  const count = status.problems === null ? '' : `: ${status.problems}`;
  const found = status.problems === null ? '' : ` ${problemsIn(status.problems)}`;
  if (status.kind === 'linting') return { text: `$(sync~spin) Interleave${count}`, tooltip: `Interleave: checking…${found} ${CLICK}` };
  return { text: `${status.problems ? '$(warning)' : '$(check)'} Interleave${count}`, tooltip: `Interleave: idle.${found} ${CLICK}` };
}

function problemsIn(count: number): string {
  return `${count === 0 ? 'No' : count} concurrency problem${count === 1 ? '' : 's'} in this file.`;
}
