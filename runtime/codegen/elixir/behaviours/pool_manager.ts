// Elixir twin of runtime/behaviours/pool_manager.ts (see ../../elixir.ts: `__APP__` is replaced by the project's module).
export default String.raw`defmodule __APP__.Behaviours.PoolManager do
  @moduledoc "Pool manager: owns the workers under the supervisor it calls. :checkout / {:checkin, pid or worker name}, monitoring each client that holds a worker (a dead client's workers are checked in); any other call is a job for the least-loaded (or round-robin) worker, without blocking the manager. :status and :stats report."
  use GenServer
  alias __APP__.Studio

  def start_link(env), do: Studio.start_link(__MODULE__, env)

  @impl true
  def init(env) do
    Studio.bind(env)
    {:ok, %{env: env, workers: Studio.pool_workers(env), inflight: %{}, checked_out: %{}, clients: %{}, waiting: [], pending: %{}, next: 0}}
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

  # hand worker w to the client and monitor the client (like poolboy)
  defp lend(s, w, {client, _tag}) do
    pid = Studio.whereis(w)
    case Map.get(s.clients, w) do
      nil -> :ok
      old -> Process.demonitor(old, [:flush])
    end

    {pid, %{s | checked_out: Map.put(s.checked_out, w, pid), clients: Map.put(s.clients, w, Process.monitor(client))}}
  end

  defp checkin(s, who) do
    found =
      if is_atom(who) or is_binary(who),
        do: Enum.find(s.workers, fn w -> to_string(w) == to_string(who) or String.ends_with?(to_string(w), "/" <> to_string(who)) end),
        else: Enum.find(s.workers, fn w -> Studio.whereis(w) == who or Map.get(s.checked_out, w) == who end)

    s = case found do
      nil -> s
      name ->
        case Map.get(s.clients, name) do
          nil -> :ok
          ref -> Process.demonitor(ref, [:flush])
        end

        %{s | checked_out: Map.delete(s.checked_out, name), clients: Map.delete(s.clients, name)}
    end

    case s.waiting do
      [{from, timer} | rest] ->
        case pick(s, true) do
          {nil, s} -> s
          {w, s} ->
            Process.cancel_timer(timer)
            {pid, s} = lend(%{s | waiting: rest}, w, from)
            GenServer.reply(from, pid)
            s
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
        {pid, s} = lend(s, w, from)
        {:reply, pid, s}
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

  def handle_info({:DOWN, ref, :process, _pid, reason} = msg, s) do
    case Enum.find(s.clients, fn {_w, r} -> r == ref end) do
      {w, _} ->
        # the client died holding the worker: check it in for the client
        Studio.note(s.env, :client_down, %{worker: String.to_atom(to_string(w)), reason: reason})
        Studio.count(s.env, :returned)
        {:noreply, checkin(s, w)}

      nil ->
        responded(msg, s)
    end
  end

  def handle_info(msg, s), do: responded(msg, s)

  defp responded(msg, s) do
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
