#!/usr/bin/env node
// `npm run bench`: the kernel workloads on our kernel, real BEAM (elixir), nact and xstate, in one run on this
// machine. Each (workload, system) pair runs in its own child process (fresh heap / fresh VM): a warm-up run, then
// measured runs, median reported. Prints a table and writes bench/results/latest.json. See docs/bench.md.
//
//   npm run bench [-- --only ring,call] [-- --quick]   (--quick: smaller sizes, for a smoke run; not comparable)
// Only a full run writes bench/results/latest.json (--only → partial.json, --quick → quick.json).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const onlyArg = argv.find((a, i) => argv[i - 1] === '--only');
const only = onlyArg ? onlyArg.split(',') : null;
const q = (full, small) => (quick ? small : full);

// Sizes per system. JS peers that handle one message per event-loop turn (nact) or are slow to create actors get
// smaller sizes: the figure is a rate (per second) or a per-process size, so it stays comparable; `notes` says so.
const WORKLOADS = [
  {
    name: 'ring', unit: 'hops/s', goal: '≥ 10× BEAM', better: 'higher', target: 10,
    args: { ours: [1000, q(1000, 50)], beam: [1000, q(1000, 50)], nact: [1000, q(100, 10)], xstate: [1000, q(20, 5)] },
    runs: 5,
  },
  {
    name: 'call', unit: 'calls/s', goal: '≥ 10× BEAM', better: 'higher', target: 10,
    args: { ours: [q(500000, 20000)], beam: [q(500000, 20000)], nact: [q(20000, 2000)], xstate: [q(20000, 2000)] },
    runs: 5,
  },
  {
    name: 'spawn', unit: 'spawns/s', goal: '≥ 10× BEAM, all 1M alive', better: 'higher', target: 10,
    args: { ours: [q(1000000, 50000)], beam: [q(1000000, 50000)], nact: [q(50000, 5000)], xstate: [q(20000, 2000)] },
    runs: 1,
  },
  {
    name: 'bytes_per_process', unit: 'B', goal: '≤ 300 B', better: 'lower', limit: 300,
    args: { ours: [q(1000000, 50000)], beam: [q(1000000, 50000)], nact: [q(50000, 5000)], xstate: [q(20000, 2000)] },
    runs: 1,
  },
  {
    name: 'restart_storm', unit: 'restarts/s', goal: '≥ 100× BEAM', better: 'higher', target: 100,
    args: { ours: [q(10000, 1000)], beam: [q(10000, 1000)], nact: [q(10000, 1000)], xstate: null },
    runs: 5,
  },
  {
    name: 'restart_cost', unit: 'cost/restart at 100k ÷ at 1k', goal: '≤ 2×', better: 'lower', limit: 2,
    args: { ours: [1000, q(100000, 10000)], beam: null, nact: null, xstate: null },
    runs: 3,
  },
];

const NOTES = {
  ring: 'nact: 1,000 × 100 laps, xstate: 1,000 × 20 laps (rates).',
  call: 'nact: query() round trips; xstate: request event with the sender ref + reply event (no call primitive). nact/xstate: 20,000 calls (rate).',
  spawn: 'nact: 50,000 actors, xstate: 20,000 actors (rate; 1M would take minutes).',
  bytes_per_process: 'Node: heapUsed delta after gc() with every process referenced from an array; BEAM: :erlang.memory(:total) delta. nact at 50,000, xstate at 20,000.',
  restart_storm: 'nact: crash by message + onCrash reset policy (its restart); xstate has no supervision (null).',
  restart_cost: 'BEAM not run at 100k: OTP 25 supervisor filters its restart list on every restart (O(restarts in window)), so 100k restarts take minutes; nact not measured.',
};

function version(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    return null;
  }
}

function machine() {
  const otp = version('erl', ['-noshell', '-eval', 'io:format("~s", [erlang:system_info(otp_release)]), halt().']);
  const elixir = version('elixir', ['-e', 'IO.write(System.version())']);
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memory_gb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    otp,
    elixir,
    loadavg_start: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/** Run one workload on one system in a child process; returns {median, runs, extra} or {error}. */
function runChild(system, w, args) {
  const common = [w.name, String(w.runs), ...args.map(String)];
  let cmd, cmdArgs;
  if (system === 'beam') {
    cmd = 'elixir';
    cmdArgs = ['--erl', '+P 4000000', join(root, 'bench/beam/bench.exs'), ...common];
  } else {
    cmd = process.execPath;
    cmdArgs = ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', join(root, 'bench/harness.ts'), system, ...common];
  }
  const t0 = Date.now();
  const r = spawnSync(cmd, cmdArgs, { cwd: root, encoding: 'utf8', timeout: 600_000, maxBuffer: 1 << 24 });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (r.status !== 0) {
    const why = r.error ? r.error.message : (r.stderr || '').trim().split('\n').slice(-3).join(' | ');
    process.stderr.write(`  ${w.name} on ${system}: FAILED (${secs}s): ${why}\n`);
    return { error: why };
  }
  const line = r.stdout.trim().split('\n').pop() ?? '';
  let res;
  try {
    res = JSON.parse(line);
  } catch {
    const why = `no result line (stdout ${JSON.stringify(r.stdout.slice(-200))}, stderr ${JSON.stringify((r.stderr || '').slice(-300))}, signal ${r.signal})`;
    process.stderr.write(`  ${w.name} on ${system}: FAILED (${secs}s): ${why}\n`);
    return { error: why };
  }
  process.stderr.write(`  ${w.name} on ${system}: ${fmtNum(res.median)} ${w.unit} (${secs}s)\n`);
  return res;
}

function fmtNum(x) {
  if (x === null || x === undefined) return '—';
  if (Math.abs(x) >= 1e6) return `${(x / 1e6).toFixed(2)}M`;
  if (Math.abs(x) >= 1e4) return `${(x / 1e3).toFixed(0)}k`;
  if (Math.abs(x) >= 100) return x.toFixed(0);
  return x.toFixed(2);
}

function main() {
  const m = machine();
  const started = Date.now();
  const rows = [];
  for (const w of WORKLOADS) {
    if (only && !only.includes(w.name)) continue;
    const row = { name: w.name, unit: w.unit, ours: null, beam: null, nact: null, xstate: null, ratio: null, goal: w.goal, met: null, notes: NOTES[w.name] };
    const details = {};
    for (const system of ['ours', 'beam', 'nact', 'xstate']) {
      const args = w.args[system];
      if (!args) continue;
      const res = runChild(system === 'ours' ? 'kernel' : system, w, args);
      if (res.error) {
        details[system] = { error: res.error };
        continue;
      }
      row[system] = res.median;
      details[system] = { args, runs: res.runs, ...(Object.keys(res.extra ?? {}).length ? { extra: res.extra } : {}) };
    }
    if (row.ours !== null && row.beam !== null) row.ratio = row.ours / row.beam;
    if (w.target !== undefined && row.ratio !== null) row.met = row.ratio >= w.target;
    if (w.limit !== undefined && row.ours !== null) row.met = row.ours <= w.limit;
    row.details = details;
    rows.push(row);
  }
  m.loadavg_end = os.loadavg().map((x) => Math.round(x * 100) / 100);
  m.seconds = Math.round((Date.now() - started) / 1000);
  m.quick = quick;

  const head = ['workload', 'unit', 'ours', 'BEAM', 'nact', 'xstate', 'ours÷BEAM', 'goal', 'met'];
  const body = rows.map((r) => [
    r.name, r.unit, fmtNum(r.ours), fmtNum(r.beam), fmtNum(r.nact), fmtNum(r.xstate),
    r.ratio === null ? '—' : `${r.ratio.toFixed(r.ratio < 10 ? 2 : 1)}×`, r.goal, r.met === null ? '—' : r.met ? 'yes' : 'NO',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  console.log(`\n${m.cpu}, ${m.cores} cores, node ${m.node}, OTP ${m.otp}, Elixir ${m.elixir}; load ${m.loadavg_start.join(' ')} → ${m.loadavg_end.join(' ')}; ${m.seconds}s${quick ? ' (QUICK sizes)' : ''}`);
  console.log(line(head));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const b of body) console.log(line(b));

  const outDir = join(root, 'bench/results');
  mkdirSync(outDir, { recursive: true });
  // only a full run (all workloads, full sizes) replaces latest.json
  const file = join(outDir, quick ? 'quick.json' : only ? 'partial.json' : 'latest.json');
  writeFileSync(file, JSON.stringify({ machine: m, workloads: rows }, null, 2) + '\n');
  console.log(`\nwrote ${file}`);
}

main();
