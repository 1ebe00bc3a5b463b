// Elixir twin of runtime/behaviours/database.ts (see ../../elixir.ts: `__APP__` is replaced by the project's module).
export default String.raw`defmodule __APP__.Behaviours.Database do
  @moduledoc "Database: keeps data outside the servers that use it, so their state survives their restarts. {:get, key}, {:put, key, value} (after writeDelayMs). Traps exits."
  use GenServer
  alias __APP__.Studio

  def start_link(env), do: Studio.start_link(__MODULE__, env)

  @impl true
  def init(env) do
    Studio.bind(env)
    Process.flag(:trap_exit, true)
    {:ok, %{env: env, data: %{}}}
  end

  @impl true
  def handle_call({:get, key}, _from, s), do: {:reply, Map.get(s.data, key), s}

  def handle_call({:put, key, value}, _from, s) do
    delay = s.env.params.writeDelayMs
    if delay > 0, do: Process.sleep(delay)
    {:reply, :ok, %{s | data: Map.put(s.data, key, value)}}
  end

  def handle_call(_req, _from, s), do: {:reply, {:error, :unknown_request}, s}

  @impl true
  def handle_cast({:put, key, value}, s), do: {:noreply, %{s | data: Map.put(s.data, key, value)}}
  def handle_cast(_req, s), do: {:noreply, s}

  @impl true
  def handle_info(_msg, s), do: {:noreply, s}

  @impl true
  def terminate(reason, s), do: Studio.note(s.env, :database_flush, %{reason: reason, keys: map_size(s.data)})
end
`;
