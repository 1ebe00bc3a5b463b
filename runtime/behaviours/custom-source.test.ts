import { describe, expect, it } from 'vitest';
import { CustomSourceError, LoopGuardError, guardLoops, loadCustomModule } from './custom-source';

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
