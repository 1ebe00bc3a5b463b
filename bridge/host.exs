# The bridge's own hidden node (started by bridge/bridge.ts as `elixir --sname studio_bridge_<rand> --erl -hidden
# bridge/host.exs`). It connects to the target over distribution, loads the agent (bridge/agent.ex) into it as a
# compiled binary by remote call, then serves one request per stdin line and answers one JSON object per stdout line:
#
#   <id> tree | <id> events [app,app,…] | <id> kill <pid> | <id> exit <pid> <term> | <id> send <to> <term>
#   | <id> call <to> <term> <timeout ms> | <id> detach        (<term>: Elixir literal text, base64url; <to>: pid or name)
#   -> {"id":<id>,"ok":true,"result":...} | {"id":<id>,"ok":false,"error":"..."}
#
# and, unasked, after `events`: {"node":<node>,"events":[…]} (the agent's pushed events, see bridge/agent.ex).
#
# The cookie arrives in the environment (never on a command line, where `ps` would show it) and is removed from it.
# stdin closing (the Node side went away) detaches and halts, so the agent never stays behind in the target.
defmodule StudioBridge.Json do
  def encode(nil), do: "null"
  def encode(true), do: "true"
  def encode(false), do: "false"
  def encode(n) when is_integer(n), do: Integer.to_string(n)
  def encode(f) when is_float(f), do: Float.to_string(f)
  def encode(a) when is_atom(a), do: encode(Atom.to_string(a))
  def encode(s) when is_binary(s), do: [?", escape(s), ?"] |> IO.iodata_to_binary()
  def encode(l) when is_list(l), do: "[" <> Enum.map_join(l, ",", &encode/1) <> "]"
  def encode(m) when is_map(m), do: "{" <> Enum.map_join(m, ",", fn {k, v} -> encode(to_string(k)) <> ":" <> encode(v) end) <> "}"
  def encode(t), do: encode(inspect(t))

  defp escape(s) do
    s = if String.valid?(s), do: s, else: inspect(s)
    for <<c::utf8 <- s>>, into: "" do
      case c do
        ?" -> "\\\""
        ?\\ -> "\\\\"
        ?\n -> "\\n"
        ?\r -> "\\r"
        ?\t -> "\\t"
        c when c < 0x20 -> "\\u" <> String.pad_leading(Integer.to_string(c, 16), 4, "0")
        c -> <<c::utf8>>
      end
    end
  end
end

# Terms the user typed (a message to send, a call's request, an exit reason), as Elixir literals only: atoms,
# numbers, strings, lists, tuples, maps, module names. Parsed here, on the bridge's own node; nothing is evaluated.
defmodule StudioBridge.Term do
  def parse(text) do
    case Code.string_to_quoted(text) do
      {:ok, quoted} ->
        try do
          {:ok, literal(quoted)}
        catch
          {:not_literal, what} -> {:error, "only literal terms (atoms, numbers, strings, lists, tuples, maps), not #{what}"}
        end

      {:error, _} ->
        {:error, "not an Elixir term: #{text}"}
    end
  end

  defp literal(x) when is_atom(x) or is_number(x) or is_binary(x), do: x
  defp literal(list) when is_list(list), do: Enum.map(list, &literal/1)
  defp literal({a, b}), do: {literal(a), literal(b)}
  defp literal({:{}, _, elems}), do: elems |> Enum.map(&literal/1) |> List.to_tuple()
  defp literal({:%{}, _, pairs}), do: Map.new(pairs, fn {k, v} -> {literal(k), literal(v)} end)
  defp literal({:-, _, [n]}) when is_number(n), do: -n
  defp literal({:__aliases__, _, parts}) when is_list(parts), do: if(Enum.all?(parts, &is_atom/1), do: Module.concat(parts), else: throw({:not_literal, Macro.to_string({:__aliases__, [], parts})}))
  defp literal(other), do: throw({:not_literal, Macro.to_string(other)})
end

defmodule StudioBridge.Host do
  @rpc_timeout 10_000

  # Each bridge loads its own copy of the agent under a module name of its own, so two bridges attached to one node
  # (or one detaching while another stays) never replace or delete each other's agent.
  defp agent, do: Process.get(:agent)

  def main do
    target = String.to_atom(System.fetch_env!("STUDIO_BRIDGE_TARGET"))
    cookie = String.to_atom(System.fetch_env!("STUDIO_BRIDGE_COOKIE"))
    System.delete_env("STUDIO_BRIDGE_COOKIE")
    agent_path = System.fetch_env!("STUDIO_BRIDGE_AGENT")
    Node.set_cookie(target, cookie)
    Process.put(:agent, Module.concat(SupervisorStudio.BridgeAgent, "S" <> Base.encode16(:crypto.strong_rand_bytes(4))))

    case Node.connect(target) do
      true ->
        case load_agent(target, agent_path) do
          :ok ->
            agent = agent()
            Process.put(:sink, spawn_link(fn -> sink(target, agent, agent_path) end))
            reply(0, {:ok, %{"node" => Atom.to_string(target), "bridge" => Atom.to_string(node()), "agent" => inspect(agent())}})
            loop(target)

          {:error, why} ->
            reply(0, {:error, "could not load the agent into #{target}: #{why}"})
            System.halt(3)
        end

      _ ->
        reply(0, {:error, "cannot connect to #{target} (is it running with --sname/--name, and is the cookie right?)"})
        System.halt(2)
    end
  end

  defp load_agent(target, path) do
    source = path |> File.read!() |> String.replace("defmodule SupervisorStudio.BridgeAgent do", "defmodule #{inspect(agent())} do")
    [{mod, bin}] = Code.compile_string(source, path)

    case :rpc.call(target, :code, :load_binary, [mod, ~c"supervisor_studio_bridge_agent", bin], @rpc_timeout) do
      {:module, ^mod} -> :ok
      other -> {:error, inspect(other)}
    end
  end

  defp loop(target) do
    case IO.read(:stdio, :line) do
      :eof -> detach(target); System.halt(0)
      {:error, _} -> detach(target); System.halt(0)
      line ->
        line |> String.trim() |> String.split(" ", trim: true) |> handle(target)
        loop(target)
    end
  end

  # The agent's events (and this node's view of the target's connection) as JSON lines: {"node":…,"events":[…]}.
  # When the target goes down, it says so and tries to connect again every second; once the node is back, the agent
  # is loaded into it again (and its events started again if they were), and it says the node is up.
  defp sink(target, agent, agent_path) do
    Process.put(:agent, agent)
    # this node is hidden, so its connection to the target is too: only node_type :all reports it
    :net_kernel.monitor_nodes(true, node_type: :all)
    sink_loop(target, agent_path)
  end

  defp sink_loop(target, agent_path) do
    receive do
      {:studio_events, from, events} ->
        IO.puts(StudioBridge.Json.encode(%{"node" => Atom.to_string(from), "events" => events}))

      {:nodedown, ^target, _info} ->
        connection_event(target, "nodedown")
        Process.send_after(self(), :reconnect, 1000)

      :reconnect ->
        with true <- Node.connect(target),
             :ok <- load_agent(target, agent_path),
             :ok <- restart_events(target) do
          connection_event(target, "nodeup")
        else
          _ -> Process.send_after(self(), :reconnect, 1000)
        end

      _ ->
        :ok
    end

    sink_loop(target, agent_path)
  end

  defp connection_event(target, type) do
    IO.puts(StudioBridge.Json.encode(%{"node" => Atom.to_string(target), "events" => [%{"type" => type, "peer" => Atom.to_string(target), "seenBy" => "bridge", "us" => :erlang.system_time(:microsecond)}]}))
  end

  defp restart_events(target) do
    if :persistent_term.get(:studio_tracer, nil) do
      case :rpc.call(target, agent(), :start_events, [self(), handler_id(), :persistent_term.get(:studio_skip, [])], @rpc_timeout) do
        {:ok, r} -> :persistent_term.put(:studio_tracer, r["tracer"]); :ok
        other -> {:error, other}
      end
    else
      :ok
    end
  end

  defp handler_id, do: :"studio_bridge_#{agent() |> Module.split() |> List.last()}"

  defp handle([id | req], target) do
    id = String.to_integer(id)

    case req do
      ["tree"] -> reply(id, call(target, :tree, []))
      ["events" | skip] ->
        # applications not to trace: plain words only (names of Erlang's and Elixir's own applications)
        skip = skip |> Enum.join(",") |> String.split(",", trim: true) |> Enum.filter(&Regex.match?(~r/^[a-z][a-z0-9_]{0,63}$/, &1))
        :persistent_term.put(:studio_skip, skip)
        case call(target, :start_events, [Process.get(:sink), handler_id(), skip]) do
          {:ok, {:ok, r}} -> :persistent_term.put(:studio_tracer, r["tracer"]); reply(id, {:ok, r})
          {:ok, {:error, why}} -> reply(id, {:error, why})
          other -> reply(id, other)
        end
      ["info", pid] -> reply(id, call(target, :process_info, [pid]))
      ["kill", pid] -> reply(id, command(call(target, :kill, [pid])))
      ["exit", pid, reason] ->
        case term(reason) do
          {:ok, r} -> reply(id, command(call(target, :exit_reason, [pid, r])))
          e -> reply(id, e)
        end
      ["send", to, msg] ->
        case term(msg) do
          {:ok, m} -> reply(id, command(call(target, :send_to, [to, m])))
          e -> reply(id, e)
        end
      ["call", to, request, timeout] ->
        timeout = String.to_integer(timeout)
        with {:ok, r} <- term(request) do
          case :rpc.call(target, agent(), :call, [to, r, timeout], timeout + @rpc_timeout) do
            {:reply, text} -> reply(id, {:ok, %{"reply" => text}})
            {:exit, text} -> reply(id, {:ok, %{"exit" => text}})
            {:error, why} -> reply(id, {:error, why})
            {:badrpc, :nodedown} -> reply(id, {:error, "node #{target} is down"})
            {:badrpc, why} -> reply(id, {:error, inspect(why)})
          end
        else
          e -> reply(id, e)
        end
      ["detach"] ->
        result = detach(target)
        reply(id, result)
        System.halt(0)
      _ -> reply(id, {:error, "unknown request"})
    end
  end

  defp handle(_, _), do: :ok

  # Terms travel base64-encoded (url-safe, no padding) so a line stays one line of space-separated words.
  defp term(b64) do
    case Base.url_decode64(b64, padding: false) do
      {:ok, text} -> StudioBridge.Term.parse(text)
      :error -> {:error, "bad term encoding"}
    end
  end

  defp command({:ok, :ok}), do: {:ok, "ok"}
  defp command({:ok, {:error, why}}), do: {:error, why}
  defp command(other), do: other

  defp call(target, fun, args) do
    case :rpc.call(target, agent(), fun, args, @rpc_timeout) do
      {:badrpc, :nodedown} -> {:error, "node #{target} is down"}
      {:badrpc, why} -> {:error, inspect(why)}
      result -> {:ok, result}
    end
  end

  # Remove the agent from the target: purge any old code, delete the current, purge again.
  defp detach(target) do
    if tracer = :persistent_term.get(:studio_tracer, nil), do: :rpc.call(target, agent(), :stop_events, [tracer], @rpc_timeout)
    :rpc.call(target, :code, :purge, [agent()], @rpc_timeout)
    :rpc.call(target, :code, :delete, [agent()], @rpc_timeout)
    :rpc.call(target, :code, :purge, [agent()], @rpc_timeout)
    loaded = :rpc.call(target, :code, :is_loaded, [agent()], @rpc_timeout)
    {:ok, %{"agentLoaded" => loaded != false}}
  end

  defp reply(id, {:ok, result}), do: IO.puts(StudioBridge.Json.encode(%{"id" => id, "ok" => true, "result" => result}))
  defp reply(id, {:error, why}), do: IO.puts(StudioBridge.Json.encode(%{"id" => id, "ok" => false, "error" => to_string(why)}))
end

StudioBridge.Host.main()
