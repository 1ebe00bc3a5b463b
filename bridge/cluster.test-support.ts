// Test support (never shipped): the two-node cluster that the bridge's cluster test (cli/commands/bridge-cluster.test.ts)
// and the app's cluster e2e (e2e/live-cluster.spec.ts) both attach to. Node a runs worker_a under SupA; node b runs
// a worker, `:linker`, that links itself to worker_a on node a (the first node b connects to).
import { spawn, type ChildProcess } from 'node:child_process';

export const NODE_A = `
defmodule W do
  use GenServer
  def start_link(name), do: GenServer.start_link(__MODULE__, name, name: name)
  def init(n), do: {:ok, n}
end
{:ok, _} = Supervisor.start_link([Supervisor.child_spec({W, :worker_a}, id: :worker_a)], strategy: :one_for_one, name: SupA)
IO.puts("READY #{node()}")
Process.sleep(:infinity)
`;

export const NODE_B = (a: string): string => `
defmodule Linker do
  use GenServer
  def start_link(_), do: GenServer.start_link(__MODULE__, nil, name: :linker)
  def init(_) do
    pid = :rpc.call(:"${a}", Process, :whereis, [:worker_a])
    if is_pid(pid), do: Process.link(pid)
    {:ok, pid}
  end
end
true = Node.connect(:"${a}")
{:ok, _} = Supervisor.start_link([Linker], strategy: :one_for_one, max_restarts: 10, name: SupB)
IO.puts("READY #{node()}")
Process.sleep(:infinity)
`;

/** Start `cmd args` in a process group of its own; resolves once its output matches `ready` (rejects if it exits or
 *  `timeoutMs` passes first). The child is added to `started` so an afterAll can stop every one. */
export function startUntil(started: ChildProcess[], cmd: string, args: string[], ready: RegExp, what: string, timeoutMs = 60_000): Promise<{ p: ChildProcess; out: string }> {
  const p = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(p);
  return new Promise((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error(`${what} did not start: ${out}`)), timeoutMs);
    p.stdout!.setEncoding('utf8').on('data', (d: string) => { out += d; if (ready.test(out)) { clearTimeout(t); resolve({ p, out }); } });
    p.stderr!.setEncoding('utf8').on('data', (d: string) => { out += d; });
    p.once('exit', (code) => { clearTimeout(t); reject(new Error(`${what} exited (${code}): ${out}`)); });
  });
}

/** Signal a child's whole process group (an elixir node is a shell script's children), if it still runs. */
export function stopGroup(p: ChildProcess | undefined, signal: NodeJS.Signals): void {
  if (p?.pid && p.exitCode === null && p.signalCode === null) {
    try { process.kill(-p.pid, signal); } catch { /* gone */ }
  }
}
