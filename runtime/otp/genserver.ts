// GenServer on the kernel, following OTP 25's gen_server (see ../shared/otp-semantics.md):
// callback objects return Elixir-shaped tuples (['reply', r, state], ['noreply', state], ['stop', reason, state], ...)
// or a Later of one (to block: sleep, call another server, start a child). No promise per message.
import {
  ErlError, Later, MonitorRef, NO_REPLY, Op, STACK, TIMEOUT, failK, isUnwind, kont, list, runtimeError, toErlError, exitReasonOf, isTagged, termEq,
  type HandOff, type K, type Kernel, type Proc, type ProcessBehaviour, type Ref, type Term, type Waiter,
} from '../kernel/index';

export type From = readonly [Proc, Ref];
export type Continue = readonly ['continue', Term];
export type InitResult<S> = readonly ['ok', S] | readonly ['ok', S, Continue | number | 'hibernate'] | 'ignore' | readonly ['stop', Term];
export type CallResult<S> =
  | readonly ['reply', Term, S]
  | readonly ['reply', Term, S, Continue | number | 'hibernate']
  | readonly ['noreply', S]
  | readonly ['noreply', S, Continue | number | 'hibernate']
  | readonly ['stop', Term, Term, S]
  | readonly ['stop', Term, S];
export type NoReplyResult<S> = readonly ['noreply', S] | readonly ['noreply', S, Continue | number | 'hibernate'] | readonly ['stop', Term, S];
type Maybe<T> = T | Later<T>;

/** A GenServer callback module: a plain object shared by all servers of its kind. */
export interface GenServerModule<S = any, A = any> {
  init(arg: A, self: Proc): Maybe<InitResult<S>>;
  handleCall?(req: Term, from: From, state: S, self: Proc): Maybe<CallResult<S>>;
  handleCast?(req: Term, state: S, self: Proc): Maybe<NoReplyResult<S>>;
  handleInfo?(msg: Term, state: S, self: Proc): Maybe<NoReplyResult<S>>;
  handleContinue?(arg: Term, state: S, self: Proc): Maybe<NoReplyResult<S>>;
  terminate?(reason: Term, state: S, self: Proc): unknown;
}

/** A via-name module (like Registry): `['via', module, key]` names resolve through it. */
export interface ViaModule {
  registerName(kernel: Kernel, key: Term, pid: Proc): 'yes' | 'no';
  whereisName(kernel: Kernel, key: Term): Proc | undefined;
  unregisterName(kernel: Kernel, key: Term): void;
}
const viaModules = new Map<string, ViaModule>();
export function registerViaModule(name: string, m: ViaModule): void {
  viaModules.set(name, m);
}

/** A server name: a pid, a registered name, or `['via', module, key]`. */
export type ServerRef = Proc | string | readonly ['via', string, Term];

export function whereis(kernel: Kernel, name: ServerRef): Proc | undefined {
  if (typeof name === 'string') return kernel.whereis(name);
  if (Array.isArray(name)) {
    const m = viaModules.get(name[1] as string);
    if (!m) throw new ErlError('error', ['unknown_via_module', name[1]]);
    return m.whereisName(kernel, name[2]);
  }
  return name as Proc;
}

export interface StartOptions {
  name?: ServerRef;
  /** start_link (default for startLink) */
  link?: boolean;
}

/** A server's data (its process state). Until init runs it also carries the start: `st` holds init's argument,
 *  `starter` the process to ack, `parent` is null for GenServer.start (the server is its own parent). */
interface GS {
  mod: GenServerModule;
  st: any;
  parent: Proc | null;
  name: ServerRef | undefined;
  starter: Proc | null;
  /** The continuation for handle_info results that are Laters, made once per server (it depends on nothing else). */
  kInfo: K<Term> | null;
}

const CALL = 0, CAST = 1, INFO = 2, CONT = 3;

function registerName(self: Proc, name: ServerRef): Proc | null {
  const k = self.kernel;
  if (typeof name === 'string') {
    const old = k.whereis(name);
    if (old) return old;
    k.register(name, self);
    return null;
  }
  if (Array.isArray(name)) {
    const m = viaModules.get(name[1] as string)!;
    if (m.registerName(k, name[2], self) === 'yes') return null;
    return m.whereisName(k, name[2]) ?? self;
  }
  return null;
}

function unregisterName(self: Proc, name: ServerRef | undefined): void {
  if (name === undefined) return;
  if (typeof name === 'string') {
    if (self.kernel.whereis(name) === self) self.kernel.unregister(name);
  } else if (Array.isArray(name)) {
    const m = viaModules.get(name[1] as string)!;
    if (m.whereisName(self.kernel, name[2]) === self) m.unregisterName(self.kernel, name[2]);
  }
}

function ack(self: Proc, starter: Proc, result: Term): void {
  self.kernel.post(self, starter, ['$ack', self, result]);
}

/** Run `r` (value or Later) in `self`, then `ok(value)`; a raised error goes to `err`. */
function settle<T>(self: Proc, r: Maybe<T>, ok: (v: T) => void, err: (e: unknown) => void): void {
  if (r instanceof Later) r.run(self, kont(ok as (v: unknown) => void, err));
  else ok(r);
}

// init's outcome (plain functions, not closures: a server start allocates no continuation unless init blocks)
function initFailed(self: Proc, gs: GS, starter: Proc, e: unknown): void {
  if (isUnwind(e)) throw e;
  const err = toErlError(e);
  if (err.kind === 'throw') return initDone(self, gs, starter, err.value as InitResult<unknown>);
  const reason = exitReasonOf(err);
  unregisterName(self, gs.name);
  ack(self, starter, ['error', reason]);
  self.kernel.die(self, reason);
}

function initDone(self: Proc, gs: GS, starter: Proc, res: InitResult<unknown>): void {
  const r = res as Term;
  if (isTagged(r, 'ok') && (r.length === 2 || r.length === 3)) {
    gs.st = r[1];
    ack(self, starter, ['ok', self]);
    if (r.length === 3) afterAction(self, gs, r[2]);
  } else if (r === 'ignore') {
    unregisterName(self, gs.name);
    ack(self, starter, 'ignore');
    self.kernel.die(self, 'normal');
  } else if (isTagged(r, 'stop', 2)) {
    unregisterName(self, gs.name);
    ack(self, starter, ['error', r[1]]);
    self.kernel.die(self, r[1]);
  } else {
    const reason: Term = ['bad_return_value', r as Term];
    unregisterName(self, gs.name);
    ack(self, starter, ['error', reason]);
    self.kernel.die(self, reason);
  }
}

export const GEN_SERVER: ProcessBehaviour<GS> = {
  init(self, gs) {
    const starter = gs.starter!;
    const arg = gs.st;
    gs.starter = null;
    gs.st = undefined;
    if (gs.parent === null) gs.parent = self;
    self.state = gs;
    if (gs.name !== undefined) {
      const other = registerName(self, gs.name);
      if (other) {
        ack(self, starter, ['error', ['already_started', other]]);
        self.kernel.die(self, 'normal');
        return;
      }
    }
    let r: Maybe<InitResult<unknown>>;
    try {
      r = gs.mod.init(arg, self);
    } catch (e) {
      return initFailed(self, gs, starter, e);
    }
    if (r instanceof Later) {
      r.run(self, kont(
        (res: InitResult<unknown>) => initDone(self, gs, starter, res),
        (e: unknown) => initFailed(self, gs, starter, e),
      ));
    } else initDone(self, gs, starter, r);
  },
  receive(self, msg) {
    dispatch(self, self.state as GS, msg);
  },
};

function dispatch(self: Proc, gs: GS, msg: Term): void {
  if (Array.isArray(msg)) {
    const tag = msg[0];
    if (tag === '$gen_call' && msg.length === 3) return invoke(self, gs, CALL, msg[2], msg[1] as From);
    if (tag === '$gen_cast' && msg.length === 2) return invoke(self, gs, CAST, msg[1], undefined);
    if (tag === 'EXIT' && msg.length === 3 && msg[1] === gs.parent && self.trapping) return stop(self, gs, msg[2]);
    // sys:terminate (proc_lib:stop): reply :ok to the requester, then terminate
    if (tag === 'system' && msg.length === 3 && isTagged(msg[2], 'terminate', 2) && Array.isArray(msg[1])) {
      reply(msg[1] as unknown as From, 'ok');
      return stop(self, gs, (msg[2] as Term[])[1]);
    }
  }
  invoke(self, gs, INFO, msg, undefined);
}

function invoke(self: Proc, gs: GS, kind: number, req: Term, from: From | undefined): void {
  const mod = gs.mod;
  let r: Maybe<Term>;
  try {
    switch (kind) {
      case CALL:
        if (!mod.handleCall) throw new ErlError('error', runtimeError('attempted to call GenServer but no handleCall was provided'));
        r = mod.handleCall(req, from!, gs.st, self) as Maybe<Term>;
        break;
      case CAST:
        if (!mod.handleCast) throw new ErlError('error', runtimeError('attempted to cast GenServer but no handleCast was provided'));
        r = mod.handleCast(req, gs.st, self) as Maybe<Term>;
        break;
      case INFO:
        r = (mod.handleInfo ? mod.handleInfo(req, gs.st, self) : ['noreply', gs.st]) as Maybe<Term>;
        break;
      default:
        if (!mod.handleContinue) throw new ErlError('error', runtimeError('no handleContinue was provided'));
        r = mod.handleContinue(req, gs.st, self) as Maybe<Term>;
    }
  } catch (e) {
    return onError(self, gs, e, kind, from);
  }
  if (r instanceof Later) {
    let k: K<Term>;
    if (kind === INFO) k = gs.kInfo ?? (gs.kInfo = kont((v: Term) => onResult(self, gs, v, INFO, undefined), (e) => onError(self, gs, e, INFO, undefined)));
    else k = kont((v: Term) => onResult(self, gs, v, kind, from), (e) => onError(self, gs, e, kind, from));
    r.run(self, k);
  } else onResult(self, gs, r, kind, from);
}

function onError(self: Proc, gs: GS, e: unknown, kind: number, from: From | undefined): void {
  if (isUnwind(e)) throw e;
  const err = toErlError(e);
  if (err.kind === 'throw') return onResult(self, gs, err.value, kind, from);
  stop(self, gs, exitReasonOf(err));
}

function onResult(self: Proc, gs: GS, r: Term, kind: number, from: From | undefined): void {
  if (Array.isArray(r)) {
    const tag = r[0];
    if (kind === CALL) {
      if (tag === 'reply' && (r.length === 3 || r.length === 4)) {
        reply(from!, r[1]);
        gs.st = r[2];
        if (r.length === 4) afterAction(self, gs, r[3]);
        return;
      }
      if (tag === 'stop' && r.length === 4) {
        reply(from!, r[2]);
        gs.st = r[3];
        return stop(self, gs, r[1]);
      }
    }
    if (tag === 'noreply' && (r.length === 2 || r.length === 3)) {
      gs.st = r[1];
      if (r.length === 3) afterAction(self, gs, r[2]);
      return;
    }
    if (tag === 'stop' && r.length === 3) {
      gs.st = r[2];
      return stop(self, gs, r[1]);
    }
  }
  stop(self, gs, ['bad_return_value', r]);
}

function afterAction(self: Proc, gs: GS, action: Term): void {
  if (isTagged(action, 'continue', 2)) return invoke(self, gs, CONT, action[1], undefined);
  if (typeof action === 'number') {
    // a timeout: `timeout` arrives as info unless another message comes first
    self.kernel.waitFor(self, () => true, action, (m: unknown) => {
      if (m === TIMEOUT) invoke(self, gs, INFO, 'timeout', undefined);
      else dispatch(self, gs, m as Term);
    });
  }
}

/** Run terminate(reason) (which may block), then exit with reason. */
function stop(self: Proc, gs: GS, reason: Term): void {
  const t = gs.mod.terminate;
  const finish = (r: Term): void => {
    unregisterName(self, gs.name);
    self.kernel.die(self, r);
  };
  if (!t) return finish(reason);
  const fail = (e: unknown): void => {
    if (isUnwind(e)) throw e;
    // gen_server try_terminate: `throw:R -> {ok, R}` — a throw is terminate's return value, the reason stays
    const err = toErlError(e);
    finish(err.kind === 'throw' ? reason : exitReasonOf(err));
  };
  let r: unknown;
  try {
    r = t.call(gs.mod, reason, gs.st, self);
  } catch (e) {
    return fail(e);
  }
  settle(self, r, () => finish(reason), fail);
}

/** Reply to a call (for deferred replies: return ['noreply', s] from handleCall and call this later). */
export function reply(from: From, value: Term): void {
  const pid = from[0], ref = from[1];
  if (ref.alias === pid) pid.kernel.post(pid.kernel.current ?? pid.kernel.host, pid, [ref, value]);
}

/** GenServer.start / start_link as a Later: spawn the server, then wait for its init ack (or its death). */
class StartL extends Later<Term> {
  constructor(
    readonly mod: GenServerModule,
    readonly arg: unknown,
    readonly name: ServerRef | undefined,
    readonly link: boolean,
  ) {
    super();
  }
  run(self: Proc, k: K<Term>): void {
    const kernel = self.kernel;
    // OTP's gen:start looks the name up before spawning: a taken name starts no process (no stray EXIT). The lookup
    // runs in the caller and may raise there (a via name whose Registry does not run: ArgumentError), which a
    // supervisor's start catches (supervisor:do_start_child_i), so it goes to the continuation's failure path.
    let taken: Proc | undefined;
    try {
      taken = this.name === undefined ? undefined : whereis(kernel, this.name);
    } catch (e) {
      if (isUnwind(e)) throw e;
      failK(k, e);
      return;
    }
    if (taken) {
      k(['error', ['already_started', taken]]);
      return;
    }
    kernel.markMailbox(self); // only messages about the new process can match below
    const gs: GS = { mod: this.mod, st: this.arg, parent: this.link ? self : null, name: this.name, starter: self, kInfo: null };
    const pid = this.link ? kernel.spawnLinked(GEN_SERVER, gs, self) : kernel.spawn(GEN_SERVER, gs);
    const mref = this.link ? null : self.monitor(pid);
    kernel.waitWith(self, new StartWait(pid, mref, k), Infinity, true);
  }
}

/** The starter's wait for `{'$ack', pid, result}`, or the new process's EXIT (start_link) / DOWN (start). */
class StartWait implements Waiter {
  constructor(
    readonly pid: Proc,
    readonly mref: Ref | null,
    readonly k: K<Term>,
  ) {}
  match(m: Term): boolean {
    return (
      Array.isArray(m) &&
      ((m[0] === '$ack' && m[1] === this.pid) ||
        (this.mref === null ? m[0] === 'EXIT' && m[1] === this.pid : m[0] === 'DOWN' && m[1] === this.mref))
    );
  }
  resume(self: Proc, v: unknown): void {
    const m = v as Term[];
    if (this.mref) self.kernel.demonitor(self, this.mref, true, true);
    if (m[0] === '$ack') this.k(m[2]);
    else this.k(['error', this.mref === null ? m[2] : m[4]]);
  }
}

const NO_START_OPTS: Omit<StartOptions, 'link'> = {};

function timeoutOf(t: number | 'infinity'): number {
  return t === 'infinity' ? Infinity : t;
}

export const GenServer = {
  /** GenServer.start_link: a Later of `{:ok, pid}`, `:ignore` or `{:error, reason}` (run it in the parent). */
  startLink<A>(mod: GenServerModule<any, A>, arg: A, opts: Omit<StartOptions, 'link'> = NO_START_OPTS): Later<Term> {
    return new StartL(mod, arg, opts.name, true);
  },
  /** GenServer.start (no link; the server is its own parent). */
  start<A>(mod: GenServerModule<any, A>, arg: A, opts: Omit<StartOptions, 'link'> = NO_START_OPTS): Later<Term> {
    return new StartL(mod, arg, opts.name, false);
  },
  /** Start from host code (outside any process): returns the pid at once; the host is its parent. */
  spawn<A>(kernel: Kernel, mod: GenServerModule<any, A>, arg: A, opts: StartOptions = {}): Proc {
    const host = kernel.host;
    const gs: GS = { mod, st: arg, parent: opts.link === true ? host : null, name: opts.name, starter: host, kInfo: null };
    return kernel.spawn(GEN_SERVER, gs, { link: opts.link ? host : null });
  },

  /** GenServer.call: a Later of the reply; exits the caller on timeout (`{:timeout, {GenServer, :call, ...}}`),
   *  on a dead server (`:noproc`) or when the server dies during the call (its reason). */
  call(server: ServerRef, req: Term, timeout: number | 'infinity' = 5000): Later<Term> {
    return new CallL(server, req, timeout);
  },

  cast(from: Proc | Kernel, server: ServerRef, req: Term): void {
    const kernel = 'host' in from ? from : from.kernel;
    const pid = whereis(kernel, server);
    if (pid) kernel.post('host' in from ? kernel.host : from, pid, ['$gen_cast', req]);
  },

  reply,
  whereis,

  /** GenServer.stop (Elixir 1.14 over OTP 25's proc_lib:stop): a Later of :ok once the server exited with `reason`.
   *  Like OTP it monitors the process, then sends the sys request `{:system, from, {:terminate, reason}}` as a call
   *  (a GenServer replies :ok and terminates; a raw process never replies) and waits `timeout` for the reply, then
   *  the rest of `timeout` for the DOWN. Exits the caller with {r, {GenServer, :stop, [server, reason, timeout]}}
   *  where r is :noproc (no such server), :calling_self, :timeout (no reply or no DOWN in time; the request stays
   *  queued), the server's actual exit reason when terminate changed it, or — when the process died before replying
   *  — `{its_reason, {:sys, :terminate, [pid, reason, timeout]}}` (plain :timeout / :noproc for those two reasons).
   *  Checked against OTP 25 in runtime/conformance/extra (10–13, 23, 25, 27). */
  stop(server: ServerRef, reason: Term = 'normal', timeout: number | 'infinity' = 'infinity'): Later<Term> {
    return new Op<Term>((self, k) => {
      const fail = (r: Term): unknown => failK(k, new ErlError('exit', [r, ['Elixir.GenServer', 'stop', list([server as Term, reason, timeout])]]));
      // an invalid timeout fails in gen:call's guard inside sys:terminate; the server is left alone (gen_server_SUITE stop3)
      if (timeout !== 'infinity' && !(Number.isInteger(timeout) && (timeout as number) >= 0))
        return fail([['function_clause', STACK], ['sys', 'terminate', list([server as Term, reason, timeout as Term])]]);
      const pid = whereis(self.kernel, server);
      if (!pid || !pid.alive) return fail('noproc');
      if (pid === self) return fail('calling_self');
      const kernel = self.kernel;
      const t0 = kernel.now();
      kernel.markMailbox(self); // only the fresh monitors' messages can match below
      const mref = self.monitor(pid);
      const cref = kernel.monitor(self, pid);
      cref.alias = self;
      kernel.sendFrom(self, pid, ['system', [self, cref], ['terminate', reason]]);
      const isDown = (m: Term, r: Ref): boolean => Array.isArray(m) && m[0] === 'DOWN' && m[1] === r;
      kernel.waitFor(self, (m) => (Array.isArray(m) && m[0] === cref) || isDown(m, cref), timeoutOf(timeout), (m: unknown) => {
        cref.alias = null;
        kernel.demonitor(self, cref, true);
        if (m === TIMEOUT || !Array.isArray(m) || m[0] !== cref) {
          kernel.demonitor(self, mref, true);
          if (m === TIMEOUT) return fail('timeout');
          const r = (m as Term[])[4];
          return fail(r === 'noproc' || r === 'timeout' ? r : [r, ['sys', 'terminate', list([pid, reason, timeout])]]);
        }
        const rest = timeout === 'infinity' ? Infinity : timeout - (kernel.now() - t0);
        kernel.waitFor(self, (x) => isDown(x, mref), rest, (x: unknown) => {
          if (x === TIMEOUT) {
            kernel.demonitor(self, mref, true);
            return fail('timeout');
          }
          const down = (x as Term[])[4];
          return termEq(down, reason) ? k('ok') : fail(down);
        });
      }, true);
    });
  },
};

class CallL extends Later<Term> {
  constructor(
    readonly server: ServerRef,
    readonly req: Term,
    readonly timeout: number | 'infinity',
  ) {
    super();
  }
  run(self: Proc, k: K<Term>): void {
    callIn(self, this, k);
  }
}

function callInfo(server: ServerRef, req: Term, timeout: number | 'infinity'): Term {
  return ['Elixir.GenServer', 'call', list([server as Term, req, timeout])];
}

function callIn(self: Proc, call: CallL, k: K<Term>): void {
  const kernel = self.kernel;
  const tail = kernel.tail === call; // run as the tail of the caller's turn step (see Kernel.tail)
  kernel.tail = null;
  const pid = whereis(kernel, call.server);
  if (!pid) {
    failK(k, new ErlError('exit', ['noproc', callInfo(call.server, call.req, call.timeout)]));
    return;
  }
  if (pid === self) {
    failK(k, new ErlError('exit', ['calling_self', callInfo(call.server, call.req, call.timeout)]));
    return;
  }
  const hand = pid.beh === GEN_SERVER && kernel.canHandOff(self, pid, tail);
  kernel.markMailbox(self); // only messages with the fresh monitor ref can match below
  const mref = kernel.addMonitor(new CallRef(kernel.newRefId(), self, pid, k, call));
  const from: From = [self, mref];
  if (hand) {
    // the server is idle and takes the next turn: the kernel runs it now (same events, same order; see handOff)
    mref.from = from;
    kernel.handOff(self, pid, mref, timeoutOf(call.timeout), kernel.tracing && kernel.traceMessages ? ['$gen_call', from, call.req] : null);
    return;
  }
  kernel.sendFrom(self, pid, ['$gen_call', from, call.req]);
  kernel.waitWith(self, mref, timeoutOf(call.timeout), true);
}

/** A call's monitor ref, which is also the caller's wait for `{mref, reply}` or the server's DOWN: one object per
 *  call (no closures, no separate wait record). It is the caller's process alias while the call waits. When the
 *  call is handed off (Kernel.handOff) it also serves the call in the server and carries the reply's value. */
class CallRef extends MonitorRef implements HandOff {
  /** Hand-off: the `from` given to handleCall, the reply value taken without a message, the reply message. */
  from: From | null = null;
  value: Term = null;
  rmsg: Term = null;
  constructor(
    id: number,
    self: Proc,
    server: Proc,
    readonly k: K<Term>,
    readonly call: CallL,
  ) {
    super(id, self, server);
    this.alias = self;
  }
  match(m: Term): boolean {
    return Array.isArray(m) && (m[0] === this || (m[0] === 'DOWN' && m[1] === this));
  }
  resume(self: Proc, v: unknown): void {
    const kernel = self.kernel;
    const tail = kernel.tail === this;
    kernel.tail = null;
    this.alias = null;
    if (v === TIMEOUT) {
      kernel.demonitor(self, this, true, true);
      const c = this.call;
      failK(this.k, new ErlError('exit', ['timeout', callInfo(c.server, c.req, c.timeout)]));
      return;
    }
    if (v === this) {
      // a handed-off reply (Kernel.handOff): the value, as if {mref, value} had been taken from the mailbox
      kernel.demonitor(self, this, true, true);
      if (tail) kernel.tail = this.k;
      this.k(this.value);
      return;
    }
    const t = v as Term[];
    if (t[0] === this) {
      kernel.demonitor(self, this, true, true);
      if (tail) kernel.tail = this.k;
      this.k(t[1]);
      return;
    }
    const c = this.call;
    failK(this.k, new ErlError('exit', [t[4], callInfo(c.server, c.req, c.timeout)]));
  }
  /** Serve the handed-off call in `server`: exactly what GEN_SERVER.receive does with `{:"$gen_call", from, req}`
   *  (dispatch → invoke), except that a plain `{:reply, v, state}` result (with the caller's alias still active)
   *  traces the reply's send, updates the state and returns v instead of delivering the reply (the kernel does). */
  serve(server: Proc): unknown {
    const gs = server.state as GS;
    const mod = gs.mod;
    const from = this.from!;
    if (!mod.handleCall) {
      invoke(server, gs, CALL, this.call.req, from);
      return NO_REPLY;
    }
    let r: Maybe<Term>;
    try {
      r = mod.handleCall(this.call.req, from, gs.st, server) as Maybe<Term>;
    } catch (e) {
      onError(server, gs, e, CALL, from);
      return NO_REPLY;
    }
    if (Array.isArray(r) && r[0] === 'reply' && r.length === 3 && this.alias === this.watcher) {
      const kernel = server.kernel;
      // reply(from, v) → post(server, caller, {mref, v}): its event now, its delivery up to the kernel
      if (kernel.tracing && kernel.traceMessages) kernel.emit({ type: 'send', from: server.id, to: this.watcher.id, msg: this.replyMsg(r[1]) });
      gs.st = r[2];
      return r[1];
    }
    if (r instanceof Later) r.run(server, kont((v: Term) => onResult(server, gs, v, CALL, from), (e) => onError(server, gs, e, CALL, from)));
    else onResult(server, gs, r, CALL, from);
    return NO_REPLY;
  }
  replyMsg(v: Term): Term {
    return this.rmsg ?? (this.rmsg = [this, v]);
  }
}
