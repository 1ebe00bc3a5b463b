# capture.exs -- shared by otp_batch.exs and ../extra/otp_ext.exs (both load it with Code.require_file after
# compiling the runner): run one scenario through Conf.Driver in a fresh driver process, its output captured by a
# StringIO group leader, then kill and await every process it created, so the next scenario starts clean.

defmodule Conf.Capture do
  @doc "Runs the scenario at `path`; returns {:ok | {:error, text}, captured log, milliseconds}."
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
    {result, out, System.monotonic_time(:millisecond) - t0}
  end

  @doc "Batch output: a header `#<byte count> <status> <milliseconds> <path>`, then exactly that many bytes."
  def emit(status, ms, path, text), do: IO.binwrite("##{byte_size(text)} #{status} #{ms} #{path}\n" <> text)

  # kill every process created since `before` (except the capture device and the caller), until none is left
  # (a supervisor may restart a child between two kills)
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
