# The bridge's own hidden node (started by bridge/bridge.ts as `elixir --sname studio_bridge_<rand> --erl -hidden
# bridge/host.exs`). It connects to the target over distribution, loads the agent (bridge/agent.ex) into it as a
# compiled binary by remote call, then serves one request per stdin line and answers one JSON object per stdout line:
#
#   <id> tree | <id> kill <pid> | <id> exit <pid> <reason> | <id> detach
#   -> {"id":<id>,"ok":true,"result":...} | {"id":<id>,"ok":false,"error":"..."}
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
            reply(0, {:ok, %{"node" => Atom.to_string(target), "bridge" => Atom.to_string(node()), "agent" => inspect(agent())}})
            :net_kernel.monitor_nodes(true)
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

  defp handle([id | req], target) do
    id = String.to_integer(id)

    case req do
      ["tree"] -> reply(id, call(target, :tree, []))
      ["info", pid] -> reply(id, call(target, :process_info, [pid]))
      ["kill", pid] -> reply(id, command(call(target, :kill, [pid])))
      ["exit", pid, reason] -> reply(id, command(call(target, :exit_reason, [pid, reason_atom(reason)])))
      ["detach"] ->
        result = detach(target)
        reply(id, result)
        System.halt(0)
      _ -> reply(id, {:error, "unknown request"})
    end
  end

  defp handle(_, _), do: :ok

  # Reasons are restricted (by the Node side too) to atom-like words; `normal`, `shutdown`, `kill` or any other.
  defp reason_atom(r), do: String.to_atom(r)

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
