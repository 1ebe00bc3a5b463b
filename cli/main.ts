// The command line: a small dispatcher over cli/commands/<name>.ts. To add a command, write a module exporting a
// `Command` and list it in `commands` below.
import { blast } from './commands/blast';
import { bridge } from './commands/bridge';
import { campaign } from './commands/campaign';
import { compare } from './commands/compare';
import { conformance } from './commands/conformance';
import { exportCommand } from './commands/export';
import { fuzzCommand } from './commands/fuzz';
import { fuzzDesignsCommand } from './commands/fuzz-designs';
import { run } from './commands/run';
import { test } from './commands/test';
import { validate } from './commands/validate';
import type { Command } from './commands/types';
import { describeFsError, isSystemError } from './lib/fs-errors';
import { runSandboxed } from './sandbox/host';

export const commands: Record<string, Command> = {
  conformance,
  validate,
  run,
  test,
  blast,
  campaign,
  export: exportCommand,
  fuzz: fuzzCommand,
  'fuzz-designs': fuzzDesignsCommand,
  bridge,
  compare,
};

function usage(): string {
  const lines = ['usage: supervisor-studio <command> [args]', '', 'commands:'];
  for (const [name, c] of Object.entries(commands)) lines.push(`  ${name.padEnd(14)} ${c.summary}`);
  return lines.join('\n') + '\n';
}

/** Run the CLI with `argv` (without node and script). Resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const cmd = commands[name];
  if (!cmd) {
    process.stderr.write(`unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    // a design's custom code is untrusted: commands that execute it run in the sandbox (cli/sandbox/host.ts)
    if (cmd.runsCustomCode && !rest.includes('--help') && !rest.includes('-h')) return await runSandboxed(argv);
    return await cmd.run(rest);
  } catch (e) {
    // the operating system said no (full disk, read-only disk, no permission, ...): one line naming the problem
    if (!isSystemError(e)) throw e;
    const path = (e as NodeJS.ErrnoException).path;
    process.stderr.write(`supervisor-studio ${name}: ${describeFsError(e)}${path ? ` (${path})` : ''}\n`);
    return 1;
  }
}
