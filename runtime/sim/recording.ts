// Recordings: a run is fully determined by spec + seed + commands (virtual clock), so that is all a recording keeps.
// Commands are the catalog's (runtime/sim/commands.ts) with whole-millisecond times; each is applied after everything
// due at its time has run — the way a live run applies a user's command — so `replay` gives the live run's trace byte
// for byte, however the live run was chunked. `.suprun` files (SuRun) and the document's `recordings` hold the same.
import type { Recording } from '../design/document';
import type { RuntimeSpec } from '../design/spec';
import type { Command } from './commands';
import { CommandSchema } from './command-schema';
import { Simulation, type RunResult, type SimOptions } from './start';

/** The `.suprun` file: a recording with its name, and (optionally) the design it ran. */
export interface SuRun {
  format: 'suprun';
  version: typeof SURUN_VERSION;
  name: string;
  seed: number;
  clock: 'virtual' | 'real';
  /** Whole milliseconds. */
  durationMs: number;
  commands: Command[];
  spec?: RuntimeSpec;
}
export const SURUN_VERSION = 2;

/** A recording of `commands` run on a spec with `seed` for `durationMs` (store it in the document's `recordings`). */
export function makeRecording(name: string, seed: number, commands: readonly Command[], durationMs: number): Recording {
  return { name, seed, clock: 'virtual', commands: commands.map((c) => ({ ...c })), durationMs };
}

/** The document's form of a `.suprun` (no spec, no format tag). */
export function toDocumentRecording(rec: SuRun): Recording {
  return makeRecording(rec.name, rec.seed, rec.commands, rec.durationMs);
}

/** Reads a `.suprun` (version 1 or 2) or throws a readable error. Version 1 files held `exit_term` (now `exit`, whose
 *  reason is any term) and could hold fractional times (kept: such a file replays as well as it ever did). */
export function parseSuRun(v: unknown, what = 'This file'): SuRun {
  const o = v as Partial<SuRun> & { version?: unknown; commands?: unknown };
  if (typeof o !== 'object' || o === null || o.format !== 'suprun' || !Array.isArray(o.commands)) throw new Error(`${what} is not a .suprun recording.`);
  if (typeof o.version !== 'number' || o.version > SURUN_VERSION) throw new Error(`${what} is a .suprun of version ${String(o.version)}; this app reads versions up to ${SURUN_VERSION}.`);
  if (typeof o.seed !== 'number' || typeof o.durationMs !== 'number') throw new Error(`${what} has no seed or duration.`);
  const commands = o.commands.map((c, i) => {
    const x = ((o.version as number) === 1 && (c as { type?: unknown }).type === 'exit_term' ? { ...(c as object), type: 'exit' } : c) as unknown;
    const r = CommandSchema.safeParse(x);
    if (!r.success) throw new Error(`${what}, command ${i + 1}: ${r.error.issues.map((e) => `${e.path.join('.') || 'command'}: ${e.message}`).join('; ')}`);
    return r.data;
  });
  return {
    format: 'suprun', version: SURUN_VERSION, name: typeof o.name === 'string' ? o.name : 'recording', seed: o.seed,
    clock: o.clock === 'real' ? 'real' : 'virtual', durationMs: o.durationMs, commands, ...(o.spec && { spec: o.spec }),
  };
}

/** Runs `sim` (started, virtual clock, at time 0) through a recording's commands, each applied after everything due at
 *  its time, up to `durationMs`. `stretch` runs time forward (a session passes its own, to report progress). */
export function drive(
  sim: Simulation,
  rec: Pick<Recording, 'name' | 'commands' | 'durationMs'>,
  apply: (c: Command) => void = (c) => void sim.command(c),
  stretch: (to: number) => void = (to) => sim.kernel.advance(to - sim.kernel.now()),
): void {
  const k = sim.kernel;
  for (const c of rec.commands as Command[]) {
    if (c.at < k.now()) throw new Error(`Recording "${rec.name}": command at ${c.at} ms comes after one at ${k.now()} ms.`);
    if (c.at > k.now()) stretch(c.at);
    k.advance(0);
    apply(c);
  }
  const end = rec.durationMs ?? k.now();
  if (end > k.now()) stretch(end);
  k.advance(0);
}

/** Run a recording again. Only virtual-clock recordings replay exactly; a real-clock one is refused. */
export function replay(spec: RuntimeSpec, rec: Recording, opts: Omit<SimOptions, 'seed' | 'clock'> = {}): RunResult {
  if (rec.clock !== 'virtual') throw new Error(`Recording "${rec.name}" was made with the real-time clock and cannot be replayed exactly.`);
  const sim = new Simulation(spec, { ...opts, seed: rec.seed }).start();
  drive(sim, rec);
  return sim.result();
}
