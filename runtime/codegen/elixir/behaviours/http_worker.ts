// Elixir twin of runtime/behaviours/http_worker.ts (see ../../elixir.ts: `__APP__` is replaced by the project's module).
export default String.raw`defmodule __APP__.Behaviours.HttpWorker do
  @moduledoc "HTTP worker: serves requests by call with a timeout; simulated latency (around latencyMs) and failure rate (failRate). {:fail_rate, x} / {:latency, ms} change the failure rate / latency; :status reports counters; outcomes are cast to a telemetry collector it calls."
  use GenServer
  alias __APP__.Studio

  def start_link(env), do: Studio.start_link(__MODULE__, env)

  @impl true
  def init(env) do
    Studio.bind(env)
    {:ok, %{env: env, fail_rate: env.params.failRate, latency: env.params.latencyMs, next_id: 0, pending: %{}}}
  end

  @impl true
  def handle_call(:status, _from, s), do: {:reply, Studio.stats(s.env), s}
  def handle_call({:fail_rate, x}, _from, s) when is_number(x), do: {:reply, :ok, %{s | fail_rate: x}}
  def handle_call({:latency, ms}, _from, s) when is_number(ms), do: {:reply, :ok, %{s | latency: ms}}

  def handle_call(_req, from, s) do
    id = s.next_id
    p = s.env.params
    Studio.count(s.env, :requests)
    timer = Process.send_after(self(), {:"$http_timeout", id}, p.timeoutMs)
    # simulated request, drawn from the run's seeded stream as the studio's kernel draws it (effect/3): latency
    # between 0.5x and 1.5x latencyMs, then failure with probability fail_rate
    latency = Studio.random_int(max(0, round(s.latency * 0.5)), round(s.latency * 1.5))
    outcome = if Studio.random() < s.fail_rate, do: {:error, "simulated failure"}, else: {:ok, 200}
    Process.send_after(self(), {{:"$http", id}, outcome}, latency)
    {:noreply, %{s | next_id: id + 1, pending: Map.put(s.pending, id, {from, timer})}}
  end

  @impl true
  def handle_cast({:fail_rate, x}, s) when is_number(x), do: {:noreply, %{s | fail_rate: x}}
  def handle_cast({:latency, ms}, s) when is_number(ms), do: {:noreply, %{s | latency: ms}}
  def handle_cast(_req, s), do: {:noreply, s}

  @impl true
  def handle_info({:fail_rate, x}, s) when is_number(x), do: {:noreply, %{s | fail_rate: x}}
  def handle_info({:latency, ms}, s) when is_number(ms), do: {:noreply, %{s | latency: ms}}
  def handle_info({:"$http_timeout", id}, s), do: {:noreply, finish(s, id, :timeout, false)}
  def handle_info({{:"$http", id}, {:ok, status}}, s), do: {:noreply, finish(s, id, status, true)}
  def handle_info({{:"$http", id}, {:error, reason}}, s), do: {:noreply, finish(s, id, reason, false)}
  def handle_info(_msg, s), do: {:noreply, s}

  defp finish(s, id, outcome, ok?) do
    case Map.pop(s.pending, id) do
      {nil, _} ->
        s

      {{from, timer}, pending} ->
        Process.cancel_timer(timer)
        Studio.count(s.env, cond do
          ok? -> :ok
          outcome == :timeout -> :timeout
          true -> :error
        end)
        telemetry = Enum.find(s.env.calls, fn n -> Studio.kind_of(n) == {:worker, :telemetry_collector} end)
        if pid = telemetry && Studio.whereis(telemetry), do: GenServer.cast(pid, {:report, if(ok?, do: :ok, else: :error)})
        GenServer.reply(from, if(ok?, do: {:ok, outcome}, else: {:error, outcome}))
        %{s | pending: pending}
    end
  end
end
`;
