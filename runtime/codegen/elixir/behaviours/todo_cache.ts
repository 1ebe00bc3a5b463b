// Elixir twin of runtime/behaviours/todo_cache.ts (see ../../elixir.ts: `__APP__` is replaced by the project's module).
export default String.raw`defmodule __APP__.Behaviours.TodoCache do
  @moduledoc "Todo cache: finds the todo server of a list in the registry, or starts one under the serverSupervisor DynamicSupervisor. {:server, name}, {:add, name, entry}, {:entries, name}."
  use GenServer
  alias __APP__.Studio

  def start_link(env), do: Studio.start_link(__MODULE__, env)

  @impl true
  def init(env) do
    Studio.bind(env)
    {:ok, env}
  end

  defp server_for(env, name) do
    key = to_string(name)

    case Studio.lookup(key) do
      nil ->
        database = Enum.find(env.calls, fn n -> Studio.kind_of(n) == {:worker, :database} end) || :database
        params = %{listName: key, database: database}

        case Studio.start_child(env.params.serverSupervisor, :todo_server, params, key: key) do
          {:ok, pid} -> pid
          {:error, {:already_started, pid}} -> pid
          other -> other
        end

      pid ->
        pid
    end
  end

  @impl true
  def handle_call({:server, name}, _from, env), do: {:reply, server_for(env, name), env}
  def handle_call({:add, name, entry}, _from, env), do: {:reply, GenServer.call(server_for(env, name), {:add, entry}), env}
  def handle_call({:entries, name}, _from, env), do: {:reply, GenServer.call(server_for(env, name), :entries), env}
  def handle_call(_req, _from, env), do: {:reply, {:error, :unknown_request}, env}

  @impl true
  def handle_info(_msg, env), do: {:noreply, env}
end
`;
