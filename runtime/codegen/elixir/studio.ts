// The generic part of the generated `__APP__.Studio` module: what the behaviour twins need from "the design around
// them" (runtime/behaviours/lib.ts's BehaviourEnv, in Elixir). The generator puts the design's wiring (`@nodes`,
// `@paths`, `@registry`, `@modules`, `@defaults`) above this text.
export const STUDIO_FUNCTIONS = String.raw`
  @pids Module.concat(__MODULE__, Pids)
  @counters Module.concat(__MODULE__, Counters)
  # the scenario runner's event collector registers under this name (one per app, so two exported designs can run
  # side by side in one VM)
  @trace Module.concat(__MODULE__, Trace)

  @doc "The name the scenario runner's event collector registers under."
  def trace_name, do: @trace

  @doc "Creates the tables for live pids and counters (counters survive restarts, like the studio's run counters)."
  def init_tables do
    for t <- [@pids, @counters], :ets.whereis(t) == :undefined, do: :ets.new(t, [:named_table, :public, :set])
    :ok
  end

    @doc "A path as the scenario comparison sees it: a child started at run time (not in the design) loses its number."
  def generic_path(path), do: if(Map.has_key?(@nodes, path), do: path, else: Regex.replace(~r/_\d+$/, path, "_*"))

  @doc "Empties the tables (between two scenario runs)."
  def reset_tables do
    init_tables()
    :ets.delete_all_objects(@pids)
    :ets.delete_all_objects(@counters)
    :ok
  end

  @doc "The start argument of the design node at path, with its parameters."
  def env(path, params) do
    node = Map.fetch!(@nodes, path)
    Map.merge(Map.take(node, [:name, :behaviour, :calls, :links, :monitors, :registration]), %{path: path, params: params})
  end

  @doc "GenServer.start_link with the node's registration (a local name, a Registry key, or none)."
  def start_link(module, env) do
    opts =
      case env.registration do
        {:name, name} -> [name: name]
        {:via, registry, key} -> [name: {:via, Registry, {registry, key}}]
        :none -> []
      end

    GenServer.start_link(module, env, opts)
  end

  @doc "Called first in every worker's init/1: records the process for its path and wires its links and monitors."
  def bind(env) do
    announce(env.path, self())
    Enum.each(env.links, fn other -> if pid = whereis_path(other), do: Process.link(pid) end)
    # a watcher makes the monitors of its edges itself (by name, :noproc for a target that does not run)
    if env.behaviour != :watcher,
      do: Enum.each(env.monitors, fn target -> if pid = whereis_path(target), do: Process.monitor(pid) end)
    :ok
  end

  @doc "Wraps a supervisor's or registry's start result: records the new process for its path."
  def started(path, {:ok, pid} = result) do
    announce(path, pid)
    result
  end

  def started(_path, other), do: other

  def start_registry(path, opts), do: started(path, Registry.start_link(opts))

  @doc """
  Records a process for its design path and reports its start: a supervisor calls it first thing in its init/1 (so
  its start comes before its children's, as the studio's trace has it), a worker through bind/1.
  """
  def announce(path, pid) do
    if :ets.whereis(@pids) != :undefined, do: :ets.insert(@pids, [{path, pid}, {{:pid, pid}, path}])
    if tracer = Process.whereis(@trace), do: send(tracer, {:studio_started, path, pid})
    :ok
  end

  @doc "The live process at a design path, or nil."
  def whereis_path(path) do
    with true <- :ets.whereis(@pids) != :undefined,
         [{_, pid}] <- :ets.lookup(@pids, path),
         true <- Process.alive?(pid) do
      pid
    else
      _ -> nil
    end
  end

  @doc "The name of the design node a process was started for (also after it ended), else the pid itself."
  def name_of(pid) when is_pid(pid) do
    with true <- :ets.whereis(@pids) != :undefined,
         [{_, path}] <- :ets.lookup(@pids, {:pid, pid}),
         %{name: name} <- Map.get(@nodes, path) do
      name
    else
      _ -> pid
    end
  end

  def name_of(other), do: other

  @doc "The live process of a design node by name or path (or a Registry key), or nil."
  def whereis(nil), do: nil
  def whereis(pid) when is_pid(pid), do: pid

  def whereis(name) do
    key = to_string(name)
    whereis_path(Map.get(@paths, key, key)) || lookup(key)
  end

  @doc """
  What a design name (or path) reaches now, as OTP resolves a name: the node's registered name, or its key in its
  Registry, so an unregistered node (register: none) cannot be reached by name and a name whose process died answers
  nil until the restarted process registers again. A name that is no node is a Registry key or a registered name.
  (The simulator's Simulation.resolveName.)
  """
  def whereis_name(name) do
    key = to_string(name)

    case Map.get(@nodes, Map.get(@paths, key, key)) do
      %{registration: {:name, registered}} -> Process.whereis(registered)
      %{registration: {:via, registry, k}} -> via_lookup(registry, k)
      %{registration: :none} -> nil
      nil -> lookup(key) || registered_name(key)
    end
  end

  defp via_lookup(registry, key) do
    with p when is_pid(p) <- Process.whereis(registry),
         [{pid, _} | _] <- Registry.lookup(registry, key),
         true <- Process.alive?(pid) do
      pid
    else
      _ -> nil
    end
  end

  defp registered_name(key) do
    Process.whereis(String.to_existing_atom(key))
  rescue
    ArgumentError -> nil
  end

  @doc "Looks a key up in the design's registries (in start order)."
  def lookup(key) do
    Enum.find_value(@registries, fn reg ->
      with p when is_pid(p) <- Process.whereis(reg),
           [{pid, _} | _] <- Registry.lookup(reg, to_string(key)) do
        pid
      else
        _ -> nil
      end
    end)
  end

  defp node_named(name) do
    key = to_string(name)
    Map.get(@nodes, Map.get(@paths, key, key))
  end

  @doc "{kind, behaviour} of a design node (behaviour is nil for non-workers)."
  def kind_of(name), do: (n = node_named(name)) && {n.kind, n.behaviour}

  @doc "Names of the design children of a supervisor node, in start order."
  def children_of(name), do: ((n = node_named(name)) && n.children) || []

  @doc "The worker names of a pool: the children of the supervisor it calls, else the workers it calls directly."
  def pool_workers(env) do
    Enum.flat_map(env.calls, fn n ->
      case kind_of(n) do
        {kind, _} when kind in [:supervisor, :dynamic_supervisor] -> children_of(n)
        {:worker, _} -> [n]
        _ -> []
      end
    end)
  end

  @doc "Starts a new child running behaviour under a DynamicSupervisor node (key: register it in the design's Registry)."
  def start_child(sup, behaviour, params, opts \\ []) do
    key = sup && to_string(sup)
    sup_path = Map.get(@paths, key, key)

    case whereis(sup) do
      nil ->
        {:error, :noproc}

      pid ->
        init_tables()
        n = :ets.update_counter(@counters, {sup_path, :"#"}, 1, {{sup_path, :"#"}, 0})
        id = opts[:key] || "#{behaviour}_#{n}"

        env = %{
          path: "#{sup_path}/#{id}", name: id, behaviour: behaviour, calls: [], links: [], monitors: [],
          params: Map.merge(Map.get(@defaults, behaviour, %{}), params),
          registration: if(opts[:key] && @registry, do: {:via, @registry, to_string(opts[:key])}, else: :none)
        }

        spec = %{id: :undefined, start: {Map.fetch!(@modules, behaviour), :start_link, [env]}, restart: opts[:restart] || :permanent, shutdown: 5000, type: :worker}
        DynamicSupervisor.start_child(pid, spec)
    end
  end

  @doc "Records a domain event (a breaker transition, a pool resize, ...) for a scenario run."
  def note(env, event, data \\ %{}) do
    if tracer = Process.whereis(@trace), do: send(tracer, {:studio_note, env.path, event, data})
    :ok
  end

  # ---- randomness: the studio kernel's seeded stream (runtime/kernel/prng.ts) ------------------------------------
  @prng Module.concat(__MODULE__, Prng)
  import Bitwise
  @mask 0xFFFFFFFF

  @doc """
  Starts the run's random stream: sfc32 seeded like the studio's kernel, one stream for the whole tree, so a scenario
  draws the simulator's numbers in the simulator's order (the runner starts it for each scenario; without it,
  random/0 falls back to :rand, e.g. in iex -S mix).
  """
  def start_prng(seed) do
    if pid = Process.whereis(@prng), do: Agent.stop(pid)
    {:ok, _} = Agent.start(fn -> sfc32(seed) end, name: @prng)
    :ok
  end

  @doc "A float in [0, 1) from the run's stream (the studio's kernel.prng.next())."
  def random do
    if Process.whereis(@prng),
      do: Agent.get_and_update(@prng, &sfc32_next/1),
      else: :rand.uniform()
  catch
    :exit, _ -> :rand.uniform()
  end

  @doc "An integer in [lo, hi] from the run's stream (the studio's kernel.prng.int(lo, hi))."
  def random_int(lo, hi), do: lo + floor(random() * (hi - lo + 1))

  @doc "sfc32 seeded as runtime/kernel/prng.ts: the same seed gives the same numbers."
  def sfc32(seed), do: Enum.reduce(1..15, {0x9E3779B9, 0x243F6A88, 0xB7E15162, band(seed, @mask)}, fn _, s -> elem(sfc32_next(s), 1) end)

  @doc "The next float in [0, 1) and the next state."
  def sfc32_next({a, b, c, d}) do
    t = band(a + b + d, @mask)
    c1 = bor(band(c <<< 21, @mask), c >>> 11)
    {t / 4_294_967_296, {bxor(b, b >>> 9), band(c + (c <<< 3), @mask), band(c1 + t, @mask), band(d + 1, @mask)}}
  end

  @doc "The runner's next command is due at monotonic ms at (nil: none left); see command_due?/1."
  def next_command_at(at) do
    if :ets.whereis(@counters) != :undefined, do: :ets.insert(@counters, {:"$next_command", at})
    :ok
  end

  @doc """
  True while a scenario command due at or before monotonic ms t has not been issued yet. In the simulator a command
  comes before whatever else is due at its millisecond (its timer was set first), so a load source's request due at
  the very millisecond the load is switched off is not sent; a load source asks this before each request to keep that
  order in real time.
  """
  def command_due?(t) do
    with true <- :ets.whereis(@counters) != :undefined,
         [{_, at}] when is_integer(at) <- :ets.lookup(@counters, :"$next_command") do
      at <= t
    else
      _ -> false
    end
  end

  @doc "Adds to one of the node's counters."
  def count(env, counter, by \\ 1) do
    if :ets.whereis(@counters) != :undefined, do: :ets.update_counter(@counters, {env.path, counter}, by, {{env.path, counter}, 0})
    :ok
  end

  @doc "The node's counters as a map (the reply to :stats)."
  def stats(env) do
    if :ets.whereis(@counters) == :undefined,
      do: %{},
      else: Map.new(:ets.match_object(@counters, {{env.path, :_}, :_}), fn {{_, k}, v} -> {k, v} end)
  end

  @doc "Sends a GenServer call without waiting (like :gen_server.send_request/2); see check_response/2."
  def send_request(nil, _req, _timeout) do
    ref = make_ref()
    send(self(), {:"$request_timeout", ref, :noproc})
    ref
  end

  def send_request(pid, req, timeout) do
    ref = Process.monitor(pid)
    send(pid, {:"$gen_call", {self(), ref}, req})
    if timeout != :infinity, do: Process.send_after(self(), {:"$request_timeout", ref, :timeout}, timeout)
    ref
  end

  @doc "If msg answers a pending request: {true, ref, reply} or {false, ref, reason}; :stale for a late answer; else nil."
  def check_response({ref, reply}, pending) when is_reference(ref) do
    Process.demonitor(ref, [:flush])
    if Map.has_key?(pending, ref), do: {true, ref, reply}, else: :stale
  end

  def check_response({:DOWN, ref, :process, _pid, reason}, pending) when is_map_key(pending, ref), do: {false, ref, reason}

  def check_response({:"$request_timeout", ref, reason}, pending) do
    if Map.has_key?(pending, ref) do
      Process.demonitor(ref, [:flush])
      {false, ref, reason}
    else
      :stale
    end
  end

  def check_response(_msg, _pending), do: nil

  @doc "An error answer: :error or {:error, ...} (any other answer counts as a success)."
  def error?(:error), do: true
  def error?(t) when is_tuple(t) and tuple_size(t) > 0 and elem(t, 0) == :error, do: true
  def error?(_), do: false
`;
