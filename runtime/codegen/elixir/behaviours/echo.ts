// Elixir twin of runtime/behaviours/echo.ts (see ../../elixir.ts: `__APP__` is replaced by the project's module).
export default String.raw`defmodule __APP__.Behaviours.Echo do
  @moduledoc "Echo worker: replies to every call with the message it got (after replyDelayMs)."
  use GenServer
  alias __APP__.Studio

  def start_link(env), do: Studio.start_link(__MODULE__, env)

  @impl true
  def init(env) do
    Studio.bind(env)
    {:ok, %{delay: env.params.replyDelayMs}}
  end

  @impl true
  def handle_call(req, _from, %{delay: 0} = s), do: {:reply, req, s}
  def handle_call(req, _from, s), do: (Process.sleep(s.delay); {:reply, req, s})

  @impl true
  def handle_cast(_req, s), do: {:noreply, s}

  @impl true
  def handle_info(_msg, s), do: {:noreply, s}
end
`;
