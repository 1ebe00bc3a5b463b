// Live BEAM's React surface, mounted by the shell: the attach dialog, the bar over the canvas while attached (node,
// read-only / unlock, detach, Import as design, compare with the simulator), the per-node live badge inside the canvas
// nodes, the fault menu on real processes with its ask-once confirmation, and the live event log and timeline.
// All state lives in the LiveController (hooks.ts).
import { useEffect, useId, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { DesignDocument } from '../../runtime/design/document';
import { parse } from '../../runtime/design/parse';
import { importedRoots, liveTreeToDesign } from '../../bridge/import';
import { Modal } from '../panels/Modal';
import { useEditor } from '../canvas/context';
import { parseBridgeAddress } from './bridge-url';
import { getLiveController, useLiveState } from './hooks';
import type { DesktopBridge } from './controller';
import { liveEventText, type LiveMarkerKind } from './recording';
import { lineDiff, otpLines, simLines, type DiffRow } from './compare';
import { liveDesign } from './live-design';
import './live.css';

const errText = (e: unknown) => (e instanceof Error ? e.message : String(e));
const fmtMs = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`);

/** Is the canvas showing the live tree (not the user's design)? */
export function useLiveCanvas(): boolean {
  const st = useLiveState();
  // a `--serve` bridge with no node yet: the canvas keeps showing the design (Run on BEAM starts one)
  return (st.phase === 'attached' || st.phase === 'lost') && st.show === 'live' && st.nodes.length > 0;
}
export const liveEditor = () => getLiveController().editor;

// ---- attach dialog -----------------------------------------------------------------------------------------------------------

/** A node name as the bridge takes it (bridge/protocol.ts NODE_NAME). */
const NODE_NAME = /^[A-Za-z0-9_-]+@[A-Za-z0-9_.-]+$/;

export function AttachDialog({ onClose, onAttached, desktop }: { onClose(): void; onAttached(): void; desktop?: DesktopBridge }) {
  const c = getLiveController();
  const st = useLiveState();
  const [text, setText] = useState('');
  const [nodes, setNodes] = useState('');
  const [cookie, setCookie] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const connecting = st.phase === 'connecting';
  const attach = async () => {
    try {
      if (desktop) {
        const list = nodes.split(/[\s,]+/).filter(Boolean);
        const bad = list.find((n) => !NODE_NAME.test(n));
        if (!list.length || bad) return setError(bad ? `"${bad}" is not a node name (name@host, as node() prints it on the node).` : 'Name the node: name@host, as node() prints it on the node.');
        if (!cookie || /\s/.test(cookie)) return setError('The cookie is required (no spaces): the one the node was started with (--cookie).');
        setError(null);
        await c.attachDesktop(desktop, list, cookie);
      } else {
        const parsed = parseBridgeAddress(text);
        if (!parsed.ok) return setError(parsed.error);
        setError(null);
        await c.attach(parsed.address);
      }
      onAttached();
    } catch (e) {
      setError(errText(e));
    }
  };
  if (desktop) {
    return (
      <Modal title="Attach to a BEAM node" icon="bolt" onClose={onClose} footer={(
        <>
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
          <button type="button" className="btn primary" onClick={() => void attach()} disabled={connecting} data-testid="live-attach">{connecting ? 'Attaching…' : 'Attach'}</button>
        </>
      )}>
        <form className="live-attach" onSubmit={(e) => { e.preventDefault(); void attach(); }}>
          <p className="muted">Your app must run as a named node, e.g. <code>iex --sname app --cookie YOUR_COOKIE -S mix</code>. The studio starts a hidden node of its own and attaches read-only; the cookie stays in the app&apos;s main process and is never saved.</p>
          <label htmlFor={`${id}-nodes`}>Node (several of one cluster: separate with spaces)</label>
          <input id={`${id}-nodes`} value={nodes} spellCheck={false} placeholder="app@yourhost" onChange={(e) => setNodes(e.target.value)} data-testid="live-nodes" />
          <label htmlFor={`${id}-cookie`}>Cookie</label>
          <input id={`${id}-cookie`} type="password" autoComplete="off" value={cookie} onChange={(e) => setCookie(e.target.value)} data-testid="live-cookie"
            aria-describedby={error ? `${id}-err` : undefined} />
          {error && <div id={`${id}-err`} className="live-error" role="alert" data-testid="live-attach-error">{error}</div>}
          <button type="submit" hidden />
        </form>
      </Modal>
    );
  }
  return (
    <Modal title="Attach to a BEAM node" icon="bolt" onClose={onClose} footer={(
      <>
        <button type="button" className="btn" onClick={onClose}>Cancel</button>
        <button type="button" className="btn primary" onClick={() => void attach()} disabled={connecting} data-testid="live-attach">{connecting ? 'Attaching…' : 'Attach'}</button>
      </>
    )}>
      <div className="live-attach">
        <p>Start the bridge next to your running node, then paste the line it prints:</p>
        <pre className="live-cmd">supervisor-studio bridge --node app@yourhost --cookie YOUR_COOKIE</pre>
        <p className="muted">Your app must run as a named node, e.g. <code>iex --sname app --cookie YOUR_COOKIE -S mix</code>. The cookie stays with the bridge; the studio only gets a one-time token, and the node is read-only until you unlock fault injection.</p>
        <label htmlFor={`${id}-addr`}>Bridge address</label>
        <textarea id={`${id}-addr`} rows={3} value={text} spellCheck={false} placeholder="ws://127.0.0.1:PORT/?token=…" data-testid="live-address"
          aria-describedby={error ? `${id}-err` : undefined} aria-invalid={error ? true : undefined}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); void attach(); } }} />
        {error && <div id={`${id}-err`} className="live-error" role="alert" data-testid="live-attach-error">{error}</div>}
      </div>
    </Modal>
  );
}

// ---- the bar over the canvas -------------------------------------------------------------------------------------------------

export function LiveBar({ onImport, onCompare, designText }: { onImport(doc: DesignDocument, name: string): void; onCompare(): void; designText(): string }) {
  const c = getLiveController();
  const st = useLiveState();
  if (st.phase !== 'attached' && st.phase !== 'lost') return null;
  const importDesign = () => {
    const trees = c.trees();
    if (!trees.length) return;
    const merged = trees.length === 1 ? trees[0] : { node: trees.map((t) => t.node).join(', '), apps: trees.flatMap((t) => importedRoots(t)) };
    const parsed = parse(liveTreeToDesign(merged));
    if (!parsed.ok) return;
    // keep the layout the live view has
    const pos = new Map(c.editor.doc.nodes.map((n) => [n.id, n.position]));
    const doc = { ...parsed.doc, nodes: parsed.doc.nodes.map((n) => (pos.has(n.id) ? { ...n, position: pos.get(n.id)! } : n)) };
    onImport(doc, `${(st.node ?? 'live').replace(/@.*/, '')}.suptree`);
  };
  return (
    <div className={`live-bar${st.phase === 'lost' ? ' lost' : ''}`} role="region" aria-label="Live BEAM" data-testid="live-bar">
      {st.nodes.length === 0 && <span className="live-node muted">{st.phase === 'lost' ? 'disconnected' : 'no node yet'}</span>}
      {st.nodes.map((node) => {
        const open = st.unlocked.includes(node);
        const down = st.down.includes(node);
        return (
          <span key={node} className="live-chip" data-node={node}>
            <span className={`live-dot ${st.phase === 'lost' || down ? 'bad' : 'ok'}`} aria-hidden="true" />
            <strong className="live-node" data-testid="live-node">{node}</strong>
            <span className={`live-lock${open ? ' open' : ''}`} data-testid="live-lock">{st.phase === 'lost' ? 'disconnected' : down ? 'down' : open ? 'faults unlocked' : 'read-only'}</span>
            {st.phase === 'attached' && !open && !down && (
              <button type="button" className="btn small" onClick={() => c.unlock(node)} data-testid="live-unlock" title={`Allow kills and exits on ${node}'s processes (this session only)`}>Unlock</button>
            )}
            {st.phase === 'attached' && st.started.includes(node) && (
              <button type="button" className="btn small" onClick={() => { c.stop(node).catch((e: unknown) => c.dismissNote(errText(e))); }} data-testid="live-stop" title="Stop this node (started here by Run on BEAM)">Stop</button>
            )}
          </span>
        );
      })}
      <span className="live-sep" />
      {/* a --serve bridge (attached to nothing, or only to nodes started here) runs designs; one attached to your nodes does not */}
      {st.phase === 'attached' && (st.nodes.length === 0 || st.nodes.every((n) => st.started.includes(n))) && (
        <button type="button" className="btn small" disabled={st.busy !== null} data-testid="live-run" title="Run on BEAM: compile the current design's Elixir export, start it on a fresh local node and attach (the bridge must run with --serve)"
          onClick={() => { c.run(designText()).catch(() => undefined); }}>Run on BEAM</button>
      )}
      <div className="segmented" role="group" aria-label="Canvas shows">
        <button type="button" aria-pressed={st.show === 'live'} onClick={() => c.setShow('live')}>Live tree</button>
        <button type="button" aria-pressed={st.show === 'design'} onClick={() => c.setShow('design')}>Design</button>
      </div>
      <button type="button" className="btn small" onClick={importDesign} data-testid="live-import" title="Open the live tree (at the timeline cursor) as a new design you can edit and simulate">Import as design</button>
      <button type="button" className="btn small" onClick={onCompare} data-testid="live-compare" title="Run this session's kills and exits on the simulator and compare its event log with what real OTP did">Sim vs OTP</button>
      <button type="button" className="btn small" onClick={() => c.detach()} data-testid="live-detach">Detach</button>
      {st.busy && <span className="live-msg info" role="status" data-testid="live-busy">{st.busy}</span>}
      {(st.error || st.note) && (
        <span className={`live-msg ${st.error || st.note?.kind === 'error' ? 'err' : 'info'}`} role={st.error ? 'alert' : 'status'} data-testid="live-message">
          {st.error ?? st.note?.text}
          {!st.error && <button type="button" className="linkish" aria-label="Dismiss" onClick={() => c.dismissNote()}>×</button>}
        </span>
      )}
    </div>
  );
}

// ---- the badge inside a canvas node ----------------------------------------------------------------------------------------

export function LiveBadge({ nodeId }: { nodeId: string }) {
  const editor = useEditor();
  const c = getLiveController();
  const st = useLiveState();
  if (editor !== c.editor) return null;
  void st.version;
  const live = c.processOf(nodeId);
  if (!live) return <div className="run-badge st-dead live-badge" data-testid={`live-badge-${nodeId}`} data-status="gone"><span className="rb-dot" /><span className="rb-status">not running</span></div>;
  const p = live.process;
  const status = p.status ?? (p.pid ? 'alive' : 'gone');
  return (
    <div className={`run-badge live-badge st-${p.pid ? 'running' : 'dead'}`} data-status={status} data-pid={p.pid ?? ''} data-testid={`live-badge-${nodeId}`}>
      <span className="rb-dot" />
      <span className="rb-status">{status}</span>
      {p.pid && <span className="rb-pid" title="pid">{p.pid}</span>}
      {live.restarts > 0 && <span className="rb-restarts" title="restarts seen this session">↻{live.restarts}</span>}
      {(p.messageQueueLen ?? 0) > 0 && <span className="rb-mail" title="mailbox length">✉{p.messageQueueLen}</span>}
      {p.trapExit && <span className="rb-children" title="traps exits">trap</span>}
      {(p.kind === 'dynamic_supervisor' || p.kind === 'task_supervisor') && <span className="rb-children" title="children">{p.children.length} ch</span>}
    </div>
  );
}

// ---- fault menu on real processes --------------------------------------------------------------------------------------------


export function LiveFaultMenu() {
  const c = getLiveController();
  const st = useLiveState();
  const shown = useLiveCanvas();
  const [menu, setMenu] = useState<{ x: number; y: number; nodeId: string } | null>(null);
  const [asking, setAsking] = useState<{ nodeId: string; command: 'kill' | 'exit'; reason?: string } | null>(null);
  const [reasonFor, setReasonFor] = useState<{ nodeId: string; command: 'exit' | 'send' | 'call' } | null>(null);

  useEffect(() => {
    if (!shown) return;
    const open = (nodeId: string, x: number, y: number) => {
      c.editor.select([nodeId], []);
      setReasonFor(null);
      setMenu({ x, y, nodeId });
    };
    const onCtx = (e: MouseEvent) => {
      const el = (e.target as HTMLElement | null)?.closest<HTMLElement>('.react-flow__node');
      const id = el?.dataset.id;
      if (!id || !c.design?.pathByNodeId.has(id)) return;
      e.preventDefault();
      e.stopPropagation();
      open(id, e.clientX, e.clientY);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') return setMenu(null);
      if (!((e.shiftKey && e.key === 'F10') || e.key === 'ContextMenu')) return;
      const id = [...c.editor.getSelection().nodes][0];
      const el = id ? document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`) : null;
      if (!id || !el) return;
      e.preventDefault();
      const r = el.getBoundingClientRect();
      open(id, r.left + r.width / 2, r.top + r.height / 2);
    };
    const close = (e: Event) => { if (!(e.target as HTMLElement | null)?.closest?.('.live-menu')) setMenu(null); };
    document.addEventListener('contextmenu', onCtx, true);
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', close, true);
    return () => {
      document.removeEventListener('contextmenu', onCtx, true);
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', close, true);
    };
  }, [c, shown]);

  const send = (nodeId: string, command: 'kill' | 'exit', reason?: string) => {
    setMenu(null);
    const node = c.processOf(nodeId)?.node;
    if (!node || !c.getState().faultsConfirmed.includes(node)) return setAsking({ nodeId, command, reason });
    c.fault(nodeId, command, reason).catch(() => undefined); // the outcome shows in the live bar
  };

  const target = menu ? c.processOf(menu.nodeId) : undefined;
  const unlocked = !!target && st.unlocked.includes(target.node);
  return (
    <>
      {menu && (
        <div className="run-menu live-menu" role="menu" aria-label={`Faults for ${target?.path ?? menu.nodeId}`} style={{ left: menu.x, top: menu.y }} data-testid="live-menu"
          onKeyDown={(e) => {
            const btns = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('button:not([disabled])')];
            const i = btns.indexOf(document.activeElement as HTMLButtonElement);
            if (e.key === 'ArrowDown') { e.preventDefault(); btns[(i + 1) % btns.length]?.focus(); }
            if (e.key === 'ArrowUp') { e.preventDefault(); btns[(i - 1 + btns.length) % btns.length]?.focus(); }
          }}>
          <div className="run-menu-title">{target?.path ?? menu.nodeId} {target?.process.pid ?? ''} · {target?.node}</div>
          {!unlocked && target && st.phase === 'attached' && (
            <>
              <div className="live-menu-note">Read-only: this is a real node.</div>
              <button type="button" role="menuitem" autoFocus onClick={() => { setMenu(null); c.unlock(target.node); }} data-testid="live-menu-unlock">Unlock fault injection for {target.node}</button>
            </>
          )}
          {st.phase !== 'attached' && <div className="live-menu-note">Not connected: the bridge is gone.</div>}
          {reasonFor?.nodeId === menu.nodeId ? (
            <form className="live-reason" onSubmit={(e) => {
              e.preventDefault();
              const v = String(new FormData(e.currentTarget).get('term') ?? '').trim();
              if (!v) return;
              if (reasonFor.command === 'exit') return send(menu.nodeId, 'exit', v);
              setMenu(null);
              c.message(menu.nodeId, reasonFor.command, v).catch(() => undefined); // the reply shows in the live bar
            }}>
              <label>{reasonFor.command === 'exit' ? 'Exit reason' : reasonFor.command === 'send' ? 'Message' : 'Request'} (an Elixir term)
                <input name="term" defaultValue={reasonFor.command === 'exit' ? ':boom' : ':ping'} autoFocus required maxLength={2000} data-testid="live-term" /></label>
              <button type="submit" data-testid="live-term-go">{reasonFor.command === 'exit' ? 'Exit' : reasonFor.command === 'send' ? 'Send' : 'Call'}</button>
            </form>
          ) : (
            <>
              <button type="button" role="menuitem" autoFocus={unlocked} disabled={!unlocked || st.phase !== 'attached' || !target?.process.pid}
                onClick={() => send(menu.nodeId, 'kill')} data-testid="live-fault-kill">Kill (exit :kill)</button>
              <button type="button" role="menuitem" disabled={!unlocked || st.phase !== 'attached' || !target?.process.pid}
                onClick={() => setReasonFor({ nodeId: menu.nodeId, command: 'exit' })} data-testid="live-fault-exit">Exit with reason…</button>
              <button type="button" role="menuitem" disabled={!unlocked || st.phase !== 'attached' || !target?.process.pid}
                onClick={() => setReasonFor({ nodeId: menu.nodeId, command: 'send' })} data-testid="live-fault-send">Send a message…</button>
              <button type="button" role="menuitem" disabled={!unlocked || st.phase !== 'attached' || !target?.process.pid}
                onClick={() => setReasonFor({ nodeId: menu.nodeId, command: 'call' })} data-testid="live-fault-call">Call (GenServer.call)…</button>
            </>
          )}
        </div>
      )}
      {asking && (
        <Modal title={`${asking.command === 'kill' ? 'Kill' : 'Exit'} a process on ${c.processOf(asking.nodeId)?.node ?? 'a real node'}?`} icon="warning" onClose={() => setAsking(null)} footer={(
          <>
            <button type="button" className="btn" onClick={() => setAsking(null)}>Cancel</button>
            <button type="button" className="btn danger" autoFocus data-testid="live-confirm" onClick={() => {
              const a = asking;
              setAsking(null);
              const node = c.processOf(a.nodeId)?.node;
              if (node) c.confirmFaults(node);
              c.fault(a.nodeId, a.command, a.reason).catch(() => undefined);
            }}>{asking.command === 'kill' ? 'Kill it' : 'Send the exit'}</button>
          </>
        )}>
          <p>This sends a real exit signal to <code>{c.processOf(asking.nodeId)?.path}</code> ({c.processOf(asking.nodeId)?.process.pid}) on the running node <strong>{c.processOf(asking.nodeId)?.node}</strong>. Its supervisor reacts as it would in production.</p>
          <p className="muted">You are asked once per session: further faults on this node are sent without asking until you detach.</p>
        </Modal>
      )}
    </>
  );
}

// ---- event log and timeline ----------------------------------------------------------------------------------------------

const MARK: Record<LiveMarkerKind, string> = { crash: 'var(--run-dead)', restart: 'var(--run-restarting)', escalation: 'var(--run-escalation)' };
const ROW_CLASS: Partial<Record<string, string>> = { command: 'command', restart: 'restart', exit: 'exit', intensity: 'decision', nodedown: 'decision', child_terminated: 'exit' };

export function LiveEventLog() {
  const c = getLiveController();
  const st = useLiveState();
  const rec = c.recording;
  const listRef = useRef<HTMLDivElement>(null);
  const events = rec?.events ?? [];
  useEffect(() => {
    const el = listRef.current;
    if (el && st.cursor === null) el.scrollTop = el.scrollHeight;
  }, [st.version, st.cursor]);
  if (!rec) return <div className="empty"><strong>No live events yet</strong></div>;
  return (
    <div className="run-log live-log" data-testid="live-event-log">
      <div className="run-log-main">
        <div className="run-log-filters"><span>Live events from <strong>{st.nodes.join(', ') || st.node}</strong></span><span className="muted">{events.length} event{events.length === 1 ? '' : 's'}{st.cursor !== null ? ` · showing ${fmtMs(st.cursor)}` : ''}</span></div>
        <div className="run-log-list" ref={listRef} role="list" aria-label="Live events">
          {events.map((e, i) => (
            <button type="button" role="listitem" key={i} className={`run-log-row live-row ev-${ROW_CLASS[e.type] ?? 'spawn'}${st.cursor !== null && e.t > st.cursor ? ' future' : ''}`}
              onClick={() => c.scrub(e.t)} data-testid="live-event" title="Show the tree at this moment">
              <span className="t">{fmtMs(e.t)}</span><span className="kind">{e.type.replace('_', ' ')}</span><span className="what">{st.nodes.length > 1 ? <span className="live-row-node">{e.node.replace(/@.*/, '')} </span> : null}{liveEventText(e)}</span>
            </button>
          ))}
        </div>
      </div>
    </div>
  );
}

export function LiveTimeline() {
  const c = getLiveController();
  const st = useLiveState();
  const svgRef = useRef<SVGSVGElement>(null);
  const rec = c.recording;
  const markers = useMemo(() => { void st.version; return rec?.markers() ?? []; }, [rec, st.version]);
  if (!rec) return <div className="empty"><strong>No live timeline yet</strong></div>;
  const end = Math.max(1, rec.end);
  const cursorT = st.cursor ?? end;
  const W = 1000;
  const scrubAt = (clientX: number) => {
    const r = svgRef.current!.getBoundingClientRect();
    const f = Math.min(1, Math.max(0, (clientX - r.left) / r.width));
    c.scrub(f >= 0.999 ? null : f * end);
  };
  return (
    <div className="run-timeline live-timeline">
      <div className="run-tl-bar">
        <button type="button" className="run-btn" onClick={() => c.scrub(null)} disabled={st.cursor === null} data-testid="live-tl-live">Live</button>
        <span className="muted" data-testid="live-tl-position">{st.cursor === null ? `live · ${fmtMs(end)} recorded` : `${fmtMs(cursorT)} of ${fmtMs(end)}`}</span>
        <span className="grow" />
        <span className="legend"><i style={{ background: MARK.crash }} />kill / crash <i style={{ background: MARK.restart }} />restart <i style={{ background: MARK.escalation }} />gave up / node down</span>
      </div>
      <svg ref={svgRef} className="run-tl-svg" viewBox={`0 0 ${W} 36`} preserveAspectRatio="none" role="slider" aria-label="Live timeline" tabIndex={0}
        aria-valuemin={0} aria-valuemax={Math.round(end)} aria-valuenow={Math.round(cursorT)} aria-valuetext={st.cursor === null ? 'live' : fmtMs(cursorT)} data-testid="live-timeline"
        onPointerDown={(e) => { e.currentTarget.setPointerCapture(e.pointerId); scrubAt(e.clientX); }}
        onPointerMove={(e) => { if (e.buttons & 1) scrubAt(e.clientX); }}
        onKeyDown={(e) => {
          const step = end / 50;
          if (e.key === 'ArrowLeft') { e.preventDefault(); c.scrub(cursorT - step); }
          if (e.key === 'ArrowRight') { e.preventDefault(); c.scrub(cursorT + step); }
          if (e.key === 'End') { e.preventDefault(); c.scrub(null); }
          if (e.key === 'Home') { e.preventDefault(); c.scrub(0); }
        }}>
        <rect x={0} y={16} width={W} height={4} className="tl-track" />
        {markers.map((m, i) => <rect key={i} x={(m.t / end) * W - 1.5} y={6} width={3} height={24} fill={MARK[m.kind]} data-testid={`live-mark-${m.kind}`}><title>{liveEventText(m.event)}</title></rect>)}
        <line x1={(cursorT / end) * W} x2={(cursorT / end) * W} y1={0} y2={36} className="tl-cursor" />
      </svg>
    </div>
  );
}

// ---- simulator vs OTP ------------------------------------------------------------------------------------------------------

/** Both sides of a comparison: the simulator's lines and real OTP's. */
export interface Comparison { title: string; sim: string[]; otp: string[] }

/** This session's kills and exits, replayed on the simulator against the live tree's design. */
export function sessionComparison(): Comparison {
  const c = getLiveController();
  const rec = c.recording;
  if (c.getState().cursor !== null) c.scrub(null);
  const trees = c.trees();
  if (!rec || !trees.length) throw new Error('not attached to a node');
  const d = liveDesign(trees);
  const names = new Map(d.nodeIdByPath);
  const otp = otpLines(rec.events, names);
  if (otp.steps.length === 0) throw new Error('Nothing to compare yet: kill or exit a process first (right-click it on the live tree).');
  return { title: `${otp.steps.length} command${otp.steps.length === 1 ? '' : 's'} on ${trees.map((t) => t.node).join(', ')}`, sim: simLines(d.doc, otp.steps), otp: otp.lines };
}

/** What the side-by-side view can compare: this session's faults, or one of the current design's scenarios run by the
 *  bridge on the simulator and on real OTP (its `compare` message). */
export function CompareDialog({ scenarios, designText, onClose }: { scenarios: readonly string[]; designText(): string; onClose(): void }) {
  const c = getLiveController();
  const st = useLiveState();
  const [source, setSource] = useState('');
  const [result, setResult] = useState<Comparison | { error: string } | null>(null);
  const id = useId();
  useEffect(() => {
    let alive = true;
    if (source === '') {
      try {
        setResult(sessionComparison());
      } catch (e) {
        setResult({ error: errText(e) });
      }
      return;
    }
    setResult(null);
    c.compareScenario(designText(), source).then(
      (r) => { if (alive) setResult({ title: `scenario "${r.scenario}" of the current design`, sim: r.compared.simulator, otp: r.compared.otp }); },
      (e) => { if (alive) setResult({ error: errText(e) }); },
    );
    return () => { alive = false; };
  }, [c, source, designText]);
  return (
    <Modal title="Simulator vs real OTP" icon="eye" wide onClose={onClose}>
      <div className="live-compare-src">
        <label htmlFor={`${id}-src`}>Compare</label>
        <select id={`${id}-src`} value={source} onChange={(e) => setSource(e.target.value)} data-testid="live-compare-source">
          <option value="">this session's kills and exits</option>
          {scenarios.map((s) => <option key={s} value={s}>scenario: {s} (run on a fresh node)</option>)}
        </select>
        {st.busy && <span className="muted" role="status">{st.busy}</span>}
      </div>
      {result === null ? <p className="muted">Running…</p> : 'error' in result
        ? <p className="live-error" role="alert" data-testid="live-compare-error">{result.error}</p>
        : <ComparisonView comparison={result} />}
    </Modal>
  );
}

function ComparisonView({ comparison }: { comparison: Comparison }) {
  const rows = useMemo(() => lineDiff(comparison.sim, comparison.otp), [comparison]);
  const diffs = rows.filter((r) => r.kind !== 'same').length;
  const cell = (r: DiffRow, side: 'left' | 'right') => {
    const text = side === 'left' ? ('left' in r ? r.left : '') : ('right' in r ? r.right : '');
    const cls = r.kind === 'same' ? '' : r.kind === 'changed' ? 'chg' : (r.kind === 'left') === (side === 'left') ? (side === 'left' ? 'del' : 'add') : 'gap';
    return <td className={`cmp-cell ${cls}`}>{text}</td>;
  };
  return (
    <>
      <div className="live-compare" data-testid="live-compare-view">
        <p className={diffs ? 'cmp-summary err' : 'cmp-summary ok'} role="status" data-testid="live-compare-summary">
          {comparison.title}: {diffs === 0 ? 'the simulator did exactly what OTP did.' : `${diffs} line${diffs === 1 ? '' : 's'} differ (highlighted).`}
        </p>
        <table className="cmp-table">
          <thead><tr><th scope="col">Simulator</th><th scope="col">Real OTP</th></tr></thead>
          <tbody>
            {rows.map((r, i) => <tr key={i} className={`cmp-${r.kind}`} data-testid={`cmp-row-${r.kind}`}>{cell(r, 'left')}{cell(r, 'right')}</tr>)}
          </tbody>
        </table>
      </div>
    </>
  );
}

// ---- inspector: the selected live process --------------------------------------------------------------------------------------

export function LiveInspector() {
  const c = getLiveController();
  const st = useLiveState();
  const snap = useSyncExternalStore(c.editor.subscribe, c.editor.getSnapshot);
  const id = [...snap.selection.nodes][0];
  void st.version;
  const live = id ? c.processOf(id) : undefined;
  if (!live) {
    return (
      <div className="live-inspector muted" data-testid="live-inspector">
        <p>Live tree of <strong>{st.node}</strong>{st.cursor !== null ? ` as it was at ${fmtMs(st.cursor)}` : ''}.</p>
        <p>Select a process to see its state here; right-click it (or Shift+F10) for the fault menu.</p>
      </div>
    );
  }
  const p = live.process;
  const list = (xs: string[] | undefined) => (xs && xs.length ? xs.join(', ') : '—');
  return (
    <div className="live-inspector" data-testid="live-inspector" aria-label="Live process">
      <h4 className="live-insp-title">{live.path}</h4>
      <dl className="live-insp">
        <dt>pid</dt><dd>{p.pid ?? '—'}</dd>
        <dt>kind</dt><dd>{p.kind.replace('_', ' ')}{p.module ? ` · ${p.module}` : p.modules?.[0] ? ` · ${p.modules[0]}` : ''}</dd>
        {p.registeredName && <><dt>registered</dt><dd>{p.registeredName}</dd></>}
        <dt>status</dt><dd>{p.status ?? (p.alive === false ? 'dead' : '—')}</dd>
        <dt>mailbox</dt><dd data-testid="live-insp-mailbox">{p.messageQueueLen ?? '—'}</dd>
        <dt>restarts</dt><dd>{live.restarts} this session</dd>
        {p.strategy && <><dt>strategy</dt><dd>{p.strategy}</dd></>}
        {p.intensity !== undefined && <><dt>intensity</dt><dd>max {p.intensity} in {p.period ?? '?'} s</dd></>}
        {p.restart && <><dt>restart</dt><dd>{p.restart}{p.shutdown !== undefined && p.shutdown !== null ? ` · shutdown ${p.shutdown}` : ''}</dd></>}
        {p.maxChildren !== undefined && <><dt>max children</dt><dd>{String(p.maxChildren)}</dd></>}
        <dt>trap_exit</dt><dd>{p.trapExit === undefined ? '—' : String(p.trapExit)}</dd>
        <dt>links</dt><dd>{list(p.links)}</dd>
        <dt>monitors</dt><dd>{list(p.monitors)}</dd>
        {(p.remoteLinks?.length ?? 0) > 0 && <><dt>links to other nodes</dt><dd data-testid="live-insp-remote-links">{p.remoteLinks!.map((l) => `${l.pid} on ${l.node}`).join(', ')}</dd></>}
        {(p.remoteMonitors?.length ?? 0) > 0 && <><dt>monitors on other nodes</dt><dd>{p.remoteMonitors!.map((m) => `${m.pid ?? m.name ?? '?'} on ${m.node}`).join(', ')}</dd></>}
        <dt>children</dt><dd>{p.children.length}</dd>
      </dl>
    </div>
  );
}
