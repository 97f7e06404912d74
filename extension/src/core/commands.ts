/** Command ids the manifest contributes; the hover's markdown may run these and nothing else. */
export const COMMANDS = {
  showDocumentation: 'interleave.showDocumentation',
  choosePrimitive: 'interleave.choosePrimitive',
} as const;

export const TRUSTED_HOVER_COMMANDS: readonly string[] = [COMMANDS.showDocumentation, COMMANDS.choosePrimitive];

/** A `command:` link with JSON arguments, as VS Code's markdown renderer expects. */
export function commandLink(command: string, args: readonly unknown[]): string {
  return args.length === 0 ? `command:${command}` : `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}
