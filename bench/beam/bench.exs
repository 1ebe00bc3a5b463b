# bench.exs -- the kernel benchmark workloads on real BEAM, one workload per VM.
#
#   elixir --erl "+P 4000000" bench.exs <workload> <runs> [args...]
#
# Prints one JSON line: {"workload": ..., "runs": [values...], "median": ..., "extra": {...}} (after a warm-up run,
# except for bytes_per_process).
# Times come from :erlang.monotonic_time, memory from :erlang.memory. Workloads mirror bench/kernel.ts.

:logger.set_primary_config(:level, :none)

defmodule Bench.Ring do
  def node_loop(next, parent) do
    receive do
      0 -> send(parent, :ring_done); node_loop(next, parent)
      n -> send(next, n - 1); node_loop(next, parent)
    end
  end

  # n processes in a ring, one token passed n * laps times; returns hops per second
  def run(n, laps) do
    parent = self()
    pids = for _ <- 1..n, do: spawn(fn -> receive(do: ({:next, nx} -> node_loop(nx, parent))) end)
    Enum.zip(pids, tl(pids) ++ [hd(pids)]) |> Enum.each(fn {p, nx} -> send(p, {:next, nx}) end)
    hops = n * laps
    t0 = :erlang.monotonic_time(:nanosecond)
    send(hd(pids), hops)
    receive(do: (:ring_done -> :ok))
    t1 = :erlang.monotonic_time(:nanosecond)
    Enum.each(pids, &Process.exit(&1, :kill))
    hops / ((t1 - t0) / 1.0e9)
  end
end

defmodule Bench.Echo do
  use GenServer
  def init(s), do: {:ok, s}
  def handle_call(:ping, _from, s), do: {:reply, :pong, s}
end

defmodule Bench.Call do
  def run(calls) do
    {:ok, pid} = GenServer.start(Bench.Echo, 0)
    t0 = :erlang.monotonic_time(:nanosecond)
    loop(pid, calls)
    t1 = :erlang.monotonic_time(:nanosecond)
    GenServer.stop(pid)
    calls / ((t1 - t0) / 1.0e9)
  end

  defp loop(_pid, 0), do: :ok
  defp loop(pid, n), do: (:pong = GenServer.call(pid, :ping); loop(pid, n - 1))
end

defmodule Bench.Spawn do
  def idle, do: receive(do: (:stop -> :ok))

  def spawn_all(n), do: spawn_all(n, [])
  defp spawn_all(0, acc), do: acc
  defp spawn_all(n, acc), do: spawn_all(n - 1, [spawn(&idle/0) | acc])

  # spawns per second; asserts all n are alive at once
  def run(n) do
    before = :erlang.system_info(:process_count)
    t0 = :erlang.monotonic_time(:nanosecond)
    pids = spawn_all(n)
    t1 = :erlang.monotonic_time(:nanosecond)
    alive = :erlang.system_info(:process_count) - before
    if alive != n, do: raise("spawn: #{alive} alive, expected #{n}")
    kill_all(pids)
    n / ((t1 - t0) / 1.0e9)
  end

  # bytes per idle process after GC: :erlang.memory(:total) delta (includes the list holding the pids)
  def bytes(n) do
    :erlang.garbage_collect()
    m0 = :erlang.memory(:total)
    pids = spawn_all(n)
    Enum.each(:erlang.processes(), &:erlang.garbage_collect/1)
    m1 = :erlang.memory(:total)
    alive = Enum.count(pids, &Process.alive?/1)
    if alive != n, do: raise("bytes: #{alive} alive, expected #{n}")
    kill_all(pids)
    (m1 - m0) / n
  end

  def kill_all(pids) do
    refs = Enum.map(pids, &Process.monitor/1)
    Enum.each(pids, &Process.exit(&1, :kill))
    Enum.each(refs, fn r -> receive(do: ({:DOWN, ^r, _, _, _} -> :ok)) end)
  end
end

defmodule Bench.Child do
  use GenServer
  def start_link(bench), do: GenServer.start_link(__MODULE__, bench)
  def init(bench), do: (send(bench, :started); {:ok, nil})
end

defmodule Bench.Storm do
  # one_for_one supervisor with n children; kill them all; seconds until all n are restarted
  def once(n) do
    bench = self()
    children = for i <- 1..n, do: Supervisor.child_spec({Bench.Child, bench}, id: i)
    {:ok, sup} = Supervisor.start_link(children, strategy: :one_for_one, max_restarts: 10 * n, max_seconds: 3600)
    drain(n)
    pids = for {_, pid, _, _} <- Supervisor.which_children(sup), do: pid
    t0 = :erlang.monotonic_time(:nanosecond)
    Enum.each(pids, &Process.exit(&1, :kill))
    drain(n)
    t1 = :erlang.monotonic_time(:nanosecond)
    Process.unlink(sup)
    ref = Process.monitor(sup)
    Process.exit(sup, :kill)
    receive(do: ({:DOWN, ^ref, _, _, _} -> :ok))
    (t1 - t0) / 1.0e9
  end

  defp drain(0), do: :ok
  defp drain(n), do: receive(do: (:started -> drain(n - 1)))
end

defmodule Bench.Main do
  def median(xs), do: Enum.at(Enum.sort(xs), div(length(xs), 2))

  def measure(runs, f) do
    f.()
    for _ <- 1..runs, do: f.()
  end

  def main([w, runs | args]) do
    runs = String.to_integer(runs)
    args = Enum.map(args, &String.to_integer/1)

    {values, extra} =
      case {w, args} do
        {"ring", [n, laps]} -> {measure(runs, fn -> Bench.Ring.run(n, laps) end), %{}}
        {"call", [calls]} -> {measure(runs, fn -> Bench.Call.run(calls) end), %{}}
        {"spawn", [n]} -> {measure(runs, fn -> Bench.Spawn.run(n) end), %{}}
        {"bytes_per_process", [n]} -> {for(_ <- 1..runs, do: Bench.Spawn.bytes(n)), %{}}
        {"restart_storm", [n]} ->
          secs = measure(runs, fn -> Bench.Storm.once(n) end)
          {Enum.map(secs, &(n / &1)), %{}}
        {"restart_cost", [small, large]} ->
          s = median(measure(runs, fn -> Bench.Storm.once(small) end)) / small
          l = median(measure(runs, fn -> Bench.Storm.once(large) end)) / large
          {[l / s], %{"us_per_restart_small" => s * 1.0e6, "us_per_restart_large" => l * 1.0e6}}
      end

    IO.puts(json(%{"workload" => w, "runs" => values, "median" => median(values), "extra" => extra}))
  end

  defp json(m) when is_map(m), do: "{" <> Enum.map_join(m, ",", fn {k, v} -> "\"#{k}\":" <> json(v) end) <> "}"
  defp json(l) when is_list(l), do: "[" <> Enum.map_join(l, ",", &json/1) <> "]"
  defp json(s) when is_binary(s), do: "\"#{s}\""
  defp json(n) when is_number(n), do: to_string(n)
end

Bench.Main.main(System.argv())
