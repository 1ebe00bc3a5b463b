// A small labelled picture of a design for the templates gallery: each process a box in its kind's colour with its
// name, supervision edges as elbows, other relations dashed. Boxes are sized to the design's own spacing, so close
// neighbours never overlap.
import { memo } from 'react';
import type { DesignDocument } from '../../runtime/design/document';

const MAX_W = 200, MAX_H = 96, GAP = 24;

/** The widest box (≤ 200) that leaves a gap between every two nodes on one row, and the tallest likewise. */
function boxSize(ps: readonly { x: number; y: number }[]): { w: number; h: number } {
  let w = MAX_W, h = MAX_H;
  for (let i = 0; i < ps.length; i++) {
    for (let j = i + 1; j < ps.length; j++) {
      const dx = Math.abs(ps[i].x - ps[j].x), dy = Math.abs(ps[i].y - ps[j].y);
      if (dy < h && dx < w + GAP) w = Math.max(60, dx - GAP); // same row: narrower
      if (dx < w && dy < h + GAP) h = Math.max(40, dy - GAP); // same column: flatter
    }
  }
  return { w, h };
}

export const TemplatePreview = memo(function TemplatePreview({ doc }: { doc: DesignDocument }) {
  const nodes = doc.nodes.filter((n) => n.kind !== 'note');
  if (!nodes.length) return <svg className="tpl-preview" viewBox="0 0 100 60" role="img" aria-label="Empty design" />;
  const { w: W, h: H } = boxSize(nodes.map((n) => n.position));
  const xs = nodes.map((n) => n.position.x), ys = nodes.map((n) => n.position.y);
  const minX = Math.min(...xs) - 20, minY = Math.min(...ys) - 20;
  const w = Math.max(...xs) + W + 20 - minX, h = Math.max(...ys) + H + 20 - minY;
  const at = new Map(nodes.map((n) => [n.id, n.position]));
  // the label stays readable in a ~260 px card: about 9 px on screen
  const font = Math.min(H * 0.4, Math.max(w, h * 2.2) / 30);
  /** A long name gets a smaller font (down to 65%) before it is cut with "…". */
  const label = (name: string) => {
    const fit = (W - 14) / (name.length * 0.6);
    const size = Math.max(font * 0.65, Math.min(font, fit));
    const chars = Math.max(3, Math.floor((W - 14) / (size * 0.6)));
    return { size, text: name.length > chars ? `${name.slice(0, chars - 1)}…` : name };
  };
  return (
    <svg className="tpl-preview" viewBox={`${minX} ${minY} ${w} ${h}`} preserveAspectRatio="xMidYMid meet" role="img"
      aria-label={`Preview of ${doc.title}: ${nodes.map((n) => n.name).join(', ')}`}>
      {doc.edges.map((e) => {
        const s = at.get(e.source), t = at.get(e.target);
        if (!s || !t) return null;
        return e.kind === 'supervision'
          ? <path key={e.id} d={`M${s.x + W / 2},${s.y + H} V${(s.y + H + t.y) / 2} H${t.x + W / 2} V${t.y}`} fill="none" stroke="var(--edge-supervision)" strokeWidth={5} />
          : <line key={e.id} x1={s.x + W} y1={s.y + H / 2} x2={t.x} y2={t.y + H / 2} stroke={`var(--edge-${e.kind})`} strokeWidth={5} strokeDasharray="18 10" />;
      })}
      {nodes.map((n) => (
        <g key={n.id}>
          <rect x={n.position.x} y={n.position.y} width={W} height={H} rx={12} fill="var(--bg-elev)" stroke={`var(--kind-${n.kind})`} strokeWidth={7} />
          <text x={n.position.x + W / 2} y={n.position.y + H / 2} dy="0.35em" textAnchor="middle" fontSize={label(n.name).size} fontWeight={600} fill="var(--text)">
            {label(n.name).text}
          </text>
        </g>
      ))}
    </svg>
  );
});
