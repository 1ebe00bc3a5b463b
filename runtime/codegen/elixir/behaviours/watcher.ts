// Elixir twin of runtime/behaviours/watcher.ts (see ../../elixir.ts: `__APP__` is replaced by the project's module).
export default String.raw`defmodule __APP__.Behaviours.Watcher do
  @moduledoc "Watcher: monitors the process named by target and records each DOWN message without dying; watches again once the target is back. :downs lists {target, reason}."
  use GenServer
  alias __APP__.Studio

  def start_link(env), do: Studio.start_link(__MODULE__, env)

  @retry_ms 20

  @impl true
  def init(env) do
    Studio.bind(env)
    {:ok, watch(%{env: env, ref: nil, downs: []})}
  end

  defp watch(s) do
    case Studio.whereis(s.env.params.target) do
      nil ->
        Process.send_after(self(), :"$watch", @retry_ms)
        %{s | ref: nil}

      pid ->
        %{s | ref: Process.monitor(pid)}
    end
  end

  @impl true
  def handle_call(:downs, _from, s), do: {:reply, s.downs, s}
  def handle_call(req, _from, s), do: {:reply, req, s}

  @impl true
  def handle_info(:"$watch", s), do: {:noreply, if(s.ref, do: s, else: watch(s))}

  def handle_info({:DOWN, ref, :process, _pid, reason}, %{ref: ref} = s) do
    target = s.env.params.target
    Studio.note(s.env, :down, %{target: target, reason: reason})
    Process.send_after(self(), :"$watch", @retry_ms)
    {:noreply, %{s | ref: nil, downs: s.downs ++ [{target, reason}]}}
  end

  def handle_info(_msg, s), do: {:noreply, s}
end
`;
