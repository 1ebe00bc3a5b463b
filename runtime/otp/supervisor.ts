// Supervisor and DynamicSupervisor as GenServer modules, following OTP 25's supervisor.erl and Elixir's
// DynamicSupervisor (see ../shared/otp-semantics.md). Children are kept in a doubly linked list in start order plus
// maps by id and by pid, so a one_for_one restart touches only the failed child (no scan of all children).
import {
  ErlError, Later, List, Op, STACK, TIMEOUT, exitReasonOf, fmt, isPid, kont, list, sequence, resolveK,
  type K, type Kernel, type Proc, type Ref, type Term,
} from '../kernel/index';
import { GenServer, type GenServerModule, type ServerRef, type StartOptions, type From } from './genserver';

export type RestartType = 'permanent' | 'transient' | 'temporary';
export type Shutdown = number | 'brutal_kill' | 'infinity';
export type ChildType = 'worker' | 'supervisor';
export type Strategy = 'one_for_one' | 'one_for_all' | 'rest_for_one';

export interface ChildSpec {
  id: Term;
  /** Starts the child linked to the supervisor (run inside the supervisor), e.g. `() => GenServer.startLink(W, arg)`.
   *  Resolves to `{:ok, pid}`, `{:ok, pid, info}`, `:ignore` or `{:error, reason}`. Dynamic supervisors pass
   *  their `extraArguments` first. */
  start: (...extra: Term[]) => Later<Term>;
  restart?: RestartType;
  shutdown?: Shutdown;
  type?: ChildType;
  significant?: boolean;
  modules?: Term;
  /** The `{module, function, args}` shown in the child record that a failed static `start_child` returns
   *  (`{:error, {reason, {:child, :undefined, id, mfargs, ...}}}`); default `:undefined` (a start here is a function). */
  mfargs?: Term;
}

export interface SupervisorFlags {
  strategy?: Strategy;
  maxRestarts?: number;
  maxSeconds?: number;
  autoShutdown?: 'never' | 'any_significant' | 'all_significant';
}

export interface SupervisorInit extends SupervisorFlags {
  children: readonly ChildSpec[];
}

export interface DynamicSupervisorInit {
  maxChildren?: number;
  maxRestarts?: number;
  maxSeconds?: number;
  extraArguments?: readonly Term[];
  /** Terms that override the flags as a callback module's init would return them (`strategy`, `intensity`,
   *  `period`, `max_children`, `extra_arguments`); checked as Elixir's DynamicSupervisor checks them. */
  flags?: Readonly<Record<string, Term>>;
  /** A callback module's init result other than `{:ok, flags}`: `'ignore'`, or any term (a bad return, reported
   *  with `module`). */
  initResult?: Term;
  module?: string;
  /** Runs first in the new supervisor process, where a callback module's init would run. */
  atInit?: (self: Proc) => void;
}

const RESTARTING = 'restarting';
const FUNCTION_CLAUSE = new ErlError('error', 'function_clause');

interface Child {
  id: Term;
  key: string;
  spec: Required<Omit<ChildSpec, 'significant' | 'modules' | 'mfargs'>> & { significant: boolean; modules: Term; mfargs: Term };
  pid: Proc | null | typeof RESTARTING;
  /** The pid number of the process this child ran before it went down, until its restart is traced (`old=`). */
  old: number | null;
  prev: Child | null;
  next: Child | null;
  /** the supervisor state holding this record (to tell whose record a process's supRec slot holds) */
  sup: SupState;
}

interface SupState {
  dynamic: boolean;
  strategy: Strategy;
  intensity: number;
  period: number;
  autoShutdown: 'never' | 'any_significant' | 'all_significant';
  restarts: number[];
  restartsHead: number;
  byKey: Map<string, Child>;
  byPid: Map<Proc, Child>;
  first: Child | null;
  last: Child | null;
  count: number;
  maxChildren: number;
  extra: readonly Term[];
}

const keyOf = (id: Term): string => (typeof id === 'string' ? id : '\u0000' + fmt(id));

function normalize(c: ChildSpec): Child['spec'] {
  const type = c.type ?? 'worker';
  return {
    id: c.id,
    start: c.start,
    restart: c.restart ?? 'permanent',
    shutdown: c.shutdown ?? (type === 'supervisor' ? 'infinity' : 5000),
    type,
    significant: c.significant ?? false,
    modules: c.modules ?? list([]),
    mfargs: c.mfargs ?? 'undefined',
  };
}

/** supervisor.erl's #child record as a failed static start_child returns it (the child is not kept: pid undefined). */
function childRecord(c: Child): Term {
  const sp = c.spec;
  return ['child', 'undefined', c.id, sp.mfargs, sp.restart, sp.significant, sp.shutdown, sp.type, sp.modules];
}

/** supervisor.erl's check_childspec (the checks that apply here), in its order; `autoShutdown` is the static
 *  supervisor's flag (null for a dynamic supervisor, which does not check `significant`). */
function validate(c: ChildSpec, autoShutdown: SupState['autoShutdown'] | null = null): void {
  // a spec built from untrusted terms may lack fields or hold any term in them (supervisor.erl do_check_childspec)
  if (!('id' in c)) throw new ErlError('error', 'missing_id');
  if (!('start' in c) || c.start === undefined) throw new ErlError('error', 'missing_start');
  if (typeof c.start !== 'function') throw new ErlError('error', ['invalid_mfa', c.start as unknown as Term]);
  if (c.restart !== undefined && !['permanent', 'transient', 'temporary'].includes(c.restart)) throw new ErlError('error', ['invalid_restart_type', c.restart]);
  const sig = c.significant as Term | undefined;
  if (autoShutdown !== null && sig !== undefined) {
    if (sig === true && autoShutdown === 'never') throw new ErlError('error', ['bad_combination', list([['auto_shutdown', 'never'], ['significant', true]])]);
    if (sig === true && (c.restart ?? 'permanent') === 'permanent') throw new ErlError('error', ['bad_combination', list([['restart', 'permanent'], ['significant', true]])]);
    if (typeof sig !== 'boolean') throw new ErlError('error', ['invalid_significant', sig]);
  }
  if (c.type !== undefined && c.type !== 'worker' && c.type !== 'supervisor') throw new ErlError('error', ['invalid_child_type', c.type as Term]);
  if (c.shutdown !== undefined && !(Number.isInteger(c.shutdown) && (c.shutdown as number) >= 0) && c.shutdown !== 'brutal_kill' && c.shutdown !== 'infinity')
    throw new ErlError('error', ['invalid_shutdown', c.shutdown as Term]);
  const mods = c.modules;
  if (mods !== undefined && mods !== 'dynamic') {
    if (!(mods instanceof List)) throw new ErlError('error', ['invalid_modules', mods]);
    for (const m of mods.items) if (typeof m !== 'string' && typeof m !== 'boolean' && m !== null) throw new ErlError('error', ['invalid_module', m]);
  }
}

/** supervisor:check_childspecs/1: `:ok` or `{:error, reason}` (the first invalid spec, or a duplicate id). */
export function checkChildspecs(specs: readonly ChildSpec[]): Term {
  const seen = new Set<string>();
  for (const c of specs) {
    try {
      validate(c, 'never');
    } catch (e) {
      if (e instanceof ErlError) return ['error', e.value];
      throw e;
    }
    const key = keyOf(c.id);
    if (seen.has(key)) return ['error', ['duplicate_child_name', c.id]];
    seen.add(key);
  }
  return 'ok';
}

/** The reply of a successful start: `{:ok, pid}` (`:undefined` for ignore) or `{:ok, pid, info}`. */
function okReply(o: StartOutcome & { ok: true }): Term {
  return o.info !== undefined ? ['ok', o.pid ?? 'undefined', o.info] : ['ok', o.pid ?? 'undefined'];
}

/** get_childspec's map (without `start`: a start here is a function, not an MFA). */
function childToSpec(c: Child): Term {
  const sp = c.spec;
  return new Map<Term, Term>([
    ['id', c.id], ['restart', sp.restart], ['significant', sp.significant], ['shutdown', sp.shutdown], ['type', sp.type], ['modules', sp.modules],
  ]);
}

/** supervisor.erl check_flags: strategy, intensity, period, auto_shutdown, in that order; the reason or null. */
function checkFlags(f: SupervisorFlags): Term | null {
  const strategy = (f.strategy ?? 'one_for_one') as Term;
  if (strategy !== 'one_for_one' && strategy !== 'one_for_all' && strategy !== 'rest_for_one') return ['invalid_strategy', strategy];
  const mr = (f.maxRestarts ?? 3) as Term;
  if (!(Number.isInteger(mr) && (mr as number) >= 0)) return ['invalid_intensity', mr];
  const ms = (f.maxSeconds ?? 5) as Term;
  if (!(Number.isInteger(ms) && (ms as number) > 0)) return ['invalid_period', ms];
  const as = (f.autoShutdown ?? 'never') as Term;
  if (as !== 'never' && as !== 'any_significant' && as !== 'all_significant') return ['invalid_auto_shutdown', as];
  return null;
}

// ---- child list -----------------------------------------------------------------------------------------------------

function append(s: SupState, c: Child): void {
  c.prev = s.last;
  c.next = null;
  if (s.last) s.last.next = c;
  else s.first = c;
  s.last = c;
  s.byKey.set(c.key, c);
  s.count++;
}

function removeChild(s: SupState, c: Child): void {
  if (c.prev) c.prev.next = c.next;
  else s.first = c.next;
  if (c.next) c.next.prev = c.prev;
  else s.last = c.prev;
  c.prev = c.next = null;
  if (s.byKey.get(c.key) === c) s.byKey.delete(c.key);
  if (isPid(c.pid)) forgetPid(s, c.pid as Proc);
  s.count--;
}

function setPid(s: SupState, c: Child, pid: Proc | null | typeof RESTARTING): void {
  if (isPid(c.pid)) forgetPid(s, c.pid as Proc);
  c.pid = pid;
  if (isPid(pid)) {
    mapPid(s, pid as Proc, c);
    // a dynamic child is keyed by its current pid (Elixir's DynamicSupervisor keeps a child whose restart failed
    // under the pid it had, so terminate_child(sup, that_pid) still finds it)
    if (s.dynamic && c.key !== '' && s.byKey.get(c.key) === c) {
      s.byKey.delete(c.key);
      c.key = '\u0001' + (pid as Proc).id;
      s.byKey.set(c.key, c);
    }
  }
}

// The pid → child table of a supervisor, as if it were one Map: an entry lives in the process's own supRec slot when
// the slot is free or already this supervisor's (the usual case: a pointer read, no hashing, whatever the number of
// children), else in `byPid` (a process whose slot another supervisor holds). The two never hold the same pid.
function slotOf(s: SupState, pid: Proc): Child | null {
  const r = pid.supRec as Child | null;
  return r !== null && r.sup === s ? r : null;
}
function childOf(s: SupState, pid: Proc): Child | undefined {
  const r = pid.supRec as Child | null;
  if (r !== null && r.sup === s) return r;
  return s.byPid.size === 0 ? undefined : s.byPid.get(pid);
}
function mapPid(s: SupState, pid: Proc, c: Child): void {
  if (slotOf(s, pid) !== null || (pid.supRec === null && (s.byPid.size === 0 || !s.byPid.has(pid)))) pid.supRec = c;
  else s.byPid.set(pid, c);
}
function forgetPid(s: SupState, pid: Proc): void {
  if (slotOf(s, pid) !== null) pid.supRec = null;
  else s.byPid.delete(pid);
}

/** @internal (tests) The pids a supervisor currently maps to a child, in child order. */
export function supervisedPids(sup: Proc): Proc[] {
  const s = (sup.state as { st?: SupState } | undefined)?.st;
  const out: Proc[] = [];
  if (!s) return out;
  const seen = new Set<Proc>();
  for (let c = s.first; c; c = c.next) {
    const p = c.pid;
    if (isPid(p) && !seen.has(p as Proc) && childOf(s, p as Proc) !== undefined) {
      seen.add(p as Proc);
      out.push(p as Proc);
    }
  }
  return out;
}

// ---- starting and stopping children -------------------------------------------------------------------------------

type StartOutcome = { ok: true; pid: Proc | null; info?: Term } | { ok: false; reason: Term };

/** What a child start function returned: the pid (null for `:ignore` or `{:ok, :undefined}`), or NOT_STARTED. */
const NOT_STARTED = 'not_started' as const;
function startedPid(res: Term): Proc | null | typeof NOT_STARTED {
  if (Array.isArray(res) && res[0] === 'ok' && (res.length === 2 || res.length === 3) && (isPid(res[1]) || res[1] === 'undefined'))
    return isPid(res[1]) ? (res[1] as Proc) : null;
  if (res === 'ignore') return null;
  return NOT_STARTED;
}
/** The reason of a start result that is not a start. */
function startError(res: Term): Term {
  return Array.isArray(res) && res[0] === 'error' && res.length === 2 ? res[1] : res;
}
/**
 * What a start function that raised `e` amounts to, as the supervisor catches it (checked against OTP 25 in
 * runtime/conformance/extra/scenarios/39, 40): a static supervisor's `catch apply(M, F, A)` (supervisor.erl
 * do_start_child_i) turns an error into `{:EXIT, {exception, stack}}`, an exit into `{:EXIT, reason}` and a throw into
 * the thrown value *as the start's return value*; a DynamicSupervisor (dynamic_supervisor.ex start_child) gives
 * `{exception, stack}`, the exit reason, or `{{:nocatch, value}, stack}`. Anything that is not an Erlang-style error
 * (a bug in host code, the kernel's unwind) is re-raised: undefined.
 */
function startRaised(s: SupState, e: unknown): { result: Term } | undefined {
  if (!(e instanceof ErlError)) return undefined;
  if (s.dynamic) return { result: ['error', exitReasonOf(e)] };
  switch (e.kind) {
    case 'throw': return { result: e.value };
    case 'exit': return { result: ['error', ['EXIT', e.value]] };
    case 'error': return { result: ['error', ['EXIT', [e.value, STACK]]] };
  }
}

function doStart(s: SupState, c: Child): Later<StartOutcome> {
  return new Op<StartOutcome>((self, k) => {
    const outcome = (res: Term): unknown => {
      const pid = startedPid(res);
      // {:ok, pid, info}: the info comes back from start_child / restart_child unchanged
      if (pid !== NOT_STARTED) return k(Array.isArray(res) && res.length === 3 ? { ok: true, pid, info: res[2] } : { ok: true, pid });
      return k({ ok: false, reason: startError(res) });
    };
    const raised = (e: unknown): unknown => {
      const r = startRaised(s, e);
      if (r === undefined) throw e;
      return outcome(r.result);
    };
    let r: Later<Term>;
    try {
      r = s.dynamic ? c.spec.start(...s.extra) : c.spec.start();
    } catch (e) {
      return raised(e);
    }
    resolveK(self, r, kont(outcome, raised));
  });
}

/** OTP shutdown/2: monitor, unlink, then `:shutdown` (kill after the timeout) or `:kill` at once; wait for DOWN. */
function shutdownChild(s: SupState, c: Child): Later<void> {
  return new Op<void>((self, k) => {
    const pid = c.pid;
    if (!isPid(pid)) return k(undefined);
    const p = pid as Proc;
    c.old = p.id;
    setPid(s, c, null);
    self.kernel.removeMessages(self, (m) => Array.isArray(m) && m[0] === 'EXIT' && m[1] === p);
    self.kernel.markMailbox(self);
    const mref = self.monitor(p);
    self.unlink(p);
    const isDown = (m: Term): boolean => Array.isArray(m) && m[0] === 'DOWN' && m[1] === mref;
    const waitKill = (): void => self.kernel.waitFor(self, isDown, Infinity, () => k(undefined), true);
    const sh = c.spec.shutdown;
    if (sh === 'brutal_kill') {
      self.exitSignal(p, 'kill');
      return waitKill();
    }
    self.exitSignal(p, 'shutdown');
    self.kernel.waitFor(self, isDown, sh === 'infinity' ? Infinity : sh, (m: unknown) => {
      if (m !== TIMEOUT) return k(undefined);
      self.exitSignal(p, 'kill');
      waitKill();
    }, true);
  });
}

/** Stop children (given newest first) one at a time; temporary ones are removed, the others keep their spec. */
function terminateChildren(s: SupState, children: Child[]): Later<void> {
  return sequence(
    children.map((c) => () =>
      shutdownChild(s, c).then(() => {
        if (c.spec.restart === 'temporary') removeChild(s, c);
      }),
    ),
  ).then(() => undefined);
}

/** DynamicSupervisor: stop all children concurrently; each is killed when its own shutdown time passes. */
function terminateAllConcurrently(s: SupState): Later<void> {
  return new Op<void>((self, k) => {
    const pending = new Map<Ref, Child>();
    const timers: ReturnType<Proc['sendAfter']>[] = [];
    for (let c = s.first; c; c = c.next) {
      if (!isPid(c.pid)) continue;
      const p = c.pid as Proc;
      const mref = self.monitor(p);
      self.unlink(p);
      pending.set(mref, c);
    }
    self.kernel.removeMessages(self, (m) => Array.isArray(m) && m[0] === 'EXIT' && isPid(m[1]) && childOf(s, m[1] as Proc) !== undefined);
    for (const [mref, c] of pending) {
      const p = c.pid as Proc;
      const sh = c.spec.shutdown;
      self.exitSignal(p, sh === 'brutal_kill' ? 'kill' : 'shutdown');
      if (typeof sh === 'number') timers.push(self.sendAfter(sh, ['$dsup_kill', mref]));
    }
    const loop = (): void => {
      if (pending.size === 0) {
        for (const t of timers) self.cancelTimer(t);
        for (let c = s.first; c; c = c.next) setPid(s, c, null);
        return void k(undefined);
      }
      self.kernel.waitFor(
        self,
        (m) => Array.isArray(m) && ((m[0] === 'DOWN' && pending.has(m[1] as Ref)) || (m[0] === '$dsup_kill' && m.length === 2)),
        Infinity,
        (m: Term[]) => {
          const c = pending.get(m[1] as Ref);
          if (m[0] === 'DOWN') pending.delete(m[1] as Ref);
          else if (c && isPid(c.pid)) self.exitSignal(c.pid as Proc, 'kill');
          loop();
        },
      );
    };
    loop();
  });
}

function allChildrenNewestFirst(s: SupState): Child[] {
  const out: Child[] = [];
  for (let c = s.last; c; c = c.prev) out.push(c);
  return out;
}

// ---- intensity ------------------------------------------------------------------------------------------------------

/** OTP add_restart: restart times in whole seconds; one counts while now - then <= period. */
function addRestart(self: Proc, s: SupState): boolean {
  const now = Math.floor(self.kernel.now() / 1000);
  s.restarts.push(now);
  while (s.restartsHead < s.restarts.length && now - s.restarts[s.restartsHead] > s.period) s.restartsHead++;
  if (s.restartsHead > 64 && s.restartsHead * 2 > s.restarts.length) {
    s.restarts = s.restarts.slice(s.restartsHead);
    s.restartsHead = 0;
  }
  const n = s.restarts.length - s.restartsHead;
  if (self.kernel.tracing) self.kernel.emit({ type: 'intensity', sup: self.id, restarts: n, max: s.intensity, period: s.period });
  return n <= s.intensity;
}

function decision(self: Proc, decisionText: string, child: Term, reason: Term): void {
  if (self.kernel.tracing) self.kernel.emit({ type: 'decision', sup: self.id, decision: decisionText, child, reason });
}

function isNormalExit(r: Term): boolean {
  return r === 'normal' || r === 'shutdown' || (Array.isArray(r) && r.length === 2 && r[0] === 'shutdown');
}

// ---- restarts -----------------------------------------------------------------------------------------------------


interface Failed {
  c: Child;
  reason: Term;
}

function startChildren(s: SupState, list_: Child[]): Later<Failed | null> {
  // start in order; stop at the first failure and return the failed child with its reason
  return new Op<Failed | null>((self, k) => {
    const next = (i: number): void => {
      if (i === list_.length) return void k(null);
      const c = list_[i];
      doStart(s, c).run(self, kont((o: StartOutcome) => {
        if (o.ok) {
          if (o.pid === null && c.spec.restart === 'temporary') removeChild(s, c);
          else setPid(s, c, o.pid);
          if (self.kernel.tracing && o.pid) self.kernel.emit({ type: 'restart', sup: self.id, child: c.id, old: c.old, pid: o.pid.id });
          c.old = null;
          return next(i + 1);
        }
        k({ c, reason: o.reason });
      }));
    };
    next(0);
  });
}

/**
 * one_for_one (and dynamic) restart of `c`, the hot path of a restart storm: start it again and resolve to
 * `{:noreply, s}`; if the start fails, leave it :restarting and cast try_again_restart to self. One Later and one
 * continuation closure per restart (the general path below builds an Op, a Then and their continuations).
 */
class RestartOneL extends Later<Term> {
  constructor(
    readonly s: SupState,
    readonly c: Child,
  ) {
    super();
  }
  run(self: Proc, k: K<Term>): void {
    const s = this.s, c = this.c;
    let r: Later<Term>;
    try {
      r = s.dynamic ? c.spec.start(...s.extra) : c.spec.start();
    } catch (e) {
      const raised = startRaised(s, e);
      if (raised === undefined) throw e;
      restarted(self, s, c, raised.result);
      k(['noreply', s] as any);
      return;
    }
    // A start raises in the supervisor only before it blocks (GenServer's name lookup: StartL fails its continuation,
    // which has no fail handler here, so failK throws). `returned` tells that apart from an exception after the start
    // returned (in the code the continuation runs), which is not the start's to catch. No second closure per restart.
    let returned = false;
    try {
      resolveK(self, r, (res: Term) => {
        returned = true;
        restarted(self, s, c, res);
        return k(['noreply', s] as any);
      });
    } catch (e) {
      const raised = returned ? undefined : startRaised(s, e);
      if (raised === undefined) throw e;
      restarted(self, s, c, raised.result);
      k(['noreply', s] as any);
    }
  }
}

/** A one_for_one restart's start returned `res`. A DynamicSupervisor deletes a child whose restart returned :ignore
 *  (dynamic_supervisor.ex: `:ignore -> {:ok, delete_child(pid, state)}`); a static supervisor keeps it, not running. */
function restarted(self: Proc, s: SupState, c: Child, res: Term): void {
  const pid = startedPid(res);
  if (pid === NOT_STARTED) return restartFailed(self, s, c, startError(res));
  if (self.kernel.tracing) self.kernel.emit({ type: 'restart', sup: self.id, child: c.id, old: c.old, pid: pid ? pid.id : null });
  c.old = null;
  if (pid === null && s.dynamic) removeChild(s, c);
  else setPid(s, c, pid);
}

function restartFailed(self: Proc, s: SupState, c: Child, reason: Term): void {
  decision(self, 'start_error', c.id, reason);
  setPid(s, c, RESTARTING);
  self.send(self, ['$gen_cast', ['try_again_restart', c.key]]);
}

/** Restart `c` per strategy (one_for_all, rest_for_one). Resolves to the id to try again (a start failed) or null. */
function restartByStrategy(s: SupState, c: Child): Later<Child | null> {
  return new Op<Child | null>((self, k) => {
    // one_for_all: every child; rest_for_one: c and the ones started after it
    const affected: Child[] = [];
    if (s.strategy === 'one_for_all') for (let x = s.first; x; x = x.next) affected.push(x);
    else for (let x: Child | null = c; x; x = x.next) affected.push(x);
    setPid(s, c, null);
    terminateChildren(s, affected.slice().reverse()).run(self, kont(() => {
      const toStart: Child[] = [];
      for (const x of affected) if (s.byKey.get(x.key) === x) toStart.push(x);
      startChildren(s, toStart).run(self, kont((failed: Failed | null) => {
        if (failed) setPid(s, failed.c, RESTARTING);
        k(failed ? failed.c : null);
      }));
    }));
  });
}

function doRestart(self: Proc, s: SupState, c: Child, reason: Term): Later<Term> {
  if (!addRestart(self, s)) {
    decision(self, 'intensity_exceeded', c.id, reason);
    removeChild(s, c);
    return Later.of(['stop', 'shutdown', s] as any);
  }
  if (self.kernel.tracing) decision(self, `restart_${s.dynamic ? 'one_for_one' : s.strategy}`, c.id, reason);
  if (s.strategy === 'one_for_one' || s.dynamic) return new RestartOneL(s, c);
  return restartByStrategy(s, c).then((failed) => {
    if (failed) self.send(self, ['$gen_cast', ['try_again_restart', failed.key]]);
    return ['noreply', s] as any;
  });
}

function onChildExit(self: Proc, s: SupState, c: Child, reason: Term): any {
  if (isPid(c.pid)) c.old = (c.pid as Proc).id;
  setPid(s, c, null);
  const r = c.spec.restart;
  if (r === 'temporary' || (r === 'transient' && isNormalExit(reason))) {
    decision(self, 'no_restart', c.id, reason);
    if (r === 'temporary' || s.dynamic) removeChild(s, c);
    if (c.spec.significant && s.autoShutdown !== 'never') {
      // all_significant: a significant child still counts while it has a pid or is :restarting (OTP: pid =/= undefined)
      let anySignificant = false;
      for (let x = s.first; x; x = x.next) if (x.spec.significant && x.pid !== null) anySignificant = true;
      if (s.autoShutdown === 'any_significant' || !anySignificant) return ['stop', 'shutdown', s];
    }
    return ['noreply', s];
  }
  return doRestart(self, s, c, reason);
}

// ---- the GenServer modules ------------------------------------------------------------------------------------------

/** A supervisor's init: its flags and children, or `'ignore'`; anything else is a bad return (`{:bad_return, {module,
 *  :init, term}}`), as supervisor.erl treats a callback module's junk. */
type InitFn = (arg: any, self: Proc) => SupervisorInit | 'ignore' | Term;

function whichChildren(s: SupState): Term {
  const out: Term[] = [];
  for (let c = s.last; c; c = c.prev) {
    const pid: Term = isPid(c.pid) ? (c.pid as Proc) : c.pid === RESTARTING ? 'restarting' : 'undefined';
    out.push([s.dynamic ? 'undefined' : c.id, pid, c.spec.type, c.spec.modules]);
  }
  return list(s.dynamic ? out.reverse() : out);
}

function countChildren(s: SupState): Term {
  let active = 0, sups = 0, workers = 0;
  for (let c = s.first; c; c = c.next) {
    // supervisor.erl count_child: `is_pid(Pid) andalso is_process_alive(Pid)` (a child that unlinked itself and died
    // is still listed with its pid, but not active); Elixir's DynamicSupervisor counts every child it holds
    if (isPid(c.pid) && (s.dynamic || (c.pid as Proc).alive)) active++;
    if (c.spec.type === 'supervisor') sups++;
    else workers++;
  }
  return new Map<Term, Term>([['specs', s.count], ['active', active], ['supervisors', sups], ['workers', workers]]);
}

const isSupInit = (x: unknown): x is SupervisorInit =>
  typeof x === 'object' && x !== null && !Array.isArray(x) && Array.isArray((x as SupervisorInit).children);

const SupervisorMod: GenServerModule<SupState, { init: InitFn; arg: unknown; module: string }> = {
  init({ init, arg, module }, self) {
    self.trapExit(true);
    const spec = init(arg, self);
    if (spec === 'ignore') return 'ignore';
    if (!isSupInit(spec)) return ['stop', ['bad_return', [module, 'init', spec as Term]]];
    const bad = checkFlags(spec);
    if (bad !== null) return ['stop', ['supervisor_data', bad]];
    const s: SupState = {
      dynamic: false,
      strategy: spec.strategy ?? 'one_for_one',
      intensity: spec.maxRestarts ?? 3,
      period: spec.maxSeconds ?? 5,
      autoShutdown: spec.autoShutdown ?? 'never',
      restarts: [],
      restartsHead: 0,
      byKey: new Map(),
      byPid: new Map(),
      first: null,
      last: null,
      count: 0,
      maxChildren: Infinity,
      extra: [],
    };
    const children: Child[] = [];
    for (const cs of spec.children) {
      try {
        validate(cs, s.autoShutdown);
      } catch (e) {
        if (e instanceof ErlError) return ['stop', ['start_spec', e.value]];
        throw e;
      }
      const c: Child = { id: cs.id, key: keyOf(cs.id), spec: normalize(cs), pid: null, old: null, prev: null, next: null, sup: s };
      if (s.byKey.has(c.key)) return ['stop', ['start_spec', ['duplicate_child_name', cs.id]]];
      append(s, c);
      children.push(c);
    }
    return startChildren(s, children).then((failed): any => {
      if (!failed) return ['ok', s] as const;
      const started = children.slice(0, children.indexOf(failed.c)).reverse();
      return terminateChildren(s, started).then(
        () => ['stop', ['shutdown', ['failed_to_start_child', failed.c.id, failed.reason]]] as const,
      );
    });
  },

  handleCall(req, _from: From, s) {
    const op = Array.isArray(req) ? req[0] : req;
    switch (op) {
      case 'which_children':
        return ['reply', whichChildren(s), s];
      case 'count_children':
        return ['reply', countChildren(s), s];
      case 'terminate_child': {
        const target = (req as Term[])[1];
        if (s.dynamic) {
          let c = isPid(target) ? childOf(s, target as Proc) : undefined;
          if (!c && isPid(target)) {
            const r = s.byKey.get('\u0001' + (target as Proc).id);
            if (r && r.pid === RESTARTING) c = r; // in a failing restart loop, known by its last pid
          }
          if (!c) return ['reply', ['error', 'not_found'], s];
          return shutdownChild(s, c).then(() => {
            removeChild(s, c);
            return ['reply', 'ok', s] as const;
          });
        }
        const c = s.byKey.get(keyOf(target));
        if (!c) return ['reply', ['error', 'not_found'], s];
        return shutdownChild(s, c).then(() => {
          if (c.spec.restart === 'temporary') removeChild(s, c);
          else setPid(s, c, null); // also a child waiting to be restarted (OTP's del_child)
          return ['reply', 'ok', s] as const;
        });
      }
      case 'restart_child': {
        if (s.dynamic) throw FUNCTION_CLAUSE;
        const c = s.byKey.get(keyOf((req as Term[])[1]));
        if (!c) return ['reply', ['error', 'not_found'], s];
        if (c.pid === RESTARTING) return ['reply', ['error', 'restarting'], s];
        if (c.pid !== null) return ['reply', ['error', 'running'], s];
        return doStart(s, c).then((o) => {
          if (!o.ok) return ['reply', ['error', o.reason], s] as const;
          setPid(s, c, o.pid);
          return ['reply', okReply(o), s] as const;
        });
      }
      case 'get_childspec': {
        if (s.dynamic) throw FUNCTION_CLAUSE;
        const c = s.byKey.get(keyOf((req as Term[])[1]));
        if (!c) return ['reply', ['error', 'not_found'], s];
        return ['reply', ['ok', childToSpec(c)], s];
      }
      case 'delete_child': {
        if (s.dynamic) throw FUNCTION_CLAUSE;
        const c = s.byKey.get(keyOf((req as Term[])[1]));
        if (!c) return ['reply', ['error', 'not_found'], s];
        if (c.pid === RESTARTING) return ['reply', ['error', 'restarting'], s];
        if (c.pid !== null) return ['reply', ['error', 'running'], s];
        removeChild(s, c);
        return ['reply', 'ok', s];
      }
      case 'start_child': {
        const cs = (req as Term[])[1] as unknown as ChildSpec;
        try {
          validate(cs, s.dynamic ? null : s.autoShutdown);
        } catch (e) {
          return ['reply', ['error', (e as ErlError).value], s];
        }
        if (s.dynamic) {
          if (s.count >= s.maxChildren) return ['reply', ['error', 'max_children'], s];
          const c: Child = { id: cs.id, key: '', spec: normalize(cs), pid: null, old: null, prev: null, next: null, sup: s };
          return doStart(s, c).then((o) => {
            if (!o.ok) return ['reply', ['error', o.reason], s] as const;
            if (o.pid === null) return ['reply', 'ignore', s] as const;
            c.key = '\u0001' + o.pid.id;
            append(s, c);
            setPid(s, c, o.pid);
            return ['reply', okReply(o), s] as const;
          });
        }
        const key = keyOf(cs.id);
        const old = s.byKey.get(key);
        if (old) return ['reply', ['error', isPid(old.pid) ? ['already_started', old.pid as Proc] : 'already_present'], s];
        const c: Child = { id: cs.id, key, spec: normalize(cs), pid: null, old: null, prev: null, next: null, sup: s };
        return doStart(s, c).then((o) => {
          // supervisor.erl handle_start_child: {error, What} -> {{error, {What, Child}}, State}
          if (!o.ok) return ['reply', ['error', [o.reason, childRecord(c)]], s] as const;
          if (o.pid !== null || c.spec.restart !== 'temporary') {
            append(s, c);
            setPid(s, c, o.pid);
          }
          return ['reply', okReply(o), s] as const;
        });
      }
    }
    // supervisor.erl and DynamicSupervisor have no catch-all clause: an unknown request crashes the supervisor
    throw FUNCTION_CLAUSE;
  },

  handleCast(req, s, self) {
    if (Array.isArray(req) && req[0] === 'try_again_restart') {
      const c = s.byKey.get(req[1] as string);
      if (c && c.pid === RESTARTING) return doRestart(self, s, c, 'try_again') as Later<any>;
      return ['noreply', s];
    }
    // supervisor.erl crashes on an unknown cast (function_clause); Elixir's DynamicSupervisor ignores it
    if (!s.dynamic) throw FUNCTION_CLAUSE;
    return ['noreply', s];
  },

  handleInfo(msg, s, self) {
    if (Array.isArray(msg) && msg[0] === 'EXIT' && msg.length === 3) {
      const c = isPid(msg[1]) ? childOf(s, msg[1] as Proc) : undefined;
      if (c) return onChildExit(self, s, c, msg[2]) as any;
    }
    return ['noreply', s];
  },

  terminate(_reason, s) {
    if (!s) return undefined;
    return s.dynamic ? terminateAllConcurrently(s) : terminateChildren(s, allChildrenNewestFirst(s));
  },
};

/** Elixir's DynamicSupervisor init/2 checks, in its order; the reason or null. */
function checkDynamicFlags(strategy: Term, intensity: Term, period: Term, maxChildren: Term, extra: Term): Term | null {
  if (strategy !== 'one_for_one') return ['invalid_strategy', strategy];
  if (!(Number.isInteger(intensity) && (intensity as number) >= 0)) return ['invalid_intensity', intensity];
  if (!(Number.isInteger(period) && (period as number) > 0)) return ['invalid_period', period];
  if (maxChildren !== Infinity && maxChildren !== 'infinity' && !(Number.isInteger(maxChildren) && (maxChildren as number) >= 0))
    return ['invalid_max_children', maxChildren];
  if (!Array.isArray(extra) && !(extra instanceof List)) return ['invalid_extra_arguments', extra];
  return null;
}

const DynamicSupervisorMod: GenServerModule<SupState, DynamicSupervisorInit> = {
  ...SupervisorMod,
  init(opts, self) {
    self.trapExit(true);
    opts.atInit?.(self);
    if (opts.initResult !== undefined) {
      if (opts.initResult === 'ignore') return 'ignore';
      return ['stop', ['bad_return', [opts.module ?? 'Elixir.DynamicSupervisor', 'init', opts.initResult]]];
    }
    const f = opts.flags ?? {};
    const pick = (k: string, dflt: Term): Term => (k in f ? f[k] : dflt);
    const maxChildren = pick('max_children', opts.maxChildren ?? Infinity);
    const extra = pick('extra_arguments', (opts.extraArguments ?? []) as Term);
    const bad = checkDynamicFlags(pick('strategy', 'one_for_one'), pick('intensity', opts.maxRestarts ?? 3), pick('period', opts.maxSeconds ?? 5), maxChildren, extra);
    if (bad !== null) return ['stop', ['supervisor_data', bad]];
    const s: SupState = {
      dynamic: true,
      strategy: 'one_for_one',
      intensity: pick('intensity', opts.maxRestarts ?? 3) as number,
      period: pick('period', opts.maxSeconds ?? 5) as number,
      autoShutdown: 'never',
      restarts: [],
      restartsHead: 0,
      byKey: new Map(),
      byPid: new Map(),
      first: null,
      last: null,
      count: 0,
      maxChildren: maxChildren === 'infinity' ? Infinity : (maxChildren as number),
      extra: extra instanceof List ? extra.items : (extra as readonly Term[]),
    };
    return ['ok', s];
  },
};

// ---- public API -----------------------------------------------------------------------------------------------------

const call = (sup: ServerRef, req: Term): Later<Term> => GenServer.call(sup, req, 'infinity');

export const Supervisor = {
  /** Supervisor.start_link: `init` returns the flags and child specs (or 'ignore'; any other term is a bad return,
   *  reported with `module` as the callback module, `supervisor` by default). */
  startLink<A>(init: SupervisorInit | ((arg: A, self: Proc) => SupervisorInit | 'ignore' | Term), arg?: A, opts: Omit<StartOptions, 'link'> & { module?: string } = {}): Later<Term> {
    const fn: InitFn = typeof init === 'function' ? init : () => init;
    const { module = 'supervisor', ...startOpts } = opts;
    return GenServer.startLink(SupervisorMod, { init: fn, arg, module }, startOpts);
  },
  /** Start from host code: returns the pid at once (the host is its parent). */
  spawn<A>(kernel: Kernel, init: SupervisorInit | ((arg: A, self: Proc) => SupervisorInit | 'ignore'), arg?: A, opts: StartOptions = {}): Proc {
    const fn: InitFn = typeof init === 'function' ? init : () => init;
    return GenServer.spawn(kernel, SupervisorMod, { init: fn, arg, module: 'supervisor' }, opts);
  },
  getChildspec: (sup: ServerRef, id: Term) => call(sup, ['get_childspec', id]),
  checkChildspecs,
  whichChildren: (sup: ServerRef) => call(sup, 'which_children'),
  countChildren: (sup: ServerRef) => call(sup, 'count_children'),
  terminateChild: (sup: ServerRef, id: Term) => call(sup, ['terminate_child', id]),
  restartChild: (sup: ServerRef, id: Term) => call(sup, ['restart_child', id]),
  deleteChild: (sup: ServerRef, id: Term) => call(sup, ['delete_child', id]),
  startChild: (sup: ServerRef, spec: ChildSpec) => call(sup, ['start_child', spec as unknown as Term]),
  /** A child spec for a GenServer worker. */
  worker<A>(id: Term, mod: GenServerModule<any, A>, arg: A, extra: Partial<ChildSpec> = {}): ChildSpec {
    return { id, start: () => GenServer.startLink(mod, arg), ...extra };
  },
  /** A child spec for a nested supervisor. */
  supervisor(id: Term, init: SupervisorInit, extra: Partial<ChildSpec> = {}): ChildSpec {
    return { id, type: 'supervisor', start: () => Supervisor.startLink(init), ...extra };
  },
};

export const DynamicSupervisor = {
  startLink(opts: DynamicSupervisorInit = {}, startOpts: Omit<StartOptions, 'link'> = {}): Later<Term> {
    return GenServer.startLink(DynamicSupervisorMod, opts, startOpts);
  },
  spawn(kernel: Kernel, opts: DynamicSupervisorInit = {}, startOpts: StartOptions = {}): Proc {
    return GenServer.spawn(kernel, DynamicSupervisorMod, opts, startOpts);
  },
  startChild: (sup: ServerRef, spec: ChildSpec) => call(sup, ['start_child', spec as unknown as Term]),
  terminateChild: (sup: ServerRef, pid: Proc) => call(sup, ['terminate_child', pid]),
  whichChildren: (sup: ServerRef) => call(sup, 'which_children'),
  countChildren: (sup: ServerRef) => call(sup, 'count_children'),
};

