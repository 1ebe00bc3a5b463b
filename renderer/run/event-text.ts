// Run events in plain language for the event log and the sequence diagram ("http_client called breaker
// {:request, 7} → :ok in 3 ms", "pool_manager restarted http_2 (killed)"); the raw OTP terms stay one click away.
// Pure functions over a TraceStore, so they are tested without a page.
import { isNormalReason, type RunEvent } from './events';
import type { TraceStore, View } from './trace-store';

/** Kinds a plain log hides: bookkeeping that the plain rows already tell (a receive follows its send, a bind follows
 *  its spawn, link/monitor set-up, a reply is told on its call, intensity on the decision). */
export const PLAIN_HIDDEN: ReadonlySet<RunEvent['type']> = new Set(['receive', 'bind', 'link', 'unlink', 'monitor', 'demonitor', 'intensity']);

const PID = /#PID<([^>]*)>/g;
const REF = /#Reference<[^>]*>/;

/** A printed term with pids shown by name (`#PID<http_app/breaker.2>` → `breaker`) and shortened to `max`. */
export function prettyTerm(term: string, max = 60): string {
  const s = term.replace(PID, (_, inner: string) => {
    const name = inner.replace(/\.\d+$/, '');
    return /^\d+\.\d+/.test(inner) ? `#PID<${inner}>` : name.split('/').pop() || name;
  });
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** The short name of a path (`http_app/pool/http_2` → `http_2`). */
const short = (path: string) => path.replace(/^load:/, '').split('/').pop() || path;

/** A message as people say it: a call, a cast, a reply, or the term. */
export function messageKind(msg: string): { kind: 'call'; ref: string; req: string } | { kind: 'cast'; req: string } | { kind: 'reply'; ref: string; value: string } | { kind: 'msg'; value: string } {
  let m = /^\{:"\$gen_call", \{.*?, (#Reference<[^>]*>)\}, ([\s\S]*)\}$/.exec(msg);
  if (m) return { kind: 'call', ref: m[1], req: m[2] };
  m = /^\{:"\$gen_cast", ([\s\S]*)\}$/.exec(msg);
  if (m) return { kind: 'cast', req: m[1] };
  m = /^\{(#Reference<[^>]*>), ([\s\S]*)\}$/.exec(msg);
  if (m) return { kind: 'reply', ref: m[1], value: m[2] };
  return { kind: 'msg', value: msg };
}

export class EventText {
  constructor(private readonly store: TraceStore, private readonly view: () => View | null) {}

  name(pid: number | null): string {
    if (pid === null) return 'the run';
    const p = this.view()?.proc(pid);
    return p?.path ? short(p.path) : p?.label ?? `#${pid}`;
  }

  /** Replies by call ref, indexed incrementally as the trace grows (each event looked at once). */
  private replies = new Map<string, { value: string; t: number }>();
  private indexed = 0;

  /** The reply to a call (its ref), if one came: its value and time. */
  replyTo(ref: string): { value: string; t: number } | null {
    const n = this.store.length;
    for (let j = this.indexed; j < n; j++) {
      if (this.store.typeOf(j) !== 'send') continue;
      const e = this.store.get(j);
      if (e.type !== 'send' || !e.msg.startsWith('{#Reference<')) continue;
      const k = messageKind(e.msg);
      if (k.kind === 'reply' && !this.replies.has(k.ref)) this.replies.set(k.ref, { value: k.value, t: e.t });
    }
    this.indexed = n;
    return this.replies.get(ref) ?? null;
  }

  /** Event `i` as one plain sentence. */
  plain(i: number): string {
    const e = this.store.get(i);
    const n = (p: number | null) => this.name(p);
    switch (e.type) {
      case 'spawn': return e.parent === null ? `${n(e.pid)} started` : `${n(e.parent)} started ${n(e.pid)}`;
      case 'exit': return isNormalReason(e.reason) ? `${n(e.pid)} stopped (${prettyTerm(e.reason)})` : `${n(e.pid)} crashed: ${prettyTerm(e.reason, 120)}`;
      case 'link': return `${n(e.a)} linked to ${n(e.b)}`;
      case 'unlink': return `${n(e.a)} unlinked from ${n(e.b)}`;
      case 'monitor': return `${n(e.watcher)} monitors ${n(e.target)}`;
      case 'demonitor': return `${n(e.watcher)} stopped monitoring ${n(e.target)}`;
      case 'down': return `${n(e.watcher)} got DOWN: ${n(e.target)} exited (${prettyTerm(e.reason)})`;
      case 'signal': {
        const what = e.outcome === 'killed' ? 'killed it' : e.outcome === 'message' ? 'trapped as a message' : e.outcome === 'ignored' ? 'ignored' : e.outcome;
        return `exit signal ${prettyTerm(e.reason)} from ${n(e.from)} to ${n(e.to)} — ${what}`;
      }
      case 'send': {
        const k = messageKind(e.msg);
        if (k.kind === 'call') {
          const r = this.replyTo(k.ref);
          return `${n(e.from)} called ${n(e.to)} ${prettyTerm(k.req)}${r ? ` → ${prettyTerm(r.value)} in ${Math.round(r.t - e.t)} ms` : ' (no reply yet)'}`;
        }
        if (k.kind === 'cast') return `${n(e.from)} cast ${prettyTerm(k.req)} to ${n(e.to)}`;
        if (k.kind === 'reply') return `${n(e.from)} replied ${prettyTerm(k.value)} to ${n(e.to)}`;
        return e.from === null ? `${n(e.to)} got ${prettyTerm(k.value)}` : `${n(e.from)} sent ${prettyTerm(k.value)} to ${n(e.to)}`;
      }
      case 'receive': return `${n(e.pid)} took ${prettyTerm(e.msg)} from its mailbox`;
      case 'restart': {
        const why = e.old !== null ? this.view()?.proc(e.old)?.reason : null;
        return `${n(e.sup)} ${e.old === null && !why ? 'started' : 'restarted'} ${e.child}${why ? ` (${prettyTerm(why).replace(/^:/, '')})` : ''}${e.pid !== null ? ` as #${e.pid}` : ''}`;
      }
      case 'intensity': return `${n(e.sup)} has ${e.restarts} restart${e.restarts === 1 ? '' : 's'} in its window (limit ${e.max} in ${e.period} s)`;
      case 'decision':
        if (e.decision === 'intensity_exceeded') return `${n(e.sup)} gave up: too many restarts (${e.child} exited ${prettyTerm(e.reason)})`;
        if (e.decision === 'no_restart') return `${n(e.sup)} does not restart ${e.child} (${prettyTerm(e.reason)})`;
        if (e.decision === 'start_error') return `${n(e.sup)} could not start ${e.child}: ${prettyTerm(e.reason)}`;
        return `${n(e.sup)} restarts ${e.child} (${e.decision.replace(/^restart_/, '')}; it exited ${prettyTerm(e.reason)})`;
      case 'bind': return `#${e.pid} is ${e.path}`;
      case 'note': return `${short(e.path)}: ${e.event} ${prettyTerm(e.data)}`;
      case 'command': return `you: ${e.text}`;
    }
  }

  /** A sequence diagram's arrow label: short, with the full term for the hover title. */
  arrowLabel(i: number, max = 36): { label: string; full: string } {
    const e = this.store.get(i);
    if (e.type === 'signal') return { label: `EXIT ${prettyTerm(e.reason, max - 8)}`, full: `exit signal ${e.reason} (${e.outcome})` };
    if (e.type !== 'send') return { label: e.type, full: e.type };
    const k = messageKind(e.msg);
    const label = k.kind === 'call' ? `call ${prettyTerm(k.req, max - 5)}` : k.kind === 'cast' ? `cast ${prettyTerm(k.req, max - 5)}`
      : k.kind === 'reply' ? `reply ${prettyTerm(k.value, max - 6)}` : prettyTerm(k.value, max);
    return { label, full: e.msg };
  }
}

export const isReplyMessage = (msg: string): boolean => REF.test(msg) && messageKind(msg).kind === 'reply';
