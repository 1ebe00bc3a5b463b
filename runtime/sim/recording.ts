// Recordings: a run is fully determined by spec + seed + commands (virtual clock), so that is all a recording keeps.
// `replay` gives the byte-identical trace of the original run.
import type { Recording } from '../design/document';
import type { RuntimeSpec, SpecCommand } from '../design/spec';
import { Simulation, type RunResult } from './start';

/** A recording of `commands` run on a spec with `seed` for `durationMs` (store it in the document's `recordings`). */
export function makeRecording(name: string, seed: number, commands: readonly SpecCommand[], durationMs: number): Recording {
  return { name, seed, clock: 'virtual', commands: commands.map((c) => ({ ...c })), durationMs };
}

/** Run a recording again. Only virtual-clock recordings replay exactly; a real-clock one is refused. */
export function replay(spec: RuntimeSpec, rec: Recording): RunResult {
  if (rec.clock !== 'virtual') throw new Error(`Recording "${rec.name}" was made with the real-time clock and cannot be replayed exactly.`);
  return new Simulation(spec, { seed: rec.seed }).run(rec.commands as SpecCommand[], rec.durationMs);
}
