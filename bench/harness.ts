// Child-process entry of `npm run bench`: runs ONE workload on ONE system in a fresh heap and prints one JSON line
// {"workload", "runs": [values...], "median", "extra": {...}}. Usage (see scripts/bench.mjs):
//   node --expose-gc --import tsx bench/harness.ts <system> <workload> <runs> [args...]
// A warm-up run comes first and is not reported (except for bytes_per_process: a size needs no warm-up).
import type { Workloads } from './systems/types';

async function measure(runs: number, f: () => number | Promise<number>, warmUp = true): Promise<number[]> {
  if (warmUp) await f();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) out.push(await f());
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const [system, workload, runsText, ...rest] = process.argv.slice(2);
  const mod = (await import(`./systems/${system}.ts`)) as { workloads: Workloads };
  const f = mod.workloads[(workload === 'restart_cost' ? 'restart_storm' : workload) as keyof Workloads] as
    | ((...a: number[]) => number | Promise<number>)
    | undefined;
  if (!f) throw new Error(`bench: ${system} has no workload ${workload}`);
  const args = rest.map(Number);
  const runs = Number(runsText);
  let values: number[];
  let extra: Record<string, number> = {};
  if (workload === 'restart_cost') {
    // args: small large → ratio of the cost per restart (large ÷ small); the storm functions return restarts/s
    const [small, large] = args;
    const s = 1 / median(await measure(runs, () => f(small)));
    const l = 1 / median(await measure(runs, () => f(large)));
    values = [l / s];
    extra = { us_per_restart_small: s * 1e6, us_per_restart_large: l * 1e6 };
  } else {
    values = await measure(runs, () => f(...args), workload !== 'bytes_per_process'); // a size needs no warm-up
  }
  process.stdout.write(JSON.stringify({ workload, runs: values, median: median(values), extra }) + '\n');
  process.exit(0); // peers may leave timers behind
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
