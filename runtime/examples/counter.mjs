// A supervised counter, crashed and restarted — on the virtual clock, so it runs in an instant and prints the same
// every time. Run it: `node examples/counter.mjs` (in this package) or copy it into a project that depends on
// @supervisor-studio/runtime.
import { GenServer, Kernel, Supervisor, fmt, traceLine } from '@supervisor-studio/runtime';

/** A GenServer: state is a number; `:inc` adds one and replies with the new value; `:boom` crashes it. */
const Counter = {
  init: (start) => ['ok', start],
  handleCall(req, _from, n) {
    if (req === 'inc') return ['reply', n + 1, n + 1];
    if (req === 'boom') throw new Error('boom');
    return ['reply', ['error', 'unknown'], n];
  },
};

const kernel = new Kernel({ clock: 'virtual', seed: 1 });
// the trace: every event as a line (seq, virtual ms, type, fields); here only exits and the supervisor's restarts
kernel.subscribe((batch) => {
  for (const e of batch) if (e.type === 'exit' || e.type === 'restart') console.log(`trace: ${traceLine(e)}`);
});

// Supervisor.init: one_for_one, at most 3 restarts in 5 s; the child registers the name 'counter'
Supervisor.spawn(kernel, () => ({
  strategy: 'one_for_one', maxRestarts: 3, maxSeconds: 5,
  children: [{ id: 'counter', start: () => GenServer.startLink(Counter, 0, { name: 'counter' }) }],
}), undefined, { name: 'sup' });
kernel.runUntilIdle(); // the supervisor has started its child

/** Run `body` as a process (GenServer.call needs a caller) and print what it returns. */
function client(body) {
  kernel.spawn({ init: (self) => body(self).then((v) => (console.log(`${kernel.now()} ms reply ${fmt(v)}`), self.kernel.die(self, 'normal'))) });
}
client(() => GenServer.call('counter', 'inc'));
kernel.callAfter(100, () => kernel.exit(kernel.whereis('counter'), 'kill')); // the supervisor restarts it from 0
kernel.callAfter(200, () => client(() => GenServer.call('counter', 'inc')));
for (let t = 0; t < 1000; t += 100) {
  kernel.advance(100);
  kernel.flushTrace(); // hand the buffered trace to the subscriber now, so lines come in order
}
