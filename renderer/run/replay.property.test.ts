// Exact replay, as a property: random live sessions — any mix of the catalog's commands (chaos and load included),
// frames of fractional length at any speed, single steps, and "from here" (a run rebuilt from its recording and
// continued) — are recorded, saved as a .suprun, read back and replayed; the replay's kernel trace is the live run's,
// byte for byte, and every time in the recording is a whole millisecond.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { design, dynSup, link, sup, under, worker } from '../../runtime/design/build';
import { compile } from '../../runtime/design/spec';
import { COMMAND_TYPES, commandFields, type CommandInput, type CommandType, type FieldKind } from '../../runtime/sim/commands';
import { parseSuRun } from '../../runtime/sim/recording';
import { RunSession } from './session';
import { eventLine, type RunEvent } from './events';

const spec = compile(design([
  sup('app', { strategy: 'rest_for_one', maxRestarts: 6, maxSeconds: 1 }), sup('inner', { strategy: 'one_for_all', maxRestarts: 4 }),
  worker('f', 'flaky', { params: { crashProbability: 0.2 } }), worker('c', 'counter'), worker('e', 'echo'),
  worker('t', 'trapper'), worker('x', 'crasher', { params: { mode: 'raise', reason: 'boom', crashAfterMs: 0 } }),
  dynSup('dyn', { maxRestarts: 5 }), worker('d1', 'counter'),
  { kind: 'load_source', id: 'load', name: 'load', target: 'f', rate: 30, mode: 'call', message: 'ping', timeoutMs: 200 },
], [...under('app', 'inner', 'c', 'dyn', 't'), ...under('inner', 'f', 'e', 'x'), ...under('dyn', 'd1'), link('t', 'x')], {
  scenarios: [{ name: 'storm', commands: [{ type: 'kill', at: 0, target: 'f' }, { type: 'exit', at: 40, target: 'e', reason: 'boom' }, { type: 'chaos', at: 50, on: true, rate: 10 }] }],
}));
const targets = [...Object.values(spec.pathByNodeId), 'app/nope'];

/** A value for a field of the catalog, by its kind (so a new command is covered as soon as it is in the catalog). */
function fieldValue(kind: FieldKind): fc.Arbitrary<unknown> {
  switch (kind) {
    case 'target': case 'process': return fc.constantFrom(...targets);
    case 'source': return fc.constantFrom('load', undefined);
    case 'scenario': return fc.constant('storm');
    case 'term': return fc.constantFrom('normal', 'shutdown', 'boom', ['shutdown', 'x'], 'crash', 'increment', 'get', 'ping', { $bin: 'hi' });
    case 'text': return fc.constantFrom('boom', 'kaput');
    case 'ms': return fc.integer({ min: 0, max: 300 });
    case 'number': return fc.constantFrom(0, 0.5, 3, 25);
    case 'bool': return fc.boolean();
  }
}

const command: fc.Arbitrary<CommandInput> = fc.constantFrom(...COMMAND_TYPES).chain((type: CommandType) => {
  const fields = Object.entries(commandFields(type));
  return fc.tuple(...fields.map(([, f]) => fieldValue(f.kind))).map((vals) => {
    const c: Record<string, unknown> = { type };
    fields.forEach(([name], i) => { if (vals[i] !== undefined) c[name] = vals[i]; });
    return c as CommandInput;
  });
});

type Op =
  | { op: 'frame'; ms: number }
  | { op: 'step' }
  | { op: 'command'; c: CommandInput }
  | { op: 'fromHere' };
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: 0, max: 120, noNaN: true }).map((ms) => ({ op: 'frame' as const, ms })) },
  { weight: 1, arbitrary: fc.constant({ op: 'step' as const }) },
  { weight: 4, arbitrary: command.map((c) => ({ op: 'command' as const, c })) },
  { weight: 1, arbitrary: fc.constant({ op: 'fromHere' as const }) },
);

describe('exact replay (property)', () => {
  it('random sessions → record → save → open → replay: the identical kernel trace, whole-ms times', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 14 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), (ops, seed) => {
        let s = new RunSession(spec, { seed, keepLines: true });
        // what the app compares: the event stream it shows (drained after every frame, as the run worker does)
        let shown: RunEvent[] = [];
        const drain = () => shown.push(...s.drain());
        for (const o of ops) {
          drain();
          if (o.op === 'frame') s.advance(o.ms);
          else if (o.op === 'step') s.step();
          else if (o.op === 'command') s.apply(o.c); // never throws: a command that cannot act says so in the log
          else {
            s = RunSession.replay(spec, s.recording('so far'), { keepLines: true }); // "from here": rebuilt, continued
            shown = s.drain();
          }
        }
        s.advance(200);
        drain();
        const rec = parseSuRun(JSON.parse(JSON.stringify(s.recording('live'))));
        for (const c of rec.commands) expect(Number.isInteger(c.at), `at ${c.at}`).toBe(true);
        expect(Number.isInteger(rec.durationMs)).toBe(true);
        const again = RunSession.replay(spec, rec, { keepLines: true });
        const replayed = again.drain();
        expect(again.now).toBe(s.now);
        expect(again.kernelLines.join('\n')).toBe(s.kernelLines.join('\n'));
        // and the event stream the app shows (it compares these lines: "Replay: identical trace")
        const lines = (evs: RunEvent[]) => evs.map(eventLine).join('\n');
        expect(lines(replayed)).toBe(lines(shown));
      }),
      { numRuns: 200 },
    );
  });
});
