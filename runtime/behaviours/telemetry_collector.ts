// telemetry_collector: counts the outcomes reported to it (`{:report, :ok | :error}` by cast) in total and over
// the last `windowMs`. `:stats` answers %{ok, error, total, success_rate, window_ok, window_error}.
import { isTagged, type Proc, type Term } from '../kernel/index';
import type { Behaviour } from './lib';

interface S {
  windowMs: number;
  ok: number;
  error: number;
  /** [time, ok?] of reports inside the window (oldest first). */
  recent: [number, boolean][];
}

function trim(s: S, self: Proc): void {
  const since = self.kernel.now() - s.windowMs;
  let i = 0;
  while (i < s.recent.length && s.recent[i][0] < since) i++;
  if (i) s.recent.splice(0, i);
}

export const telemetry_collector: Behaviour<S, { windowMs: number }> = {
  init(env) {
    return ['ok', { windowMs: env.params.windowMs, ok: 0, error: 0, recent: [] }];
  },
  handleCall(req, _from, s, self) {
    if (req !== 'stats') return ['reply', ['error', 'unknown_request'], s];
    trim(s, self);
    const total = s.ok + s.error;
    const windowOk = s.recent.filter((r) => r[1]).length;
    const stats = new Map<Term, Term>([
      ['ok', s.ok], ['error', s.error], ['total', total], ['success_rate', total ? s.ok / total : 0],
      ['window_ok', windowOk], ['window_error', s.recent.length - windowOk],
    ]);
    return ['reply', stats, s];
  },
  handleCast(req, s, self) {
    if (isTagged(req, 'report', 2)) {
      const ok = req[1] === 'ok';
      if (ok) s.ok++;
      else s.error++;
      s.recent.push([self.kernel.now(), ok]);
      trim(s, self);
    }
    return ['noreply', s];
  },
};
