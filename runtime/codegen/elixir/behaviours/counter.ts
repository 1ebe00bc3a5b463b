// Elixir twin of runtime/behaviours/counter.ts (see ../../elixir.ts: `__APP__` is replaced by the project's module).
export default String.raw`defmodule __APP__.Behaviours.Counter do
  @moduledoc "Counter: a number in the state; :increment adds step, :get reads it. A restart starts again from initial."
  use GenServer
  alias __APP__.Studio

  def start_link(env), do: Studio.start_link(__MODULE__, env)

  @impl true
  def init(env) do
    Studio.bind(env)
    {:ok, %{n: env.params.initial, step: env.params.step}}
  end

  @impl true
  def handle_call(:get, _from, s), do: {:reply, s.n, s}
  def handle_call(:increment, _from, s), do: {:reply, s.n + s.step, %{s | n: s.n + s.step}}
  def handle_call(req, _from, _s), do: raise("counter: unknown call #{inspect(req)}")

  @impl true
  def handle_cast(:increment, s), do: {:noreply, %{s | n: s.n + s.step}}
  def handle_cast(_req, s), do: {:noreply, s}

  @impl true
  def handle_info(_msg, s), do: {:noreply, s}
end
`;
