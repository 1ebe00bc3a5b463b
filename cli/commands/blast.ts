// `supervisor-studio blast <file> --node ID [--reason R] [--json]`: what one failure of one process does.
import { blastRadius } from '../../runtime/sim/blast';
import { CliError, designCommand, readSpec, writeJson } from './design-file';

const HELP = `usage: supervisor-studio blast <file.suptree> --node ID [--reason REASON] [--json]

Blast radius of one failure: starts the design on a fresh kernel, makes the node's process exit with REASON
(default kill), lets the tree settle, and reports for every process whether it dies, restarts or is untouched,
and whether a supervisor gives up (escalation). Also reports how many quick repeats of the failure it takes until a
supervisor gives up.

  --node ID        the node (id, name or path)
  --reason REASON  exit reason atom (default kill; e.g. shutdown, normal, boom). As in OTP, the signal comes from
                   outside: a non-trapping worker ignores normal, and a supervisor that is not a root ignores
                   every reason but kill
  --json           print the result as JSON`;

export const blast = designCommand(
  'blast radius of one process failing: who dies, restarts, is untouched; escalation',
  HELP,
  { node: { type: 'string' }, reason: { type: 'string' }, json: { type: 'boolean' } },
  ({ file, values }) => {
    const spec = readSpec(file);
    if (typeof values.node !== 'string') throw new CliError(`--node ID is required\n\n${HELP}`, 2);
    let r;
    try {
      r = blastRadius(spec, values.node, (values.reason as string | undefined) ?? 'kill');
    } catch (e) {
      if (e instanceof Error && /no process node|is not running/.test(e.message)) throw new CliError(e.message);
      throw e;
    }
    if (values.json) {
      writeJson(r);
      return 0;
    }
    const out = [`${r.nodeId} exits with ${r.reason}:`];
    for (const kind of ['dies', 'restarts', 'untouched', 'not_running'] as const) {
      const ids = Object.keys(r.outcome).filter((id) => r.outcome[id] === kind);
      if (ids.length) out.push(`  ${kind.replace('_', ' ').padEnd(11)} ${ids.join(', ')}`);
    }
    out.push(r.escalates ? `  escalates: ${r.escalations.map((e) => `${e.nodeId} gives up`).join(', ')}${r.rootGaveUp ? ' — the root gives up' : ''}` : '  does not escalate');
    for (const i of r.intensity) out.push(`  ${i.nodeId}: ${i.restarts} of ${i.max} restarts allowed in ${i.periodS} s`);
    out.push(r.repeated.gaveUp
      ? `  repeated quickly, failure #${r.repeated.failures} makes ${r.repeated.gaveUp} give up${r.repeated.rootGaveUp ? ' (the root: the whole tree goes down)' : ''}`
      : `  repeated ${r.repeated.failures} times quickly, no supervisor gives up`);
    process.stdout.write(`${out.join('\n')}\n`);
    return 0;
  },
  { runsCustomCode: true },
);
