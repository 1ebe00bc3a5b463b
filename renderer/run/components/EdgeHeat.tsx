// Edge heat: message traffic on the design's edges over the last second of run time.
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { Editor } from '../../editor/editor';
import { getRunController, useRunState } from '../hooks';

/** Message traffic on the design's edges over the last second of run time, a few times a second (not per message). */
export function useEdgeHeat(edges: readonly { id: string; source: string; target: string }[]): void {
  const c = getRunController();
  const st = useRunState();
  const lastRef = useRef(0);
  useEffect(() => {
    const t = performance.now();
    if (t - lastRef.current < 250 && st.phase === 'playing') return;
    lastRef.current = t;
    const store = c.store;
    const v = c.view();
    const els = document.querySelectorAll<SVGGElement>('.react-flow__edge');
    if (!store || !v) {
      els.forEach((el) => { el.classList.remove('run-hot'); el.style.removeProperty('--heat'); });
      return;
    }
    const endIdx = st.cursor ?? store.length;
    const fromIdx = store.indexAtTime(store.timeOf(endIdx) - 1000);
    const counts = new Map<string, number>();
    for (const [k, n] of store.traffic(fromIdx, endIdx)) {
      const [a, b] = k.split('>').map(Number);
      const pa = v.proc(a)?.path, pb = v.proc(b)?.path;
      if (!pa || !pb) continue;
      const key = [c.paths[pa], c.paths[pb]].sort().join('|');
      counts.set(key, (counts.get(key) ?? 0) + n);
    }
    for (const e of edges) {
      const el = document.querySelector<SVGGElement>(`.react-flow__edge[data-id="${CSS.escape(e.id)}"]`);
      if (!el) continue;
      const n = counts.get([e.source, e.target].sort().join('|')) ?? 0;
      const heat = Math.min(1, Math.log10(1 + n) / 2.5);
      el.classList.toggle('run-hot', n > 0);
      el.style.setProperty('--heat', heat.toFixed(2));
    }
  }, [c, st.version, st.cursor, st.phase, edges]);
}

/** Mount inside the canvas's React tree (any child): keeps edge heat up to date for the editor's document. */
export function RunEdgeHeat({ editor }: { editor: Editor }) {
  const snap = useSyncExternalStore(editor.subscribe, editor.getSnapshot);
  const edges = useMemo(() => snap.doc.edges.filter((e) => e.kind !== 'supervision'), [snap.doc.edges]);
  useEdgeHeat(edges);
  return null;
}
