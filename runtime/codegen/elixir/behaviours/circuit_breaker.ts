// Elixir twin of runtime/behaviours/circuit_breaker.ts (see ../../elixir.ts: `__APP__` is replaced by the project's module).
export default String.raw`defmodule __APP__.Behaviours.CircuitBreaker do
  @moduledoc "Circuit breaker: closed -> open after failureThreshold failures in a row, open -> half_open after timeoutMs, half_open -> closed on a successful trial / open on failure. {:request, req} is forwarded to the process it calls; :state, :reset, :stats."
  use GenServer
  alias __APP__.Studio

  def start_link(env), do: Studio.start_link(__MODULE__, env)

  @request_timeout_ms 10_000

  @impl true
  def init(env) do
    Studio.bind(env)
    {:ok, %{env: env, mode: :closed, failures: 0, trial: nil, pending: %{}, epoch: 0}}
  end

  defp go(%{mode: to} = s, to), do: s

  defp go(s, to) do
    Studio.note(s.env, :breaker, %{from: s.mode, to: to})
    Studio.count(s.env, String.to_atom("to_#{to}"))
    s = %{s | mode: to}

    case to do
      :open ->
        epoch = s.epoch + 1
        Process.send_after(self(), {:"$half_open", epoch}, s.env.params.timeoutMs)
        %{s | epoch: epoch}

      :closed ->
        %{s | failures: 0}

      _ ->
        s
    end
  end

  @impl true
  def handle_call(:state, _from, s), do: {:reply, s.mode, s}
  def handle_call(:stats, _from, s), do: {:reply, Studio.stats(s.env), s}
  def handle_call(:reset, _from, s), do: {:reply, :ok, go(s, :closed)}

  def handle_call(req, from, s) do
    if s.mode == :open or (s.mode == :half_open and s.trial != nil) do
      Studio.count(s.env, :refused)
      {:reply, {:error, :circuit_open}, s}
    else
      upstream = List.first(s.env.calls)
      body = with {:request, inner} <- req, do: inner
      ref = Studio.send_request(upstream && Studio.whereis(upstream), body, @request_timeout_ms)
      s = if s.mode == :half_open, do: %{s | trial: ref}, else: s
      {:noreply, %{s | pending: Map.put(s.pending, ref, from)}}
    end
  end

  @impl true
  def handle_info({:"$half_open", epoch}, s) do
    {:noreply, if(epoch == s.epoch and s.mode == :open, do: go(s, :half_open), else: s)}
  end

  def handle_info(msg, s) do
    case Studio.check_response(msg, s.pending) do
      {ok?, ref, value} ->
        {from, pending} = Map.pop(s.pending, ref)
        s = %{s | pending: pending}
        was_trial = s.trial == ref
        s = if was_trial, do: %{s | trial: nil}, else: s

        s =
          if ok? and not Studio.error?(value) do
            Studio.count(s.env, :success)
            s = %{s | failures: 0}
            if was_trial, do: go(s, :closed), else: s
          else
            Studio.count(s.env, :failure)
            s = %{s | failures: s.failures + 1}
            if was_trial or (s.mode == :closed and s.failures >= s.env.params.failureThreshold), do: go(s, :open), else: s
          end

        GenServer.reply(from, if(ok?, do: value, else: {:error, value}))
        {:noreply, s}

      _ ->
        {:noreply, s}
    end
  end
end
`;
