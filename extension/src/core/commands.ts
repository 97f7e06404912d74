/** Command ids the manifest contributes; the hover's markdown may run only the first two. */
export const COMMANDS = {
  showDocumentation: 'interleave.showDocumentation',
  choosePrimitive: 'interleave.choosePrimitive',
  showOutput: 'interleave.showOutput',
} as const;

export const TRUSTED_HOVER_COMMANDS: readonly string[] = [COMMANDS.showDocumentation, COMMANDS.choosePrimitive];

/** A `command:` link with JSON arguments, as VS Code's markdown renderer expects. */
export function commandLink(command: string, args: readonly unknown[]): string {
  return args.length === 0 ? `command:${command}` : `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}
