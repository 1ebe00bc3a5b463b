// The bridge's WebSocket server for the browser build: 127.0.0.1 only, every connection must carry the token the
// bridge printed (`ws://127.0.0.1:PORT/?token=…`), else the upgrade is answered 401 and the socket closed.
//
// Client → bridge (JSON text frames):
//   {type:"tree"}                                   → {type:"tree", tree}
//   {type:"unlock", node}                           → {type:"unlocked", node}   (fault injection, this connection only)
//   {type:"command", command:"kill"|"exit", pid, reason?}
//                                                   → {type:"result", ok, command, pid, error?}
// Bridge → client, unasked: {type:"hello", node, readOnly:true} on connect; {type:"events", events:[…]} and a fresh
// {type:"tree"} whenever a poll of the live tree shows processes started, exited or restarted.
// The cookie is never part of any message.
import { timingSafeEqual, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { BeamBridge } from './client';
import { diffTrees, type LiveTree } from './protocol';

export { diffTrees, pidsByPath, type LiveEvent } from './protocol';

export interface ServerOptions {
  port?: number;
  /** Poll interval of the live tree while a client is connected (ms). */
  pollMs?: number;
  token?: string;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function tokenOk(req: IncomingMessage, token: string): boolean {
  const given = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('token') ?? '';
  const a = Buffer.from(given), b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startServer(bridge: BeamBridge, opts: ServerOptions = {}): Promise<RunningServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const log = opts.log ?? (() => {});
  const http: Server = createServer((_req, res) => { res.writeHead(426, { 'content-type': 'text/plain' }).end('WebSocket only\n'); });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const unlocked = new WeakMap<WebSocket, Set<string>>();
  let last: LiveTree | undefined;
  let polling: NodeJS.Timeout | undefined;
  let busy = false;

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!tokenOk(req, token)) {
      log('refused a connection: missing or wrong token');
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const send = (ws: WebSocket, msg: unknown) => { if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg)); };
  const broadcast = (msg: unknown) => { for (const ws of wss.clients) send(ws, msg); };

  const poll = async () => {
    if (busy) return;
    busy = true;
    try {
      const tree = await bridge.tree();
      const events = last ? diffTrees(last, tree) : [];
      last = tree;
      if (events.length) {
        broadcast({ type: 'events', events });
        broadcast({ type: 'tree', tree });
      }
    } catch (e) {
      broadcast({ type: 'error', message: (e as Error).message });
    } finally {
      busy = false;
    }
  };

  wss.on('connection', (ws) => {
    unlocked.set(ws, new Set());
    send(ws, { type: 'hello', node: bridge.node, readOnly: true });
    polling ??= setInterval(() => void poll(), opts.pollMs ?? 1000);
    ws.on('close', () => {
      if (wss.clients.size === 0 && polling) { clearInterval(polling); polling = undefined; }
    });
    ws.on('message', (data) => void (async () => {
      let msg: { type?: unknown; node?: unknown; command?: unknown; pid?: unknown; reason?: unknown };
      try {
        msg = JSON.parse(String(data));
      } catch {
        return send(ws, { type: 'error', message: 'messages must be JSON' });
      }
      try {
        switch (msg.type) {
          case 'tree': {
            const tree = await bridge.tree();
            last = tree;
            return send(ws, { type: 'tree', tree });
          }
          case 'unlock':
            if (msg.node !== bridge.node) return send(ws, { type: 'error', message: `this bridge is attached to ${bridge.node}, not ${String(msg.node)}` });
            unlocked.get(ws)!.add(bridge.node);
            log(`fault injection unlocked for ${bridge.node}`);
            return send(ws, { type: 'unlocked', node: bridge.node });
          case 'command': {
            const command = msg.command, pid = String(msg.pid);
            if (command !== 'kill' && command !== 'exit') return send(ws, { type: 'result', ok: false, command, pid, error: 'command must be kill or exit' });
            if (!unlocked.get(ws)!.has(bridge.node)) {
              return send(ws, { type: 'result', ok: false, command, pid, error: `read-only: send {"type":"unlock","node":"${bridge.node}"} first to allow fault injection` });
            }
            if (command === 'kill') await bridge.kill(pid);
            else await bridge.exit(pid, typeof msg.reason === 'string' ? msg.reason : 'boom');
            log(`${command} ${pid}`);
            broadcast({ type: 'events', events: [{ kind: 'command', command, pid, at: new Date().toISOString() }] });
            send(ws, { type: 'result', ok: true, command, pid });
            void poll();
            return;
          }
          default:
            return send(ws, { type: 'error', message: 'unknown message type (tree, unlock, command)' });
        }
      } catch (e) {
        send(ws, { type: msg.type === 'command' ? 'result' : 'error', ok: false, command: msg.command, pid: msg.pid, error: (e as Error).message, message: (e as Error).message });
      }
    })());
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
    close: async () => {
      if (polling) clearInterval(polling);
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
