// Elixir twin of runtime/behaviours/load_source.ts (see ../../elixir.ts: `__APP__` is replaced by the project's module).
export default String.raw`defmodule __APP__.Behaviours.LoadSource do
  @moduledoc "Load source: sends requests to target at rate per second while it is on (:on / :off), plus bursts. In call mode it waits for no one; the counters sent, ok, error are the load test's result."
  use GenServer
  alias __APP__.Studio

  def start_link(env), do: Studio.start_link(__MODULE__, env)

  @idle_poll_ms 50

  @impl true
  def init(env) do
    Studio.bind(env)
    s = %{env: env, on: false, since: 0, due: 0, epoch: 0, pending: %{}}
    {:ok, if(Map.get(env.params, :enabled, false), do: switch_to(s, true), else: s)}
  end

  defp now, do: System.monotonic_time(:millisecond)

  defp rate_at(p, elapsed) do
    Enum.reduce(Map.get(p, :bursts, []), p.rate, fn b, r ->
      if elapsed >= b.atMs and elapsed < b.atMs + b.durationMs, do: r + b.rate, else: r
    end)
  end

  # Ticks are due at exact multiples of the interval after the previous due time (not after the previous tick's
  # processing), so the rate does not drift below the one asked for.
  defp schedule(s) do
    r = rate_at(s.env.params, s.due - s.since)
    due = s.due + if(r > 0, do: max(1, round(1000 / r)), else: @idle_poll_ms)
    Process.send_after(self(), {:"$tick", s.epoch}, max(0, due - now()))
    %{s | due: due}
  end

  defp switch_to(%{on: on} = s, on), do: s

  defp switch_to(s, on) do
    s = %{s | on: on, epoch: s.epoch + 1}
    Studio.note(s.env, if(on, do: :load_on, else: :load_off), %{})

    if on do
      t = now()
      # the first request goes out at once; then one every 1000/rate ms
      send(self(), {:"$fire", s.epoch})
      s = %{s | since: t, due: t}
      if Map.get(s.env.params, :burstSize, 0) > 0, do: Process.send_after(self(), {:"$burst", s.epoch}, s.env.params.burstEveryMs)
      s
    else
      s
    end
  end

  defp fire(s, n) do
    p = s.env.params
    pid = Studio.whereis(p.target)
    message = Map.get(p, :message, :request)

    Enum.reduce(List.duplicate(:x, n), s, fn _, s ->
      Studio.count(s.env, :sent)

      cond do
        pid == nil -> Studio.count(s.env, :error); s
        p.mode == :cast -> GenServer.cast(pid, message); s
        true -> %{s | pending: Map.put(s.pending, Studio.send_request(pid, message, Map.get(p, :timeoutMs, 5000)), true)}
      end
    end)
  end

  @impl true
  def handle_call(:stats, _from, s), do: {:reply, Studio.stats(s.env), s}
  def handle_call(on_off, _from, s) when on_off in [:on, :off], do: {:reply, :ok, switch_to(s, on_off == :on)}
  def handle_call(_req, _from, s), do: {:reply, {:error, :unknown_request}, s}

  @impl true
  def handle_cast(on_off, s) when on_off in [:on, :off], do: {:noreply, switch_to(s, on_off == :on)}
  def handle_cast(_req, s), do: {:noreply, s}

  @impl true
  def handle_info(on_off, s) when on_off in [:on, :off], do: {:noreply, switch_to(s, on_off == :on)}
  # the run command :load with a rate (runtime/sim/commands.ts): requests per second from the next one on
  def handle_info({:rate, rate}, s) when is_number(rate), do: {:noreply, put_in(s.env.params.rate, rate)}

  # a scenario command due by now goes first (it may switch the load off), as in the simulator: look again in 1 ms
  def handle_info({:"$tick", epoch} = tick, %{on: true, epoch: epoch} = s) do
    if Studio.command_due?(s.due),
      do: Process.send_after(self(), tick, 1),
      else: send(self(), {:"$fire", epoch})

    {:noreply, s}
  end

  def handle_info({:"$fire", epoch}, %{on: true, epoch: epoch} = s) do
    {:noreply, s |> fire(1) |> schedule()}
  end

  def handle_info({:"$burst", epoch} = burst, %{on: true, epoch: epoch} = s) do
    if Studio.command_due?(now()) do
      Process.send_after(self(), burst, 1)
      {:noreply, s}
    else
      s = fire(s, s.env.params.burstSize)
      Process.send_after(self(), {:"$burst", epoch}, s.env.params.burstEveryMs)
      {:noreply, s}
    end
  end

  def handle_info(msg, s) do
    case Studio.check_response(msg, s.pending) do
      {ok?, ref, value} ->
        Studio.count(s.env, cond do
          not ok? and value == :timeout -> :timeout
          not ok? -> :error
          match?({:error, _}, value) -> :error
          true -> :ok
        end)
        {:noreply, %{s | pending: Map.delete(s.pending, ref)}}

      _ ->
        {:noreply, s}
    end
  end
end
`;
