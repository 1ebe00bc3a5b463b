# The agent the bridge loads into a target node (compiled on the bridge's own hidden node, loaded into the target as
# a binary by remote call: nothing is installed in the user's project). Read-only except kill/exit, which the
# Node side only sends after the user unlocked fault injection. Removed again on detach (purge + delete).
# Returns plain terms (maps, lists, binaries, numbers, atoms); the bridge's host encodes them as JSON.
defmodule SupervisorStudio.BridgeAgent do
  @moduledoc false

  @sys_timeout 1000

  # Every running application with a supervision tree: [%{app, root}]
  def tree do
    apps =
      for {app, _desc, _vsn} <- :application.which_applications(),
          root = app_root(app),
          root != nil do
        %{"app" => Atom.to_string(app), "root" => walk(root, nil, 0)}
      end

    seen = collect_pids(Enum.map(apps, & &1["root"]), MapSet.new())

    # supervisors started outside any application (e.g. from iex): registered, supervisor-shaped, no supervisor parent
    loose =
      for name <- Enum.sort(Process.registered()),
          pid = Process.whereis(name),
          is_pid(pid),
          not MapSet.member?(seen, pid_text(pid)),
          supervisor_process?(pid),
          not supervised?(pid) do
        %{"app" => nil, "root" => walk(pid, nil, 0)}
      end

    %{"node" => Atom.to_string(node()), "apps" => apps ++ loose}
  end

  defp collect_pids(nodes, acc) do
    Enum.reduce(nodes, acc, fn n, acc -> collect_pids(n["children"] || [], MapSet.put(acc, n["pid"])) end)
  end

  defp initial_call(pid) do
    case Process.info(pid, :dictionary) do
      {:dictionary, d} -> {Keyword.get(d, :"$initial_call"), Keyword.get(d, :"$ancestors", [])}
      _ -> {nil, []}
    end
  end

  defp supervisor_process?(pid) do
    case initial_call(pid) do
      {{:supervisor, _, _}, _} -> true
      {{DynamicSupervisor, _, _}, _} -> true
      _ -> false
    end
  end

  defp supervised?(pid) do
    case initial_call(pid) do
      {_, [parent | _]} ->
        parent = if is_atom(parent), do: Process.whereis(parent), else: parent
        is_pid(parent) and supervisor_process?(parent)

      _ ->
        false
    end
  end

  defp app_root(app) do
    case :application_controller.get_master(app) do
      master when is_pid(master) ->
        case :application_master.get_child(master) do
          {pid, _mod} when is_pid(pid) -> pid
          _ -> nil
        end

      _ ->
        nil
    end
  catch
    _, _ -> nil
  end

  # A supervisor (pid) and its children, recursively. `spec` is the child spec its parent holds for it (or nil).
  defp walk(pid, spec, depth) do
    state = sys_state(pid)
    base = Map.merge(process_info(pid), supervisor_flags(state))
    base = Map.merge(base, spec || %{})

    children =
      if depth > 50 do
        []
      else
        case safe_which_children(pid) do
          nil -> []
          list -> Enum.map(Enum.reverse(list), &child(pid, state, &1, depth))
        end
      end

    Map.put(base, "children", children)
  end

  defp child(sup, sup_state, {id, child_pid, type, modules}, depth) do
    spec = child_spec(sup, sup_state, id, child_pid)

    spec =
      Map.merge(spec, %{
        "id" => term_text(id),
        "type" => Atom.to_string(type),
        "modules" => modules_text(modules)
      })

    cond do
      not is_pid(child_pid) ->
        Map.merge(spec, %{"pid" => nil, "status" => term_text(child_pid), "kind" => kind_of(type, nil), "children" => []})

      type == :supervisor ->
        walk(child_pid, spec, depth + 1)

      true ->
        Map.merge(spec, Map.merge(process_info(child_pid), %{"kind" => "worker", "children" => []}))
    end
  end

  defp kind_of(:supervisor, _), do: "supervisor"
  defp kind_of(_, _), do: "worker"

  # restart / shutdown: from the parent's child spec (static children) or the DynamicSupervisor's child map.
  defp child_spec(sup, sup_state, id, child_pid) do
    case sup_state do
      %{__struct__: DynamicSupervisor, children: children} when is_pid(child_pid) ->
        case Map.get(children, child_pid) do
          {_mfa, restart, shutdown, _type, _mods} -> %{"restart" => term_text(restart), "shutdown" => shutdown_text(shutdown)}
          _ -> %{}
        end

      _ ->
        try do
          case :supervisor.get_childspec(sup, id) do
            {:ok, spec} when is_map(spec) ->
              %{"restart" => term_text(Map.get(spec, :restart, :permanent)), "shutdown" => shutdown_text(Map.get(spec, :shutdown))}

            {:ok, {_id, _start, restart, shutdown, _type, _mods}} ->
              %{"restart" => term_text(restart), "shutdown" => shutdown_text(shutdown)}

            _ ->
              %{}
          end
        catch
          _, _ -> %{}
        end
    end
  end

  defp shutdown_text(n) when is_integer(n), do: n
  defp shutdown_text(nil), do: nil
  defp shutdown_text(a), do: term_text(a)

  defp sys_state(pid) do
    :sys.get_state(pid, @sys_timeout)
  catch
    _, _ -> nil
  end

  # The supervisor's flags and what it is (supervisor / dynamic_supervisor / registry / task_supervisor).
  defp supervisor_flags(%{__struct__: DynamicSupervisor} = s) do
    kind = if s.mod == Task.Supervisor, do: "task_supervisor", else: "dynamic_supervisor"

    %{
      "kind" => kind,
      "strategy" => term_text(s.strategy),
      "intensity" => s.max_restarts,
      "period" => s.max_seconds,
      "maxChildren" => term_text_or_int(s.max_children),
      "module" => term_text(s.mod)
    }
  end

  defp supervisor_flags(state) when is_tuple(state) and tuple_size(state) >= 11 and elem(state, 0) == :state do
    mod = elem(state, 10)

    kind =
      cond do
        mod == Registry or mod == Registry.Supervisor -> "registry"
        true -> "supervisor"
      end

    %{
      "kind" => kind,
      "strategy" => term_text(elem(state, 2)),
      "intensity" => elem(state, 5),
      "period" => elem(state, 6),
      "module" => term_text(mod)
    }
  end

  defp supervisor_flags(_), do: %{"kind" => "supervisor"}

  defp term_text_or_int(n) when is_integer(n), do: n
  defp term_text_or_int(a), do: term_text(a)

  defp safe_which_children(pid) do
    :supervisor.which_children(pid)
  catch
    _, _ -> nil
  end

  def process_info(pid) do
    keys = [:status, :message_queue_len, :links, :monitors, :trap_exit, :registered_name]

    case Process.info(pid, keys) do
      nil ->
        %{"pid" => pid_text(pid), "alive" => false}

      info ->
        %{
          "pid" => pid_text(pid),
          "alive" => true,
          "status" => term_text(info[:status]),
          "messageQueueLen" => info[:message_queue_len],
          "links" => for(l <- info[:links], is_pid(l), node(l) == node(), do: pid_text(l)),
          "monitors" => for({:process, p} <- info[:monitors], local?(p), do: term_text(p)),
          # across nodes (a cluster): the other node and the pid as that node prints it
          "remoteLinks" => for(l <- info[:links], is_pid(l), node(l) != node(), do: remote(l)),
          "remoteMonitors" => for({:process, p} <- info[:monitors], not local?(p), do: remote(p)),
          "trapExit" => info[:trap_exit],
          "registeredName" => case info[:registered_name] do
            [] -> nil
            name -> term_text(name)
          end
        }
    end
  end

  defp local?(p) when is_pid(p), do: node(p) == node()
  defp local?({_name, n}), do: n == node()
  defp local?(_), do: true

  defp remote(p) when is_pid(p) do
    [_, x, y] = p |> :erlang.pid_to_list() |> List.to_string() |> String.trim("<") |> String.trim(">") |> String.split(".")
    %{"node" => Atom.to_string(node(p)), "pid" => "<0.#{x}.#{y}>"}
  end

  defp remote({name, n}), do: %{"node" => Atom.to_string(n), "name" => term_text(name)}

  # Fault injection (the Node side refuses these until the user unlocked the node).
  def kill(pid_text), do: exit_pid(pid_text, :kill)
  def exit_reason(pid_text, reason), do: exit_pid(pid_text, reason)

  defp exit_pid(pid_text, reason) do
    pid = :erlang.list_to_pid(String.to_charlist(pid_text))

    if Process.alive?(pid) do
      Process.exit(pid, reason)
      :ok
    else
      {:error, "no such process"}
    end
  rescue
    ArgumentError -> {:error, "not a pid"}
  end

  # ---- commands beyond kill/exit: send and call (terms were parsed on the bridge's own node) ----------------------
  def send_to(target, msg) do
    case resolve(target) do
      nil -> {:error, "no such process: #{target}"}
      pid -> send(pid, msg); :ok
    end
  end

  def call(target, request, timeout) do
    case resolve(target) do
      nil ->
        {:error, "no such process: #{target}"}

      pid ->
        try do
          {:reply, short(GenServer.call(pid, request, timeout))}
        catch
          :exit, reason -> {:exit, short(strip_call(reason))}
        end
    end
  end

  # {reason, {GenServer, :call, args}} -> reason (the call's own arguments say nothing new)
  defp strip_call({reason, {GenServer, :call, _}}), do: reason
  defp strip_call(reason), do: reason

  defp resolve("<" <> _ = text) do
    pid = :erlang.list_to_pid(String.to_charlist(text))
    if Process.alive?(pid), do: pid, else: nil
  rescue
    ArgumentError -> nil
  end

  defp resolve(name) when is_binary(name) do
    atom = try do
      String.to_existing_atom(name)
    rescue
      ArgumentError -> nil
    end
    atom = atom || try do
      String.to_existing_atom("Elixir." <> name)
    rescue
      ArgumentError -> nil
    end
    if atom, do: Process.whereis(atom), else: nil
  end

  defp short(term), do: inspect(term, limit: 50, printable_limit: 400, width: :infinity)

  # ---- pushed events: process spawns and exits (tracing), supervisor reports (a logger handler) -------------------
  # One tracer process per agent. It traces every process of the trees (set_on_spawn: whatever they start later too),
  # receives the supervisors' reports from a logger handler (this module's log/2), and sends what it saw, ordered by
  # timestamp, to the bridge's sink every 50 ms. It monitors the sink: if the bridge goes away without detaching, it
  # stops tracing, removes its handler and deletes its own module (purged a second later), so nothing stays behind.
  @flush_ms 50
  @max_batch 1000
  @trace_flags [:procs, :set_on_spawn, :timestamp]
  # how often to look for trees started since (an application started later, a supervisor started from iex)
  @retrace_ms 2000

  # skip: applications whose trees are not traced (Erlang's and Elixir's own: bridge/import.ts SYSTEM_APPS)
  def start_events(sink, handler_id, skip \\ []) do
    me = self()
    tracer = spawn(fn -> tracer_init(sink, handler_id, me, skip) end)

    receive do
      {:studio_tracer_ready, ^tracer, traced} -> {:ok, %{"tracer" => pid_text(tracer), "traced" => traced}}
    after
      10_000 -> Process.exit(tracer, :kill); {:error, "the tracer did not start"}
    end
  end

  def stop_events(tracer_text) do
    tracer = :erlang.list_to_pid(String.to_charlist(tracer_text))
    ref = Process.monitor(tracer)
    send(tracer, {:studio_stop, self()})

    receive do
      {:DOWN, ^ref, _, _, _} -> :ok
    after
      5_000 -> Process.exit(tracer, :kill); :ok
    end
  end

  # The logger handler: runs in the process that logs (a supervisor), so it only forwards.
  def log(%{msg: {:report, %{label: {:supervisor, what}, report: report}}, meta: meta}, %{config: %{tracer: tracer}}) do
    send(tracer, {:studio_report, :erlang.system_time(:microsecond), what, report, Map.get(meta, :pid)})
    :ok
  end

  def log(_event, _config), do: :ok

  defp tracer_init(sink, handler_id, starter, skip) do
    Process.flag(:trap_exit, true)
    Process.monitor(sink)
    Process.put(:studio_skip, Enum.map(skip, &to_string/1))

    pids =
      tree()
      |> Map.get("apps")
      |> Enum.reject(&(&1["app"] in Process.get(:studio_skip)))
      |> Enum.map(& &1["root"])
      |> collect_pids(MapSet.new())

    traced =
      for text <- pids, is_binary(text), String.starts_with?(text, "<"), reduce: 0 do
        n ->
          pid = :erlang.list_to_pid(String.to_charlist(text))
          try do
            :erlang.trace(pid, true, @trace_flags) > 0 && n + 1 || n
          catch
            _, _ -> n
          end
      end

    :logger.add_handler(handler_id, __MODULE__, %{level: :all, config: %{tracer: self()}})
    :net_kernel.monitor_nodes(true, node_type: :visible)
    send(starter, {:studio_tracer_ready, self(), traced})
    Process.send_after(self(), :studio_flush, @flush_ms)
    Process.send_after(self(), :studio_retrace, @retrace_ms)
    tracer_loop(%{sink: sink, handler: handler_id, buf: [], n: 0, dropped: 0})
  end

  defp tracer_loop(st) do
    receive do
      {:trace_ts, pid, :spawn, child, mfa, ts} ->
        tracer_loop(add(st, us(ts), %{"type" => "spawn", "pid" => pid_text(child), "parent" => pid_text(pid), "label" => label(mfa)}))

      {:trace_ts, pid, :exit, reason, ts} ->
        tracer_loop(add(st, us(ts), %{"type" => "exit", "pid" => pid_text(pid), "reason" => short(reason)}))

      {:trace_ts, _, _, _, _} -> tracer_loop(st)
      {:trace_ts, _, _, _, _, _} -> tracer_loop(st)

      {:studio_report, at, what, report, sup} ->
        ev =
          try do
            report_event(what, report, sup)
          rescue
            _ -> %{"type" => "supervisor_report", "sup" => pid_text(sup), "reason" => short(report)}
          end

        tracer_loop(add(st, at, ev))

      {:nodeup, peer, _} -> tracer_loop(add(st, :erlang.system_time(:microsecond), %{"type" => "nodeup", "peer" => Atom.to_string(peer)}))
      {:nodedown, peer, info} ->
        tracer_loop(add(st, :erlang.system_time(:microsecond), %{"type" => "nodedown", "peer" => Atom.to_string(peer), "reason" => short(Keyword.get(info, :nodedown_reason, :unknown))}))

      :studio_retrace ->
        retrace()
        Process.send_after(self(), :studio_retrace, @retrace_ms)
        tracer_loop(st)

      :studio_flush ->
        st = flush(st)
        Process.send_after(self(), :studio_flush, @flush_ms)
        tracer_loop(st)

      {:studio_stop, _from} ->
        flush(st)
        cleanup(st)

      {:DOWN, _, :process, sink, _} when sink == st.sink ->
        # the bridge went away without detaching: remove everything of ours, then our own code
        cleanup(st)
        :code.delete(__MODULE__)
        :timer.apply_after(1000, :code, :purge, [__MODULE__])

      _ ->
        tracer_loop(st)
    end
  end

  # Trace the trees whose root is not traced yet (what they start later is traced through set_on_spawn).
  defp retrace do
    me = self()

    for root <- root_pids(), :erlang.trace_info(root, :tracer) != {:tracer, me} do
      [walk(root, nil, 0)]
      |> collect_pids(MapSet.new())
      |> Enum.each(fn text ->
        try do
          :erlang.trace(:erlang.list_to_pid(String.to_charlist(text)), true, @trace_flags)
        catch
          _, _ -> :ok
        end
      end)
    end
  catch
    _, _ -> :ok
  end

  # The roots tree/0 reports, without walking them.
  defp root_pids do
    all = for {app, _desc, _vsn} <- :application.which_applications(), root = app_root(app), root != nil, do: {app, root}
    skip = Process.get(:studio_skip, [])
    roots = Enum.map(all, &elem(&1, 1))

    loose =
      for name <- Process.registered(), pid = Process.whereis(name), is_pid(pid), pid not in roots,
          supervisor_process?(pid), not supervised?(pid), do: pid

    for({app, root} <- all, Atom.to_string(app) not in skip, do: root) ++ loose
  end

  defp add(%{n: n} = st, _at, _ev) when n >= @max_batch, do: %{st | dropped: st.dropped + 1}
  defp add(st, at, ev), do: %{st | buf: [{at, st.n, Map.put(ev, "us", at)} | st.buf], n: st.n + 1}

  defp flush(%{buf: [], dropped: 0} = st), do: st

  defp flush(st) do
    events = st.buf |> Enum.sort() |> Enum.map(fn {_, _, ev} -> ev end)
    events = if st.dropped > 0, do: events ++ [%{"type" => "dropped", "count" => st.dropped, "us" => :erlang.system_time(:microsecond)}], else: events
    send(st.sink, {:studio_events, node(), events})
    %{st | buf: [], n: 0, dropped: 0}
  end

  defp cleanup(st) do
    :logger.remove_handler(st.handler)
    :net_kernel.monitor_nodes(false, node_type: :visible)
    # stop tracing every process we trace (and only those: another tool's tracer keeps its processes)
    for pid <- Process.list() do
      try do
        case :erlang.trace_info(pid, :tracer) do
          {:tracer, me} when me == self() -> :erlang.trace(pid, false, [:all])
          _ -> :ok
        end
      catch
        _, _ -> :ok
      end
    end

    :ok
  end

  defp us({mega, sec, micro}), do: (mega * 1_000_000 + sec) * 1_000_000 + micro

  # what a process was started to run: proc_lib's real initial call, the registered name of a gen server if given
  defp label({:proc_lib, :init_p, [_parent, _anc, :gen, :init_it, [_gen_mod, _starter, _parent2, name, mod, _args, _opts]]}) do
    case name do
      {:local, n} -> term_text(n)
      {:global, n} -> term_text(n)
      _ -> term_text(mod)
    end
  end

  defp label({:proc_lib, :init_p, [_parent, _anc, :gen, :init_it, [_gen_mod, _starter, _parent2, mod, _args, _opts]]}), do: term_text(mod)
  defp label({:proc_lib, :init_p, [_parent, _anc, m, f, a]}) when is_list(a), do: "#{term_text(m)}.#{f}/#{length(a)}"
  defp label({:proc_lib, :init_p, [_parent, _anc, fun]}) when is_function(fun), do: short(fun)
  defp label({m, f, a}) when is_list(a), do: "#{term_text(m)}.#{f}/#{length(a)}"
  defp label(other), do: short(other)

  # OTP's (and DynamicSupervisor's) supervisor reports as events
  defp report_event(what, report, sup) do
    offender = Keyword.get(report, :offender, Keyword.get(report, :started, []))
    offender = if is_list(offender), do: offender, else: []

    type =
      case {what, Keyword.get(report, :reason)} do
        {:progress, _} -> "child_started"
        {:shutdown, :reached_max_restart_intensity} -> "intensity"
        {other, _} -> Atom.to_string(other)
      end

    base = %{
      "type" => type,
      "sup" => pid_text(sup),
      "supName" => sup_name(Keyword.get(report, :supervisor)),
      "child" => term_text(Keyword.get(offender, :id)),
      "pid" => case Keyword.get(offender, :pid) do
        p when is_pid(p) -> pid_text(p)
        _ -> nil
      end,
      "restart" => term_text(Keyword.get(offender, :restart_type))
    }

    if Keyword.has_key?(report, :reason), do: Map.put(base, "reason", short(Keyword.get(report, :reason))), else: base
  end

  defp sup_name({:local, n}), do: term_text(n)
  defp sup_name({:global, n}), do: term_text(n)
  defp sup_name({p, _mod}) when is_pid(p), do: nil
  defp sup_name(p) when is_pid(p), do: nil
  defp sup_name(other), do: term_text(other)

  defp pid_text(pid) when is_pid(pid), do: List.to_string(:erlang.pid_to_list(pid))
  defp pid_text(other), do: term_text(other)

  defp modules_text(:dynamic), do: ["dynamic"]
  defp modules_text(list) when is_list(list), do: Enum.map(list, &term_text/1)
  defp modules_text(other), do: [term_text(other)]

  defp term_text(nil), do: nil
  defp term_text(a) when is_atom(a), do: a |> Atom.to_string() |> String.replace_prefix("Elixir.", "")
  defp term_text(b) when is_binary(b), do: b
  defp term_text(p) when is_pid(p), do: pid_text(p)
  defp term_text(t), do: inspect(t)
end
