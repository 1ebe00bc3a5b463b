// What the two differential fuzzers (`fuzz`: scenarios, `fuzz-designs`: whole designs) share: running an Elixir
// batch script in a child VM and collecting its stdout, stopping every running VM when the user interrupts, and
// their common options (--runs --seed --parallel --no-shrink --save, parsed by node:util's parseArgs).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Running VMs, so an interrupted run can stop them. */
const liveVms = new Set<ChildProcess>();

export function elixirOnPath(): boolean {
  return spawnSync('elixir', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** `elixir <args…>` → its whole stdout; rejects with the script's name, exit code and the tail of stderr. */
export function runElixirBatch(args: readonly string[], what: string): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('elixir', [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    liveVms.add(child);
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      liveVms.delete(child);
      if (code !== 0) reject(new Error(`${what} exited ${code}: ${err.trim().slice(-800)}`));
      else resolvePromise(Buffer.concat(out));
    });
  });
}

/** Ctrl+C / SIGTERM stop every running VM and exit 130. */
export function stopVmsOnSignal(): void {
  const stop = (): void => {
    for (const c of liveVms) c.kill();
    process.exit(130);
  };
  process.once('SIGINT', stop).once('SIGTERM', stop);
}

export interface FuzzArgs {
  runs: number;
  seed: number;
  parallel: number;
  shrink: boolean;
  save: boolean;
  /** The command's own flags: booleans as booleans, numeric options as numbers. */
  extra: Record<string, number | boolean | undefined>;
}

type Extra = Record<string, 'number' | 'boolean'>;

/** Parse the fuzzers' options; a string is the error to print above the usage line. */
export function parseFuzzArgs(args: readonly string[], defaultRuns: number, extra: Extra = {}): FuzzArgs | string {
  const options: NonNullable<ParseArgsConfig['options']> = {
    runs: { type: 'string' },
    seed: { type: 'string' },
    parallel: { type: 'string' },
    'no-shrink': { type: 'boolean' },
    save: { type: 'boolean' },
  };
  for (const [name, kind] of Object.entries(extra)) options[name] = { type: kind === 'number' ? 'string' : 'boolean' };
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...args], options, strict: true, allowPositionals: false }) as { values: Record<string, string | boolean | undefined> });
  } catch (e) {
    return (e as Error).message;
  }
  const num = (name: string): number | string | undefined => {
    const raw = values[name];
    if (raw === undefined) return undefined;
    const v = Number(raw);
    return Number.isInteger(v) && v >= 0 && String(raw).trim() !== '' ? v : `--${name} needs a non-negative integer`;
  };
  const out: FuzzArgs = { runs: defaultRuns, seed: 1, parallel: 2, shrink: !values['no-shrink'], save: values.save === true, extra: {} };
  for (const name of ['runs', 'seed', 'parallel'] as const) {
    const v = num(name);
    if (typeof v === 'string') return v;
    if (v !== undefined) out[name] = name === 'parallel' ? Math.max(1, v) : v;
  }
  for (const [name, kind] of Object.entries(extra)) {
    if (kind === 'boolean') out.extra[name] = values[name] === true;
    else {
      const v = num(name);
      if (typeof v === 'string') return v;
      out.extra[name] = v;
    }
  }
  return out;
}
