// The scenario fields, steps and actions of runtime/conformance/suites (README.md there), on the kernel exactly as
// otp_suites.exs runs them on real OTP: child specs with raw fields and odd start results, a supervisor's own init
// result and flags, get_childspec / check_childspecs, GenServer results with noreply / timeouts / hibernate /
// continue, DynamicSupervisor extra_arguments and as a child, the Registry API, and steps that do not wait for
// quiescence (to observe a supervisor in the middle of a restart loop).
import { ErlError, Later, bin, isUnwind, list, runtimeError, toErlError, type Proc, type Term } from '../../kernel/index';
import { reply, type From } from '../../otp/genserver';
import { DynamicSupervisor, Supervisor, type ChildSpec, type SupervisorInit } from '../../otp/supervisor';
import { Registry } from '../../otp/registry';
import type { Conformance, Ctx } from '../interpreter';
import { term } from '../interpreter';
import type { Step } from '../scenario';

type Gen<T> = Generator<Later<any>, T, any>;

// ---- GenServer callback results -------------------------------------------------------------------------------------

/** A callback's result as the behaviour's actions shaped it: exactly `return`'s term, a call without its reply
 *  (`noreply`), and a timeout / :hibernate / {:continue, t} tail (not on stop results). Clears those marks. */
export function gsRet(r: Term, ctx: Ctx): any {
  const ret = ctx.ret, noreply = ctx.noreply, tail = ctx.tail;
  if (ret === undefined && noreply === undefined && tail === undefined) return r;
  ctx.ret = ctx.noreply = ctx.tail = undefined;
  if (ret) return ret.v;
  let out = r as Term[];
  if (noreply && out[0] === 'reply') out = ['noreply', out[2]];
  if (tail !== undefined && (out[0] === 'ok' || out[0] === 'reply' || out[0] === 'noreply')) out = [...out, tail];
  return out;
}

/** The suites' actions; null for an unknown one. */
export function suiteAction(conf: Conformance, name: string, v: any, ctx: Ctx, self: Proc): Later<unknown> | null {
  switch (name) {
    case 'noreply':
      ctx.noreply = true;
      ctx.savedFrom = ctx.from;
      return Later.of(undefined);
    case 'deferred_reply': {
      const t = term(v);
      reply(ctx.savedFrom as unknown as From, t);
      conf.log(`${ctx.label} deferred_reply ${conf.f(t)}`);
      return Later.of(undefined);
    }
    case 'timeout':
      ctx.tail = v as number;
      return Later.of(undefined);
    case 'hibernate':
      ctx.tail = 'hibernate';
      return Later.of(undefined);
    case 'continue':
      ctx.tail = ['continue', term(v)];
      return Later.of(undefined);
    case 'return':
      ctx.ret = { v: term(v) };
      return Later.of(undefined);
    case 'reg':
      conf.log(`${ctx.label} ${regText(conf, v, self)}`);
      return Later.of(undefined);
  }
  return null;
}

// ---- child specs and supervisor init ----------------------------------------------------------------------------------

const SUITES_MOD = 'Elixir.Conf.Suites';

/** A JSON value as the OTP side holds it when passed unconverted (strings are binaries, arrays lists, objects maps). */
function rawJson(j: unknown): Term {
  if (typeof j === 'string') return bin(j);
  if (Array.isArray(j)) return list(j.map(rawJson));
  if (j && typeof j === 'object') return new Map(Object.entries(j).map(([k, v]) => [bin(k), rawJson(v)] as [Term, Term]));
  return (j ?? null) as Term;
}

const CHILD_FIELDS: Record<string, keyof ChildSpec> = { id: 'id', start: 'start', restart: 'restart', shutdown: 'shutdown', type: 'type', modules: 'modules', significant: 'significant' };

/** A child spec with the suites' fields: start_return, extra, extra_args, dynamic (a DynamicSupervisor child), then
 *  raw terms merged in and dropped keys (invalid values reach the supervisor's own checks). */
export function suiteChildSpec(conf: Conformance, cbase: string, c: Record<string, any>, spec: ChildSpec): ChildSpec {
  let out: ChildSpec = spec;
  const worker = (): Later<Term> => spec.start();
  // the start MFA the OTP side uses (shown in the child record of a failed static start_child)
  const mfa = (f: string, args: unknown[]): Partial<ChildSpec> => ({ mfargs: [SUITES_MOD, f, list(args.map(rawJson))], modules: list([SUITES_MOD]) });
  if ('start_return' in c) {
    const t = term(c.start_return);
    out = { ...out, start: () => Later.of(t), ...mfa('start_return', [c.start_return]) };
  } else if (typeof c.register === 'string') {
    const name = c.register as string;
    out = {
      ...out,
      start: () => conf.startGs({ name: cbase, behaviour: c.behaviour, link: true }, null as unknown as Proc, { name }, true),
      ...mfa('start_named', [cbase, c.behaviour, name]),
    };
  } else if ('start_fail' in c) {
    const f = c.start_fail as Record<string, unknown>;
    const err = 'throw' in f ? new ErlError('throw', term(f.throw)) : 'raise' in f ? new ErlError('error', runtimeErr(String(f.raise))) : new ErlError('exit', term(f.exit));
    out = { ...out, start: () => { throw err; }, ...mfa('start_fail', [c.start_fail]) };
  } else if ('extra' in c) {
    const info = term(c.extra);
    out = {
      ...out,
      start: () => worker().then((r) => (Array.isArray(r) && r[0] === 'ok' && r.length === 2 ? ['ok', r[1], info] : r)),
      ...mfa('start_extra', [cbase, c.behaviour, c.via ?? null, c.extra]),
    };
  } else if (c.extra_args === true) {
    out = {
      ...out,
      ...mfa('start_extra_args', [cbase, c.behaviour, c.via ?? null]),
      start: (...extra: Term[]) =>
        worker().then((r) => {
          if (Array.isArray(r) && r[0] === 'ok') conf.log(`${conf.f(r[1])} extra_args ${conf.f(list(extra))}`);
          return r;
        }),
    };
  } else if (c.dynamic && typeof c.dynamic === 'object') {
    const d = c.dynamic as Record<string, any>;
    conf.setKind(cbase, 'dsup');
    out = { ...out, start: () => dsupStart(conf, cbase, d, true), ...mfa('start_dsup', [cbase, d]) };
  }
  if (c.raw || c.drop) {
    const o: Record<string, unknown> = { ...out };
    for (const [k, v] of Object.entries((c.raw ?? {}) as Record<string, unknown>)) o[CHILD_FIELDS[k] ?? k] = term(v);
    for (const k of (c.drop ?? []) as string[]) delete o[CHILD_FIELDS[k] ?? k];
    out = o as unknown as ChildSpec;
  }
  return out;
}

const FLAG_FIELDS: Record<string, keyof SupervisorInit> = { strategy: 'strategy', intensity: 'maxRestarts', period: 'maxSeconds', auto_shutdown: 'autoShutdown' };

/** A supervisor's init result with the suites' fields: "flags" (terms merged into the flags; unknown keys ignored, as
 *  OTP does) and "init" ("ignore", {"return": term}, {"raise": msg}). */
export function suiteSupInit(spec: Record<string, any>, init: SupervisorInit): SupervisorInit | Term {
  let out: SupervisorInit = init;
  if (spec.flags) {
    const o: Record<string, unknown> = { ...out };
    for (const [k, v] of Object.entries(spec.flags as Record<string, unknown>)) if (FLAG_FIELDS[k]) o[FLAG_FIELDS[k]] = term(v);
    out = o as unknown as SupervisorInit;
  }
  const i = spec.init;
  if (i === undefined || i === null) return out;
  if (i === 'ignore') return 'ignore';
  if (typeof i === 'object' && 'return' in i) return term(i.return);
  if (typeof i === 'object' && 'raise' in i) throw new ErlError('error', runtimeErr(String(i.raise)));
  throw new ErlError('error', runtimeErr(`bad init field ${JSON.stringify(i)}`));
}

const runtimeErr = runtimeError;

/** A DynamicSupervisor labelled `base` (numbered as a child), with the fields of start_dynamic_supervisor plus
 *  extra_arguments. */
function dsupStart(conf: Conformance, base: string, d: Record<string, any>, numbered: boolean): Later<Term> {
  const mc = d.max_children;
  return DynamicSupervisor.startLink({
    maxChildren: typeof mc === 'number' ? mc : Infinity,
    maxRestarts: d.max_restarts ?? 3,
    maxSeconds: d.max_seconds ?? 5,
    extraArguments: ((d.extra_arguments ?? []) as unknown[]).map(term),
    // "flags": terms as an init callback would return them; "init": "ignore" | {"return": term}
    ...(d.flags ? { flags: Object.fromEntries(Object.entries(d.flags as Record<string, unknown>).map(([k, v]) => [k, term(v)])) } : {}),
    ...(d.init === 'ignore' ? { initResult: 'ignore' } : d.init && typeof d.init === 'object' && 'return' in d.init ? { initResult: term(d.init.return) } : {}),
    module: 'Elixir.Conf.Suites.DSup',
    atInit: (self) => void conf.assignLabel(self, base, numbered), // labelled in init, as on the OTP side
  }, d.register ? { name: String(d.register) } : {});
}

// ---- steps ------------------------------------------------------------------------------------------------------------

/** The suites' steps; null for an unknown one. Each returns the step's result line. */
export function suiteStep(conf: Conformance, s: Step, self: Proc): Gen<string | null> | null {
  const lg = (t: string): string => `driver ${t}`;
  switch (s.op) {
    case 'get_childspec':
      return (function* (): Gen<string | null> {
        const id = String(s.id);
        let res = (yield Supervisor.getChildspec(conf.resolve(s.sup), id)) as Term;
        if (Array.isArray(res) && res[0] === 'ok' && res[1] instanceof Map) {
          const m = new Map(res[1]);
          m.delete('start');
          m.delete('modules');
          res = ['ok', m];
        }
        return lg(`get_childspec ${s.sup} ${conf.f(id)} -> ${conf.f(res)}`);
      })();
    case 'check_childspecs':
      // eslint-disable-next-line require-yield -- every step is a generator; this one does not block
      return (function* (): Gen<string | null> {
        const cs = s.children as Record<string, any>[];
        const ids = list(cs.map((c) => String(c.id ?? 'undefined')));
        return lg(`check_childspecs ${conf.f(ids)} -> ${conf.f(Supervisor.checkChildspecs(cs.map((c) => conf.childSpec('check', c))))}`);
      })();
    case 'pause':
      return (function* (): Gen<string | null> {
        if ((s.ms ?? 0) > 0) yield self.sleep(s.ms as number);
        return null;
      })();
    case 'gs_start':
      return (function* (): Gen<string | null> {
        const spec = { name: s.name, behaviour: s.behaviour, link: s.link === true };
        const res = yield conf.startGs(spec, self, {
          ...(s.register ? { name: String(s.register) } : {}),
          ...(typeof s.timeout === 'number' ? { timeout: s.timeout } : {}),
        });
        return lg(`gs_start ${s.name} -> ${conf.f(res)}`);
      })();
    case 'whereis':
      // eslint-disable-next-line require-yield -- every step is a generator; this one does not block
      return (function* (): Gen<string | null> {
        return lg(`whereis ${s.name} -> ${conf.f(self.kernel.whereis(String(s.name)) ?? null)}`);
      })();
    case 'sup_start':
      return (function* (): Gen<string | null> {
        return lg(`sup_start ${s.name} -> ${conf.f(yield conf.startSup(s, String(s.register)))}`);
      })();
    case 'dsup_start':
      return (function* (): Gen<string | null> {
        conf.setKind(s.name, 'dsup');
        return lg(`dsup_start ${s.name} -> ${conf.f(yield dsupStart(conf, s.name, s, false))}`);
      })();
    case 'registry_start':
      return (function* (): Gen<string | null> {
        const res = (yield Registry.startLink({
          keys: (s.keys ?? 'unique') as 'unique' | 'duplicate',
          name: String(s.name),
          partitions: s.partitions ?? 1,
          meta: ((s.meta ?? []) as unknown[][]).map(([k, v]) => [term(k), term(v)] as [Term, Term]),
        })) as Term;
        if (Array.isArray(res) && res[0] === 'ok') conf.putLabel(res[1] as Proc, s.name, s.name);
        return lg(`registry_start ${s.name} -> ${conf.f(res)}`);
      })();
    case 'reg':
      // eslint-disable-next-line require-yield -- every step is a generator; registry operations do not block
      return (function* (): Gen<string | null> {
        return lg(regText(conf, s, self));
      })();
  }
  return null;
}

// ---- Registry ---------------------------------------------------------------------------------------------------------

/** `reg <op> <registry> [<key>] -> <result>`, as otp_suites.exs prints it: entry lists sorted by their printed form,
 *  a register's {:ok, owner} as :ok, a raised error as `raise %Mod{...}`. */
function regText(conf: Conformance, r: Record<string, any>, self: Proc): string {
  const op = String(r.call);
  const reg = String(r.registry);
  const hasKey = 'key' in r;
  const key = hasKey ? term(r.key) : null;
  let res: string;
  try {
    res = regOp(conf, op, reg, key, r, self);
  } catch (e) {
    if (isUnwind(e)) throw e;
    const err = toErlError(e);
    res = err.kind === 'error' ? 'raise ' + conf.f(err.value) : err.kind === 'exit' ? 'exit ' + conf.f(err.value) : `throw ${conf.f(err.value)}`;
  }
  return `reg ${op} ${reg}${hasKey ? ' ' + conf.f(key) : ''} -> ${res}`;
}

function sorted(conf: Conformance, items: readonly Term[]): string {
  return '[' + items.map((t) => conf.f(t)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join(', ') + ']';
}

function regOp(conf: Conformance, op: string, reg: string, key: Term, r: Record<string, any>, self: Proc): string {
  const k = self.kernel;
  switch (op) {
    case 'register': {
      const res = Registry.register(self, reg, key, term(r.value ?? null));
      return Array.isArray(res) && res[0] === 'ok' ? ':ok' : conf.f(res);
    }
    case 'register_name':
      // Elixir: register(registry, key, nil), :yes / :no
      return ((r) => (Array.isArray(r) && r[0] === 'ok' ? ':yes' : ':no'))(Registry.register(self, reg, key, null));
    case 'unregister':
      return conf.f(Registry.unregister(self, reg, key));
    case 'unregister_match':
      return conf.f(Registry.unregisterMatch(self, reg, key, term(r.pattern)));
    case 'lookup':
      return sorted(conf, Registry.lookup(k, reg, key).map(([p, v]) => [p, v] as Term));
    case 'keys':
      return sorted(conf, Registry.keys(k, reg, conf.pid(r.pid)));
    case 'values':
      return sorted(conf, Registry.values(k, reg, key, conf.pid(r.pid)));
    case 'match':
      return sorted(conf, Registry.match(k, reg, key, term(r.pattern)).map(([p, v]) => [p, v] as Term));
    case 'count':
      return conf.f(Registry.count(k, reg));
    case 'count_match':
      return conf.f(Registry.countMatch(k, reg, key, term(r.pattern)));
    case 'meta':
      return conf.f(Registry.meta(k, reg, key));
    case 'put_meta':
      return conf.f(Registry.putMeta(k, reg, key, term(r.value)));
    case 'update_value': {
      const v = term(r.value);
      return conf.f(Registry.updateValue(self, reg, key, () => v));
    }
    case 'select_all':
      return sorted(conf, Registry.selectAll(k, reg));
    case 'dispatch': {
      const msg = term(r.msg);
      return conf.f(Registry.dispatch(k, reg, key, (entries) => {
        for (const [p, v] of entries) self.send(p, [msg, v]);
      }));
    }
  }
  throw new ErlError('error', runtimeErr(`unknown registry op "${op}"`));
}
