// Elixir twin of runtime/behaviours/client.ts (see ../../elixir.ts: `__APP__` is replaced by the project's module).
export default String.raw`defmodule __APP__.Behaviours.Client do
  @moduledoc "Client: passes every call on to its target, addressed by name (looked up on every call) or by the pid it found at start (which dies with the target). Replies the answer or {:error, reason}; :target answers the pid it would use."
  use GenServer
  alias __APP__.Studio

  def start_link(env), do: Studio.start_link(__MODULE__, env)

  @impl true
  def init(env) do
    Studio.bind(env)
    kept = if env.params.address == :pid, do: Studio.whereis_name(env.params.target), else: nil
    {:ok, %{env: env, kept: kept}}
  end

  defp current(%{env: %{params: %{address: :pid}}} = s), do: s.kept
  defp current(s), do: Studio.whereis_name(s.env.params.target)

  @impl true
  def handle_call(:target, _from, s), do: {:reply, current(s), s}

  def handle_call(req, _from, s) do
    case current(s) do
      nil ->
        Studio.count(s.env, :noproc)
        {:reply, {:error, :noproc}, s}

      to ->
        try do
          answer = GenServer.call(to, req, s.env.params.timeoutMs)
          Studio.count(s.env, :ok)
          {:reply, answer, s}
        catch
          :exit, {reason, _} ->
            Studio.count(s.env, :error)
            {:reply, {:error, reason}, s}
        end
    end
  end
end
`;
