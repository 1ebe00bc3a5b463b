/** A CLI command: `run` gets the arguments after the command name and resolves to the process exit code. */
export interface Command {
  summary: string;
  run(args: readonly string[]): Promise<number> | number;
}
