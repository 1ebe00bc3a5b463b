// The bridge's data types and message schemas, shared by its Node side (client.ts, server.ts, import.ts), the
// Electron main process (validates every bridge message before relaying it to the renderer) and the app
// (renderer/live/*): no Node API here, so the browser build can import it. The message list at the top of
// bridge/server.ts is the human-readable contract; the zod schemas here are its machine-checked twin (server.ts
// validates every client message with ClientMessage) — change both together.
import { z } from 'zod';

/** One process of the live tree, as the agent reports it (bridge/agent.ex). */
export interface LiveProcess {
  pid: string | null;
  alive?: boolean;
  /** The child id in its parent's spec (inspected), absent for a root. */
  id?: string;
  kind: 'supervisor' | 'dynamic_supervisor' | 'registry' | 'task_supervisor' | 'worker';
  type?: 'worker' | 'supervisor';
  registeredName?: string | null;
  module?: string;
  modules?: string[];
  restart?: string;
  shutdown?: number | string | null;
  strategy?: string;
  intensity?: number;
  period?: number;
  maxChildren?: number | string;
  status?: string;
  messageQueueLen?: number;
  /** Local pids (and, for monitors, registered names) only; across nodes see remoteLinks / remoteMonitors. */
  links?: string[];
  monitors?: string[];
  /** Links to processes on other nodes of the cluster: the node, and the pid as that node prints it. */
  remoteLinks?: { node: string; pid: string }[];
  /** Monitors of processes on other nodes: by pid, or by registered name. */
  remoteMonitors?: { node: string; pid?: string; name?: string }[];
  trapExit?: boolean;
  children: LiveProcess[];
}
export interface LiveTree {
  node: string;
  /** `app` is null for a supervisor started outside any application (e.g. from iex). */
  apps: { app: string | null; root: LiveProcess }[];
}

/** `name@host`: letters, digits, `_`, `-`, `.` — what the protocol and the command line can carry safely. */
export const NODE_NAME = /^[A-Za-z0-9_-]+@[A-Za-z0-9_.-]+$/;
/** A local pid as the agent prints it. */
export const PID = /^<\d+\.\d+\.\d+>$/;
/** A process to send to / call: a pid `<0.123.0>` or a registered name (`my_server`, `MyApp.Cache`). */
export const TARGET = /^(<\d+\.\d+\.\d+>|[A-Za-z_][A-Za-z0-9_.@]{0,254})$/;
/** Largest term text (a message, a request, an exit reason) accepted from a client. */
export const MAX_TERM_CHARS = 16 * 1024;
/** Largest design (.suptree text) a client may send to run or compare. */
export const MAX_DESIGN_CHARS = 4 * 1024 * 1024;
/** Longest a `call` may wait for its reply (ms). */
export const MAX_CALL_TIMEOUT_MS = 60_000;

const nodeName = z.string().regex(NODE_NAME, 'a node name is name@host');
const term = z.string().min(1).max(MAX_TERM_CHARS);

/**
 * One pushed event from a node (bridge/agent.ex traces its trees and handles its supervisor reports), in order.
 * Shaped like the simulator's trace events (runtime/kernel/trace.ts): `type`, `t` (ms since the bridge attached),
 * pids as text. Terms (`reason`) are printed as Elixir prints them.
 */
export const LiveEvent = z.object({
  /** Increasing over the bridge's whole life (all nodes). */
  seq: z.number().int(),
  /** Milliseconds since the bridge attached (from the node's own clock, microsecond precision). */
  t: z.number(),
  /** Wall-clock time, ISO 8601. */
  at: z.string(),
  /** The node where it happened (for nodeup/nodedown: the node that went down or came up). */
  node: z.string(),
  type: z.enum([
    'spawn', // pid started by parent (label: registered name, module or M.f/a)
    'exit', // pid ended with reason
    'child_terminated', // supervisor report: sup's child (id child, pid) ended with reason; sup acts on it next
    'child_started', // supervisor progress report (only where the node's logger level lets info through)
    'restart', // the tree shows child (path) under sup running as pid, in place of old
    'intensity', // sup gave up: reached_max_restart_intensity (sup exits with :shutdown next)
    'start_error', 'shutdown_error', 'supervisor_report', // other supervisor reports
    'command', // a client's command was carried out (command, pid/target, reason/message)
    'nodeup', 'nodedown', // node came up / went down, as seenBy saw it (a node name, or "bridge")
    'dropped', // count events were not reported (more than 1000 in 50 ms)
  ]),
  pid: z.string().nullable().optional(),
  parent: z.string().optional(),
  label: z.string().optional(),
  reason: z.string().optional(),
  sup: z.string().optional(),
  supName: z.string().nullable().optional(),
  child: z.string().nullable().optional(),
  old: z.string().nullable().optional(),
  restart: z.string().nullable().optional(),
  /** The process's place in its node's tree, `app/child_id/…` (where the bridge knew it). */
  path: z.string().optional(),
  seenBy: z.string().optional(),
  command: z.string().optional(),
  target: z.string().optional(),
  message: z.string().optional(),
  count: z.number().int().optional(),
});
export type LiveEvent = z.infer<typeof LiveEvent>;

/** Client → bridge. */
export const ClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('tree'), node: nodeName.optional() }),
  z.object({ type: z.literal('unlock'), node: nodeName }),
  z.object({
    type: z.literal('command'),
    /** Echoed in the result, to match answers to commands. */
    id: z.union([z.string().max(64), z.number()]).optional(),
    node: nodeName.optional(),
    command: z.enum(['kill', 'exit', 'send', 'call']),
    /** kill/exit: a pid; send/call: a pid or a registered name. */
    pid: z.string().regex(TARGET, 'a pid like <0.123.0> or a registered name'),
    /** exit: the reason as an Elixir term (`:boom`, `{:shutdown, :bye}`; a bare word is an atom). Default :boom. */
    reason: term.optional(),
    /** send: the message; call: the request — Elixir literal terms (`{:push, 1}`, `"text"`, `%{a: 1}`). */
    message: term.optional(),
    /** call: how long to wait for the reply (ms, default 5000). */
    timeoutMs: z.number().int().min(1).max(MAX_CALL_TIMEOUT_MS).optional(),
  }),
  /** Run on BEAM: compile the design's Elixir export, start it on a fresh local node, attach (bridges started with
   *  --serve, or by the desktop app). */
  z.object({ type: z.literal('run'), id: z.union([z.string().max(64), z.number()]).optional(), design: z.string().min(1).max(MAX_DESIGN_CHARS) }),
  /** Stop a node this bridge started with `run` (detach, stop the node, remove its temp folder). */
  z.object({ type: z.literal('stop'), id: z.union([z.string().max(64), z.number()]).optional(), node: nodeName }),
  /** One scenario of the design on the simulator and on real OTP, both event logs in the exports' line format. */
  z.object({ type: z.literal('compare'), id: z.union([z.string().max(64), z.number()]).optional(), design: z.string().min(1).max(MAX_DESIGN_CHARS), scenario: z.string().min(1).max(500), allKinds: z.boolean().optional() }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

/** Bridge → client. `tree` is the LiveTree of bridge/client.ts (kept loose here: the agent's report). */
export const BridgeMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), node: z.string().nullable(), nodes: z.array(z.string()), readOnly: z.literal(true), events: z.literal('pushed') }),
  /** The attached nodes changed (a design started or stopped). */
  z.object({ type: z.literal('nodes'), nodes: z.array(z.string()) }),
  z.object({ type: z.literal('running'), id: z.union([z.string(), z.number()]).optional(), node: z.string(), app: z.string(), designPaths: z.record(z.string(), z.string()) }),
  z.object({ type: z.literal('stopped'), id: z.union([z.string(), z.number()]).optional(), node: z.string() }),
  z.object({
    type: z.literal('comparison'), id: z.union([z.string(), z.number()]).optional(), scenario: z.string(),
    simulator: z.array(z.string()), otp: z.array(z.string()),
    compared: z.object({ simulator: z.array(z.string()), otp: z.array(z.string()) }),
    diff: z.array(z.object({ side: z.enum(['=', '<', '>']), line: z.string() })), same: z.boolean(),
  }),
  z.object({ type: z.literal('tree'), node: z.string(), tree: z.object({ node: z.string(), apps: z.array(z.unknown()) }).passthrough() }),
  z.object({ type: z.literal('events'), events: z.array(LiveEvent), replay: z.boolean().optional() }),
  z.object({ type: z.literal('unlocked'), node: z.string() }),
  z.object({
    type: z.literal('result'), ok: z.boolean(), command: z.unknown(), pid: z.unknown(), node: z.string().optional(),
    id: z.union([z.string(), z.number()]).optional(),
    /** call: the reply, or the exit the call ended with (`{:timeout, …}`, `:noproc`), as Elixir prints it. */
    reply: z.string().optional(), exit: z.string().optional(), error: z.string().optional(),
  }),
  z.object({ type: z.literal('error'), id: z.union([z.string(), z.number()]).optional(), message: z.string() }),
]);
export type BridgeMessage = z.infer<typeof BridgeMessage>;

/** pid of every process in the tree by its path (child ids are stable across restarts, pids are not). */
export function pidsByPath(tree: LiveTree): Map<string, string | null> {
  const out = new Map<string, string | null>();
  const walk = (p: LiveProcess, path: string) => {
    // dynamic children have no stable id: keyed by pid, so they appear as exited + started
    out.set(path, p.pid);
    p.children.forEach((c) => walk(c, `${path}/${c.id && c.id !== 'undefined' ? c.id : c.pid}`));
  };
  tree.apps.forEach((a, i) => walk(a.root, a.app ?? a.root.registeredName ?? `root${i}`));
  return out;
}

/** What changed between two tree snapshots (the bridge pushes events now; this stays for comparing trees). */
export interface TreeChange {
  kind: 'started' | 'exited' | 'restarted';
  /** The process's place in the tree: `app/child_id/child_id…`. */
  path: string;
  pid?: string | null;
  oldPid?: string | null;
  at: string;
}

/** What changed between two snapshots. */
export function diffTrees(before: LiveTree, after: LiveTree, at = new Date().toISOString()): TreeChange[] {
  const a = pidsByPath(before), b = pidsByPath(after);
  const events: TreeChange[] = [];
  for (const [path, pid] of b) {
    if (!a.has(path)) events.push({ kind: 'started', path, pid, at });
    else if (a.get(path) !== pid) events.push({ kind: 'restarted', path, pid, oldPid: a.get(path), at });
  }
  for (const [path, pid] of a) if (!b.has(path)) events.push({ kind: 'exited', path, pid, at });
  return events;
}
