// Custom React Flow nodes, memoized: what matters at a glance. A supervisor shows its strategy and intensity; a
// supervised child its restart type, shutdown and position among siblings; a worker its behaviour and key params.
// Zoomed out (below FAR_ZOOM) a process is drawn as a plain box with its name in large type: the detail would be
// unreadable anyway, and a big design then costs a few elements per node instead of a few dozen (docs/renderer.md).
import { memo } from 'react';
import { Handle, Position, useStore, type NodeProps, type NodeTypes, type ReactFlowState } from '@xyflow/react';
import { getBehaviour, keyFields } from '../../runtime/behaviours/catalog';
import type { DesignNode } from '../../runtime/design/document';
import { Icon, type IconName } from '../src/components/Icons';
import type { FlowNode } from './derive';
import { useEditor } from './context';
import { RunBadge } from '../run/mount';
import { LiveBadge } from '../live/mount';

export const KIND_ICON: Record<DesignNode['kind'], IconName> = {
  supervisor: 'supervisor', dynamic_supervisor: 'dynsup', task_supervisor: 'task', worker: 'gear',
  registry: 'registry', load_source: 'load', note: 'note',
};
export const KIND_LABEL: Record<DesignNode['kind'], string> = {
  supervisor: 'Supervisor', dynamic_supervisor: 'Dynamic supervisor', task_supervisor: 'Task supervisor', worker: 'Worker',
  registry: 'Registry', load_source: 'Load source', note: 'Note',
};

const BLAST_TEXT: Record<string, string> = { crashes: 'crashes', dies: 'stopped', restarts: 'restarted', untouched: 'untouched' };

const shutdownText = (s: number | string) => (typeof s === 'number' ? `${s} ms` : s);

function lines(n: DesignNode): string[] {
  switch (n.kind) {
    case 'supervisor':
      return [`${n.strategy}`, `max ${n.maxRestarts} in ${n.maxSeconds}s`];
    case 'dynamic_supervisor':
    case 'task_supervisor':
      return [`max children ${n.maxChildren}`, `max ${n.maxRestarts} in ${n.maxSeconds}s`];
    case 'registry':
      return [`keys ${n.keys}`, `${n.partitions} partition${n.partitions === 1 ? '' : 's'}`];
    case 'worker': {
      const info = getBehaviour(n.behaviour);
      const params = info
        ? keyFields(info.fields).map((f) => {
          const v = n.params[f.name] ?? f.default;
          return `${f.label ?? f.name} ${v === undefined ? '–' : `${String(v)}${f.unit ? ` ${f.unit}` : ''}`}`;
        })
        : [];
      return [info?.title ?? n.behaviour, ...params.slice(0, 2)];
    }
    case 'load_source':
      return [`${n.rate}/s ${n.mode}`, n.enabled ? 'on at start' : 'off until switched on'];
    case 'note':
      return [];
  }
}

function ProcessNodeView({ data, selected }: NodeProps<FlowNode>) {
  const editor = useEditor();
  const n = data.node;
  const supervisorLike = n.kind === 'supervisor' || n.kind === 'dynamic_supervisor' || n.kind === 'task_supervisor';
  const supervised = data.childIndex !== undefined;
  const spec = n as { restart?: string; shutdown?: number | string; significant?: boolean };
  const childSpec = supervised && spec.restart ? `${spec.restart} · ${shutdownText(spec.shutdown ?? '')}${spec.significant ? ' · significant' : ''}` : undefined;
  const cls = ['sn', `sn-${n.kind}`, selected && 'selected', data.severity && `sev-${data.severity}`, data.dimmed && 'dimmed', data.blast && `blast-${data.blast}`].filter(Boolean).join(' ');
  return (
    <div className={cls} data-testid={`node-${n.name || n.id}`}>
      {n.kind !== 'load_source' && <Handle type="target" position={Position.Top} id="parent" className="h-parent" />}
      <div className="sn-head">
        <span className="sn-icon"><Icon name={KIND_ICON[n.kind]} size={14} /></span>
        <span className="sn-name" title={n.name}>{n.name || <em>unnamed</em>}</span>
        {supervised && <span className="sn-order" title={`Child ${data.childIndex} of ${data.siblingCount} (start order)`}>{data.childIndex}/{data.siblingCount}</span>}
        {data.severity === 'error' && <span className="sn-sev err" title="Has errors (see Problems)"><Icon name="error" size={13} /></span>}
        {data.severity === 'warning' && <span className="sn-sev warn" title="Has warnings (see Problems)"><Icon name="warning" size={13} /></span>}
      </div>
      {data.blast && data.blast !== 'not_running' && <div className="sn-blast">{BLAST_TEXT[data.blast] ?? data.blast}</div>}
      <div className="sn-body">
        {lines(n).map((l, i) => <div key={i} className={i === 0 ? 'sn-main' : 'sn-sub'}>{l}</div>)}
        {childSpec && <div className="sn-spec">{childSpec}</div>}
        <RunBadge nodeId={n.id} kind={n.kind} />
        <LiveBadge nodeId={n.id} />
      </div>
      {supervisorLike && (
        <>
          <Handle type="source" position={Position.Bottom} id="children" className="h-children" title="Drag to a child to supervise it" />
          {data.hiddenCount !== undefined ? (
            <button type="button" className="sn-collapse nodrag" aria-label={`Expand ${n.name}`} onClick={() => editor.toggleCollapsed(n.id)}>
              +{data.hiddenCount}
            </button>
          ) : null}
        </>
      )}
      {n.kind !== 'load_source' && <Handle type="target" position={Position.Left} id="rel-in" className="h-rel" />}
      <Handle type="source" position={Position.Right} id="rel-out" className="h-rel" title={n.kind === 'load_source' ? 'Drag to the process that receives the load' : 'Drag to another process to link, monitor or call it'} />
    </div>
  );
}

/** Below this zoom nodes and supervision edges are drawn in their simple, far-away form. */
export const FAR_ZOOM = 0.35;
/** A boolean, so a node re-renders only when the zoom crosses FAR_ZOOM, not on every zoom step. */
export const isFar = (s: ReactFlowState) => s.transform[2] < FAR_ZOOM;

/**
 * The far-away process: kind colour, name, severity and blast outcome as colours, the same handles (edges keep
 * their anchors) and the same size as the full node once that has been measured (no re-layout when crossing).
 */
function FarProcessView({ data, selected, height }: NodeProps<FlowNode>) {
  const n = data.node;
  const supervisorLike = n.kind === 'supervisor' || n.kind === 'dynamic_supervisor' || n.kind === 'task_supervisor';
  const cls = ['sn', 'sn-far', `sn-${n.kind}`, selected && 'selected', data.severity && `sev-${data.severity}`, data.dimmed && 'dimmed', data.blast && `blast-${data.blast}`].filter(Boolean).join(' ');
  return (
    <div className={cls} data-testid={`node-${n.name || n.id}`} style={height ? { height } : undefined}>
      {n.kind !== 'load_source' && <Handle type="target" position={Position.Top} id="parent" className="h-parent" />}
      <span className="sn-far-name">{n.name || n.id}</span>
      {data.hiddenCount !== undefined && <span className="sn-far-count">+{data.hiddenCount}</span>}
      <RunBadge nodeId={n.id} kind={n.kind} />
      {supervisorLike && <Handle type="source" position={Position.Bottom} id="children" className="h-children" />}
      {n.kind !== 'load_source' && <Handle type="target" position={Position.Left} id="rel-in" className="h-rel" />}
      <Handle type="source" position={Position.Right} id="rel-out" className="h-rel" />
    </div>
  );
}

function ProcessNodeSwitch(props: NodeProps<FlowNode>) {
  const far = useStore(isFar);
  return far ? <FarProcessView {...props} /> : <ProcessNodeView {...props} />;
}

function NoteNodeView({ data, selected }: NodeProps<FlowNode>) {
  const n = data.node;
  return (
    <div className={`sn-note${selected ? ' selected' : ''}`} data-testid={`note-${n.id}`}>
      {n.kind === 'note' ? n.text : ''}
    </div>
  );
}

const ProcessNode = memo(ProcessNodeSwitch);
const NoteNode = memo(NoteNodeView);

export const nodeTypes: NodeTypes = {
  supervisor: ProcessNode, dynamic_supervisor: ProcessNode, task_supervisor: ProcessNode, worker: ProcessNode,
  registry: ProcessNode, load_source: ProcessNode, note: NoteNode,
};
