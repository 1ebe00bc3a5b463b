// Elixir twin of runtime/behaviours/crasher.ts (see ../../elixir.ts: `__APP__` is replaced by the project's module).
export default String.raw`defmodule __APP__.Behaviours.Crasher do
  @moduledoc "Crasher: fails on command (:crash, or {:crash, reason}) by call, cast or message: raise, exit or throw (a throw in a callback becomes {:bad_return_value, value})."
  use GenServer
  alias __APP__.Studio

  def start_link(env), do: Studio.start_link(__MODULE__, env)

  @impl true
  def init(env) do
    Studio.bind(env)
    p = env.params
    if p.crashAfterMs > 0, do: Process.send_after(self(), :crash, p.crashAfterMs)
    {:ok, p}
  end

  @impl true
  def handle_call(req, _from, p), do: (handle(req, p); {:reply, :ok, p})

  @impl true
  def handle_cast(req, p), do: (handle(req, p); {:noreply, p})

  @impl true
  def handle_info(msg, p), do: (handle(msg, p); {:noreply, p})

  defp handle(:crash, p), do: crash(p, p.reason)
  defp handle({:crash, reason}, p), do: crash(p, to_string(reason))
  defp handle(_other, _p), do: :ok

  defp crash(%{mode: :exit}, reason), do: exit(String.to_atom(reason))
  defp crash(%{mode: :throw}, reason), do: throw(String.to_atom(reason))
  defp crash(%{error: :ArgumentError}, reason), do: raise(ArgumentError, reason)
  # errors the VM raises: the exit reason is the Erlang term (what 1 / 0, a failed match, a missing clause give)
  defp crash(%{error: :ArithmeticError}, _reason), do: :erlang.error(:badarith)
  defp crash(%{error: :MatchError}, reason), do: :erlang.error({:badmatch, String.to_atom(reason)})
  defp crash(%{error: :FunctionClauseError}, _reason), do: :erlang.error(:function_clause)
  defp crash(_p, reason), do: raise(reason)
end
`;
