# otp_suites.exs -- the OTP side of the scenario fields, steps and actions of runtime/conformance/suites (README.md
# there), used to translate OTP's supervisor_SUITE / gen_server_SUITE and Elixir's Supervisor, DynamicSupervisor,
# Task.Supervisor, Registry and Agent tests into conformance scenarios. Loaded by ../extra/otp_ext.exs after the
# shared runner; Conf.Ext hands it every step, action and child-spec field it does not know itself.

defmodule Conf.Suites do
  alias Conf.T

  # ---- child spec fields --------------------------------------------------------------------------------------------
  # "raw": {key: term} merged into the child spec map as it is (invalid values show OTP's own check);
  # "drop": [key] removed from it; "start_return": term -- the start function returns that term without starting
  # anything; "extra": term -- the start function returns {:ok, pid, term}; "extra_args": true -- the start function
  # takes a DynamicSupervisor's extra_arguments (logged as `<label> extra_args [...]`); "type": "supervisor" with
  # "dynamic": {...} -- a DynamicSupervisor child (fields of start_dynamic_supervisor).
  def child_spec(spec, c) do
    [_m, _f, [cbase | _]] = Tuple.to_list(spec.start)

    spec =
      cond do
        Map.has_key?(c, "start_return") -> %{spec | start: {__MODULE__, :start_return, [c["start_return"]]}}
        is_binary(c["register"]) -> %{spec | start: {__MODULE__, :start_named, [cbase, c["behaviour"], c["register"]]}}
        Map.has_key?(c, "start_fail") -> %{spec | start: {__MODULE__, :start_fail, [c["start_fail"]]}}
        Map.has_key?(c, "extra") -> %{spec | start: {__MODULE__, :start_extra, [cbase, c["behaviour"], c["via"], c["extra"]]}}
        c["extra_args"] == true -> %{spec | start: {__MODULE__, :start_extra_args, [cbase, c["behaviour"], c["via"]]}}
        is_map(c["dynamic"]) -> %{spec | start: {__MODULE__, :start_dsup, [cbase, c["dynamic"]]}}
        true -> spec
      end

    spec = Enum.reduce(c["raw"] || %{}, spec, fn {k, v}, acc -> Map.put(acc, String.to_atom(k), T.term(v)) end)
    Enum.reduce(c["drop"] || [], spec, fn k, acc -> Map.delete(acc, String.to_atom(k)) end)
  end

  def start_return(t), do: T.term(t)

  # "register": atom -- the worker is started with a local name
  def start_named(base, beh, name), do: GenServer.start_link(Conf.GS, {base, beh, true}, name: String.to_atom(name))

  # "start_fail": {"throw": t} | {"raise": msg} | {"exit": t} -- the start function fails that way
  def start_fail(%{"throw" => t}), do: throw(T.term(t))
  def start_fail(%{"raise" => msg}), do: raise(msg)
  def start_fail(%{"exit" => t}), do: exit(T.term(t))

  def start_extra(base, beh, via, extra) do
    case Conf.Start.worker(base, beh, via) do
      {:ok, pid} -> {:ok, pid, T.term(extra)}
      other -> other
    end
  end

  def start_extra_args(a, base, beh, via), do: extra_args([a], base, beh, via)
  def start_extra_args(a, b, base, beh, via), do: extra_args([a, b], base, beh, via)
  def start_extra_args(a, b, c, base, beh, via), do: extra_args([a, b, c], base, beh, via)

  defp extra_args(args, base, beh, via) do
    res = Conf.Start.worker(base, beh, via)

    case res do
      {:ok, pid} -> T.log("#{T.label(pid)} extra_args #{T.fmt(args)}")
      _ -> :ok
    end

    res
  end

  def start_dsup(base, d) do
    :ets.insert(:conf_meta, {{:dyn_base, base}, true})
    DynamicSupervisor.start_link(Conf.Suites.DSup, {base, d, true})
  end

  # which_children & co: a nested dynamic supervisor (by label or base) is dynamic
  def kind(m, name) when not is_binary(name), do: Map.get(m, name, :sup)

  def kind(m, name) do
    case Map.fetch(m, name) do
      {:ok, k} ->
        k

      :error ->
        base = String.replace(name, ~r/#\d+$/, "")
        if :ets.lookup(:conf_meta, {:dyn_base, base}) != [], do: :dsup, else: :sup
    end
  end

  # ---- supervisor init ------------------------------------------------------------------------------------------------
  # "init": "ignore" | {"return": term} | {"raise": msg} replaces the init result; "flags": {key: term} is merged
  # into the flags map as it is (invalid values show OTP's own check)
  def sup_init({:ok, {flags, children}}, spec) do
    flags = Enum.reduce(spec["flags"] || %{}, flags, fn {k, v}, acc -> Map.put(acc, String.to_atom(k), T.term(v)) end)

    case spec["init"] do
      nil -> {:ok, {flags, children}}
      "ignore" -> :ignore
      %{"return" => t} -> T.term(t)
      %{"raise" => msg} -> raise msg
    end
  end

  # ---- GenServer callback results -------------------------------------------------------------------------------------
  # ctx fields set by the actions below: :noreply (a call does not reply now), :tail (timeout | :hibernate |
  # {:continue, t} appended to the result), :return (the callback returns exactly that term)
  def gs_ret(r) when is_tuple(r) do
    ctx = elem(r, tuple_size(r) - 1)

    if is_map(ctx) and Map.has_key?(ctx, :label) do
      clean = Map.drop(ctx, [:noreply, :tail, :return])
      r = put_elem(r, tuple_size(r) - 1, clean)

      cond do
        Map.has_key?(ctx, :return) -> ctx.return
        true -> tail(noreply(r, ctx[:noreply]), ctx[:tail])
      end
    else
      r
    end
  end

  def gs_ret(r), do: r

  defp noreply({:reply, _v, c}, true), do: {:noreply, c}
  defp noreply(r, _), do: r

  defp tail(r, nil), do: r
  defp tail({:stop, _, _} = r, _), do: r
  defp tail({:stop, _, _, _} = r, _), do: r
  defp tail(r, t), do: Tuple.append(r, t)

  # ---- actions ---------------------------------------------------------------------------------------------------------
  # a call handler does not reply now; the caller is saved for deferred_reply
  def act(%{"noreply" => _}, ctx), do: {:ok, ctx |> Map.put(:noreply, true) |> Map.put(:saved_from, ctx[:from])}
  # GenServer.reply to the caller saved by noreply
  def act(%{"deferred_reply" => t}, ctx) do
    GenServer.reply(ctx[:saved_from], T.term(t))
    T.log("#{ctx.label} deferred_reply #{T.fmt(T.term(t))}")
    {:ok, ctx}
  end

  def act(%{"timeout" => ms}, ctx), do: {:ok, Map.put(ctx, :tail, ms)}
  def act(%{"hibernate" => _}, ctx), do: {:ok, Map.put(ctx, :tail, :hibernate)}
  def act(%{"continue" => t}, ctx), do: {:ok, Map.put(ctx, :tail, {:continue, T.term(t)})}
  def act(%{"return" => t}, ctx), do: {:ok, Map.put(ctx, :return, T.term(t))}

  # a Registry operation by this process
  def act(%{"reg" => r}, ctx) do
    T.log("#{ctx.label} #{reg_text(r)}")
    {:ok, ctx}
  end

  def act(other, _ctx), do: raise("unknown action #{inspect(other)}")

  # ---- steps -----------------------------------------------------------------------------------------------------------
  def step("get_childspec", s) do
    id = String.to_atom(s["id"])

    res =
      case   :supervisor.get_childspec(T.resolve(s["sup"]), id) do
        {:ok, spec} -> {:ok, Map.drop(spec, [:start, :modules])}
        other -> other
      end

    lg("get_childspec #{s["sup"]} #{f(id)} -> #{f(res)}")
  end

  # supervisor:check_childspecs/1 of the child specs (as built for a supervisor with label base "check")
  def step("check_childspecs", s) do
    specs = Enum.map(s["children"], &Conf.Start.child_spec("check", &1))
    lg("check_childspecs #{f(Enum.map(s["children"], &String.to_atom(&1["id"] || "undefined")))} -> #{f(:supervisor.check_childspecs(specs))}")
  end

  # the driver sleeps (no quiescence wait, no line)
  def step("pause", s) do
    Process.sleep(s["ms"] || 0)
    nil
  end

  # GenServer.start / start_link with a local name and the :timeout option
  def step("gs_start", s) do
    name = s["name"]
    b = s["behaviour"]

    opts =
      for {k, v} <- [name: s["register"] && String.to_atom(s["register"]), timeout: s["timeout"]], v != nil, do: {k, v}

    res =
      if s["link"] == true,
        do: GenServer.start_link(Conf.GS, {name, b, false}, opts),
        else: GenServer.start(Conf.GS, {name, b, false}, opts)

    lg("gs_start #{name} -> #{f(res)}")
  end

  # start_supervisor with a local name ("register")
  def step("sup_start", s) do
    name = s["name"]
    res = Supervisor.start_link(Conf.Sup, {name, s, false}, name: String.to_atom(s["register"]))
    lg("sup_start #{name} -> #{f(res)}")
  end

  # a DynamicSupervisor with extra_arguments (start_dynamic_supervisor's fields plus "extra_arguments": [terms])
  def step("dsup_start", s) do
    name = s["name"]
    :ets.insert(:conf_meta, {{:dyn_base, name}, true})
    opts = if s["register"], do: [name: String.to_atom(s["register"])], else: []
    lg("dsup_start #{name} -> #{f(DynamicSupervisor.start_link(Conf.Suites.DSup, {name, s, false}, opts))}")
  end

  def step("whereis", s), do: lg("whereis #{s["name"]} -> #{f(Process.whereis(String.to_atom(s["name"])))}")

  # Registry
  def step("registry_start", s) do
    name = s["name"]

    opts =
      [keys: String.to_atom(s["keys"] || "unique"), name: String.to_atom(name), partitions: s["partitions"] || 1] ++
        if(s["meta"], do: [meta: Enum.map(s["meta"], fn [k, v] -> {T.term(k), T.term(v)} end)], else: [])

    res = Registry.start_link(opts)

    case res do
      {:ok, pid} -> T.put_label(pid, name, name)
      _ -> :ok
    end

    lg("registry_start #{name} -> #{f(res)}")
  end

  def step("reg", s), do: lg(reg_text(s))

  def step(op, s), do: raise("unknown step #{inspect(op)} in #{inspect(s)}")

  # ---- Registry operations ---------------------------------------------------------------------------------------------
  # `reg <op> <registry> ... -> <result>`; lists of entries are sorted by their printed form (the order across
  # partitions is an implementation detail); a register's {:ok, owner} prints as :ok (the owner is a partition)
  def reg_text(r) do
    op = r["call"]
    reg = String.to_atom(r["registry"])
    key = if Map.has_key?(r, "key"), do: T.term(r["key"])
    args = if Map.has_key?(r, "key"), do: " #{f(key)}", else: ""
    "reg #{op} #{r["registry"]}#{args} -> #{try_text(fn -> reg_op(op, reg, key, r) end)}"
  end

  defp try_text(fun) do
    try do
      fun.()
    catch
      :error, e ->
        e = Exception.normalize(:error, e, [])
        "raise " <> f(e)

      :exit, r ->
        "exit " <> f(r)
    end
  end

  defp reg_op("register", reg, key, r) do
    case Registry.register(reg, key, T.term(r["value"])) do
      {:ok, _owner} -> ":ok"
      other -> f(other)
    end
  end

  # Registry.register_name({registry, key}, self()) -- the via-name callback, called directly
  defp reg_op("register_name", reg, key, _), do: f(Registry.register_name({reg, key}, self()))
  defp reg_op("unregister", reg, key, _), do: f(Registry.unregister(reg, key))
  defp reg_op("unregister_match", reg, key, r), do: f(Registry.unregister_match(reg, key, T.term(r["pattern"])))
  defp reg_op("lookup", reg, key, _), do: sorted(Registry.lookup(reg, key))
  defp reg_op("keys", reg, _, r), do: sorted(Registry.keys(reg, T.resolve(r["pid"])))
  defp reg_op("values", reg, key, r), do: sorted(Registry.values(reg, key, T.resolve(r["pid"])))
  defp reg_op("match", reg, key, r), do: sorted(Registry.match(reg, key, T.term(r["pattern"])))
  defp reg_op("count", reg, _, _), do: f(Registry.count(reg))
  defp reg_op("count_match", reg, key, r), do: f(Registry.count_match(reg, key, T.term(r["pattern"])))
  defp reg_op("meta", reg, key, _), do: f(Registry.meta(reg, key))
  defp reg_op("put_meta", reg, key, r), do: f(Registry.put_meta(reg, key, T.term(r["value"])))
  defp reg_op("update_value", reg, key, r), do: f(Registry.update_value(reg, key, fn _ -> T.term(r["value"]) end))

  defp reg_op("select_all", reg, _, _),
    do: sorted(Registry.select(reg, [{{:"$1", :"$2", :"$3"}, [], [{{:"$1", :"$2", :"$3"}}]}]))

  # sends {msg, value} to every entry of key (in the caller), then :ok
  defp reg_op("dispatch", reg, key, r) do
    msg = T.term(r["msg"])
    f(Registry.dispatch(reg, key, fn entries -> for {pid, v} <- entries, do: send(pid, {msg, v}) end))
  end

  defp sorted(l), do: "[" <> (l |> Enum.map(&f/1) |> Enum.sort() |> Enum.join(", ")) <> "]"

  defp lg(text), do: "driver " <> text
  defp f(t), do: T.fmt(t)
end

defmodule Conf.Suites.DSup do
  use DynamicSupervisor
  alias Conf.T

  # a DynamicSupervisor child of a supervisor: labelled like any child (base#N)
  def init({base, d, numbered?}) do
    T.assign_label(self(), base, numbered?)
    mc = d["max_children"]

    {:ok, flags} =
      DynamicSupervisor.init(
        strategy: :one_for_one,
        max_children: if(is_integer(mc), do: mc, else: :infinity),
        max_restarts: d["max_restarts"] || 3,
        max_seconds: d["max_seconds"] || 5,
        extra_arguments: Enum.map(d["extra_arguments"] || [], &T.term/1)
      )

    # "flags": terms merged into the flags map as they are; "init": "ignore" | {"return": term}
    flags = Enum.reduce(d["flags"] || %{}, flags, fn {k, v}, acc -> Map.put(acc, String.to_atom(k), T.term(v)) end)

    case d["init"] do
      nil -> {:ok, flags}
      "ignore" -> :ignore
      %{"return" => t} -> T.term(t)
    end
  end
end
