// A live session's record: every tree the bridge sent and every event, stamped with the time they arrived (ms since
// the attach). The timeline scrubs it: the tree "as it was at t" is the last one received at or before t. It holds
// pids, paths and process info only — never the bridge's token or the node's cookie.
import type { LiveEvent, LiveTree } from '../../bridge/protocol';
import { processesByPath } from './live-design';

export interface LiveFrame { t: number; tree: LiveTree }
export interface RecordedEvent extends LiveEvent {
  /** ms since the attach. */
  t: number;
  /** The path of a command's target (the bridge names commands by pid only). */
  targetPath?: string;
}
export type LiveMarkerKind = 'crash' | 'restart';

export class LiveRecording {
  readonly frames: LiveFrame[] = [];
  readonly events: RecordedEvent[] = [];

  constructor(readonly startedAt: number) {}

  private stamp(now: number) {
    const last = Math.max(this.frames.at(-1)?.t ?? 0, this.events.at(-1)?.t ?? 0);
    return Math.max(last, now - this.startedAt);
  }

  addTree(tree: LiveTree, now: number): void {
    this.frames.push({ t: this.stamp(now), tree });
  }

  addEvents(events: readonly LiveEvent[], now: number): RecordedEvent[] {
    const t = this.stamp(now);
    const latest = this.frames.at(-1)?.tree;
    const byPid = latest ? new Map([...processesByPath(latest)].map(([path, p]) => [p.pid, path])) : new Map<string | null, string>();
    const added = events.map((e): RecordedEvent => ({ ...e, t, ...(e.kind === 'command' && e.pid && byPid.has(e.pid) ? { targetPath: byPid.get(e.pid) } : {}) }));
    this.events.push(...added);
    return added;
  }

  get end(): number {
    return Math.max(this.frames.at(-1)?.t ?? 0, this.events.at(-1)?.t ?? 0);
  }

  /** The tree at `t` (null: the latest). */
  treeAt(t: number | null): LiveTree | undefined {
    if (t === null) return this.frames.at(-1)?.tree;
    let found: LiveFrame | undefined;
    for (const f of this.frames) {
      if (f.t > t) break;
      found = f;
    }
    return (found ?? this.frames[0])?.tree;
  }

  /** Events up to `t` (null: all). */
  eventsUntil(t: number | null): RecordedEvent[] {
    return t === null ? this.events : this.events.filter((e) => e.t <= t);
  }

  /** How often the process at `path` was restarted (a new pid under the same child id) up to `t`. */
  restarts(path: string, t: number | null): number {
    return this.eventsUntil(t).filter((e) => e.kind === 'restarted' && e.path === path).length;
  }

  markers(): { t: number; kind: LiveMarkerKind; event: RecordedEvent }[] {
    return this.events.flatMap((e) => {
      const kind: LiveMarkerKind | null = e.kind === 'command' || e.kind === 'exited' ? 'crash' : e.kind === 'restarted' ? 'restart' : null;
      return kind ? [{ t: e.t, kind, event: e }] : [];
    });
  }
}

/** One event as a line of the live event log. */
export function liveEventText(e: LiveEvent & { targetPath?: string }): string {
  switch (e.kind) {
    case 'command': return `${e.command ?? 'command'} ${e.pid ?? ''}${e.targetPath ? ` (${e.targetPath})` : ''}`;
    case 'restarted': return `restarted ${e.path ?? ''}: ${e.oldPid ?? '?'} → ${e.pid ?? '?'}`;
    case 'started': return `started ${e.path ?? ''} ${e.pid ?? ''}`;
    case 'exited': return `exited ${e.path ?? ''} ${e.pid ?? ''}`;
    default: {
      const never: never = e.kind;
      return String(never);
    }
  }
}
