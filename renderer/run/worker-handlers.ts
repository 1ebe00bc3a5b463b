// The run worker's side of the channel: one RunSession at a time, played in frames of virtual time, its events sent
// in batches. `kernel.worker.ts` serves it on the Web Worker's global scope; tests serve it on a MessagePort.
import { RUNTIME_VERSION, fmt } from '../../runtime/index';
import { serve, type PortLike, type Server } from './worker-channel';
import type { KernelCommands, KernelEvents } from './protocol';
import { RunSession } from './session';
import { testReports } from '../lessons/test-report';
import { processInfo } from './process-info';
import { checkLive } from '../../runtime/sim/expect';

const FRAME_MS = 16;

export function serveRun(port: PortLike): Server<KernelEvents> {
  let session: RunSession | null = null;
  let playing = false;
  let speed = 1;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastFrame = 0;

  const server = serve<KernelCommands, KernelEvents>(port, {
    ping: ({ nonce }) => ({ nonce, at: Date.now() }),
    version: () => ({ runtime: RUNTIME_VERSION }),
    ticks: ({ count }) => {
      for (let n = 0; n < count; n++) server.emit('tick', { n });
      return count;
    },
    start: ({ spec, seed, clock, traceMessages, run }) => {
      stop();
      server.emit('started', { run: run ?? 0 });
      session = new RunSession(spec, { seed, clock, traceMessages });
      heartbeat(session);
      ship();
      return { now: session.now };
    },
    replay: ({ spec, rec, run }) => {
      stop();
      server.emit('started', { run: run ?? 0 });
      let last = performance.now();
      session = RunSession.replay(spec, rec, {
        beforeRun: heartbeat,
        onProgress: (s) => {
          // keep the main thread informed (and the watchdog quiet) during a long replay
          if (performance.now() - last < 200) return;
          last = performance.now();
          session = s;
          ship();
        },
      });
      ship();
      return { now: session.now };
    },
    play: ({ speed: s }) => {
      const run = need();
      speed = clampSpeed(s);
      if (!playing) {
        playing = true;
        if (run.kernel.clock.virtual) {
          lastFrame = performance.now();
          timer = setTimeout(frame, FRAME_MS);
        } else run.kernel.start();
      }
      ship();
      return { now: run.now };
    },
    pause: () => {
      const run = need();
      pause();
      ship();
      return { now: run.now };
    },
    speed: ({ speed: s }) => {
      speed = clampSpeed(s);
      return undefined;
    },
    step: () => {
      const run = need();
      if (!run.kernel.clock.virtual) throw new Error('Stepping needs the virtual clock.');
      pause();
      const events = run.step();
      ship();
      return { events, now: run.now };
    },
    advance: ({ ms }) => {
      const run = need();
      chunk(run, ms);
      ship();
      return { now: run.now };
    },
    command: (c) => {
      const run = need();
      run.apply(c);
      ship();
      return { now: run.now };
    },
    test: ({ spec, seed, scenario }) => testReports(spec, seed, scenario),
    check: ({ checks }) => {
      const run = need();
      return checks.map(({ expect, offset }) => {
        const failed = checkLive(run.sim, expect, offset).filter((r) => !r.pass).map((r) => ({ text: r.text, actual: r.actual }));
        return { pass: failed.length === 0, failed };
      });
    },
    inspect: ({ ref }) => need().inspect(ref) ?? null,
    process: ({ ref }) => processInfo(need(), ref),
    recording: ({ name, withSpec }) => need().recording(name, withSpec ?? true),
    stop: () => {
      stop();
      return undefined;
    },
    diagnose: ({ spec, rec, from, to }) => {
      stop();
      // report each handler as it is entered from `from` on, each in its own message, so the last one is known
      const watch = (run: RunSession) => {
        const k = run.kernel;
        const emit = k.emit.bind(k);
        k.emit = (e) => {
          emit(e);
          if ((e.type !== 'receive' && e.type !== 'spawn') || k.now() < from) return;
          const nodeId = run.sim.pidNode.get(e.pid);
          const path = nodeId === undefined ? null : run.spec.pathByNodeId[nodeId] ?? null;
          const what = e.type === 'spawn' ? 'init' : `a message (${safe(() => fmt(e.msg, run.sim.labeler))})`;
          port.postMessage({ kind: 'events', events: [{ type: 'entering', data: { pid: e.pid, path, what, t: k.now() } }] });
        };
      };
      const run = RunSession.replay(spec, { ...rec, durationMs: Math.min(from, rec.durationMs) }, { beforeRun: watch });
      run.advance(Math.max(0, to - run.now) + 1000);
      return { finished: true };
    },
  });

  function safe(f: () => string): string {
    try {
      return f();
    } catch {
      return '?';
    }
  }

  function clampSpeed(s: number): number {
    if (!Number.isFinite(s)) throw new Error(`Speed must be a number, got ${s}`);
    return Math.min(1000, Math.max(0.1, s));
  }

  /** While one stretch of time runs (a restart storm, a long replay), the kernel's trace batches are a sign of
   *  progress: a `busy` heartbeat goes out (flushed at once, the worker being busy) at most every 250 ms. A handler
   *  that never returns produces no batches, so it still goes silent. */
  function heartbeat(run: RunSession): void {
    let last = performance.now();
    run.kernel.subscribe(() => {
      const now = performance.now();
      if (now - last < 250) return;
      last = now;
      port.postMessage({ kind: 'events', events: [{ type: 'busy', data: { now: run.kernel.now() } }] });
    });
  }

  function need(): RunSession {
    if (!session) throw new Error('No run is active: press Run first.');
    return session;
  }

  /** Runs `ms` of virtual time, telling the caller first (flushed) so a hang can be located. */
  function chunk(run: RunSession, ms: number): void {
    server.emit('chunk', { from: run.now, to: run.now + ms });
    server.flush();
    run.advance(ms);
  }

  function frame(): void {
    timer = null;
    const run = session;
    if (!playing || !run) return;
    const now = performance.now();
    // at most 4 frames' worth per frame, so a slow frame does not snowball
    const dt = Math.min(now - lastFrame, FRAME_MS * 4);
    lastFrame = now;
    try {
      chunk(run, dt * speed);
    } catch (e) {
      pause();
      server.emit('failed', { message: e instanceof Error ? e.message : String(e) });
    }
    ship();
    if (playing) timer = setTimeout(frame, FRAME_MS);
  }

  /** Sends what the run produced and where its clock is. */
  function ship(): void {
    if (!session) return;
    const events = session.drain();
    if (events.length) server.emit('trace', events);
    server.emit('clock', { now: session.now, playing });
    server.flush();
  }

  function pause(): void {
    playing = false;
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (session && !session.kernel.clock.virtual) session.kernel.stop();
  }

  function stop(): void {
    pause();
    session = null;
  }

  // real clock: the kernel pumps itself; ship its events a few times a second
  setInterval(() => {
    if (playing && session && !session.kernel.clock.virtual) ship();
  }, 50);

  return server;
}
