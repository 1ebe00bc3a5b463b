// `supervisor-studio bridge --node NAME@HOST --cookie C [--port P] [--import out.suptree [--force] [--app A]...]`:
// attach to a running BEAM node through a hidden node of our own (bridge/), then either serve its live tree over a
// token-guarded WebSocket on 127.0.0.1 (until Ctrl-C), or import the tree as a design and exit.
import { closeSync, existsSync, fsyncSync, linkSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { BeamBridge, BridgeError } from '../../bridge/client';
import { liveTreeToDesign } from '../../bridge/import';
import { runOnBeam, type BeamRun } from '../../bridge/run';
import { startServer, type RunningServer } from '../../bridge/server';
import { CliError, readSpec } from './design-file';
import { parse, serialize } from '../../runtime/design/parse';
import { validate as validateDoc } from '../../runtime/design/validate';
import type { Command } from './types';

const HELP = `usage: supervisor-studio bridge --node NAME@HOST [--node NAME2@HOST]... --cookie COOKIE [--port P]
       supervisor-studio bridge --node NAME@HOST --cookie COOKIE --import out.suptree [--force] [--app APP]...
       supervisor-studio bridge --run design.suptree [--port P]
       supervisor-studio bridge --serve [--port P]

Attaches to a running Erlang/Elixir node (start your app with e.g. \`iex --sname app --cookie secret -S mix\`):
starts a hidden node of its own, connects over distribution and loads a small agent into the target by remote call
(nothing is installed in your project; the agent is removed again on exit).

Without --import: serves the live supervision trees and their events (process spawns and exits, supervisor
reports: pushed by the agent as they happen) on ws://127.0.0.1:PORT/?token=… (printed), read-only until a client
unlocks fault injection for a node. Several --node (one cluster, one cookie): every node's trees and events, and
nodes going down or coming up. Ctrl-C detaches.

  --run FILE         Run on BEAM: compile the design's Elixir export in a temp folder, start it on a fresh local
                     node (random name and cookie), attach and serve it; Ctrl-C stops the node, removes the folder
  --serve            attach to nothing yet: serve clients (the app) that run designs on BEAM and compare them
  --node NAME@HOST   a target node (as in \`node()\` on it); repeat for several nodes of a cluster
  --cookie COOKIE    its distribution cookie (or set SUPERVISOR_STUDIO_COOKIE); never logged or sent to clients
  --port P           WebSocket port on 127.0.0.1 (default: a free one)
  --import FILE      write the live tree as a .suptree design and exit (never overwrites without --force)
  --app APP          import only this application (repeatable; default: all but Erlang/Elixir's own)
  --force            replace FILE if it exists`;

/** Write `text` to `path` atomically: a temp file next to it, fsynced, then linked (fails if `path` exists) or renamed (force). */
export function writeAtomic(path: string, text: string, force: boolean): void {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    if (force) renameSync(tmp, path);
    else linkSync(tmp, path); // atomic "create only if absent"
  } catch (e) {
    rmSync(tmp, { force: true });
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new BridgeError(`${path} exists; pass --force to replace it`);
    throw e;
  }
  if (!force) rmSync(tmp, { force: true });
}

function portOf(text: string | undefined): number | undefined {
  const port = text === undefined ? 0 : Number(text);
  return Number.isInteger(port) && port >= 0 && port <= 65535 ? port : undefined;
}

/** Serve until Ctrl-C / SIGTERM (or a bridge's hidden node exits), then run `stop`. */
function serveUntilStopped(server: RunningServer, bridges: readonly BeamBridge[], banner: string, stop: () => Promise<void>): Promise<number> {
  return new Promise<number>((resolve) => {
    let done = false;
    const end = async (code: number) => {
      if (done) return;
      done = true;
      await server.close();
      await stop();
      resolve(code);
    };
    for (const x of bridges) x.onExit = () => { void end(1); };
    process.once('SIGINT', () => void end(0));
    process.once('SIGTERM', () => void end(0));
    // printed once Ctrl-C is handled (a script may read the URL and signal us at once)
    process.stdout.write(`${banner}\n${server.url}\n`);
  });
}

async function runDesign(file: string, portText: string | undefined): Promise<number> {
  const port = portOf(portText);
  if (port === undefined) {
    process.stderr.write(`--port must be a port number (0-65535)\n`);
    return 2;
  }
  let run: BeamRun;
  try {
    run = await runOnBeam(readSpec(file), { log: (l) => process.stderr.write(`bridge: ${l}\n`) });
  } catch (e) {
    if (!(e instanceof BridgeError) && !(e instanceof CliError)) throw e;
    process.stderr.write(`supervisor-studio bridge: ${e.message}\n`);
    return e instanceof CliError ? e.code : 1;
  }
  let server: RunningServer;
  try {
    server = await startServer([run.bridge], { port, allowRun: true, log: (line) => process.stderr.write(`bridge: ${line}\n`) });
  } catch (e) {
    await run.stop();
    process.stderr.write(`supervisor-studio bridge: ${(e as Error).message}\n`);
    return 1;
  }
  return serveUntilStopped(server, [run.bridge], `running ${file} on ${run.node} (read-only until a client unlocks fault injection)`, async () => {
    await run.stop();
    process.stderr.write(`stopped ${run.node}; its temp folder is removed\n`);
  });
}

export const bridge: Command = {
  summary: 'attach to a running BEAM node: live tree over a WebSocket, or --import it as a design',
  async run(args) {
    let values;
    try {
      ({ values } = parseArgs({
        args: [...args],
        options: {
          node: { type: 'string', multiple: true }, run: { type: 'string' }, serve: { type: 'boolean' }, cookie: { type: 'string' }, port: { type: 'string' }, import: { type: 'string' },
          app: { type: 'string', multiple: true }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
        },
        strict: true,
      }));
    } catch (e) {
      process.stderr.write(`${(e as Error).message}\n\n${HELP}\n`);
      return 2;
    }
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    if (values.serve) {
      if (values.node?.length || values.import || values.run) {
        process.stderr.write(`--serve attaches to nothing: no --node, --run or --import with it\n`);
        return 2;
      }
      const port = portOf(values.port);
      if (port === undefined) {
        process.stderr.write(`--port must be a port number (0-65535)\n`);
        return 2;
      }
      const server = await startServer([], { port, allowRun: true, log: (line) => process.stderr.write(`bridge: ${line}\n`) });
      return serveUntilStopped(server, [], 'serving (no node attached yet: clients may run designs on BEAM)', async () => {});
    }
    if (values.run) {
      if (values.node?.length || values.import) {
        process.stderr.write(`--run starts a node of its own: no --node or --import with it\n`);
        return 2;
      }
      return runDesign(values.run, values.port);
    }
    const cookie = values.cookie ?? process.env.SUPERVISOR_STUDIO_COOKIE;
    const nodes = [...new Set(values.node ?? [])];
    if (nodes.length === 0 || !cookie) {
      process.stderr.write(`--node and --cookie are required\n\n${HELP}\n`);
      return 2;
    }
    const port = portOf(values.port);
    if (port === undefined) {
      process.stderr.write(`--port must be a port number (0-65535)\n`);
      return 2;
    }
    if (values.import && nodes.length > 1) {
      process.stderr.write(`--import reads one node: give one --node\n`);
      return 2;
    }
    if (values.import && existsSync(values.import) && !values.force) {
      process.stderr.write(`${values.import} exists; pass --force to replace it\n`);
      return 1;
    }

    const opened = await Promise.allSettled(nodes.map((node) => BeamBridge.open({ node, cookie })));
    const failed = opened.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    const bridges = opened.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    if (failed) {
      await Promise.all(bridges.map((x) => x.detach().catch(() => undefined)));
      if (!(failed.reason instanceof BridgeError)) throw failed.reason;
      process.stderr.write(`supervisor-studio bridge: ${failed.reason.message}\n`);
      return 1;
    }
    const b = bridges[0];

    if (values.import) {
      try {
        const tree = await b.tree();
        const doc = liveTreeToDesign(tree, { apps: values.app });
        const parsed = parse(doc);
        if (!parsed.ok) throw new BridgeError(`the imported design does not parse: ${parsed.errors.map((er) => `${er.path}: ${er.message}`).join('; ')}`);
        const errors = validateDoc(parsed.doc).filter((d) => d.severity === 'error');
        if (errors.length) throw new BridgeError(`the imported design has errors: ${errors.map((d) => d.message).join('; ')}`);
        writeAtomic(values.import, serialize(parsed.doc), !!values.force);
        const count = (k: string) => parsed.doc.nodes.filter((n) => n.kind === k).length;
        process.stdout.write(`${values.import}: imported ${parsed.doc.nodes.length} processes from ${b.node} (${count('supervisor')} supervisors, ${count('dynamic_supervisor')} dynamic supervisors, ${count('registry')} registries, ${count('worker')} workers)\n`);
        return 0;
      } catch (e) {
        process.stderr.write(`supervisor-studio bridge: ${(e as Error).message}\n`);
        return 1;
      } finally {
        const r = await b.detach().catch(() => ({ agentLoaded: true }));
        if (r.agentLoaded) process.stderr.write(`warning: the agent could not be removed from ${b.node}\n`);
      }
    }

    let server;
    try {
      server = await startServer(bridges, { port, log: (line) => process.stderr.write(`bridge: ${line}\n`) });
    } catch (e) {
      await Promise.all(bridges.map((x) => x.detach().catch(() => undefined)));
      process.stderr.write(`supervisor-studio bridge: ${(e as Error).message}\n`);
      return 1;
    }
    return serveUntilStopped(server, bridges, `attached to ${nodes.join(', ')} (read-only until a client unlocks fault injection)`, async () => {
      for (const x of bridges) {
        const r = await x.detach().catch(() => ({ agentLoaded: true }));
        process.stderr.write(r.agentLoaded ? `warning: the agent could not be removed from ${x.node}\n` : `detached from ${x.node}; agent removed\n`);
      }
    });
  },
};
