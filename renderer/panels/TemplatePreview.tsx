// A small picture of a design (nodes as rounded boxes, supervision edges as lines), for the templates gallery.
import { memo } from 'react';
import type { DesignDocument } from '../../runtime/design/document';

const W = 200, H = 96;

export const TemplatePreview = memo(function TemplatePreview({ doc }: { doc: DesignDocument }) {
  const nodes = doc.nodes.filter((n) => n.kind !== 'note');
  if (!nodes.length) return <svg className="tpl-preview" viewBox="0 0 100 60" role="img" aria-label="Empty design" />;
  const xs = nodes.map((n) => n.position.x), ys = nodes.map((n) => n.position.y);
  const minX = Math.min(...xs) - 20, minY = Math.min(...ys) - 20;
  const w = Math.max(...xs) + W + 20 - minX, h = Math.max(...ys) + H + 20 - minY;
  const at = new Map(nodes.map((n) => [n.id, n.position]));
  return (
    <svg className="tpl-preview" viewBox={`${minX} ${minY} ${w} ${h}`} preserveAspectRatio="xMidYMid meet" role="img" aria-label={`Preview of ${doc.title}`}>
      {doc.edges.map((e) => {
        const s = at.get(e.source), t = at.get(e.target);
        if (!s || !t) return null;
        return e.kind === 'supervision'
          ? <path key={e.id} d={`M${s.x + W / 2},${s.y + H} V${(s.y + H + t.y) / 2} H${t.x + W / 2} V${t.y}`} fill="none" stroke="var(--edge-supervision)" strokeWidth={6} />
          : <line key={e.id} x1={s.x + W} y1={s.y + H / 2} x2={t.x} y2={t.y + H / 2} stroke={`var(--edge-${e.kind})`} strokeWidth={6} strokeDasharray="18 10" />;
      })}
      {nodes.map((n) => (
        <rect key={n.id} x={n.position.x} y={n.position.y} width={W} height={H} rx={14} fill="var(--bg-elev)" stroke={`var(--kind-${n.kind})`} strokeWidth={8} />
      ))}
    </svg>
  );
});
