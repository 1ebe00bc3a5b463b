// The bridge's message schemas (zod), shared by the WebSocket server (bridge/server.ts validates every client
// message), the Electron main process (validates every bridge message before relaying it to the renderer) and the
// renderer (types through electron/contract.ts). Pure: no Node API. The message list in bridge/server.ts's header
// is the human-readable contract; this file is its machine-checked twin — change both together.
import { z } from 'zod';

/** `name@host`: letters, digits, `_`, `-`, `.` — what the protocol and the command line can carry safely. */
export const NODE_NAME = /^[A-Za-z0-9_-]+@[A-Za-z0-9_.-]+$/;
/** A local pid as the agent prints it. */
export const PID = /^<\d+\.\d+\.\d+>$/;
/** A process to send to / call: a pid `<0.123.0>` or a registered name (`my_server`, `MyApp.Cache`). */
export const TARGET = /^(<\d+\.\d+\.\d+>|[A-Za-z_][A-Za-z0-9_.@]{0,254})$/;
/** Largest term text (a message, a request, an exit reason) accepted from a client. */
export const MAX_TERM_CHARS = 16 * 1024;
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
    'dropped', // count events were not reported (more than 2000 in 50 ms)
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
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

/** Bridge → client. `tree` is the LiveTree of bridge/client.ts (kept loose here: the agent's report). */
export const BridgeMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), node: z.string(), nodes: z.array(z.string()), readOnly: z.literal(true), events: z.literal('pushed') }),
  z.object({ type: z.literal('tree'), node: z.string(), tree: z.object({ node: z.string(), apps: z.array(z.unknown()) }).passthrough() }),
  z.object({ type: z.literal('events'), events: z.array(LiveEvent), replay: z.boolean().optional() }),
  z.object({ type: z.literal('unlocked'), node: z.string() }),
  z.object({
    type: z.literal('result'), ok: z.boolean(), command: z.unknown(), pid: z.unknown(), node: z.string().optional(),
    id: z.union([z.string(), z.number()]).optional(),
    /** call: the reply, or the exit the call ended with (`{:timeout, …}`, `:noproc`), as Elixir prints it. */
    reply: z.string().optional(), exit: z.string().optional(), error: z.string().optional(),
  }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);
export type BridgeMessage = z.infer<typeof BridgeMessage>;
