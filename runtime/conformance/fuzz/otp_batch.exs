# otp_batch.exs -- runs many conformance scenarios in ONE Erlang VM with the
# unmodified reference interpreter (otp_runner.exs), to avoid paying the VM
# startup (~1.3 s) per scenario.
#
#   elixir otp_batch.exs /path/to/otp_runner.exs a.json b.json ...
#
# For each scenario it writes a header line `#<byte count> <status> <milliseconds> <path>`
# followed by exactly <byte count> bytes: the log (status `ok`) or the error
# text (status `error`). The caller splits the output by those counts.
#
# Isolation between scenarios: every scenario runs in a fresh driver process
# (so the runner's named ETS tables are new), with its output captured through
# a StringIO group leader; afterwards every process the scenario created is
# killed and awaited before the next one starts. The runner's code is loaded
# verbatim except for its last line (the `Conf.Driver.main(System.argv())`
# call), so behaviour matches separate `elixir otp_runner.exs` runs; the
# fuzz test checks that byte for byte on the public scenarios.

[runner | files] = System.argv()

src = File.read!(runner)
main_call = "Conf.Driver.main(System.argv())"

unless String.ends_with?(String.trim_trailing(src), main_call) do
  IO.puts(:stderr, "otp_batch: #{runner} does not end with #{main_call}")
  System.halt(2)
end

body = src |> String.trim_trailing() |> String.replace_suffix(main_call, "")
Code.compile_string(body, runner)

defmodule Conf.Batch do
  def run(path) do
    t0 = System.monotonic_time(:millisecond)
    before = MapSet.new(Process.list())
    {:ok, io} = StringIO.open("")

    {pid, mref} =
      spawn_monitor(fn ->
        Process.group_leader(self(), io)
        Conf.Driver.main([path])
        cleanup(before, io)
      end)

    result =
      receive do
        {:DOWN, ^mref, :process, ^pid, :normal} -> :ok
        {:DOWN, ^mref, :process, ^pid, reason} -> {:error, Exception.format_exit(reason)}
      end

    # a crashed driver could not clean up after itself
    cleanup(before, io)
    {_, out} = StringIO.contents(io)
    StringIO.close(io)

    ms = System.monotonic_time(:millisecond) - t0

    case result do
      :ok -> emit("ok", ms, path, out)
      {:error, text} -> emit("error", ms, path, text)
    end
  end

  defp emit(status, ms, path, text), do: IO.binwrite("##{byte_size(text)} #{status} #{ms} #{path}\n" <> text)

  # kill every process created since `before` (except the capture device and
  # the caller), until none is left (a supervisor may restart a child between
  # two kills)
  defp cleanup(before, io) do
    me = self()
    extra = Enum.reject(Process.list(), &(MapSet.member?(before, &1) or &1 == io or &1 == me))

    if extra != [] do
      refs = Enum.map(extra, &Process.monitor/1)
      Enum.each(extra, &Process.exit(&1, :kill))
      Enum.each(refs, fn r -> receive(do: ({:DOWN, ^r, _, _, _} -> :ok)) end)
      cleanup(before, io)
    end
  end
end

Enum.each(files, &Conf.Batch.run/1)
