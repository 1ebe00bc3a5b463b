// Run on BEAM and the simulator-vs-OTP comparison, on real Elixir/OTP: a template's Elixir export compiled in a temp
// folder and started on a fresh local node through the bridge's WebSocket (run → kill → the real restart in the
// events → stop: node and folder gone), and `compare` on the CLI and over the WebSocket.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { LiveProcess, LiveTree } from '../../bridge/client';
import { diffSorted } from '../../bridge/run';
import { startServer, type LiveEvent, type RunningServer } from '../../bridge/server';
import { main } from '../main';

const hasElixir = spawnSync('mix', ['--version'], { stdio: 'ignore' }).status === 0;
const TEMPLATE = 'templates/ch9-rest-for-one.suptree';
const design = readFileSync(TEMPLATE, 'utf8');
const runFolders = () => readdirSync(tmpdir()).filter((f) => f.startsWith('studio-beam-'));

async function connect(url: string) {
  const ws = new WebSocket(url);
  const inbox: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (d) => { inbox.push(JSON.parse(String(d))); waiters.splice(0).forEach((w) => w()); });
  const next = (pred: (m: Record<string, unknown>) => boolean, what: string, ms = 60_000) => new Promise<Record<string, unknown>>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(inbox.map((m) => m.type))}`)), ms);
    const check = () => {
      const i = inbox.findIndex(pred);
      if (i >= 0) { clearTimeout(t); resolve(inbox.splice(i, 1)[0]); } else waiters.push(check);
    };
    check();
  });
  await next((m) => m.type === 'hello', 'hello');
  return { ws, next };
}

describe('diffSorted', () => {
  it('merges two sorted multisets into =, < (left only) and > (right only)', () => {
    expect(diffSorted(['a', 'b', 'b', 'd'], ['b', 'c', 'd', 'e'])).toEqual([
      { side: '<', line: 'a' }, { side: '=', line: 'b' }, { side: '<', line: 'b' }, { side: '>', line: 'c' }, { side: '=', line: 'd' }, { side: '>', line: 'e' },
    ]);
  });
});

describe.skipIf(!hasElixir)('Run on BEAM and compare (elixir and mix are installed by .ci/run)', () => {
  let server: RunningServer | undefined;
  // a temp dir of this file's own (others may run designs on BEAM at the same time): run folders are counted in it
  const tmpBefore = process.env.TMPDIR;
  let tmp = '';
  beforeAll(() => { tmp = mkdtempSync(join(tmpdir(), 'bridge-run-test-')); process.env.TMPDIR = tmp; });
  afterAll(async () => {
    await server?.close();
    if (tmpBefore === undefined) delete process.env.TMPDIR; else process.env.TMPDIR = tmpBefore;
    rmSync(tmp, { recursive: true, force: true });
  });

  it('compare: one scenario on the simulator and on real OTP, side by side, in the exports\' line format', async () => {
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => { out.push(String(s)); return true; });
    let code;
    try {
      code = await main(['compare', TEMPLATE, '--scenario', 'kill the middle child', '--json']);
    } finally {
      spy.mockRestore();
    }
    const c = JSON.parse(out.join(''));
    expect(code).toBe(0);
    expect(c.same).toBe(true);
    // rest_for_one: killing b stops c, then both start again — on both sides
    for (const side of [c.compared.simulator, c.compared.otp]) {
      expect(side).toContain('000001\texit\trest_sup/b\t:killed');
      expect(side).toContain('000001\texit\trest_sup/c\t:shutdown');
      expect(side.filter((l: string) => l.startsWith('000001\tstart'))).toEqual(['000001\tstart\trest_sup/b\t', '000001\tstart\trest_sup/c\t']);
    }
    expect(c.otp.every((l: string) => /^\d+\t\d+\t(start|exit|note|reply)\t/.test(l))).toBe(true);
    expect(await main(['compare', TEMPLATE, '--scenario', 'no such scenario'])).toBe(1);
  }, 180000);

  it('run: compiles the export, starts it on a fresh node, attaches; a kill restarts for real; stop removes node and folder', async () => {
    const before = runFolders();
    server = await startServer([], { allowRun: true, pollMs: 0 });
    const { ws, next } = await connect(server.url);
    // what cannot be run or compared says why, before compiling anything
    ws.send(JSON.stringify({ type: 'run', id: 'bad', design: '{"not": "a design"}' }));
    expect(await next((m) => m.id === 'bad', 'bad design')).toMatchObject({ type: 'error', message: expect.stringMatching(/not a design/) });
    ws.send(JSON.stringify({ type: 'compare', id: 'custom', design: readFileSync('templates/drill-2-try-rescue-after.suptree', 'utf8'), scenario: 'x' }));
    expect(await next((m) => m.id === 'custom', 'custom design')).toMatchObject({ type: 'error', message: expect.stringMatching(/custom behaviours/) });
    ws.send(JSON.stringify({ type: 'stop', id: 'x', node: 'somebody@else' }));
    expect(await next((m) => m.id === 'x', 'stop a foreign node')).toMatchObject({ type: 'error', message: expect.stringMatching(/not started by this bridge/) });
    ws.send(JSON.stringify({ type: 'run', id: 1, design }));
    const running = await next((m) => m.type === 'running' || m.type === 'error', 'running', 120_000);
    expect(running, String(running.message)).toMatchObject({ type: 'running', id: 1, app: 'chapter_9_preview_rest_for_one' });
    const node = String(running.node);
    expect(node).toMatch(/^studio_run_[0-9a-f]{8}@/);
    expect(running.designPaths).toMatchObject({ chapter_9_preview_rest_for_one: 'rest_sup', 'chapter_9_preview_rest_for_one/b': 'rest_sup/b' });
    expect(runFolders().length).toBe(before.length + 1);
    expect((await next((m) => m.type === 'nodes', 'nodes')).nodes).toEqual([node]);

    ws.send(JSON.stringify({ type: 'tree', node }));
    const tree = (await next((m) => m.type === 'tree', 'tree')).tree as LiveTree;
    const root = tree.apps.find((a) => a.app === 'chapter_9_preview_rest_for_one')!.root;
    expect(root).toMatchObject({ kind: 'supervisor', strategy: 'rest_for_one' });
    expect(root.children.map((c: LiveProcess) => c.id)).toEqual(['a', 'b', 'c']);
    const b = root.children[1].pid!;

    ws.send(JSON.stringify({ type: 'unlock', node }));
    await next((m) => m.type === 'unlocked', 'unlocked');
    ws.send(JSON.stringify({ type: 'command', node, command: 'kill', pid: b }));
    expect(await next((m) => m.type === 'result', 'kill')).toMatchObject({ ok: true });
    const seen: LiveEvent[] = [];
    while (!seen.some((e) => e.type === 'restart' && e.path?.endsWith('/c'))) seen.push(...((await next((m) => m.type === 'events', 'events')).events as LiveEvent[]));
    const story = seen.filter((e) => ['exit', 'restart'].includes(e.type) && e.path).map((e) => `${e.type} ${e.path} ${e.reason ?? ''}`.trim());
    expect(story).toEqual([
      'exit chapter_9_preview_rest_for_one/b :killed', 'exit chapter_9_preview_rest_for_one/c :shutdown',
      'restart chapter_9_preview_rest_for_one/b', 'restart chapter_9_preview_rest_for_one/c',
    ]);

    ws.send(JSON.stringify({ type: 'stop', id: 2, node }));
    expect(await next((m) => m.type === 'stopped' || m.type === 'error', 'stopped')).toMatchObject({ type: 'stopped', id: 2, node });
    expect(runFolders()).toEqual(before);
    const names = spawnSync('epmd', ['-names'], { encoding: 'utf8' }).stdout;
    expect(names).not.toContain(node.split('@')[0]);
    // comparing over the same connection
    ws.send(JSON.stringify({ type: 'compare', id: 3, design, scenario: 'kill the first child' }));
    const cmp = await next((m) => m.type === 'comparison' || m.type === 'error', 'comparison', 120_000);
    expect(cmp).toMatchObject({ type: 'comparison', id: 3, same: true, scenario: 'kill the first child' });
    expect((cmp.diff as { side: string }[]).every((d) => d.side === '=')).toBe(true);
    expect(runFolders()).toEqual(before); // compare's temp folder is gone too
    ws.close();
  }, 180000);
});
