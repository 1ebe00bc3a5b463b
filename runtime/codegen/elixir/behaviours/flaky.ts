// Elixir twin of runtime/behaviours/flaky.ts (see ../../elixir.ts: `__APP__` is replaced by the project's module).
export default String.raw`defmodule __APP__.Behaviours.Flaky do
  @moduledoc "Flaky worker: answers like echo but crashes now and then: with probability crashProbability per message and/or on every crashEvery-th message."
  use GenServer
  alias __APP__.Studio

  def start_link(env), do: Studio.start_link(__MODULE__, env)

  @impl true
  def init(env) do
    Studio.bind(env)
    {:ok, %{p: env.params, seen: 0}}
  end

  defp maybe_crash(s) do
    seen = s.seen + 1
    if s.p.crashEvery > 0 and rem(seen, s.p.crashEvery) == 0, do: raise("flaky: crash on message #{seen}")
    if s.p.crashProbability > 0 and Studio.random() < s.p.crashProbability, do: raise("flaky: random crash")
    %{s | seen: seen}
  end

  @impl true
  def handle_call(req, _from, s), do: {:reply, req, maybe_crash(s)}

  @impl true
  def handle_cast(_req, s), do: {:noreply, maybe_crash(s)}

  @impl true
  def handle_info(_msg, s), do: {:noreply, maybe_crash(s)}
end
`;
