// Elixir twin of runtime/behaviours/request_coalescer.ts (see ../../elixir.ts: `__APP__` is replaced by the project's module).
export default String.raw`defmodule __APP__.Behaviours.RequestCoalescer do
  @moduledoc "Request coalescer: identical requests in flight at the same time share one call to upstream and its answer. :stats answers the counters."
  use GenServer
  alias __APP__.Studio

  def start_link(env), do: Studio.start_link(__MODULE__, env)

  @impl true
  def init(env) do
    Studio.bind(env)
    {:ok, %{env: env, by_key: %{}, pending: %{}}}
  end

  @impl true
  def handle_call(:stats, _from, s), do: {:reply, Studio.stats(s.env), s}

  def handle_call(req, from, s) do
    Studio.count(s.env, :requests)

    case Map.get(s.by_key, req) do
      {ref, waiting} ->
        Studio.count(s.env, :coalesced)
        {:noreply, %{s | by_key: Map.put(s.by_key, req, {ref, waiting ++ [from]})}}

      nil ->
        Studio.count(s.env, :upstream_calls)
        ref = Studio.send_request(Studio.whereis(s.env.params.upstream), req, 30_000)
        {:noreply, %{s | by_key: Map.put(s.by_key, req, {ref, [from]}), pending: Map.put(s.pending, ref, req)}}
    end
  end

  @impl true
  def handle_info(msg, s) do
    case Studio.check_response(msg, s.pending) do
      {ok?, ref, value} ->
        {key, pending} = Map.pop(s.pending, ref)
        {{_ref, waiting}, by_key} = Map.pop(s.by_key, key)
        Enum.each(waiting, fn from -> GenServer.reply(from, if(ok?, do: value, else: {:error, value})) end)
        {:noreply, %{s | pending: pending, by_key: by_key}}

      _ ->
        {:noreply, s}
    end
  end
end
`;
