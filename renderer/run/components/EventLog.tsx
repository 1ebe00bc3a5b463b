// The event log: every event of the run, in plain language by default ("http_client called breaker {:request, 7} →
// :ok in 3 ms"), the raw OTP terms on demand. Filters by kind, by process and by text. The list follows new rows
// unless scrolled up; it is one Tab stop (a listbox): arrow keys move through the events and the timeline follows,
// Home/End jump to the first/last row. The rows shown run to the run's present; the row at the timeline cursor is
// marked.
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { Editor } from '../../editor/editor';
import { RUN_EVENT_TYPES, eventLine, pidsOf, type RunEvent, type RunEventType } from '../events';
import { EventText, PLAIN_HIDDEN, isReplyMessage } from '../event-text';
import { getRunController, selectPid, useRunState, useSelectedPid } from '../hooks';
import { fmtT } from './format';
import type { View } from '../trace-store';
import { download } from './download';

export const LOG_ROWS = 400;


/** `value`, updated at most every `ms` (at once when `ms` is 0): a playing run changes many times a frame. */
function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const latest = useRef(value);
  latest.current = value;
  const pending = useRef(false);
  const last = useRef(0);
  useEffect(() => {
    if (ms === 0 || pending.current) return;
    pending.current = true;
    setTimeout(() => {
      pending.current = false;
      last.current = performance.now();
      setShown(() => latest.current);
    }, Math.max(0, last.current + ms - performance.now()));
  }, [value, ms]);
  return ms === 0 ? value : shown;
}

export interface EventLogProps {
  editor?: Editor;
  /** Beside the list (the process inspector). */
  aside?: React.ReactNode;
  /** Extra tools in the filter bar for the picked event (the lessons' "expect this"). */
  tools?(picked: RunEvent | null): React.ReactNode;
  /** A note under the filter bar. */
  note?: React.ReactNode;
  onPick?(i: number): void;
}

export function EventLog({ editor, aside, tools, note, onPick }: EventLogProps) {
  const c = getRunController();
  const st = useRunState();
  const selected = useSelectedPid();
  const [type, setType] = useState<RunEventType | ''>('');
  const [text, setText] = useState('');
  const [proc, setProc] = useState<string>(''); // '' all, 'selected', or a design path
  const [raw, setRaw] = useState(false);
  const [picked, setPicked] = useState<{ store: unknown; index: number } | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const ours = useRef(false); // the next scroll event is the one we caused
  const store = c.store;
  // names come from the instant shown; the view is taken once per render (a past instant costs a replay from a snapshot)
  const viewRef = useRef<View | null>(null);
  viewRef.current = c.view();
  const words = useMemo(() => (store ? new EventText(store, () => viewRef.current) : null), [store]);

  // while playing the list is redrawn a few times a second, not on every batch of events
  const version = useThrottled(st.version, st.phase === 'playing' ? 300 : 0);
  const rows = useMemo(() => {
    void version;
    if (!store) return [];
    let pids: Set<number> | undefined;
    if (proc === 'selected' && selected !== null) pids = new Set([selected]);
    else if (proc && proc !== 'selected') {
      pids = new Set();
      for (const p of store.liveView.procs()) if (p.path === proc) pids.add(p.pid);
    }
    const types = type ? new Set([type]) : raw ? undefined : new Set(RUN_EVENT_TYPES.filter((t) => !PLAIN_HIDDEN.has(t)));
    const idx = store.query({ types, text: text || undefined, pids }, store.length - 1, raw ? LOG_ROWS : LOG_ROWS * 2, -1);
    const kept = raw || type === 'send' ? idx : idx.filter((i) => { const e = store.get(i); return e.type !== 'send' || !isReplyMessage(e.msg); });
    return kept.slice(0, LOG_ROWS).reverse();
  }, [store, version, type, text, proc, selected, raw]);

  // follow new rows unless the reader scrolled up
  useEffect(() => {
    const el = listRef.current;
    if (el && stick.current) {
      ours.current = true;
      el.scrollTop = el.scrollHeight;
    }
  }, [rows]);

  if (!store || !words) {
    return <div className="empty"><strong>No events yet</strong><span>Run the design to see spawns, exits, signals and restarts here.</span></div>;
  }
  const active = picked && picked.store === store && picked.index < store.length ? picked.index : null;
  const pick = (i: number, focusList = false) => {
    setPicked({ store, index: i });
    onPick?.(i);
    const e = store.get(i);
    c.scrub(i + 1);
    const pid = pidsOf(e)[0] ?? null;
    if (pid !== null) selectPid(pid);
    const path = pid === null ? undefined : c.view()?.proc(pid)?.path ?? undefined;
    const nodeId = path ? c.paths[path] : undefined;
    if (nodeId && editor) editor.select([nodeId], []);
    if (focusList) document.getElementById(`ev-${i}`)?.scrollIntoView({ block: 'nearest' });
  };
  const current = active !== null && rows.includes(active) ? active : st.cursor !== null ? st.cursor - 1 : null;
  const onKey = (e: React.KeyboardEvent) => {
    if (rows.length === 0) return;
    const at = current === null ? -1 : rows.indexOf(current);
    let next: number | null = null;
    if (e.key === 'ArrowDown') next = rows[Math.min(rows.length - 1, at + 1)];
    else if (e.key === 'ArrowUp') next = rows[Math.max(0, at < 0 ? rows.length - 1 : at - 1)];
    else if (e.key === 'Home') next = rows[0];
    else if (e.key === 'End') next = rows[rows.length - 1];
    else if (e.key === 'PageDown') next = rows[Math.min(rows.length - 1, at + 10)];
    else if (e.key === 'PageUp') next = rows[Math.max(0, at - 10)];
    if (next === null || next === undefined) return;
    e.preventDefault();
    stick.current = next === rows[rows.length - 1];
    pick(next, true);
  };
  const paths = Object.keys(c.paths);
  const who = (pid: number) => viewRef.current?.proc(pid)?.path ?? `#${pid}`;
  return (
    <div className="run-log">
      <div className="run-log-main">
        <div className="run-log-filters">
          <select aria-label="Event kind" value={type} onChange={(e) => setType(e.target.value as RunEventType | '')}>
            <option value="">{raw ? 'all kinds' : 'main events'}</option>
            {RUN_EVENT_TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
          <select aria-label="Process" value={proc} onChange={(e) => setProc(e.target.value)}>
            <option value="">all processes</option>
            <option value="selected" disabled={selected === null}>{selected === null ? 'the selected process' : `selected: ${who(selected)}`}</option>
            {paths.map((p) => <option key={p} value={p}>{p}</option>)}
          </select>
          <input type="search" placeholder="Search events…" aria-label="Search events" value={text} onChange={(e) => setText(e.target.value)} />
          <label title="Show every event with its OTP terms as the kernel printed them"><input type="checkbox" checked={raw} onChange={(e) => setRaw(e.target.checked)} data-testid="log-raw" />raw OTP terms</label>
          <span className="grow" />
          {tools?.(active === null ? null : store.get(active))}
          <span className="muted" data-testid="log-count">{rows.length === LOG_ROWS ? `last ${LOG_ROWS} of ` : `${rows.length} shown of `}{store.length} events</span>
          <button type="button" className="linkish" onClick={() => download('trace.json', c.exportJSON(), 'application/json')}>Export JSON</button>
          <button type="button" className="linkish" onClick={() => download('trace.csv', c.exportCSV(), 'text/csv')}>Export CSV</button>
        </div>
        {note}
        <div className="run-log-list" role="listbox" aria-label="Events" tabIndex={0} ref={listRef} data-testid="event-list"
          aria-activedescendant={current !== null && rows.includes(current) ? `ev-${current}` : undefined}
          onKeyDown={onKey}
          onScroll={(e) => {
            if (ours.current) { ours.current = false; return; }
            const el = e.currentTarget;
            stick.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 4;
          }}>
          <Rows rows={rows} current={current} selected={selected} raw={raw} words={words} who={who} pick={pick} />
        </div>
      </div>
      {aside}
    </div>
  );
}

interface RowsProps {
  rows: number[];
  current: number | null;
  selected: number | null;
  raw: boolean;
  words: EventText;
  who(pid: number): string;
  pick(i: number): void;
}

/** The rows (redrawn only when the rows, the current row, the selection or the mode change). */
const Rows = memo(function Rows({ rows, current, selected, raw, words, who, pick }: RowsProps) {
  const store = getRunController().store;
  if (!store) return null;
  return (
    <>
        {rows.map((i) => {
              const e = store.get(i);
              const ps = pidsOf(e);
              return (
                <div role="option" id={`ev-${i}`} aria-selected={current === i} key={i}
                  className={`run-log-row ev-${e.type}${current === i ? ' current' : ''}${ps.includes(selected ?? -2) ? ' sel' : ''}${raw ? ' raw' : ''}`}
                  onClick={() => pick(i)}>
                  <span className="seq">{e.seq}</span>
                  <span className="t">{fmtT(e.t)}</span>
                  <span className="kind">{e.type}</span>
                  {raw ? (
                    <>
                      <span className="who">{ps.length ? ps.map(who).join(' → ') : e.type === 'note' ? e.path : ''}</span>
                      <span className="what">{eventLine(e).split(' ').slice(3).join(' ')}</span>
                    </>
                  ) : <span className="what" title={eventLine(e).split(' ').slice(3).join(' ')}>{words.plain(i)}</span>}
                </div>
              );
            })}
    </>
  );
}, (a, b) => a.rows === b.rows && a.current === b.current && a.selected === b.selected && a.raw === b.raw && a.words === b.words);
