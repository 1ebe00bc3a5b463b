// The workloads on XState v5 actors. XState has no supervision or restart, so restart_storm is absent (null in the
// table), and no call primitive: `call` is a request event carrying the sender's ref, answered with a reply event.
import { assign, createActor, sendTo, setup, type AnyActorRef } from 'xstate';
import { gc, now, type Workloads } from './types';

const ringMachine = setup({
  types: {} as { context: { next: AnyActorRef | null }; events: { type: 'next'; ref: AnyActorRef } | { type: 'token'; n: number } },
}).createMachine({
  context: { next: null },
  on: {
    next: { actions: assign({ next: ({ event }) => event.ref }) },
    token: {
      actions: [
        () => {
          ringState.hops++;
        },
        sendTo(({ context }) => context.next!, ({ event }) => ({ type: 'token', n: event.n - 1 }) as const),
      ],
      guard: ({ event }) => event.n > 0,
    },
  },
});
const ringState = { hops: 0 };

const idleMachine = setup({}).createMachine({ initial: 'idle', states: { idle: {} } });

const echoMachine = setup({
  types: {} as { events: { type: 'ping'; from: AnyActorRef } },
}).createMachine({
  on: { ping: { actions: sendTo(({ event }) => event.from, { type: 'pong' }) } },
});

export const workloads: Workloads = {
  ring(n, laps) {
    const actors = Array.from({ length: n }, () => createActor(ringMachine).start());
    for (let i = 0; i < n; i++) actors[i].send({ type: 'next', ref: actors[(i + 1) % n] });
    const hops = n * laps;
    ringState.hops = 0;
    const t0 = now();
    actors[0].send({ type: 'token', n: hops });
    // sendTo is delivered through the actor system's scheduler; wait until the token has gone all the way round
    return new Promise<number>((resolve, reject) => {
      const check = (): void => {
        if (ringState.hops >= hops) resolve(hops / ((now() - t0) / 1000));
        else if (now() - t0 > 120_000) reject(new Error(`xstate ring: only ${ringState.hops} hops`));
        else setImmediate(check);
      };
      check();
    });
  },
  call(calls) {
    const server = createActor(echoMachine).start();
    return new Promise<number>((resolve) => {
      let left = calls;
      const t0 = now();
      const client = createActor(
        setup({}).createMachine({
          on: {
            pong: {
              actions: () => {
                if (--left > 0) server.send({ type: 'ping', from: client });
                else resolve(calls / ((now() - t0) / 1000));
              },
            },
          },
        }),
      ).start();
      server.send({ type: 'ping', from: client });
    });
  },
  spawn(n) {
    const t0 = now();
    const actors = new Array<AnyActorRef>(n);
    for (let i = 0; i < n; i++) actors[i] = createActor(idleMachine).start();
    const t1 = now();
    let alive = 0;
    for (const a of actors) if (a.getSnapshot().status === 'active') alive++;
    if (alive !== n) throw new Error(`xstate spawn: ${alive} alive, expected ${n}`);
    return n / ((t1 - t0) / 1000);
  },
  bytes_per_process(n) {
    gc();
    const h0 = process.memoryUsage().heapUsed;
    const actors = new Array<AnyActorRef>(n);
    for (let i = 0; i < n; i++) actors[i] = createActor(idleMachine).start();
    gc();
    const h1 = process.memoryUsage().heapUsed;
    if (actors.some((a) => a.getSnapshot().status !== 'active')) throw new Error('xstate bytes: actor not active');
    return (h1 - h0) / n;
  },
};
