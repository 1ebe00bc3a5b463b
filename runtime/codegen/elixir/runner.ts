// The generic scenario runner of an exported mix project (`__APP__.Runner`) and its mix task. It starts the design's
// roots from the calling process (their parent, like the studio's run host), replays a scenario's timed commands in
// real time, and prints one line per supervision event:
//
//   <ms since start> TAB <commands issued so far> TAB start|exit|note|reply TAB <path or target> TAB <detail>
//
// Terms in `detail` are printed like the studio prints them (runtime/kernel/terms.ts `fmt`: stacktraces as `:stack`),
// with pids and references written `#PID` / `#Reference`.
export const RUNNER = String.raw`defmodule __APP__.Runner do
  @moduledoc "Runs the design's scenarios on real OTP and prints supervision events (see the README)."
  alias __APP__.{Scenarios, Studio}
  import Bitwise

  @doc "Entry of mix scenario: [--verbose] [--seed N] NAME | --all | --list. Without --verbose, OTP's crash reports are not printed."
  def main(args) do
    {verbose, args} = Enum.split_with(args, &(&1 == "--verbose"))
    if verbose == [], do: :logger.set_primary_config(:level, :none)

    case args do
      ["--seed", seed | rest] -> dispatch(rest, String.to_integer(seed))
      _ -> dispatch(args, 1)
    end
  end

  defp dispatch(["--list"], _seed), do: Enum.each(Scenarios.all(), &IO.puts(&1.name))

  defp dispatch(["--all"], seed), do: dispatch(Enum.map(Scenarios.all(), & &1.name), seed)

  defp dispatch([_ | _] = names, seed) do
    Enum.each(names, fn name ->
      IO.puts("## scenario\t" <> String.replace(name, ~r/\r\n|[\r\n\x{2028}\x{2029}]/u, " "))
      print(run(name, seed))
    end)
  end

  defp dispatch([], _seed), do: IO.puts("usage: mix scenario [--verbose] [--seed N] NAME... | --all | --list")

  defp print(events), do: Enum.each(lines(events), &IO.puts/1)

  @doc "Events as printed lines: ms, commands issued so far, kind, path, detail (TAB-separated; every export's format)."
  def lines(events) do
    Enum.map(events, fn {t, cmd, kind, path, detail} ->
      Enum.join([t, cmd, kind, path, if(detail == nil, do: "", else: fmt(detail))], "\t")
    end)
  end

  @doc """
  Lines as they are compared with the studio simulator's (runtime/codegen/events.ts comparableLines): without the
  milliseconds (real time jitters, virtual time does not), each with its phase (commands issued before it; commands at
  the same time are one phase), a child started at run time (pool_worker_3) without its number. What OTP orders is
  compared in order: every start and exit as one sequence; per process its own start, notes and exit; per call target
  its answers. Only the order between a note or an answer and other processes' lines is left open (two processes
  reacting to one exit run concurrently). SKIP leaves out the notes and replies of the processes in skip.paths (what
  real time cannot reproduce: custom behaviours' skeletons, a telemetry window under load; see the test file).
  """
  def comparable(lines, commands, skip \\ %{paths: []}) do
    ats = commands |> Enum.map(& &1.at) |> Enum.sort()

    phase = fn
      0 -> 0
      n -> Enum.count(ats, &(&1 <= Enum.at(ats, n - 1)))
    end

    rows =
      lines
      |> Enum.map(&String.split(&1, "\t"))
      |> Enum.map(fn [_ms, n, kind, path | detail] ->
        {String.pad_leading(Integer.to_string(phase.(String.to_integer(n))), 6, "0"), kind, Studio.generic_path(path), path, Enum.join(detail, "\t")}
      end)
      |> Enum.reject(fn {_, kind, _, raw, _} -> kind in ["note", "reply"] and raw in skip.paths end)

    supervision = for {ph, kind, path, _, d} <- rows, kind in ["start", "exit"], do: Enum.join(["~", ph, kind, path, d], "\t")

    streams =
      rows
      |> Enum.map(fn {ph, kind, path, _, d} ->
        key = if kind == "reply", do: "reply " <> path, else: path
        {key, Enum.join([key, ph, kind, d], "\t")}
      end)
      |> Enum.group_by(&elem(&1, 0), &elem(&1, 1))
      |> Enum.sort_by(&elem(&1, 0))
      |> Enum.flat_map(&elem(&1, 1))

    supervision ++ streams
  end

  @doc "A scenario by name."
  def scenario(name), do: Enum.find(Scenarios.all(), &(&1.name == name)) || raise(ArgumentError, "no scenario named #{inspect(name)}")

  @doc "Runs one scenario (by name, or a map: name, until_ms, commands) and returns its events (seed: the run's, for chaos)."
  def run(sc, seed \\ 1), do: Enum.map(run_detailed(sc, seed), fn {t, cmd, kind, path, detail, _gen} -> {t, cmd, kind, path, detail} end)

  @doc "Runs a scenario given as a map (name, until_ms, commands), e.g. the tests' start-up, and returns its events."
  def run_scenario(sc), do: run(sc)

  @doc """
  Runs one scenario and returns its events with the generation of the process each start and exit is about
  ({t, cmd, kind, path, detail, gen}: gen 1 is the first process started for path, 2 the next, ...; nil for notes and
  replies), so the exits of two processes of one path are told apart whatever order they came in.
  """
  def run_detailed(sc, seed \\ 1)
  def run_detailed(name, seed) when is_binary(name), do: run_detailed(scenario(name), seed)

  def run_detailed(sc, seed) do
    Process.flag(:trap_exit, true)
    Studio.reset_tables()
    Studio.start_prng(seed)
    # time 0 is when the tree starts, as in the simulator, whose commands are timed from the start of the run (a
    # slow init takes time there too); a command due while the tree is still starting is issued once it is up
    collector = spawn_link(fn -> receive(do: ({:t0, t0} -> collect(t0, 0, {%{}, %{}}, []))) end)
    Process.register(collector, Studio.trace_name())
    t0 = now()
    send(collector, {:t0, t0})
    roots = Enum.map(__APP__.root_specs(), fn %{start: {m, f, a}} -> apply(m, f, a) end)
    loads = Scenarios.start_load_sources()
    chaos = spawn_link(fn -> chaos_loop(sfc32(bxor(seed, 0x43484153)), 0, collector) end)
    ctx = %{loads: loads, collector: collector, chaos: chaos}

    # in time order (a scenario may list them otherwise), as the simulator's timers fire them; a command at the same
    # millisecond as the one before it waits until what that one set off has settled, as in the simulator, where
    # each command runs to quiescence before the next timer fires
    sc.commands
    |> Enum.sort_by(& &1.at)
    |> Enum.with_index(1)
    |> Enum.reduce(nil, fn {cmd, i}, prev ->
      Studio.next_command_at(t0 + cmd.at)
      if cmd.at == prev, do: settle(), else: sleep_until(t0 + cmd.at)
      send(collector, {:command, i})
      command(cmd, ctx)
      cmd.at
    end)

    Studio.next_command_at(nil)

    sleep_until(t0 + sc.until_ms)
    send(collector, {:dump, self()})
    events = receive do: ({:events, events} -> events)
    Process.unregister(Studio.trace_name())
    Process.exit(chaos, :kill)
    stop(Map.values(loads) ++ for({:ok, pid} <- roots, do: pid))
    Process.exit(collector, :kill)
    flush()
    events
  end

  defp now, do: System.monotonic_time(:millisecond)

  # until every other process is idle (waiting in a receive, nothing in its mailbox) on two polls in a row, for at
  # most 50 ms (a load source keeps the system busy)
  defp settle, do: settle(0, now() + 50)
  defp settle(2, _deadline), do: :ok

  defp settle(n, deadline) do
    if now() < deadline do
      Process.sleep(1)
      if idle?(), do: settle(n + 1, deadline), else: settle(0, deadline)
    end
  end

  defp idle? do
    me = self()

    Enum.all?(Process.list(), fn
      ^me -> true
      pid ->
        case Process.info(pid, [:status, :message_queue_len]) do
          nil -> true
          [status: :waiting, message_queue_len: 0] -> true
          _ -> false
        end
    end)
  end
  defp sleep_until(t), do: Process.sleep(max(0, t - now()))

  defp stop(pids) do
    for pid <- Enum.reverse(pids), is_pid(pid), Process.alive?(pid) do
      ref = Process.monitor(pid)
      Process.exit(pid, :shutdown)
      receive do: ({:DOWN, ^ref, :process, _, _} -> :ok)
    end
  end

  defp flush do
    receive do
      _ -> flush()
    after
      0 -> :ok
    end
  end

  # The run commands: one group of clauses per entry of Supervisor Studio's run-command catalog
  # (runtime/sim/commands.ts), so a scenario does here what it does in the simulator.
__COMMANDS__

  # A fault inside the process: the process computes the reason and dies of it, as if an exception had escaped it
  # (its trap_exit is switched off first, so the exit signal it sends itself ends it). Through :sys, so it works on
  # any OTP process that is not stuck; the caller is a throwaway process, so nothing here waits for the target.
  defp inject(t, reason) do
    if pid = Studio.whereis(t) do
      spawn(fn ->
        catch_exit(fn ->
          :sys.replace_state(
            pid,
            fn s ->
              r = reason.()
              Process.flag(:trap_exit, false)
              Process.exit(self(), r)
              s
            end,
            :infinity
          )
        end)
      end)
    end
  end

  defp stacktrace do
    {:current_stacktrace, st} = Process.info(self(), :current_stacktrace)
    st
  end

  defp catch_exit(f) do
    f.()
  catch
    :exit, _ -> :ok
  end

  # Chaos, as in the studio: kills at exponential intervals (whole ms, at least 1), each of a design worker picked
  # uniformly among the running ones, every number from the run's chaos stream (sfc32 seeded with seed ^^^ "CHAS").
  defp chaos_loop(prng, epoch, collector) do
    receive do
      {:set, on, rate} ->
        if on and rate > 0,
          do: chaos_next(prng, rate, epoch + 1, collector),
          else: chaos_loop(prng, epoch + 1, collector)

      {:tick, ^epoch, rate} ->
        running = Enum.filter(Scenarios.workers(), &Studio.whereis_path/1)

        prng =
          if running == [] do
            prng
          else
            {i, prng} = pick(prng, length(running))
            path = Enum.at(running, i)

            if pid = Studio.whereis_path(path) do
              send(collector, {:studio_note, path, :chaos_kill, %{}})
              Process.exit(pid, :kill)
            end

            prng
          end

        chaos_next(prng, rate, epoch, collector)

      {:tick, _, _} ->
        chaos_loop(prng, epoch, collector)
    end
  end

  defp chaos_next(prng, rate, epoch, collector) do
    {u, prng} = next(prng)
    Process.send_after(self(), {:tick, epoch, rate}, max(1, round(-:math.log(1 - u) / rate * 1000)))
    chaos_loop(prng, epoch, collector)
  end

  # sfc32, as runtime/kernel/prng.ts (Studio.sfc32/1): the same seed gives the same numbers.
  defp sfc32(seed), do: Studio.sfc32(seed)
  defp next(prng), do: Studio.sfc32_next(prng)

  defp pick(prng, n) do
    {u, prng} = next(prng)
    {floor(u * n), prng}
  end

  # paths: {monitor ref => {path, generation}, path => generations so far}
  defp collect(t0, cmd, {refs, gens} = paths, events) do
    receive do
      {:command, i} ->
        collect(t0, i, paths, events)

      {:studio_started, path, pid} ->
        ref = Process.monitor(pid)
        gen = Map.get(gens, path, 0) + 1
        collect(t0, cmd, {Map.put(refs, ref, {path, gen}), Map.put(gens, path, gen)}, [{now() - t0, cmd, :start, path, nil, gen} | events])

      {:DOWN, ref, :process, _pid, reason} ->
        {{path, gen}, refs} = Map.pop(refs, ref)
        collect(t0, cmd, {refs, gens}, [{now() - t0, cmd, :exit, path, reason, gen} | events])

      {:studio_note, path, event, data} ->
        collect(t0, cmd, paths, [{now() - t0, cmd, :note, path, {event, data}, nil} | events])

      {:reply, target, result} ->
        collect(t0, cmd, paths, [{now() - t0, cmd, :reply, target, result, nil} | events])

      {:unsupported, what} ->
        collect(t0, cmd, paths, [{now() - t0, cmd, :note, "", {:unsupported, what}, nil} | events])

      {:dump, from} ->
        send(from, {:events, Enum.reverse(events)})
        collect(t0, cmd, paths, events)
    end
  end

  @doc "A term printed as the studio prints it (pids and references anonymous)."
  def fmt(t) when is_boolean(t) or is_nil(t), do: inspect(t)

  def fmt(t) when is_atom(t) do
    case Atom.to_string(t) do
      "Elixir." <> name -> name
      _ -> inspect(t)
    end
  end

  def fmt(t) when is_integer(t) or is_float(t) or is_binary(t), do: inspect(t)
  def fmt(t) when is_pid(t), do: "#PID"
  def fmt(t) when is_reference(t), do: "#Reference"
  def fmt(t) when is_tuple(t), do: "{" <> Enum.map_join(Tuple.to_list(t), ", ", &fmt/1) <> "}"
  def fmt([]), do: "[]"

  def fmt(t) when is_list(t) do
    if Enum.all?(t, &match?({m, f, a, loc} when is_atom(m) and is_atom(f) and (is_integer(a) or is_list(a)) and is_list(loc), &1)),
      do: ":stack",
      else: "[" <> Enum.map_join(t, ", ", &fmt/1) <> "]"
  end

  def fmt(%{__struct__: mod} = s) do
    fields = s |> Map.from_struct() |> Map.delete(:__exception__) |> Enum.sort()
    "%" <> fmt(mod) <> "{" <> Enum.map_join(fields, ", ", fn {k, v} -> key(k) <> fmt(v) end) <> "}"
  end

  def fmt(t) when is_map(t), do: "%{" <> Enum.map_join(Enum.sort(t), ", ", fn {k, v} -> key(k) <> fmt(v) end) <> "}"
  def fmt(t), do: inspect(t)

  defp key(k) when is_atom(k) and not is_boolean(k) and not is_nil(k) do
    s = Atom.to_string(k)
    if Regex.match?(~r/^[a-zA-Z_][a-zA-Z0-9_@]*[?!]?$/, s), do: s <> ": ", else: inspect(s) <> ": "
  end

  defp key(k), do: fmt(k) <> " => "
end
`;

export const MIX_TASK = String.raw`defmodule Mix.Tasks.Scenario do
  @shortdoc "Runs a scenario of the design and prints its supervision events"
  @moduledoc "mix scenario [--verbose] NAME... | --all | --list (the application is not started: the runner starts the tree)."
  use Mix.Task

  @impl true
  def run(args) do
    # --warnings-as-errors is handed to the compile step (tests compile and run in one VM)
    {compile_args, args} = Enum.split_with(args, &(&1 == "--warnings-as-errors"))
    Mix.Task.run("compile", compile_args)
    __APP__.Runner.main(args)
  end
end
`;
