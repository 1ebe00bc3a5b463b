// Custom edges. The relation edge (link, monitor, calls, load) follows its route around the nodes (routing.ts,
// computed off the main thread by routing-client.ts), and is drawn as React Flow's bezier while it has no
// up-to-date route (a node being dragged, or the router not answered yet). The supervision edge is React Flow's
// smooth step. Every label is an HTML element in React Flow's label layer, above the nodes, sized by its own text
// (labels.ts says where it goes): a start-order number on its child's own edge just above the child, a relation
// label at the point of its route the router found clear of nodes and other labels. No label is measured in the
// DOM (no getBBox, no forced layout per edge). Zoomed out (nodes.tsx FAR_ZOOM) labels and the wide invisible
// click target are left out.
import { memo } from 'react';
import {
  BaseEdge, EdgeLabelRenderer, getBezierPath, getSmoothStepPath, Position, useStore, type EdgeProps, type EdgeTypes,
} from '@xyflow/react';
import { isFar } from './nodes';
import { useEditor } from './context';
import { orderLabelCenter } from './labels';
import { fitRoute, midpoint, RELATION_EDGE, roundedPath } from './routing';
import { useRoute } from './routing-client';

const textOf = (label: unknown) => (typeof label === 'string' || typeof label === 'number' ? String(label) : '');

/** A label centred on (x, y) in flow coordinates. `kind` picks its colours (canvas.css `.edge-label-*`). */
function EdgeLabel({ edgeId, kind, text, x, y }: { edgeId: string; kind: string; text: string; x: number; y: number }) {
  return (
    <EdgeLabelRenderer>
      <div className={`edge-label edge-label-${kind}`} data-edge-id={edgeId} style={{ transform: `translate(-50%, -50%) translate(${x}px, ${y}px)` }}>
        {text}
      </div>
    </EdgeLabelRenderer>
  );
}

function SupervisionEdgeView({
  id, sourceX, sourceY, targetX, targetY, sourcePosition = Position.Bottom, targetPosition = Position.Top, label, style, markerEnd,
}: EdgeProps) {
  const far = useStore(isFar);
  const [path] = getSmoothStepPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  const text = textOf(label);
  // on the child's own edge, just above its arrow head: the siblings share the bus, not their numbers
  const c = orderLabelCenter(targetX, targetY);
  return (
    <>
      <BaseEdge path={path} style={style} markerEnd={markerEnd} interactionWidth={far ? 0 : 20} />
      {!far && text && <EdgeLabel edgeId={id} kind="order" text={text} x={c.x} y={c.y} />}
    </>
  );
}

export const SupervisionEdge = memo(SupervisionEdgeView);

function RelationEdgeView({
  id, data, sourceX, sourceY, targetX, targetY, sourcePosition = Position.Right, targetPosition = Position.Left,
  label, style, markerEnd,
}: EdgeProps) {
  const far = useStore(isFar);
  const route = useRoute(id, useEditor());
  const pts = route && fitRoute(route, { x: sourceX, y: sourceY }, { x: targetX, y: targetY });
  let path: string, lx: number, ly: number;
  if (pts) {
    path = roundedPath(pts);
    ({ x: lx, y: ly } = route.label ?? midpoint(pts));
  } else {
    [path, lx, ly] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  }
  const text = textOf(label);
  // far away: no label and no wide click target (as for supervision edges)
  return (
    <>
      <BaseEdge path={path} style={style} markerEnd={markerEnd} interactionWidth={far ? 0 : 20} data-routed={pts ? 'true' : 'false'} />
      {!far && text && <EdgeLabel edgeId={id} kind={String((data as { kind?: string } | undefined)?.kind ?? 'link')} text={text} x={lx} y={ly} />}
    </>
  );
}

export const RelationEdge = memo(RelationEdgeView);

export const edgeTypes: EdgeTypes = { supervision: SupervisionEdge, [RELATION_EDGE]: RelationEdge };
