// Elixir twin of runtime/behaviours/watcher.ts (see ../../elixir.ts: `__APP__` is replaced by the project's module).
export default String.raw`defmodule __APP__.Behaviours.Watcher do
  @moduledoc "Watcher: monitors the processes of its monitor edges (and its optional target), records each DOWN without dying (:noproc for a target that does not run), watches again once a target is back. :downs lists {target, reason}; {:demonitor, target} and {:monitor, target}; :watching."
  use GenServer
  alias __APP__.Studio

  def start_link(env), do: Studio.start_link(__MODULE__, env)

  @retry_ms 20

  @impl true
  def init(env) do
    Studio.bind(env)
    target = env.params.target
    extra = if target in [nil, "", :""], do: [], else: [to_string(target)]
    # each target is known by its name (the last part of its path) and looked up by its path
    refs = Enum.uniq(Enum.map(env.monitors, &to_string/1) ++ extra)
    refs = Map.new(refs, fn ref -> {ref |> String.split("/") |> List.last(), ref} end)
    targets = Enum.uniq(Enum.map(Enum.map(env.monitors, &to_string/1) ++ extra, fn ref -> ref |> String.split("/") |> List.last() end))
    s = Enum.reduce(targets, %{env: env, watches: %{}, refs: refs, downs: []}, &monitor_name(&2, &1))
    {:ok, s}
  end

  # the target's process, resolved by name as OTP does (an unregistered target is not found)
  defp lookup(s, target), do: Studio.whereis_name(Map.get(s.refs, target, target))

  # like Process.monitor(name): a target that does not run gives a :noproc DOWN at once
  defp monitor_name(s, target) do
    ref =
      case lookup(s, target) do
        nil ->
          ref = make_ref()
          send(self(), {:DOWN, ref, :process, {String.to_atom(target), node()}, :noproc})
          ref

        pid ->
          Process.monitor(pid)
      end

    %{s | watches: Map.put(s.watches, target, ref)}
  end

  @impl true
  def handle_call(:downs, _from, s), do: {:reply, s.downs, s}

  def handle_call(:watching, _from, s),
    do: {:reply, for({t, r} <- s.watches, r != nil, do: String.to_atom(t)), s}

  def handle_call({:demonitor, target}, _from, s) do
    t = to_string(target)

    case Map.pop(s.watches, t) do
      {nil, watches} ->
        {:reply, false, %{s | watches: watches}}

      {ref, watches} ->
        Process.demonitor(ref, [:flush])
        Studio.note(s.env, :demonitor, %{target: String.to_atom(t)})
        {:reply, true, %{s | watches: watches}}
    end
  end

  def handle_call({:monitor, target}, _from, s), do: {:reply, :ok, monitor_name(s, to_string(target))}
  def handle_call(req, _from, s), do: {:reply, req, s}

  @impl true
  def handle_info({:"$watch", t}, s) do
    cond do
      Map.get(s.watches, t, :gone) != nil -> {:noreply, s}
      pid = lookup(s, t) -> {:noreply, %{s | watches: Map.put(s.watches, t, Process.monitor(pid))}}
      true -> Process.send_after(self(), {:"$watch", t}, @retry_ms); {:noreply, s}
    end
  end

  def handle_info({:DOWN, ref, :process, _pid, reason}, s) do
    case Enum.find(s.watches, fn {_t, r} -> r == ref end) do
      nil ->
        {:noreply, s}

      {t, _} ->
        Studio.note(s.env, :down, %{target: String.to_atom(t), reason: reason})
        downs = s.downs ++ [{String.to_atom(t), reason}]

        if s.env.params.rewatch do
          Process.send_after(self(), {:"$watch", t}, @retry_ms)
          {:noreply, %{s | watches: Map.put(s.watches, t, nil), downs: downs}}
        else
          {:noreply, %{s | watches: Map.delete(s.watches, t), downs: downs}}
        end
    end
  end

  def handle_info(_msg, s), do: {:noreply, s}
end
`;
