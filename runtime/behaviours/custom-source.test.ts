import { describe, expect, it } from 'vitest';
import { CustomSourceError, LOOP_BUDGET, LoopGuardError, guardClock, guardLoops, loadCustomModule } from './custom-source';

describe('guardLoops', () => {
  it('puts a guard into every kind of loop without moving lines', () => {
    const js = ['for (let i = 0; i < 3; i++) { a(); }', 'while (x) y();', 'do { z(); } while (q);', 'for (const k of ks) ;', 'for (const k in o) {}'].join('\n');
    const out = guardLoops(js);
    expect(out.split('\n')).toHaveLength(5);
    expect(out.match(/__guard\(/g)).toHaveLength(5);
    expect(out).toContain('while (x) {__guard(2);y();}');
    expect(out).toContain('do {__guard(3); z(); }');
  });
  it('leaves loop-like text in strings and comments alone', () => {
    const js = 'const s = "while (true) {}"; // for (;;) {}\n';
    expect(guardLoops(js)).toBe(js);
  });
});

describe('loadCustomModule', () => {
  it('runs TypeScript callbacks', () => {
    const m = loadCustomModule('adder', `
      interface S { n: number }
      export default {
        init(p: { start: number }): { ok: S } { return { ok: { n: p.start } }; },
        handleCall(msg: number, _from: unknown, s: S) { return { reply: s.n + msg, state: { n: s.n + msg } }; },
      };`);
    expect(m.init!({ start: 2 })).toEqual({ ok: { n: 2 } });
    expect(m.handleCall!(3, null, { n: 2 })).toEqual({ reply: 5, state: { n: 5 } });
  });

  it('stops an infinite loop with an error that names the handler and the line', () => {
    const m = loadCustomModule('spinner', [
      'export default {',
      '  handleCast(msg, state) {',
      '    let i = 0;',
      '    while (true) { i++; }',
      '  },',
      '};',
    ].join('\n'));
    let err: unknown;
    try {
      m.handleCast!('go', {});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LoopGuardError);
    const g = err as LoopGuardError;
    expect(g.handler).toBe('handleCast');
    expect(g.line).toBe(4);
    expect(g.message).toMatch(/spinner.*handleCast.*line 4.*loop ran too long/);
  });

  it('fails the handler even when the user catches the guard error', () => {
    const m = loadCustomModule('sly', `export default {
      handleInfo(msg, state) {
        try { for (;;) {} } catch (e) { /* swallowed */ }
        return { state };
      },
    };`);
    expect(() => m.handleInfo!('x', {})).toThrow(LoopGuardError);
  });

  it('loads and locates errors for an id that is not a safe file name (line break, comment end)', () => {
    const m = loadCustomModule('bad\nid */', 'export default {\n  handleCast() {\n    throw new Error("x");\n  },\n};');
    try {
      m.handleCast!('x', {});
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CustomSourceError);
      expect((e as CustomSourceError).line).toBe(3);
    }
  });

  it('points a runtime error at its line in the TypeScript source', () => {
    const m = loadCustomModule('oops', [
      'type T = { a: number };',
      'export default {',
      '  handleCall(msg: T, _f: unknown, s: unknown) {',
      '    const x: any = null;',
      '    return x.boom;',
      '  },',
      '};',
    ].join('\n'));
    try {
      m.handleCall!({ a: 1 }, null, {});
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CustomSourceError);
      expect((e as CustomSourceError).line).toBe(5);
      expect((e as CustomSourceError).handler).toBe('handleCall');
    }
  });

  it('reports a syntax error with its line', () => {
    try {
      loadCustomModule('broken', 'export default {\n  init() {\n    return {ok: 1\n  },\n};');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CustomSourceError);
      expect((e as CustomSourceError).message).toMatch(/syntax error/);
      expect((e as CustomSourceError).line).toBeGreaterThanOrEqual(3);
    }
  });

  it('refuses a module without a default export object, and a callback that is not a function', () => {
    expect(() => loadCustomModule('empty', 'export default 3;')).toThrow(/export default/);
    expect(() => loadCustomModule('bad', 'export default { init: 3 };')).toThrow(/init must be a function/);
  });

  it('lets a deliberately thrown non-Error value through unchanged', () => {
    const m = loadCustomModule('thrower', 'export default { handleCast() { throw "oops"; } };');
    expect(() => m.handleCast!()).toThrow('oops');
  });
});

describe('the loop guard time backstop (issue 15 item 7)', () => {
  it('stops a loop with a slow body within about twice the limit, whatever the body costs', () => {
    // a fake clock: every iteration's body costs 26 ms (before the fix the guard first read the clock after 1,024
    // iterations and then every 1,024th: 2,048 iterations, 53 s)
    let fake = 0;
    const real = guardClock.now;
    guardClock.now = () => fake;
    const g = globalThis as { __body?: () => void };
    let bodies = 0;
    g.__body = () => {
      bodies++;
      fake += 26;
    };
    try {
      const m = loadCustomModule('slow', 'export default { handleCast(msg, state) { for (;;) { globalThis.__body(); } } };');
      expect(() => m.handleCast!('go', {})).toThrow(/more than 2000 ms/);
      expect(fake).toBeGreaterThan(LOOP_BUDGET.ms);
      expect(fake).toBeLessThanOrEqual(2 * LOOP_BUDGET.ms);
      expect(bodies).toBeLessThan(160);
      // time spent before the first loop counts too
      const late = loadCustomModule('late', 'export default { handleCast(msg, state) { globalThis.__body(); for (let i = 0; i < 3; i++) {} return { state }; } };');
      fake = 0;
      g.__body = () => {
        fake += LOOP_BUDGET.ms + 1;
      };
      expect(() => late.handleCast!('go', {})).toThrow(/more than 2000 ms/);
    } finally {
      guardClock.now = real;
      delete g.__body;
    }
  });

  it('cheap iterations read the clock rarely and still stop on the iteration budget', () => {
    let reads = 0;
    const real = guardClock.now;
    guardClock.now = () => (reads++, 0);
    try {
      const m = loadCustomModule('tight', 'export default { handleCast(msg, state) { let i = 0; while (true) { i++; } } };');
      expect(() => m.handleCast!('go', {})).toThrow(/more than 5,000,000 iterations/);
      expect(reads).toBeLessThan(LOOP_BUDGET.iterations / 500);
    } finally {
      guardClock.now = real;
    }
  });
});
