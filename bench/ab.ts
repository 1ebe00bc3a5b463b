// Before/after for a kernel change on a shared, noisy machine: runs one workload of bench/systems/kernel.ts from two
// checkouts IN ONE PROCESS, alternating A and B, and prints the median rate of each and the median B ÷ A of the
// pairs. Rates are per CPU second of this process (process.cpuUsage), so other load distorts them less than wall
// time. The two copies are separate modules (separate JIT state).
//
//   git archive <commit> runtime bench package.json | tar -x -C /tmp/before && ln -s "$PWD/node_modules" /tmp/before/
//   node --expose-gc --import tsx bench/ab.ts /tmp/before . call 300000 [pairs]
//   node --expose-gc --import tsx bench/ab.ts /tmp/before . ring 1000 200
//   node --expose-gc --import tsx bench/ab.ts /tmp/before . restart_storm 10000
import path from 'node:path';
import type { Workloads } from './systems/types';

async function main(): Promise<void> {
  const [a, b, workload, ...rest] = process.argv.slice(2);
  if (!a || !b || !workload) throw new Error('usage: bench/ab.ts <rootA> <rootB> <workload> <args...> [--pairs N]');
  const pi = rest.indexOf('--pairs');
  const pairs = pi >= 0 ? Number(rest[pi + 1]) : 15;
  const args = (pi >= 0 ? rest.slice(0, pi) : rest).map(Number);
  const load = async (root: string) => {
    const mod = (await import(path.resolve(root, 'bench/systems/kernel.ts'))) as { workloads: Workloads };
    return mod.workloads[workload as keyof Workloads] as unknown as (...x: number[]) => number;
  };
  const fa = await load(a);
  const fb = await load(b);
  // the workloads return a rate per wall second; turn it into a rate per CPU second of this process
  const cpuRate = (f: (...x: number[]) => number): number => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const wallRate = f(...args);
    const wall = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    const cpu = (c.user + c.system) / 1e6;
    return cpu > 0 ? (wallRate * wall) / cpu : wallRate;
  };
  cpuRate(fa);
  cpuRate(fb);
  const ra: number[] = [];
  const rb: number[] = [];
  const q: number[] = [];
  for (let i = 0; i < pairs; i++) {
    // alternate which one goes first
    const x = i % 2 === 0 ? cpuRate(fa) : 0;
    const y = cpuRate(fb);
    const x2 = i % 2 === 0 ? x : cpuRate(fa);
    ra.push(x2);
    rb.push(y);
    q.push(y / x2);
    (globalThis as { gc?: () => void }).gc?.();
  }
  const med = (xs: number[]) => [...xs].sort((p, r) => p - r)[xs.length >> 1];
  const fmt = (x: number) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : `${(x / 1e3).toFixed(1)}k`);
  process.stdout.write(
    `${workload}: A ${fmt(med(ra))}/s  B ${fmt(med(rb))}/s  median B÷A of ${pairs} pairs ${med(q).toFixed(3)}` +
      `  (${q.map((x) => x.toFixed(2)).join(' ')})\n`,
  );
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
