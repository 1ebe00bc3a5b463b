import { describe, expect, it } from 'vitest';
import { lineDiff, otpLines, simLines } from './compare';
import { parse } from '../../runtime/design/parse';
import type { RecordedEvent } from './recording';

describe('lineDiff', () => {
  it('keeps common lines and pairs a removed run with an added one', () => {
    const rows = lineDiff(['kill a', '  restarted a', '  restarted b', 'kill c'], ['kill a', '  restarted a', 'kill c', '  restarted c']);
    expect(rows).toEqual([
      { kind: 'same', left: 'kill a', right: 'kill a' },
      { kind: 'same', left: '  restarted a', right: '  restarted a' },
      { kind: 'left', left: '  restarted b' },
      { kind: 'same', left: 'kill c', right: 'kill c' },
      { kind: 'right', right: '  restarted c' },
    ]);
  });
  it('marks a line that differs in place as changed', () => {
    expect(lineDiff(['x', 'sim says 1', 'z'], ['x', 'otp says 2', 'z'])).toEqual([
      { kind: 'same', left: 'x', right: 'x' },
      { kind: 'changed', left: 'sim says 1', right: 'otp says 2' },
      { kind: 'same', left: 'z', right: 'z' },
    ]);
  });
  it('handles empty sides', () => {
    expect(lineDiff([], ['a'])).toEqual([{ kind: 'right', right: 'a' }]);
    expect(lineDiff(['a'], [])).toEqual([{ kind: 'left', left: 'a' }]);
    expect(lineDiff([], [])).toEqual([]);
  });
});

describe('sim vs OTP outcome lines', () => {
  const doc = parse({
    format: 'supervisor-studio', version: 2, title: 't',
    nodes: [
      { id: 'root', kind: 'supervisor', name: 'root', strategy: 'rest_for_one', position: { x: 0, y: 0 } },
      { id: 'a', kind: 'worker', name: 'a', behaviour: 'echo', position: { x: 0, y: 100 } },
      { id: 'b', kind: 'worker', name: 'b', behaviour: 'echo', position: { x: 200, y: 100 } },
    ],
    edges: [
      { id: 'e1', kind: 'supervision', source: 'root', target: 'a', order: 0 },
      { id: 'e2', kind: 'supervision', source: 'root', target: 'b', order: 1 },
    ],
  });
  if (!doc.ok) throw new Error(JSON.stringify(doc.errors));
  const paths = new Map([['n@h app/root', 'root'], ['n@h app/root/a', 'a'], ['n@h app/root/b', 'b']]);
  const ev = (e: Partial<RecordedEvent>): RecordedEvent => ({ at: '', t: 0, bridgeT: 0, seq: 0, node: 'n@h', type: 'command', ...e }) as RecordedEvent;

  it('turns the bridge events into one block per command', () => {
    const { steps, lines } = otpLines([
      ev({ type: 'restart', path: 'app/root/a' }), // before any command: not part of the comparison
      ev({ type: 'command', command: 'kill', pid: '<0.1.0>', targetPath: 'app/root/a' }),
      ev({ type: 'exit', path: 'app/root/a', reason: 'killed' }),
      ev({ type: 'exit', path: 'app/root/b', reason: 'shutdown' }),
      ev({ type: 'spawn', path: 'app/root/a' }),
      ev({ type: 'restart', path: 'app/root/b' }),
      ev({ type: 'restart', path: 'app/root/a' }),
      ev({ type: 'command', command: 'exit', reason: ':bye', pid: '<0.2.0>', path: 'app/root/b' }),
      ev({ type: 'exit', path: 'app/root/b', reason: 'bye' }),
      ev({ type: 'exit', path: 'app/other/x', reason: 'shutdown' }), // not in the design
    ], paths);
    expect(steps).toEqual([{ command: 'kill', nodeId: 'a' }, { command: 'exit', nodeId: 'b', reason: ':bye' }]);
    expect(lines).toEqual(['kill a', '  restarted a', '  restarted b', 'exit b (:bye)', '  stopped b']);
  });

  it('the simulator restarts what rest_for_one restarts: a kill of a restarts a and b, a kill of b only b', () => {
    const lines = simLines(doc.doc, [{ command: 'kill', nodeId: 'a' }, { command: 'kill', nodeId: 'b' }]);
    expect(lines).toEqual(['kill a', '  restarted a', '  restarted b', 'kill b', '  restarted b']);
    const rows = lineDiff(lines, ['kill a', '  restarted a', 'kill b', '  restarted b']);
    expect(rows.filter((r) => r.kind !== 'same')).toEqual([{ kind: 'left', left: '  restarted b' }]);
  });
});
