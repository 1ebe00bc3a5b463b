// The CLI sandbox, trusted side. A design's custom behaviour code is untrusted (designs are downloaded and shared),
// so commands that execute it (`runsCustomCode` in cli/main.ts's catalog: run, blast, campaign, ...) do not run in
// the CLI's own process. main() calls runSandboxed() instead, which
//   1. reads the files named on the command line itself (the sandbox cannot) — a FIFO or device is refused, never
//      opened, so the CLI cannot hang on one;
//   2. bundles cli/sandbox/entry.ts (esbuild, once per process) into a private temporary folder;
//   3. starts `node --experimental-permission --allow-fs-read=<the bundle> --allow-worker <the bundle>` with an empty
//      environment: Node's permission model denies every other file read, every write, child processes and native
//      addons for the whole process; entry.ts then seals the network (net, dgram, dns, fetch), new threads, WASI,
//      process.kill and process.getBuiltinModule before the design is loaded;
//   4. passes the command line and file contents over IPC and relays the output; the exit code is the command's.
// The sandbox's controller stops the run when custom code does not return within SANDBOX_LIMITS.handlerMs or the
// heap passes SANDBOX_LIMITS.memoryMb, with one line naming the behaviour and callback.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeFsError } from '../lib/fs-errors';
import type { SandboxJob } from './entry';
import { SANDBOX_LIMITS, type SandboxLimits } from './limits';

let bundle: Promise<string> | undefined;

/** entry.ts and everything it imports as one ES module (esbuild, in memory). */
function sandboxCode(): Promise<string> {
  bundle ??= (async () => {
    const esbuild = await import('esbuild');
    const out = await esbuild.build({
      entryPoints: [fileURLToPath(new URL('./entry.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      logLevel: 'silent',
      external: ['esbuild', 'tsx', 'tsx/*'],
      // CommonJS dependencies (sucrase) call require(): give the module one
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    return out.outputFiles[0].text;
  })();
  return bundle;
}

/**
 * The files named on the command line, read here (the sandbox has no file access): a file's text, or for a folder
 * its .suptree files (names and texts). Pipes, sockets and devices are refused without being opened.
 */
export function filesFor(args: readonly string[]): SandboxJob['files'] {
  const files: SandboxJob['files'] = {};
  const readOne = (path: string) => {
    let st;
    try {
      st = statSync(path);
    } catch {
      return; // not a file (an option's value, or missing: the command says so)
    }
    if (!st.isFile()) files[path] = { error: 'it is not a regular file (a pipe, socket or device)' };
    else {
      try {
        files[path] = { text: readFileSync(path, 'utf8') };
      } catch (e) {
        files[path] = { error: describeFsError(e) };
      }
    }
  };
  for (const arg of args) {
    if (arg.startsWith('-')) continue;
    const path = resolve(arg);
    let st;
    try {
      st = statSync(path);
    } catch {
      continue;
    }
    if (st.isDirectory()) {
      let names: string[];
      try {
        names = readdirSync(path).filter((f) => f.endsWith('.suptree')).sort();
      } catch (e) {
        files[path] = { error: describeFsError(e) };
        continue;
      }
      files[path] = { dir: names };
      for (const n of names) readOne(join(path, n));
    } else readOne(path);
  }
  return files;
}

/** Run the CLI command `args` (name first) in the sandbox; resolves to its exit code. */
export async function runSandboxed(args: readonly string[], limits: SandboxLimits = SANDBOX_LIMITS): Promise<number> {
  const code = await sandboxCode();
  const dir = mkdtempSync(join(tmpdir(), 'supervisor-studio-sandbox-'));
  const file = join(dir, 'sandbox.mjs');
  try {
    writeFileSync(file, code, { mode: 0o400 });
    const job: SandboxJob = { args: [...args], files: filesFor(args.slice(1)), limits };
    const child = spawn(process.execPath, [
      '--experimental-permission', `--allow-fs-read=${file}`, '--allow-worker', '--disable-warning=ExperimentalWarning',
      '--disable-warning=SecurityWarning',
      `--max-old-space-size=256`, file,
    ], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env: {}, cwd: process.cwd() });
    child.stdout!.on('data', (d: Buffer) => process.stdout.write(d));
    // V8 aborting the process (e.g. "Fatal JavaScript invalid size error" from one huge built-in call) prints a block
    // of '#' lines: kept back and said in one line instead
    let held = '';
    let fatal: string | undefined;
    let pending = '';
    child.stderr!.on('data', (d: Buffer) => {
      pending += d.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        if (fatal !== undefined) {
          // the rest of the report; its one useful line names the cause
          if (/^FATAL ERROR:.*heap out of memory/.test(line)) fatal = 'out of memory';
          continue;
        }
        if (/^#\s*Fatal (?!error in)/.test(line)) fatal = `fatal ${line.replace(/^#\s*Fatal\s*/, '').replace(/\s*\(see crbug.*$/, '')}`;
        else if (/^<--- Last few GCs --->/.test(line) || /^FATAL ERROR:/.test(line)) fatal = /heap out of memory/.test(line) || line.startsWith('<---') ? 'out of memory' : line.replace(/^FATAL ERROR:\s*/, '');
        else if (line === '' || line.startsWith('#')) held += `${line}\n`;
        else {
          process.stderr.write(held + `${line}\n`);
          held = '';
        }
      }
    });
    let running = '';
    child.on('message', (m: { running?: string }) => {
      if (typeof m.running === 'string') running = m.running;
    });
    child.send(job);
    const [exit, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done, fail) => {
      child.once('error', fail);
      child.once('close', (c, s) => done([c, s]));
    });
    if (fatal === undefined) process.stderr.write(held + pending);
    if (exit === null || fatal !== undefined) {
      const who = running || "the design's custom code";
      process.stderr.write(fatal === 'out of memory'
        ? `Stopped: ${who} used more than the ${limits.memoryMb} MB of memory a run may use.\n`
        : `Stopped: ${who} crashed the JavaScript engine (${fatal ?? `signal ${signal}`}); nothing of the CLI was harmed.\n`);
      return 1;
    }
    return exit;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
