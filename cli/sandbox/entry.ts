// The sandboxed side of the CLI sandbox, bundled by host.ts into one file and started as
//   node --experimental-permission --allow-fs-read=<that file> --allow-worker <that file>
// so the whole process has no file-system access (but reading its own code), cannot start programs or load native
// addons. Its main thread is the controller: it receives the job over IPC, starts a worker thread with a heap limit
// and watches it; the worker locks the network and the remaining escape hatches, then runs the command. The worker
// marks in shared memory when custom code runs; custom code that does not return within the limit (or a heap that
// overflows) makes the controller stop the worker and say which behaviour and callback it was.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { SandboxLimits } from './limits';

/** What the trusted parent sends: the command line and the contents of the files it names. */
export interface SandboxJob {
  args: string[];
  /** By absolute path: a file's text, a folder's .suptree names (sorted), or why it cannot be read. */
  files: Record<string, { text: string } | { dir: string[] } | { error: string }>;
  limits: SandboxLimits;
}

// shared memory: [0] custom-code depth, [1] entry counter, [2] label length; bytes from 16: "behaviour\0handler"
const LABEL_AT = 16;
const SHARED_BYTES = 16 + 512;

function deny(what: string): never {
  throw Object.assign(new Error(`${what} is not allowed: a design's custom code runs without network, file or process access`), { code: 'ERR_ACCESS_DENIED' });
}

/** Take away what the permission model leaves: the network, new workers, signalling other processes. */
function lockDown(): void {
  type Mod = Record<string, unknown>;
  const builtin = (name: string) => process.getBuiltinModule(name) as Mod;
  const seal = (obj: object, key: string, what: string) =>
    Object.defineProperty(obj, key, { value: () => deny(what), writable: false, configurable: false, enumerable: false });
  const net = builtin('node:net') as { Socket: { prototype: object }; Server: { prototype: object } };
  seal(net.Socket.prototype, 'connect', 'network access');
  seal(net.Server.prototype, 'listen', 'network access');
  const dgram = builtin('node:dgram') as { Socket: { prototype: object } };
  for (const k of ['bind', 'send', 'connect']) seal(dgram.Socket.prototype, k, 'network access');
  const dns = builtin('node:dns') as Mod & { promises: Mod; Resolver: { prototype: object }; };
  for (const mod of [dns, dns.promises]) {
    for (const k of Object.keys(mod)) if (typeof mod[k] === 'function' && /^(lookup|resolve|reverse)/.test(k)) seal(mod, k, 'network access');
    const resolver = (mod.Resolver as { prototype: Mod } | undefined)?.prototype;
    if (resolver) for (const k of Object.getOwnPropertyNames(resolver)) if (/^(resolve|reverse)/.test(k)) seal(resolver, k, 'network access');
  }
  const wt = builtin('node:worker_threads');
  seal(wt, 'Worker', 'starting a thread');
  const wasi = builtin('node:wasi');
  seal(wasi, 'WASI', 'WASI');
  (builtin('node:module') as { syncBuiltinESMExports(): void }).syncBuiltinESMExports();
  seal(process, 'kill', 'signalling a process');
  seal(process, 'getBuiltinModule', 'loading Node modules');
  for (const k of ['fetch', 'WebSocket', 'EventSource', 'XMLHttpRequest']) {
    if (k in globalThis) Object.defineProperty(globalThis, k, { get: () => deny(k), configurable: false });
  }
}

async function runInWorker(job: SandboxJob, shared: SharedArrayBuffer): Promise<number> {
  const [{ commands }, { designInput, CliError }, { customCodeHooks }] = await Promise.all([
    import('../main'), import('../commands/design-file'), import('../../runtime/behaviours/custom-source'),
  ]);
  const path = await import('node:path');
  lockDown();
  const i32 = new Int32Array(shared);
  const bytes = new Uint8Array(shared);
  const encoder = new TextEncoder();
  let depth = 0;
  let lastB = '';
  let lastH = '';
  customCodeHooks.enter = (behaviourId, handler) => {
    if (behaviourId !== lastB || handler !== lastH) {
      lastB = behaviourId;
      lastH = handler;
      const { written } = encoder.encodeInto(`${behaviourId}\0${handler}`, bytes.subarray(LABEL_AT));
      Atomics.store(i32, 2, written);
    }
    Atomics.store(i32, 0, ++depth);
    Atomics.add(i32, 1, 1);
  };
  customCodeHooks.exit = () => {
    Atomics.store(i32, 0, --depth);
  };
  const entry = (file: string) => (Object.hasOwn(job.files, path.resolve(file)) ? job.files[path.resolve(file)] : undefined);
  designInput.read = (file) => {
    const f = entry(file);
    if (!f) throw new CliError(`Cannot read ${file}: no such file.`);
    if ('error' in f) throw new CliError(`Cannot read ${file}: ${f.error}.`);
    if ('dir' in f) throw new CliError(`Cannot read ${file}: it is a folder.`);
    return f.text;
  };
  designInput.list = (target) => {
    const f = entry(target);
    if (!f) throw new CliError(`Cannot read ${target}: no such file or folder.`);
    if (!('dir' in f)) return [target];
    if (f.dir.length === 0) throw new CliError(`${target} has no .suptree files.`);
    return f.dir.map((name) => path.join(target, name));
  };
  const [name, ...rest] = job.args;
  const cmd = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!cmd?.runsCustomCode) throw new Error(`not a sandboxed command: ${name}`);
  return cmd.run(rest);
}

function label(shared: SharedArrayBuffer): string {
  const i32 = new Int32Array(shared);
  const text = new TextDecoder().decode(new Uint8Array(shared).slice(LABEL_AT, LABEL_AT + Atomics.load(i32, 2)));
  const [behaviour, handler] = text.split('\0');
  return behaviour ? `custom behaviour "${behaviour}"${handler === 'module' ? ' (its top-level code)' : handler ? `, ${handler}` : ''}` : 'the design';
}

function controller(): void {
  process.once('message', (job: SandboxJob) => {
    const shared = new SharedArrayBuffer(SHARED_BYTES);
    const i32 = new Int32Array(shared);
    const worker = new Worker(new URL(import.meta.url), {
      workerData: { job, shared },
      resourceLimits: { maxOldGenerationSizeMb: job.limits.memoryMb, maxYoungGenerationSizeMb: Math.min(64, job.limits.memoryMb / 4) },
      env: {},
    });
    let finished = false;
    const finish = (code: number, message?: string) => {
      if (finished) return;
      finished = true;
      clearInterval(timer);
      if (message) process.stderr.write(`${message}\n`);
      process.exitCode = code;
      void worker.terminate();
    };
    // the watchdog: the same entry counter seen with custom code running for longer than the limit
    let seenSeq = -1;
    let since = 0;
    let told = '';
    const timer = setInterval(() => {
      const depth = Atomics.load(i32, 0);
      const seq = Atomics.load(i32, 1);
      const now = Date.now();
      // tell the parent what runs, so it can name it if V8 itself aborts the whole process
      const running = depth > 0 ? label(shared) : '';
      if (running !== told) process.send?.({ running: (told = running) });
      if (depth === 0 || seq !== seenSeq) {
        seenSeq = depth === 0 ? -1 : seq;
        since = now;
        return;
      }
      if (now - since >= job.limits.handlerMs) {
        finish(1, `Stopped: ${label(shared)} did not return within ${job.limits.handlerMs / 1000} s (a loop the guard cannot see, a huge built-in call or deep recursion). Nothing was run further.`);
      }
    }, Math.max(10, Math.min(100, job.limits.handlerMs / 10)));
    worker.on('message', (m: { exit: number }) => finish(m.exit)); // the worker flushed its output before saying so
    worker.on('error', (e: Error & { code?: string }) => {
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        const who = Atomics.load(i32, 0) > 0 ? label(shared) : 'the run';
        finish(1, `Stopped: ${who} used more than the ${job.limits.memoryMb} MB of memory a run may use.`);
      } else {
        finish(1, `The run failed: ${e.message}`);
      }
    });
    worker.on('exit', () => finish(1, 'Stopped: the run ended before it finished (custom code called process.exit?).'));
  });
}

if (isMainThread) {
  controller();
} else {
  const { job, shared } = workerData as { job: SandboxJob; shared: SharedArrayBuffer };
  // a promise custom code left failing (e.g. a denied import()) is reported, it does not end the run
  process.on('unhandledRejection', (e) => process.stderr.write(`warning: custom code left a failed promise: ${e instanceof Error ? e.message : String(e)}\n`));
  runInWorker(job, shared).then(
    // output first (the worker's stdout reaches the process through the controller), then the exit code
    (exit) => process.stdout.write('', () => process.stderr.write('', () => parentPort!.postMessage({ exit }))),
    (e: unknown) => {
      throw e;
    },
  );
}
