// Random scenarios for significant children and auto_shutdown, from a seed: a static supervisor (sometimes with a
// nested one) whose children have random restart types and significant flags, then random disruptions (normal,
// :shutdown, {:shutdown, _} and crashing exits, kills, terminate/restart/start_child, queries). Supervisor calls are
// wrapped in the extra `try` step, so a supervisor that auto-shut down makes the call exit (compared too) instead
// of crashing the driver. Restarts and shutdowns are sequential in OTP, so lines are compared in order; only a kill
// of the nested supervisor (its trapping workers see the signal concurrently) is wrapped in `sorted`.
import { Rng, type Behaviour, type Json, type Scenario, type Step } from '../fuzz/scenario';

const AUTO = ['never', 'any_significant', 'all_significant'] as const;
const RESTART = ['permanent', 'transient', 'temporary'] as const;
const MSGS = ['done', 'sd', 'sdt', 'crash'] as const;

const BEHAVIOURS: Record<string, Behaviour> = {
  w: { handlers: { done: [{ stop: 'normal' }], sd: [{ stop: 'shutdown' }], sdt: [{ stop: ['shutdown', 'why'] }], crash: [{ raise: 'boom' }] } },
  wt: {
    init: [{ trap_exit: true }],
    handlers: { done: [{ stop: 'normal' }], sd: [{ stop: 'shutdown' }], sdt: [{ stop: ['shutdown', 'why'] }], crash: [{ raise: 'boom' }] },
  },
  ign: { init: [{ ignore: true }] },
};

interface Child {
  id: string;
  base: string;
  beh: string;
}

class Gen {
  private readonly r: Rng;
  private readonly workers: Child[] = [];
  private readonly sups: { label: string; auto: string }[] = [];
  private nextId = 0;

  constructor(readonly seed: number) {
    this.r = new Rng(seed);
  }

  /** A child spec: mostly valid significant combinations, sometimes one OTP refuses (`invalid`). */
  private spec(base: string, auto: string, invalid: boolean, track = true): Record<string, Json> {
    const r = this.r;
    const id = `c${this.nextId++}`;
    const beh = r.chance(0.1) ? 'ign' : r.chance(0.4) ? 'wt' : 'w';
    let restart: string = r.pick(RESTART);
    let significant: boolean | undefined;
    if (invalid) {
      significant = true;
      if (auto !== 'never' && r.chance(0.5)) restart = 'permanent';
    } else if (auto !== 'never' && restart !== 'permanent' && r.chance(0.6)) significant = true;
    else if (r.chance(0.2)) significant = false;
    const c: Record<string, Json> = { id, behaviour: beh, restart };
    if (significant !== undefined) c.significant = significant;
    if (r.chance(0.2)) c.shutdown = r.pick([100, 'brutal_kill', 'infinity'] as Json[]);
    if (beh !== 'ign' && track) this.workers.push({ id, base: `${base}/${id}`, beh });
    return c;
  }

  private sup(label: string, base: string, nested: boolean): Record<string, Json> {
    const r = this.r;
    const auto = r.pick(AUTO);
    const children: Json[] = [];
    const n = r.int(1, 4);
    for (let i = 0; i < n; i++) children.push(this.spec(base, auto, false));
    if (!nested && r.chance(0.4)) {
      const id = `c${this.nextId++}`;
      const sub = this.sup(`${base}/${id}`, `${base}/${id}`, true);
      const restart = auto !== 'never' && r.chance(0.6) ? r.pick(['transient', 'temporary']) : r.pick(RESTART);
      const significant = auto !== 'never' && restart !== 'permanent' && r.chance(0.7);
      children.splice(r.int(0, children.length), 0, { id, type: 'supervisor', restart, significant, ...sub });
    }
    this.sups.push({ label, auto });
    return { strategy: r.pick(['one_for_one', 'one_for_all', 'rest_for_one']), max_restarts: r.int(2, 5), auto_shutdown: auto, children };
  }

  build(): Scenario {
    const r = this.r;
    const top = this.sup('top', 'top', false);
    const steps: Step[] = [{ op: 'start_supervisor', name: 'top', ...top } as Step, { op: 'monitor', to: 'top' } as Step];
    const n = r.int(3, 9);
    for (let i = 0; i < n; i++) {
      const k = r.int(0, 9);
      const w = this.workers.length ? r.pick(this.workers) : null;
      const s = r.pick(this.sups);
      if (k <= 3 && w) steps.push({ op: 'cast', to: w.base, msg: r.pick(MSGS) });
      else if (k === 4 && w) steps.push({ op: 'exit', to: w.base, reason: r.pick(['kill', 'normal', 'shutdown', ['shutdown', 'x'], 'boom'] as Json[]) });
      else if (k === 5 && this.sups.length > 1 && s.label !== 'top') {
        steps.push({ op: 'sorted', steps: [{ op: 'exit', to: s.label, reason: r.pick(['kill', 'shutdown'] as Json[]) }, { op: 'settle' }] } as Step);
      } else if (k === 6 && w) {
        const sup = w.base.slice(0, w.base.lastIndexOf('/'));
        steps.push({ op: 'try', step: { op: r.pick(['terminate_child', 'restart_child', 'delete_child']), sup, id: w.id } } as Step);
      } else if (k === 7) {
        steps.push({ op: 'try', step: { op: 'start_child', sup: s.label, child: this.spec(s.label, s.auto, r.chance(0.3), false) } } as Step);
      } else if (k === 8) {
        steps.push({ op: 'try', step: { op: r.pick(['which_children', 'count_children']), sup: s.label } } as Step);
      } else steps.push({ op: 'check_alive', target: r.pick(['top', s.label]) });
    }
    steps.push({ op: 'try', step: { op: 'which_children', sup: 'top' } } as Step);
    return { name: `sig-${this.seed}`, description: 'generated: significant children and auto_shutdown', behaviours: BEHAVIOURS, steps };
  }
}

export function generateSignificantScenario(seed: number): Scenario {
  return new Gen(seed).build();
}
