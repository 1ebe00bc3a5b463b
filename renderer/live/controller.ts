// One live BEAM session in the browser build: the WebSocket to a bridge the user started (`supervisor-studio bridge`,
// bridge/server.ts lists the messages), the recording of what it sent, the design the live tree is drawn as (in an
// editor of its own, read-only, shown on the same canvas), the unlock and the ask-once confirmation of faults.
// React reads it through `subscribe`/`getState` (renderer/live/hooks.ts).
import type { LiveEvent, LiveProcess, LiveTree } from '../../bridge/protocol';
import type { StudioDesktopApi } from '../../electron/contract';
import { Editor } from '../editor/editor';
import { autoLayout } from '../editor/layout';
import type { BridgeAddress } from './bridge-url';
import { liveDesign, processesByPath, splitKey, type LiveDesign } from './live-design';
import { LiveRecording } from './recording';

export type LivePhase = 'idle' | 'connecting' | 'attached' | 'lost';

export interface LiveState {
  phase: LivePhase;
  /** The first attached node (from the bridge's hello; null: a `--serve` bridge before a design runs). */
  node: string | null;
  /** Every node the bridge is attached to (a cluster: several, drawn side by side). */
  nodes: string[];
  /** Nodes the bridge saw go down (and not come back yet). */
  down: string[];
  /** Nodes started here by Run on BEAM (the bridge can stop them). */
  started: string[];
  /** The bridge's address without its token. */
  bridge: string | null;
  /** Why connecting failed / the connection ended / the node is unreachable (null: all is well). */
  error: string | null;
  /** Nodes whose fault injection the bridge unlocked (this connection). */
  unlocked: string[];
  /** Nodes where the user confirmed a fault once this session (not asked again). */
  faultsConfirmed: string[];
  /** A Run on BEAM or a comparison is under way on the bridge. */
  busy: string | null;
  /** Timeline cursor in ms since the attach (null: live). */
  cursor: number | null;
  /** Which document the canvas shows while attached. */
  show: 'live' | 'design';
  /** Bumped on every change of the recording. */
  version: number;
  /** The last command's outcome, or a note. */
  note: { kind: 'info' | 'error'; text: string } | null;
}

const INITIAL: LiveState = { phase: 'idle', node: null, nodes: [], down: [], started: [], bridge: null, error: null, unlocked: [], faultsConfirmed: [], busy: null, cursor: null, show: 'live', version: 0, note: null };

type Id = string | number;
/** The bridge's answer to a `compare` (bridge/protocol.ts). */
export interface BridgeComparison { scenario: string; simulator: string[]; otp: string[]; compared: { simulator: string[]; otp: string[] }; same: boolean }

/** How messages reach the bridge: a WebSocket (browser build) or the desktop app's IPC. */
interface Transport { send(msg: Record<string, unknown>): void; close(): void }
/** The desktop app's bridge API (electron/contract.ts StudioDesktopApi, the `bridge:*` channels). */
export type DesktopBridge = Pick<StudioDesktopApi, 'attachBridge' | 'sendToBridge' | 'detachBridge' | 'onBridgeMessage'>;

/** What the bridge sends (bridge/protocol.ts BridgeMessage; `tree` typed as the agent's LiveTree). */
type Incoming =
  | { type: 'hello'; node: string | null; nodes?: string[]; readOnly?: boolean }
  | { type: 'nodes'; nodes: string[] }
  | { type: 'running'; id?: Id; node: string; app: string; designPaths: Record<string, string> }
  | { type: 'stopped'; id?: Id; node: string }
  | ({ type: 'comparison'; id?: Id } & BridgeComparison)
  | { type: 'tree'; node?: string; tree: LiveTree }
  | { type: 'events'; events: LiveEvent[]; replay?: boolean }
  | { type: 'unlocked'; node: string }
  | { type: 'result'; id?: string | number; ok: boolean; command?: string; pid?: string; error?: string; exit?: string; reply?: string }
  | { type: 'error'; id?: Id; message: string };

export interface LiveDeps {
  WebSocket: typeof WebSocket;
  /** Is anything answering HTTP at the bridge's port? (tells "not running" from "refused the token"). */
  probe(port: number): Promise<boolean>;
  now(): number;
}

const browserDeps = (): LiveDeps => ({
  WebSocket,
  probe: (port) => fetch(`http://127.0.0.1:${port}/`, { mode: 'no-cors', cache: 'no-store' }).then(() => true, () => false),
  now: () => Date.now(),
});

export class LiveController {
  private state: LiveState = INITIAL;
  private listeners = new Set<() => void>();
  private transport: Transport | null = null;
  recording: LiveRecording | null = null;
  /** The live tree drawn as a design: its own editor, shown on the canvas instead of the user's design. */
  readonly editor = new Editor();
  design: LiveDesign | null = null;
  private shownStructure = '';
  private layoutSeq = 0;
  private pending = new Map<Id, { resolve(msg: Incoming): void; reject(e: Error): void }>();
  private nextId = 1;

  constructor(private readonly deps: LiveDeps = browserDeps()) {
    this.editor.setReadOnly('This is a live node: its tree cannot be edited here. "Import as design" opens it as a design you can edit.');
  }

  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => { this.listeners.delete(fn); };
  };
  getState = () => this.state;
  private set(patch: Partial<LiveState>) {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  get active(): boolean {
    return this.state.phase === 'attached' || this.state.phase === 'lost';
  }

  /** Open the WebSocket to a bridge the user started; resolves once the bridge said hello and sent the first tree
   *  (or, a `--serve` bridge, said it serves no node yet), rejects with a clear reason. */
  attach(address: BridgeAddress): Promise<void> {
    this.detach();
    this.set({ ...INITIAL, phase: 'connecting', bridge: address.display });
    const attached = this.startAttach(`The bridge at ${address.display} did not answer within 15 s.`);
    let ws: WebSocket;
    try {
      ws = new this.deps.WebSocket(address.url);
    } catch (e) {
      this.failAttach(`Cannot open ${address.display}: ${(e as Error).message}`);
      return attached;
    }
    let opened = false;
    const transport: Transport = { send: (m) => { if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m)); }, close: () => ws.close() };
    this.transport = transport;
    ws.onopen = () => { opened = true; };
    ws.onmessage = (m) => {
      if (this.transport !== transport) return;
      let msg: Incoming;
      try {
        msg = JSON.parse(String(m.data)) as Incoming;
      } catch {
        return;
      }
      this.receive(msg);
    };
    ws.onclose = () => {
      if (this.transport !== transport) return; // detached or replaced
      if (!this.attaching) return this.lost();
      if (opened) return this.failAttach(`The bridge at ${address.display} closed the connection before sending ${this.state.node ?? 'the node'}'s tree.`);
      void this.deps.probe(address.port).then((running) => this.failAttach(running
        ? `The bridge at ${address.display} refused the token (HTTP 401). The token changes every time the bridge starts: paste the whole line it printed last.`
        : `No bridge is running at ${address.display}. Start it with \`supervisor-studio bridge --node NAME@HOST --cookie COOKIE\` and paste the line it prints.`));
    };
    return attached;
  }

  /** The desktop app: its main process runs the bridge (electron/contract.ts `bridge:*`); the cookie goes there only. */
  attachDesktop(api: DesktopBridge, nodes: string[], cookie: string): Promise<void> {
    this.detach();
    this.set({ ...INITIAL, phase: 'connecting', bridge: 'the desktop app' });
    const attached = this.startAttach(`Attaching to ${nodes.join(', ')} took longer than 60 s.`, 60_000);
    const off = api.onBridgeMessage((m) => { if (this.transport === transport) this.receive(m as Incoming); });
    const transport: Transport = {
      send: (m) => { api.sendToBridge(m as Parameters<DesktopBridge['sendToBridge']>[0]).catch((e: Error) => this.set({ error: `The bridge refused a message: ${e.message}` })); },
      close: () => { off(); api.detachBridge().catch(() => undefined); },
    };
    this.transport = transport;
    api.attachBridge({ nodes, cookie }).catch((e: Error) => this.failAttach(`Could not attach to ${nodes.join(', ')}: ${e.message}`));
    return attached;
  }

  private attaching: { resolve(): void; reject(e: Error): void; timer: ReturnType<typeof setTimeout> } | null = null;

  private startAttach(timeoutText: string, ms = 15_000): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => this.failAttach(timeoutText), ms);
      this.attaching = { resolve, reject, timer };
    });
  }

  private finishAttach(note?: LiveState['note']) {
    const a = this.attaching;
    if (!a) return;
    this.attaching = null;
    clearTimeout(a.timer);
    this.set({ phase: 'attached', error: null, ...(note ? { note } : {}) });
    a.resolve();
  }

  private failAttach(text: string) {
    const a = this.attaching;
    if (!a) return;
    this.attaching = null;
    clearTimeout(a.timer);
    const t = this.transport;
    this.transport = null;
    t?.close();
    this.set({ phase: 'idle', error: text });
    a.reject(new Error(text));
  }

  private lost() {
    this.transport = null;
    this.failPending('the connection to the bridge closed');
    this.set({ phase: 'lost', unlocked: [], busy: null, error: `The connection to the bridge closed: the bridge stopped (Ctrl-C), or ${this.state.node ?? 'the node'} went away and the bridge exited. The recording stays: scrub it, import it, or attach again.` });
  }

  /** One message from the bridge, while attaching or attached. */
  private receive(msg: Incoming) {
    if (this.attaching) {
      if (msg.type === 'hello') {
        this.recording = new LiveRecording(this.deps.now());
        const nodes = msg.nodes ?? (msg.node ? [msg.node] : []);
        this.set({ node: msg.node ?? nodes[0] ?? null, nodes });
        // a `--serve` bridge: nothing attached until a design runs on BEAM
        if (nodes.length === 0) return this.finishAttach({ kind: 'info', text: 'This bridge serves no node yet: Run on BEAM starts the current design on a fresh local node.' });
        for (const node of nodes) this.transport?.send({ type: 'tree', node });
        return;
      }
      if (msg.type === 'error' && msg.id === undefined) return this.failAttach(`The bridge could not read ${this.state.node ?? 'the node'}'s tree: ${msg.message}`);
      if (msg.type === 'tree') this.finishAttach();
    }
    this.onMessage(msg);
  }

  private onMessage(msg: Incoming) {
    const rec = this.recording;
    if (!rec) return;
    switch (msg.type) {
      case 'tree':
        rec.addTree(msg.tree, this.deps.now(), msg.node ?? msg.tree.node);
        this.set({ version: this.state.version + 1 }); // (an error stays until its cause goes: a node down until its nodeup)
        this.redraw();
        return;
      case 'events': {
        rec.addEvents(msg.events, this.deps.now(), msg.replay);
        let down = this.state.down;
        let error = this.state.error;
        let note = this.state.note;
        for (const e of msg.events) {
          if (!this.state.nodes.includes(e.node)) continue;
          if (e.type === 'nodedown' && !down.includes(e.node)) {
            down = [...down, e.node];
            error = this.nodeDown(e.node, e.seenBy ?? 'the bridge');
          } else if (e.type === 'nodeup' && down.includes(e.node)) {
            down = down.filter((n) => n !== e.node);
            error = down.length ? error : null;
            note = { kind: 'info', text: `${e.node} is back up.` };
          }
        }
        this.set({ version: this.state.version + 1, down, error, note });
        return;
      }
      case 'unlocked':
        this.set({ unlocked: [...new Set([...this.state.unlocked, msg.node])], note: { kind: 'info', text: `Fault injection unlocked for ${msg.node}: right-click a process (or Shift+F10) to kill it.` } });
        return;
      case 'result':
      case 'running':
      case 'stopped':
      case 'comparison':
        if (msg.id !== undefined) this.answer(msg.id, msg);
        if (msg.type === 'running' || msg.type === 'stopped') this.redraw();
        return;
      case 'nodes': {
        const added = msg.nodes.filter((n) => !this.state.nodes.includes(n));
        this.set({ nodes: msg.nodes, node: msg.nodes[0] ?? null, down: this.state.down.filter((n) => msg.nodes.includes(n)), version: this.state.version + 1 });
        for (const node of added) this.transport?.send({ type: 'tree', node });
        this.redraw();
        return;
      }
      case 'error': {
        if (msg.id !== undefined && this.pending.has(msg.id)) {
          const p = this.pending.get(msg.id)!;
          this.pending.delete(msg.id);
          p.reject(new Error(msg.message));
          return;
        }
        // e.g. "node app@host is down"
        const down = /node (\S+) is down\b/.exec(msg.message)?.[1];
        if (down) this.set({ error: this.nodeDown(down, 'the bridge'), down: this.state.down.includes(down) ? this.state.down : [...this.state.down, down] });
        else this.set({ error: `The bridge reports: ${msg.message}` });
        return;
      }
      case 'hello':
        return;
      default: {
        const never: never = msg;
        void never;
      }
    }
  }

  private answer(id: Id, msg: Incoming) {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    p.resolve(msg);
  }

  private failPending(why: string) {
    for (const p of this.pending.values()) p.reject(new Error(why));
    this.pending.clear();
  }

  /** Send `msg` with a fresh id; resolves with the bridge's answer to it (or rejects with its error). */
  private request(msg: Record<string, unknown>): Promise<Incoming> {
    const t = this.transport;
    if (!t || this.state.phase !== 'attached') return Promise.reject(new Error('not connected to a bridge'));
    const id = this.nextId++;
    const answer = new Promise<Incoming>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    t.send({ ...msg, id });
    return answer;
  }

  /** Run on BEAM: the bridge (started with --serve) compiles the design's Elixir export, starts it on a fresh local
   *  node and attaches; its tree then shows here. Resolves with the node. */
  async run(designText: string): Promise<string> {
    this.set({ busy: 'Compiling the Elixir export and starting a node…', note: null });
    try {
      const r = await this.request({ type: 'run', design: designText });
      if (r.type !== 'running') throw new Error('unexpected answer');
      this.set({ busy: null, show: 'live', started: [...this.state.started, r.node], note: { kind: 'info', text: `Running ${r.app} on ${r.node}.` } });
      return r.node;
    } catch (e) {
      this.set({ busy: null, note: { kind: 'error', text: `Run on BEAM failed: ${(e as Error).message}` } });
      throw e;
    }
  }

  /** Stop a node this bridge started (Run on BEAM). */
  async stop(node: string): Promise<void> {
    await this.request({ type: 'stop', node });
    this.set({ started: this.state.started.filter((n) => n !== node), note: { kind: 'info', text: `Stopped ${node} (the bridge removed its node and folder).` } });
  }

  /** A scenario of `designText` on the simulator and on real OTP (the bridge runs the export's `mix scenario`). */
  async compareScenario(designText: string, scenario: string): Promise<BridgeComparison> {
    this.set({ busy: `Running "${scenario}" on the simulator and on real OTP…` });
    try {
      const r = await this.request({ type: 'compare', design: designText, scenario });
      if (r.type !== 'comparison') throw new Error('unexpected answer');
      return r;
    } finally {
      this.set({ busy: null });
    }
  }

  private nodeDown(node: string, seenBy: string) {
    return `${node} went down (seen by ${seenBy}). The recording stays: scrub it or import it; the tree comes back if the node does.`;
  }

  /** Draw the tree at the cursor (re-laid out only when processes appeared or went). */
  private redraw() {
    const trees = this.trees();
    if (!trees.length) return;
    let d: LiveDesign;
    try {
      d = liveDesign(trees);
    } catch (e) {
      this.set({ error: (e as Error).message });
      return;
    }
    const seq = ++this.layoutSeq;
    if (d.structure === this.shownStructure) {
      this.design = { ...d, doc: this.editor.doc };
      this.set({ version: this.state.version + 1 });
      return;
    }
    // the processes are known at once (badges, faults); the canvas gets the new layout when it is ready (the import's
    // own positions if the layout fails)
    this.design = { ...d, doc: this.design?.structure === d.structure ? this.design.doc : d.doc };
    const show = (positions: Map<string, { x: number; y: number }>) => {
      if (seq !== this.layoutSeq) return;
      let doc = { ...d.doc, nodes: d.doc.nodes.map((n) => (positions.has(n.id) ? { ...n, position: positions.get(n.id)! } : n)) };
      if (trees.length > 1) doc = withNodeLabels(doc, d);
      this.shownStructure = d.structure;
      this.design = { ...d, doc };
      this.editor.load(doc);
      this.set({ version: this.state.version + 1 });
    };
    autoLayout(d.doc).then(show, () => show(new Map()));
  }

  /** Each attached node's tree at the cursor, in the bridge's node order. */
  trees(): LiveTree[] {
    const byNode = new Map((this.recording?.treesAt(this.state.cursor) ?? []).map((t) => [t.node, t]));
    return this.state.nodes.flatMap((n) => byNode.get(n) ?? []);
  }

  /** The live process a canvas node stands for, at the cursor. */
  processOf(nodeId: string): { key: string; node: string; path: string; process: LiveProcess; restarts: number } | undefined {
    const key = this.design?.pathByNodeId.get(nodeId);
    if (!key || !this.recording) return undefined;
    const { node, path } = splitKey(key);
    const tree = this.recording.treesAt(this.state.cursor).find((t) => t.node === node);
    const p = tree && processesByPath(tree).get(path);
    return p ? { key, node, path, process: p, restarts: this.recording.restarts(key, this.state.cursor) } : undefined;
  }

  scrub(t: number | null) {
    const end = this.recording?.end ?? 0;
    const cursor = t === null || t >= end ? null : Math.max(0, t);
    if (cursor === this.state.cursor) return;
    this.set({ cursor });
    this.redraw();
  }

  setShow(show: 'live' | 'design') {
    this.set({ show });
  }

  unlock(node = this.state.node) {
    if (this.state.phase !== 'attached' || !this.transport || !node) return;
    this.transport.send({ type: 'unlock', node });
  }

  confirmFaults(node: string) {
    this.set({ faultsConfirmed: [...new Set([...this.state.faultsConfirmed, node])] });
  }

  /** Kill or exit the process a canvas node stands for (the live one: the cursor is moved back to live first). */
  async fault(nodeId: string, command: 'kill' | 'exit', reason?: string): Promise<void> {
    if (this.state.phase !== 'attached' || !this.transport) throw new Error('not attached to a node');
    if (this.state.cursor !== null) this.scrub(null);
    const target = this.processOf(nodeId);
    if (!target?.process.pid) throw new Error(`${nodeId} has no running process`);
    if (!this.state.unlocked.includes(target.node)) throw new Error(`read-only: unlock fault injection for ${target.node} first`);
    if (!this.state.faultsConfirmed.includes(target.node)) throw new Error('a fault on a real node must be confirmed first');
    const pid = target.process.pid;
    const answer = await this.request({ type: 'command', node: target.node, command, pid, ...(command === 'exit' ? { reason: reason ?? ':boom' } : {}) });
    const r = answer.type === 'result' ? answer : { ok: false, error: 'unexpected answer' };
    const what = command === 'kill' ? `kill ${pid} (${target.path})` : `exit ${pid} (${target.path}) with ${reason ?? ':boom'}`;
    this.set({ note: r.ok ? { kind: 'info', text: `Sent ${what}.` } : { kind: 'error', text: `${what} failed: ${r.error ?? 'refused'}` } });
    if (!r.ok) throw new Error(r.error ?? 'refused');
  }

  /** Send a message to / call (GenServer.call) the process a canvas node stands for; a call's reply (or the exit it
   *  ended with) shows in the bar and is returned. Unlock first; no confirmation (nothing is killed). */
  async message(nodeId: string, command: 'send' | 'call', term: string): Promise<string> {
    if (this.state.phase !== 'attached' || !this.transport) throw new Error('not attached to a node');
    if (this.state.cursor !== null) this.scrub(null);
    const target = this.processOf(nodeId);
    if (!target?.process.pid) throw new Error(`${nodeId} has no running process`);
    if (!this.state.unlocked.includes(target.node)) throw new Error(`read-only: unlock fault injection for ${target.node} first`);
    const pid = target.process.pid;
    const r = await this.request({ type: 'command', node: target.node, command, pid, message: term });
    if (r.type !== 'result') throw new Error('unexpected answer');
    const what = `${command} ${pid} (${target.path}) ${term}`;
    const text = !r.ok ? `${what} failed: ${r.error ?? 'refused'}`
      : command === 'send' ? `Sent ${what}.`
        : r.exit !== undefined ? `${what} → the call exited: ${r.exit}` : `${what} → ${r.reply ?? '?'}`;
    this.set({ note: { kind: r.ok && r.exit === undefined ? 'info' : 'error', text } });
    if (!r.ok) throw new Error(r.error ?? 'refused');
    return text;
  }

  /** Clear the bar's note (or replace it with an error). */
  dismissNote(error?: string) {
    this.set({ note: error ? { kind: 'error', text: error } : null });
  }

  /** Close the connection and forget the session (the bridge removes its agent when it stops, not on a disconnect). */
  detach() {
    const t = this.transport;
    this.transport = null;
    t?.close();
    if (this.attaching) {
      clearTimeout(this.attaching.timer);
      this.attaching.reject(new Error('detached'));
      this.attaching = null;
    }
    this.failPending('detached');
    this.recording = null;
    this.design = null;
    this.shownStructure = '';
    this.layoutSeq++;
    this.set({ ...INITIAL });
  }
}

/** A cluster's trees side by side: a label (a design note) over each node's processes. */
function withNodeLabels(doc: LiveDesign['doc'], d: LiveDesign): LiveDesign['doc'] {
  const byNode = new Map<string, { x: number; y: number }>();
  for (const n of doc.nodes) {
    const key = d.pathByNodeId.get(n.id);
    if (!key) continue;
    const { node } = splitKey(key);
    const b = byNode.get(node);
    byNode.set(node, { x: Math.min(b?.x ?? Infinity, n.position.x), y: Math.min(b?.y ?? Infinity, n.position.y) });
  }
  const notes = [...byNode].map(([node, at], i) => ({ id: `__node_${i}`, kind: 'note' as const, name: '', text: `node ${node}`, position: { x: at.x, y: at.y - 70 } }));
  return { ...doc, nodes: [...doc.nodes, ...notes] } as LiveDesign['doc'];
}
