// Registry (unique or duplicate keys) like Elixir's: registrations are written directly into the registry's tables
// by the registering process (as Elixir writes to ETS); the registry process links to each owner and removes its
// keys when the owner's EXIT arrives. Lookups skip dead owners, so a restarted process can take its key at once.
//
// Elixir's Registry is a supervisor with partition processes; one process plays both here. Like that supervisor it
// stops when its parent's exit signal arrives (it traps exits): its partition is shut down first, so every process
// registered in it gets the exit signal `:shutdown` (they are linked to the partition), then the registry exits with
// the parent's reason. Checked against OTP 25 in runtime/conformance/extra/scenarios/38-registry-parent-exit.
import { ErlError, ErlStruct, Later, List, Op, bin, fmt, termEq, type Kernel, type Proc, type ProcessBehaviour, type Term } from '../kernel/index';
import { registerViaModule } from './genserver';

export type Keys = 'unique' | 'duplicate';

interface RegState {
  keys: Keys;
  /** The process that started it (its supervisor); null when started from host code without a link. */
  parent: Proc | null;
  /** Registry.start_link's :partitions (the tables are one here; only the order of results differs on OTP) */
  partitions: number;
  meta: Map<string, Term>;
  byKey: Map<string, [Proc, Term][]>;
  byPid: Map<Proc, Set<string>>;
  keyTerms: Map<string, Term>;
}

const keyOf = (t: Term): string => (typeof t === 'string' ? t : '\u0000' + fmt(t));

const REGISTRY: ProcessBehaviour<RegState> = {
  init(self, st) {
    self.state = st;
    self.trapExit(true);
  },
  receive(self, msg) {
    if (!(Array.isArray(msg) && msg[0] === 'EXIT' && msg.length === 3)) return;
    const st = self.state as RegState;
    if (msg[1] === st.parent) return shutDown(self, st, msg[2]);
    removeOwner(st, msg[1] as Proc);
  },
};

/** The parent's exit signal: the partition stops (its owners get `:shutdown`), then the registry exits with `reason`. */
function shutDown(self: Proc, st: RegState, reason: Term): void {
  for (const owner of st.byPid.keys()) {
    if (!owner.alive) continue;
    self.unlink(owner);
    self.exitSignal(owner, 'shutdown');
  }
  st.byKey.clear();
  st.byPid.clear();
  st.keyTerms.clear();
  self.kernel.die(self, reason);
}

function removeOwner(st: RegState, pid: Proc): void {
  const keys = st.byPid.get(pid);
  if (!keys) return;
  st.byPid.delete(pid);
  for (const k of keys) {
    const entries = st.byKey.get(k)?.filter(([p]) => p !== pid) ?? [];
    if (entries.length) st.byKey.set(k, entries);
    else {
      st.byKey.delete(k);
      st.keyTerms.delete(k);
    }
  }
}

function table(kernel: Kernel, reg: string): { pid: Proc; st: RegState } {
  const pid = kernel.whereis(reg);
  // Elixir: `raise ArgumentError, "unknown registry: #{inspect(registry)}"` (Registry.key_info!)
  if (!pid || (pid.state as RegState | undefined)?.byKey === undefined) throw new ErlError('error', new ErlStruct('ArgumentError', { message: bin(`unknown registry: ${fmt(reg)}`) }));
  return { pid, st: pid.state as RegState };
}

/** An ETS match pattern against a value: `:_` matches anything, `:"$N"` binds (the same variable, the same term). */
export function matchPattern(pat: Term, v: Term, binds: Map<string, Term> = new Map()): boolean {
  if (pat === '_') return true;
  if (typeof pat === 'string' && /^\$\d+$/.test(pat)) {
    const b = binds.get(pat);
    if (b === undefined) {
      binds.set(pat, v);
      return true;
    }
    return termEq(b, v);
  }
  if (Array.isArray(pat)) return Array.isArray(v) && pat.length === v.length && pat.every((p, i) => matchPattern(p, v[i], binds));
  if (pat instanceof List) return v instanceof List && pat.items.length === v.items.length && pat.items.every((p, i) => matchPattern(p, v.items[i], binds));
  return termEq(pat, v);
}

function liveEntries(st: RegState, key: Term): [Proc, Term][] {
  return (st.byKey.get(keyOf(key)) ?? []).filter(([p]) => p.alive);
}

export interface RegistryOptions {
  keys?: Keys;
  name: string;
  partitions?: number;
  meta?: readonly (readonly [Term, Term])[];
}

export const Registry = {
  /** Start a registry process registered as `name` (linked to the caller). */
  startLink(opts: RegistryOptions): Later<Term> {
    return new Op<Term>((self, k) => {
      if (self.kernel.whereis(opts.name)) return k(['error', ['already_started', self.kernel.whereis(opts.name)!]]);
      const pid = Registry.spawn(self.kernel, opts);
      self.link(pid);
      (pid.state as RegState).parent = self;
      k(['ok', pid]);
    });
  },
  /** Start from host code; returns the pid. With `link: true` the host is its parent (linked, like a root's
   *  application master): the host's exit signal stops it. */
  spawn(kernel: Kernel, opts: RegistryOptions & { link?: boolean }): Proc {
    const st: RegState = {
      keys: opts.keys ?? 'unique',
      partitions: opts.partitions ?? 1,
      meta: new Map((opts.meta ?? []).map(([k, v]) => [keyOf(k), v])),
      parent: opts.link ? kernel.host : null,
      byKey: new Map(),
      byPid: new Map(),
      keyTerms: new Map(),
    };
    const pid = kernel.spawn(REGISTRY, st, { label: opts.name, link: opts.link ? kernel.host : null });
    pid.state = st; // readable before the process first runs
    kernel.register(opts.name, pid);
    return pid;
  },

  /** Register `self` under key: `{:ok, owner}` or `{:error, {:already_registered, pid}}` (unique keys). */
  register(self: Proc, reg: string, key: Term, value: Term = null): Term {
    const { pid: owner, st } = table(self.kernel, reg);
    const kk = keyOf(key);
    const entries = (st.byKey.get(kk) ?? []).filter(([p]) => p.alive);
    if (st.keys === 'unique' && entries.length > 0) return ['error', ['already_registered', entries[0][0]]];
    entries.push([self, value]);
    st.byKey.set(kk, entries);
    st.keyTerms.set(kk, key);
    let keys = st.byPid.get(self);
    if (!keys) st.byPid.set(self, (keys = new Set()));
    keys.add(kk);
    self.kernel.link(owner, self);
    return ['ok', owner];
  },

  unregister(self: Proc, reg: string, key: Term): Term {
    const { st } = table(self.kernel, reg);
    const kk = keyOf(key);
    const entries = (st.byKey.get(kk) ?? []).filter(([p]) => p !== self);
    if (entries.length) st.byKey.set(kk, entries);
    else st.byKey.delete(kk);
    st.byPid.get(self)?.delete(kk);
    return 'ok';
  },

  /** Registry.unregister_match: drop self's entries under key whose value matches the pattern. */
  unregisterMatch(self: Proc, reg: string, key: Term, pattern: Term): Term {
    const { st } = table(self.kernel, reg);
    const kk = keyOf(key);
    const all = st.byKey.get(kk) ?? [];
    const entries = all.filter(([p, v]) => p !== self || !matchPattern(pattern, v));
    if (entries.length) st.byKey.set(kk, entries);
    else st.byKey.delete(kk);
    if (!entries.some(([p]) => p === self)) st.byPid.get(self)?.delete(kk);
    return 'ok';
  },

  /** Registry.values(reg, key, pid): the values pid registered under key. */
  values(kernel: Kernel, reg: string, key: Term, pid: Proc): Term[] {
    const { st } = table(kernel, reg);
    return liveEntries(st, key).filter(([p]) => p === pid).map(([, v]) => v);
  },

  /** Registry.match(reg, key, pattern): the entries under key whose value matches. */
  match(kernel: Kernel, reg: string, key: Term, pattern: Term): [Proc, Term][] {
    const { st } = table(kernel, reg);
    return liveEntries(st, key).filter(([, v]) => matchPattern(pattern, v));
  },

  countMatch(kernel: Kernel, reg: string, key: Term, pattern: Term): number {
    return Registry.match(kernel, reg, key, pattern).length;
  },

  /** Registry.count: all live entries. */
  count(kernel: Kernel, reg: string): number {
    const { st } = table(kernel, reg);
    let n = 0;
    for (const entries of st.byKey.values()) for (const [p] of entries) if (p.alive) n++;
    return n;
  },

  /** Registry.select with the match-all spec: every live {key, pid, value}. */
  selectAll(kernel: Kernel, reg: string): Term[] {
    const { st } = table(kernel, reg);
    const out: Term[] = [];
    for (const [kk, entries] of st.byKey) for (const [p, v] of entries) if (p.alive) out.push([st.keyTerms.get(kk)!, p, v]);
    return out;
  },

  meta(kernel: Kernel, reg: string, key: Term): Term {
    const { st } = table(kernel, reg);
    const v = st.meta.get(keyOf(key));
    return v === undefined ? 'error' : ['ok', v];
  },

  putMeta(kernel: Kernel, reg: string, key: Term, value: Term): Term {
    const { st } = table(kernel, reg);
    st.meta.set(keyOf(key), value);
    return 'ok';
  },

  /** Registry.update_value (unique keys): `{new, old}` for self's entry, else `:error`. */
  updateValue(self: Proc, reg: string, key: Term, fn: (old: Term) => Term): Term {
    const { st } = table(self.kernel, reg);
    if (st.keys !== 'unique') throw new ErlError('error', new ErlStruct('Elixir.ArgumentError', { message: bin('Registry.update_value/3 is not supported for duplicate registries') }));
    const entries = st.byKey.get(keyOf(key)) ?? [];
    const i = entries.findIndex(([p]) => p === self);
    if (i < 0) return 'error';
    const old = entries[i][1];
    const nv = fn(old);
    entries[i] = [self, nv];
    return [nv, old];
  },

  /** Registry.dispatch: calls fn with the live entries of key (once: a single partition here), then `:ok`. */
  dispatch(kernel: Kernel, reg: string, key: Term, fn: (entries: [Proc, Term][]) => void): Term {
    const { st } = table(kernel, reg);
    const entries = liveEntries(st, key);
    if (entries.length) fn(entries);
    return 'ok';
  },

  /** Live owners of `key` with their values. */
  lookup(kernel: Kernel, reg: string, key: Term): [Proc, Term][] {
    const { st } = table(kernel, reg);
    return (st.byKey.get(keyOf(key)) ?? []).filter(([p]) => p.alive);
  },

  keys(kernel: Kernel, reg: string, pid: Proc): Term[] {
    const { st } = table(kernel, reg);
    return [...(st.byPid.get(pid) ?? [])].map((k) => st.keyTerms.get(k)!);
  },

  /** A via name: `['via', 'Elixir.Registry', [reg, key]]`, usable wherever a GenServer name is. */
  via(reg: string, key: Term): readonly ['via', string, Term] {
    return ['via', 'Elixir.Registry', [reg, key]];
  },
};

const viaOnDuplicate = (): ErlError => new ErlError('error', new ErlStruct('ArgumentError', { message: bin(':via is not supported for duplicate registries') }));

registerViaModule('Elixir.Registry', {
  registerName(kernel, rk, pid) {
    const [reg, key] = rk as [string, Term];
    const { pid: owner, st } = table(kernel, reg);
    const kk = keyOf(key);
    const live = (st.byKey.get(kk) ?? []).filter(([p]) => p.alive);
    if (st.keys !== 'unique') throw viaOnDuplicate();
    if (live.length > 0) return 'no';
    st.byKey.set(kk, [[pid, null]]);
    st.keyTerms.set(kk, key);
    let keys = st.byPid.get(pid);
    if (!keys) st.byPid.set(pid, (keys = new Set()));
    keys.add(kk);
    kernel.link(owner, pid);
    return 'yes';
  },
  whereisName(kernel, rk) {
    const [reg, key] = rk as [string, Term];
    // Registry.whereis_name raises for a duplicate registry; gen's start asks it in the caller first
    if (table(kernel, reg).st.keys !== 'unique') throw viaOnDuplicate();
    const live = Registry.lookup(kernel, reg, key);
    return live.length ? live[0][0] : undefined;
  },
  unregisterName(kernel, rk) {
    const [reg, key] = rk as [string, Term];
    const { st } = table(kernel, reg);
    st.byKey.delete(keyOf(key));
  },
});
