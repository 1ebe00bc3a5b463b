// The simulator's promise, checked on the user's own tree: the same command sequence (the kills and exits sent to
// the real node in this session) run on the simulator against the imported design, and both outcomes written as
// the same kind of lines — per command, which processes were restarted or stopped — then diffed line by line.
import type { DesignDocument } from '../../runtime/design/document';
import { compile } from '../../runtime/design/spec';
import { Simulation } from '../../runtime/sim/start';
import type { SpecCommand } from '../../runtime/design/spec';
import type { RecordedEvent } from './recording';
import { procKey } from './live-design';

export type DiffRow =
  | { kind: 'same'; left: string; right: string }
  | { kind: 'changed'; left: string; right: string }
  | { kind: 'left'; left: string }
  | { kind: 'right'; right: string };

/** A line diff (longest common subsequence); a run of removed lines next to a run of added ones pairs up as changed. */
export function lineDiff(left: readonly string[], right: readonly string[]): DiffRow[] {
  const n = left.length, m = right.length;
  // lcs[i][j]: LCS length of left[i..] and right[j..]
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = left[i] === right[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const rows: DiffRow[] = [];
  let dels: string[] = [], adds: string[] = [];
  const flush = () => {
    const k = Math.min(dels.length, adds.length);
    for (let x = 0; x < k; x++) rows.push({ kind: 'changed', left: dels[x], right: adds[x] });
    for (const l of dels.slice(k)) rows.push({ kind: 'left', left: l });
    for (const r of adds.slice(k)) rows.push({ kind: 'right', right: r });
    dels = [];
    adds = [];
  };
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && left[i] === right[j]) {
      flush();
      rows.push({ kind: 'same', left: left[i], right: right[j] });
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) adds.push(right[j++]);
    else dels.push(left[i++]);
  }
  flush();
  return rows;
}

/** A fault sent to a process, by its place in the design. */
export interface FaultStep { command: 'kill' | 'exit'; nodeId: string; reason?: string }

const outcomeLines = (step: FaultStep, restarted: string[], stopped: string[]) => [
  `${step.command} ${step.nodeId}${step.command === 'exit' ? ` (${step.reason ?? 'boom'})` : ''}`,
  ...[...new Set(restarted)].sort().map((n) => `  restarted ${n}`),
  ...[...new Set(stopped)].sort().map((n) => `  stopped ${n}`),
];

/** What real OTP did: the session's kills and exits, each followed by the processes (in the tree) the bridge saw
 *  restarted, or exit without coming back, until the next one. */
export function otpLines(events: readonly RecordedEvent[], nodeIdByKey: ReadonlyMap<string, string>): { steps: FaultStep[]; lines: string[] } {
  const steps: FaultStep[] = [];
  const lines: string[] = [];
  let node = '';
  const name = (path: string | undefined) => (path ? nodeIdByKey.get(procKey(node, path)) ?? path : '?');
  let cur: { step: FaultStep; restarted: string[]; exited: string[] } | null = null;
  const close = () => { if (cur) lines.push(...outcomeLines(cur.step, cur.restarted, cur.exited.filter((n) => !cur!.restarted.includes(n)))); };
  for (const e of events) {
    node = e.node;
    if (e.type === 'command' && (e.command === 'kill' || e.command === 'exit')) {
      close();
      const step: FaultStep = { command: e.command, nodeId: name(e.targetPath ?? e.path), ...(e.command === 'exit' ? { reason: e.reason ?? 'boom' } : {}) };
      steps.push(step);
      cur = { step, restarted: [], exited: [] };
    } else if (cur && e.type === 'restart' && e.path) cur.restarted.push(name(e.path));
    else if (cur && e.type === 'exit' && e.path && nodeIdByKey.has(procKey(e.node, e.path))) cur.exited.push(name(e.path));
  }
  close();
  return { steps, lines };
}

/** Command spacing on the simulator's virtual clock: long enough for every restart to settle. */
const STEP_MS = 5000;

/** What the simulator does with the same steps on `doc` (virtual clock, seed 1). */
export function simLines(doc: DesignDocument, steps: readonly FaultStep[]): string[] {
  const spec = compile(doc);
  const commands: SpecCommand[] = steps.map((s, i) => {
    const target = spec.pathByNodeId[s.nodeId] ?? s.nodeId;
    const at = (i + 1) * STEP_MS;
    return s.command === 'kill' ? { type: 'kill', at, target } as SpecCommand : { type: 'exit', at, target, reason: (s.reason ?? 'boom').replace(/^:/, '') } as SpecCommand;
  });
  const r = new Simulation(spec, { seed: 1, loads: false }).run(commands, (steps.length + 1) * STEP_MS);
  const lines: string[] = [];
  steps.forEach((s, i) => {
    const from = (i + 1) * STEP_MS, to = from + STEP_MS;
    const restarted: string[] = [], stopped: string[] = [];
    for (const n of Object.values(r.summary.nodes)) {
      const exits = n.exits.filter((x) => x.t >= from && x.t < to);
      if (!exits.length) continue;
      // restarted when it runs again after this step's exits: a later exit, or running at the end
      const later = n.exits.some((x) => x.t >= to) || n.status === 'running';
      (later ? restarted : stopped).push(n.nodeId);
    }
    lines.push(...outcomeLines(s, restarted, stopped));
  });
  return lines;
}
