// The Node side of the bridge's hidden Elixir node (bridge/host.exs): starts it, speaks its line protocol over stdio,
// and kills it on close. The cookie is handed to the child in its environment only — never on a command line (where
// `ps` shows it), never in a message, a log line or an error.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { LiveTree } from './protocol';

const HERE = dirname(fileURLToPath(import.meta.url));
export const AGENT_SOURCE = join(HERE, 'agent.ex');
export const HOST_SCRIPT = join(HERE, 'host.exs');

export type { LiveProcess, LiveTree } from './protocol';

/** `name@host`: letters, digits, `_`, `-`, `.` — what the protocol and the command line can carry safely. */
export const NODE_NAME = /^[A-Za-z0-9_-]+@[A-Za-z0-9_.-]+$/;
/** A local pid as the agent prints it. */
export const PID = /^<\d+\.\d+\.\d+>$/;
/** An exit reason: an atom-like word (`normal`, `shutdown`, `boom`, ...). */
export const REASON = /^[a-z][a-zA-Z0-9_]{0,63}$/;

export class BridgeError extends Error {}

export interface BridgeOptions {
  node: string;
  cookie: string;
  /** Per-request timeout (ms). */
  timeoutMs?: number;
  /** The `elixir` executable. */
  elixir?: string;
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
    const env = { ...process.env, STUDIO_BRIDGE_TARGET: opts.node, STUDIO_BRIDGE_COOKIE: opts.cookie, STUDIO_BRIDGE_AGENT: AGENT_SOURCE };
    this.child = spawn(opts.elixir ?? 'elixir', ['--sname', this.bridgeNode, '--erl', '-hidden', HOST_SCRIPT], {
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

  private onLine(line: string) {
    let msg: { id: number; ok: boolean; result?: unknown; error?: string };
    try {
      msg = JSON.parse(line);
    } catch {
      return; // not ours (a stray print on the hidden node)
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

  private request(words: string[]): Promise<unknown> {
    const id = this.nextId++;
    const p = this.wait(id, this.timeoutMs);
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

  /** `Process.exit(pid, reason)` on the target. */
  async exit(pid: string, reason: string): Promise<void> {
    if (!PID.test(pid)) throw new BridgeError(`"${pid}" is not a pid like <0.123.0>`);
    if (!REASON.test(reason)) throw new BridgeError(`"${reason}" is not an exit reason (a lowercase word: normal, shutdown, boom, ...)`);
    await this.request(['exit', pid, reason]);
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
