// The edge-routing worker (routing-client.ts): holds one libavoid router and answers each request with the routes
// of every relation edge. libavoid is WebAssembly: the page's CSP (script-src 'self') forbids compiling it on the
// main thread, a worker may (its own policy, electron/main/security.ts), and routing stays off the main thread.
import { AvoidLib } from 'libavoid-js';
import { EdgeRouter, type Avoid, type Box, type Route } from './routing';
import type { RoutingRequest } from './routing-client';

const wasm = new URL('../../node_modules/libavoid-js/dist/libavoid.wasm', import.meta.url).href;
// the package types its instance loosely; routing.ts types the part it uses
const ready = AvoidLib.load(wasm).then(() => new EdgeRouter(AvoidLib.getInstance() as unknown as Avoid));

const scope = self as unknown as { onmessage: ((e: MessageEvent<RoutingRequest>) => void) | null; postMessage(m: unknown): void };
scope.onmessage = ({ data }) => {
  void ready.then(
    (router) => {
      const boxes = new Map<string, Box>();
      const c = data.coords;
      data.ids.forEach((id, i) => boxes.set(id, { x: c[4 * i], y: c[4 * i + 1], width: c[4 * i + 2], height: c[4 * i + 3] }));
      try {
        const r = data.reserved;
        const reserved: Box[] = [];
        for (let i = 0; i + 3 < r.length; i += 4) reserved.push({ x: r[i], y: r[i + 1], width: r[i + 2], height: r[i + 3] });
        const routes: [string, Route][] = [...router.update(boxes, data.edges, reserved)];
        scope.postMessage({ seq: data.seq, routes });
      } catch (err) {
        // an abort inside libavoid leaves its state unknown: the client turns routing off (edges drawn as curves)
        scope.postMessage({ seq: data.seq, error: String(err) });
      }
    },
    (err: unknown) => scope.postMessage({ seq: data.seq, error: String(err) }),
  );
};
