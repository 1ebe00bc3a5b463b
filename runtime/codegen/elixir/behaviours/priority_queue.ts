// Elixir twin of runtime/behaviours/priority_queue.ts (see ../../elixir.ts: `__APP__` is replaced by the project's module).
export default String.raw`defmodule __APP__.Behaviours.PriorityQueue do
  @moduledoc "Priority queue: {:push, priority, item} (0 = most urgent), :pop answers the most urgent, oldest item (or :empty), :size the count. Past capacity a push gets {:error, :full}."
  use GenServer
  alias __APP__.Studio

  def start_link(env), do: Studio.start_link(__MODULE__, env)

  @impl true
  def init(env) do
    Studio.bind(env)
    levels = env.params.levels
    {:ok, %{capacity: env.params.capacity, levels: levels, queues: Map.new(0..(levels - 1), &{&1, :queue.new()}), size: 0}}
  end

  @impl true
  def handle_call({:push, _priority, _item}, _from, %{size: size, capacity: cap} = s) when size >= cap,
    do: {:reply, {:error, :full}, s}

  def handle_call({:push, priority, item}, _from, s) do
    level = priority |> to_level() |> max(0) |> min(s.levels - 1)
    {:reply, :ok, %{s | queues: Map.update!(s.queues, level, &:queue.in(item, &1)), size: s.size + 1}}
  end

  def handle_call(:pop, _from, s) do
    case Enum.find(0..(s.levels - 1), fn l -> not :queue.is_empty(s.queues[l]) end) do
      nil ->
        {:reply, :empty, s}

      level ->
        {{:value, item}, q} = :queue.out(s.queues[level])
        {:reply, item, %{s | queues: Map.put(s.queues, level, q), size: s.size - 1}}
    end
  end

  def handle_call(:size, _from, s), do: {:reply, s.size, s}
  def handle_call(_req, _from, s), do: {:reply, {:error, :unknown_request}, s}

  @impl true
  def handle_info(_msg, s), do: {:noreply, s}

  defp to_level(p) when is_integer(p), do: p
  defp to_level(p) when is_float(p), do: floor(p)
  defp to_level(_p), do: 0
end
`;
