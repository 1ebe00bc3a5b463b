// Elixir twin of runtime/behaviours/todo_server.ts (see ../../elixir.ts: `__APP__` is replaced by the project's module).
export default String.raw`defmodule __APP__.Behaviours.TodoServer do
  @moduledoc "Todo server: one to-do list. init loads the entries from the database (so a restarted server carries on), {:add, entry} appends and stores, :entries lists them."
  use GenServer
  alias __APP__.Studio

  def start_link(env), do: Studio.start_link(__MODULE__, env)

  @impl true
  def init(env) do
    Studio.bind(env)
    case Studio.whereis(env.params.database) do
      nil ->
        raise "todo_server: database #{inspect(env.params.database)} is not running"

      db ->
        entries = GenServer.call(db, {:get, {:todo, list_key(env)}}) || []
        {:ok, %{env: env, entries: entries}}
    end
  end

  defp list_key(env), do: String.to_atom(to_string(env.params.listName))

  @impl true
  def handle_call(:entries, _from, s), do: {:reply, s.entries, s}

  def handle_call({:add, entry}, _from, s) do
    entries = s.entries ++ [entry]
    if db = Studio.whereis(s.env.params.database), do: GenServer.cast(db, {:put, {:todo, list_key(s.env)}, entries})
    {:reply, :ok, %{s | entries: entries}}
  end

  def handle_call(_req, _from, s), do: {:reply, {:error, :unknown_request}, s}

  @impl true
  def handle_info(_msg, s), do: {:noreply, s}
end
`;
