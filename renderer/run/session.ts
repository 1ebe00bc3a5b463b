// One run: a Simulation (runtime/sim) of a compiled spec on the kernel, driven by the run worker — virtual time in
// chunks (play at a speed), single steps, and user commands applied at a chunk boundary. Its output is a stream of
// RunEvents (kernel trace + `bind`, `note`, `command`), numbered by the session. Plain TypeScript: runs in the
// worker and in tests.
//
// Determinism: a command is applied only after everything due up to `now` has run (`advance(0)`), and a replay
// advances to each command's time and applies it the same way, so a replay of the commands gives the kernel trace
// of the live run, byte for byte, however the live run was chunked.
import { Kernel, fmt, traceLine, type Proc, type Term, type TraceEvent } from '../../runtime/index';
import { Simulation } from '../../runtime/sim/start';
import { applyCommand, commandTarget, describeCommand, type Command, type CommandInput } from '../../runtime/sim/commands';
import { drive, SURUN_VERSION, type SuRun } from '../../runtime/sim/recording';
import type { RuntimeSpec } from '../../runtime/design/spec';
import { encodeTrace, type RunEvent } from './events';
import { supervisorText } from './process-info';

/** A user action: a command of the run-command catalog (runtime/sim/commands.ts); `at` is the virtual time it was
 *  applied (filled in by the session; whole milliseconds). */
export type RunCommand = Command;
export type { CommandInput, SuRun };

export interface SessionOptions {
  seed: number;
  clock?: 'virtual' | 'real';
  /** Record message sends/receives (mailbox lengths, traffic heat, sequence diagrams). Default true. */
  traceMessages?: boolean;
  /** Keep the kernel trace as text lines (`kernelLines`) for comparing runs. Default false. */
  keepLines?: boolean;
}

export interface ProcessDetails {
  pid: number;
  path: string | null;
  alive: boolean;
  label: string;
  state: string;
  /** The first 50 queued messages, printed. */
  mailbox: string[];
  /** How many messages are queued (the kernel's own count, not capped like `mailbox`). */
  mailboxLength: number;
  links: string[];
  monitors: string[];
  trapExit: boolean;
  reason: string | null;
}

const REPLAY_STRETCH_MS = 100;

export type ReplayOptions = Omit<SessionOptions, 'seed' | 'clock'> & {
  /** Called on the fresh session before anything runs (the watchdog's diagnosis hooks in here). */
  beforeRun?(s: RunSession): void;
  /** Called after each stretch of replayed time. */
  onProgress?(s: RunSession): void;
};

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export class RunSession {
  readonly sim: Simulation;
  readonly kernel: Kernel;
  readonly commands: RunCommand[] = [];
  /** Kernel trace lines (pids labelled by path): the form compared for byte-identical replays. */
  readonly kernelLines: string[] = [];
  private pending: TraceEvent[] = [];
  private out: RunEvent[] = [];
  private seq = 0;
  private notesSeen = 0;
  private callsSeen = 0;
  private readonly bound = new Set<number>();
  /** How far into the simulation's bind order `collect` has looked. */
  private bindCursor = 0;
  /** The fraction of a millisecond `advance` was asked for and has not run yet. */
  private carry = 0;

  constructor(
    readonly spec: RuntimeSpec,
    readonly opts: SessionOptions,
  ) {
    this.sim = new Simulation(spec, { seed: opts.seed, clock: opts.clock ?? 'virtual', traceMessages: opts.traceMessages ?? true });
    this.kernel = this.sim.kernel;
    this.kernel.subscribe((batch) => { for (const e of batch) this.pending.push(e); });
    this.sim.start();
    if (this.kernel.clock.virtual) this.kernel.advance(0);
    this.collect();
  }

  get now(): number {
    return this.kernel.now();
  }

  /** Events produced since the last call (in order, numbered). */
  drain(): RunEvent[] {
    this.collect();
    const o = this.out;
    this.out = [];
    return o;
  }

  /** Numbers the event (in place: every event passed here is a fresh object) and queues it. */
  private push(e: DistributiveOmit<RunEvent, 'seq'>): void {
    (e as RunEvent).seq = ++this.seq;
    this.out.push(e as RunEvent);
  }

  /** Moves the kernel's trace, the simulation's notes and call replies into the output, in time order. */
  private collect(): void {
    this.kernel.flushTrace();
    const lab = this.sim.labeler;
    const mark = (x: object) => this.sim.traceMark.get(x) ?? 0;
    // the simulation's own records, each placed right after the trace event that came last before it was made: the
    // stream is the same however the run was chunked or stepped (a replay gives the same events, numbered the same)
    const extra: { after: number; e: DistributiveOmit<RunEvent, 'seq'> | { bind: number; t: number } }[] = [];
    const notes = this.sim.notes;
    for (; this.notesSeen < notes.length; this.notesSeen++) {
      const n = notes[this.notesSeen];
      const path = this.spec.pathByNodeId[n.nodeId];
      if (path) extra.push({ after: mark(n), e: { t: n.t, type: 'note' as const, path, event: n.event, data: JSON.stringify(n.data) } });
    }
    // call replies (a call record is made when its answer comes)
    const calls = this.sim.calls;
    for (; this.callsSeen < calls.length; this.callsSeen++) {
      const c = calls[this.callsSeen];
      const pid = this.sim.callee.get(c) ?? null;
      const text = `reply ${c.target} ${c.message} → ${c.ok ? c.result : `exit ${c.exit ?? c.result}`}`;
      extra.push({ after: mark(c), e: { t: c.doneAt, type: 'command' as const, pid, text } });
    }
    // processes the simulation bound to design nodes that the trace alone does not name (roots, load sources, children
    // of dynamic supervisors; a static supervisor's child is named by its `restart` event), as they were bound
    const fresh = this.sim.boundSince(this.bindCursor);
    this.bindCursor = fresh.next;
    fresh.pids.forEach((pid, i) => {
      const m = fresh.marks[i];
      if (!m.named) extra.push({ after: m.after, e: { bind: pid, t: m.t } });
    });
    extra.sort((x, y) => x.after - y.after); // stable: in the order they were made
    const put = (x: (typeof extra)[number]) => {
      if ('bind' in x.e) {
        if (!this.bound.has(x.e.bind)) this.bindNow(x.e.bind, x.e.t);
      } else this.push(x.e);
    };
    let k = 0;
    for (const te of this.pending) {
      while (k < extra.length && extra[k].after < te.seq) put(extra[k++]);
      // a supervisor bound by the simulation is named before its children's starts, so they get their paths
      if (te.type === 'restart' && !this.bound.has(te.sup)) this.bindNow(te.sup, te.t);
      if (this.opts.keepLines) this.kernelLines.push(traceLine(te, lab));
      this.push(encodeTrace(te, lab));
    }
    while (k < extra.length) put(extra[k++]);
    this.pending = [];
  }

  private bindNow(pid: number, t: number): void {
    const nodeId = this.sim.pidNode.get(pid);
    if (nodeId === undefined) return;
    this.bound.add(pid);
    const path = this.spec.pathByNodeId[nodeId] ?? loadPath(this.spec, nodeId);
    if (path) this.push({ t, type: 'bind', pid, path });
  }

  // ---- time ---------------------------------------------------------------------------------------------------------

  /** Virtual clock: let `ms` of virtual time pass. Virtual time moves in whole milliseconds (so every event and
   *  command of a run has an integer time and a recording replays exactly): fractions (a frame's 16.7 ms × speed)
   *  are carried over to the next call. */
  advance(ms: number): void {
    this.carry += Math.max(0, Number.isFinite(ms) ? ms : 0);
    const whole = Math.floor(this.carry);
    this.carry -= whole;
    this.kernel.advance(whole);
  }

  /** Virtual clock: run until the trace grows (one scheduler turn, else up to the next timer). Returns events made. */
  step(): number {
    const k = this.kernel;
    const before = this.seq + this.pending.length + this.out.length;
    const count = () => { k.flushTrace(); return this.seq + this.pending.length + this.out.length - before; };
    k.runReady(1);
    if (count() > 0) return count();
    // nothing ready: move to the next timer (in growing stretches), unless no timer is pending at all
    const timers = () => k.pendingTimers();
    const pending = timers();
    if (pending === 0) return 0;
    for (let dt = 1; dt <= 60_000; dt *= 2) {
      k.advance(dt);
      if (count() > 0 || timers() !== pending) break; // something happened, or a timer fired
    }
    return count();
  }

  // ---- commands -----------------------------------------------------------------------------------------------------

  /** Applies a command now (after everything due has run) and records it. */
  apply(input: CommandInput): void {
    if (this.kernel.clock.virtual) this.kernel.advance(0);
    const cmd = { ...input, at: this.kernel.clock.virtual ? this.now : Math.round(this.now) } as RunCommand;
    this.commands.push(cmd);
    this.run(cmd);
  }

  private run(c: RunCommand): void {
    this.kernel.flushTrace();
    const target = commandTarget(c);
    const pid = target !== undefined ? this.sim.pidOf(target) : undefined;
    this.collect();
    this.push({ t: this.now, type: 'command', pid: pid?.id ?? null, text: describeCommand(c) });
    const outcome = applyCommand(this.sim, c);
    if (outcome !== undefined) this.push({ t: this.now, type: 'command', pid: null, text: outcome });
  }

  /** The recording of this run so far (virtual clock: replays exactly). */
  recording(name: string, withSpec = true): SuRun {
    if (this.kernel.clock.virtual) this.kernel.advance(0);
    return {
      format: 'suprun', version: SURUN_VERSION, name, seed: this.opts.seed, clock: this.kernel.clock.virtual ? 'virtual' : 'real',
      durationMs: Math.ceil(this.now), commands: this.commands.map((c) => ({ ...c })), ...(withSpec && { spec: this.spec }),
    };
  }

  /** Runs a recording again from the start to its end (the same stepping as runtime/sim/recording.ts's replay). */
  static replay(spec: RuntimeSpec, rec: SuRun, opts: ReplayOptions = {}): RunSession {
    if (rec.clock !== 'virtual') throw new Error(`Recording "${rec.name}" was made with the real-time clock and cannot be replayed exactly.`);
    const s = new RunSession(spec, { ...opts, seed: rec.seed });
    opts.beforeRun?.(s);
    // in stretches, so a long replay can report progress (chunking does not change the trace)
    const to = (t: number) => {
      while (s.now < t) {
        s.kernel.advance(Math.min(REPLAY_STRETCH_MS, t - s.now));
        opts.onProgress?.(s);
      }
    };
    drive(s.sim, rec, (c) => {
      const { at: _at, ...rest } = c;
      s.apply(rest as CommandInput);
    }, to);
    return s;
  }

  // ---- inspection ---------------------------------------------------------------------------------------------------

  /** Live details of a process (by path or pid), or undefined when there is no such process. */
  inspect(ref: string | number): ProcessDetails | undefined {
    const p = typeof ref === 'number' ? this.findPid(ref) : this.sim.pidOf(ref);
    if (!p) return undefined;
    const lab = this.sim.labeler;
    const path = this.spec.pathByNodeId[this.sim.pidNode.get(p.id) ?? ''] ?? null;
    return {
      pid: p.id, path, alive: p.alive, label: fmt(p, lab),
      state: supervisorText(p.state, lab) ?? showState(p.state, lab), // a supervisor: flags and children, not its internals
      mailbox: p.messages().slice(0, 50).map((m) => safeFmt(m, lab)),
      mailboxLength: p.queueLength,
      links: p.linkedTo().map((x) => fmt(x, lab)),
      monitors: p.monitoring().map((x) => fmt(x, lab)),
      trapExit: p.trapping,
      reason: p.alive ? null : safeFmt(p.reason, lab),
    };
  }

  private findPid(id: number): Proc | undefined {
    return this.sim.boundPid(id);
  }
}

/** Load sources are not supervised processes; their processes are bound to `load:<name>`. */
export function loadPath(spec: RuntimeSpec, nodeId: string): string | undefined {
  const l = spec.loadSources.find((x) => x.nodeId === nodeId);
  return l && `load:${l.name}`;
}

/** Every path a run binds, with its node id: the design's processes and the load sources. */
export function runPaths(spec: RuntimeSpec): Record<string, string> {
  const out: Record<string, string> = { ...spec.nodeIdByPath };
  for (const l of spec.loadSources) out[`load:${l.name}`] = l.nodeId;
  return out;
}

function safeFmt(t: unknown, lab: Parameters<typeof fmt>[1]): string {
  try {
    return fmt(t as Term, lab);
  } catch {
    return String(t);
  }
}

/** A process's state for people: a GenServer's own state (not its wrapper), plain objects field by field. */
function showState(state: unknown, lab: Parameters<typeof fmt>[1]): string {
  const gs = state as { mod?: unknown; st?: unknown } | null;
  const v = gs && typeof gs === 'object' && 'mod' in gs && 'st' in gs ? gs.st : state;
  const show = (x: unknown, depth: number): string => {
    if (x && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) {
      if (depth > 2) return '…';
      const parts = Object.entries(x as Record<string, unknown>)
        .filter(([k, y]) => k !== 'env' && typeof y !== 'function')
        .map(([k, y]) => `${k}: ${show(y, depth + 1)}`);
      return `%{${parts.join(', ')}}`;
    }
    return safeFmt(x, lab);
  };
  return show(v, 0);
}

/** The event log's line for a command (runtime/sim/commands.ts). */
export const describe = (c: RunCommand | CommandInput): string => describeCommand(c);
