// Run mode's React surface, mounted by the shell: the toolbar's run controls, the bottom panel's Event log and
// Timeline tabs, the per-node live badge (rendered inside the canvas nodes), and the right-click fault menu on a
// running node. All state lives in the RunController (hooks.ts); these components only render it.
import { useCallback, useContext, useEffect, useRef, useState } from 'react';
import { CompileError } from '../../runtime/design/spec';
import type { Editor } from '../editor/editor';
import { CommandsContext } from '../src/commands/context';
import { eventLine } from './events';
import { getRunController, selectPid, useRunState, useSelectedPid } from './hooks';
import type { CommandInput, ProcessDetails, SuRun } from './session';
import { faultItems, parseAnswer, targetBehaviour, targetKind } from './faults';
import { parseSuRun, toDocumentRecording } from '../../runtime/sim/recording';
import { commandReplies } from '../../runtime/sim/commands';
import { runCommands } from './run-commands';
import { AskDialog, type Asking } from './components/AskDialog';
import { EventLog } from './components/EventLog';
import './run.css';
import { ExpectThis } from '../lessons/TestPanel';

const SPEEDS = [0.1, 0.5, 1, 2, 10, 100, 1000];

// small inline icons (the system font may lack the media-control glyphs)
const ICONS = {
  play: 'M4.5 2.75v10.5L13 8 4.5 2.75Z',
  pause: 'M4.5 3h2.5v10H4.5zM9 3h2.5v10H9z',
  step: 'M3 2.75v10.5L10 8 3 2.75ZM11.5 3h2v10h-2z',
  reset: 'M3 8a5 5 0 1 0 1.6-3.7M3 2.5v3h3',
  stop: 'M3.5 3.5h9v9h-9z',
  record: 'M8 12.5a4.5 4.5 0 1 0 0-9 4.5 4.5 0 0 0 0 9Z',
  replay: 'M13 8a5 5 0 1 1-1.6-3.7M13 2.5v3h-3M6.5 5.5v5L10.5 8z',
} as const;
function RIcon({ name }: { name: keyof typeof ICONS }) {
  return <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" className={`ri ri-${name}`}><path d={ICONS[name]} /></svg>;
}
import { errText, fmtT } from './components/format';
import { download } from './components/download';


/** Commands a recording saved into the document may hold (the document's command schema). */

// ---- toolbar -------------------------------------------------------------------------------------------------------------

export interface RunToolbarProps {
  editor?: Editor;
  onShowProblems?(): void;
}

export function RunToolbar({ editor, onShowProblems }: RunToolbarProps) {
  const c = getRunController();
  const st = useRunState();
  const [note, setNote] = useState<{ text: string; kind: 'err' | 'info'; problems?: boolean } | null>(null);
  const [chaos, setChaos] = useState(false);
  const [load, setLoad] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const active = st.phase === 'playing' || st.phase === 'paused';
  const registry = useContext(CommandsContext);

  // a run belongs to the document it was started for: another document (New, Open, a template) discards it; while a
  // run uses the design, the design is read-only (Stop to edit)
  useEffect(() => {
    if (!editor) return;
    const bind = () => c.bindTo(editor.getSnapshot().documentId);
    bind();
    return editor.subscribe(bind);
  }, [c, editor]);
  useEffect(() => {
    editor?.setReadOnly(active ? 'A run is using this design: stop the run to edit it.' : null);
  }, [editor, active]);

  const guard = useCallback((what: string, f: () => Promise<unknown> | unknown) => async () => {
    try {
      await f();
    } catch (e) {
      setNote({ text: `${what}: ${errText(e)}`, kind: 'err' });
    }
  }, []);

  const run = useCallback(async () => {
    if (!editor) return setNote({ text: 'There is no design to run.', kind: 'err' });
    try {
      setNote(null);
      setChaos(false);
      setLoad(false);
      await c.run(editor.doc);
    } catch (e) {
      if (e instanceof CompileError) {
        const n = e.diagnostics.length;
        setNote({ text: `Run refused: the design has ${n} error${n === 1 ? '' : 's'} (${e.diagnostics[0]?.message ?? ''}).`, kind: 'err', problems: true });
      } else setNote({ text: `Run failed: ${errText(e)}`, kind: 'err' });
    }
  }, [c, editor]);

  const saveRecording = guard('Save recording', async () => {
    const name = `Run ${new Date().toISOString().slice(0, 19).replace('T', ' ')} seed ${st.seed}`;
    const rec = await c.recording(name);
    download(`${name.replace(/[^\w-]+/g, '_')}.suprun`, JSON.stringify(rec, null, 2), 'application/json');
    if (editor) {
      // the whole recording: every command of the catalog is a document command
      editor.edit('Save recording', (d) => {
        d.recordings = [...(d.recordings ?? []), toDocumentRecording(rec)];
      }, { whileReadOnly: true }); // the run's own record, not a design change
    }
    c.lastRecording = rec;
    setNote({ text: `Saved "${name}" (${rec.commands.length} commands, ${fmtT(rec.durationMs)}).`, kind: 'info' });
  });

  const replay = guard('Replay', async () => {
    const rec = c.lastRecording;
    if (!rec) return fileRef.current?.click();
    await replayWith(rec);
  });
  const replayWith = async (rec: SuRun) => {
    const before = c.store ? [...c.store.events()].filter((e) => e.type !== 'bind').map(eventLine) : [];
    const sameRun = c.lastRecording === rec && before.length > 0;
    await c.replay(rec);
    const after = [...c.store!.events()].filter((e) => e.type !== 'bind').map(eventLine);
    if (sameRun) {
      const upTo = after.slice(0, before.length);
      const same = upTo.length === before.length && upTo.every((l, i) => l === before[i]);
      setNote({ text: same ? `Replay: identical trace (${before.length} events).` : 'Replay: the trace differs from the original run.', kind: same ? 'info' : 'err' });
    } else setNote({ text: `Replayed "${rec.name}" (${after.length} events).`, kind: 'info' });
  };
  const onFile = guard('Open recording', async () => {
    const f = fileRef.current?.files?.[0];
    if (!f) return;
    let raw: unknown;
    try {
      raw = JSON.parse(await f.text());
    } catch {
      throw new Error(`${f.name} is not a .suprun recording (not JSON).`);
    }
    const rec = parseSuRun(raw, f.name);
    fileRef.current!.value = '';
    await replayWith(rec);
  });

  // keyboard and menu: run controls and faults on the selected node go through the command registry
  useEffect(() => (registry ? registry.register(runCommands(c, editor, run)) : undefined), [registry, editor, c, run]);

  const cmd = (x: CommandInput) => guard('Command', () => c.command(x));
  const scenarios = c.spec?.scenarios ?? [];

  return (
    <div className="run-toolbar" data-testid="run-toolbar">
      <FaultMenu editor={editor} />
      {!active ? (
        <button type="button" className="run-btn primary" onClick={run} data-testid="run-start" title="Run the design (F5)"><RIcon name="play" />Run</button>
      ) : (
        <>
          {st.phase === 'playing'
            ? <button type="button" className="run-btn" onClick={guard('Pause', () => c.pause())} aria-label="Pause" title="Pause (Ctrl+Enter)" data-testid="run-pause"><RIcon name="pause" /></button>
            : <button type="button" className="run-btn" onClick={guard('Play', () => c.play())} aria-label="Play" title="Play (Ctrl+Enter)" data-testid="run-play"><RIcon name="play" /></button>}
          <button type="button" className="run-btn" onClick={guard('Step', () => c.step())} aria-label="Step one event" title="Step one event (Alt+.)" disabled={st.clock !== 'virtual'}><RIcon name="step" /></button>
          <select className="run-select" aria-label="Speed" value={st.speed} onChange={(e) => void c.setSpeed(Number(e.target.value))}>
            {SPEEDS.map((s) => <option key={s} value={s}>{s}×</option>)}
          </select>
          <button type="button" className="run-btn" onClick={guard('Reset', () => c.reset())} aria-label="Reset" title="Start again from 0 with the same seed"><RIcon name="reset" /></button>
          {scenarios.length > 0 && (
            <select className="run-select" aria-label="Play scenario" value="" onChange={(e) => { const name = e.target.value; if (name) void cmd({ type: 'scenario', name })(); }}>
              <option value="">Scenario…</option>
              {scenarios.map((s) => <option key={s.name} value={s.name}>{s.name}</option>)}
            </select>
          )}
          {(c.spec?.loadSources.length ?? 0) > 0 && (
            <label className="run-toggle"><input type="checkbox" checked={load} aria-label="Load" onChange={(e) => { setLoad(e.target.checked); void cmd({ type: 'load', on: e.target.checked })(); }} />Load</label>
          )}
          <label className="run-toggle"><input type="checkbox" checked={chaos} aria-label="Chaos" onChange={(e) => { setChaos(e.target.checked); void cmd({ type: 'chaos', on: e.target.checked, rate: 2 })(); }} />Chaos</label>
          <button type="button" className="run-btn" onClick={saveRecording} title="Save this run (seed + commands) into the design and as a .suprun file" data-testid="run-save-recording" aria-label="Save recording"><RIcon name="record" /></button>
          <button type="button" className="run-btn" onClick={replay} title="Replay the last saved recording (or open a .suprun file)" data-testid="run-replay" aria-label="Replay recording"><RIcon name="replay" /></button>
          <button type="button" className="run-btn" onClick={guard('Stop', () => c.stop())} aria-label="Stop the run" title="Stop the run (the design becomes editable again)" data-testid="run-stop"><RIcon name="stop" />Stop</button>
        </>
      )}
      {!active && (
        <>
          <label className="run-seed">seed
            <input type="number" min={0} value={st.seed} aria-label="Seed" onChange={(e) => { try { c.setSeed(Number(e.target.value)); } catch (err) { setNote({ text: errText(err), kind: 'err' }); } }} />
          </label>
          <select className="run-select" aria-label="Clock" value={st.clock} onChange={(e) => c.setClock(e.target.value as 'virtual' | 'real')}>
            <option value="virtual">virtual clock</option>
            <option value="real">real time</option>
          </select>
        </>
      )}
      <input ref={fileRef} type="file" accept=".suprun,application/json" hidden onChange={onFile} />
      {(active || st.phase === 'stopped') && (
        <span className="run-clock" data-testid="run-clock" title={`seed ${st.seed} · ${st.clock} clock`}>
          {st.phase === 'stopped' ? 'stopped · ' : ''}{st.cursor !== null ? `at ${fmtT(c.store?.timeOf(st.cursor) ?? 0)} of ` : ''}{fmtT(st.now)}
        </span>
      )}
      {(st.phase === 'hung' || st.phase === 'failed') && <span className="run-note err" role="alert" data-testid="run-message">{st.message}</span>}
      {note && (
        <span className={`run-note ${note.kind}`} role={note.kind === 'err' ? 'alert' : 'status'} data-testid="run-note">
          {note.text}
          {note.problems && onShowProblems && <button type="button" className="linkish" onClick={onShowProblems}>Show problems</button>}
          <button type="button" className="linkish" aria-label="Dismiss" onClick={() => setNote(null)}>×</button>
        </span>
      )}
    </div>
  );
}

export { GROUP_MIN, RunBadge } from './components/RunBadge';

// ---- right-click faults ---------------------------------------------------------------------------------------------------

function FaultMenu({ editor }: { editor?: Editor }) {
  const c = getRunController();
  const st = useRunState();
  const [menu, setMenu] = useState<{ x: number; y: number; path: string; nodeId: string } | null>(null);
  const [reply, setReply] = useState<string | null>(null);
  const [asking, setAsking] = useState<Asking | null>(null);
  const active = st.phase === 'playing' || st.phase === 'paused';

  useEffect(() => {
    if (!active) return;
    const onCtx = (e: MouseEvent) => {
      const el = (e.target as HTMLElement | null)?.closest<HTMLElement>('.react-flow__node');
      const id = el?.dataset.id;
      // a row of a collapsed group targets that child by pid (`#12`), the node itself by its path
      const row = (e.target as HTMLElement | null)?.closest<HTMLElement>('[data-run-target]');
      const path = row?.dataset.runTarget ?? (id ? c.spec?.pathByNodeId[id] : undefined);
      if (!id || !path) return;
      if (row) selectPid(Number(path.slice(1)));
      e.preventDefault();
      e.stopPropagation();
      editor?.select([id], []);
      setMenu({ x: e.clientX, y: e.clientY, path, nodeId: id });
    };
    const close = (e: Event) => { if (!(e.target as HTMLElement | null)?.closest?.('.run-menu')) setMenu(null); };
    const esc = (e: KeyboardEvent) => { if (e.key === 'Escape') setMenu(null); };
    document.addEventListener('contextmenu', onCtx, true);
    document.addEventListener('pointerdown', close, true);
    document.addEventListener('keydown', esc);
    return () => {
      document.removeEventListener('contextmenu', onCtx, true);
      document.removeEventListener('pointerdown', close, true);
      document.removeEventListener('keydown', esc);
    };
  }, [active, c, editor]);

  if (!menu) return (
    <>
      {reply && <span className="run-note info" role="status" data-testid="run-reply">{reply}<button type="button" className="linkish" aria-label="Dismiss" onClick={() => setReply(null)}>×</button></span>}
      {asking && <AskDialog asking={asking} onClose={() => setAsking(null)} />}
    </>
  );
  const target = menu.path;
  const go = (x: CommandInput) => async () => {
    setMenu(null);
    try {
      // a call's reply is awaited on its event (the session adds a `command` event "reply <target> …" when it comes)
      const reply = commandReplies(x.type) ? c.nextEvent((e) => e.type === 'command' && e.text.startsWith(`reply ${target} `), 1000) : null;
      await c.command(x);
      if (reply) {
        await c.advance(0).catch(() => undefined);
        const e = await reply;
        setReply(e && e.type === 'command' ? e.text : `No reply from ${target} yet: it shows in the event log when it comes.`);
      }
    } catch (e) {
      setReply(`Failed: ${errText(e)}`);
    }
  };
  // the entries come from the run-command catalog (runtime/sim/commands.ts via ./faults): one per menu entry there
  const kind = targetKind(c.spec, menu.nodeId, target) ?? 'worker';
  const items: [string, () => void, string?][] = faultItems(kind, target, targetBehaviour(c.spec, menu.nodeId)).map((it) => [it.label, () => {
    if (it.ask.length === 0) return void go(it.make({}))();
    setMenu(null);
    setAsking({
      title: `${it.label.replace(/…$/, '')}: ${target}`,
      submit: 'Send',
      questions: it.ask.map((q) => ({ ...q, hint: q.kind === 'text' || q.kind === 'process' ? undefined : 'JSON (a string is an atom: "boom"; an array a tuple: ["put", 7]); text that is not JSON is taken as an atom.' })),
      onAnswer: (typed) => {
        const answers: Record<string, unknown> = {};
        for (const q of it.ask) answers[q.field] = parseAnswer(typed[q.field] ?? '', q.kind);
        void go(it.make(answers))();
      },
    });
  }, it.key]);
  return (
    <div className="run-menu" role="menu" aria-label={`Faults for ${target}`} style={{ left: menu.x, top: menu.y }} data-testid="run-menu"
      onKeyDown={(e) => {
        const btns = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('button')];
        const i = btns.indexOf(document.activeElement as HTMLButtonElement);
        if (e.key === 'ArrowDown') { e.preventDefault(); btns[(i + 1) % btns.length]?.focus(); }
        if (e.key === 'ArrowUp') { e.preventDefault(); btns[(i - 1 + btns.length) % btns.length]?.focus(); }
      }}>
      <div className="run-menu-title">{target}</div>
      {items.map(([label, f, key], i) => (
        <button key={label} type="button" role="menuitem" autoFocus={i === 0} data-testid={key ? `fault-${key}` : undefined} onClick={f}>{label}</button>
      ))}
    </div>
  );
}

// ---- event log + inspector -------------------------------------------------------------------------------------------------

export function EventLogPanel({ editor }: { editor?: Editor } = {}) {
  const selected = useSelectedPid();
  const [expectNote, setExpectNote] = useState<{ kind: 'info' | 'error'; text: string } | null>(null);
  return (
    <EventLog editor={editor} aside={<ProcessInspector pid={selected} />} onPick={() => setExpectNote(null)}
      tools={(event) => <ExpectThis editor={editor} event={event} onMessage={(kind, text) => setExpectNote({ kind, text })} />}
      note={expectNote && <div className={`run-log-note ${expectNote.kind}`} role="status" data-testid="expect-note">{expectNote.text}</div>} />
  );
}

function ProcessInspector({ pid }: { pid: number | null }) {
  const c = getRunController();
  const st = useRunState();
  const [live, setLive] = useState<ProcessDetails | null>(null);
  const v = c.view();
  const p = pid === null ? undefined : v?.proc(pid);
  useEffect(() => {
    let alive = true;
    if (pid === null || st.cursor !== null) return setLive(null);
    void c.inspect(pid).then((d) => { if (alive) setLive(d); }, () => { if (alive) setLive(null); });
    return () => { alive = false; };
  }, [c, pid, st.cursor, st.now, st.length]); // (length: a kill at the same virtual time changes the process)
  if (pid === null || !p) return <aside className="run-inspector"><div className="muted">Click an event to inspect its process.</div></aside>;
  const node = p.path ? v!.node(p.path) : undefined;
  return (
    <aside className="run-inspector" aria-label="Process inspector" data-testid="run-inspector">
      <h4>{p.path ?? p.label ?? `pid ${p.pid}`} <span className="muted">#{p.pid}</span></h4>
      <dl>
        <dt>status</dt><dd>{p.alive ? 'alive' : `exited ${p.reason ?? ''}`}</dd>
        {node && <><dt>generation</dt><dd>{node.generation} ({node.restarts} restarts)</dd></>}
        <dt>mailbox</dt><dd data-testid="inspector-mailbox">{live ? live.mailboxLength : p.mailbox}</dd>
        {node?.lastReason && <><dt>last exit</dt><dd>{node.lastReason}</dd></>}
        {live && <><dt>trap_exit</dt><dd>{String(live.trapExit)}</dd></>}
        {live && <><dt>links</dt><dd>{live.links.join(', ') || '—'}</dd></>}
        {live && <><dt>monitors</dt><dd>{live.monitors.join(', ') || '—'}</dd></>}
        {live && <><dt>state</dt><dd className="mono">{live.state}</dd></>}
        {live && live.mailbox.length > 0 && <><dt>messages</dt><dd className="mono">{live.mailbox.slice(0, 8).join('\n')}</dd></>}
      </dl>
      {!live && <div className="muted">{st.cursor !== null ? 'Showing a past instant: state, links and trap_exit are shown live only.' : ''}</div>}
    </aside>
  );
}

export { TimelinePanel } from './components/Timeline';

export { RunEdgeHeat, useEdgeHeat } from './components/EdgeHeat';
