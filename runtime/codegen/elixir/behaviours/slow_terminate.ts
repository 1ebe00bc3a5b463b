// Elixir twin of runtime/behaviours/slow_terminate.ts (see ../../elixir.ts: `__APP__` is replaced by the project's module).
export default String.raw`defmodule __APP__.Behaviours.SlowTerminate do
  @moduledoc "Slow terminate: traps exits and spends terminateMs in terminate/2; a shorter child-spec shutdown ends in a kill."
  use GenServer
  alias __APP__.Studio

  def start_link(env), do: Studio.start_link(__MODULE__, env)

  @impl true
  def init(env) do
    Studio.bind(env)
    Process.flag(:trap_exit, true)
    {:ok, env}
  end

  @impl true
  def handle_call(req, _from, env), do: {:reply, req, env}

  @impl true
  def handle_info(_msg, env), do: {:noreply, env}

  @impl true
  def terminate(reason, env) do
    Studio.note(env, :terminate_started, %{reason: reason})
    Process.sleep(env.params.terminateMs)
    Studio.note(env, :terminate_finished, %{reason: reason})
  end
end
`;
