// Run on BEAM: the current design's Elixir export (runtime/codegen/elixir), compiled in a temp folder outside the
// repository and started on a fresh local named node with a random cookie, then attached like any other node; and
// the side-by-side check: one scenario on the studio's simulator and on real OTP (the export's `mix scenario`), both
// in the one event format every export prints (docs/export.md, runtime/codegen/events.ts), compared as the export's
// own tests compare them. Stopping removes the node and the temp folder.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { exportElixir } from '../runtime/codegen/elixir';
import { comparableLines, simulatorLines } from '../runtime/codegen/events';
import { toSpec, type SpecInput } from '../runtime/codegen/input';
import { flattenSpec, type RuntimeSpec } from '../runtime/design/spec';
import { BeamBridge, BridgeError } from './client';
import { pidsByPath, type LiveTree } from './protocol';

const execFileP = promisify(execFile);

export interface RunOptions {
  elixir?: string;
  mix?: string;
  /** Progress lines (compiling, starting, attached). */
  log?: (line: string) => void;
}

/** Write the design's mix project into a fresh temp folder (outside the repository) and compile it. */
export async function exportAndCompile(spec: RuntimeSpec, opts: RunOptions = {}): Promise<{ dir: string; app: string }> {
  const { files } = exportElixir(spec);
  const dir = mkdtempSync(join(tmpdir(), 'studio-beam-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const app = /app: :"?([a-z0-9_]+)"?/.exec(files['mix.exs'])?.[1] ?? 'app';
    opts.log?.(`compiling the Elixir export in ${dir}`);
    await execFileP(opts.mix ?? 'mix', ['compile'], { cwd: dir, env: mixEnv(), timeout: 300_000, maxBuffer: 16 << 20 }).catch((e: { stdout?: string; stderr?: string; message: string }) => {
      throw new BridgeError(`mix compile failed: ${(e.stderr || e.stdout || e.message).trim().split('\n').slice(-8).join('\n')}`);
    });
    return { dir, app };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

const mixEnv = (extra: Record<string, string> = {}) => ({ ...process.env, HEX_OFFLINE: '1', MIX_ENV: 'dev', ...extra });

export interface BeamRun {
  /** The node running the design (`studio_run_<hex>@host`). */
  node: string;
  bridge: BeamBridge;
  /** The OTP application the export defines. */
  app: string;
  /** Live tree path (`app/child/…`, bridge/protocol.ts pidsByPath) → the design's path (`root/child/…`). */
  designPaths: Record<string, string>;
  /** Detach, stop the node, remove the temp folder. */
  stop(): Promise<void>;
}

/** Live paths of the running export mapped to the design's paths: one root is the application's root supervisor;
 *  several roots run under one supervisor of the application's. */
export function designPathsOf(tree: LiveTree, app: string, spec: RuntimeSpec): Record<string, string> {
  const design = new Set(flattenSpec(spec).map((c) => c.path));
  const out: Record<string, string> = {};
  const single = spec.roots.length === 1 ? spec.roots[0].path : undefined;
  for (const live of pidsByPath(tree).keys()) {
    if (live !== app && !live.startsWith(`${app}/`)) continue;
    const rest = live.slice(app.length + 1);
    const candidate = single ? (live === app ? single : `${single}/${rest}`) : rest;
    if (design.has(candidate)) out[live] = candidate;
  }
  return out;
}

/** Compile the design's Elixir export, start it on a fresh local node (random name and cookie) and attach. */
export async function runOnBeam(input: SpecInput, opts: RunOptions = {}): Promise<BeamRun> {
  const spec = toSpec(input);
  const { dir, app } = await exportAndCompile(spec, opts);
  const name = `studio_run_${randomBytes(4).toString('hex')}`;
  const cookie = randomBytes(18).toString('hex'); // hex: a cookie starting with '-' would read as a flag
  let child: ChildProcess | undefined;
  const kill = () => {
    if (child?.pid && child.exitCode === null && child.signalCode === null) {
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    }
  };
  const cleanup = () => {
    kill();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    opts.log?.(`starting ${name} (the export's application)`);
    // the cookie goes in the environment (ERL_AFLAGS), never on a command line that `ps` shows
    child = spawn(opts.elixir ?? 'elixir', ['--sname', name, '-S', 'mix', 'run', '--no-halt', '--no-compile', '-e', 'IO.puts("STUDIO_NODE_UP " <> Atom.to_string(node()))'], {
      cwd: dir, env: mixEnv({ ERL_AFLAGS: `-setcookie ${cookie}` }), stdio: ['ignore', 'pipe', 'pipe'], detached: true,
    });
    const node = await new Promise<string>((resolve, reject) => {
      let out = '';
      const t = setTimeout(() => reject(new BridgeError(`the node did not come up within 60 s: ${out.slice(-400)}`)), 60_000);
      const take = (d: Buffer) => {
        out = (out + d.toString('utf8')).slice(-4000);
        const m = /STUDIO_NODE_UP (\S+)/.exec(out);
        if (m) { clearTimeout(t); resolve(m[1]); }
      };
      child!.stdout!.on('data', take);
      child!.stderr!.on('data', (d: Buffer) => { out = (out + d.toString('utf8')).slice(-4000); });
      child!.once('exit', (code) => { clearTimeout(t); reject(new BridgeError(`the node exited (${code}) while starting: ${out.trim().split('\n').slice(-6).join('\n')}`)); });
      child!.once('error', (e) => { clearTimeout(t); reject(new BridgeError(`cannot start elixir: ${e.message}`)); });
    });
    const bridge = await BeamBridge.open({ node, cookie, elixir: opts.elixir });
    const designPaths = designPathsOf(await bridge.tree(), app, spec);
    opts.log?.(`attached to ${node}`);
    let stopped = false;
    return {
      node, bridge, app, designPaths,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await bridge.detach().catch(() => undefined);
        const exited = child!.exitCode !== null || child!.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => child!.once('exit', () => r()));
        kill();
        await exited;
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    cleanup();
    throw e;
  }
}

// ---- the side-by-side check ----------------------------------------------------------------------------------------

export interface Comparison {
  scenario: string;
  /** The printed lines (`<ms> TAB <commands issued> TAB start|exit|note|reply TAB <path> TAB <detail>`). */
  simulator: string[];
  otp: string[];
  /** What is compared (the export's own `mix test` rule): start/exit lines without the time, per phase, sorted. */
  compared: { simulator: string[]; otp: string[] };
  /** Both sides merged in order: `=` in both, `<` only the simulator's, `>` only real OTP's. */
  diff: { side: '=' | '<' | '>'; line: string }[];
  same: boolean;
}

/** Merge two sorted line lists into a diff (multisets: a line twice on one side and once on the other shows once). */
export function diffSorted(a: readonly string[], b: readonly string[]): Comparison['diff'] {
  const out: Comparison['diff'] = [];
  let i = 0, j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] < b[j])) out.push({ side: '<', line: a[i++] });
    else if (i >= a.length || b[j] < a[i]) out.push({ side: '>', line: b[j++] });
    else { out.push({ side: '=', line: a[i] }); i++; j++; }
  }
  return out;
}

const untilOf = (s: RuntimeSpec['scenarios'][number]) => s.untilMs ?? Math.max(0, ...s.commands.map((c) => c.at)) + 2000;

/** Run one of the design's scenarios on the simulator and on real OTP (the Elixir export's `mix scenario`). */
export async function compareScenario(input: SpecInput, scenario: string, opts: RunOptions & { kinds?: readonly string[] } = {}): Promise<Comparison> {
  const spec = toSpec(input);
  const sc = spec.scenarios.find((s) => s.name === scenario);
  if (!sc) throw new BridgeError(`no scenario "${scenario}" in the design (it has: ${spec.scenarios.map((s) => s.name).join(', ') || 'none'})`);
  const simulator = simulatorLines(spec, sc.commands, untilOf(sc));
  const { dir } = await exportAndCompile(spec, opts);
  try {
    opts.log?.(`running "${scenario}" on real OTP (in real time)`);
    const { stdout } = await execFileP(opts.mix ?? 'mix', ['scenario', scenario], { cwd: dir, env: mixEnv(), timeout: 300_000, maxBuffer: 64 << 20 }).catch((e: { stdout?: string; stderr?: string; message: string }) => {
      throw new BridgeError(`mix scenario failed: ${(e.stderr || e.stdout || e.message).trim().split('\n').slice(-8).join('\n')}`);
    });
    const lines = stdout.split('\n');
    const start = lines.findIndex((l) => l.startsWith('## scenario\t'));
    const otp = lines.slice(start + 1).filter((l) => /^\d+\t\d+\t(start|exit|note|reply)\t/.test(l));
    const design = new Set(flattenSpec(spec).map((c) => c.path));
    const kinds = opts.kinds ?? ['start', 'exit'];
    const compared = { simulator: comparableLines(simulator, sc.commands, design, kinds), otp: comparableLines(otp, sc.commands, design, kinds) };
    const diff = diffSorted(compared.simulator, compared.otp);
    return { scenario, simulator, otp, compared, diff, same: diff.every((d) => d.side === '=') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
