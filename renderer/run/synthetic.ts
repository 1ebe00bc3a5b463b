// Synthetic but well-formed run events (seeded): for trace-store tests at scale and the UI benchmark.
import type { RunEvent } from './events';

type Ev = RunEvent extends infer E ? (E extends RunEvent ? Omit<E, 'seq'> : never) : never;

/** A seeded random but well-formed event stream: spawns, exits, messages, restarts under a few supervisors. */
export function randomRun(n: number, seed: number): RunEvent[] {
  let x = seed >>> 0 || 1;
  const rnd = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), (x >>> 0) / 2 ** 32);
  const out: RunEvent[] = [];
  const live: number[] = []; // live workers (supervisors 1-4 never exit)
  const slots: { sup: number; child: string }[] = [];
  let nextPid = 1;
  let t = 0;
  const push = (e: Ev) => out.push({ ...e, seq: out.length + 1 } as RunEvent);
  const pick = () => live[Math.floor(rnd() * live.length)];
  for (let s = 0; s < 4; s++) {
    const pid = nextPid++;
    push({ t, type: 'spawn', pid, parent: null, label: `sup${s}` });
    for (let c = 0; c < 5; c++) slots.push({ sup: pid, child: `w${c}` });
  }
  while (out.length < n) {
    t += rnd() < 0.3 ? Math.floor(rnd() * 5) : 0;
    const r = rnd();
    if (r < 0.12 || live.length < 3) {
      const slot = slots[Math.floor(rnd() * slots.length)];
      const pid = nextPid++;
      push({ t, type: 'spawn', pid, parent: slot.sup, label: null });
      push({ t, type: 'restart', sup: slot.sup, child: slot.child, old: null, pid });
      live.push(pid);
    } else if (r < 0.25) {
      const k = Math.floor(rnd() * live.length);
      const pid = live[k];
      push({ t, type: 'exit', pid, reason: rnd() < 0.5 ? ':boom' : ':normal' });
      live[k] = live[live.length - 1];
      live.pop();
    } else if (r < 0.6) {
      push({ t, type: 'send', from: pick(), to: pick(), msg: `{:req, ${Math.floor(rnd() * 50)}}` });
    } else if (r < 0.9) {
      push({ t, type: 'receive', pid: pick(), msg: ':req' });
    } else {
      push({ t, type: 'intensity', sup: 1 + Math.floor(rnd() * 4), restarts: Math.floor(rnd() * 4), max: 3, period: 5 });
    }
  }
  return out.slice(0, n);
}

