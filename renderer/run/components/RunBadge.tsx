// A design node's live badge (rendered inside the canvas nodes) and, for a supervisor with many children, the
// collapsed group with its virtualised list.
import { useMemo, useState } from 'react';
import { getRunController, selectPid, useNodeRun, useRunState, useSelectedPid } from '../hooks';

/** Live state of one design node: status, pid and generation, restarts, mailbox, intensity gauge, children. */
export function RunBadge({ nodeId, kind }: { nodeId: string; kind?: string }) {
  const live = useNodeRun(nodeId);
  if (!live) return null;
  const sup = kind === 'supervisor' || kind === 'dynamic_supervisor' || kind === 'task_supervisor';
  const gauge = live.intensity ? Math.min(1, live.intensity.restarts / Math.max(1, live.intensity.max)) : 0;
  const breaker = live.notes.breaker ? (safeJson(live.notes.breaker)?.to as string | undefined) : undefined;
  return (
    <div className={`run-badge st-${live.status}`} data-status={live.status} data-testid={`run-badge-${nodeId}`}>
      <span className="rb-dot" />
      <span className="rb-status">{live.status.replace('_', ' ')}</span>
      {live.pid !== null && <span className="rb-pid" title="pid · generation">#{live.pid} · g{live.generation}</span>}
      {live.restarts > 0 && <span className="rb-restarts" title="restarts">↻{live.restarts}</span>}
      {live.mailbox > 0 && <span className="rb-mail" title="mailbox length">✉{live.mailbox}</span>}
      {kind === 'dynamic_supervisor' || kind === 'task_supervisor' ? <span className="rb-children" title="children">{live.children} ch</span> : null}
      {breaker !== undefined && <span className={`rb-breaker br-${String(breaker)}`} title="circuit breaker">{String(breaker)}</span>}
      {sup && live.intensity && (
        <span className="rb-gauge" title={`intensity ${live.intensity.restarts}/${live.intensity.max} restarts in the window`}>
          <span style={{ width: `${gauge * 100}%` }} className={gauge >= 1 ? 'over' : ''} />
        </span>
      )}
      {sup && live.pid !== null && live.children > GROUP_MIN && <ChildGroup nodeId={nodeId} supPid={live.pid} />}
    </div>
  );
}

// ---- a large group of children, collapsed into one node with a list ----------------------------------------------------------

/** A supervisor with more live children than this shows them as one collapsed group (counts by state + a list). */
export const GROUP_MIN = 12;
const ROW_H = 22;
const LIST_H = 220;

/** The children of a supervisor with many of them: counts by state; expanded, a virtualised list (only the rows in
 *  view are rendered) where a click selects the process (event log filter, inspector) and a right-click opens the
 *  same fault menu as a node's (targeting the child by pid). */
function ChildGroup({ nodeId, supPid }: { nodeId: string; supPid: number }) {
  const c = getRunController();
  const st = useRunState();
  const selected = useSelectedPid();
  const [open, setOpen] = useState(false);
  const [top, setTop] = useState(0);
  const entries = useMemo(() => { void st.version; return c.view()?.childrenOf(supPid) ?? []; }, [c, supPid, st.version]);
  const count = { running: 0, stopping: 0, restarting: 0, dead: 0, terminated: 0 };
  for (const e of entries) count[e.state]++;
  const first = Math.max(0, Math.floor(top / ROW_H) - 4);
  const rows = entries.slice(first, first + Math.ceil(LIST_H / ROW_H) + 8);
  return (
    <div className={`run-group nodrag nopan nowheel${open ? ' open' : ''}`} data-testid={`run-group-${nodeId}`} onDoubleClick={(e) => e.stopPropagation()}>
      <button type="button" className="rg-head" aria-expanded={open} onClick={(e) => { e.stopPropagation(); setOpen(!open); }}
        title={open ? 'Hide the children' : 'List the children'}>
        <span className="rg-caret">{open ? '▾' : '▸'}</span>
        <span className="rg-total">{entries.length} children</span>
        <span className="rg-count st-running" title="running">● {count.running}</span>
        {count.stopping > 0 && <span className="rg-count st-stopping" title="stopping: their supervisor gave up">● {count.stopping}</span>}
        {count.restarting > 0 && <span className="rg-count st-restarting" title="restarting">● {count.restarting}</span>}
        {count.dead + count.terminated > 0 && <span className="rg-count st-dead" title="dead or terminated">● {count.dead + count.terminated}</span>}
      </button>
      {open && (
        <div className="rg-list" role="list" aria-label="children" style={{ height: Math.min(LIST_H, entries.length * ROW_H) }}
          onScroll={(e) => setTop((e.target as HTMLElement).scrollTop)}>
          <div style={{ height: entries.length * ROW_H, position: 'relative' }}>
            {rows.map((e, i) => (
              <button type="button" role="listitem" key={e.pid} data-run-target={`#${e.pid}`} data-testid="run-group-row"
                className={`rg-row st-${e.state}${selected === e.pid ? ' sel' : ''}`} style={{ top: (first + i) * ROW_H, height: ROW_H }}
                title={e.reason ? `last exit ${e.reason}` : undefined}
                onClick={(ev) => { ev.stopPropagation(); selectPid(e.pid); }}>
                <span className="rg-dot" />
                <span className="rg-pid">#{e.pid}</span>
                <span className="rg-label">{e.path ?? e.label ?? 'dynamic child'}</span>
                <span className="rg-state">{e.state}</span>
                {e.restarts > 0 && <span className="rg-restarts">↻{e.restarts}</span>}
              </button>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}

function safeJson(s: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(s) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

