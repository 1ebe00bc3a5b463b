// `supervisor-studio fuzz-designs [--runs N] [--seed S] [--parallel P] [--no-shrink] [--save]` (also
// `npm run fuzz:designs -- ...`): the design-level differential test. Generates random designs with fault schedules
// (runtime/conformance/designs/generate.ts), runs each on the simulator and — exported to Elixir — on real OTP
// (many designs per VM through design_batch.exs), compares their projections (project.ts), confirms a divergence
// by running OTP again, shrinks it and (with --save) writes it to runtime/conformance/designs/regressions/.
// See docs/fuzz-designs.md.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportElixir } from '../../runtime/codegen/elixir';
import type { DesignDocument } from '../../runtime/design/document';
import { compile } from '../../runtime/design/spec';
import { generateDesign } from '../../runtime/conformance/designs/generate';
import { parseOtpBatch, parseOtpEvents, projection, settleTimes, simulatorProjection, withPrefix } from '../../runtime/conformance/designs/project';
import { shrinkDesign } from '../../runtime/conformance/designs/shrink';
import { elixirOnPath, parseFuzzArgs, runElixirBatch, stopVmsOnSignal } from '../lib/elixir-batch';
import type { Command } from './types';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DESIGN_BATCH = join(repoRoot, 'runtime/conformance/designs/design_batch.exs');
export const DESIGN_REGRESSIONS = join(repoRoot, 'runtime/conformance/designs/regressions');

/** elixir on PATH (the design fuzzer needs nothing from shared/). */
export const elixirInstalled = elixirOnPath;

export type OtpRun = { ok: true; lines: string[] } | { ok: false; error: string };

const runVm = async (dirs: string[]): Promise<string> => (await runElixirBatch([DESIGN_BATCH, ...dirs], 'design_batch')).toString('utf8');

/**
 * Runs designs (already settled) as Elixir exports on real OTP: `parallel` VMs, each a contiguous share of the
 * list (at most `perVm` designs per VM). Returns, per design in input order, its projection (names unprefixed) or
 * the error.
 */
export async function runDesignsOnOtp(designs: DesignDocument[], opts: { parallel?: number; perVm?: number } = {}): Promise<OtpRun[]> {
  const parallel = Math.max(1, opts.parallel ?? 2);
  const perVm = opts.perVm ?? 250;
  const tmp = mkdtempSync(join(tmpdir(), 'fuzz-designs-'));
  try {
    const dirs = designs.map((d, i) => {
      const prefix = `q${i}_`;
      const dir = join(tmp, `d${i}`);
      const { files } = exportElixir(withPrefix(d, prefix), { appName: `dfz_${i}` });
      for (const [p, text] of Object.entries(files)) {
        if (!p.startsWith('lib/')) continue;
        mkdirSync(dirname(join(dir, p)), { recursive: true });
        writeFileSync(join(dir, p), text);
      }
      const app = /^defmodule (\S+) do$/m.exec(files[`lib/dfz_${i}.ex`] ?? '')?.[1];
      if (!app) throw new Error(`export of design ${i}: no lib/dfz_${i}.ex`);
      writeFileSync(join(dir, 'app'), app);
      writeFileSync(join(dir, 'prefix'), prefix);
      return dir;
    });
    const share = Math.min(perVm, Math.ceil(dirs.length / parallel));
    const groups: string[][] = [];
    for (let i = 0; i < dirs.length; i += share) groups.push(dirs.slice(i, i + share));
    const results = new Map<string, OtpRun>();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < groups.length) {
        const g = groups[next++];
        const text = await runVm(g);
        if (process.env.FUZZ_DESIGNS_KEEP) writeFileSync(`${g[0]}.out`, text);
        for (const [dir, r] of parseOtpBatch(text)) {
          const i = Number(/d(\d+)$/.exec(dir)![1]);
          const prefix = `q${i}_`;
          const { events, errors } = parseOtpEvents(r.lines);
          if (r.status !== 'ok' || errors.length) {
            results.set(dir, { ok: false, error: errors.join(' / ') || 'failed' });
            continue;
          }
          const spec = compile(withPrefix(designs[i], prefix));
          results.set(dir, { ok: true, lines: projection(events, spec).map((l) => l.replaceAll(prefix, '')) });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, groups.length) }, worker));
    return dirs.map((dir) => results.get(dir) ?? { ok: false, error: `no result for ${dir}` });
  } finally {
    // FUZZ_DESIGNS_KEEP=1 keeps the exported designs and each VM's raw output (<first dir>.out) for a look
    if (process.env.FUZZ_DESIGNS_KEEP) process.stderr.write(`kept ${tmp}\n`);
    else rmSync(tmp, { recursive: true, force: true });
  }
}

/** A design settled (command times spread) from a seed, or why it could not be. */
export function designForSeed(seed: number): DesignDocument | string {
  try {
    return settleTimes(generateDesign(seed));
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Lines only in `a` (`-`) or only in `b` (`+`). */
export function projectionDiff(otp: readonly string[], sim: readonly string[]): string {
  const a = new Set(otp);
  const b = new Set(sim);
  return [...otp.filter((l) => !b.has(l)).map((l) => `- ${l}`), ...sim.filter((l) => !a.has(l)).map((l) => `+ ${l}`)].join('\n');
}

export interface DesignDivergence {
  seed: number;
  design: DesignDocument;
  otp: string[];
  sim: string[];
  /** OTP printed something else the second time: the design depends on scheduling (a generator slip). */
  flaky: boolean;
  shrunk?: { design: DesignDocument; otp: string[]; sim: string[]; file?: string };
}

export interface DesignFuzzReport {
  runs: number;
  compared: number;
  skipped: Array<{ seed: number; why: string }>;
  otpErrors: Array<{ seed: number; error: string }>;
  divergences: DesignDivergence[];
  /** Seeds whose first OTP run differed but a re-run matched the simulator (the machine's load delayed a command). */
  transient: number[];
  seconds: number;
}

export interface DesignFuzzOptions {
  /** Re-run the saved regressions on OTP instead of generating designs. */
  regressions?: boolean;
  runs: number;
  seed: number;
  parallel?: number;
  shrink?: boolean;
  save?: boolean;
  maxShrinks?: number;
  log?: (line: string) => void;
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((l, i) => l === b[i]);

export async function fuzzDesigns(o: DesignFuzzOptions): Promise<DesignFuzzReport> {
  const t0 = Date.now();
  const log = o.log ?? (() => {});
  const report: DesignFuzzReport = { runs: o.runs, compared: 0, skipped: [], otpErrors: [], divergences: [], transient: [], seconds: 0 };
  const designs: { seed: number; design: DesignDocument }[] = [];
  for (let s = o.seed; s < o.seed + o.runs; s++) {
    const d = designForSeed(s);
    if (typeof d === 'string') report.skipped.push({ seed: s, why: d });
    else designs.push({ seed: s, design: d });
  }
  log(`running ${designs.length} designs (seeds ${o.seed}..${o.seed + o.runs - 1}) on OTP (${o.parallel ?? 2} VMs) and on the simulator`);
  const otp = await runDesignsOnOtp(designs.map((d) => d.design), { parallel: o.parallel });
  const suspects: DesignDivergence[] = [];
  designs.forEach(({ seed, design }, i) => {
    const r = otp[i];
    if (!r.ok) return void report.otpErrors.push({ seed, error: r.error });
    report.compared++;
    const sim = simulatorProjection(design);
    if (!same(sim, r.lines)) suspects.push({ seed, design, otp: r.lines, sim, flaky: false });
  });
  if (suspects.length) {
    // run each twice more on OTP (one VM, so less contention): if either run matches the simulator the first was
    // disturbed by the machine's load (a transient); if both agree with each other the divergence is confirmed;
    // otherwise OTP itself is not deterministic on the design (a generator slip)
    log(`${suspects.length} divergent; running them on OTP twice more`);
    const again = await runDesignsOnOtp(suspects.flatMap((s) => [s.design, s.design]), { parallel: 1 });
    suspects.forEach((s, i) => {
      const [b, c] = [again[2 * i], again[2 * i + 1]];
      if ((b.ok && same(b.lines, s.sim)) || (c.ok && same(c.lines, s.sim))) return void report.transient.push(s.seed);
      if (b.ok && c.ok && same(b.lines, c.lines)) s.otp = b.lines;
      else s.flaky = true;
      report.divergences.push(s);
    });
  }
  log(`${report.compared} compared, ${report.divergences.length} divergent (${report.divergences.filter((s) => s.flaky).length} of them OTP-unstable), ${report.transient.length} transient, ${report.otpErrors.length} OTP errors, ${report.skipped.length} skipped`);
  if (o.shrink !== false) {
    for (const d of report.divergences.filter((s) => !s.flaky).slice(0, o.maxShrinks ?? 3)) {
      log(`shrinking seed ${d.seed} ...`);
      const res = await shrinkDesign(d.design, async (batch) => {
        const runs = await runDesignsOnOtp(batch, { parallel: o.parallel });
        return runs.map((r, i) => r.ok && !same(r.lines, simulatorProjection(batch[i])));
      }, { onStep: (x) => log(`  seed ${d.seed}: ${x.nodes.length} nodes, ${x.scenarios[0].commands.length} commands`) });
      // keep the shrunk design only if OTP prints the same twice
      const [a, b] = await runDesignsOnOtp([res.design, res.design], { parallel: 2 });
      const stable = a.ok && b.ok && same(a.lines, b.lines);
      const design = stable ? res.design : d.design;
      const otpLines = stable && a.ok ? a.lines : d.otp;
      d.shrunk = { design, otp: otpLines, sim: simulatorProjection(design) };
      if (o.save) d.shrunk.file = saveDesignRegression(design, otpLines, `seed${d.seed}`);
    }
  }
  report.seconds = Math.round((Date.now() - t0) / 1000);
  return report;
}

/** Saves a design and OTP's projection as NN-name.json / .expected in the design regressions folder. */
export function saveDesignRegression(design: DesignDocument, otp: readonly string[], name: string, dir = DESIGN_REGRESSIONS): string {
  mkdirSync(dir, { recursive: true });
  const nums = readdirSync(dir).map((f) => /^(\d+)-/.exec(f)?.[1]).filter(Boolean).map(Number);
  const base = `${String((nums.length ? Math.max(...nums) : 0) + 1).padStart(2, '0')}-${name}`;
  const diff = projectionDiff(otp, simulatorProjection(design));
  writeFileSync(join(dir, `${base}.json`), `${JSON.stringify({ ...design, title: base, lesson: `Found by fuzz:designs, shrunk. OTP (-) vs simulator (+) when found:\n${diff}` }, null, 1)}\n`);
  writeFileSync(join(dir, `${base}.expected`), `${otp.join('\n')}\n`);
  return join(dir, `${base}.json`);
}

/** The saved regressions: name → design and expected projection. */
export function loadDesignRegressions(dir = DESIGN_REGRESSIONS): { name: string; design: DesignDocument; expected: string[] }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => ({
    name: f.replace(/\.json$/, ''),
    design: JSON.parse(readFileSync(join(dir, f), 'utf8')) as DesignDocument,
    expected: readFileSync(join(dir, f.replace(/\.json$/, '.expected')), 'utf8').replace(/\n$/, '').split('\n'),
  }));
}

/** `--regressions`: runs every saved regression on OTP again; prints where OTP now prints something else than its
 *  .expected (with --save: rewrites the .expected, e.g. after an export fix). Exit code 1 on a difference. */
async function checkRegressions(save: boolean, parallel: number): Promise<number> {
  const regs = loadDesignRegressions();
  const otp = await runDesignsOnOtp(regs.map((r) => r.design), { parallel });
  let bad = 0;
  regs.forEach((r, i) => {
    const o = otp[i];
    if (!o.ok) return void (bad++, process.stdout.write(`${r.name}: OTP error ${o.error}\n`));
    const sim = simulatorProjection(r.design);
    const note = same(o.lines, sim) ? 'simulator agrees' : `simulator differs:\n${projectionDiff(o.lines, sim)}`;
    if (same(o.lines, r.expected)) return void process.stdout.write(`${r.name}: OTP prints its .expected; ${note}\n`);
    bad++;
    process.stdout.write(`${r.name}: OTP now prints something else than its .expected:\n${projectionDiff(o.lines, r.expected)}\n`);
    if (save) writeFileSync(join(DESIGN_REGRESSIONS, `${r.name}.expected`), `${o.lines.join('\n')}\n`);
  });
  process.stdout.write(`${regs.length} regressions, ${bad} differ from OTP${save && bad ? ' (rewritten)' : ''}\n`);
  return bad && !save ? 1 : 0;
}

function parseArgs(args: readonly string[]): DesignFuzzOptions | string {
  const a = parseFuzzArgs(args, 100, { 'max-shrinks': 'number', regressions: 'boolean' });
  if (typeof a === 'string') return a;
  const { extra, ...common } = a;
  return { ...common, maxShrinks: extra['max-shrinks'] as number | undefined, regressions: extra.regressions === true };
}

export const fuzzDesignsCommand: Command = {
  summary: 'design-level differential test: random designs on the simulator and exported to Elixir on real OTP (--runs N --seed S --save)',
  async run(args) {
    const o = parseArgs(args);
    if (typeof o === 'string') {
      process.stderr.write(`${o}\nusage: supervisor-studio fuzz-designs [--runs N] [--seed S] [--parallel P] [--no-shrink] [--max-shrinks K] [--save] | --regressions [--save]\n`);
      return 2;
    }
    if (!elixirInstalled()) {
      process.stderr.write('fuzz-designs needs elixir (Elixir 1.14 on Erlang/OTP 25) on PATH\n');
      return 2;
    }
    stopVmsOnSignal();
    if (o.regressions) return checkRegressions(o.save ?? false, o.parallel ?? 2);
    const r = await fuzzDesigns({ ...o, log: (l) => process.stderr.write(l + '\n') });
    for (const s of r.skipped) process.stdout.write(`skipped seed ${s.seed}: ${s.why}\n`);
    for (const e of r.otpErrors) process.stdout.write(`OTP error, seed ${e.seed}: ${e.error}\n`);
    for (const d of r.divergences) {
      process.stdout.write(`\nDIVERGENCE seed ${d.seed}${d.flaky ? ' (OTP printed something else on each run: scheduling-dependent, a generator slip)' : ''}\n${projectionDiff(d.otp, d.sim)}\n`);
      if (d.shrunk) {
        process.stdout.write(`shrunk design${d.shrunk.file ? ` (saved as ${d.shrunk.file})` : ''}:\n${JSON.stringify({ nodes: d.shrunk.design.nodes, edges: d.shrunk.design.edges, commands: d.shrunk.design.scenarios[0].commands })}\n`);
        process.stdout.write(`OTP (-) vs simulator (+):\n${projectionDiff(d.shrunk.otp, d.shrunk.sim)}\n`);
      }
    }
    const stable = r.divergences.filter((d) => !d.flaky).length;
    process.stdout.write(`\n${r.runs} designs, ${r.compared} compared, ${stable} divergent, ${r.divergences.length - stable} OTP-unstable, ${r.transient.length} transient${r.transient.length ? ` (seeds ${r.transient.join(', ')})` : ''}, ${r.otpErrors.length} OTP errors, ${r.skipped.length} skipped (${r.seconds}s)\n`);
    return r.divergences.length || r.otpErrors.length ? 1 : 0;
  },
};
