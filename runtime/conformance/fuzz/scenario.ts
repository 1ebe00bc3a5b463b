// The conformance scenario format (../shared/conformance/FORMAT.md) as loose JSON types, shared by the
// fuzz generator and shrinker. Terms are plain JSON (see FORMAT.md section 1).

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** One action of a behaviour's action list: a one-key object such as `{ "raise": "boom" }`. */
export type Action = JsonObject;

export interface Behaviour {
  kind?: 'gen_server' | 'process';
  init?: Action[];
  init_by_start?: Record<string, Action[]>;
  handlers?: Record<string, Action[]>;
  terminate?: Action[];
  quiet?: boolean;
}

/** A step: `op` plus its fields; `sorted` carries nested `steps`. */
export type Step = { op: string } & JsonObject;

export interface Scenario {
  name: string;
  description: string;
  behaviours: Record<string, Behaviour>;
  steps: Step[];
}

/** Stable, readable text of a scenario: one line per behaviour and per step. */
export function scenarioText(s: Scenario): string {
  const j = JSON.stringify;
  const behaviours = Object.entries(s.behaviours).map(([k, b]) => `    ${j(k)}: ${j(b)}`);
  const steps = s.steps.map((st) => `    ${j(st)}`);
  return [
    '{',
    `  "name": ${j(s.name)},`,
    `  "description": ${j(s.description)},`,
    `  "behaviours": {${behaviours.length ? '\n' + behaviours.join(',\n') + '\n  ' : ''}},`,
    `  "steps": [${steps.length ? '\n' + steps.join(',\n') + '\n  ' : ''}]`,
    '}',
    '',
  ].join('\n');
}

/** Small, fast, seedable PRNG (mulberry32); the fuzzer's only source of randomness. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error('Rng.pick: empty list');
    return xs[Math.floor(this.next() * xs.length)];
  }
}
