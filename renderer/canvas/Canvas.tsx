// The designer canvas: React Flow as a controlled view of the editor's document. Gestures are reported to the
// editor (which records history); React Flow's own state is never the truth.
import { memo, useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import {
  Background, BackgroundVariant, ConnectionMode, Controls, MiniMap, ReactFlow, SelectionMode, useConnection, useReactFlow, useStore,
  type Connection, type Edge, type EdgeChange, type IsValidConnection, type NodeChange, type OnConnectStart,
} from '@xyflow/react';
import type { EdgeKind } from '../../runtime/design/document';
import type { Editor } from '../editor/editor';
import { dragging } from '../editor/states/dragging';
import { connecting } from '../editor/states/connecting';
import { boxSelecting } from '../editor/states/box-selecting';
import { idle } from '../editor/states/idle';
import { Icon } from '../src/components/Icons';
import { overlayPadding } from '../src/fit-padding';
import { createDeriver, worstSeverities, type FlowNode, type Severity } from './derive';
import { isFar, nodeTypes } from './nodes';
import { BIG_DESIGN, buildScene, hiddenTwin, provideScene } from './overview';
import { OverviewLayer, OverviewMiniMap } from './Overview';
import { edgeTypes } from './edges';
import { EditorContext } from './context';
import './canvas.css';

export interface CanvasProps {
  editor: Editor;
  diagnostics: readonly { severity: Severity; nodeIds: string[]; edgeIds: string[] }[];
  colorMode: 'light' | 'dark';
  highlight?: ReadonlySet<string>;
  blast?: ReadonlyMap<string, string>;
  onRefused(reason: string): void;
  children?: React.ReactNode;
}

function kindFor(editor: Editor, sourceId: string, handle: string | null | undefined): EdgeKind | 'load' {
  if (handle === 'children') return 'supervision';
  const n = editor.doc.nodes.find((x) => x.id === sourceId);
  if (n?.kind === 'load_source') return 'load';
  return editor.getRelationKind();
}

/** Shows, while an edge is being dragged over a target, why that connection would be refused. */
const RefusalHint = memo(function RefusalHint({ editor }: { editor: Editor }) {
  const c = useConnection();
  if (!c.inProgress || !c.toNode || !c.fromNode) return null;
  const check = editor.checkConnection(c.fromNode.id, c.toNode.id, kindFor(editor, c.fromNode.id, c.fromHandle?.id));
  if (check.ok) return null;
  return <div className="refusal" role="status"><Icon name="error" size={14} />{check.reason}</div>;
});

/** Fit options that also count the nodes React Flow holds hidden for the overview. */
export const FIT_ALL = { padding: 0.2, includeHiddenNodes: true } as const;
const NO_EDGES: Edge[] = [];

type Size = { width: number; height: number };
/** The minimap's size for a canvas of the store's size, or null to hide it: under 560×300 px it would cover the
 *  design; up to 200×150 it takes about a fifth of the canvas width. */
export function miniMapSize(s: Size): Size | null {
  if (s.width < 560 || s.height < 300) return null;
  const width = Math.round(Math.min(200, Math.max(120, s.width * 0.2)));
  return { width, height: Math.round(width * 0.75) };
}
const sameSize = (a: Size | null, b: Size | null) => a === b || (!!a && !!b && a.width === b.width && a.height === b.height);

export function Canvas({ editor, diagnostics, colorMode, highlight, blast, onRefused, children }: CanvasProps) {
  const snap = useSyncExternalStore(editor.subscribe, editor.getSnapshot);
  // Sizes React Flow measured. Not state: React Flow keeps a measured size (and its handle positions) for as long
  // as we hand it the same node object, so a measurement needs no re-render. A node we rebuild for another reason
  // carries its last size (React Flow 12 needs `measured` on a new controlled node object).
  const measured = useRef(new Map<string, { width: number; height: number }>());
  const deriver = useMemo(createDeriver, []);
  const severities = useMemo(() => worstSeverities(diagnostics), [diagnostics]);

  const nodes = useMemo(
    () => deriver.deriveNodes({ doc: snap.doc, selection: snap.selection, severities, measured: measured.current, highlight, blast }),
    [deriver, snap.doc, snap.selection, severities, highlight, blast],
  );
  const edges = useMemo(() => {
    const hidden = new Set(nodes.filter((n) => n.hidden).map((n) => n.id));
    return deriver.deriveEdges({ doc: snap.doc, selection: snap.selection, severities, measured: measured.current }, hidden);
  }, [deriver, nodes, snap.doc, snap.selection, severities]);

  const onNodesChange = useCallback((changes: NodeChange<FlowNode>[]) => {
    const positions = new Map<string, { x: number; y: number }>();
    let nextSel: Set<string> | undefined;
    for (const c of changes) {
      if (c.type === 'dimensions' && c.dimensions) {
        measured.current.set(c.id, { width: c.dimensions.width, height: c.dimensions.height });
      } else if (c.type === 'position' && c.position) {
        positions.set(c.id, c.position);
      } else if (c.type === 'select') {
        nextSel ??= new Set(editor.getSelection().nodes);
        if (c.selected) nextSel.add(c.id);
        else nextSel.delete(c.id);
      }
    }
    if (positions.size) editor.moveNodes(positions);
    if (nextSel) editor.select(nextSel, editor.getSelection().edges);
  }, [editor]);

  const onEdgesChange = useCallback((changes: EdgeChange<Edge>[]) => {
    let next: Set<string> | undefined;
    for (const c of changes) {
      if (c.type !== 'select') continue;
      next ??= new Set(editor.getSelection().edges);
      if (c.selected) next.add(c.id);
      else next.delete(c.id);
    }
    if (next) editor.select(editor.getSelection().nodes, next);
  }, [editor]);

  const isValidConnection: IsValidConnection = useCallback(
    (c) => editor.checkConnection(c.source, c.target, kindFor(editor, c.source, c.sourceHandle)).ok,
    [editor],
  );
  const onConnectStart: OnConnectStart = useCallback((_e, p) => {
    if (p.nodeId) editor.transition(connecting(p.nodeId, kindFor(editor, p.nodeId, p.handleId)));
  }, [editor]);
  const onConnect = useCallback((c: Connection) => {
    const r = editor.connect(c.source, c.target, kindFor(editor, c.source, c.sourceHandle));
    if (!r.ok) onRefused(r.reason);
  }, [editor, onRefused]);
  const onConnectEnd = useCallback(() => editor.transition(idle()), [editor]);

  const startDrag = useCallback((_e: unknown, _n: unknown, dragged: FlowNode[]) => editor.transition(dragging(dragged.map((n) => n.id))), [editor]);
  const stopDrag = useCallback(() => editor.transition(idle()), [editor]);
  const onSelectionStart = useCallback(() => editor.transition(boxSelecting()), [editor]);
  const onSelectionEnd = useCallback(() => editor.transition(idle()), [editor]);
  const onPaneClick = useCallback(() => editor.select(), [editor]);

  const big = nodes.length > BIG_DESIGN;
  // A big design below FAR_ZOOM is drawn by the overview layer: React Flow keeps its nodes, hidden (fitView,
  // keyboard and the editor still see them) and no edges, so it renders and subscribes nothing per node or edge.
  const far = useStore(isFar);
  // the minimap shrinks on a small canvas and hides when it would cover too much of it
  const mini = useStore(miniMapSize, sameSize);
  const flow = useReactFlow();
  const fitAll = useCallback(() => { void flow.fitView({ padding: overlayPadding(0.2), duration: 200, includeHiddenNodes: big }); }, [flow, big]);
  const overview = big && far;
  const flowNodes = useMemo(() => (overview ? nodes.map(hiddenTwin) : nodes), [overview, nodes]);
  // what the image export draws when the DOM does not hold every shown node (panels/canvas-image.ts)
  const shown = useRef({ nodes, edges });
  shown.current = { nodes, edges };
  useEffect(() => provideScene(() => buildScene(shown.current.nodes, shown.current.edges, measured.current)), []);
  return (
    <EditorContext.Provider value={editor}>
      <ReactFlow<FlowNode, Edge>
        nodes={flowNodes}
        edges={overview ? NO_EDGES : edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectStart={onConnectStart}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onNodeDragStart={startDrag}
        onNodeDragStop={stopDrag}
        onSelectionDragStart={(e, dragged) => startDrag(e, null, dragged)}
        onSelectionDragStop={stopDrag}
        onSelectionStart={onSelectionStart}
        onSelectionEnd={onSelectionEnd}
        onPaneClick={onPaneClick}
        nodesDraggable={snap.readOnly === null}
        nodesConnectable={snap.readOnly === null}
        connectionMode={ConnectionMode.Loose}
        connectionRadius={28}
        selectionOnDrag
        selectionMode={SelectionMode.Partial}
        panOnDrag={[1, 2]}
        panActivationKeyCode="Space"
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        deleteKeyCode={null}
        selectionKeyCode={null}
        colorMode={colorMode}
        minZoom={0.05}
        maxZoom={2.5}
        onlyRenderVisibleElements={big}
        proOptions={{ hideAttribution: true }}
      >
        <Background variant={BackgroundVariant.Dots} gap={18} size={1.4} color="var(--canvas-dot)" />
        <Controls position="bottom-left" showInteractive={false} onFitView={fitAll} />
        {!mini ? null : big ? <OverviewMiniMap nodes={nodes} measured={measured.current} colorMode={colorMode} /> : (
          <MiniMap position="bottom-right" pannable zoomable ariaLabel="Minimap" style={{ width: mini.width, height: mini.height }}
            nodeColor={(n) => `var(--kind-${n.type})`} nodeStrokeWidth={0} nodeBorderRadius={4} />
        )}
        {overview && <OverviewLayer editor={editor} nodes={nodes} edges={edges} measured={measured.current} colorMode={colorMode} />}
        <RefusalHint editor={editor} />
        {children}
      </ReactFlow>
    </EditorContext.Provider>
  );
}
