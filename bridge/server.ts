// The bridge's WebSocket server for the browser build: 127.0.0.1 only, every connection must carry the token the
// bridge printed (`ws://127.0.0.1:PORT/?token=…`), else the upgrade is answered 401 and the socket closed. One server
// serves one or more attached nodes (a cluster: `--node a@h --node b@h`). Schemas: bridge/protocol.ts.
//
// Client → bridge (JSON text frames; `node` defaults to the first attached node):
//   {type:"tree", node?}                            → {type:"tree", node, tree}
//   {type:"unlock", node}                           → {type:"unlocked", node}   (fault injection, this connection only)
//   {type:"command", id?, node?, command:"kill", pid}
//   {type:"command", id?, node?, command:"exit", pid, reason?}        reason: Elixir term text, default :boom
//   {type:"command", id?, node?, command:"send", pid, message}        pid: a pid or a registered name
//   {type:"command", id?, node?, command:"call", pid, message, timeoutMs?}   GenServer.call, default 5000 ms
//                                                   → {type:"result", id?, node, ok, command, pid, reply?, exit?, error?}
//     Every command is refused ({ok:false, error:"read-only: …"}) until this connection unlocked that node.
//     A call answers {ok:true, reply:"{:ok, 1}"} or, if the call exited (timeout, noproc, crash), {ok:true, exit:"…"}.
//     Terms are Elixir literals only (atoms, numbers, strings, lists, tuples, maps); nothing is evaluated.
//   {type:"run", id?, design}                       design: .suptree text. Run on BEAM (bridges started with --serve,
//                                                   --run or by the desktop app): compile its Elixir export in a temp
//                                                   folder, start it on a fresh local node, attach
//                                                   → {type:"running", id?, node, app, designPaths} + {type:"nodes", nodes}
//                                                   designPaths: live tree path (`app/b`) → design path (`rest_sup/b`)
//   {type:"stop", id?, node}                        a node this bridge runs → {type:"stopped", id?, node} + {type:"nodes"}
//   {type:"compare", id?, design, scenario, allKinds?}
//                                                   → {type:"comparison", id?, scenario, simulator:[line], otp:[line],
//                                                      compared:{simulator, otp}, diff:[{side:"="|"<"|">", line}], same}
//     The scenario on the simulator and on real OTP (the export's `mix scenario`); lines in the exports' one format
//     (`ms TAB commands-issued TAB start|exit|note|reply TAB path TAB detail`, docs/export.md); `compared` as the
//     export's tests compare them (start/exit without time, per phase, sorted; allKinds: notes and replies too);
//     diff `<` only the simulator, `>` only OTP. Designs with custom behaviours are refused (Elixir has skeletons).
//   Failures of run/stop/compare answer {type:"error", id?, message}.
// Bridge → client, unasked:
//   {type:"hello", node (the first attached, or null), nodes:[…], readOnly:true, events:"pushed"} on connect, then
//   {type:"events", events:[…], replay:true} with the events so far (at most the last 5000), then live:
//   {type:"events", events:[LiveEvent…]} as the nodes push them (in order), each followed by a fresh
//   {type:"tree", node, tree} of every node whose processes started or exited (also every pollMs, for mailboxes).
//   {type:"error", message} for a message that is not JSON or not in this list.
// LiveEvent = {seq, t (ms since attach), at (ISO), node, type, …}: type spawn {pid, parent, label},
//   exit {pid, reason}, child_terminated {sup, supName, child, pid, reason, restart}, child_started {sup, child, pid},
//   restart {sup, child, old, pid} (derived: a child id runs under a new pid — from the trees and the supervisor's
//   child_terminated report), intensity {sup, supName, child, reason:":reached_max_restart_intensity"} (the supervisor
//   gives up; its exit with :shutdown follows), start_error, shutdown_error, command {command, pid, reason?/message?},
//   nodeup/nodedown {node, seenBy} (seenBy: the node that saw it, or "bridge"), dropped {count} (over 1000 events in
//   50 ms); plus `path` (`app/child_id/…`) wherever the process is in a tree. Reasons print as Elixir prints them.
//   Erlang's and Elixir's own applications are not traced. A tree's processes (LiveProcess, bridge/protocol.ts) carry
//   links/monitors (local pids) and remoteLinks/remoteMonitors ([{node, pid | name}]) across a cluster.
// The cookie is never part of any message.
import { timingSafeEqual, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { BeamBridge } from './client';
import { createHub, type BridgeHub, type HubClient, type HubOptions } from './hub';
import { MAX_DESIGN_CHARS } from './protocol';

export { diffTrees, pidsByPath, type LiveEvent } from './protocol';
export { EventLog, createHub, type BridgeHub, type HubClient, type HubOptions } from './hub';

export interface ServerOptions extends HubOptions {
  port?: number;
  token?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  /** Everything the nodes reported so far (the last 5000 events). */
  log: BridgeHub['log'];
  close(): Promise<void>;
}

function tokenOk(req: IncomingMessage, token: string): boolean {
  const given = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('token') ?? '';
  const a = Buffer.from(given), b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Serve a hub over one or more attached nodes on a token-guarded WebSocket on 127.0.0.1. */
export async function startServer(bridges: BeamBridge | readonly BeamBridge[], opts: ServerOptions = {}): Promise<RunningServer> {
  const hub = await createHub(bridges, opts);
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const logLine = opts.log ?? (() => {});
  const http: Server = createServer((_req, res) => { res.writeHead(426, { 'content-type': 'text/plain' }).end('WebSocket only\n'); });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_DESIGN_CHARS + 4096 });

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!tokenOk(req, token)) {
      logLine('refused a connection: missing or wrong token');
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    const client: HubClient = { send: (msg) => { if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg)); } };
    hub.connect(client);
    ws.on('close', () => hub.disconnect(client));
    ws.on('message', (data) => {
      let raw: unknown;
      try {
        raw = JSON.parse(String(data));
      } catch {
        return client.send({ type: 'error', message: 'messages must be JSON' });
      }
      void hub.handle(client, raw);
    });
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    log: hub.log,
    close: async () => {
      await hub.close();
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
