// Elixir twin of runtime/behaviours/graceful_shutdown.ts (see ../../elixir.ts: `__APP__` is replaced by the project's module).
export default String.raw`defmodule __APP__.Behaviours.GracefulShutdown do
  @moduledoc "Graceful shutdown: {:work, ms} takes ms without blocking the server and answers {:done, ms}. It traps exits, so when its supervisor stops it, terminate/2 first drains the requests in flight (for at most drainTimeoutMs)."
  use GenServer
  alias __APP__.Studio

  def start_link(env), do: Studio.start_link(__MODULE__, env)

  @impl true
  def init(env) do
    Studio.bind(env)
    Process.flag(:trap_exit, true)
    {:ok, %{env: env, next_id: 0, inflight: %{}}}
  end

  @impl true
  def handle_call({:work, ms}, from, s) do
    id = s.next_id
    Process.send_after(self(), {:"$done", id}, ms)
    {:noreply, %{s | next_id: id + 1, inflight: Map.put(s.inflight, id, {from, ms})}}
  end

  def handle_call(req, _from, s), do: {:reply, req, s}

  @impl true
  def handle_info({:"$done", id}, s), do: {:noreply, complete(s, id)}
  def handle_info(_msg, s), do: {:noreply, s}

  defp complete(s, id) do
    case Map.pop(s.inflight, id) do
      {nil, _} -> s
      {{from, ms}, inflight} -> GenServer.reply(from, {:done, ms}); %{s | inflight: inflight}
    end
  end

  @impl true
  def terminate(reason, s) do
    before = map_size(s.inflight)
    s = drain(s, System.monotonic_time(:millisecond) + s.env.params.drainTimeoutMs)
    Studio.note(s.env, :drained, %{reason: reason, answered: before - map_size(s.inflight), dropped: map_size(s.inflight)})
  end

  defp drain(%{inflight: inflight} = s, _deadline) when map_size(inflight) == 0, do: s

  defp drain(s, deadline) do
    left = deadline - System.monotonic_time(:millisecond)

    if left <= 0 do
      s
    else
      receive do
        {:"$done", id} -> drain(complete(s, id), deadline)
      after
        left -> s
      end
    end
  end
end
`;
