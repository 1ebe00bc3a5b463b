# otp_batch.exs -- runs many conformance scenarios in ONE Erlang VM with the
# unmodified reference interpreter (otp_runner.exs), to avoid paying the VM
# startup (~1.3 s) per scenario.
#
#   elixir otp_batch.exs /path/to/otp_runner.exs a.json b.json ...
#
# For each scenario it writes a header line `#<byte count> <status> <milliseconds> <path>`
# followed by exactly <byte count> bytes: the log (status `ok`) or the error
# text (status `error`). The caller splits the output by those counts.
#
# Isolation between scenarios (capture.exs, shared with ../extra/otp_ext.exs): every scenario runs in a fresh driver process
# (so the runner's named ETS tables are new), with its output captured through
# a StringIO group leader; afterwards every process the scenario created is
# killed and awaited before the next one starts. The runner's code is loaded
# verbatim except for its last line (the `Conf.Driver.main(System.argv())`
# call), so behaviour matches separate `elixir otp_runner.exs` runs; the
# fuzz test checks that byte for byte on the public scenarios.

[runner | files] = System.argv()

src = File.read!(runner)
main_call = "Conf.Driver.main(System.argv())"

unless String.ends_with?(String.trim_trailing(src), main_call) do
  IO.puts(:stderr, "otp_batch: #{runner} does not end with #{main_call}")
  System.halt(2)
end

body = src |> String.trim_trailing() |> String.replace_suffix(main_call, "")
Code.compile_string(body, runner)

Code.require_file("capture.exs", __DIR__)

Enum.each(files, fn path ->
  case Conf.Capture.run(path) do
    {:ok, out, ms} -> Conf.Capture.emit("ok", ms, path, out)
    {{:error, text}, _out, ms} -> Conf.Capture.emit("error", ms, path, text)
  end
end)
