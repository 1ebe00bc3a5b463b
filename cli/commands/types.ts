/** A CLI command: `run` gets the arguments after the command name and resolves to the process exit code. */
export interface Command {
  summary: string;
  run(args: readonly string[]): Promise<number> | number;
  /**
   * The command executes a design's custom behaviour code (untrusted: designs are downloaded and shared), so main()
   * runs it in the sandbox (cli/sandbox/host.ts): no file system, network or child processes, time and memory limits.
   */
  runsCustomCode?: boolean;
}
