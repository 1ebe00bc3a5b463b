// One live BEAM session in the browser build: the WebSocket to a bridge the user started (`supervisor-studio bridge`,
// bridge/server.ts lists the messages), the recording of what it sent, the design the live tree is drawn as (in an
// editor of its own, read-only, shown on the same canvas), the unlock and the ask-once confirmation of faults.
// React reads it through `subscribe`/`getState` (renderer/live/hooks.ts).
import type { LiveEvent, LiveProcess, LiveTree } from '../../bridge/protocol';
import { Editor } from '../editor/editor';
import { autoLayout } from '../editor/layout';
import type { BridgeAddress } from './bridge-url';
import { liveDesign, processesByPath, type LiveDesign } from './live-design';
import { LiveRecording } from './recording';

export type LivePhase = 'idle' | 'connecting' | 'attached' | 'lost';

export interface LiveState {
  phase: LivePhase;
  /** The target node (from the bridge's hello). */
  node: string | null;
  /** The bridge's address without its token. */
  bridge: string | null;
  /** Why connecting failed / the connection ended / the node is unreachable (null: all is well). */
  error: string | null;
  /** Fault injection unlocked for the node by the bridge (this connection). */
  unlocked: boolean;
  /** The user confirmed a fault on a real node once this session (not asked again). */
  faultsConfirmed: boolean;
  /** Timeline cursor in ms since the attach (null: live). */
  cursor: number | null;
  /** Which document the canvas shows while attached. */
  show: 'live' | 'design';
  /** Bumped on every change of the recording. */
  version: number;
  /** The last command's outcome, or a note. */
  note: { kind: 'info' | 'error'; text: string } | null;
}

const INITIAL: LiveState = { phase: 'idle', node: null, bridge: null, error: null, unlocked: false, faultsConfirmed: false, cursor: null, show: 'live', version: 0, note: null };

/** What the bridge sends (bridge/protocol.ts BridgeMessage; `tree` typed as the agent's LiveTree). */
type Incoming =
  | { type: 'hello'; node: string; nodes?: string[]; readOnly?: boolean }
  | { type: 'tree'; node?: string; tree: LiveTree }
  | { type: 'events'; events: LiveEvent[]; replay?: boolean }
  | { type: 'unlocked'; node: string }
  | { type: 'result'; id?: string | number; ok: boolean; command?: string; pid?: string; error?: string; exit?: string; reply?: string }
  | { type: 'error'; message: string };

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
  private ws: WebSocket | null = null;
  recording: LiveRecording | null = null;
  /** The live tree drawn as a design: its own editor, shown on the canvas instead of the user's design. */
  readonly editor = new Editor();
  design: LiveDesign | null = null;
  private shownStructure = '';
  private layoutSeq = 0;
  private pending: { id: number; resolve(r: { ok: boolean; error?: string }): void } | null = null;
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

  /** Open the WebSocket; resolves once the bridge said hello and sent the first tree, rejects with a clear reason. */
  attach(address: BridgeAddress): Promise<void> {
    this.detach();
    this.set({ ...INITIAL, phase: 'connecting', bridge: address.display });
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (text: string) => {
        if (settled) return;
        settled = true;
        this.ws = null;
        this.set({ phase: 'idle', error: text });
        reject(new Error(text));
      };
      let ws: WebSocket;
      try {
        ws = new this.deps.WebSocket(address.url);
      } catch (e) {
        return fail(`Cannot open ${address.display}: ${(e as Error).message}`);
      }
      this.ws = ws;
      let opened = false;
      const timer = setTimeout(() => { ws.close(); fail(`The bridge at ${address.display} did not answer within 15 s.`); }, 15_000);
      ws.onopen = () => { opened = true; };
      ws.onmessage = (m) => {
        let msg: Incoming;
        try {
          msg = JSON.parse(String(m.data)) as Incoming;
        } catch {
          return;
        }
        if (!settled && msg.type === 'hello') {
          this.recording = new LiveRecording(this.deps.now());
          this.set({ node: msg.node });
          ws.send(JSON.stringify({ type: 'tree' }));
          return;
        }
        if (!settled && msg.type === 'tree') {
          settled = true;
          clearTimeout(timer);
          this.set({ phase: 'attached', error: null });
          this.onMessage(msg);
          resolve();
          return;
        }
        if (!settled && msg.type === 'error') { clearTimeout(timer); ws.close(); return fail(`The bridge could not read ${this.state.node ?? 'the node'}'s tree: ${msg.message}`); }
        this.onMessage(msg);
      };
      ws.onclose = () => {
        clearTimeout(timer);
        if (this.ws !== ws) return; // detached or replaced
        if (settled) {
          this.ws = null;
          this.pending?.resolve({ ok: false, error: 'the connection closed' });
          this.pending = null;
          this.set({ phase: 'lost', unlocked: false, error: `The connection to the bridge closed: the bridge stopped (Ctrl-C), or ${this.state.node ?? 'the node'} went away and the bridge exited. The recording stays: scrub it, import it, or attach again.` });
          return;
        }
        if (opened) return fail(`The bridge at ${address.display} closed the connection before sending ${this.state.node ?? 'the node'}'s tree.`);
        void this.deps.probe(address.port).then((running) => fail(running
          ? `The bridge at ${address.display} refused the token (HTTP 401). The token changes every time the bridge starts: paste the whole line it printed last.`
          : `No bridge is running at ${address.display}. Start it with \`supervisor-studio bridge --node NAME@HOST --cookie COOKIE\` and paste the line it prints.`));
      };
    });
  }

  private onMessage(msg: Incoming) {
    const rec = this.recording;
    if (!rec) return;
    switch (msg.type) {
      case 'tree':
        // one node for now: the first the bridge attached to (a cluster's other nodes are not drawn yet)
        if (msg.node && this.state.node && msg.node !== this.state.node) return;
        rec.addTree(msg.tree, this.deps.now());
        this.set({ version: this.state.version + 1, error: this.state.phase === 'attached' ? null : this.state.error });
        this.redraw();
        return;
      case 'events': {
        rec.addEvents(msg.events, this.deps.now(), msg.replay);
        const mine = msg.events.filter((e) => (e.type === 'nodedown' || e.type === 'nodeup') && e.node === this.state.node).at(-1);
        if (mine?.type === 'nodedown') this.set({ version: this.state.version + 1, error: this.nodeDown(mine.node, mine.seenBy ?? 'the bridge') });
        else if (mine?.type === 'nodeup') this.set({ version: this.state.version + 1, error: null, note: { kind: 'info', text: `${mine.node} is back up.` } });
        else this.set({ version: this.state.version + 1 });
        return;
      }
      case 'unlocked':
        this.set({ unlocked: true, note: { kind: 'info', text: `Fault injection unlocked for ${msg.node}: right-click a process (or Shift+F10) to kill it.` } });
        return;
      case 'result': {
        const p = this.pending;
        if (!p || (msg.id !== undefined && msg.id !== p.id)) return;
        this.pending = null;
        p.resolve({ ok: msg.ok, error: msg.error });
        return;
      }
      case 'error':
        // e.g. "node app@host is down": the bridge keeps polling, the next tree clears it
        if (/ is down\b/.test(msg.message) && this.state.node) this.set({ error: this.nodeDown(this.state.node, 'the bridge') });
        else this.set({ error: `The bridge reports: ${msg.message}` });
        return;
      case 'hello':
        return;
      default: {
        const never: never = msg;
        void never;
      }
    }
  }

  private nodeDown(node: string, seenBy: string) {
    return `${node} went down (seen by ${seenBy}). The recording stays: scrub it or import it; the tree comes back if the node does.`;
  }

  /** Draw the tree at the cursor (re-laid out only when processes appeared or went). */
  private redraw() {
    const tree = this.recording?.treeAt(this.state.cursor);
    if (!tree) return;
    let d: LiveDesign;
    try {
      d = liveDesign(tree);
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
    void autoLayout(d.doc).then((positions) => {
      if (seq !== this.layoutSeq) return;
      const doc = { ...d.doc, nodes: d.doc.nodes.map((n) => (positions.has(n.id) ? { ...n, position: positions.get(n.id)! } : n)) };
      this.shownStructure = d.structure;
      this.design = { ...d, doc };
      this.editor.load(doc);
      this.set({ version: this.state.version + 1 });
    });
  }

  /** The live process a canvas node stands for, at the cursor. */
  processOf(nodeId: string): { path: string; process: LiveProcess; restarts: number } | undefined {
    const path = this.design?.pathByNodeId.get(nodeId);
    const tree = this.recording?.treeAt(this.state.cursor);
    if (!path || !tree) return undefined;
    const p = processesByPath(tree).get(path);
    return p ? { path, process: p, restarts: this.recording!.restarts(path, this.state.cursor) } : undefined;
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

  unlock() {
    if (this.state.phase !== 'attached' || !this.ws || !this.state.node) return;
    this.ws.send(JSON.stringify({ type: 'unlock', node: this.state.node }));
  }

  confirmFaults() {
    this.set({ faultsConfirmed: true });
  }

  /** Kill or exit the process a canvas node stands for (the live one: the cursor is moved back to live first). */
  async fault(nodeId: string, command: 'kill' | 'exit', reason?: string): Promise<void> {
    if (this.state.phase !== 'attached' || !this.ws) throw new Error('not attached to a node');
    if (!this.state.unlocked) throw new Error(`read-only: unlock fault injection for ${this.state.node} first`);
    if (!this.state.faultsConfirmed) throw new Error('a fault on a real node must be confirmed first');
    if (this.state.cursor !== null) this.scrub(null);
    const target = this.processOf(nodeId);
    if (!target?.process.pid) throw new Error(`${nodeId} has no running process`);
    const pid = target.process.pid;
    if (this.pending) throw new Error('another command is still waiting for its answer');
    const id = this.nextId++;
    const answer = new Promise<{ ok: boolean; error?: string }>((resolve) => { this.pending = { id, resolve }; });
    this.ws.send(JSON.stringify({ type: 'command', id, node: this.state.node, command, pid, ...(command === 'exit' ? { reason: reason ?? ':boom' } : {}) }));
    const r = await answer;
    const what = command === 'kill' ? `kill ${pid} (${target.path})` : `exit ${pid} (${target.path}) with ${reason ?? ':boom'}`;
    this.set({ note: r.ok ? { kind: 'info', text: `Sent ${what}.` } : { kind: 'error', text: `${what} failed: ${r.error ?? 'refused'}` } });
    if (!r.ok) throw new Error(r.error ?? 'refused');
  }

  dismissNote() {
    this.set({ note: null });
  }

  /** Close the connection and forget the session (the bridge removes its agent when it stops, not on a disconnect). */
  detach() {
    const ws = this.ws;
    this.ws = null;
    ws?.close();
    this.pending = null;
    this.recording = null;
    this.design = null;
    this.shownStructure = '';
    this.layoutSeq++;
    this.set({ ...INITIAL });
  }
}
