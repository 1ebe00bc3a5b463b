// The CLI sandbox against hostile custom behaviours (issue 15 item 2): each one tries to escape (files, network,
// programs, other processes, secrets) or to take the CLI down (endless loops the guard cannot see, huge
// allocations, process.exit, pollution, getters). The sandbox must deny every escape, stop every runaway with one
// line naming the behaviour, and the CLI process must come through unharmed.
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../main';
import { runSandboxed } from './host';

let dir = '';
let server: Server;
let port = 0;
let connections = 0;
let out = '';
let err = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'studio-sandbox-'));
  server = createServer((c) => {
    connections++;
    c.destroy();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  out = err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
});
afterEach(() => vi.restoreAllMocks());

/** A design whose one worker runs `source` (a custom behaviour); its scenario calls it once. */
function design(name: string, source: string): string {
  const file = join(dir, `${name}.suptree`);
  writeFileSync(file, JSON.stringify({
    format: 'supervisor-studio', version: 1, title: name,
    nodes: [
      { id: 'sup', kind: 'supervisor', name: 'sup', position: { x: 0, y: 0 }, strategy: 'one_for_one' },
      { id: 'evil', kind: 'worker', name: 'evil', position: { x: 0, y: 100 }, behaviour: 'evil', params: {} },
    ],
    edges: [{ id: 'e', kind: 'supervision', source: 'sup', target: 'evil', order: 0 }],
    scenarios: [{ name: 'go', untilMs: 500, commands: [{ at: 100, type: 'call', target: 'evil', message: 'go' }] }],
    customBehaviours: [{ id: 'evil', title: 'Evil', description: '', source }],
  }));
  return file;
}

/** A behaviour whose handleCall runs `attack` and replies with its result, or "denied <code>" when it throws. */
const attacking = (attack: string, top = '') => `${top}
export default {
  init() { return { ok: 0 }; },
  handleCall(msg, from, state) {
    let r;
    try { r = (() => { ${attack} })(); } catch (e) { r = 'denied ' + (e && (e.code || e.name)); }
    return { reply: String(r), state };
  },
};`;

const canary = () => join(dir, 'CANARY');
const LIMITS = { memoryMb: 192, handlerMs: 1500 };
const sandboxed = (file: string, ...args: string[]) => runSandboxed(['run', file, ...args], LIMITS);

describe('the CLI sandbox denies escapes', () => {
  const denied: [string, string][] = [
    ['fs write through process.getBuiltinModule', `process.getBuiltinModule('node:fs').writeFileSync(${JSON.stringify('CANARY')}, 'x'); return 'ESCAPED'`],
    ['fs read of /etc/passwd', `return process.getBuiltinModule('fs').readFileSync('/etc/passwd', 'utf8')`],
    ['process.binding("fs")', `return typeof process.binding('fs').open`],
    ['child_process through the Function constructor', `return Function('return process')().getBuiltinModule('child_process').execSync('id').toString()`],
    ['a native addon', `process.dlopen({ exports: {} }, '/lib/x.node'); return 'ESCAPED'`],
    ['fetch', `fetch('http://127.0.0.1:PORT/'); return 'ESCAPED'`],
    ['signalling the CLI process', `process.kill(process.ppid, 'SIGWINCH'); return 'ESCAPED'`],
    ['a require smuggled through eval', `return eval('require')('fs').readFileSync('/etc/passwd', 'utf8')`],
  ];
  it.each(denied)('%s', async (_name, attack) => {
    const file = design('deny', attacking(attack.replace('PORT', String(port)).replace('"CANARY"', JSON.stringify(canary()))));
    expect(await sandboxed(file)).toBe(0);
    expect(out).toMatch(/sup\/evil :go → :"denied (ERR_ACCESS_DENIED|ReferenceError|ERR_DLOPEN_DISABLED)"/);
    expect(out).not.toMatch(/ESCAPED/);
  });

  it('sees no environment variables of the CLI (no secrets)', async () => {
    process.env.STUDIO_TEST_SECRET = 'hunter2';
    try {
      expect(await sandboxed(design('env', attacking(`return JSON.stringify(Object.keys(process.env))`)))).toBe(0);
    } finally {
      delete process.env.STUDIO_TEST_SECRET;
    }
    expect(out).toMatch(/:go → :"\[\]"/);
  });

  it('denies network, files and threads to code that runs later (promises, dynamic import)', async () => {
    const file = design('async', attacking('return 1', `
      const report = (what) => (e) => console.error('ATTEMPTED ' + what + ' ' + (e && (e.code || e.message)));
      Promise.resolve().then(() => process.getBuiltinModule('node:net').connect(${port}, '127.0.0.1')).catch(report('net'));
      Promise.resolve().then(() => import('node:fs')).then((fs) => fs.writeFileSync(${JSON.stringify(canary())}, 'x')).catch(report('import'));
      Promise.resolve().then(() => new (Function('return process')().getBuiltinModule('node:worker_threads').Worker)('1', { eval: true })).catch(report('worker'));
    `));
    expect(await sandboxed(file)).toBe(0);
    expect(err).toMatch(/ATTEMPTED net ERR_ACCESS_DENIED/);
    expect(err).toMatch(/ATTEMPTED import /);
    expect(err).toMatch(/ATTEMPTED worker ERR_ACCESS_DENIED/);
  });

  afterAll(() => {
    expect(existsSync(canary())).toBe(false);
    expect(connections).toBe(0);
  });
});

describe('the CLI sandbox stops runaways with one line naming the behaviour', () => {
  const stopped: [string, string, RegExp][] = [
    ['exponential recursion (no loop for the guard)', `const f = (n) => (n <= 0 ? 0 : f(n - 1) + f(n - 1)); return f(80);`, /custom behaviour "evil", handleCall did not return within 1\.5 s/],
    ['a catastrophic regular expression', `return /^(a+)+$/.test('a'.repeat(60) + 'b');`, /custom behaviour "evil", handleCall did not return within 1\.5 s/],
    ['a huge built-in call', `return 'x'.repeat(2 ** 29 - 24).split('').length;`, /^Stopped: (custom behaviour "evil", handleCall|the design's custom code) (used more than the 192 MB|crashed the JavaScript engine \(fatal JavaScript invalid size error)/],
    ['memory growing in a loop', `const a = []; for (;;) a.push(new Array(1e6).fill(1));`, /Stopped: custom behaviour "evil", handleCall used more than the 192 MB/],
  ];
  it.each(stopped)('%s', async (_name, attack, message) => {
    // memory cases get a long time limit: near the heap limit the garbage collector is slow on a loaded machine
    const limits = /MB/.test(message.source) ? { ...LIMITS, handlerMs: 60_000 } : LIMITS;
    expect(await runSandboxed(['run', design('stop', attacking(attack))], limits)).toBe(1);
    expect(err).toMatch(message);
    expect(err.trim().split('\n')).toHaveLength(1);
  });

  it('top-level code that never returns', async () => {
    expect(await sandboxed(design('top', `const f = (n) => (n <= 0 ? 0 : f(n - 1) + f(n - 1)); f(80); export default {};`))).toBe(1);
    expect(err).toMatch(/custom behaviour "evil" \(its top-level code\) did not return within 1\.5 s/);
  });

  it('process.exit in custom code', async () => {
    expect(await sandboxed(design('exit', attacking(`process.exit(0)`)))).toBe(1);
    expect(err).toMatch(/the run ended before it finished/);
  });

  it('an endless loop is stopped by the loop guard, the run goes on', async () => {
    expect(await sandboxed(design('loop', attacking(`while (true) {}`)))).toBe(0);
    expect(out).toMatch(/:go → :"denied Error"|exit|restart/);
  });

  it('prototype pollution and hostile getters stay inside the sandbox', async () => {
    const file = design('pollute', attacking(`Object.prototype.polluted = 'yes'; Array.prototype.join = () => 'PWNED'; return { toString() { return 'ok' }, get x() { throw new Error('getter') } };`));
    expect(await sandboxed(file)).toBe(0); // its own output may be garbled (it replaced join): its own run only
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect([1, 2].join(',')).toBe('1,2');
    out = '';
    expect(await sandboxed(design('clean', attacking('return Object.prototype.polluted')))).toBe(0); // a fresh sandbox per run
    expect(out).toMatch(/:go → :undefined /);
  });
});

describe('main() runs custom code only in the sandbox', () => {
  it('run, blast and campaign through main() cannot write files', async () => {
    const file = design('main', attacking(`return 1`, `try { process.getBuiltinModule('node:fs').writeFileSync(${JSON.stringify(canary())}, 'x'); } catch (e) { console.error('TOP ' + e.code); }`));
    for (const args of [['run', file], ['blast', file, '--node', 'evil'], ['campaign', file, '--runs', '2']]) {
      err = '';
      expect(await main(args)).toBe(0);
      expect(err).toMatch(/TOP ERR_ACCESS_DENIED/);
    }
    expect(existsSync(canary())).toBe(false);
  });

  it('a FIFO or a folder named as the design is refused, never opened', async () => {
    expect(await main(['run', dir])).toBe(1);
    expect(err).toMatch(/Cannot read .*: it is a folder\./);
    err = '';
    const fifo = join(dir, 'pipe.suptree');
    execFileSync('mkfifo', [fifo]);
    err = '';
    expect(await main(['run', fifo])).toBe(1); // before the stat check: blocked forever opening the pipe
    expect(err).toMatch(/Cannot read .*pipe\.suptree: it is not a regular file \(a pipe, socket or device\)\./);
  });
});
