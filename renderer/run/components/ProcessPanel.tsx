// The process panel (Erlang Observer's process window): one click on a running process shows it, live and at the
// timeline cursor. Live (the run's present) it asks the worker (`process`, process-info.ts): status, registered
// name, mailbox length and first messages, links, monitors both ways, trap_exit, the behaviour's state, and for a
// supervisor its flags, which_children and count_children. At a past instant it shows what the trace knows then:
// status, generation and restarts, mailbox length, links and monitors. Kill / exit / send act on the live process.
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Editor } from '../../editor/editor';
import { getRunController, selectPid, useRunState, useSelectedPid } from '../hooks';
import type { ProcessInfo, ProcRef } from '../process-info';
import type { CommandInput } from '../session';
import type { RunController } from '../controller';
import { AskDialog, type Asking } from './AskDialog';
import { errText, fmtT } from './format';

/** Links and monitors of `pid` at the instant after event `end - 1`, from the trace. */
function relationsAt(c: RunController, pid: number, end: number) {
  const store = c.store!;
  const links = new Set<number>(), monitors = new Map<number, number>(), watchers = new Map<number, number>();
  const idx = store.query({ pids: new Set([pid]), types: new Set(['link', 'unlink', 'monitor', 'demonitor', 'down', 'exit']) }, 0, Infinity, 1);
  for (const i of idx) {
    if (i >= end) break;
    const e = store.get(i);
    if (e.type === 'link') links.add(e.a === pid ? e.b : e.a);
    else if (e.type === 'unlink') links.delete(e.a === pid ? e.b : e.a);
    else if (e.type === 'exit' && e.pid !== pid) links.delete(e.pid);
    else if (e.type === 'monitor') (e.watcher === pid ? monitors : watchers).set(e.ref, e.watcher === pid ? e.target : e.watcher);
    else if (e.type === 'demonitor' || e.type === 'down') { monitors.delete(e.ref); watchers.delete(e.ref); }
  }
  return { links: [...links], monitors: [...monitors.values()], monitoredBy: [...watchers.values()] };
}

export function ProcessPanel({ editor }: { editor?: Editor }) {
  const c = getRunController();
  const st = useRunState();
  const selectedPid = useSelectedPid();
  const sel = useSyncExternalStore(editor?.subscribe ?? (() => () => {}), () => editor?.getSnapshot().selection.nodes);
  // a selected node shows its current process (after a restart, the new one)
  const selPath = sel && sel.size === 1 ? c.spec?.pathByNodeId[[...sel][0]] : undefined;
  // (a child picked in the node's collapsed group list, or an event's process, wins over the node's own process)
  const nodePid = selPath ? c.view()?.path(selPath)?.pid : undefined;
  const pid = nodePid === undefined || (selectedPid !== null && c.view()?.proc(selectedPid)?.parent === nodePid) ? selectedPid : nodePid;
  const [live, setLive] = useState<ProcessInfo | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [asking, setAsking] = useState<Asking | null>(null);

  const atPresent = st.cursor === null;
  useEffect(() => {
    let alive = true;
    if (pid === null || !atPresent || !c.isLive()) return setLive(null);
    // at most a few times a second while playing
    const t = setTimeout(() => void c.processInfo(pid).then((d) => { if (alive) setLive(d); }, () => { if (alive) setLive(null); }), st.phase === 'playing' ? 250 : 0);
    return () => { alive = false; clearTimeout(t); };
  }, [c, pid, atPresent, st.now, st.length, st.phase]);

  const v = c.view();
  const p = pid === null ? undefined : v?.proc(pid);
  if (pid === null || !p || !c.store) {
    return (
      <div className="proc-panel empty" data-testid="process-panel">
        <p>Click a process on the canvas (or an event in the log) to see it here: its state, mailbox, links and monitors.</p>
        {c.isLive() && <p className="muted">The design is read-only while the run lasts: Stop to edit it.</p>}
      </div>
    );
  }
  const node = p.path ? v!.node(p.path) : undefined;
  const rel = live ? null : relationsAt(c, pid, st.cursor ?? c.store.length);
  const name = (x: number) => v!.proc(x)?.path ?? v!.proc(x)?.label ?? `#${x}`;
  const refs = (xs: ProcRef[] | number[]) => xs.map((x) => (typeof x === 'number' ? { pid: x, name: name(x) } : x));
  const chips = (xs: ProcRef[]) => xs.length === 0 ? <span className="muted">none</span> : xs.map((x) => (
    <button key={x.pid} type="button" className="proc-chip" title={`#${x.pid}`} onClick={() => {
      selectPid(x.pid);
      const id = c.paths[x.name];
      if (id && editor) editor.select([id]);
    }}>{x.name}</button>
  ));
  const target = p.path ?? `#${pid}`;
  const act = (x: CommandInput) => async () => {
    try {
      setNote(null);
      await c.command(x);
    } catch (e) {
      setNote(errText(e));
    }
  };
  const ask = (title: string, q: string, def: string, f: (v: unknown) => CommandInput) => () => setAsking({
    title: `${title}: ${target}`,
    submit: 'Send',
    questions: [{ field: 'term', question: q, initial: def, hint: 'JSON (a string is an atom: "boom"; an array a tuple: ["put", 7]); text that is not JSON is taken as an atom.' }],
    onAnswer: ({ term }) => {
      let parsed: unknown = term;
      try { parsed = JSON.parse(term); } catch { /* plain text: an atom */ }
      void act(f(parsed))();
    },
  });
  const status = live ? (live.alive ? 'alive' : `exited ${live.reason}`) : p.alive ? node?.status ?? 'alive' : `exited ${p.reason ?? ''}`;
  const canAct = c.isLive() && atPresent && p.alive;
  return (
    <div className="proc-panel" data-testid="process-panel" aria-label={`Process ${target}`}>
      <div className="proc-head">
        <strong>{target}</strong> <span className="muted">#{pid}{node ? ` · g${node.generation}` : ''}</span>
        <span className={`proc-status st-${node?.status ?? (p.alive ? 'running' : 'dead')}`} data-testid="proc-status">{node?.status.replace('_', ' ') ?? (p.alive ? 'running' : 'dead')}</span>
      </div>
      <div className="proc-when muted" data-testid="proc-when">{atPresent ? (c.isLive() ? `live · ${fmtT(st.now)}` : `end of the stopped run · ${fmtT(st.now)}`) : `at ${fmtT(c.store.timeOf(st.cursor!))} (from the trace)`}</div>
      {canAct && (
        <div className="proc-actions">
          <button type="button" className="run-btn" onClick={act({ type: 'kill', target })} data-testid="proc-kill">Kill</button>
          <button type="button" className="run-btn" onClick={ask('Exit with a reason', 'Exit reason', '"shutdown"', (reason) => ({ type: 'exit', target, reason }))} data-testid="proc-exit">Exit…</button>
          <button type="button" className="run-btn" onClick={ask('Send a message', 'Message', '"ping"', (message) => ({ type: 'send', target, message }))} data-testid="proc-send">Send…</button>
        </div>
      )}
      {note && <div className="run-note err" role="alert">{note}</div>}
      {asking && <AskDialog asking={asking} onClose={() => setAsking(null)} />}
      <dl className="proc-facts">
        <dt>status</dt><dd>{status}</dd>
        {live?.kind && <><dt>kind</dt><dd>{live.kind}</dd></>}
        {live && <><dt>registered</dt><dd className="mono">{live.registeredName ?? '—'}</dd></>}
        {node && <><dt>generation</dt><dd>{node.generation} · {node.restarts} restart{node.restarts === 1 ? '' : 's'}{node.lastReason ? ` · last exit ${node.lastReason}` : ''}</dd></>}
        {live && <><dt>trap_exit</dt><dd className="mono">{String(live.trapExit)}</dd></>}
        <dt>mailbox</dt><dd data-testid="proc-mailbox">{live ? live.mailboxLength : p.mailbox} message{(live ? live.mailboxLength : p.mailbox) === 1 ? '' : 's'}</dd>
      </dl>
      {live && live.mailbox.length > 0 && (
        <ol className="proc-mailbox mono" data-testid="proc-messages">
          {live.mailbox.map((m, i) => <li key={i} title={m}>{m.length > 80 ? `${m.slice(0, 79)}…` : m}</li>)}
          {live.mailboxLength > live.mailbox.length && <li className="muted">… and {live.mailboxLength - live.mailbox.length} more</li>}
        </ol>
      )}
      <h5>links</h5><div className="proc-chips" data-testid="proc-links">{chips(live ? live.links : refs(rel!.links))}</div>
      <h5>monitors</h5><div className="proc-chips" data-testid="proc-monitors">{chips(live ? live.monitors : refs(rel!.monitors))}</div>
      <h5>monitored by</h5><div className="proc-chips" data-testid="proc-monitored-by">{chips(live ? live.monitoredBy : refs(rel!.monitoredBy))}</div>
      {live?.supervisor && (
        <>
          <h5>supervisor</h5>
          <div className="mono proc-flags" data-testid="proc-sup-flags">
            %{'{'}strategy: :{live.supervisor.strategy}, intensity: {live.supervisor.intensity}, period: {live.supervisor.period}
            {live.supervisor.dynamic ? `, max_children: ${live.supervisor.maxChildren ?? ':infinity'}` : `, auto_shutdown: :${live.supervisor.autoShutdown}`}{'}'}
          </div>
          <div className="mono proc-flags" data-testid="proc-count-children">
            count_children: %{'{'}specs: {live.supervisor.counts.specs}, active: {live.supervisor.counts.active}, supervisors: {live.supervisor.counts.supervisors}, workers: {live.supervisor.counts.workers}{'}'}
          </div>
          <div className="proc-children" data-testid="proc-which-children">
            <div className="muted mono">which_children</div>
            <ul>
              {live.supervisor.children.map((ch, i) => (
                <li key={i}>
                  <span className="mono">{ch.id}</span>
                  {typeof ch.pid === 'string' ? <span className="mono">:{ch.pid}</span> : chips([ch.pid])}
                  <span className="muted">{ch.type} · {ch.restart}</span>
                </li>
              ))}
            </ul>
          </div>
        </>
      )}
      {live && !live.supervisor && <><h5>state</h5><pre className="proc-state mono" data-testid="proc-state">{live.state}</pre></>}
      {!live && <p className="muted small">{c.isLive() ? 'At a past instant the trace shows status, mailbox length, links and monitors; state, messages and supervisor tables are shown live (press Live).' : 'The run is stopped: the trace shows status, mailbox length, links and monitors.'}</p>}
    </div>
  );
}

/** The right panel: the process panel while a run is live, the design inspector otherwise. */
export function RunInspectorSlot({ editor, children }: { editor: Editor; children: React.ReactNode }) {
  const st = useRunState();
  const live = st.phase === 'playing' || st.phase === 'paused';
  if (!live) return <>{children}</>;
  return (
    <div className="run-inspector-slot">
      <div className="run-readonly-note" data-testid="inspector-readonly">Running — the design is read-only. <button type="button" className="linkish" onClick={() => void getRunController().stop()}>Stop to edit</button></div>
      <ProcessPanel editor={editor} />
    </div>
  );
}
