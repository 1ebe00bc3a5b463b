// Every template: the committed file matches its definition, it validates with no errors, compiles, and each of its
// scenarios runs on the kernel with the outcome its lesson promises. The capstone's evaluation criteria each get a test.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from '../runtime/design/parse';
import { compile, type RuntimeSpec } from '../runtime/design/spec';
import { validate } from '../runtime/design/validate';
import { testScenario } from '../runtime/sim/expect';
import { Simulation, type RunSummary } from '../runtime/sim/start';
import { TEMPLATES, renderTemplate } from './definitions';

const here = dirname(fileURLToPath(import.meta.url));
const files = readdirSync(here).filter((f) => f.endsWith('.suptree')).sort();

function load(file: string) {
  const r = parse(readFileSync(join(here, `${file}.suptree`), 'utf8'));
  if (!r.ok) throw new Error(`${file}: ${r.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
  return r.doc;
}
const specOf = (file: string): RuntimeSpec => compile(load(file));
const run = (file: string, scenario: string, seed = 1): RunSummary => new Simulation(specOf(file), { seed }).runScenario(scenario).summary;
const replies = (s: RunSummary) => s.calls.map((c) => c.result);
const restarts = (s: RunSummary) => Object.fromEntries(Object.values(s.nodes).map((n) => [n.nodeId, n.restarts]));

describe('template files', () => {
  it('there is one file per definition, and each matches it byte for byte (npx tsx templates/build.ts)', () => {
    expect(files).toEqual(TEMPLATES.map((t) => `${t.file}.suptree`).sort());
    for (const t of TEMPLATES) expect(readFileSync(join(here, `${t.file}.suptree`), 'utf8'), t.file).toBe(renderTemplate(t));
  });

  it.each(TEMPLATES.map((t) => t.file))('%s validates without errors or warnings, compiles, and has a lesson, scenarios and a top-down layout', (file) => {
    const doc = load(file);
    expect(validate(doc).map((d) => `${d.severity}: ${d.message}`)).toEqual([]);
    const spec = compile(doc);
    expect(spec.scenarios.length).toBeGreaterThan(0);
    expect(doc.lesson).toMatch(/## What it shows[\s\S]*## Try this/);
    const y = new Map(doc.nodes.map((n) => [n.id, n.position.y]));
    for (const e of doc.edges) if (e.kind === 'supervision') expect(y.get(e.target)!, `${e.source} → ${e.target}`).toBeGreaterThan(y.get(e.source)!);
  });
});

describe('expectations (what `supervisor-studio test templates` checks)', () => {
  it.each(TEMPLATES.map((t) => t.file))('%s: every scenario has expectations and they all pass', (file) => {
    const spec = specOf(file);
    for (const sc of spec.scenarios) {
      expect(sc.expect?.length ?? 0, `${file} / ${sc.name} has no expectations`).toBeGreaterThan(0);
      const r = testScenario(spec, sc.name);
      expect(r.results.filter((x) => !x.pass).map((x) => `${sc.name}: ${x.text} — got ${x.actual}`)).toEqual([]);
    }
  });
  it('at least 50 expectations in all', () => {
    const n = TEMPLATES.reduce((sum, t) => sum + t.scenarios.reduce((m, s) => m + s.expect.length, 0), 0);
    expect(n).toBeGreaterThanOrEqual(50);
  });
});

describe('drills', () => {
  it('drill 1: each error kind gives its own exit reason; each crasher restarts once', () => {
    const s = run('drill-1-error-kinds', 'all three kinds');
    expect(s.nodes.raiser.exits.map((e) => e.reason)).toEqual(['{%RuntimeError{message: "boom"}, :stack}']);
    expect(s.nodes.exiter.exits.map((e) => e.reason)).toEqual([':boom']);
    expect(s.nodes.thrower.exits.map((e) => e.reason)).toEqual(['{:bad_return_value, :boom}']);
    expect(restarts(s)).toMatchObject({ raiser: 1, exiter: 1, thrower: 1, errors_sup: 0 });
    expect(s.rootGaveUp).toBe(false);
  });
  it('drill 1: a fourth crash within the period exceeds the intensity and the supervisor gives up', () => {
    const s = run('drill-1-error-kinds', 'too many crashes');
    expect(s.nodes.raiser.restarts).toBe(3);
    expect(s.escalations).toHaveLength(1);
    expect(s.escalations[0].nodeId).toBe('errors_sup');
    expect(s.rootGaveUp).toBe(true);
    expect(s.nodes.errors_sup.status).toBe('stopped');
    expect(s.nodes.exiter.exits.map((e) => e.reason)).toEqual([':shutdown']);
  });
  it('drill 2: the rescuing worker answers with the error and keeps running; the other is restarted', () => {
    const s = run('drill-2-try-rescue-after', 'rescued vs crashed');
    expect(replies(s)).toEqual(['{:rescued, %RuntimeError{message: "boom"}}']);
    expect(restarts(s)).toMatchObject({ careful: 0, reckless: 1 });
  });
  it("drill 2: after runs every time and cannot change the result; without the catch a throw crashes careful", () => {
    const s = run('drill-2-try-rescue-after', 'four questions');
    expect(replies(s)).toEqual([':body', '{:rescued, %RuntimeError{message: "boom"}}', '{:went_past_rescue, :throw, :boom}', '{:went_past_rescue, :exit, :boom}']);
    expect(s.notes.filter((n) => n.event === 'after').map((n) => n.data.kind)).toEqual(['none', 'raise']);
    const doc = load('drill-2-try-rescue-after');
    const noCatch = { ...doc, customBehaviours: doc.customBehaviours.map((c) => ({ ...c, source: c.source.replace("catch: { throw: (v) => ['caught_throw', v], exit: (r) => ['caught_exit', r] },", '') })) };
    expect(noCatch.customBehaviours[0].source).not.toBe(doc.customBehaviours[0].source);
    const t = new Simulation(compile(noCatch), { seed: 1 }).runScenario('catch each kind').summary;
    expect(t.nodes.careful.exits.map((e) => e.reason)).toEqual(['{:bad_return_value, :boom}', ':boom']);
  });
  it('drill 3: both die — killing one linked process takes the other with it', () => {
    const s = run('drill-3-links', 'both die');
    expect(restarts(s)).toMatchObject({ left: 1, right: 1, guard: 0, first: 0 });
    expect(s.nodes.right.exits[0].reason).toBe(':killed');
  });
  it('drill 3: a trapping process survives its linked partner and sees the exit as a message', () => {
    const s = run('drill-3-links', 'trapping survives');
    expect(restarts(s)).toMatchObject({ guard: 0, victim: 1 });
    expect(replies(s)).toEqual(['[{:victim, {%RuntimeError{message: "boom"}, :stack}}]']);
  });
  it('drill 3: a chain reaction takes down the whole chain', () => {
    expect(restarts(run('drill-3-links', 'chain reaction'))).toMatchObject({ first: 1, second: 1, third: 1, left: 0 });
  });
  it('drill 3: a normal exit does not kill the linked process; a transient child is not restarted', () => {
    const s = run('drill-3-links', 'normal exit');
    expect(s.nodes.quitter).toMatchObject({ restarts: 0, status: 'stopped' });
    expect(s.nodes.quitter.exits[0].reason).toBe(':normal');
    expect(s.nodes.bystander).toMatchObject({ restarts: 0, status: 'running', exits: [] });
  });
  it('drill 4: the linked partner dies, the monitoring watcher only gets a DOWN', () => {
    const s = run('drill-4-monitors-vs-links', 'kill the service');
    expect(restarts(s)).toMatchObject({ service: 1, partner: 1, watcher: 0 });
    expect(replies(s)).toEqual(['[{:service, :killed}]', '[:backend, :service]']);
  });
  it('drill 4: the monitor edge is the monitor — without it the watcher sees nothing; a second edge is a second monitor', () => {
    const doc = load('drill-4-monitors-vs-links');
    const without = { ...doc, edges: doc.edges.filter((e) => e.id !== 'mon_watcher_service') };
    const s = new Simulation(compile(without), { seed: 1 }).runScenario('kill the service').summary;
    expect(replies(s)).toEqual(['[]', '[:backend]']);
    expect(restarts(s)).toMatchObject({ partner: 1, watcher: 0 });
    expect(replies(run('drill-4-monitors-vs-links', 'several monitors'))).toEqual(['[{:service, :killed}, {:backend, :killed}]']);
  });
  it('drill 5: names resolve through the Registry — with register "none" a call by name finds nobody', () => {
    const doc = load('drill-5-supervisor-registry');
    const unregistered = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'clicks' ? { ...n, register: 'none' as const } : n)) };
    const s = new Simulation(compile(unregistered), { seed: 1 }).runScenario('restart keeps the name').summary;
    expect(s.calls.map((c) => [c.ok, c.result])).toEqual([[false, ':noproc'], [false, ':noproc'], [false, ':noproc']]);
  });
  it('drill 5: after a restart the registry name reaches the new process, whose state starts over', () => {
    const s = run('drill-5-supervisor-registry', 'restart keeps the name');
    expect(replies(s)).toEqual(['1', '2', '0']);
    expect(s.calls.every((c) => c.ok)).toBe(true);
    expect(restarts(s)).toMatchObject({ clicks: 1, visits: 0, counters: 0 });
  });
  it('drill 6: permanent restarts after a normal exit; transient and temporary do not', () => {
    const s = run('drill-6-child-specs', 'normal exits');
    expect(restarts(s)).toMatchObject({ always: 1, on_error: 0, once: 0 });
    expect(s.nodes.on_error.status).toBe('stopped');
  });
  it('drill 6: after a crash permanent and transient restart, temporary is gone', () => {
    const s = run('drill-6-child-specs', 'crashes');
    expect(restarts(s)).toMatchObject({ always: 1, on_error: 1, once: 0 });
    expect(s.nodes.once.status).toBe('stopped');
  });
});

describe('exercises', () => {
  it('exercise 1: the entries survive a crash of the todo server (they live in the database)', () => {
    const s = run('exercise-1-todo-system', 'server crash keeps the entries');
    expect(replies(s)).toEqual([':ok', ':ok', '[:milk, :bread]']);
    expect(restarts(s)).toMatchObject({ alice: 1, database: 0, todo_cache: 0 });
  });
  it('exercise 2: the pool keeps serving while a worker is killed under load; only its job in flight fails', () => {
    const s = run('exercise-2-worker-pool', 'worker crash under load');
    expect(restarts(s)).toMatchObject({ worker_2: 1, worker_1: 0, pool_manager: 0 });
    const jobs = s.counters.jobs;
    expect(jobs.sent).toBe(40);
    expect(jobs.ok + (jobs.error ?? 0)).toBe(jobs.sent);
    expect(jobs.error ?? 0).toBeLessThanOrEqual(1);
    expect(s.counters.worker_2 ?? {}).toEqual({});
    expect(s.calls[0].result).toMatch(/served: 3\d/);
  });
  it('exercise 2: checkout hands out distinct workers, status counts them', () => {
    const s = run('exercise-2-worker-pool', 'checkout and checkin');
    expect(s.calls[0].result).not.toBe(s.calls[1].result);
    expect(s.calls[0].result).toMatch(/worker_1/);
    expect(s.calls[2].result).toBe('%{checked_out: 2, in_flight: 0, size: 3, waiting: 0}');
  });
});

describe('capstone: HTTP client pool with circuit breaker and retries', () => {
  const file = 'capstone-http-client-pool';

  it('supervision and restart strategies: a pool crash restarts the pool and its manager (rest_for_one), not the breaker', () => {
    const sim = new Simulation(specOf(file), { seed: 1 });
    const s = sim.run([{ at: 100, type: 'kill', target: 'http_app/pool/http_pool' }], 1000).summary;
    expect(restarts(s)).toMatchObject({ http_pool: 1, pool_manager: 1, http_1: 1, http_2: 1, http_3: 1, breaker: 0, http_client: 0, pool: 0 });
    expect(s.escalations).toEqual([]);
  });
  it('links: the workers are linked to their supervisor and die with it', () => {
    const sim = new Simulation(specOf(file), { seed: 1 });
    const s = sim.run([{ at: 100, type: 'kill', target: 'http_app/pool/http_pool' }], 1000).summary;
    for (const w of ['http_1', 'http_2', 'http_3']) expect(s.nodes[w].exits.map((e) => e.reason)).toEqual([':killed']);
  });
  it('crash handling: a worker killed under load is restarted and no request is lost (retries cover the one in flight)', () => {
    const s = run(file, 'worker crash');
    expect(restarts(s)).toMatchObject({ http_2: 1, http_1: 0, pool_manager: 0, breaker: 0 });
    expect(s.counters.traffic.ok).toBe(s.counters.traffic.sent);
    expect(s.counters.traffic.sent).toBeGreaterThan(40);
  });
  it('circuit-breaker transitions: closed → open → half_open → closed', () => {
    const s = run(file, 'breaker opens and recovers');
    expect(s.notes.filter((n) => n.event === 'breaker').map((n) => `${n.data.from}→${n.data.to}`)).toEqual([
      'closed→open', 'open→half_open', 'half_open→closed',
    ]);
    const byTime = Object.fromEntries(s.calls.map((c) => [c.at, c.result]));
    expect(byTime[400]).toBe(':open');
    expect(byTime[450]).toBe('{:error, :circuit_open}');
    expect(byTime[1400]).toBe(':half_open');
    expect(byTime[1500]).toBe('{:ok, 200}');
    expect(byTime[1600]).toBe(':closed');
  });
  it('circuit breaker: a failed trial in half_open opens it again', () => {
    const spec = specOf(file);
    const fail = (at: number, rate: number) => ['http_1', 'http_2', 'http_3'].map((w) => ({ at, type: 'send' as const, target: `http_app/pool/http_pool/${w}`, message: ['fail_rate', rate] }));
    const req = (at: number) => ({ at, type: 'call' as const, target: 'http_app/breaker', message: ['request', ['get', '/x']], timeoutMs: 5000 });
    const s = new Simulation(spec, { seed: 3 }).run([...fail(0, 1), req(100), req(200), req(300), req(1500), { at: 1700, type: 'call', target: 'http_app/breaker', message: 'state', timeoutMs: 5000 }], 2000).summary;
    expect(s.notes.filter((n) => n.event === 'breaker').map((n) => n.data.to)).toEqual(['open', 'half_open', 'open']);
    expect(s.calls.at(-1)!.result).toBe(':open');
  });
  it('timeout and reset: the breaker waits timeoutMs before a trial; :reset closes it; a slow upstream times out', () => {
    const spec = specOf(file);
    const breaker = spec.roots[0].kind === 'supervisor' ? spec.roots[0].children[0] : undefined;
    expect(breaker && breaker.kind === 'worker' && breaker.params.timeoutMs).toBe(1000);
    const fail = ['http_1', 'http_2', 'http_3'].map((w) => ({ at: 0, type: 'send' as const, target: `http_app/pool/http_pool/${w}`, message: ['fail_rate', 1] }));
    const call = (at: number, message: unknown) => ({ at, type: 'call' as const, target: 'http_app/breaker', message, timeoutMs: 5000 });
    const s = new Simulation(spec, { seed: 1 }).run([
      ...fail, call(100, ['request', 'a']), call(200, ['request', 'b']), call(300, ['request', 'c']),
      call(1000, 'state'), call(1100, 'reset'), call(1110, 'state'),
    ], 1500).summary;
    const opened = s.notes.find((n) => n.data.to === 'open')!.t;
    expect(s.calls.find((c) => c.at === 1000)!.result).toBe(':open'); // less than timeoutMs after opening
    expect(1000 - opened).toBeLessThan(1000); // so the call at 1000 ms came before timeoutMs had passed
    expect(s.calls.find((c) => c.at === 1110)!.result).toBe(':closed');

    // a worker slower than its timeout answers {:error, :timeout}
    const slow = structuredClone(spec);
    const pool = (slow.roots[0] as { children: { children?: { children?: { params: Record<string, unknown> }[] }[] }[] }).children[1].children![0].children!;
    for (const w of pool) Object.assign(w.params, { latencyMs: 3000, timeoutMs: 500 });
    const t = new Simulation(slow, { seed: 1 }).run([call(100, ['request', 'slow'])], 2000).summary;
    expect(t.calls[0].result).toBe('{:error, :timeout}');
    expect(t.calls[0].doneAt - t.calls[0].at).toBeLessThan(700);
  });
  it('integration with the pool: requests are spread over all workers (least-loaded)', () => {
    const s = run(file, 'load test');
    const perWorker = ['http_1', 'http_2', 'http_3'].map((w) => s.counters[w].requests);
    for (const n of perWorker) expect(n).toBeGreaterThan(15);
    expect(perWorker.reduce((a, b) => a + b, 0)).toBe(s.counters.pool_manager.served + (s.counters.pool_manager.failed ?? 0));
  });
  it('crash scenario: killing the pool manager under load recovers without escalation', () => {
    const spec = specOf(file);
    const s = new Simulation(spec, { seed: 2 }).run([
      { at: 0, type: 'load', source: 'traffic', on: true }, { at: 500, type: 'kill', target: 'http_app/pool/pool_manager' },
      { at: 1000, type: 'load', source: 'traffic', on: false },
    ], 3000).summary;
    expect(restarts(s)).toMatchObject({ pool_manager: 1, breaker: 0, http_client: 0 });
    expect(s.escalations).toEqual([]);
    expect(s.counters.traffic.ok).toBeGreaterThan(s.counters.traffic.sent * 0.9);
  });
  it('load test: 50 req/s for 2 s with 10 % failures — retries hide them all', () => {
    const s = run(file, 'load test');
    const t = s.counters.traffic;
    expect(t.sent).toBeGreaterThanOrEqual(95);
    expect(t.ok).toBe(t.sent);
    expect(s.counters.http_client.retries).toBeGreaterThan(0);
    expect(s.rootGaveUp).toBe(false);
  });
});

describe('bonus features', () => {
  it('telemetry: about 30 % failures, the same numbers for the same seed', () => {
    const a = run('bonus-telemetry', 'measure failure rate', 7);
    const b = run('bonus-telemetry', 'measure failure rate', 7);
    expect(replies(a)).toEqual(replies(b));
    const m = /error: (\d+), ok: (\d+).*total: (\d+)/.exec(a.calls[0].result)!;
    const [err, ok, total] = [Number(m[1]), Number(m[2]), Number(m[3])];
    expect(total).toBe(a.counters.requests.sent);
    expect(err + ok).toBe(total);
    expect(err / total).toBeGreaterThan(0.15);
    expect(err / total).toBeLessThan(0.45);
  });
  it('adaptive pool: grows during the burst and shrinks back when idle', () => {
    const s = run('bonus-adaptive-pool', 'burst then idle');
    const [before, during, after] = s.calls.map((c) => Number(c.result));
    expect(before).toBe(1);
    expect(during).toBeGreaterThan(1);
    expect(during).toBeLessThanOrEqual(5);
    expect(after).toBe(1);
    expect(s.counters.burst.ok).toBe(s.counters.burst.sent);
  });
  it('priority queue: high first', () => {
    expect(replies(run('bonus-priority-queue', 'high first')).slice(3)).toEqual([':high', ':medium', ':low']);
  });
  it('request coalescer: three identical calls share one upstream call', () => {
    const s = run('bonus-request-coalescer', 'three callers, one upstream call');
    expect(replies(s).slice(0, 3)).toEqual(['{:get, :user_1}', '{:get, :user_1}', '{:get, :user_1}']);
    expect(s.calls.at(-1)!.result).toBe('%{coalesced: 2, requests: 4, upstream_calls: 2}');
    expect(new Set(s.calls.slice(0, 3).map((c) => c.doneAt)).size).toBe(1);
  });
  it('graceful shutdown: the requests in flight are answered before the worker exits', () => {
    const s = run('bonus-graceful-shutdown', 'drain on shutdown');
    expect(replies(s)).toEqual(['{:done, 300}', '{:done, 300}', '{:done, 300}']);
    expect(s.nodes.graceful.exits.map((e) => e.reason)).toEqual([':shutdown']);
    expect(s.notes.find((n) => n.event === 'drained')!.data).toMatchObject({ answered: 3, dropped: 0 });
  });
});

describe('chapter 9 preview', () => {
  it('one_for_all: one crash restarts every child', () => {
    expect(restarts(run('ch9-one-for-all', 'one crash restarts all'))).toMatchObject({ a: 1, b: 1, c: 1, all_sup: 0 });
  });
  it('rest_for_one: the failed child and the later ones restart, earlier ones stay', () => {
    expect(restarts(run('ch9-rest-for-one', 'kill the middle child'))).toMatchObject({ a: 0, b: 1, c: 1 });
  });
  it('nested escalation: the inner supervisor gives up, the root restarts it, the sibling is untouched', () => {
    const s = run('ch9-nested-escalation', 'escalate once');
    expect(s.escalations.map((e) => e.nodeId)).toEqual(['inner']);
    expect(restarts(s)).toMatchObject({ inner: 1, steady: 1, sibling: 0, root: 0 });
    expect(s.nodes.inner.exits.map((e) => e.reason)).toEqual([':shutdown']);
    expect(s.rootGaveUp).toBe(false);
  });
  it('DynamicSupervisor: a permanent child comes back, a temporary one does not', () => {
    const s = run('ch9-dynamic-supervisor', 'restart a dynamic child');
    expect(s.nodes.session_1).toMatchObject({ restarts: 1, status: 'running' });
    expect(s.nodes.session_2).toMatchObject({ restarts: 0, status: 'stopped' });
  });
});
