// The live BEAM bridge against a real node: a target Elixir node with a supervision tree (Registry, DynamicSupervisor,
// two workers), attached through the bridge's hidden node. Every node started here is killed in afterAll.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { BeamBridge, type LiveProcess, type LiveTree } from '../../bridge/client';
import { liveTreeToDesign } from '../../bridge/import';
import { EventLog, startServer, type LiveEvent, type RunningServer } from '../../bridge/server';
import { parse } from '../../runtime/design/parse';
import { validate } from '../../runtime/design/validate';
import { main } from '../main';

const hasElixir = spawnSync('elixir', ['--version'], { stdio: 'ignore' }).status === 0;
const COOKIE = `c${randomBytes(6).toString('hex')}`;

const TARGET = `
defmodule W do
  use GenServer
  def start_link(name), do: GenServer.start_link(__MODULE__, name, name: name)
  def init(n), do: {:ok, n}
  def handle_call(:state, _from, s), do: {:reply, {:ok, s}, s}
  def handle_call(:slow, _from, s), do: (Process.sleep(3000); {:reply, :late, s})
  def handle_info({:set, v}, _s), do: {:noreply, v}
end
defmodule Frag do
  # a supervisor started after the bridge attached (as from iex), that gives up on the second crash
  def start do
    spawn(fn ->
      Process.flag(:trap_exit, true)
      {:ok, _} = Supervisor.start_link([Supervisor.child_spec({W, :fragile}, id: :fragile)], strategy: :one_for_one, max_restarts: 1, max_seconds: 3600, name: Fragile)
      Process.sleep(:infinity)
    end)
    :ok
  end
end
children = [
  {Registry, keys: :unique, name: MyReg},
  {DynamicSupervisor, name: MyDyn, strategy: :one_for_one, max_restarts: 7},
  Supervisor.child_spec({W, :worker_a}, id: :worker_a),
  Supervisor.child_spec({W, :worker_b}, id: :worker_b, restart: :transient, shutdown: 2000)
]
{:ok, _} = Supervisor.start_link(children, strategy: :rest_for_one, max_restarts: 5, max_seconds: 10, name: MyRootSup)
{:ok, _} = DynamicSupervisor.start_child(MyDyn, Supervisor.child_spec({W, :dyn_w}, restart: :temporary))
IO.puts("READY #{node()}")
Process.sleep(:infinity)
`;

let target: ChildProcess | undefined;
let targetNode = '';
let bridge: BeamBridge | undefined;
let server: RunningServer | undefined;
let dir = '';

/** Kill a process group we started (elixir's launcher and the VM under it). */
const killGroup = (p: ChildProcess | undefined) => {
  if (p?.pid && p.exitCode === null && p.signalCode === null) {
    try { process.kill(-p.pid, 'SIGKILL'); } catch { /* already gone */ }
  }
};

/** Run `code` on a throwaway hidden node connected to the target (what an independent observer sees). */
function onTarget(code: string): string {
  const r = spawnSync('elixir', ['--sname', `check_${randomBytes(3).toString('hex')}`, '--cookie', COOKIE, '--erl', '-hidden', '-e',
    `t = :"${targetNode}"; true = Node.connect(t); ${code}`], { encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) throw new Error(`check node failed: ${r.stderr}`);
  return r.stdout.trim();
}

const find = (p: LiveProcess, id: string): LiveProcess | undefined => p.id === id ? p : p.children.map((c) => find(c, id)).find(Boolean);
const rootOf = (t: LiveTree) => t.apps.find((a) => a.root.registeredName === 'MyRootSup')!.root;

/** A WebSocket client that keeps every message: `next(pred)` takes the first one matching (waiting for it). */
async function connect(url: string) {
  const ws = new WebSocket(url);
  const inbox: Record<string, unknown>[] = [];
  const frames: string[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (d) => { frames.push(String(d)); inbox.push(JSON.parse(String(d))); waiters.splice(0).forEach((w) => w()); });
  const next = (pred: (m: Record<string, unknown>) => boolean, what: string) => new Promise<Record<string, unknown>>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(inbox.map((m) => m.type))}`)), 20_000);
    const check = () => {
      const i = inbox.findIndex(pred);
      if (i >= 0) { clearTimeout(t); resolve(inbox.splice(i, 1)[0]); } else waiters.push(check);
    };
    check();
  });
  const hello = await next((m) => m.type === 'hello', 'hello');
  return { ws, next, frames, hello };
}

describe.skipIf(!hasElixir)('bridge to a live BEAM node (elixir is installed by .ci/run)', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bridge-test-'));
    target = spawn('elixir', ['--sname', `target_${randomBytes(4).toString('hex')}`, '--cookie', COOKIE, '-e', TARGET], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    targetNode = await new Promise<string>((resolve, reject) => {
      let out = '';
      const t = setTimeout(() => reject(new Error(`target node did not start: ${out}`)), 30_000);
      target!.stdout!.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        const m = /READY (\S+)/.exec(out);
        if (m) { clearTimeout(t); resolve(m[1]); }
      });
      target!.on('exit', (code) => { clearTimeout(t); reject(new Error(`target node exited (${code}): ${out}`)); });
    });
    bridge = await BeamBridge.open({ node: targetNode, cookie: COOKIE });
  });

  afterAll(async () => {
    await server?.close().catch(() => {});
    bridge?.close();
    killGroup(target);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads the live tree and imports it as a design that validates', async () => {
    const tree = await bridge!.tree();
    const root = rootOf(tree);
    expect(root.kind).toBe('supervisor');
    expect(root.strategy).toBe('rest_for_one');
    expect([root.intensity, root.period]).toEqual([5, 10]);
    expect(root.children.map((c) => c.id)).toEqual(['MyReg', 'MyDyn', 'worker_a', 'worker_b']);
    expect(find(root, 'worker_a')).toMatchObject({ kind: 'worker', status: 'waiting', messageQueueLen: 0, trapExit: false, registeredName: 'worker_a' });

    const doc = parse(liveTreeToDesign(tree));
    expect(doc.ok).toBe(true);
    if (!doc.ok) return;
    expect(validate(doc.doc).filter((d) => d.severity === 'error')).toEqual([]);
    const byName = Object.fromEntries(doc.doc.nodes.map((n) => [n.name, n]));
    expect(byName.my_root_sup).toMatchObject({ kind: 'supervisor', strategy: 'rest_for_one', maxRestarts: 5, maxSeconds: 10 });
    expect(byName.my_reg).toMatchObject({ kind: 'registry' });
    expect(byName.my_dyn).toMatchObject({ kind: 'dynamic_supervisor', maxRestarts: 7 });
    expect(byName.worker_a).toMatchObject({ kind: 'worker', restart: 'permanent', shutdown: 5000 });
    expect(byName.worker_b).toMatchObject({ kind: 'worker', restart: 'transient', shutdown: 2000 });
    expect(byName.dyn_w).toMatchObject({ kind: 'worker', restart: 'temporary' });
    // system applications (kernel, elixir, logger) are left out
    expect(Object.keys(byName).sort()).toEqual(['dyn_w', 'my_dyn', 'my_reg', 'my_root_sup', 'worker_a', 'worker_b']);
    const sup = (parent: string) => doc.doc.edges.filter((e) => e.kind === 'supervision' && e.source === parent).sort((a, b) => (a.kind === 'supervision' && b.kind === 'supervision' ? a.order - b.order : 0)).map((e) => e.target);
    expect(sup('my_root_sup')).toEqual(['my_reg', 'my_dyn', 'worker_a', 'worker_b']);
    expect(sup('my_dyn')).toEqual(['dyn_w']);
  });

  it('imports from the command line atomically, never over an existing file without --force', async () => {
    const out = join(dir, 'live.suptree');
    const args = ['bridge', '--node', targetNode, '--cookie', COOKIE, '--import', out];
    // nothing the command prints carries the cookie (a wrong node's error included)
    const printed: string[] = [];
    const spies = [process.stdout, process.stderr].map((st) => vi.spyOn(st, 'write').mockImplementation((x) => { printed.push(String(x)); return true; }));
    try {
      expect(await main(args)).toBe(0);
      expect(await main(['bridge', '--node', `nobody_${randomBytes(3).toString('hex')}@${targetNode.split('@')[1]}`, '--cookie', COOKIE, '--import', join(dir, 'none.suptree')])).toBe(1);
    } finally {
      spies.forEach((sp) => sp.mockRestore());
    }
    expect(printed.join('')).toMatch(/imported 6 processes[\s\S]*cannot connect to nobody_/);
    expect(printed.join('')).not.toContain(COOKIE);
    const first = readFileSync(out, 'utf8');
    expect(first).not.toContain(COOKIE);
    expect(await main(['validate', out])).toBe(0);
    expect(await main(args)).toBe(1); // exists
    expect(readFileSync(out, 'utf8')).toBe(first);
    expect(await main([...args, '--force'])).toBe(0);
  });

  it('refuses a WebSocket without the right token', async () => {
    server = await startServer(bridge!, { pollMs: 300 });
    const status = (url: string) => new Promise<number | 'open'>((resolve) => {
      const ws = new WebSocket(url);
      ws.on('open', () => { ws.close(); resolve('open'); });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => {});
    });
    const base = `ws://127.0.0.1:${server.port}/`;
    expect(await status(base)).toBe(401);
    expect(await status(`${base}?token=wrong`)).toBe(401);
    expect(await status(`${base}?token=${server.token}x`)).toBe(401);
    expect(await status(server.url)).toBe('open');
  });

  it('refuses a kill until unlocked, then kills and the real restart shows in the next tree', async () => {
    server ??= await startServer(bridge!, { pollMs: 300 });
    const { ws, next } = await connect(server.url);
    ws.send(JSON.stringify({ type: 'tree' }));
    const before = (await next((m) => m.type === 'tree', 'tree')).tree as LiveTree;
    const oldPid = find(rootOf(before), 'worker_a')!.pid!;
    const bPid = find(rootOf(before), 'worker_b')!.pid!;

    ws.send(JSON.stringify({ type: 'command', command: 'kill', pid: oldPid }));
    const refused = await next((m) => m.type === 'result', 'refusal');
    expect(refused).toMatchObject({ ok: false });
    expect(String(refused.error)).toMatch(/read-only/);
    expect(onTarget(`IO.puts(:rpc.call(t, Process, :alive?, [:rpc.call(t, :erlang, :list_to_pid, [~c"${oldPid}"])]))`)).toBe('true');

    ws.send(JSON.stringify({ type: 'unlock', node: targetNode }));
    await next((m) => m.type === 'unlocked', 'unlocked');
    ws.send(JSON.stringify({ type: 'command', command: 'kill', pid: oldPid }));
    expect(await next((m) => m.type === 'result', 'kill result')).toMatchObject({ ok: true });

    // pushed by the agent (tracing + the supervisor's report), in order: collect until worker_b's restart is seen
    const seen: LiveEvent[] = [];
    while (!seen.some((e) => e.type === 'restart' && e.path?.endsWith('/worker_b'))) {
      seen.push(...((await next((m) => m.type === 'events', 'events after the kill')).events as LiveEvent[]));
    }
    const rootPid = rootOf(before).pid!;
    const story = seen.filter((e) => e.pid === oldPid || e.pid === bPid || e.sup === rootPid || e.type === 'command')
      .map((e) => `${e.type} ${e.type === 'command' ? e.command : e.path?.split('/').pop() ?? e.child} ${e.reason ?? ''}`.trim());
    // the command first, then: worker_a killed, the supervisor's report, rest_for_one stops worker_b, both start again
    expect(story.slice(0, 4)).toEqual(['command kill', 'exit worker_a :killed', 'child_terminated worker_a :killed', 'exit worker_b :shutdown']);
    expect(story).toContain('restart worker_a');
    expect(story).toContain('restart worker_b');
    expect(story.indexOf('restart worker_a')).toBeLessThan(story.indexOf('restart worker_b'));
    const seqs = seen.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const ts = seen.filter((e) => e.type !== 'command').map((e) => e.t);
    expect(ts).toEqual([...ts].sort((a, b) => a - b));
    expect(seen.find((e) => e.type === 'restart' && e.path?.endsWith('/worker_a'))).toMatchObject({ old: oldPid, sup: rootPid, child: 'worker_a', node: targetNode });
    expect(seen.find((e) => e.type === 'child_terminated')).toMatchObject({ sup: rootPid, supName: 'MyRootSup', child: 'worker_a', pid: oldPid, restart: 'permanent' });
    // the tree the bridge sent after those events (earlier trees may still be in the inbox)
    let after: LiveTree;
    do after = (await next((m) => m.type === 'tree', 'tree after kill')).tree as LiveTree;
    while (find(rootOf(after), 'worker_a')!.pid === oldPid);
    const newPid = find(rootOf(after), 'worker_a')!.pid;
    expect(newPid).toMatch(/^<\d+\.\d+\.\d+>$/);
    expect(newPid).not.toBe(oldPid);
    // rest_for_one: worker_b (started after worker_a) was restarted too
    expect(find(rootOf(after), 'worker_b')!.pid).not.toBe(bPid);
    ws.close();
  });

  it('sends, calls (reply, timeout, no such process) and exits with any reason, only after unlock; never shows the cookie', async () => {
    server ??= await startServer(bridge!, { pollMs: 300 });
    const { ws, next, frames } = await connect(server.url);
    let id = 0;
    const command = async (c: Record<string, unknown>) => {
      const me = ++id;
      ws.send(JSON.stringify({ type: 'command', id: me, ...c }));
      return next((m) => m.type === 'result' && m.id === me, `result of ${JSON.stringify(c)}`);
    };
    expect(await command({ command: 'call', pid: 'worker_b', message: ':state' })).toMatchObject({ ok: false, error: expect.stringMatching(/read-only/) });
    expect(await command({ command: 'send', pid: 'worker_b', message: '{:set, "x"}' })).toMatchObject({ ok: false, error: expect.stringMatching(/read-only/) });
    ws.send(JSON.stringify({ type: 'unlock', node: targetNode }));
    await next((m) => m.type === 'unlocked', 'unlocked');

    expect(await command({ command: 'call', pid: 'worker_b', message: ':state' })).toMatchObject({ ok: true, reply: '{:ok, :worker_b}', node: targetNode });
    expect(await command({ command: 'send', pid: 'worker_b', message: '{:set, %{"text" => "hello", n: [1, -2.5]}}' })).toMatchObject({ ok: true });
    expect(await command({ command: 'call', pid: 'worker_b', message: ':state' })).toMatchObject({ ok: true, reply: '{:ok, %{:n => [1, -2.5], "text" => "hello"}}' });
    const slow = await command({ command: 'call', pid: 'worker_b', message: ':slow', timeoutMs: 100 });
    expect(slow).toMatchObject({ ok: true });
    expect(String(slow.exit)).toMatch(/^:timeout$|timeout/);
    expect(await command({ command: 'call', pid: 'no_such_process', message: ':state' })).toMatchObject({ ok: false, error: expect.stringMatching(/no such process/) });
    expect(await command({ command: 'send', pid: 'worker_b', message: 'File.rm!("x")' })).toMatchObject({ ok: false, error: expect.stringMatching(/only literal terms/) });
    expect(await command({ command: 'send', pid: 'worker_b; rm', message: ':x' })).toMatchObject({ ok: false, error: expect.stringMatching(/pid/) });

    // exit with a structured reason: the exit event carries it as Elixir prints it
    const aPid = find(rootOf(await bridge!.tree()), 'worker_a')!.pid!;
    expect(await command({ command: 'exit', pid: aPid, reason: '{:shutdown, :bye}' })).toMatchObject({ ok: true });
    const exits: LiveEvent[] = [];
    while (!exits.some((e) => e.type === 'exit' && e.pid === aPid)) exits.push(...((await next((m) => m.type === 'events', 'exit event')).events as LiveEvent[]));
    expect(exits.find((e) => e.type === 'exit' && e.pid === aPid)).toMatchObject({ reason: '{:shutdown, :bye}', path: 'MyRootSup/worker_a' });
    ws.close();
    // nothing the bridge sent carries the cookie, nor does the hidden node's command line
    expect(frames.join('\n')).not.toContain(COOKIE);
    expect(frames.length).toBeGreaterThan(10);
    const hidden = readFileSync(`/proc/${bridge!.pid}/cmdline`, 'utf8');
    expect(hidden).toContain('studio_bridge_');
    expect(hidden).not.toContain(COOKIE);
  });

  it('traces a supervisor started after attaching; reports its restart, then its giving up (intensity), in order', async () => {
    server ??= await startServer(bridge!, { pollMs: 0 });
    const { ws, next } = await connect(server.url);
    const events: LiveEvent[] = [];
    const until = async (pred: (e: LiveEvent) => boolean, what: string) => {
      for (let e = events.find(pred); ; e = events.find(pred)) {
        if (e) return e;
        events.push(...((await next((m) => m.type === 'events', what)).events as LiveEvent[]));
      }
    };
    expect(onTarget(`IO.puts(inspect(:rpc.call(t, Frag, :start, [])))`)).toBe(':ok');
    // the agent looks for new trees every 2 s: wait until it traces this one (asked on the target itself)
    for (let traced = ''; traced !== 'true';) {
      traced = onTarget(`IO.puts(match?({:tracer, p} when is_pid(p), :rpc.call(t, :erlang, :trace_info, [:rpc.call(t, Process, :whereis, [Fragile]), :tracer])))`);
    }
    const tree = await bridge!.tree();
    const fragile = tree.apps.find((a) => a.root.registeredName === 'Fragile')!.root;
    const first = fragile.children[0].pid!;
    ws.send(JSON.stringify({ type: 'unlock', node: targetNode }));
    await next((m) => m.type === 'unlocked', 'unlocked');
    ws.send(JSON.stringify({ type: 'command', command: 'kill', pid: first }));
    expect(await next((m) => m.type === 'result', 'kill result')).toMatchObject({ ok: true });
    const restart = await until((e) => e.type === 'restart' && e.old === first, 'the first restart');
    expect(restart).toMatchObject({ path: 'Fragile/fragile', sup: fragile.pid });
    ws.send(JSON.stringify({ type: 'command', command: 'kill', pid: restart.pid }));
    const gaveUp = await until((e) => e.type === 'intensity', 'the supervisor giving up');
    expect(gaveUp).toMatchObject({ sup: fragile.pid, supName: 'Fragile', child: 'fragile', reason: ':reached_max_restart_intensity' });
    const supExit = await until((e) => e.type === 'exit' && e.pid === fragile.pid, 'the supervisor\'s exit');
    expect(supExit.reason).toBe(':shutdown');
    const second = events.find((e) => e.type === 'child_terminated' && e.pid === restart.pid)!;
    expect(second.seq).toBeLessThan(gaveUp.seq);
    expect(gaveUp.seq).toBeLessThan(supExit.seq);
    ws.close();
  });

  it('detach removes the agent and leaves the supervision tree untouched', async () => {
    const tree = await bridge!.tree();
    expect(bridge!.agentModule).toMatch(/^SupervisorStudio\.BridgeAgent\.S[0-9A-F]{8}$/);
    expect(onTarget(`IO.puts(inspect(:rpc.call(t, :code, :is_loaded, [${bridge!.agentModule}])))`)).toMatch(/^\{:file/);
    expect(onTarget(`IO.puts(inspect(:rpc.call(t, :logger, :get_handler_ids, []) |> Enum.filter(&String.starts_with?(Atom.to_string(&1), "studio_bridge"))))`)).toMatch(/^\[:studio_bridge_S[0-9A-F]{8}\]$/);
    // the design's trees are traced, Erlang's and Elixir's own applications are not
    expect(onTarget(`IO.puts(inspect(for n <- [MyRootSup, :kernel_sup, :logger_sup], do: match?({:tracer, p} when is_pid(p), :rpc.call(t, :erlang, :trace_info, [:rpc.call(t, Process, :whereis, [n]), :tracer]))))`)).toBe('[true, false, false]');
    const pids = rootOf(tree).children.map((c) => `${c.id}=${c.pid}`).join(' ');
    await server?.close();
    server = undefined;
    expect(await bridge!.detach()).toEqual({ agentLoaded: false });
    const seen = onTarget(`
      IO.puts(inspect(:rpc.call(t, :code, :is_loaded, [${bridge!.agentModule}])))
      handlers = :rpc.call(t, :logger, :get_handler_ids, []) |> Enum.filter(&String.starts_with?(Atom.to_string(&1), "studio_bridge"))
      traced = for p <- :rpc.call(t, Process, :list, []), :rpc.call(t, :erlang, :trace_info, [p, :flags]) not in [{:flags, []}, :undefined], do: p
      IO.puts("handlers=#{inspect(handlers)} traced=#{length(traced)}")
      kids = :rpc.call(t, Supervisor, :which_children, [MyRootSup])
      IO.puts(kids |> Enum.reverse() |> Enum.map(fn {id, pid, _, _} -> "#{inspect(id) |> String.trim_leading(":")}=#{:rpc.call(t, :erlang, :pid_to_list, [pid])}" end) |> Enum.join(" "))`);
    const [loaded, cleaned, after] = seen.split('\n');
    expect(loaded).toBe('false');
    expect(cleaned).toBe('handlers=[] traced=0'); // the logger handler is gone, no process is traced any more
    expect(after).toBe(pids);
  });
});

describe.skipIf(!hasElixir)('a bridge that dies without detaching (elixir is installed by .ci/run)', () => {
  it('leaves nothing behind: the agent notices, stops tracing, removes its handler and unloads itself', async () => {
    // its own target, so this does not depend on the tests above
    const node = spawn('elixir', ['--sname', `orphan_${randomBytes(4).toString('hex')}`, '--cookie', COOKIE, '-e', TARGET], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const name = await new Promise<string>((resolve, reject) => {
        let out = '';
        node.stdout!.setEncoding('utf8').on('data', (d: string) => { out += d; const m = /READY (\S+)/.exec(out); if (m) resolve(m[1]); });
        node.on('exit', (c) => reject(new Error(`target exited ${c}`)));
      });
      targetNode = name;
      const b = await BeamBridge.open({ node: name, cookie: COOKIE });
      await b.startEvents();
      expect(onTarget(`IO.puts(inspect(:rpc.call(t, :code, :is_loaded, [${b.agentModule}]) != false))`)).toBe('true');
      process.kill(-b.pid!, 'SIGKILL'); // the hidden node, gone without a word
      let seen = '';
      for (let i = 0; i < 30 && seen !== 'false [] 0'; i++) {
        seen = onTarget(`
          loaded = :rpc.call(t, :code, :is_loaded, [${b.agentModule}]) != false
          handlers = :rpc.call(t, :logger, :get_handler_ids, []) |> Enum.filter(&String.starts_with?(Atom.to_string(&1), "studio_bridge"))
          traced = for p <- :rpc.call(t, Process, :list, []), :rpc.call(t, :erlang, :trace_info, [p, :flags]) not in [{:flags, []}, :undefined], do: p
          IO.puts("#{loaded} #{inspect(handlers)} #{length(traced)}")`);
      }
      expect(seen).toBe('false [] 0');
    } finally {
      killGroup(node);
    }
  }, 120_000);
});

describe('EventLog', () => {
  const leaf = (id: string, pid: string): LiveProcess => ({ id, pid, kind: 'worker', children: [] });
  const tree = (a: string, b?: string): LiveTree => ({
    node: 'n@h', apps: [{ app: 'demo', root: { pid: '<0.1.0>', kind: 'supervisor', children: [leaf('a', a), ...(b ? [leaf('b', b)] : [])] } }],
  });
  it('numbers and times events, gives them their tree path, and derives a restart where a child id gets a new pid', () => {
    const log = new EventLog(1_000_000_000);
    log.seed('n@h', tree('<0.2.0>', '<0.3.0>'));
    log.learn('n@h', tree('<0.9.0>', '<0.3.0>'));
    const out = log.add('n@h', [
      { type: 'exit', pid: '<0.2.0>', reason: ':killed', us: 1_000_010_000 },
      { type: 'spawn', pid: '<0.9.0>', parent: '<0.1.0>', label: 'W', us: 1_000_012_500 },
      { type: 'spawn', pid: '<0.50.0>', parent: '<0.9.0>', us: 1_000_013_000 },
    ]);
    expect(out.map((e) => [e.seq, e.type, e.t, e.path, e.pid])).toEqual([
      [1, 'exit', 10, 'demo/a', '<0.2.0>'],
      [2, 'spawn', 12.5, 'demo/a', '<0.9.0>'],
      [3, 'restart', 12.5, 'demo/a', '<0.9.0>'],
      [4, 'spawn', 13, undefined, '<0.50.0>'],
    ]);
    expect(out[2]).toMatchObject({ old: '<0.2.0>', sup: '<0.1.0>', child: 'a', node: 'n@h' });
    // a process no tree ever showed (it crashed before the next read): placed, and its restart found, by the report
    const fresh = new EventLog(0);
    fresh.learn('n@h', tree('<0.7.0>'));
    const placed = fresh.add('n@h', [
      { type: 'exit', pid: '<0.6.0>', reason: ':killed', us: 1000 },
      { type: 'child_terminated', sup: '<0.1.0>', child: 'a', pid: '<0.6.0>', reason: ':killed', us: 1001 },
      { type: 'spawn', pid: '<0.7.0>', parent: '<0.1.0>', us: 1002 },
    ]);
    expect(placed.map((e) => `${e.type} ${e.path} ${e.pid}${e.old ? ` old ${e.old}` : ''}`)).toEqual([
      'exit demo/a <0.6.0>', 'child_terminated demo/a <0.6.0>', 'spawn demo/a <0.7.0>', 'restart demo/a <0.7.0> old <0.6.0>',
    ]);
    // a node going down is an event of the node that went down, seen by whoever reported it
    expect(log.add('n@h', [{ type: 'nodedown', peer: 'b@h', us: 1_000_020_000 } as never])[0]).toMatchObject({ type: 'nodedown', node: 'b@h', seenBy: 'n@h', seq: 5 });
  });
});
