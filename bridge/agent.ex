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
          "links" => for(l <- info[:links], is_pid(l), do: pid_text(l)),
          "monitors" => for({:process, p} <- info[:monitors], do: term_text(p)),
          "trapExit" => info[:trap_exit],
          "registeredName" => case info[:registered_name] do
            [] -> nil
            name -> term_text(name)
          end
        }
    end
  end

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

  defp pid_text(pid) when is_pid(pid), do: List.to_string(:erlang.pid_to_list(pid))
  defp pid_text(other), do: term_text(other)

  defp modules_text(:dynamic), do: ["dynamic"]
  defp modules_text(list) when is_list(list), do: Enum.map(list, &term_text/1)
  defp modules_text(other), do: [term_text(other)]

  defp term_text(a) when is_atom(a), do: a |> Atom.to_string() |> String.replace_prefix("Elixir.", "")
  defp term_text(b) when is_binary(b), do: b
  defp term_text(p) when is_pid(p), do: pid_text(p)
  defp term_text(t), do: inspect(t)
end
