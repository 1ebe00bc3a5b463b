// Elixir twin of runtime/behaviours/pool_manager.ts (see ../../elixir.ts: `__APP__` is replaced by the project's module).
export default String.raw`defmodule __APP__.Behaviours.PoolManager do
  @moduledoc "Pool manager: owns the workers under the supervisor it calls. :checkout / {:checkin, pid}; any other call is a job for the least-loaded (or round-robin) worker, without blocking the manager. :status and :stats report."
  use GenServer
  alias __APP__.Studio

  def start_link(env), do: Studio.start_link(__MODULE__, env)

  @impl true
  def init(env) do
    Studio.bind(env)
    {:ok, %{env: env, workers: Studio.pool_workers(env), inflight: %{}, checked_out: %{}, waiting: [], pending: %{}, next: 0}}
  end

  # checked out, and still the same process (a crashed and restarted worker comes back free)
  defp out?(s, w) do
    pid = Map.get(s.checked_out, w)
    pid != nil and pid == Studio.whereis(w)
  end

  defp pick(s, free) do
    alive = Enum.filter(s.workers, fn w -> Studio.whereis(w) != nil and not (free and out?(s, w)) end)

    cond do
      alive == [] -> {nil, s}
      s.env.params.strategy == :round_robin -> {Enum.at(alive, rem(s.next, length(alive))), %{s | next: s.next + 1}}
      true -> {Enum.min_by(alive, fn w -> Map.get(s.inflight, w, 0) + if(out?(s, w), do: 1, else: 0) end), s}
    end
  end

  defp checkin(s, pid) do
    s = case Enum.find(s.workers, fn w -> Studio.whereis(w) == pid end) do
      nil -> s
      name -> %{s | checked_out: Map.delete(s.checked_out, name)}
    end

    case s.waiting do
      [{from, timer} | rest] ->
        case pick(s, true) do
          {nil, s} -> s
          {w, s} ->
            Process.cancel_timer(timer)
            GenServer.reply(from, Studio.whereis(w))
            %{s | waiting: rest, checked_out: Map.put(s.checked_out, w, Studio.whereis(w))}
        end

      [] -> s
    end
  end

  @impl true
  def handle_call(:checkout, from, s) do
    case pick(s, true) do
      {nil, s} ->
        timer = Process.send_after(self(), {:"$checkout_timeout", from}, s.env.params.checkoutTimeoutMs)
        {:noreply, %{s | waiting: s.waiting ++ [{from, timer}]}}

      {w, s} ->
        {:reply, Studio.whereis(w), %{s | checked_out: Map.put(s.checked_out, w, Studio.whereis(w))}}
    end
  end

  def handle_call({:checkin, pid}, _from, s), do: {:reply, :ok, checkin(s, pid)}
  def handle_call(:stats, _from, s), do: {:reply, Studio.stats(s.env), s}

  def handle_call(:status, _from, s),
    do: {:reply, %{size: length(s.workers), checked_out: Enum.count(s.workers, &out?(s, &1)), waiting: length(s.waiting), in_flight: map_size(s.pending)}, s}

  def handle_call(job, from, s) do
    case pick(s, false) do
      {nil, s} ->
        Studio.count(s.env, :rejected)
        {:reply, {:error, :no_workers}, s}

      {w, s} ->
        ref = Studio.send_request(Studio.whereis(w), job, :infinity)
        {:noreply, %{s | pending: Map.put(s.pending, ref, {from, w}), inflight: Map.update(s.inflight, w, 1, &(&1 + 1))}}
    end
  end

  @impl true
  def handle_cast({:checkin, pid}, s), do: {:noreply, checkin(s, pid)}
  def handle_cast(_req, s), do: {:noreply, s}

  @impl true
  def handle_info({:"$checkout_timeout", from}, s) do
    {mine, rest} = Enum.split_with(s.waiting, fn {f, _t} -> f == from end)
    Enum.each(mine, fn {f, _t} -> GenServer.reply(f, {:error, :timeout}) end)
    {:noreply, %{s | waiting: rest}}
  end

  def handle_info(msg, s) do
    case Studio.check_response(msg, s.pending) do
      {ok?, ref, value} ->
        {{from, w}, pending} = Map.pop(s.pending, ref)
        Studio.count(s.env, if(ok?, do: :served, else: :failed))
        GenServer.reply(from, if(ok?, do: value, else: {:error, value}))
        {:noreply, %{s | pending: pending, inflight: Map.update(s.inflight, w, 0, &max(&1 - 1, 0))}}

      _ ->
        {:noreply, s}
    end
  end
end
`;
