// Elixir twin of runtime/behaviours/slow_init.ts (see ../../elixir.ts: `__APP__` is replaced by the project's module).
export default String.raw`defmodule __APP__.Behaviours.SlowInit do
  @moduledoc "Slow init: spends initMs in init/1; the supervisor waits before starting the next child."
  use GenServer
  alias __APP__.Studio

  def start_link(env), do: Studio.start_link(__MODULE__, env)

  @impl true
  def init(env) do
    Studio.bind(env)
    Process.sleep(env.params.initMs)
    {:ok, nil}
  end

  @impl true
  def handle_call(req, _from, s), do: {:reply, req, s}

  @impl true
  def handle_info(_msg, s), do: {:noreply, s}
end
`;
