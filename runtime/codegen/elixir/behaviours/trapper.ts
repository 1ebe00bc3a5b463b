// Elixir twin of runtime/behaviours/trapper.ts (see ../../elixir.ts: `__APP__` is replaced by the project's module).
export default String.raw`defmodule __APP__.Behaviours.Trapper do
  @moduledoc "Trapper: traps exits, so a linked process's exit signal becomes an {:EXIT, pid, reason} message it records instead of dying. :exits lists {from, reason} (from: the design name of the sender, else its pid)."
  use GenServer
  alias __APP__.Studio

  def start_link(env), do: Studio.start_link(__MODULE__, env)

  @impl true
  def init(env) do
    Studio.bind(env)
    Process.flag(:trap_exit, env.params.trapExit)
    {:ok, %{env: env, exits: []}}
  end

  @impl true
  def handle_call(:exits, _from, s), do: {:reply, s.exits, s}
  def handle_call(req, _from, s), do: {:reply, req, s}

  @impl true
  def handle_info({:EXIT, pid, reason}, s) do
    from = Studio.name_of(pid)
    Studio.note(s.env, :trapped_exit, %{from: from, reason: reason})
    {:noreply, %{s | exits: s.exits ++ [{from, reason}]}}
  end

  def handle_info(_msg, s), do: {:noreply, s}

  @impl true
  def terminate(reason, s), do: Studio.note(s.env, :terminate, %{reason: reason})
end
`;
