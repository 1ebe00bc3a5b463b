// The Node side of the bridge's hidden Elixir node (bridge/host.exs): starts it, speaks its line protocol over stdio,
// and kills it on close. The cookie is handed to the child in its environment only — never on a command line (where
// `ps` shows it), never in a message, a log line or an error.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { SYSTEM_APPS } from './import';
import { MAX_TERM_CHARS, NODE_NAME, PID, TARGET, type LiveEvent, type LiveTree } from './protocol';

const HERE = dirname(fileURLToPath(import.meta.url));
export const AGENT_SOURCE = join(HERE, 'agent.ex');
export const HOST_SCRIPT = join(HERE, 'host.exs');

export type { LiveProcess, LiveTree } from './protocol';

export { NODE_NAME, PID, TARGET } from './protocol';

/** An event as the agent pushes it (before the bridge numbers it and adds `t`, `at`, `node`, `path`). */
export type RawEvent = Omit<LiveEvent, 'seq' | 't' | 'at' | 'node'> & { us: number };

/** Term text as the host expects it on its line protocol: base64url, so a term stays one word. */
const word = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
/** A bare word (`boom`, `normal`) means the atom, as before; anything else is Elixir term text. */
const reasonTerm = (reason: string) => (/^[a-z][a-zA-Z0-9_]*$/.test(reason) ? `:${reason}` : reason);

export class BridgeError extends Error {}

function checkTerm(text: string): string {
  if (!text.trim()) throw new BridgeError('a term is required');
  if (text.length > MAX_TERM_CHARS) throw new BridgeError(`a term may have at most ${MAX_TERM_CHARS} characters`);
  return text;
}

export interface BridgeOptions {
  node: string;
  cookie: string;
  /** Per-request timeout (ms). */
  timeoutMs?: number;
  /** The `elixir` executable. */
  elixir?: string;
  /** The folder holding host.exs and agent.ex (default: this file's; a packaged app passes its resources folder). */
  dir?: string;
}

/** A connection to one target node through a hidden node of our own. `open` resolves once the agent is loaded. */
export class BeamBridge {
  readonly node: string;
  readonly bridgeNode: string;
  /** The agent's module name in the target (unique per bridge: `SupervisorStudio.BridgeAgent.S…`). */
  agentModule = '';
  private child: ChildProcess;
  private nextId = 1;
  private pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void; timer: NodeJS.Timeout }>();
  private stderr = '';
  private closed = false;
  private readonly timeoutMs: number;
  /** Fires when the hidden node exits (detach, crash, or the target's connection going away is reported per request). */
  onExit: ((code: number | null) => void) | undefined;

  private constructor(opts: BridgeOptions) {
    if (!NODE_NAME.test(opts.node)) throw new BridgeError(`"${opts.node}" is not a node name (expected name@host)`);
    if (!opts.cookie || /[\s\0]/.test(opts.cookie)) throw new BridgeError('the cookie must be non-empty text without spaces');
    this.node = opts.node;
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.bridgeNode = `studio_bridge_${randomBytes(4).toString('hex')}`;
    const agent = opts.dir ? join(opts.dir, 'agent.ex') : AGENT_SOURCE, host = opts.dir ? join(opts.dir, 'host.exs') : HOST_SCRIPT;
    const env = { ...process.env, STUDIO_BRIDGE_TARGET: opts.node, STUDIO_BRIDGE_COOKIE: opts.cookie, STUDIO_BRIDGE_AGENT: agent };
    this.child = spawn(opts.elixir ?? 'elixir', ['--sname', this.bridgeNode, '--erl', '-hidden', host], {
      env, stdio: ['pipe', 'pipe', 'pipe'],
      // its own process group: a Ctrl-C in the terminal reaches the CLI (which detaches cleanly), not the BEAM, whose
      // break handler would hang it. If the CLI dies, stdin closing makes the hidden node detach and halt.
      detached: true,
    });
    this.child.stderr!.setEncoding('utf8').on('data', (d: string) => { this.stderr = (this.stderr + d).slice(-4000); });
    createInterface({ input: this.child.stdout! }).on('line', (line) => this.onLine(line));
    this.child.on('error', (e) => this.failAll(new BridgeError(`cannot start elixir: ${e.message}`)));
    this.child.on('exit', (code) => {
      this.closed = true;
      this.failAll(new BridgeError(`the bridge node exited (code ${code})${this.stderr.trim() ? `: ${this.stderr.trim().split('\n').slice(-3).join(' | ')}` : ''}`));
      this.onExit?.(code);
    });
  }

  /** The hidden node's OS process id (while it runs). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Start the hidden node, connect to `opts.node` and load the agent into it. */
  static async open(opts: BridgeOptions): Promise<BeamBridge> {
    const b = new BeamBridge(opts);
    try {
      const hello = (await b.wait(0, 30_000)) as { agent: string };
      b.agentModule = hello.agent;
    } catch (e) {
      b.close();
      throw e;
    }
    return b;
  }

  /** Pushed events (after `startEvents`), in order, batched every 50 ms by the agent. */
  onEvents: ((node: string, events: RawEvent[]) => void) | undefined;

  private onLine(line: string) {
    let msg: { id: number; ok: boolean; result?: unknown; error?: string; node?: string; events?: RawEvent[] };
    try {
      msg = JSON.parse(line);
    } catch {
      return; // not ours (a stray print on the hidden node)
    }
    if (Array.isArray(msg.events)) {
      this.onEvents?.(String(msg.node ?? this.node), msg.events);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    clearTimeout(p.timer);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(new BridgeError(msg.error ?? 'failed'));
  }

  private failAll(e: Error) {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(e);
      this.pending.delete(id);
    }
  }

  private wait(id: number, timeoutMs: number): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new BridgeError('the bridge is closed'));
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new BridgeError(`no answer from the bridge node within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
    });
  }

  private request(words: string[], timeoutMs = this.timeoutMs): Promise<unknown> {
    const id = this.nextId++;
    const p = this.wait(id, timeoutMs);
    if (!this.closed) this.child.stdin!.write(`${id} ${words.join(' ')}\n`);
    return p;
  }

  tree(): Promise<LiveTree> {
    return this.request(['tree']) as Promise<LiveTree>;
  }

  /** `Process.exit(pid, :kill)` on the target. The caller enforces the unlock. */
  async kill(pid: string): Promise<void> {
    if (!PID.test(pid)) throw new BridgeError(`"${pid}" is not a pid like <0.123.0>`);
    await this.request(['kill', pid]);
  }

  /** `Process.exit(pid, reason)` on the target; `reason` is Elixir term text (`{:shutdown, :bye}`) or a bare word (an atom). */
  async exit(pid: string, reason: string): Promise<void> {
    if (!PID.test(pid)) throw new BridgeError(`"${pid}" is not a pid like <0.123.0>`);
    await this.request(['exit', pid, word(checkTerm(reasonTerm(reason)))]);
  }

  /** `send(target, message)` on the target node: `target` a pid or a registered name, `message` Elixir literal text. */
  async send(target: string, message: string): Promise<void> {
    if (!TARGET.test(target)) throw new BridgeError(`"${target}" is not a pid like <0.123.0> or a registered name`);
    await this.request(['send', target, word(checkTerm(message))]);
  }

  /** `GenServer.call(target, request, timeoutMs)` on the target node: the reply, or the exit the call ended with. */
  async call(target: string, request: string, timeoutMs = 5000): Promise<{ reply: string } | { exit: string }> {
    if (!TARGET.test(target)) throw new BridgeError(`"${target}" is not a pid like <0.123.0> or a registered name`);
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new BridgeError('the call timeout must be a positive number of ms');
    return (await this.request(['call', target, word(checkTerm(request)), String(timeoutMs)], timeoutMs + this.timeoutMs)) as { reply: string } | { exit: string };
  }

  /** Start the agent's tracer: events arrive through `onEvents` from now on. Resolves to how many processes it traces.
   *  The trees of `skip` (default: Erlang's and Elixir's own applications, as the import leaves out) are not traced. */
  async startEvents(skip: Iterable<string> = SYSTEM_APPS): Promise<{ traced: number }> {
    const apps = [...skip].filter((a) => /^[a-z][a-z0-9_]{0,63}$/.test(a));
    const r = (await this.request(apps.length ? ['events', apps.join(',')] : ['events'])) as { traced: number };
    return { traced: r.traced };
  }

  /** Remove the agent from the target and stop the hidden node. Resolves to whether the agent is still loaded. */
  async detach(): Promise<{ agentLoaded: boolean }> {
    if (this.closed) return { agentLoaded: false };
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    const r = (await this.request(['detach'])) as { agentLoaded: boolean };
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((res) => { timer = setTimeout(res, 5000); })]);
    clearTimeout(timer);
    this.close();
    return r;
  }

  /** Stop the hidden node now (its stdin closing also makes it detach first). */
  close(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.stdin!.end();
      const t = setTimeout(() => this.child.kill('SIGKILL'), 3000);
      t.unref();
      this.child.once('exit', () => clearTimeout(t));
    }
  }
}
