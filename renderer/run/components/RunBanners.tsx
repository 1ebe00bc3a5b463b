// Banners over the canvas that belong to the run: a supervisor that gave up (with the restarts it saw against its
// limit and a jump to the event), the application being down, and — while a run uses the design — that the design is
// read-only until the run is stopped. They come and go with the run (a new run or another document clears them).
import type { Editor } from '../../editor/editor';
import { getRunController, selectPid, useRunState } from '../hooks';
import type { Escalation } from '../controller';
import { fmtT } from './format';

/** "todo_system gave up: 4 restarts in 1 s, limit 3 in 5 s — the application stopped" */
export function escalationText(e: Escalation): string {
  const span = e.spanMs < 1000 ? `${Math.round(e.spanMs)} ms` : `${(e.spanMs / 1000).toFixed(e.spanMs < 10_000 ? 1 : 0)} s`;
  const root = !e.path.includes('/');
  const what = e.applicationDown ? 'the application stopped'
    : root ? 'the application is stopping (its children are being shut down)'
      : 'it shuts its children down and exits (its own supervisor decides next)';
  return `${e.path} gave up: ${e.restarts} restart${e.restarts === 1 ? '' : 's'} in ${span}, limit ${e.max} in ${e.period} s — ${what}`;
}

export function RunBanners({ editor, onShowEvent }: { editor?: Editor; onShowEvent?(): void }) {
  const c = getRunController();
  const st = useRunState();
  void st.version;
  const esc = c.escalations();
  const last = esc.at(-1);
  const live = st.phase === 'playing' || st.phase === 'paused';
  const down = c.view()?.applicationDown ?? false;
  if (!last && !live && !(down && st.phase !== 'idle')) return null;
  const jump = (e: Escalation) => {
    c.scrub(e.index + 1);
    selectPid(e.sup);
    if (editor) {
      const id = c.paths[e.path];
      if (id) editor.select([id]);
    }
    onShowEvent?.();
  };
  return (
    <div className="run-banners">
      {last && (
        <div className="run-banner escalation" role="alert" data-testid="escalation-banner">
          {st.phase === 'stopped' && <span className="muted">In the stopped run:</span>}
          <strong>{escalationText(last)}</strong>
          <span className="muted"> · {last.child} exited {last.reason} at {fmtT(last.t)}{esc.length > 1 ? ` · ${esc.length} supervisors gave up` : ''}</span>
          <button type="button" className="linkish" onClick={() => jump(last)} data-testid="escalation-jump">Show the event</button>
        </div>
      )}
      {!last && down && st.phase !== 'idle' && (
        <div className="run-banner escalation" role="alert" data-testid="app-down-banner"><strong>The application is down: every top-level process has exited.</strong></div>
      )}
      {live && (
        <div className="run-banner readonly" data-testid="readonly-banner">
          Running — the design is read-only.
          <button type="button" className="run-btn" onClick={() => void c.stop()} data-testid="stop-to-edit">Stop to edit</button>
        </div>
      )}
    </div>
  );
}
