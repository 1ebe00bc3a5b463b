// The design generator, projection and shrinker on their own (no OTP needed), and the saved regressions replayed on
// the simulator against what real OTP printed. The differential run against real OTP is in
// cli/commands/fuzz-designs.test.ts.
import { describe, expect, it } from 'vitest';
import type { DesignDocument } from '../../design/document';
import { compile, flattenSpec } from '../../design/spec';
import { FUZZ_BEHAVIOURS, FUZZ_SCENARIO, GAP_MS, generateDesign } from './generate';
import { parseOtpBatch, parseOtpEvents, projection, QUIET_MS, settleTimes, simulatorEvents, simulatorProjection, withPrefix, type RunEvent } from './project';
import { candidates, shrinkDesign } from './shrink';

const SEEDS = Array.from({ length: 150 }, (_, i) => 5_000 + i);
const regressions = import.meta.glob('./regressions/*.json', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const expected = import.meta.glob('./regressions/*.expected', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

describe('design generator', () => {
  it('is a function of the seed', () => {
    expect(JSON.stringify(generateDesign(42))).toBe(JSON.stringify(generateDesign(42)));
    expect(JSON.stringify(generateDesign(42))).not.toBe(JSON.stringify(generateDesign(43)));
  });

  it('produces valid designs whose commands settle, at least GAP_MS apart, with a quiet simulator before each', () => {
    for (const seed of SEEDS) {
      const d = settleTimes(generateDesign(seed));
      const spec = compile(d);
      const sc = spec.scenarios.find((s) => s.name === FUZZ_SCENARIO)!;
      sc.commands.forEach((c, i) => i > 0 && expect(c.at - sc.commands[i - 1].at, `seed ${seed}`).toBeGreaterThanOrEqual(GAP_MS));
      expect(simulatorProjection(d).length, `seed ${seed}`).toBeGreaterThan(0);
    }
  });

  it('covers every node kind, strategy, restart type, shutdown kind, the fuzz behaviours and the commands', () => {
    const docs = SEEDS.map((s) => generateDesign(s));
    const nodes = docs.flatMap((d) => d.nodes);
    const text = JSON.stringify(docs);
    for (const kind of ['supervisor', 'dynamic_supervisor', 'task_supervisor', 'registry', 'worker']) expect(nodes.some((n) => n.kind === kind), kind).toBe(true);
    for (const needle of ['"one_for_one"', '"one_for_all"', '"rest_for_one"', '"permanent"', '"transient"', '"temporary"', '"brutal_kill"',
      '"infinity"', '"shutdown":100', '"any_significant"', '"all_significant"', '"significant":true', '"maxChildren":1', '"keys":"duplicate"',
      '"keys":"unique"', '"partitions":2', '"register":"registry"', '"register":"none"', '"maxRestarts":0', '"maxSeconds":30', '"crashAfterMs"',
      '"type":"kill"', '"type":"exit"', '"type":"send"', '"type":"call"', '"reason":"normal"', '"reason":"kill"', '"reason":"shutdown"']) {
      expect(text.includes(needle), needle).toBe(true);
    }
    for (const b of FUZZ_BEHAVIOURS) expect(nodes.some((n) => n.kind === 'worker' && n.behaviour === b), b).toBe(true);
    // nesting: some design has a supervisor three levels down
    expect(docs.some((d) => compile(d).roots.some((r) => flattenSpec({ ...compile(d), roots: [r] }).some((c) => c.path.split('/').length >= 4)))).toBe(true);
  });

  it('gives brutal_kill only to supervisors of workers alone (a brutal kill orphans the supervisors below)', () => {
    for (const seed of SEEDS) {
      const d = generateDesign(seed);
      for (const n of d.nodes) {
        if (n.kind === 'worker' || !('shutdown' in n) || n.shutdown !== 'brutal_kill') continue;
        const kids = d.edges.filter((e) => e.source === n.id).map((e) => d.nodes.find((x) => x.id === e.target)!);
        expect(kids.every((k) => k.kind === 'worker'), `seed ${seed}: ${n.name}`).toBe(true);
      }
    }
  });

  it('never kills a supervisor with supervisors below it unless it is a root (OTP would race on their names)', () => {
    for (const seed of SEEDS) {
      const d = generateDesign(seed);
      const parent = new Set(d.edges.map((e) => e.target));
      for (const c of d.scenarios[0].commands) {
        if (c.type !== 'kill' && !(c.type === 'exit' && c.reason === 'kill')) continue;
        const n = d.nodes.find((x) => x.name === c.target)!;
        if (!parent.has(n.id)) continue;
        const kids = d.edges.filter((e) => e.source === n.id).map((e) => d.nodes.find((x) => x.id === e.target)!);
        expect(kids.every((k) => k.kind === 'worker'), `seed ${seed}: ${c.target}`).toBe(true);
      }
    }
  });
});

describe('projection', () => {
  const spec = compile(settleTimes(generateDesign(5_003)));
  const root = spec.roots[0].path;
  const child = flattenSpec(spec).find((c) => c.path !== root && c.path.startsWith(`${root}/`))!.path;

  it('tells incarnations apart whatever order their events came in, and lists each supervisor\'s start order', () => {
    const a: RunEvent[] = [
      { kind: 'start', path: child, gen: 1 }, { kind: 'start', path: root, gen: 1 },
      { kind: 'start', path: child, gen: 2 }, { kind: 'exit', path: child, gen: 1, reason: ':killed' },
    ];
    const b: RunEvent[] = [a[0], a[1], a[3], a[2]];
    expect(projection(a, spec)).toEqual(projection(b, spec));
    expect(projection(a, spec)).toContain(`proc ${child}#1 exit :killed`);
    expect(projection(a, spec)).toContain(`proc ${child}#2 alive`);
    expect(projection(a, spec).some((l) => l.startsWith(`order ${root}: `) && l.endsWith('#1 ' + child.slice(root.length + 1) + '#2'))).toBe(true);
    // a different reason or a missing restart is a different projection
    expect(projection([...a.slice(0, 3), { ...a[3], reason: ':shutdown' } as RunEvent], spec)).not.toEqual(projection(a, spec));
    expect(projection(a.slice(0, 2), spec)).not.toEqual(projection(a, spec));
  });

  it('counts give-ups by supervisor name (OTP reports names) under the supervisor\'s path', () => {
    const lines = projection([{ kind: 'gaveup', sup: spec.roots[0].id }, { kind: 'gaveup', sup: spec.roots[0].id }], spec);
    expect(lines).toContain(`gaveup ${root} 2`);
  });

  it('is what the simulator reports: every process the run started, with its end', () => {
    const events = simulatorEvents(spec);
    const starts = events.filter((e) => e.kind === 'start').length;
    expect(projection(events, spec).filter((l) => l.startsWith('proc '))).toHaveLength(starts);
  });

  it('prefixes every name of a design (designs share one VM) without changing what the simulator does', () => {
    const d = settleTimes(generateDesign(5_010));
    const p = withPrefix(d, 'q7_');
    expect(p.nodes.every((n) => n.name.startsWith('q7_'))).toBe(true);
    expect(simulatorProjection(p).map((l) => l.replaceAll('q7_', ''))).toEqual(simulatorProjection(d));
  });

  it('spreads commands until the simulator is quiet before each of them', () => {
    const d = settleTimes(generateDesign(5_020));
    const spec2 = compile(d);
    const sc = spec2.scenarios[0];
    expect(sc.untilMs).toBeGreaterThan(sc.commands.at(-1)!.at);
    expect(QUIET_MS).toBeLessThan(GAP_MS);
  });
});

describe('design_batch.exs output', () => {
  it('parses into per-design event lines and events', () => {
    const text = [
      '## design\t/tmp/x/d0', 'start\tq0_s1/q0_w1\t1', 'exit\tq0_s1/q0_w1\t1\t{:shutdown, :a\tb}', 'reply\tq0_w1\t{:ok, 1}', 'gaveup\tq0_s1',
      '## end\t/tmp/x/d0\tok\t812', '## design\t/tmp/x/d1', 'error\tboom', '## end\t/tmp/x/d1\terror\t5', '',
    ].join('\n');
    const batch = parseOtpBatch(text);
    expect([...batch.keys()]).toEqual(['/tmp/x/d0', '/tmp/x/d1']);
    expect(batch.get('/tmp/x/d1')).toEqual({ status: 'error', ms: 5, lines: ['error\tboom'] });
    const { events, errors } = parseOtpEvents(batch.get('/tmp/x/d0')!.lines);
    expect(errors).toEqual([]);
    expect(events).toEqual([
      { kind: 'start', path: 'q0_s1/q0_w1', gen: 1 },
      { kind: 'exit', path: 'q0_s1/q0_w1', gen: 1, reason: '{:shutdown, :a\tb}' },
      { kind: 'reply', target: 'q0_w1', result: '{:ok, 1}' },
      { kind: 'gaveup', sup: 'q0_s1' },
    ]);
    expect(parseOtpEvents(['error\tboom']).errors).toEqual(['boom']);
  });
});

describe('design shrinker', () => {
  const hasKill = (d: DesignDocument) => d.scenarios[0].commands.some((c) => c.type === 'kill');
  const failing = async (batch: DesignDocument[]) => batch.map(hasKill);

  it('proposes only one-edit changes that never grow the design', () => {
    const d = generateDesign(5_001);
    const all = candidates(d);
    expect(all.length).toBeGreaterThan(d.nodes.length);
    for (const c of all) {
      expect(JSON.stringify(c)).not.toBe(JSON.stringify(d));
      expect(c.nodes.length).toBeLessThanOrEqual(d.nodes.length);
      expect(c.scenarios[0].commands.length).toBeLessThanOrEqual(d.scenarios[0].commands.length);
    }
  });

  it('reduces a failing design to what the failure needs', async () => {
    const seed = SEEDS.find((s) => hasKill(generateDesign(s)) && generateDesign(s).nodes.length > 5)!;
    const { design } = await shrinkDesign(settleTimes(generateDesign(seed)), failing, { maxBatches: 200 });
    expect(hasKill(design)).toBe(true);
    expect(design.scenarios[0].commands).toHaveLength(1);
    // the killed process and the supervisors above it (removing a supervisor removes its subtree)
    expect(design.nodes.length).toBeLessThan(generateDesign(seed).nodes.length);
    expect(design.nodes.length).toBeLessThanOrEqual(3);
  });
});

describe('saved design regressions (what real OTP printed for designs that once diverged)', () => {
  const names = Object.keys(regressions).sort();
  it('has some', () => expect(names.length).toBeGreaterThan(0));
  for (const file of names) {
    it(file.replace('./regressions/', ''), () => {
      const doc = JSON.parse(regressions[file]) as DesignDocument;
      const want = expected[file.replace(/\.json$/, '.expected')];
      expect(want, 'its .expected file').toBeDefined();
      expect(simulatorProjection(doc).join('\n') + '\n').toBe(want);
    });
  }
});
