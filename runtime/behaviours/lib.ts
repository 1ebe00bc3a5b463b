// What every library behaviour shares: the start argument a design node gives its process (`BehaviourEnv`), and
// non-blocking requests to other servers (OTP's `send_request`/`check_response`), so a manager, a breaker or a
// cache never blocks while a worker is busy.
import { Ref, isTagged, type Later, type Proc, type Term } from '../kernel/index';
import { whereis, type GenServerModule, type ServerRef } from '../otp/genserver';

/** How a started process finds the rest of the design (provided by runtime/sim/start.ts). */
export interface BehaviourEnv<P = Record<string, any>> {
  /** The design node this process runs for. */
  nodeId: string;
  name: string;
  /** The behaviour's parameters, defaults filled. */
  params: P;
  /** Names of the nodes this node has `calls` edges to, in edge order. */
  calls: readonly string[];
  /** Names of the nodes this node has `monitor` edges to, in edge order (optional: hosts without edges leave it out). */
  monitors?: readonly string[];
  /** The live process of a design node (by name), if it runs now. */
  pidOf(name: string): Proc | undefined;
  /** What the node's *name* reaches now, as OTP resolves it: its registered name (`Process.whereis`) or its
   *  Registry key (`{:via, Registry, ...}`); undefined when it runs unregistered (`register: "none"`) or not at all.
   *  Optional: hosts without it fall back to pidOf. */
  whereName?(name: string): Proc | undefined;
  /** The design node name a process runs for (any generation), if it is one. Optional: hosts that cannot tell
   *  (e.g. an exported project) leave it out and the pid is shown instead. */
  nameOf?(pid: Proc): string | undefined;
  /** Names of the design children of a supervisor node, in start order. */
  childrenOf(name: string): readonly string[];
  /** The design node kind and behaviour id of a node (by name). */
  kindOf(name: string): { kind: string; behaviour?: string } | undefined;
  /** Start a new child under a dynamic supervisor node: a process running `behaviour` with `params` (a Later of
   *  `{:ok, pid}` / `{:error, reason}`). `key` registers it in the design's registry (if there is one). */
  startChild(supervisor: string, behaviour: string, params: Record<string, unknown>, opts?: ChildOptions): Later<Term>;
  /** Look a key up in the design's registry. */
  lookup(key: string): Proc | undefined;
  /** Record a domain event for the run's summary (a breaker transition, a retry, a pool resize, ...). */
  note(event: string, data?: Record<string, unknown>): void;
  /** Add to one of this node's counters (kept by the run across restarts; shown in the summary). */
  count(counter: string, by?: number): void;
  /** This node's counters so far. */
  counters(): Readonly<Record<string, number>>;
}

export interface ChildOptions {
  /** Register the child in the design's registry under this key. */
  key?: string;
  restart?: 'permanent' | 'transient' | 'temporary';
}

/** A library behaviour: a GenServer module whose start argument is the node's environment. */
export type Behaviour<S = any, P = any> = GenServerModule<S, BehaviourEnv<P>>;

// ---- non-blocking requests ----------------------------------------------------------------------------------------

export type Response = { ref: Ref; ok: true; value: Term } | { ref: Ref; ok: false; reason: Term };

const TIMEOUT_TAG = '$request_timeout';

/**
 * Send a GenServer call without waiting (like `:gen_server.send_request/2`). The answer arrives as a message that
 * `checkResponse` turns into a Response: the reply, the server's exit reason if it died, `:noproc`, or `:timeout`.
 */
export function sendRequest(self: Proc, to: ServerRef | undefined, req: Term, timeoutMs = 5000): Ref {
  const pid = to === undefined ? undefined : whereis(self.kernel, to);
  if (!pid || !pid.alive) {
    const ref = self.kernel.makeRef();
    self.send(self, [TIMEOUT_TAG, ref, 'noproc']);
    return ref;
  }
  const ref = self.monitor(pid);
  ref.alias = self;
  self.send(pid, ['$gen_call', [self, ref], req]);
  if (Number.isFinite(timeoutMs)) self.sendAfter(timeoutMs, [TIMEOUT_TAG, ref, 'timeout']);
  return ref;
}

/** If `msg` answers a request made with sendRequest, the Response (else undefined: handle the message yourself).
 *  A request is answered once: a timeout after the reply (or a reply after the timeout) is dropped here. */
export function checkResponse(self: Proc, msg: Term, pending: { has(ref: Ref): boolean }): Response | undefined | 'stale' {
  if (Array.isArray(msg) && msg.length === 2 && msg[0] instanceof Ref) {
    const ref = msg[0];
    ref.alias = null;
    self.demonitor(ref, true);
    return pending.has(ref) ? { ref, ok: true, value: msg[1] } : 'stale';
  }
  if (isTagged(msg, 'DOWN', 5) && msg[1] instanceof Ref && pending.has(msg[1])) {
    return { ref: msg[1], ok: false, reason: msg[4] };
  }
  if (isTagged(msg, TIMEOUT_TAG, 3) && msg[1] instanceof Ref) {
    const ref = msg[1];
    if (!pending.has(ref)) return 'stale';
    ref.alias = null; // a late reply is never delivered (OTP 24+ aliases)
    self.demonitor(ref, true);
    return { ref, ok: false, reason: msg[2] };
  }
  return undefined;
}

/** An error answer: `:error` or `{:error, ...}` (any other answer counts as a success). */
export const isError = (t: Term): boolean => t === 'error' || isTagged(t, 'error');

/** The first calls-edge target whose node is of a behaviour in `ids` (or of any kind when ids is empty). */
export function calleeOf(env: BehaviourEnv, ...ids: string[]): string | undefined {
  return env.calls.find((n) => ids.length === 0 || ids.includes(env.kindOf(n)?.behaviour ?? env.kindOf(n)?.kind ?? ''));
}

/** The node's counters as an Elixir map (the reply to `:stats`). */
export function statsOf(env: BehaviourEnv): Map<Term, Term> {
  const c = env.counters();
  return new Map(Object.keys(c).sort().map((k) => [k, c[k]]));
}
