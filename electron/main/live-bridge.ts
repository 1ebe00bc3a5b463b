// The live BEAM bridge in the desktop app: the main process runs the bridge (bridge/: hidden nodes, the protocol's
// hub) itself — no WebSocket, no token — and relays between the hub and the renderer through the IPC contract:
// `bridge:attach` / `bridge:send` / `bridge:detach` in, `bridge:message` events out. Every message to the renderer
// is checked against the contract's BridgeMessage schema first (one that does not match is logged and dropped).
// The cookie the user typed stays here: it goes to the bridge's hidden node in its environment and nowhere else.
import { BeamBridge, BridgeError } from '../../bridge/client';
import { BridgeMessage, type ClientMessage } from '../../bridge/protocol';
import { createHub, type BridgeHub, type HubClient } from '../../bridge/hub';

export interface LiveBridgeDeps {
  /** Deliver a checked message to the renderer (sendEvent on the main window's webContents). */
  deliver: (message: BridgeMessage) => void;
  log?: (message: string, detail?: unknown) => void;
  /** Where `elixir` is (default: from the PATH). */
  elixir?: string;
  /** The folder with bridge/host.exs and bridge/agent.ex (a packaged app: its resources folder); asked when needed. */
  bridgeDir?: () => string;
  /** Opening a bridge (tests pass a fake). */
  open?: (node: string, cookie: string) => Promise<BeamBridge>;
  /** Making a hub (tests pass a fake). */
  hub?: (bridges: BeamBridge[]) => Promise<BridgeHub>;
}

export interface LiveBridge {
  attach(args: { nodes: string[]; cookie: string }): Promise<{ nodes: string[] }>;
  send(message: ClientMessage): Promise<void>;
  detach(): Promise<void>;
}

export function createLiveBridge(deps: LiveBridgeDeps): LiveBridge {
  let hub: BridgeHub | undefined;
  let bridges: BeamBridge[] = [];
  /** The renderer, as the hub's one client. */
  const client: HubClient = {
    send: (msg) => {
      const checked = BridgeMessage.safeParse(msg);
      if (!checked.success) {
        deps.log?.(`bridge message dropped (not in the contract): ${checked.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
        return;
      }
      deps.deliver(checked.data);
    },
  };
  const open = deps.open ?? ((node: string, cookie: string) => BeamBridge.open({ node, cookie, elixir: deps.elixir, dir: deps.bridgeDir?.() }));
  const makeHub = deps.hub ?? ((list: BeamBridge[]) => createHub(list, { allowRun: true, log: (line) => deps.log?.(`bridge: ${line}`) }));
  // one change at a time: an attach while another is still opening waits for it
  let busy: Promise<unknown> = Promise.resolve();
  const serial = <T>(f: () => Promise<T>): Promise<T> => {
    const next = busy.then(f, f);
    busy = next.catch(() => undefined);
    return next;
  };

  const stop = async () => {
    const [h, list] = [hub, bridges];
    hub = undefined;
    bridges = [];
    if (h) {
      h.disconnect(client);
      await h.close();
    }
    await Promise.all(list.map((b) => b.detach().catch((e) => deps.log?.(`could not detach from ${b.node}`, e))));
  };

  // a hub attached to nothing yet, for `run` and `compare` before any attach (made once, even if asked twice at once)
  let empty: Promise<BridgeHub> | undefined;
  const ensureHub = (): Promise<BridgeHub> => {
    if (hub) return Promise.resolve(hub);
    empty ??= makeHub([]).then((h) => {
      hub = h;
      empty = undefined;
      h.connect(client);
      return h;
    });
    return empty;
  };

  return {
    attach: (args) => serial(async () => {
      await stop();
      const opened = await Promise.allSettled([...new Set(args.nodes)].map((node) => open(node, args.cookie)));
      const ok = opened.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const failed = opened.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) {
        await Promise.all(ok.map((b) => b.detach().catch(() => undefined)));
        // BridgeError messages never carry the cookie (bridge/client.ts)
        throw new Error(failed.reason instanceof BridgeError ? failed.reason.message : 'could not attach');
      }
      bridges = ok;
      hub = await makeHub(ok);
      hub.connect(client);
      return { nodes: hub.nodes() };
    }),
    // not serialized: a `run` or `compare` takes seconds, and commands must not wait for it; only for an attach
    send: async (message) => {
      await busy;
      await (await ensureHub()).handle(client, message);
    },
    detach: () => serial(stop),
  };
}
