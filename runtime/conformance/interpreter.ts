// Runs a conformance scenario on the kernel under the virtual clock and returns the event log, byte for byte as
// ../shared/conformance/otp_runner.exs prints it on real OTP. The structure mirrors otp_runner.exs: a scripted
// GenServer module, a scripted plain process, start functions, and the driver (here a generator process).
import {
  ErlError, ErlStruct, Bin, Kernel, Later, List, bin, fmt as fmtTerm, isUnwind, list, toErlError, runtimeError,
  type Proc, type Ref, type Term, type Labeler,
} from '../kernel/index';
import { GenServer, type GenServerModule, type ServerRef } from '../otp/genserver';
import { Supervisor, DynamicSupervisor, type ChildSpec, type SupervisorInit } from '../otp/supervisor';
import { Registry } from '../otp/registry';
import { parseScenario, ScenarioError, type Action, type BehaviourDef, type Scenario, type Step } from './scenario';
import { extraAction, extraStep } from './extra/steps';
import { gsRet, suiteChildSpec, suiteSupInit } from './suites/steps';

/** The OTP runner's supervisor callback module (a bad init return names it). */
const SUP_MODULE = 'Elixir.Conf.Sup';

/** The OTP runner's start module (`{Conf.Start, :worker, [base, behaviour, via]}` in its child specs). */
const CONF_START = 'Elixir.Conf.Start';
/** A JSON value as the OTP runner's Elixir sees it unconverted (strings are binaries, arrays lists, null nil). */
const jsonList = (v: unknown): Term => (v === null || v === undefined ? null : Array.isArray(v) ? list(v.map(jsonList)) : typeof v === 'string' ? bin(v) : (v as Term));

export type ActResult = { tag: 'ok' } | { tag: 'stop'; r: Term } | { tag: 'ignore' } | { tag: 'error'; t: Term };
export type Maybe<T> = T | Later<T>;
const OK: ActResult = { tag: 'ok' };
const isEndOfList = (r: unknown): r is ActResult =>
  r !== null && typeof r === 'object' && !Array.isArray(r) && 'tag' in r && ['stop', 'ignore', 'error'].includes((r as ActResult).tag);

export interface Ctx {
  label: string;
  beh: BehaviourDef;
  reply: { v: Term } | null;
  quiet: boolean;
  // runtime/conformance/suites (README.md there): the current call's caller, the one saved by `noreply`, and what
  // the callback's result gets (no reply now, a timeout / :hibernate / {:continue, t} tail, or exactly a term)
  from?: Term;
  savedFrom?: Term;
  noreply?: boolean;
  tail?: Term;
  ret?: { v: Term };
}

type CtlOp =
  | { op: 'link' | 'unlink'; pid: Proc }
  | { op: 'monitor'; pid: Proc }
  | { op: 'demonitor'; ref: Ref; flush: boolean }
  | { op: 'trap_exit'; value: boolean };
type CtlResult = { ok: Term } | { ref: string } | { kind: string; reason: Term };

/** JSON → term (FORMAT.md 1). */
export function term(j: unknown): Term {
  if (typeof j === 'string') return j;
  if (typeof j === 'number' || typeof j === 'boolean' || j === null) return j;
  if (Array.isArray(j)) return j.map(term);
  if (j && typeof j === 'object') {
    const o = j as Record<string, unknown>;
    if (typeof o.str === 'string') return bin(o.str);
    if (Array.isArray(o.list)) return list(o.list.map(term));
  }
  throw new ScenarioError(`not a term: ${JSON.stringify(j)}`);
}

export class Conformance {
  readonly kernel = new Kernel({ seed: 1 });
  readonly lines: string[] = [];
  private readonly labels = new Map<Proc, string>();
  private readonly byLabel = new Map<string, Proc>();
  private readonly latest = new Map<string, Proc>();
  private readonly gens = new Map<string, number>();
  private readonly refLabels = new Map<Ref, string>();
  private readonly refByName = new Map<string, Ref>();
  private refCount = 0;
  private readonly kinds = new Map<string, 'sup' | 'dsup'>();
  private readonly processKind = new WeakSet<Proc>();
  driver!: Proc;
  done = false;
  readonly labeler: Labeler = {
    pid: (p) => this.labels.get(p as Proc) ?? '#PID<?>',
    ref: (r) => this.refLabels.get(r) ?? '#Reference<?>',
  };

  constructor(readonly sc: Scenario) {}

  f(t: Term): string {
    return fmtTerm(t, this.labeler);
  }
  log(line: string): void {
    this.lines.push(line);
  }
  logAuto(ctx: Ctx, text: string): void {
    if (!ctx.quiet) this.log(`${ctx.label} ${text}`);
  }

  beh(name: string): BehaviourDef {
    const b = this.sc.behaviours[name];
    if (!b) throw new ErlError('error', runtimeError(`unknown behaviour "${name}"`));
    return b;
  }

  // ---- labels ----
  assignLabel(pid: Proc, base: string, numbered: boolean): [string, number] {
    const gen = (this.gens.get(base) ?? 0) + 1;
    this.gens.set(base, gen);
    const label = numbered ? `${base}#${gen}` : base;
    this.putLabel(pid, label, base);
    return [label, gen];
  }
  putLabel(pid: Proc, label: string, base: string): void {
    this.labels.set(pid, label);
    this.byLabel.set(label, pid);
    this.latest.set(base, pid);
    pid.label = label;
  }
  resolve(name: unknown): ServerRef {
    if (typeof name === 'string') {
      if (name === 'driver') return this.driver;
      const p = this.byLabel.get(name) ?? this.latest.get(name);
      if (!p) throw new ErlError('error', runtimeError(`unknown process label "${name}"`));
      return p;
    }
    const reg = (name as { name?: unknown } | null)?.name;
    if (typeof reg === 'string') return reg; // suites: {"name": atom}, a locally registered name
    const via = (name as { via?: unknown[] } | null)?.via;
    if (Array.isArray(via) && via.length === 2) return Registry.via(String(via[0]), term(via[1]));
    throw new ScenarioError(`bad target ${JSON.stringify(name)}`);
  }
  pid(name: unknown): Proc {
    const r = this.resolve(name);
    if (Array.isArray(r)) throw new ScenarioError(`a via name is not allowed here: ${JSON.stringify(name)}`);
    return r as Proc;
  }
  targetText(name: unknown): string {
    return typeof name === 'string' ? name : this.f(this.resolve(name) as Term);
  }
  newRef(ref: Ref): string {
    const name = `ref${++this.refCount}`;
    this.refLabels.set(ref, name);
    this.refByName.set(name, ref);
    return name;
  }
  ref(name: string): Ref {
    const r = this.refByName.get(name);
    if (!r) throw new ErlError('error', runtimeError(`unknown ref "${name}"`));
    return r;
  }

  // ---- actions ----
  key(m: Term): string | null {
    if (typeof m === 'string') return m;
    if (typeof m === 'boolean' || m === null) return fmtTerm(m);
    if (Array.isArray(m) && m.length > 0 && typeof m[0] === 'string') return m[0];
    return null;
  }
  handler(ctx: Ctx, m: Term): Action[] | undefined {
    const k = this.key(m);
    return k === null ? undefined : ctx.beh.handlers?.[k];
  }
  initActions(b: BehaviourDef, gen: number): Action[] {
    return b.init_by_start?.[String(gen)] ?? b.init ?? [];
  }
  target(self: Proc, to: unknown): Proc {
    return to === 'self' ? self : this.pid(to);
  }

  run(actions: Action[], i: number, ctx: Ctx, self: Proc): Maybe<ActResult> {
    for (; i < actions.length; i++) {
      const [name, v] = Object.entries(actions[i])[0] as [string, any];
      switch (name) {
        case 'log':
          this.log(`${ctx.label} log ${v}`);
          break;
        case 'sleep': {
          const next = i + 1;
          return self.sleep(v as number).then(() => this.run(actions, next, ctx, self));
        }
        case 'reply':
          ctx.reply = { v: term(v) };
          break;
        case 'raise':
          throw new ErlError('error', runtimeError(String(v)));
        case 'exit':
          throw new ErlError('exit', term(v));
        case 'throw':
          throw new ErlError('throw', term(v));
        case 'stop':
          return { tag: 'stop', r: term(v) };
        case 'ignore':
          return { tag: 'ignore' };
        case 'error':
          return { tag: 'error', t: term(v) };
        case 'send':
          self.send(this.target(self, v.to), term(v.msg));
          break;
        case 'exit_signal':
          self.exitSignal(this.target(self, v.to), term(v.reason));
          break;
        case 'trap_exit':
          self.trapExit(v === true);
          break;
        case 'link':
          self.link(this.target(self, v));
          break;
        case 'unlink':
          self.unlink(this.target(self, v));
          break;
        case 'monitor': {
          const name = this.newRef(self.monitor(this.target(self, v)));
          this.log(`${ctx.label} monitor ${v} -> ${name}`);
          break;
        }
        case 'demonitor':
          self.demonitor(this.ref(v.ref), v.flush === true);
          this.log(`${ctx.label} demonitor ${v.ref} -> true`);
          break;
        case 'spawn': {
          const next = i + 1;
          return Later.of(undefined)
            .then(() => this.spawn(v, self))
            .then((res) => {
              this.log(`${ctx.label} spawn ${v.name} -> ${this.f(res)}`);
              return this.run(actions, next, ctx, self);
            });
        }
        default: {
          // the actions of runtime/conformance/extra (gen_stop, wait_for)
          const ext = extraAction(this, name, v, ctx, self);
          if (!ext) throw new ErlError('error', runtimeError(`unknown action ${JSON.stringify(actions[i])}`));
          const next = i + 1;
          // an action that runs action lists (try) may end the list as they do (stop, ignore, error)
          return ext.then((r) => (isEndOfList(r) ? r : this.run(actions, next, ctx, self)));
        }
      }
    }
    return OK;
  }

  safeCtl(self: Proc, op: CtlOp): CtlResult {
    try {
      switch (op.op) {
        case 'link': return { ok: self.link(op.pid) };
        case 'unlink': return { ok: self.unlink(op.pid) };
        case 'monitor': return { ref: this.newRef(self.monitor(op.pid)) };
        case 'demonitor': return { ok: self.demonitor(op.ref, op.flush) };
        case 'trap_exit': return { ok: self.trapExit(op.value) };
      }
    } catch (e) {
      if (isUnwind(e)) throw e;
      const err = toErlError(e);
      return { kind: err.kind, reason: err.value };
    }
  }

  // ---- start functions ----
  /** spawn step/action: a label for kind process, else the GenServer.start[_link] result. */
  spawn(spec: Record<string, any>, self: Proc): Maybe<Term> {
    const b = this.beh(spec.behaviour);
    const link = spec.link === true;
    if ((b.kind ?? 'gen_server') === 'process') {
      const pid = self.kernel.spawn(PROC, { conf: this, beh: spec.behaviour }, { link: link ? self : null });
      this.assignLabel(pid, spec.name, false);
      this.processKind.add(pid);
      return pid;
    }
    const opts = spec.via ? { name: Registry.via(String(spec.via[0]), term(spec.via[1])) } : {};
    return this.startGs(spec, self, opts);
  }

  /** GenServer.start[_link] of a scripted GenServer labelled spec.name (suites: with a local name and :timeout). */
  startGs(spec: Record<string, any>, _self: Proc, opts: { name?: ServerRef; timeout?: number }, numbered = false): Later<Term> {
    const arg: GsArg = { conf: this, base: spec.name, beh: spec.behaviour, numbered };
    return spec.link === true ? GenServer.startLink(GS, arg, opts as any) : GenServer.start(GS, arg, opts as any);
  }

  /** suites: start_supervisor with a local name. */
  startSup(s: Record<string, any>, name: string): Later<Term> {
    this.kinds.set(s.name, 'sup');
    return Supervisor.startLink(supInit, { conf: this, base: s.name, spec: s, numbered: false }, { module: SUP_MODULE, name });
  }

  childSpec(base: string, c: Record<string, any>): ChildSpec {
    const id = String(c.id);
    const cbase = `${base}/${id}`;
    const type = (c.type ?? 'worker') as 'worker' | 'supervisor';
    const start =
      type === 'supervisor'
        ? () => Supervisor.startLink(supInit, { conf: this, base: cbase, spec: c, numbered: true }, { module: SUP_MODULE })
        : () =>
            GenServer.startLink(
              GS,
              { conf: this, base: cbase, beh: c.behaviour, numbered: true },
              c.via ? { name: Registry.via(String(c.via[0]), term(c.via[1])) } : {},
            );
    const spec: ChildSpec = {
      id,
      start,
      restart: c.restart ?? 'permanent',
      shutdown: c.shutdown ?? (type === 'supervisor' ? 'infinity' : 5000),
      type,
      // extra/: passed through as a term, so that OTP's check of non-boolean values can be compared
      ...(c.significant !== undefined ? { significant: term(c.significant) as boolean } : {}),
      // what the OTP runner's child spec says (shown in the child record of a failed static start_child)
      ...(type === 'worker'
        ? { mfargs: [CONF_START, 'worker', list([bin(cbase), bin(String(c.behaviour)), jsonList(c.via)])], modules: list([CONF_START]) }
        : {}),
    };
    // suites/: start_return, extra, extra_args, dynamic, raw, drop
    return suiteChildSpec(this, cbase, c, spec);
  }

  supFlags(spec: Record<string, any>): Omit<SupervisorInit, 'children'> {
    return {
      strategy: spec.strategy ?? 'one_for_one',
      maxRestarts: spec.max_restarts ?? 3,
      maxSeconds: spec.max_seconds ?? 5,
      ...(spec.auto_shutdown !== undefined ? { autoShutdown: spec.auto_shutdown } : {}),
    };
  }

  // ---- the driver ----
  *driverBody(self: Proc): Generator<Later<any>, void, any> {
    for (const s of this.sc.steps) yield* this.runStep(s as Step, self);
    yield* this.settle(0, self);
    // like the OTP runner, stop here: the driver does not exit (its exit would reach the linked supervisors)
    this.done = true;
    yield self.receive(() => false);
  }

  *runStep(s: Step, self: Proc): Generator<Later<any>, void, any> {
    if (s.op === 'settle') return yield* this.settle(s.ms ?? 0, self);
    if (s.op === 'sorted') {
      const start = this.lines.length;
      for (const sub of (s.steps ?? []) as Step[]) yield* this.runStep(sub, self);
      yield self.idle();
      const sorted = this.lines.slice(start).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      this.lines.splice(start, sorted.length, ...sorted);
      return;
    }
    const line = yield* this.step(s, self);
    // suites: "nowait" (and `pause`) skip the quiescence wait
    if (s.nowait !== true && s.op !== 'pause') yield self.idle();
    if (typeof line === 'string') this.log(line);
  }

  *settle(ms: number, self: Proc): Generator<Later<any>, void, any> {
    if (ms > 0) yield self.sleep(ms);
    yield self.idle();
    const msgs = self.messages();
    self.kernel.removeMessages(self, () => true);
    for (const m of msgs) {
      if (Array.isArray(m) && m[0] === 'EXIT' && m.length === 3) this.log(`driver EXIT ${this.f(m[1])} ${this.f(m[2])}`);
      else if (Array.isArray(m) && m[0] === 'DOWN' && m.length === 5) this.log(`driver DOWN ${this.f(m[1])} ${this.f(m[3])} ${this.f(m[4])}`);
      else this.log(`driver msg ${this.f(m)}`);
    }
  }

  *ctl(from: string, op: CtlOp, self: Proc): Generator<Later<any>, CtlResult, any> {
    if (from === 'driver') return this.safeCtl(self, op);
    const pid = this.pid(from);
    if (this.processKind.has(pid)) {
      const tag = self.kernel.makeRef();
      self.send(pid, ['$ctl', self, tag, op as unknown as Term]);
      const m = yield self.receive((t: Term) => Array.isArray(t) && t[0] === tag);
      return m[1] as CtlResult;
    }
    return (yield GenServer.call(pid, ['$ctl', op as unknown as Term], 'infinity')) as CtlResult;
  }

  logCtl(from: string, text: string, res: CtlResult): string {
    const out = 'ref' in res ? res.ref : 'ok' in res ? this.f(res.ok) : `${res.kind} ${this.f(res.reason)}`;
    return `${from} ${text} -> ${out}`;
  }

  kind(sup: string): 'sup' | 'dsup' {
    return this.kinds.get(sup) ?? this.kinds.get(String(sup).replace(/#\d+$/, '')) ?? 'sup';
  }
  setKind(base: string, k: 'sup' | 'dsup'): void {
    this.kinds.set(base, k);
  }

  *step(s: Step, self: Proc): Generator<Later<any>, string | null, any> {
    const lg = (t: string): string => `driver ${t}`;
    switch (s.op) {
      case 'spawn': {
        const r = this.spawn(s, self);
        const res = r instanceof Later ? yield r : r;
        return lg(`spawn ${s.name} -> ${this.f(res)}`);
      }
      case 'send':
        self.send(this.pid(s.to), term(s.msg));
        return null;
      case 'cast':
        GenServer.cast(self, this.resolve(s.to), term(s.msg));
        return null;
      case 'exit':
        self.exitSignal(this.pid(s.to), term(s.reason));
        return null;
      case 'call': {
        const msg = term(s.msg);
        let res: string;
        try {
          res = 'reply ' + this.f(yield GenServer.call(this.resolve(s.to), msg, s.timeout ?? 5000));
        } catch (e) {
          if (isUnwind(e)) throw e;
          const err = toErlError(e);
          if (err.kind !== 'exit') throw e;
          res = 'exit ' + this.f(err.value);
        }
        return lg(`call ${this.targetText(s.to)} ${this.f(msg)} -> ${res}`);
      }
      case 'trap_exit':
        yield* this.ctl(s.target ?? 'driver', { op: 'trap_exit', value: s.value !== false }, self);
        return null;
      case 'link':
      case 'unlink': {
        const from = s.from ?? 'driver';
        return this.logCtl(from, `${s.op} ${s.to}`, yield* this.ctl(from, { op: s.op, pid: this.pid(s.to) }, self));
      }
      case 'monitor': {
        const from = s.from ?? 'driver';
        return this.logCtl(from, `monitor ${s.to}`, yield* this.ctl(from, { op: 'monitor', pid: this.pid(s.to) }, self));
      }
      case 'demonitor': {
        const from = s.from ?? 'driver';
        const op: CtlOp = { op: 'demonitor', ref: this.ref(s.ref), flush: s.flush === true };
        return this.logCtl(from, `demonitor ${s.ref}`, yield* this.ctl(from, op, self));
      }
      case 'check_alive':
        return lg(`check_alive ${s.target} -> ${this.pid(s.target).alive}`);
      case 'log':
        return `--- ${s.text}`;
      case 'start_supervisor': {
        this.kinds.set(s.name, 'sup');
        const res = yield Supervisor.startLink(supInit, { conf: this, base: s.name, spec: s, numbered: false }, { module: SUP_MODULE });
        return lg(`start_supervisor ${s.name} -> ${this.f(res)}`);
      }
      case 'start_dynamic_supervisor': {
        this.kinds.set(s.name, 'dsup');
        const mc = s.max_children;
        const res = yield DynamicSupervisor.startLink({
          maxChildren: typeof mc === 'number' ? mc : Infinity,
          maxRestarts: s.max_restarts ?? 3,
          maxSeconds: s.max_seconds ?? 5,
        });
        if (Array.isArray(res) && res[0] === 'ok') this.assignLabel(res[1] as Proc, s.name, false);
        return lg(`start_dynamic_supervisor ${s.name} -> ${this.f(res)}`);
      }
      case 'which_children': {
        const sup = this.pid(s.sup);
        const res = (yield Supervisor.whichChildren(sup)) as List;
        let items: Term[] = res.items.map((c) => { const t = c as Term[]; return [t[0], t[1], t[2]]; });
        if (this.kind(s.sup) === 'dsup') {
          const keyed = items.map((c) => [this.f((c as Term[])[1]), c] as const);
          keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
          items = keyed.map((x) => x[1]);
        }
        return lg(`which_children ${s.sup} -> ${this.f(list(items))}`);
      }
      case 'count_children':
        return lg(`count_children ${s.sup} -> ${this.f(yield Supervisor.countChildren(this.pid(s.sup)))}`);
      case 'terminate_child': {
        const sup = this.pid(s.sup);
        if (this.kind(s.sup) === 'dsup') {
          const res = yield DynamicSupervisor.terminateChild(sup, this.pid(s.id));
          return lg(`terminate_child ${s.sup} ${s.id} -> ${this.f(res)}`);
        }
        const id = String(s.id);
        return lg(`terminate_child ${s.sup} ${this.f(id)} -> ${this.f(yield Supervisor.terminateChild(sup, id))}`);
      }
      case 'restart_child': {
        const id = String(s.id);
        return lg(`restart_child ${s.sup} ${this.f(id)} -> ${this.f(yield Supervisor.restartChild(this.pid(s.sup), id))}`);
      }
      case 'delete_child': {
        const id = String(s.id);
        return lg(`delete_child ${s.sup} ${this.f(id)} -> ${this.f(yield Supervisor.deleteChild(this.pid(s.sup), id))}`);
      }
      case 'start_child': {
        const sup = this.pid(s.sup);
        const c = s.child as Record<string, any>;
        const base = this.kind(s.sup) === 'dsup' ? s.sup : (this.labels.get(sup) ?? s.sup).replace(/#\d+$/, '');
        const res = yield Supervisor.startChild(sup, this.childSpec(base, c));
        return lg(`start_child ${s.sup} ${this.f(String(c.id))} -> ${this.f(res)}`);
      }
      case 'start_registry': {
        const res = yield Registry.startLink({ keys: 'unique', name: s.name });
        if (Array.isArray(res) && res[0] === 'ok') this.putLabel(res[1] as Proc, s.name, s.name);
        return lg(`start_registry ${s.name} -> ${this.f(res)}`);
      }
      case 'lookup': {
        const key = term(s.key);
        const pids = Registry.lookup(self.kernel, s.registry, key).map((e) => e[0] as Term);
        return lg(`lookup ${s.registry} ${this.f(key)} -> ${this.f(list(pids))}`);
      }
      default: {
        const ext = extraStep(this, s, self);
        if (!ext) throw new ScenarioError(`unknown step "${s.op}"`);
        return yield* ext;
      }
    }
  }
}

// ---- the scripted GenServer (Conf.GS) ----
interface GsArg {
  conf: Conformance;
  base: string;
  beh: string;
  numbered: boolean;
}
type GsState = { conf: Conformance; ctx: Ctx };

function gsNoreply(st: GsState, r: Maybe<ActResult>): Maybe<Term> {
  const fin = (x: ActResult): Term => gsRet(x.tag === 'stop' ? ['stop', x.r, st as unknown as Term] : ['noreply', st as unknown as Term], st.ctx);
  return r instanceof Later ? r.then(fin) : fin(r);
}

const GS: GenServerModule<GsState, GsArg> = {
  init(a, self) {
    const conf = a.conf;
    const [label, gen] = conf.assignLabel(self, a.base, a.numbered);
    const beh = conf.beh(a.beh);
    const ctx: Ctx = { label, beh, reply: null, quiet: beh.quiet === true };
    const st: GsState = { conf, ctx };
    conf.logAuto(ctx, 'init');
    const fin = (x: ActResult): any => {
      switch (x.tag) {
        case 'ok': return gsRet(['ok', st as unknown as Term], ctx);
        case 'ignore': conf.logAuto(ctx, 'init -> :ignore'); return 'ignore';
        case 'error': conf.logAuto(ctx, `init -> ${conf.f(['error', x.t])}`); return ['error', x.t];
        case 'stop': conf.logAuto(ctx, `init -> ${conf.f(['stop', x.r])}`); return ['stop', x.r];
      }
    };
    const r = conf.run(conf.initActions(beh, gen), 0, ctx, self);
    return r instanceof Later ? r.then(fin) : fin(r);
  },
  handleCall(msg, from, st, self) {
    const { conf, ctx } = st;
    if (Array.isArray(msg) && msg[0] === '$ctl') return ['reply', conf.safeCtl(self, msg[1] as unknown as CtlOp) as unknown as Term, st];
    ctx.reply = null;
    ctx.from = from as unknown as Term;
    const fin = (x: ActResult): any => {
      const rep = ctx.reply;
      ctx.reply = null;
      const t = st as unknown as Term;
      if (x.tag === 'stop') return gsRet(rep ? ['stop', x.r, rep.v, t] : ['stop', x.r, t], ctx);
      return gsRet(['reply', rep ? rep.v : 'ok', t], ctx);
    };
    const r = conf.run(conf.handler(ctx, msg) ?? [], 0, ctx, self);
    return r instanceof Later ? r.then(fin) : fin(r);
  },
  handleCast(msg, st, self) {
    return gsNoreply(st, st.conf.run(st.conf.handler(st.ctx, msg) ?? [], 0, st.ctx, self)) as any;
  },
  handleContinue(t, st, self) {
    const { conf, ctx } = st;
    conf.logAuto(ctx, `continue ${conf.f(t)}`);
    return gsNoreply(st, conf.run(conf.handler(ctx, t) ?? [], 0, ctx, self)) as any;
  },
  handleInfo(msg, st, self) {
    const { conf, ctx } = st;
    if (Array.isArray(msg) && msg[0] === 'EXIT' && msg.length === 3) {
      conf.logAuto(ctx, `EXIT ${conf.f(msg[1])} ${conf.f(msg[2])}`);
    } else if (Array.isArray(msg) && msg[0] === 'DOWN' && msg.length === 5) {
      conf.logAuto(ctx, `DOWN ${conf.f(msg[1])} ${conf.f(msg[3])} ${conf.f(msg[4])}`);
    } else if (!conf.handler(ctx, msg)) {
      conf.logAuto(ctx, `msg ${conf.f(msg)}`);
      return gsRet(['noreply', st as unknown as Term], ctx) as any;
    }
    return gsNoreply(st, conf.run(conf.handler(ctx, msg) ?? [], 0, ctx, self)) as any;
  },
  terminate(reason, st, self) {
    const { conf, ctx } = st;
    conf.logAuto(ctx, `terminate ${conf.f(reason)}`);
    return conf.run(ctx.beh.terminate ?? [], 0, ctx, self);
  },
};

// ---- the scripted plain process (Conf.Proc) ----
const PROC = {
  init(self: Proc, a: { conf: Conformance; beh: string }) {
    const conf = a.conf;
    const beh = conf.beh(a.beh);
    const ctx: Ctx = { label: conf.labeler.pid!(self)!, beh, reply: null, quiet: beh.quiet === true };
    self.state = { conf, ctx };
    conf.logAuto(ctx, 'init');
    return procContinue(self, conf.run(conf.initActions(beh, 1), 0, ctx, self), true);
  },
  receive(self: Proc, msg: Term) {
    const { conf, ctx } = self.state as GsState;
    if (Array.isArray(msg) && msg[0] === '$ctl' && msg.length === 4) {
      self.send(msg[1] as Proc, [msg[2], conf.safeCtl(self, msg[3] as unknown as CtlOp) as unknown as Term]);
      return;
    }
    if (Array.isArray(msg) && msg[0] === 'EXIT' && msg.length === 3) conf.logAuto(ctx, `EXIT ${conf.f(msg[1])} ${conf.f(msg[2])}`);
    else if (Array.isArray(msg) && msg[0] === 'DOWN' && msg.length === 5) conf.logAuto(ctx, `DOWN ${conf.f(msg[1])} ${conf.f(msg[3])} ${conf.f(msg[4])}`);
    else if (!conf.handler(ctx, msg)) {
      conf.logAuto(ctx, `msg ${conf.f(msg)}`);
      return;
    }
    return procContinue(self, conf.run(conf.handler(ctx, msg) ?? [], 0, ctx, self), false);
  },
};

function procContinue(self: Proc, r: Maybe<ActResult>, inInit: boolean): Later<unknown> | undefined {
  const fin = (x: ActResult): void => {
    if (x.tag === 'stop') self.exit(x.r);
    if (inInit && x.tag !== 'ok') throw new ErlError('error', runtimeError(`process kind: init result ${x.tag} not supported`));
  };
  if (r instanceof Later) return r.then(fin);
  fin(r);
  return undefined;
}

// ---- supervisors (Conf.Sup) ----
interface SupArg {
  conf: Conformance;
  base: string;
  spec: Record<string, any>;
  numbered: boolean;
}
function supInit(a: SupArg, self: Proc): SupervisorInit | Term {
  a.conf.assignLabel(self, a.base, a.numbered);
  const children = ((a.spec.children ?? []) as Record<string, any>[]).map((c) => a.conf.childSpec(a.base, c));
  // suites/: "flags" merged as terms, "init" replacing the result
  return suiteSupInit(a.spec, { ...a.conf.supFlags(a.spec), children });
}

/** Run one scenario (JSON text or parsed value) and return its event log. Throws ScenarioError on bad input. */
export function runScenario(src: string | unknown): string {
  const sc = parseScenario(src);
  const conf = new Conformance(sc);
  const k = conf.kernel;
  conf.driver = k.spawn((self) => conf.driverBody(self), undefined, { trapExit: true });
  conf.putLabel(conf.driver, 'driver', 'driver');
  k.runUntilIdle();
  const d = conf.driver;
  if (!d.alive) {
    const r = d.reason;
    const exc = Array.isArray(r) && r[0] instanceof ErlStruct ? (r[0].fields.message as Bin | undefined) : undefined;
    throw new ScenarioError(`the driver crashed: ${exc instanceof Bin ? exc.s : conf.f(r)}`);
  }
  if (!conf.done) throw new ScenarioError('the scenario did not finish: the driver is still blocked');
  return conf.lines.map((l) => l + '\n').join('');
}


