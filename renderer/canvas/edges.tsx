// Custom edges. The relation edge (link, monitor, calls, load) follows its route around the nodes (routing.ts,
// computed off the main thread by routing-client.ts), and is drawn as React Flow's bezier while it has no
// up-to-date route (a node being dragged, or the router not answered yet). The supervision edge is React Flow's smooth step with its start-order number, drawn without React
// Flow's EdgeText: EdgeText measures every label with getBBox after mounting (a forced layout per edge, the largest
// single cost when a big design is loaded or panned into view). A start-order label is one to three digits, so its
// box is computed from the character count. Zoomed out (nodes.tsx FAR_ZOOM) the label and the wide invisible
// click target are left out.
import { memo } from 'react';
import { BaseEdge, getBezierPath, getSmoothStepPath, Position, useStore, type EdgeProps, type EdgeTypes } from '@xyflow/react';
import { isFar } from './nodes';
import { useEditor } from './context';
import { fitRoute, midpoint, RELATION_EDGE, roundedPath } from './routing';
import { useRoute } from './routing-client';

const LABEL_FONT = 10;
const CHAR_WIDTH = 6.2; // a digit at 10px, weight 600, in the UI font
const PAD_X = 5;
const LABEL_HEIGHT = 16;

/** Width of the label's background for `text` (exported for the test). */
export const labelWidth = (text: string) => Math.round(text.length * CHAR_WIDTH + 2 * PAD_X);

// inline, as React Flow's labelStyle/labelBgStyle were: the image export clones <svg> without stylesheet styles
const LABEL_STYLE = { fontSize: LABEL_FONT, fontWeight: 600 } as const;
const LABEL_BG_STYLE = { fill: 'var(--bg-elev)', stroke: 'var(--border-strong)' } as const;

function SupervisionEdgeView({
  sourceX, sourceY, targetX, targetY, sourcePosition = Position.Bottom, targetPosition = Position.Top, label, style, markerEnd,
}: EdgeProps) {
  const far = useStore(isFar);
  const [path, lx, ly] = getSmoothStepPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  const text = typeof label === 'string' || typeof label === 'number' ? String(label) : '';
  const w = labelWidth(text);
  return (
    <>
      <BaseEdge path={path} style={style} markerEnd={markerEnd} interactionWidth={far ? 0 : 20} />
      {!far && text && (
        <g className="react-flow__edge-textwrapper" transform={`translate(${lx - w / 2} ${ly - LABEL_HEIGHT / 2})`}>
          <rect className="react-flow__edge-textbg" width={w} height={LABEL_HEIGHT} rx={8} ry={8} style={LABEL_BG_STYLE} />
          <text className="react-flow__edge-text" x={w / 2} y={LABEL_HEIGHT / 2} dy="0.32em" textAnchor="middle" style={LABEL_STYLE}>{text}</text>
        </g>
      )}
    </>
  );
}

export const SupervisionEdge = memo(SupervisionEdgeView);

function RelationEdgeView({
  id, sourceX, sourceY, targetX, targetY, sourcePosition = Position.Right, targetPosition = Position.Left,
  label, labelStyle, labelBgStyle, style, markerEnd,
}: EdgeProps) {
  const far = useStore(isFar);
  const route = useRoute(id, useEditor());
  const pts = route && fitRoute(route, { x: sourceX, y: sourceY }, { x: targetX, y: targetY });
  let path: string, lx: number, ly: number;
  if (pts) {
    path = roundedPath(pts);
    ({ x: lx, y: ly } = midpoint(pts));
  } else {
    [path, lx, ly] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  }
  // far away: no label and no wide click target (as for supervision edges)
  return (
    <BaseEdge path={path} style={style} markerEnd={markerEnd} interactionWidth={far ? 0 : 20}
      data-routed={pts ? 'true' : 'false'}
      label={far ? undefined : label} labelX={lx} labelY={ly} labelStyle={labelStyle} labelShowBg labelBgStyle={labelBgStyle}
      labelBgPadding={[2, 4]} labelBgBorderRadius={2} />
  );
}

export const RelationEdge = memo(RelationEdgeView);

export const edgeTypes: EdgeTypes = { supervision: SupervisionEdge, [RELATION_EDGE]: RelationEdge };
