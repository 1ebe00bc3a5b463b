// Before/after for run-command and session changes (the run-command catalog, exact replay): two checkouts IN ONE
// PROCESS, alternating A and B, median CPU-time rate of each and the median B ÷ A of the pairs (as bench/ab.ts).
//
//   git archive <commit> runtime renderer electron bench package.json | tar -x -C /tmp/before && ln -s "$PWD/node_modules" /tmp/before/
//   node --expose-gc --import tsx bench/ab-session.ts /tmp/before . storm [--pairs N]      chaos storm, 2,000 workers
//   node --expose-gc --import tsx bench/ab-session.ts /tmp/before . commands [--pairs N]   20,000 commands in a session
//
// storm: a live session (events drained every frame, as the run worker does) of 2,000 echo workers under chaos at
// 1,000 kills/s, 30 frames of 160 ms; rate = events per CPU second. commands: 20,000 commands applied one by one
// (kill / exit / send / call round-robin over 200 workers, 1 ms apart); rate = commands per CPU second.
import path from 'node:path';

type SessionMod = typeof import('../renderer/run/session');
type BuildMod = typeof import('../runtime/design/build');
type SpecMod = typeof import('../runtime/design/spec');

async function load(root: string) {
  const r = (p: string) => path.resolve(root, p);
  const session = (await import(r('renderer/run/session.ts'))) as SessionMod;
  const build = (await import(r('runtime/design/build.ts'))) as BuildMod;
  const spec = (await import(r('runtime/design/spec.ts'))) as SpecMod;
  const specOf = (n: number) => {
    const names = Array.from({ length: n }, (_, i) => `w${i}`);
    return spec.compile(build.design([build.sup('app', { maxRestarts: 1_000_000, maxSeconds: 1 }), ...names.map((x) => build.worker(x, 'echo'))], build.under('app', ...names)));
  };
  const stormSpec = specOf(2000);
  const cmdSpec = specOf(200);
  return {
    storm(): number {
      const s = new session.RunSession(stormSpec, { seed: 7, traceMessages: false });
      s.drain();
      s.apply({ type: 'chaos', on: true, rate: 1000 } as never);
      let events = 0;
      for (let f = 0; f < 30; f++) {
        s.advance(160);
        events += s.drain().length;
      }
      return events;
    },
    commands(): number {
      const s = new session.RunSession(cmdSpec, { seed: 7, traceMessages: false });
      s.drain();
      const kinds = ['kill', 'exit', 'send', 'call'] as const;
      const N = 20_000;
      for (let i = 0; i < N; i++) {
        const target = `app/w${i % 200}`;
        const type = kinds[i % 4];
        const c = type === 'kill' ? { type, target } : type === 'exit' ? { type, target, reason: 'boom' } : type === 'send' ? { type, target, message: 'ping' } : { type, target, message: 'ping', timeoutMs: 100 };
        s.apply(c as never);
        s.advance(1);
        if (i % 100 === 0) s.drain();
      }
      s.drain();
      return N;
    },
  };
}

async function main(): Promise<void> {
  const [a, b, workload, ...rest] = process.argv.slice(2);
  if (!a || !b || (workload !== 'storm' && workload !== 'commands')) throw new Error('usage: bench/ab-session.ts <rootA> <rootB> storm|commands [--pairs N]');
  const pi = rest.indexOf('--pairs');
  const pairs = pi >= 0 ? Number(rest[pi + 1]) : 11;
  const fa = (await load(a))[workload];
  const fb = (await load(b))[workload];
  const cpuRate = (f: () => number): number => {
    const c0 = process.cpuUsage();
    const n = f();
    const c = process.cpuUsage(c0);
    return n / ((c.user + c.system) / 1e6);
  };
  cpuRate(fa);
  cpuRate(fb);
  const ra: number[] = [], rb: number[] = [], q: number[] = [];
  for (let i = 0; i < pairs; i++) {
    const first = i % 2 === 0;
    const x1 = first ? cpuRate(fa) : 0;
    const y = cpuRate(fb);
    const x = first ? x1 : cpuRate(fa);
    ra.push(x);
    rb.push(y);
    q.push(y / x);
    (globalThis as { gc?: () => void }).gc?.();
  }
  const med = (xs: number[]) => [...xs].sort((p, r) => p - r)[xs.length >> 1];
  const fmt = (x: number) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : `${(x / 1e3).toFixed(1)}k`);
  process.stdout.write(`${workload}: A ${fmt(med(ra))}/s  B ${fmt(med(rb))}/s  median B÷A of ${pairs} pairs ${med(q).toFixed(3)}  (${q.map((x) => x.toFixed(2)).join(' ')})\n`);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
