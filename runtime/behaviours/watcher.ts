// watcher: monitors every process its monitor edges point to (and the one named by its optional `target`
// parameter) and records each DOWN message without dying. Each monitor is made on the target's *name*, as OTP's
// `Process.monitor(name)` does: a target that does not run gives an immediate DOWN with reason `:noproc`. After a
// DOWN it watches that target again once it is back (`rewatch`), since a monitor ends with the process it watched.
// Calls: `:downs` lists `{target, reason}` pairs; `:watching` the targets monitored now (sorted); `{:demonitor, target}`
// removes that monitor (and flushes its DOWN, like `Process.demonitor(ref, [:flush])`) — `true`, or `false` when it
// was not monitoring it; `{:monitor, target}` starts one.
import { Ref, isTagged, list, type Proc, type Term } from '../kernel/index';
import type { Behaviour, BehaviourEnv } from './lib';

interface P {
  target: string;
  rewatch: boolean;
}
interface S {
  env: BehaviourEnv<P>;
  /** Target (its name) → its monitor (null while waiting for the target to come back). */
  watches: Map<string, Ref | null>;
  /** Target name → how to look it up (a monitor edge gives the target's path). */
  refs: Map<string, string>;
  downs: Term[];
}

const RETRY_MS = 20;

const lookupRef = (env: BehaviourEnv<P>, target: string): Proc | undefined => (env.whereName ? env.whereName(target) : env.pidOf(target));
const lookup = (s: S, target: string): Proc | undefined => lookupRef(s.env, s.refs.get(target) ?? target);
/** A target's name: the last part of a path. */
const nameOf = (ref: string) => ref.slice(ref.lastIndexOf('/') + 1);

/** The targets: monitor edges first, then the `target` parameter (once). */
export function watcherTargets(env: BehaviourEnv<{ target?: string }>): string[] {
  const out = [...(env.monitors ?? [])];
  const t = env.params.target;
  if (t && !out.includes(t)) out.push(t);
  return out;
}

/** Monitor `target` by name: a live process gets a monitor; none gives a `:noproc` DOWN at once (OTP's rule). */
function monitorName(s: S, target: string, self: Proc): void {
  const pid = lookup(s, target);
  if (pid && pid.alive) {
    s.watches.set(target, self.monitor(pid));
    return;
  }
  const ref = self.kernel.makeRef();
  s.watches.set(target, ref);
  self.send(self, ['DOWN', ref, 'process', [target, 'nonode@nohost'], 'noproc']);
}

export const watcher: Behaviour<S, P> = {
  init(env, self) {
    const s: S = { env, watches: new Map(), refs: new Map(), downs: [] };
    for (const ref of watcherTargets(env)) {
      s.refs.set(nameOf(ref), ref);
      monitorName(s, nameOf(ref), self);
    }
    return ['ok', s];
  },
  handleCall(req, _from, s, self) {
    if (req === 'downs') return ['reply', list(s.downs), s];
    if (req === 'watching') return ['reply', list([...s.watches].filter(([, r]) => r !== null).map(([t]) => t).sort()), s];
    if (isTagged(req, 'demonitor', 2) && typeof req[1] === 'string') {
      const ref = s.watches.get(req[1]);
      s.watches.delete(req[1]);
      if (!ref) return ['reply', false, s];
      self.demonitor(ref, true);
      s.env.note('demonitor', { target: req[1] });
      return ['reply', true, s];
    }
    if (isTagged(req, 'monitor', 2) && typeof req[1] === 'string') {
      monitorName(s, req[1], self);
      return ['reply', 'ok', s];
    }
    return ['reply', req, s];
  },
  handleInfo(msg, s, self) {
    if (isTagged(msg, '$watch', 2) && typeof msg[1] === 'string') {
      const t = msg[1];
      if (!s.watches.has(t) || s.watches.get(t) !== null) return ['noreply', s]; // demonitored, or watched again
      const pid = lookup(s, t);
      if (pid && pid.alive) s.watches.set(t, self.monitor(pid));
      else self.sendAfter(RETRY_MS, ['$watch', t]);
      return ['noreply', s];
    }
    if (isTagged(msg, 'DOWN', 5) && msg[1] instanceof Ref) {
      const t = [...s.watches].find(([, r]) => r === msg[1])?.[0];
      if (t === undefined) return ['noreply', s];
      s.env.note('down', { target: t, reason: msg[4] });
      if (s.env.params.rewatch) {
        s.watches.set(t, null);
        self.sendAfter(RETRY_MS, ['$watch', t]);
      } else s.watches.delete(t);
      return ['noreply', { ...s, downs: [...s.downs, [t, msg[4]]] }];
    }
    return ['noreply', s];
  },
};
