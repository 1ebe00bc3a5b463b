// The bridge protocol's hub, independent of its transport (no Node network API here): the WebSocket server
// (bridge/server.ts, whose header is the message list) and the Electron main process (electron/main/live-bridge.ts,
// over IPC) both drive one. It numbers and places the nodes' pushed events (EventLog), answers client messages
// (validated with bridge/protocol.ts ClientMessage), enforces the per-client unlock, runs designs on BEAM and
// compares them (bridge/run.ts).
import type { BeamBridge, RawEvent } from './client';
import { ClientMessage, pidsByPath, type LiveEvent, type LiveTree } from './protocol';
import { compareScenario, runOnBeam, type BeamRun } from './run';
import { parse } from '../runtime/design/parse';
import { CompileError, compile, flattenSpec, type RuntimeSpec } from '../runtime/design/spec';

/** A design sent by a client (.suptree text): parsed and compiled, or an error naming what is wrong. */
function designSpec(text: string): RuntimeSpec {
  const r = parse(text);
  if (!r.ok) throw new Error(`not a design this version can open: ${r.errors.slice(0, 5).map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  try {
    return compile(r.doc);
  } catch (e) {
    if (e instanceof CompileError) throw new Error(`the design has errors: ${e.diagnostics.slice(0, 5).map((d) => d.message).join('; ')}`, { cause: e });
    throw e;
  }
}


/**
 * Give events their number, time and place: `path` from the trees (a process that already exited keeps the path it
 * had), and a derived `restart` event after the spawn of a process that now holds a path another pid held.
 * `paths` (pid → path) and `holders` (path → pid) carry over from batch to batch.
 */
export class EventLog {
  readonly events: LiveEvent[] = [];
  private seq = 0;
  private paths = new Map<string, string>();
  private holders = new Map<string, string>();
  constructor(private readonly t0us: number, private readonly keep = 5000) {}

  /** Learn the paths of a node's tree (call before `add` with the tree read after the events). */
  learn(node: string, tree: LiveTree): void {
    for (const [path, pid] of pidsByPath(tree)) if (pid) this.paths.set(`${node} ${pid}`, path);
  }

  add(node: string, raw: readonly RawEvent[]): LiveEvent[] {
    const out: LiveEvent[] = [];
    const push = (e: Omit<LiveEvent, 'seq'>) => {
      const ev = { ...e, seq: ++this.seq } as LiveEvent;
      out.push(ev);
    };
    // A supervisor's report names the child that ended (its id, its pid): the place of a process the trees never
    // showed (it crashed before the next tree read), and the pid a restart replaces.
    for (const r of raw) {
      if (r.type !== 'child_terminated' || !r.pid || !r.sup || !r.child) continue;
      const supPath = this.paths.get(`${node} ${r.sup}`);
      if (!supPath) continue;
      const path = `${supPath}/${r.child}`;
      if (!this.paths.has(`${node} ${r.pid}`)) this.paths.set(`${node} ${r.pid}`, path);
      if (!this.holders.has(`${node} ${path}`)) this.holders.set(`${node} ${path}`, r.pid);
    }
    for (const r of raw) {
      const { us, ...rest } = r;
      const base = { ...rest, t: Math.round((us - this.t0us) / 10) / 100, at: new Date(Math.floor(us / 1000)).toISOString(), node } as Omit<LiveEvent, 'seq'>;
      if (base.type === 'nodeup' || base.type === 'nodedown') {
        const peer = (r as { peer?: string }).peer;
        delete (base as { peer?: string }).peer;
        push({ ...base, node: peer ?? node, seenBy: base.seenBy ?? node });
        continue;
      }
      const path = base.pid ? this.paths.get(`${node} ${base.pid}`) : undefined;
      if (path) base.path = path;
      push(base);
      if (base.type === 'spawn' && path && base.pid) {
        const old = this.holders.get(`${node} ${path}`);
        if (old && old !== base.pid) {
          const parts = path.split('/');
          push({ type: 'restart', t: base.t, at: base.at, node, path, pid: base.pid, old, sup: base.parent, child: parts[parts.length - 1] });
        }
      }
      if (path && base.pid && (base.type === 'spawn' || !this.holders.has(`${node} ${path}`))) this.holders.set(`${node} ${path}`, base.pid);
    }
    this.events.push(...out);
    if (this.events.length > this.keep) this.events.splice(0, this.events.length - this.keep);
    return out;
  }

  /** Record holders of every path of a tree (the processes that were running when the bridge attached). */
  seed(node: string, tree: LiveTree): void {
    this.learn(node, tree);
    for (const [path, pid] of pidsByPath(tree)) if (pid && !this.holders.has(`${node} ${path}`)) this.holders.set(`${node} ${path}`, pid);
  }

  /** Forget the pids and paths of a node (it restarted: its pids mean other processes now). */
  forget(node: string): void {
    for (const m of [this.paths, this.holders]) for (const k of [...m.keys()]) if (k.startsWith(`${node} `)) m.delete(k);
  }

  /** A bridge-side event (a client's command). */
  note(node: string, us: number, e: Omit<LiveEvent, 'seq' | 't' | 'at' | 'node'>): LiveEvent[] {
    return this.add(node, [{ ...e, us } as RawEvent]);
  }
}

export interface HubOptions {
  /** How often the trees are read again while a client is connected, for mailbox lengths and status (ms; 0: never).
   *  Events do not wait for it: they are pushed, and each batch is followed by a fresh tree of its node. */
  pollMs?: number;
  log?: (line: string) => void;
  /** Accept `run` (compile and start a design on a local node). */
  allowRun?: boolean;
}

/** One client of the hub: how to reach it. Fault injection is unlocked per client. */
export interface HubClient {
  send(msg: unknown): void;
}

/**
 * The protocol, independent of its transport: the WebSocket server below and the Electron main process (which
 * relays to the renderer over IPC) both drive one. `connect` a client, `handle` each of its messages (any JSON
 * value: validated here), `disconnect` it; `close` stops everything the hub started (its runs, its polling).
 */
export interface BridgeHub {
  log: EventLog;
  nodes(): string[];
  connect(client: HubClient): void;
  disconnect(client: HubClient): void;
  handle(client: HubClient, raw: unknown): Promise<void>;
  close(): Promise<void>;
}

/** A hub over one or more attached nodes (or none: then it can `run` designs). Starts each bridge's pushed events. */
export async function createHub(bridges: BeamBridge | readonly BeamBridge[], opts: HubOptions = {}): Promise<BridgeHub> {
  const list = Array.isArray(bridges) ? [...bridges] as BeamBridge[] : [bridges as BeamBridge];
  const byNode = new Map(list.map((b) => [b.node, b]));
  /** Nodes this hub started (Run on BEAM): stopped on `stop` and on close. */
  const runs = new Map<string, BeamRun>();
  const logLine = opts.log ?? (() => {});
  const clients = new Map<HubClient, Set<string>>();
  const log = new EventLog(Date.now() * 1000);
  let polling: NodeJS.Timeout | undefined;

  const send = (client: HubClient, msg: unknown) => client.send(msg);
  const broadcast = (msg: unknown) => { for (const c of clients.keys()) c.send(msg); };

  // Batches from a node are handled one at a time, in order: read the node's tree (new pids get their path), then
  // number and broadcast the events, then the tree. Batches that arrive meanwhile are handled together next (a busy
  // node costs one tree read per round, not one per batch).
  const pending = new Map<string, RawEvent[]>();
  /** Nodes the bridge lost (until they come back): the periodic tree read skips them. */
  const down = new Set<string>();
  const draining = new Set<string>();
  const drain = async (b: BeamBridge, node: string) => {
    draining.add(node);
    try {
      for (let raw = pending.get(node); raw?.length; raw = pending.get(node)) {
        pending.delete(node);
        const cameBack = raw.some((e) => e.type === 'nodeup' && e.seenBy === 'bridge');
        if (raw.some((e) => e.type === 'nodedown' && e.seenBy === 'bridge')) down.add(node);
        if (cameBack) down.delete(node);
        const changes = cameBack || raw.some((e) => e.type === 'spawn' || e.type === 'exit');
        let tree: LiveTree | undefined;
        if (changes && byNode.has(node)) tree = await b.tree().catch(() => undefined);
        // the node came back (a new incarnation: pids start over): forget what its old processes were
        if (tree && cameBack) log.forget(node);
        // paths only: who held a path before these events is known from earlier trees and from the reports
        if (tree) log.learn(node, tree);
        const events = log.add(node, raw);
        broadcast({ type: 'events', events });
        if (tree) broadcast({ type: 'tree', node, tree });
      }
    } finally {
      draining.delete(node);
    }
  };
  const onBatch = (b: BeamBridge) => (node: string, raw: RawEvent[]) => {
    pending.set(node, [...(pending.get(node) ?? []), ...raw]);
    if (!draining.has(node)) void drain(b, node);
  };

  const attach = async (b: BeamBridge) => {
    b.onEvents = onBatch(b);
    log.seed(b.node, await b.tree());
    await b.startEvents();
  };
  for (const b of list) await attach(b);
  const nodes = () => list.map((b) => b.node);

  const refresh = async () => {
    for (const b of list) {
      if (down.has(b.node)) continue;
      try {
        broadcast({ type: 'tree', node: b.node, tree: await b.tree() });
      } catch (e) {
        broadcast({ type: 'error', message: `${b.node}: ${(e as Error).message}` });
      }
    }
  };

  const handle = async (client: HubClient, raw: unknown): Promise<void> => {
    const parsed = ClientMessage.safeParse(raw);
    if (!parsed.success) {
      const r = raw as { type?: unknown; command?: unknown; pid?: unknown; id?: unknown };
      const why = parsed.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ');
      if (r && r.type === 'command') return send(client, { type: 'result', ok: false, command: r.command, pid: r.pid, ...(typeof r.id === 'string' || typeof r.id === 'number' ? { id: r.id } : {}), error: why });
      return send(client, { type: 'error', message: `not a bridge message (tree, unlock, command, run, stop, compare): ${why}` });
    }
    const msg = parsed.data;
    const node = ('node' in msg && msg.node) || list[0]?.node || '';
    const b = byNode.get(node);
    const notHere = list.length ? `this bridge is attached to ${nodes().join(', ')}, not ${node}` : 'this bridge is attached to no node (run a design, or start it with --node)';
    const withId = (r: Record<string, unknown>) => ('id' in msg && msg.id !== undefined ? { id: msg.id, ...r } : r);
    switch (msg.type) {
      case 'run': {
        if (!opts.allowRun) return send(client, withId({ type: 'error', message: 'this bridge does not run designs (start it with --serve or from the desktop app)' }));
        try {
          const spec = designSpec(msg.design);
          logLine('compiling and starting a design on a local node');
          const run = await runOnBeam(spec, { log: logLine });
          runs.set(run.node, run);
          list.push(run.bridge);
          byNode.set(run.node, run.bridge);
          await attach(run.bridge);
          send(client, withId({ type: 'running', node: run.node, app: run.app, designPaths: run.designPaths }));
          return broadcast({ type: 'nodes', nodes: nodes() });
        } catch (e) {
          return send(client, withId({ type: 'error', message: (e as Error).message }));
        }
      }
      case 'stop': {
        const run = runs.get(node);
        if (!run) return send(client, withId({ type: 'error', message: `${node} was not started by this bridge (only nodes it runs can be stopped)` }));
        runs.delete(node);
        byNode.delete(node);
        list.splice(list.indexOf(run.bridge), 1);
        run.bridge.onEvents = undefined;
        await run.stop();
        send(client, withId({ type: 'stopped', node }));
        return broadcast({ type: 'nodes', nodes: nodes() });
      }
      case 'compare': {
        try {
          const spec = designSpec(msg.design);
          const custom = flattenSpec(spec).filter((c) => 'custom' in c && c.custom).map((c) => c.path);
          if (custom.length) throw new Error(`${custom.join(', ')} run custom behaviours, which the Elixir export only has as skeletons: nothing to compare`);
          const c = await compareScenario(spec, msg.scenario, { kinds: msg.allKinds ? ['start', 'exit', 'note', 'reply'] : undefined, log: logLine });
          return send(client, withId({ type: 'comparison', ...c }));
        } catch (e) {
          return send(client, withId({ type: 'error', message: (e as Error).message }));
        }
      }
      case 'tree': {
        if (!b) return send(client, { type: 'error', message: notHere });
        try {
          const tree = await b.tree();
          log.learn(node, tree);
          return send(client, { type: 'tree', node, tree });
        } catch (e) {
          return send(client, { type: 'error', message: `${node}: ${(e as Error).message}` });
        }
      }
      case 'unlock':
        if (!b) return send(client, { type: 'error', message: notHere });
        clients.get(client)!.add(node);
        logLine(`fault injection unlocked for ${node}`);
        return send(client, { type: 'unlocked', node });
      case 'command': {
        const { command, pid } = msg;
        const answer = (r: Record<string, unknown>) => send(client, { type: 'result', ...(msg.id !== undefined ? { id: msg.id } : {}), node, command, pid, ...r });
        if (!b) return answer({ ok: false, error: notHere });
        if (!clients.get(client)!.has(node)) return answer({ ok: false, error: `read-only: send {"type":"unlock","node":"${node}"} first to allow fault injection` });
        const us = Date.now() * 1000; // the command's event is timed when it was issued, before what it causes
        try {
          let result: Record<string, unknown> = {};
          switch (command) {
            case 'kill': await b.kill(pid); break;
            case 'exit': await b.exit(pid, msg.reason ?? 'boom'); break;
            case 'send':
              if (msg.message === undefined) return answer({ ok: false, error: 'send needs a message' });
              await b.send(pid, msg.message);
              break;
            case 'call':
              if (msg.message === undefined) return answer({ ok: false, error: 'call needs a message (the request)' });
              result = await b.call(pid, msg.message, msg.timeoutMs ?? 5000);
              break;
            default: {
              const never: never = command;
              return answer({ ok: false, error: `unknown command ${String(never)}` });
            }
          }
          logLine(`${command} ${pid}`);
          broadcast({ type: 'events', events: log.note(node, us, { type: 'command', command, pid, ...(command === 'exit' ? { reason: msg.reason ?? 'boom' } : {}), ...(msg.message !== undefined && (command === 'send' || command === 'call') ? { message: msg.message } : {}) }) });
          return answer({ ok: true, ...result });
        } catch (e) {
          return answer({ ok: false, error: (e as Error).message });
        }
      }
      default: {
        const never: never = msg;
        return send(client, { type: 'error', message: `unknown message ${JSON.stringify(never)}` });
      }
    }
  };

  return {
    log,
    nodes,
    connect(client) {
      clients.set(client, new Set());
      send(client, { type: 'hello', node: list[0]?.node ?? null, nodes: nodes(), readOnly: true, events: 'pushed' });
      send(client, { type: 'events', events: log.events, replay: true });
      if (opts.pollMs !== 0) polling ??= setInterval(() => void refresh(), opts.pollMs ?? 2000);
    },
    disconnect(client) {
      clients.delete(client);
      if (clients.size === 0 && polling) { clearInterval(polling); polling = undefined; }
    },
    handle,
    async close() {
      if (polling) clearInterval(polling);
      polling = undefined;
      clients.clear();
      for (const b of list) b.onEvents = undefined;
      for (const run of runs.values()) await run.stop();
      runs.clear();
    },
  };
}

