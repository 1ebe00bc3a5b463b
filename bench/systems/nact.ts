// The workloads on nact (actor library with mailboxes, queries and supervision policies).
// nact handles each message in its own setImmediate turn, so its rates are measured with fewer hops/calls than
// ours (the parent passes smaller sizes; a rate is a rate).
import { dispatch, query, spawn, spawnStateless, start } from 'nact';
import { createRequire } from 'node:module';
import { gc, now, type Workloads } from './types';

// nact's registry of live actor systems (to count the live actors)
const systemMap = createRequire(import.meta.url)('nact/lib/system-map') as { find(name: string): unknown };

type Ref = ReturnType<typeof spawn>;

export const workloads: Workloads = {
  ring(n, laps) {
    const system = start();
    return new Promise<number>((resolve) => {
      const hops = n * laps;
      let count = 0;
      let t0 = 0;
      const actors: Ref[] = [];
      for (let i = 0; i < n; i++) {
        actors.push(
          spawn(system, (state: { next?: Ref }, msg: { next?: Ref; n?: number }) => {
            if (msg.next) return { next: msg.next };
            count++;
            if (msg.n! > 0) dispatch(state.next!, { n: msg.n! - 1 });
            else {
              if (count !== hops) throw new Error(`nact ring: ${count} hops, expected ${hops}`);
              resolve(hops / ((now() - t0) / 1000));
            }
            return state;
          }, `r${i}`),
        );
      }
      for (let i = 0; i < n; i++) dispatch(actors[i], { next: actors[(i + 1) % n] });
      t0 = now();
      dispatch(actors[0], { n: hops - 1 });
    });
  },
  async call(calls) {
    const system = start();
    const server = spawnStateless(system, (msg: { sender: Ref }) => dispatch(msg.sender, 'pong'), 'echo');
    const t0 = now();
    for (let i = 0; i < calls; i++) {
      const r = await query(server, (sender: Ref) => ({ sender }), 5000);
      if (r !== 'pong') throw new Error('nact call: bad reply');
    }
    return calls / ((now() - t0) / 1000);
  },
  spawn(n) {
    const system = start();
    const t0 = now();
    for (let i = 0; i < n; i++) spawn(system, (s: unknown) => s, `a${i}`);
    const t1 = now();
    const alive = (systemMap.find((system as unknown as { system: { name: string } }).system.name) as { children: Map<string, unknown> }).children.size;
    if (alive !== n) throw new Error(`nact spawn: ${alive} alive, expected ${n}`);
    return n / ((t1 - t0) / 1000);
  },
  bytes_per_process(n) {
    gc();
    const h0 = process.memoryUsage().heapUsed;
    const system = start();
    const refs: Ref[] = [];
    for (let i = 0; i < n; i++) refs.push(spawn(system, (s: unknown) => s, `a${i}`));
    gc();
    const h1 = process.memoryUsage().heapUsed;
    if (refs.length !== n) throw new Error('nact bytes: lost actors');
    return (h1 - h0) / n;
  },
  restart_storm(n) {
    // nact's restart: a supervision policy returning ctx.reset re-initialises the crashed actor's state
    const system = start();
    return new Promise<number>((resolve) => {
      let inits = 0;
      let t0 = 0;
      const refs: Ref[] = [];
      const initialStateFunc = () => {
        inits++;
        if (inits === 2 * n) resolve(n / ((now() - t0) / 1000));
        return {};
      };
      for (let i = 0; i < n; i++) {
        refs.push(
          spawn(system, (s: unknown, msg: string) => {
            if (msg === 'crash') throw new Error('crash');
            return s;
          }, `c${i}`, { initialStateFunc, onCrash: (_m, _e, ctx) => ctx.reset }),
        );
      }
      if (inits !== n) throw new Error('nact storm: children did not start');
      t0 = now();
      for (const r of refs) dispatch(r, 'crash');
    });
  },
};
