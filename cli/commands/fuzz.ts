// `supervisor-studio fuzz [--runs N] [--seed S] [--parallel P] [--no-shrink] [--save]` (also `npm run fuzz -- ...`):
// the differential fuzzer. Generates scenarios from consecutive seeds, runs them on real OTP (many per VM, through
// runtime/conformance/fuzz/otp_batch.exs, P VMs at once) and on the kernel, compares the logs byte for byte, shrinks
// each mismatch to a small scenario and (with --save) writes it to runtime/conformance/regressions/NN-name.json
// with the `.expected` real OTP printed. See docs/fuzz.md.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScenario } from '../../runtime/conformance/index';
import { generateScenario } from '../../runtime/conformance/fuzz/generate';
import { scenarioText, type Scenario } from '../../runtime/conformance/fuzz/scenario';
import { shrink } from '../../runtime/conformance/fuzz/shrink';
import { lineDiff } from './conformance';
import { elixirOnPath, parseFuzzArgs, runElixirBatch, stopVmsOnSignal } from '../lib/elixir-batch';
import type { Command } from './types';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BATCH_SCRIPT = join(repoRoot, 'runtime/conformance/fuzz/otp_batch.exs');
export const REGRESSIONS_DIR = join(repoRoot, 'runtime/conformance/regressions');

/** The shared conformance folder (otp_runner.exs, public/): $SUPERVISOR_STUDIO_SHARED or ../shared. */
export function sharedConformanceDir(): string {
  return join(process.env.SUPERVISOR_STUDIO_SHARED ?? resolve(repoRoot, '../shared'), 'conformance');
}

export function elixirAvailable(): boolean {
  return elixirOnPath() && existsSync(join(sharedConformanceDir(), 'otp_runner.exs'));
}

export type OtpResult = ({ ok: true; log: string } | { ok: false; error: string }) & { ms?: number };

/** Parse otp_batch.exs output: `#<bytes> <ok|error> <ms> <path>\n` + that many bytes, per scenario. */
export function parseBatchOutput(buf: Buffer): Map<string, OtpResult> {
  const out = new Map<string, OtpResult>();
  let i = 0;
  while (i < buf.length) {
    const nl = buf.indexOf(10, i);
    const m = nl < 0 ? null : /^#(\d+) (ok|error) (\d+) (.*)$/.exec(buf.subarray(i, nl).toString('utf8'));
    if (!m) throw new Error(`otp_batch: unexpected output at byte ${i}: ${buf.subarray(i, i + 80).toString('utf8')}`);
    const body = buf.subarray(nl + 1, nl + 1 + Number(m[1])).toString('utf8');
    out.set(m[4], m[2] === 'ok' ? { ok: true, log: body, ms: Number(m[3]) } : { ok: false, error: body, ms: Number(m[3]) });
    i = nl + 1 + Number(m[1]);
  }
  return out;
}

async function runVm(files: string[]): Promise<Map<string, OtpResult>> {
  const runner = join(sharedConformanceDir(), 'otp_runner.exs');
  return parseBatchOutput(await runElixirBatch([BATCH_SCRIPT, runner, ...files], 'otp_batch'));
}

/**
 * Run scenario files (or scenarios, written to a temp folder) on real OTP: `parallel` VMs at once, each running a
 * contiguous share of the list (at most `perVm` scenarios per VM invocation). Results come back in input order.
 */
export async function runOtp(input: Array<Scenario | string>, opts: { parallel?: number; perVm?: number } = {}): Promise<OtpResult[]> {
  const parallel = Math.max(1, opts.parallel ?? 2);
  const perVm = opts.perVm ?? 400;
  const tmp = mkdtempSync(join(tmpdir(), 'fuzz-'));
  try {
    const files = input.map((s, i) => {
      if (typeof s === 'string') return resolve(s);
      const f = join(tmp, `s${String(i).padStart(5, '0')}.json`);
      writeFileSync(f, scenarioText(s));
      return f;
    });
    const share = Math.min(perVm, Math.ceil(files.length / parallel));
    const groups: string[][] = [];
    for (let i = 0; i < files.length; i += share) groups.push(files.slice(i, i + share));
    const results = new Map<string, OtpResult>();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < groups.length) {
        const g = groups[next++];
        for (const [k, v] of await runVm(g)) results.set(k, v);
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, groups.length) }, worker));
    return files.map((f) => results.get(f) ?? { ok: false, error: `no result for ${f}` });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Run a scenario on the kernel: its log, or the error the interpreter threw. */
export function runKernel(s: Scenario | string): { ok: true; log: string } | { ok: false; error: string } {
  try {
    return { ok: true, log: runScenario(typeof s === 'string' ? s : (s as unknown)) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/** A scenario OTP ran fine on while the kernel printed something else (or threw). */
export function diverges(otp: OtpResult, s: Scenario): boolean {
  if (!otp.ok) return false;
  const k = runKernel(s);
  return !k.ok || k.log !== otp.log;
}

export interface Mismatch {
  seed: number;
  scenario: Scenario;
  otp: string;
  ours: string;
  shrunk?: { scenario: Scenario; otp: string; ours: string; file?: string };
}

export interface FuzzReport {
  runs: number;
  valid: number;
  invalid: Array<{ seed: number; error: string }>;
  mismatches: Mismatch[];
  seconds: number;
}

export interface FuzzOptions {
  runs: number;
  seed: number;
  parallel?: number;
  shrink?: boolean;
  /** Write shrunk mismatches to the regressions folder. */
  save?: boolean;
  /** Shrink at most this many mismatches (default 3). */
  maxShrinks?: number;
  log?: (line: string) => void;
}

/** Generate, run on OTP and on the kernel, compare; shrink and save what diverges. */
export async function fuzz(o: FuzzOptions): Promise<FuzzReport> {
  const t0 = Date.now();
  const log = o.log ?? (() => {});
  const seeds = Array.from({ length: o.runs }, (_, i) => o.seed + i);
  const scenarios = seeds.map((s) => generateScenario(s));
  log(`running ${o.runs} scenarios (seeds ${o.seed}..${o.seed + o.runs - 1}) on OTP (${o.parallel ?? 2} VMs) and on the kernel`);
  const otp = await runOtp(scenarios, { parallel: o.parallel });
  const report: FuzzReport = { runs: o.runs, valid: 0, invalid: [], mismatches: [], seconds: 0 };
  scenarios.forEach((s, i) => {
    const r = otp[i];
    if (!r.ok) {
      report.invalid.push({ seed: seeds[i], error: r.error.trim().split('\n').slice(0, 3).join(' | ') });
      return;
    }
    report.valid++;
    const k = runKernel(s);
    const ours = k.ok ? k.log : `(kernel threw) ${k.error}\n`;
    if (ours !== r.log) report.mismatches.push({ seed: seeds[i], scenario: s, otp: r.log, ours });
  });
  log(`${report.valid} valid, ${report.invalid.length} rejected by OTP, ${report.mismatches.length} divergent`);
  if (o.shrink !== false) {
    for (const m of report.mismatches.slice(0, o.maxShrinks ?? 3)) {
      log(`shrinking seed ${m.seed} ...`);
      const res = await shrink(m.scenario, async (batch) => (await runOtp(batch, { parallel: o.parallel })).map((r, i) => diverges(r, batch[i])), {
        onStep: (_s, size) => log(`  seed ${m.seed}: size ${size}`),
      });
      // confirm: OTP prints the same log twice for the shrunk scenario (no scheduling dependence)
      const [a, b] = await runOtp([res.scenario, res.scenario], { parallel: 2 });
      const stable = a.ok && b.ok && a.log === b.log;
      const sc = stable ? res.scenario : m.scenario;
      const otpLog = stable && a.ok ? a.log : m.otp;
      const k = runKernel(sc);
      m.shrunk = { scenario: sc, otp: otpLog, ours: k.ok ? k.log : `(kernel threw) ${k.error}\n` };
      if (o.save) m.shrunk.file = saveRegression(sc, otpLog, `fuzz-seed${m.seed}`, m.shrunk.ours);
    }
  }
  report.seconds = Math.round((Date.now() - t0) / 1000);
  return report;
}

/** Save a scenario + OTP's log as the next NN-name.json / .expected in the regressions folder. */
export function saveRegression(s: Scenario, otpLog: string, name: string, ours?: string, dir = REGRESSIONS_DIR): string {
  mkdirSync(dir, { recursive: true });
  const nums = readdirSync(dir).map((f) => /^(\d+)-/.exec(f)?.[1]).filter(Boolean).map(Number);
  const nn = String((nums.length ? Math.max(...nums) : 0) + 1).padStart(2, '0');
  const base = `${nn}-${name}`;
  const firstDiff = ours === undefined ? '' : ` First difference: ${lineDiff(otpLog, ours).split('\n').slice(1).join(' / ')}`;
  const doc: Scenario = { ...s, name: base, description: `Found by the differential fuzzer (${name}), shrunk.${firstDiff}` };
  writeFileSync(join(dir, `${base}.json`), scenarioText(doc));
  writeFileSync(join(dir, `${base}.expected`), otpLog);
  return join(dir, `${base}.json`);
}

function parseArgs(args: readonly string[]): FuzzOptions | string {
  const a = parseFuzzArgs(args, 200);
  if (typeof a === 'string') return a;
  const { extra: _none, ...common } = a;
  return common;
}

export const fuzzCommand: Command = {
  summary: 'differential fuzzer: random scenarios on real OTP and on the kernel (--runs N --seed S --save)',
  async run(args) {
    const o = parseArgs(args);
    if (typeof o === 'string') {
      process.stderr.write(`${o}\nusage: supervisor-studio fuzz [--runs N] [--seed S] [--parallel P] [--no-shrink] [--save]\n`);
      return 2;
    }
    if (!elixirAvailable()) {
      process.stderr.write(`fuzz needs elixir on PATH and ${join(sharedConformanceDir(), 'otp_runner.exs')}\n`);
      return 2;
    }
    stopVmsOnSignal();
    const r = await fuzz({ ...o, log: (l) => process.stderr.write(l + '\n') });
    for (const inv of r.invalid) process.stdout.write(`rejected by OTP: seed ${inv.seed}: ${inv.error}\n`);
    for (const m of r.mismatches) {
      process.stdout.write(`\nDIVERGENCE seed ${m.seed}\n${lineDiff(m.otp, m.ours)}\n`);
      if (m.shrunk) {
        process.stdout.write(`shrunk scenario${m.shrunk.file ? ` (saved as ${m.shrunk.file})` : ''}:\n${scenarioText(m.shrunk.scenario)}`);
        process.stdout.write(`OTP:\n${m.shrunk.otp}kernel:\n${m.shrunk.ours}`);
      }
    }
    process.stdout.write(`\n${r.runs} scenarios, ${r.valid} valid, ${r.invalid.length} rejected by OTP, ${r.mismatches.length} divergent (${r.seconds}s)\n`);
    return r.mismatches.length || r.invalid.length ? 1 : 0;
  },
};
