// A live session's record: every tree the bridge sent and every event it pushed, stamped with the time they arrived
// here (ms since the attach; the bridge's own `t` is kept as `bridgeT`). The timeline scrubs it: the tree "as it was
// at t" is the last one received at or before t. It holds pids, paths and process info only — never the bridge's
// token or the node's cookie.
import type { LiveEvent, LiveTree } from '../../bridge/protocol';
import { processesByPath, procKey } from './live-design';

export interface LiveFrame { t: number; node: string; tree: LiveTree }
export type RecordedEvent = Omit<LiveEvent, 't'> & {
  /** ms since this client attached (events replayed from before the attach: 0). */
  t: number;
  /** ms since the bridge attached (the bridge's clock). */
  bridgeT: number;
  /** The path of a command's target (the bridge names commands by pid). */
  targetPath?: string;
};
export type LiveMarkerKind = 'crash' | 'restart' | 'escalation';

/** An exit that is part of normal life (a clean stop), not a crash. */
const CLEAN = new Set(['normal', ':normal', 'shutdown', ':shutdown']);

export class LiveRecording {
  readonly frames: LiveFrame[] = [];
  readonly events: RecordedEvent[] = [];

  constructor(readonly startedAt: number) {}

  private stamp(now: number) {
    const last = Math.max(this.frames.at(-1)?.t ?? 0, this.events.at(-1)?.t ?? 0);
    return Math.max(last, now - this.startedAt);
  }

  addTree(tree: LiveTree, now: number, node = tree.node): void {
    this.frames.push({ t: this.stamp(now), node, tree });
  }

  addEvents(events: readonly LiveEvent[], now: number, replay = false): RecordedEvent[] {
    const t = replay ? 0 : this.stamp(now);
    const byPid = new Map<string, string>();
    for (const tree of this.treesAt(null)) for (const [path, p] of processesByPath(tree)) if (p.pid) byPid.set(procKey(tree.node, p.pid), path);
    const added = events.map((e): RecordedEvent => {
      const targetPath = e.type === 'command' ? e.path ?? (e.pid ? byPid.get(procKey(e.node, e.pid)) : undefined) : undefined;
      return { ...e, t, bridgeT: e.t, ...(targetPath ? { targetPath } : {}) };
    });
    this.events.push(...added);
    return added;
  }

  get end(): number {
    return Math.max(this.frames.at(-1)?.t ?? 0, this.events.at(-1)?.t ?? 0);
  }

  /** Each node's tree at `t` (null: the latest), in the order the nodes were first seen; a node first seen after `t`
   *  is left out. */
  treesAt(t: number | null): LiveTree[] {
    const out = new Map<string, LiveTree>();
    for (const f of this.frames) {
      if (t !== null && f.t > t) {
        if (out.size === 0) out.set(f.node, f.tree); // before the first tree: show the first
        break;
      }
      out.set(f.node, f.tree);
    }
    return [...out.values()];
  }

  /** The first node's tree at `t`. */
  treeAt(t: number | null): LiveTree | undefined {
    return this.treesAt(t)[0];
  }

  /** Events up to `t` (null: all). */
  eventsUntil(t: number | null): RecordedEvent[] {
    return t === null ? this.events : this.events.filter((e) => e.t <= t);
  }

  /** How often the process `key` (procKey) was restarted (a new pid under the same child id) up to `t`. */
  restarts(key: string, t: number | null): number {
    return this.eventsUntil(t).filter((e) => e.type === 'restart' && e.path !== undefined && procKey(e.node, e.path) === key).length;
  }

  markers(): { t: number; kind: LiveMarkerKind; event: RecordedEvent }[] {
    return this.events.flatMap((e) => {
      const kind: LiveMarkerKind | null =
        e.type === 'command' && (e.command === 'kill' || e.command === 'exit') ? 'crash'
          : e.type === 'exit' && e.path && !CLEAN.has(e.reason ?? '') ? 'crash'
            : e.type === 'restart' ? 'restart'
              : e.type === 'intensity' || e.type === 'nodedown' ? 'escalation' : null;
      return kind ? [{ t: e.t, kind, event: e }] : [];
    });
  }
}

const where = (e: { path?: string }) => (e.path ? ` (${e.path})` : '');

/** One event as a line of the live event log. */
export function liveEventText(e: RecordedEvent | (LiveEvent & { targetPath?: string })): string {
  switch (e.type) {
    case 'command': {
      const path = e.targetPath ?? e.path;
      const extra = e.command === 'exit' ? ` with ${e.reason ?? ':boom'}` : e.message !== undefined ? ` ${e.message}` : '';
      return `${e.command ?? 'command'} ${e.pid ?? e.target ?? ''}${path ? ` (${path})` : ''}${extra}`;
    }
    case 'restart': return `restart ${e.path ?? e.child ?? ''}: ${e.old ?? '?'} → ${e.pid ?? '?'}`;
    case 'spawn': return `spawn ${e.pid ?? ''}${e.label ? ` ${e.label}` : ''}${where(e)}${e.parent ? ` by ${e.parent}` : ''}`;
    case 'exit': return `exit ${e.pid ?? ''}${where(e)} ${e.reason ?? ''}`.trimEnd();
    case 'child_terminated': return `${e.supName ?? e.sup ?? 'supervisor'}: child ${e.child ?? '?'} ${e.pid ?? ''} terminated with ${e.reason ?? '?'}${e.restart ? ` (${e.restart})` : ''}`;
    case 'child_started': return `${e.supName ?? e.sup ?? 'supervisor'}: started child ${e.child ?? '?'} ${e.pid ?? ''}`;
    case 'intensity': return `${e.supName ?? e.sup ?? 'supervisor'} gave up: ${e.reason ?? 'reached_max_restart_intensity'} (last: ${e.child ?? '?'})`;
    case 'start_error': case 'shutdown_error': case 'supervisor_report':
      return `${e.supName ?? e.sup ?? 'supervisor'}: ${e.type.replace('_', ' ')} ${e.child ?? ''} ${e.reason ?? ''}`.trimEnd();
    case 'nodeup': return `node ${e.node} up${e.seenBy ? ` (seen by ${e.seenBy})` : ''}`;
    case 'nodedown': return `node ${e.node} down${e.seenBy ? ` (seen by ${e.seenBy})` : ''}`;
    case 'dropped': return `${e.count ?? '?'} events not reported (too many at once)`;
    default: {
      const never: never = e.type;
      return String(never);
    }
  }
}
