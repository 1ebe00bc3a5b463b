# otp_ext.exs -- the reference interpreter (../shared/conformance/otp_runner.exs) extended with the steps, actions
# and fields of runtime/conformance/extra/README.md (significant children, auto_shutdown, GenServer.stop, Task,
# Task.Supervisor, Agent), run on real OTP for many scenarios in ONE Erlang VM.
#
#   elixir otp_ext.exs /path/to/otp_runner.exs a.json b.json ...            # batch output (below)
#   elixir otp_ext.exs --update /path/to/otp_runner.exs a.json b.json ...   # writes a.expected, b.expected, ...
#
# The shared runner is loaded as it is, with five one-line hooks spliced in at fixed anchors (each anchor must occur
# exactly once, else this script stops): child specs and supervisor flags get the extra fields, and unknown steps and
# actions go to Conf.Ext below instead of raising. Everything else (labels, term printing, quiescence, the driver)
# is the shared runner's own code, so the public scenarios print exactly what they print there.
#
# Batch output, per scenario: a header `#<byte count> <ok|error> <milliseconds> <path>` then exactly that many bytes
# (the log, or the error text), like runtime/conformance/fuzz/otp_batch.exs.

{update?, [runner | files]} =
  case System.argv() do
    ["--update" | rest] -> {true, rest}
    rest -> {false, rest}
  end

src = File.read!(runner)
main_call = "Conf.Driver.main(System.argv())"

unless String.ends_with?(String.trim_trailing(src), main_call) do
  IO.puts(:stderr, "otp_ext: #{runner} does not end with #{main_call}")
  System.halt(2)
end

hooks = [
  {"  def child_spec(base, c) do\n",
   "  def child_spec(base, c), do: Conf.Ext.child_spec(child_spec0(base, c), c)\n\n  def child_spec0(base, c) do\n"},
  {"    Supervisor.init(children, Start.sup_flags(spec))\n",
   "    Conf.Ext.sup_init(Supervisor.init(children, Start.sup_flags(spec)), spec)\n"},
  {"  defp step(op, s), do: raise(\"unknown step \#{inspect(op)} in \#{inspect(s)}\")\n",
   "  defp step(op, s), do: Conf.Ext.step(op, s)\n"},
  {"  defp act(other, _ctx), do: raise(\"unknown action \#{inspect(other)}\")\n",
   "  defp act(other, ctx), do: Conf.Ext.act(other, ctx)\n"},
  {"  def settle(ms) do\n", "  def ext_step(op, s), do: step(op, s)\n\n  def settle(ms) do\n"},
  # ---- ../suites (README.md there) ----
  # a step with "nowait": true skips the quiescence wait (its line is logged as soon as its operation returns)
  {"    line = step(s[\"op\"], s)\n    quiesce()\n", "    line = step(s[\"op\"], s)\n    unless s[\"nowait\"] || s[\"op\"] == \"pause\", do: quiesce()\n"},
  # a target {"name": atom}: a locally registered name
  {"  def resolve(%{\"via\" => [reg, key]}),\n", "  def resolve(%{\"name\" => n}), do: String.to_atom(n)\n\n  def resolve(%{\"via\" => [reg, key]}),\n"},
  # nested dynamic supervisors are dynamic for which_children & co
  {"    Map.get(m, name, :sup)\n", "    Conf.Ext.kind(m, name)\n"},
  # GenServer callback results go through Conf.Ext.gs_ret (noreply, timeouts, hibernate, continue, raw returns)
  {"      {:ok, ctx} ->\n        {:ok, ctx}\n", "      {:ok, ctx} ->\n        Conf.Ext.gs_ret({:ok, ctx})\n"},
  {"  def handle_call(msg, _from, ctx) do\n", "  def handle_call(msg, from, ctx), do: Conf.Ext.gs_ret(handle_call0(msg, from, Map.put(ctx, :from, from)))\n\n  def handle_call0(msg, _from, ctx) do\n"},
  {"  def handle_cast(msg, ctx), do: noreply(Act.run(Act.handler(ctx, msg) || [], ctx))\n",
   "  def handle_cast(msg, ctx), do: Conf.Ext.gs_ret(noreply(Act.run(Act.handler(ctx, msg) || [], ctx)))\n\n  def handle_continue(t, ctx) do\n    Act.log_auto(ctx, \"continue \#{T.fmt(t)}\")\n    Conf.Ext.gs_ret(noreply(Act.run(Act.handler(ctx, t) || [], ctx)))\n  end\n"},
  {"  def handle_info({:EXIT, from, reason} = m, ctx) do\n", "  def handle_info(m, ctx), do: Conf.Ext.gs_ret(handle_info0(m, ctx))\n\n  def handle_info0({:EXIT, from, reason} = m, ctx) do\n"},
  {"  def handle_info({:DOWN, ref, :process, pid, reason} = m, ctx) do\n", "  def handle_info0({:DOWN, ref, :process, pid, reason} = m, ctx) do\n"},
  {"  def handle_info(msg, ctx) do\n", "  def handle_info0(msg, ctx) do\n"}
]

body =
  Enum.reduce(hooks, src |> String.trim_trailing() |> String.replace_suffix(main_call, ""), fn {from, to}, acc ->
    case length(String.split(acc, from)) do
      2 ->
        String.replace(acc, from, to)

      n ->
        IO.puts(:stderr, "otp_ext: anchor found #{n - 1} times in #{runner}: #{inspect(from)}")
        System.halt(2)
    end
  end)

# Conf.Ext is defined below, after the runner that calls it
Code.put_compiler_option(:no_warn_undefined, :all)
Code.compile_string(body, runner)

defmodule Conf.Ext do
  alias Conf.{T, Act}

  # ---- supervisor fields ------------------------------------------------------------------------------------------
  # child spec "significant": passed through as a term (true/false, or any atom to see OTP's check)
  def child_spec(spec, c) do
    spec =
      case Map.fetch(c, "significant") do
        {:ok, v} -> Map.put(spec, :significant, T.term(v))
        :error -> spec
      end

    Conf.Suites.child_spec(spec, c)
  end

  # supervisor "auto_shutdown": Elixir 1.14's Supervisor.init/2 drops this option, so it goes into the flags map
  def sup_init({:ok, {flags, children}}, spec) do
    res =
      case spec["auto_shutdown"] do
        nil -> {:ok, {flags, children}}
        a -> {:ok, {Map.put(flags, :auto_shutdown, T.term(a)), children}}
      end

    Conf.Suites.sup_init(res, spec)
  end

  defdelegate kind(m, name), to: Conf.Suites
  defdelegate gs_ret(r), to: Conf.Suites

  # ---- actions ------------------------------------------------------------------------------------------------------
  def act(%{"gen_stop" => g}, ctx) do
    to = g["to"] || "self"
    target = if to == "self", do: self(), else: T.resolve(to)
    res = stop_text(fn -> GenServer.stop(target, T.term(Map.get(g, "reason", "normal")), timeout(g["timeout"], :infinity)) end)
    T.log("#{ctx.label} gen_stop #{text(to)} -> #{res}")
    {:ok, ctx}
  end

  # wait (idle, not busy like sleep) for the atom message `name`; other messages stay queued
  def act(%{"wait_for" => name}, ctx) do
    a = String.to_atom(name)

    receive do
      ^a -> {:ok, ctx}
    end
  end

  # a task operation by this process (not the task's owner: Elixir raises ArgumentError)
  def act(%{"task_op" => t}, ctx) do
    op = t["op"]
    T.log("#{ctx.label} task_#{op} #{t["task"]} -> #{raise_text(fn -> task_op(task(t["task"]), op, t["timeout"]) end)}")
    {:ok, ctx}
  end

  # Task.async_stream run by this process (fields as the task_async_stream step)
  def act(%{"task_async_stream" => s}, ctx) do
    T.log("#{ctx.label} #{stream_text(s)}")
    {:ok, ctx}
  end

  # `raise Module, message` / `raise Module, field: value` (Elixir's exception structs)
  def act(%{"raise_ex" => %{"module" => m} = r}, _ctx) do
    mod = Module.concat([m])

    case r do
      %{"fields" => fields} -> raise mod, Enum.map(Enum.sort(fields), fn {k, v} -> {String.to_atom(k), ex_field(k, v)} end)
      %{"message" => msg} -> raise mod, msg
      _ -> raise mod
    end
  end

  # :erlang.error(term): what Elixir's runtime errors are (:badarith, {:badmatch, v}, ...)
  def act(%{"erlang_error" => t}, _ctx), do: :erlang.error(T.term(t))

  # try do ... rescue e -> ... catch kind, value -> ... after ... end over action lists; logs what was caught
  def act(%{"try" => t}, ctx) do
    try do
      Act.run(t["do"] || [], ctx)
    catch
      kind, v ->
        cond do
          kind == :error and Map.has_key?(t, "rescue") ->
            T.log("#{ctx.label} rescue #{f(Exception.normalize(:error, v, __STACKTRACE__))}")
            Act.run(t["rescue"], ctx)

          Map.has_key?(t, "catch") ->
            T.log("#{ctx.label} catch #{kind} #{f(v)}")
            Act.run(t["catch"], ctx)

          true ->
            :erlang.raise(kind, v, __STACKTRACE__)
        end
    after
      Act.run(t["after"] || [], ctx)
    end
  end

  def act(other, ctx), do: Conf.Suites.act(other, ctx)

  defp ex_field("message", v) when is_binary(v), do: v
  defp ex_field(_, v), do: T.term(v)

  # ---- steps --------------------------------------------------------------------------------------------------------
  def step("gen_stop", s) do
    res = stop_text(fn -> GenServer.stop(T.resolve(s["to"]), T.term(Map.get(s, "reason", "normal")), timeout(s["timeout"], :infinity)) end)
    lg("gen_stop #{T.target_text(s["to"])} #{f(T.term(Map.get(s, "reason", "normal")))} -> #{res}")
  end

  def step("task_async", s) do
    task = keep_task(s["name"], Task.async(task_body(s["name"], s["behaviour"])))
    lg("task_async #{s["name"]} -> #{f(task)}#{then_text(task, s["then"])}")
  end

  def step("start_task_supervisor", s) do
    name = s["name"]
    opts = for {k, v} <- [max_children: s["max_children"], max_restarts: s["max_restarts"], max_seconds: s["max_seconds"]], v != nil, do: {k, T.term(v)}
    res = Task.Supervisor.start_link(opts)

    case res do
      {:ok, pid} -> T.put_label(pid, name, name)
      _ -> :ok
    end

    # which_children & co use the dynamic forms
    :ets.insert(:conf_meta, {{:dyn_base, name}, true})
    lg("start_task_supervisor #{name} -> #{f(res)}")
  end

  def step("task_async_nolink", s) do
    task = keep_task(s["name"], Task.Supervisor.async_nolink(T.resolve(s["sup"]), task_body(s["name"], s["behaviour"]), shutdown_opt(s)))
    lg("task_async_nolink #{s["sup"]} #{s["name"]} -> #{f(task)}#{then_text(task, s["then"])}")
  end

  def step("task_sup_async", s) do
    task = keep_task(s["name"], Task.Supervisor.async(T.resolve(s["sup"]), task_body(s["name"], s["behaviour"]), shutdown_opt(s)))
    lg("task_sup_async #{s["sup"]} #{s["name"]} -> #{f(task)}#{then_text(task, s["then"])}")
  end

  def step("task_start_child", s) do
    opts = for {k, v} <- [restart: s["restart"], shutdown: s["shutdown"]], v != nil, do: {k, if(is_binary(v), do: String.to_atom(v), else: v)}
    res = Task.Supervisor.start_child(T.resolve(s["sup"]), task_body(s["name"], s["behaviour"]), opts)
    lg("task_start_child #{s["sup"]} #{s["name"]} -> #{f(res)}")
  end

  # start the tasks of `start` ([[name, behaviour], ...]) with Task.async, then Task.yield_many over `tasks`
  # (names), in the same step; logs the results only (the %Task{} structs are in task_async lines)
  def step("task_yield_many", s) do
    for [name, beh] <- s["start"] || [], do: keep_task(name, Task.async(task_body(name, beh)))
    lg("task_yield_many #{f(Enum.map(s["tasks"], &String.to_atom/1))} -> #{task_op(Enum.map(s["tasks"], &task/1), "yield_many", s["timeout"])}")
  end

  # Enum.to_list(Task.async_stream(inputs, fun, opts)): each input [label, behaviour] is the element {:label,
  # :behaviour}; the function runs that behaviour as a task body labelled `label`
  def step("task_async_stream", s), do: lg(stream_text(s))


  # the same through Task.Supervisor.async_stream (link, the default) or async_stream_nolink ("link": false)
  def step("task_sup_async_stream", s) do
    keys = [:max_concurrency, :ordered, :timeout, :on_timeout, :zip_input_on_exit]
    opts = for k <- keys, Map.has_key?(s, Atom.to_string(k)), do: {k, T.term(s[Atom.to_string(k)])}
    inputs = Enum.map(s["inputs"], fn [n, b] -> {String.to_atom(n), String.to_atom(b)} end)
    fun = fn {n, b} -> task_body(Atom.to_string(n), Atom.to_string(b)).() end
    sup = T.resolve(s["sup"])

    stream =
      if s["link"] == false,
        do: Task.Supervisor.async_stream_nolink(sup, inputs, fun, opts),
        else: Task.Supervisor.async_stream(sup, inputs, fun, opts)

    res = catch_exit(fn -> f(Enum.to_list(stream)) end)
    lg("task_sup_async_stream #{s["sup"]} #{f(Enum.map(inputs, &elem(&1, 0)))} -> #{res}")
  end

  def step("task_await", s), do: lg("task_await #{s["task"]} -> #{task_op(task(s["task"]), "await", s["timeout"])}")
  def step("task_yield", s), do: lg("task_yield #{s["task"]} -> #{task_op(task(s["task"]), "yield", s["timeout"])}")
  def step("task_shutdown", s), do: lg("task_shutdown #{s["task"]} -> #{task_op(task(s["task"]), "shutdown", s["timeout"])}")

  def step("agent_start", s) do
    name = s["name"]
    fun = s["fun"] || %{}

    init = fn ->
      T.put_label(self(), name, name)
      run_fun(fun, nil, :init)
    end

    opts =
      cond do
        s["register"] -> [name: String.to_atom(s["register"])]
        s["via"] -> [name: T.resolve(%{"via" => s["via"]})]
        true -> []
      end

    res =
      case {s["mfa"], s["link"] == false} do
        {nil, false} -> Agent.start_link(init, opts)
        {nil, true} -> Agent.start(init, opts)
        {[fname, args], false} -> Agent.start_link(Conf.AgentFuns, String.to_atom(fname), [name | Enum.map(args, &T.term/1)], opts)
        {[fname, args], true} -> Agent.start(Conf.AgentFuns, String.to_atom(fname), [name | Enum.map(args, &T.term/1)], opts)
      end

    lg("agent_start #{name} -> #{f(res)}")
  end

  # "mfa": [function, args] calls Conf.AgentFuns.function(state, args...) (Agent's MFA form) instead of "fun"
  def step("agent_get", %{"mfa" => [fname, args]} = s), do: agent_call(s, "get", &Agent.get(&1, Conf.AgentFuns, String.to_atom(fname), Enum.map(args, fn a -> T.term(a) end), &2))
  def step("agent_update", %{"mfa" => [fname, args]} = s), do: agent_call(s, "update", &Agent.update(&1, Conf.AgentFuns, String.to_atom(fname), Enum.map(args, fn a -> T.term(a) end), &2))

  def step("agent_get_and_update", %{"mfa" => [fname, args]} = s),
    do: agent_call(s, "get_and_update", &Agent.get_and_update(&1, Conf.AgentFuns, String.to_atom(fname), Enum.map(args, fn a -> T.term(a) end), &2))

  def step("agent_cast", %{"mfa" => [fname, args]} = s) do
    Agent.cast(agent_ref(s["agent"]), Conf.AgentFuns, String.to_atom(fname), Enum.map(args, &T.term/1))
    nil
  end

  def step("agent_get", s), do: agent_call(s, "get", &Agent.get(&1, fn st -> run_fun(s["fun"] || %{}, st, :get) end, &2))
  def step("agent_update", s), do: agent_call(s, "update", &Agent.update(&1, fn st -> run_fun(s["fun"] || %{}, st, :update) end, &2))

  def step("agent_get_and_update", s),
    do: agent_call(s, "get_and_update", &Agent.get_and_update(&1, fn st -> run_fun(s["fun"] || %{}, st, :get_and_update) end, &2))

  def step("agent_cast", s) do
    Agent.cast(agent_ref(s["agent"]), fn st -> run_fun(s["fun"] || %{}, st, :update) end)
    nil
  end

  def step("agent_stop", s) do
    reason = T.term(Map.get(s, "reason", "normal"))
    res = stop_text(fn -> Agent.stop(agent_ref(s["agent"]), reason, timeout(s["timeout"], :infinity)) end)
    lg("agent_stop #{agent_text(s["agent"])} #{f(reason)} -> #{res}")
  end

  # "try": run the inner step; if it exits (e.g. a call to a supervisor that shut down) log that instead
  def step("try", %{"step" => inner}) do
    try do
      Conf.Driver.ext_step(inner["op"], inner)
    catch
      :exit, r -> lg("try #{inner["op"]} -> exit #{f(exit_head(r))}")
      :error, e -> lg("try #{inner["op"]} -> #{raised(e)}")
    end
  end

  def step(op, s), do: Conf.Suites.step(op, s)

  # {reason, {m, f, args}} -> reason (the args may hold a child spec, which the two sides cannot print alike)
  defp exit_head({r, {m, fun, a}}) when is_atom(m) and is_atom(fun) and is_list(a), do: r
  defp exit_head(r), do: r

  # ---- helpers ------------------------------------------------------------------------------------------------------
  defp lg(text), do: "driver " <> text

  # suites: "shutdown" (Task.Supervisor.async's :shutdown option)
  defp shutdown_opt(%{"shutdown" => sh}) when is_integer(sh), do: [shutdown: sh]
  defp shutdown_opt(%{"shutdown" => sh}) when is_binary(sh), do: [shutdown: String.to_atom(sh)]
  defp shutdown_opt(_), do: []

  defp stream_text(s) do
    keys = [:max_concurrency, :ordered, :timeout, :on_timeout, :zip_input_on_exit]
    opts = for k <- keys, Map.has_key?(s, Atom.to_string(k)), do: {k, T.term(s[Atom.to_string(k)])}
    inputs = Enum.map(s["inputs"], fn [n, b] -> {String.to_atom(n), String.to_atom(b)} end)
    fun = fn {n, b} -> task_body(Atom.to_string(n), Atom.to_string(b)).() end
    res = catch_exit(fn -> f(Enum.to_list(Task.async_stream(inputs, fun, opts))) end)
    "task_async_stream #{f(Enum.map(inputs, &elem(&1, 0)))} -> #{res}"
  end
  defp f(t), do: T.fmt(t)
  defp text(to) when is_binary(to), do: to
  defp text(to), do: T.target_text(to)

  defp timeout(nil, default), do: default
  defp timeout(n, _) when is_integer(n), do: n
  defp timeout(a, _) when is_binary(a), do: String.to_atom(a)

  defp catch_exit(fun) do
    try do
      fun.()
    catch
      :exit, r -> "exit " <> f(r)
    end
  end

  defp stop_text(fun), do: catch_exit(fn -> f(fun.()) end)

  # a raised exception as `raise %Module{message: "..."}`, pids and refs in the message (inspect output) as
  # #PID<?> / #Reference<?>: the two sides number them differently
  defp raised(e) do
    e = Exception.normalize(:error, e, [])
    msg = Exception.message(e) |> String.replace(~r/#PID<[0-9.]+>/, "#PID<?>") |> String.replace(~r/#Reference<[0-9.]+>/, "#Reference<?>")
    "raise " <> f(%{e | message: msg})
  end

  defp raise_text(fun) do
    try do
      fun.()
    catch
      :error, e -> raised(e)
    end
  end

  # an agent target: a label, {"via": [reg, key]} or {"name": atom} (a registered name)
  defp agent_ref(%{"name" => n}), do: String.to_atom(n)
  defp agent_ref(a), do: T.resolve(a)
  defp agent_text(%{"name" => n}), do: f(String.to_atom(n))
  defp agent_text(a), do: T.target_text(a)

  defp agent_call(s, _what, fun) do
    t = timeout(s["timeout"], 5000)
    op = String.replace_prefix(s["op"], "agent_", "")
    lg("agent_#{op} #{agent_text(s["agent"])} -> #{catch_exit(fn -> "reply " <> f(fun.(agent_ref(s["agent"]), t)) end)}")
  end

  defp keep_task(name, task) do
    T.put_label(task.pid, name, name)
    T.new_ref(task.ref)
    :ets.insert(:conf_meta, {{:task, name}, task})
    task
  end

  # "then": {"await" | "yield" | "shutdown": timeout}, done right after the start, in the same step (before the
  # step waits for quiescence, which would wait for a sleeping task to finish)
  defp then_text(_task, nil), do: ""

  defp then_text(task, then) do
    [{op, t}] = Map.to_list(then)
    " then #{op} -> #{task_op(task, op, t)}"
  end

  defp task_op(task, "await", t), do: catch_exit(fn -> "reply " <> f(Task.await(task, timeout(t, 5000))) end)
  defp task_op(task, "yield", t), do: catch_exit(fn -> f(Task.yield(task, timeout(t, 5000))) end)
  defp task_op(task, "shutdown", t), do: catch_exit(fn -> f(Task.shutdown(task, timeout(t, 5000))) end)

  defp task_op(tasks, "yield_many", t) do
    tasks = if is_list(tasks), do: tasks, else: [tasks]
    catch_exit(fn -> f(Enum.map(Task.yield_many(tasks, timeout(t, 5000)), fn {_, r} -> r end)) end)
  end

  defp task(name), do: :ets.lookup_element(:conf_meta, {:task, name}, 2)

  # a task runs its behaviour's init actions; its result is the last reply set, else :ok; stop r = exit(r)
  defp task_body(name, beh_name) do
    fn ->
      T.put_label(self(), name, name)
      beh = T.beh(beh_name)
      ctx = %{label: name, beh: beh, reply: nil, quiet: beh["quiet"] == true}
      Act.log_auto(ctx, "init")

      case Act.run(beh["init"] || [], ctx) do
        {:ok, %{reply: {:set, v}}} -> v
        {:ok, _} -> :ok
        {:stop, r, _} -> exit(r)
        other -> raise "task: result #{inspect(other)} not supported"
      end
    end
  end

  # an agent function: optional sleep, then raise / exit, then the result for its kind
  defp run_fun(fun, state, kind) do
    if is_integer(fun["sleep"]), do: Act.sleep(fun["sleep"])
    if fun["raise"], do: raise(fun["raise"])
    if Map.has_key?(fun, "exit"), do: exit(T.term(fun["exit"]))
    new_state = if Map.has_key?(fun, "state"), do: T.term(fun["state"]), else: state
    reply = if Map.has_key?(fun, "reply"), do: T.term(fun["reply"]), else: state

    cond do
      # "result": the function returns exactly this term (e.g. no {reply, state} pair for get_and_update)
      Map.has_key?(fun, "result") -> T.term(fun["result"])
      kind == :get -> reply
      kind == :get_and_update -> {reply, new_state}
      true -> new_state
    end
  end
end

# the functions of the Agent MFA forms ("mfa": [function, args]; Agent passes the state first)
defmodule Conf.AgentFuns do
  # start: labels the agent, the state is v
  def init(name, v) do
    Conf.T.put_label(self(), name, name)
    v
  end

  def value(state), do: state
  def add(state, n), do: state + n
  def pair(state, n), do: {state, state + n}
  def slow(state, ms) do
    Conf.Act.sleep(ms)
    state
  end
end

Code.require_file("../suites/otp_suites.exs", __DIR__)
Code.require_file("../fuzz/capture.exs", __DIR__)

Enum.each(files, fn path ->
  case {Conf.Capture.run(path), update?} do
    {{:ok, out, ms}, true} ->
      File.write!(String.replace_suffix(path, ".json", ".expected"), out)
      IO.puts("updated #{path} (#{ms} ms)")

    {{:ok, out, ms}, false} ->
      Conf.Capture.emit("ok", ms, path, out)

    {{{:error, text}, _out, _ms}, true} ->
      IO.puts(:stderr, "FAILED #{path}: #{text}")

    {{{:error, text}, _out, ms}, false} ->
      Conf.Capture.emit("error", ms, path, text)
  end
end)
