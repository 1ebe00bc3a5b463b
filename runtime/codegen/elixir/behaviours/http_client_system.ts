// Elixir twin of runtime/behaviours/http_client_system.ts (see ../../elixir.ts: `__APP__` is replaced by the project's module).
export default String.raw`defmodule __APP__.Behaviours.HttpClientSystem do
  @moduledoc "HTTP client system: the capstone's front door. A request goes to the process it calls (the circuit breaker) as {:request, req}; a failure is retried up to retries times after backoffMs, doubling each time; {:error, :circuit_open} is not retried (fail fast). :stats reports counters."
  use GenServer
  alias __APP__.Studio

  def start_link(env), do: Studio.start_link(__MODULE__, env)

  @impl true
  def init(env) do
    Studio.bind(env)
    {:ok, %{env: env, pending: %{}}}
  end

  defp attempt(s, job) do
    target = List.first(s.env.calls)
    ref = Studio.send_request(target && Studio.whereis(target), {:request, job.req}, s.env.params.timeoutMs)
    %{s | pending: Map.put(s.pending, ref, job)}
  end

  @impl true
  def handle_call(:stats, _from, s), do: {:reply, Studio.stats(s.env), s}

  def handle_call(req, from, s) do
    Studio.count(s.env, :requests)
    {:noreply, attempt(s, %{from: from, req: req, attempt: 0})}
  end

  @impl true
  def handle_info({:"$retry", job}, s), do: {:noreply, attempt(s, job)}

  def handle_info(msg, s) do
    case Studio.check_response(msg, s.pending) do
      {ok?, ref, value} ->
        {job, pending} = Map.pop(s.pending, ref)
        s = %{s | pending: pending}
        result = if ok?, do: value, else: {:error, value}

        cond do
          ok? and not Studio.error?(value) ->
            Studio.count(s.env, :ok)
            GenServer.reply(job.from, result)

          result == {:error, :circuit_open} ->
            # fail fast: an open breaker is not retried
            Studio.count(s.env, :fast_fail)
            GenServer.reply(job.from, result)

          job.attempt < s.env.params.retries ->
            Studio.count(s.env, :retries)
            Process.send_after(self(), {:"$retry", %{job | attempt: job.attempt + 1}}, s.env.params.backoffMs * Integer.pow(2, job.attempt))

          true ->
            Studio.count(s.env, :failed)
            GenServer.reply(job.from, result)
        end

        {:noreply, s}

      _ ->
        {:noreply, s}
    end
  end
end
`;
