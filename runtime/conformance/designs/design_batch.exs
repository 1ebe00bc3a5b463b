# design_batch.exs -- runs many exported designs (Elixir exports of runtime/codegen/elixir.ts) in ONE Erlang VM.
#
#   elixir design_batch.exs DIR...
#
# Each DIR holds one export (its lib/ tree; the mix task is skipped), a file `app` with the export's module prefix
# and a file `prefix` that every process name of the design starts with. Both are unique within one batch, so
# several designs run side by side (@concurrency at a time: a scenario mostly waits in real time). Per design: compile
# its modules in memory (Kernel.ParallelCompiler), run its scenario "fuzz" with the export's own runner
# (`Runner.run_detailed`, which also stops the tree at the end) in a fresh process, then unload the modules (purging
# kills whatever still runs their code) and print the events.
#
# Output per design: `## design DIR`, then one line per event, then `## end DIR <status> <ms>`:
#   start TAB path TAB gen | exit TAB path TAB gen TAB reason | reply TAB target TAB result | gaveup TAB supervisor
# (reason/result printed by the runner's fmt: pids #PID). `gaveup` lines come from the supervisor reports OTP logs
# when a supervisor exceeds its restart intensity (captured by a logger handler).

defmodule DesignFuzz.GiveUps do
  @moduledoc "A logger handler that forwards each reached_max_restart_intensity report to the process :design_fuzz_giveups."
  def log(%{msg: {:report, %{label: {:supervisor, :shutdown}, report: report}}}, _config) do
    if Keyword.get(report, :reason) == :reached_max_restart_intensity do
      if pid = Process.whereis(:design_fuzz_giveups), do: send(pid, {:gaveup, name_of(Keyword.get(report, :supervisor))})
    end

    :ok
  end

  def log(_event, _config), do: :ok

  defp name_of({:local, name}), do: name
  defp name_of({pid, _mod}) when is_pid(pid), do: :anonymous
  defp name_of(other), do: other
end

defmodule DesignFuzz.Batch do
  # designs running at once: their scenarios mostly wait (real time), so a few overlap well on two cores
  @concurrency 4

  def run_all(dirs) do
    :logger.remove_handler(:default)
    for id <- :logger.get_handler_ids(), id != :design_fuzz, do: :logger.remove_handler(id)
    :ok = :logger.add_handler(:design_fuzz, DesignFuzz.GiveUps, %{level: :all})
    :logger.set_primary_config(:level, :error)
    Code.put_compiler_option(:ignore_module_conflict, true)
    Process.register(spawn(fn -> giveups([]) end), :design_fuzz_giveups)
    Process.flag(:trap_exit, true)
    loop(dirs, %{})
  end

  # running: monitor ref => {dir, modules, t0}
  defp loop([], running) when map_size(running) == 0, do: :ok

  defp loop([dir | rest], running) when map_size(running) < @concurrency do
    t0 = System.monotonic_time(:millisecond)

    # in its own process: the compiler's receive must not see this loop's messages
    case Task.await(Task.async(fn -> compile(dir) end), :infinity) do
      {:ok, app, modules} ->
        me = self()
        {_pid, ref} = spawn_monitor(fn -> send(me, {:done, self(), run_design(Module.concat([app, Runner]))}) end)
        loop(rest, Map.put(running, ref, {dir, modules, t0}))

      {:error, text} ->
        emit(dir, "error", t0, "error\t#{text}\n")
        loop(rest, running)
    end
  end

  defp loop(dirs, running) do
    receive do
      {:done, pid, text} ->
        # its DOWN follows
        receive do
          {:DOWN, ref, :process, ^pid, _} ->
            {{dir, modules, t0}, running} = Map.pop(running, ref)
            finish(dir, modules, t0, "ok", text)
            loop(dirs, running)
        end

      {:DOWN, ref, :process, _, reason} when is_map_key(running, ref) ->
        {{dir, modules, t0}, running} = Map.pop(running, ref)
        finish(dir, modules, t0, "error", "error\t" <> oneline(Exception.format_exit(reason)) <> "\n")
        loop(dirs, running)

      _other ->
        loop(dirs, running)
    end
  end

  defp finish(dir, modules, t0, status, text) do
    send(:design_fuzz_giveups, {:take, app_prefix(dir), self()})
    gaveup = receive do: ({:giveups, names} -> Enum.map_join(names, &"gaveup\t#{&1}\n"))
    unload(modules)
    emit(dir, status, t0, text <> gaveup)
  end

  defp emit(dir, status, t0, text),
    do: IO.write("## design\t#{dir}\n" <> text <> "## end\t#{dir}\t#{status}\t#{System.monotonic_time(:millisecond) - t0}\n")

  defp oneline(text), do: String.replace(text, "\n", " | ")

  # the design's process names start with the prefix in DIR/prefix (so reports can be told apart)
  defp app_prefix(dir), do: dir |> Path.join("prefix") |> File.read!() |> String.trim()

  defp compile(dir) do
    app = dir |> Path.join("app") |> File.read!() |> String.trim()
    files = Path.wildcard(Path.join(dir, "lib/**/*.ex")) |> Enum.reject(&String.contains?(&1, "/lib/mix/"))

    case Kernel.ParallelCompiler.compile(files, return_diagnostics: false) do
      {:ok, modules, _warnings} -> {:ok, app, modules}
      {:error, errors, _warnings} -> {:error, oneline(inspect(errors))}
    end
  rescue
    e -> {:error, oneline(Exception.format(:error, e, __STACKTRACE__))}
  end

  defp run_design(runner) do
    events = runner.run_detailed("fuzz")
    Enum.map_join(events, &line(&1, runner))
  end

  defp giveups(acc) do
    receive do
      {:gaveup, name} ->
        giveups([to_string(name) | acc])

      {:take, prefix, from} ->
        {mine, rest} = Enum.split_with(acc, &String.starts_with?(&1, prefix))
        send(from, {:giveups, Enum.reverse(mine)})
        giveups(rest)
    end
  end

  defp line({_t, _cmd, :start, path, _detail, gen}, _runner), do: "start\t#{path}\t#{gen}\n"
  defp line({_t, _cmd, :exit, path, reason, gen}, runner), do: "exit\t#{path}\t#{gen}\t#{runner.fmt(reason)}\n"
  defp line({_t, _cmd, :reply, target, result, _gen}, runner), do: "reply\t#{target}\t#{runner.fmt(result)}\n"
  defp line(_other, _runner), do: ""

  # purging a module also kills what still runs its code (a design's leftover processes)
  defp unload(modules) do
    for m <- modules do
      :code.purge(m)
      :code.delete(m)
      :code.purge(m)
    end
  end
end

DesignFuzz.Batch.run_all(System.argv())
