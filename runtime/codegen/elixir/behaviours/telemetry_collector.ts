// Elixir twin of runtime/behaviours/telemetry_collector.ts (see ../../elixir.ts: `__APP__` is replaced by the project's module).
export default String.raw`defmodule __APP__.Behaviours.TelemetryCollector do
  @moduledoc "Telemetry collector: counts outcomes reported to it ({:report, :ok | :error} by cast), in total and over the last windowMs. :stats answers the rates."
  use GenServer
  alias __APP__.Studio

  def start_link(env), do: Studio.start_link(__MODULE__, env)

  @impl true
  def init(env) do
    Studio.bind(env)
    {:ok, %{window: env.params.windowMs, ok: 0, error: 0, recent: []}}
  end

  defp trim(s) do
    since = System.monotonic_time(:millisecond) - s.window
    %{s | recent: Enum.drop_while(s.recent, fn {t, _ok} -> t < since end)}
  end

  @impl true
  def handle_call(:stats, _from, s) do
    s = trim(s)
    total = s.ok + s.error
    window_ok = Enum.count(s.recent, fn {_t, ok} -> ok end)

    stats = %{
      ok: s.ok, error: s.error, total: total, success_rate: if(total > 0, do: s.ok / total, else: 0),
      window_ok: window_ok, window_error: length(s.recent) - window_ok
    }

    {:reply, stats, s}
  end

  def handle_call(_req, _from, s), do: {:reply, {:error, :unknown_request}, s}

  @impl true
  def handle_cast({:report, outcome}, s) do
    ok = outcome == :ok
    s = if ok, do: %{s | ok: s.ok + 1}, else: %{s | error: s.error + 1}
    {:noreply, trim(%{s | recent: s.recent ++ [{System.monotonic_time(:millisecond), ok}]})}
  end

  def handle_cast(_req, s), do: {:noreply, s}

  @impl true
  def handle_info(_msg, s), do: {:noreply, s}
end
`;
