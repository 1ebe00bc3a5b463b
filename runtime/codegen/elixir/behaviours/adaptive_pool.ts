// Elixir twin of runtime/behaviours/adaptive_pool.ts (see ../../elixir.ts: `__APP__` is replaced by the project's module).
export default String.raw`defmodule __APP__.Behaviours.AdaptivePool do
  @moduledoc "Adaptive pool: starts minSize pool workers under the DynamicSupervisor it calls (temporary children), queues jobs, grows when the queue holds scaleUpAt jobs per worker (up to maxSize) and stops workers idle for scaleDownAfterMs. Linked to its workers: they die with it. :size answers the worker count."
  use GenServer
  alias __APP__.Studio

  def start_link(env), do: Studio.start_link(__MODULE__, env)

  @impl true
  def init(env) do
    Studio.bind(env)
    # linked to its workers, so they die with the pool (a restarted pool starts afresh, no orphans)
    Process.flag(:trap_exit, true)
    schedule_scale_down(env)
    s = Enum.reduce(1..env.params.minSize//1, %{env: env, workers: [], queue: :queue.new(), pending: %{}}, fn _, s -> grow(s) end)
    {:ok, s}
  end

  defp schedule_scale_down(env), do: Process.send_after(self(), :"$scale_down", max(1, round(env.params.scaleDownAfterMs / 2)))

  defp supervisor_of(env), do: Enum.find(env.calls, fn n -> match?({:dynamic_supervisor, _}, Studio.kind_of(n)) end) || List.first(env.calls)

  defp grow(s) do
    case Studio.start_child(supervisor_of(s.env), :pool_worker, %{}, restart: :temporary) do
      {:ok, pid} ->
        Process.link(pid)
        w = %{pid: pid, mon: Process.monitor(pid), job: nil, idle_since: now()}
        workers = s.workers ++ [w]
        Studio.note(s.env, :pool_resize, %{size: length(workers)})
        %{s | workers: workers}

      _ ->
        s
    end
  end

  defp now, do: System.monotonic_time(:millisecond)

  defp settle(s) do
    p = s.env.params
    n = length(s.workers)
    want_more = n < p.minSize or (n < p.maxSize and :queue.len(s.queue) >= p.scaleUpAt * max(1, n))
    grown = if want_more, do: grow(s), else: s
    if grown != s, do: settle(grown), else: dispatch(s)
  end

  defp dispatch(s) do
    {workers, s} =
      Enum.map_reduce(s.workers, s, fn w, s ->
        case {w.job, :queue.out(s.queue)} do
          {nil, {{:value, {from, job}}, q}} ->
            ref = Studio.send_request(w.pid, job, :infinity)
            {%{w | job: ref}, %{s | queue: q, pending: Map.put(s.pending, ref, {from, w.pid})}}

          _ ->
            {w, s}
        end
      end)

    %{s | workers: workers}
  end

  @impl true
  def handle_call(:size, _from, s), do: {:reply, length(s.workers), s}
  def handle_call(:stats, _from, s), do: {:reply, Studio.stats(s.env), s}

  def handle_call(job, from, s) do
    Studio.count(s.env, :jobs)
    {:noreply, settle(%{s | queue: :queue.in({from, job}, s.queue)})}
  end

  @impl true
  def handle_info(:"$scale_down", s) do
    p = s.env.params
    t = now()

    workers =
      Enum.reduce(s.workers, s.workers, fn w, acc ->
        if length(acc) > p.minSize and w.job == nil and t - w.idle_since >= p.scaleDownAfterMs do
          Process.demonitor(w.mon, [:flush])
          Process.unlink(w.pid)
          Process.exit(w.pid, :shutdown)
          acc = List.delete(acc, w)
          Studio.note(s.env, :pool_resize, %{size: length(acc)})
          acc
        else
          acc
        end
      end)

    schedule_scale_down(s.env)
    {:noreply, %{s | workers: workers}}
  end

  def handle_info({:DOWN, mon, :process, _pid, reason} = msg, s) do
    case Studio.check_response(msg, s.pending) do
      {_ok?, _ref, _value} = r -> handle_response(r, s)
      _ ->
        case Enum.split_with(s.workers, fn w -> w.mon == mon end) do
          {[_gone], rest} ->
            Studio.note(s.env, :pool_resize, %{size: length(rest), reason: reason})
            {:noreply, settle(%{s | workers: rest})}

          _ ->
            {:noreply, s}
        end
    end
  end

  def handle_info(msg, s) do
    case Studio.check_response(msg, s.pending) do
      {_ok?, _ref, _value} = r -> handle_response(r, s)
      _ -> {:noreply, s}
    end
  end

  defp handle_response({ok?, ref, value}, s) do
    {{from, pid}, pending} = Map.pop(s.pending, ref)
    workers = Enum.map(s.workers, fn w -> if w.pid == pid, do: %{w | job: nil, idle_since: now()}, else: w end)
    Studio.count(s.env, if(ok?, do: :served, else: :failed))
    GenServer.reply(from, if(ok?, do: value, else: {:error, value}))
    {:noreply, settle(%{s | pending: pending, workers: workers})}
  end
end
`;
