// The Timeline tab: crash / restart / escalation markers over the run's time, scrubbing (mouse, arrow keys, crash
// jumps, Live, ▶ from here), the charts the design has data for, and the sequence diagram between selected processes.
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChildSpec, RuntimeSpec } from '../../../runtime/design/spec';
import { getBehaviour } from '../../../runtime/behaviours/catalog';
import type { Editor } from '../../editor/editor';
import { EventText } from '../event-text';
import { getRunController, useRunState } from '../hooks';
import type { Metrics } from '../metrics';
import type { MarkerKind } from '../trace-store';
import { fmtT } from './format';

const PLAY = 'M4.5 2.75v10.5L13 8 4.5 2.75Z';
const PlayIcon = () => <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" className="ri ri-play"><path d={PLAY} /></svg>;

const MARK_COLOR: Record<MarkerKind, string> = { crash: 'var(--run-dead)', restart: 'var(--run-restarting)', escalation: 'var(--run-escalation)' };

export function TimelinePanel({ editor }: { editor?: Editor } = {}) {
  const c = getRunController();
  const st = useRunState();
  const [view, setView] = useState<'charts' | 'sequence'>('charts');
  const svgRef = useRef<SVGSVGElement>(null);
  const store = c.store;
  const markers = useMemo(() => { void st.version; return store ? store.markers() : []; }, [store, st.version]);
  if (!store) return <div className="empty"><strong>No timeline yet</strong><span>A run records a timeline you can scrub and replay.</span></div>;
  const end = Math.max(1, store.endTime, st.now); // one clock: the run's present, as the toolbar shows it
  const cursorT = st.cursor === null ? end : store.timeOf(st.cursor);
  const W = 1000;
  const scrubAt = (clientX: number) => {
    const r = svgRef.current!.getBoundingClientRect();
    const f = Math.min(1, Math.max(0, (clientX - r.left) / r.width));
    if (f >= 0.999) c.scrub(null);
    else c.scrubToTime(f * end);
  };
  return (
    <div className="run-timeline">
      <div className="run-tl-bar">
        <button type="button" className="run-btn" onClick={() => c.jumpToCrash(-1)} title="Previous crash (Alt+[)" data-testid="tl-prev-crash">‹ crash</button>
        <button type="button" className="run-btn" onClick={() => c.jumpToCrash(1)} title="Next crash (Alt+])" data-testid="tl-next-crash">crash ›</button>
        <button type="button" className="run-btn" onClick={() => c.scrub(null)} disabled={st.cursor === null} data-testid="tl-live">Live</button>
        <button type="button" className="run-btn" onClick={() => void c.play()} disabled={st.phase !== 'paused'} data-testid="tl-from-here"
          title={c.isLive() ? 'Play forward from here (the run continues from its present)' : 'This run is stopped: press Run to start the design again'}><PlayIcon /> from here</button>
        <span className="muted" data-testid="tl-position">{st.cursor === null ? `${st.phase === 'stopped' ? 'stopped' : 'live'} · ${fmtT(end)}` : `${fmtT(cursorT)} · event ${st.cursor} of ${store.length}`}</span>
        <span className="grow" />
        <span className="legend"><i style={{ background: MARK_COLOR.crash }} />crash <i style={{ background: MARK_COLOR.restart }} />restart <i style={{ background: MARK_COLOR.escalation }} />escalation</span>
        <select aria-label="Timeline view" value={view} onChange={(e) => setView(e.target.value as 'charts' | 'sequence')}>
          <option value="charts">charts</option>
          <option value="sequence">sequence diagram</option>
        </select>
      </div>
      <svg ref={svgRef} className="run-tl-svg" viewBox={`0 0 ${W} 36`} preserveAspectRatio="none" role="slider" aria-label="Timeline" tabIndex={0}
        aria-valuemin={0} aria-valuemax={end} aria-valuenow={cursorT} data-testid="timeline"
        onPointerDown={(e) => { e.currentTarget.setPointerCapture(e.pointerId); scrubAt(e.clientX); }}
        onPointerMove={(e) => { if (e.buttons & 1) scrubAt(e.clientX); }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowLeft') c.scrub((st.cursor ?? store.length) - 1);
          if (e.key === 'ArrowRight') c.scrub((st.cursor ?? store.length) + 1);
        }}>
        <rect x={0} y={16} width={W} height={4} className="tl-track" />
        {markers.map((m) => (
          <line key={m.index} x1={(m.t / end) * W} x2={(m.t / end) * W} y1={m.kind === 'restart' ? 10 : 4} y2={32} stroke={MARK_COLOR[m.kind]} strokeWidth={m.kind === 'escalation' ? 3 : 1.5} vectorEffect="non-scaling-stroke">
            <title>{`${m.kind} at ${fmtT(m.t)}`}</title>
          </line>
        ))}
        <line x1={(cursorT / end) * W} x2={(cursorT / end) * W} y1={0} y2={36} className="tl-cursor" vectorEffect="non-scaling-stroke" />
      </svg>
      {view === 'charts' ? <Charts /> : <SequenceDiagram editor={editor} />}
    </div>
  );
}

/** The charts this design has data for: throughput, errors and latency only with load sources, the breaker only
 *  with a circuit breaker; restarts always. */
function chartsFor(spec: RuntimeSpec | null) {
  const hasLoad = (spec?.loadSources.length ?? 0) > 0;
  let hasBreaker = false;
  const walk = (x: ChildSpec) => {
    if (x.kind === 'worker' && getBehaviour(x.behaviour)?.circuitBreaker) hasBreaker = true;
    if ('children' in x) x.children.forEach(walk);
  };
  spec?.roots.forEach(walk);
  type S = ReturnType<Metrics['series']>;
  const out: { key: string; title: string; series: uPlot.Series[]; data(s: S): uPlot.AlignedData }[] = [];
  if (hasLoad) {
    out.push({ key: 'throughput', title: 'throughput / s · errors', series: [{ label: 'ok/s', stroke: '#2f9e44' }, { label: 'error rate %', stroke: '#e03131' }], data: (s) => [s.t, s.throughput, s.errorRate.map((x) => (x === null ? null : x * 100))] });
    out.push({ key: 'latency', title: 'latency ms', series: [{ label: 'p50', stroke: '#1971c2' }, { label: 'p95', stroke: '#f08c00' }, { label: 'p99', stroke: '#e03131' }], data: (s) => [s.t, s.p50, s.p95, s.p99] });
  }
  if (hasBreaker) out.push({ key: 'breaker', title: 'circuit breaker', series: [{ label: 'breaker (0 closed, 1 half, 2 open)', stroke: '#9c36b5', paths: uPlot.paths.stepped?.({ align: 1 }) }], data: (s) => [s.t, s.breaker] });
  out.push({ key: 'restarts', title: 'restarts', series: [{ label: 'restarts', stroke: '#f08c00' }], data: (s) => [s.t, s.restarts] });
  return out;
}

function Charts() {
  const c = getRunController();
  const st = useRunState();
  const host = useRef<HTMLDivElement>(null);
  const plots = useRef<uPlot[]>([]);
  const last = useRef(0);
  const defs = useMemo(() => chartsFor(c.spec), [c.spec]);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const w = Math.max(200, Math.floor((el.clientWidth - 56) / Math.max(2, defs.length)));
    plots.current = defs.map((d) => {
      const div = document.createElement('div');
      div.dataset.chart = d.key;
      el.appendChild(div);
      return new uPlot({ title: d.title, width: w, height: 110, series: [{}, ...d.series], scales: { x: { time: false } }, axes: [{ size: 24 }, { size: 36 }], legend: { show: true } }, [[], ...d.series.map(() => [])], div);
    });
    return () => {
      plots.current.forEach((p) => p.destroy());
      plots.current = [];
      el.replaceChildren();
    };
  }, [defs]);
  useEffect(() => {
    const now = performance.now();
    if (now - last.current < 250 && st.phase === 'playing') return; // throttled while playing
    last.current = now;
    const store = c.store;
    if (!store || plots.current.length < defs.length) return;
    c.metrics.update(store);
    const until = st.cursor === null ? store.endTime : store.timeOf(st.cursor);
    const s = c.metrics.series(until);
    defs.forEach((d, k) => plots.current[k].setData(d.data(s)));
  }, [c, defs, st.version, st.cursor, st.phase]);
  return <div className="run-charts" ref={host} data-testid="run-charts" />;
}

/** Messages and exit signals between the processes selected on the canvas, up to the cursor (last 60). */
function SequenceDiagram({ editor }: { editor?: Editor }) {
  const c = getRunController();
  const st = useRunState();
  const sel = useSyncExternalStore(editor?.subscribe ?? (() => () => {}), () => editor?.getSnapshot().selection.nodes);
  const store = c.store!;
  const v = c.view();
  const words = new EventText(store, () => c.view());
  const nodeIds = sel ? [...sel] : [];
  const lanes = nodeIds.map((id) => ({ id, path: c.spec?.pathByNodeId[id] })).filter((l): l is { id: string; path: string } => !!l.path);
  if (lanes.length < 2 || !v) return <div className="muted run-seq-empty">Select two or more processes on the canvas (Shift+click) to see the messages and signals between them.</div>;
  // every pid that ever ran for a lane's path
  const laneOf = new Map<number, number>();
  for (const p of v.procs()) {
    const k = lanes.findIndex((l) => l.path === p.path);
    if (k >= 0) laneOf.set(p.pid, k);
  }
  const end = (st.cursor ?? store.length) - 1;
  const idx = store.query({ types: new Set(['send', 'signal', 'exit']), pids: new Set(laneOf.keys()) }, end, 400, -1).reverse();
  const arrows = idx.map((i) => store.get(i)).filter((e) => e.type === 'exit' || (e.type === 'send' ? e.from !== null && laneOf.has(e.from) && laneOf.has(e.to) : e.type === 'signal' && laneOf.has(e.from) && laneOf.has(e.to))).slice(-60);
  const LW = 180, RH = 18, top = 28;
  const W = lanes.length * LW, H = top + arrows.length * RH + 10;
  const x = (k: number) => k * LW + LW / 2;
  return (
    <div className="run-seq" data-testid="sequence-diagram">
      <svg width={W} height={H} role="img" aria-label="Sequence diagram">
        {lanes.map((l, k) => (
          <g key={l.id}>
            <text x={x(k)} y={14} textAnchor="middle" className="seq-head">{l.path}</text>
            <line x1={x(k)} x2={x(k)} y1={20} y2={H} className="seq-life" />
          </g>
        ))}
        {arrows.map((e, r) => {
          const y = top + r * RH + 8;
          if (e.type === 'exit') {
            const k = laneOf.get(e.pid)!;
            return <g key={e.seq}><text x={x(k) + 6} y={y + 4} className="seq-exit">✕ exit {e.reason} @{fmtT(e.t)}</text></g>;
          }
          const [from, to, cls] = e.type === 'send' ? [e.from!, e.to, 'seq-msg'] : e.type === 'signal' ? [e.from, e.to, 'seq-sig'] : [0, 0, ''];
          const { label, full } = words.arrowLabel(e.seq - 1);
          const a = x(laneOf.get(from)!), b = x(laneOf.get(to)!);
          return (
            <g key={e.seq} className={cls} data-testid="seq-arrow">
              <title>{full}</title>
              <line x1={a} x2={b} y1={y} y2={y} markerEnd="url(#seq-arrow)" />
              <text x={(a + b) / 2} y={y - 3} textAnchor="middle">{label}</text>
            </g>
          );
        })}
        <defs><marker id="seq-arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" markerHeight="7" orient="auto"><path d="M0 0L8 4L0 8z" fill="currentColor" /></marker></defs>
      </svg>
    </div>
  );
}

