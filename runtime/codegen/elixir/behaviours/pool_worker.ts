// Elixir twin of runtime/behaviours/pool_worker.ts (see ../../elixir.ts: `__APP__` is replaced by the project's module).
export default String.raw`defmodule __APP__.Behaviours.PoolWorker do
  @moduledoc "Pool worker: does one job at a time; each takes workMs. Replies {:done, job}."
  use GenServer
  alias __APP__.Studio

  def start_link(env), do: Studio.start_link(__MODULE__, env)

  @impl true
  def init(env) do
    Studio.bind(env)
    {:ok, %{workMs: env.params.workMs}}
  end

  @impl true
  def handle_call(job, _from, s) do
    Process.sleep(s.workMs)
    {:reply, {:done, job}, s}
  end

  @impl true
  def handle_info(_msg, s), do: {:noreply, s}
end
`;
