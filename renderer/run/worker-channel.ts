// A small typed request/response + event-stream channel over postMessage (a Worker, a MessagePort, or the worker's
// own global scope). Requests carry ids; responses settle the matching promise; handler errors come back as
// rejections with the remote message; events are batched and sent at most once per flush interval.

/** Command name → [argument, result]. */
export type CommandMap = Record<string, [unknown, unknown]>;
/** Event type → payload. */
export type EventMap = Record<string, unknown>;

export type ChannelEvent<E extends EventMap> = { [K in keyof E]: { type: K; data: E[K] } }[keyof E];

export type WireMessage =
  | { kind: 'req'; id: number; cmd: string; arg: unknown }
  | { kind: 'res'; id: number; ok: true; value: unknown }
  | { kind: 'res'; id: number; ok: false; error: { message: string; name?: string; stack?: string } }
  | { kind: 'events'; events: { type: string; data: unknown }[] };

export interface PortLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
  start?: () => void;
}

export class RemoteError extends Error {
  constructor(message: string, readonly remoteName?: string, readonly remoteStack?: string) {
    super(message);
    this.name = 'RemoteError';
  }
}

export class ChannelClosedError extends Error {
  constructor() {
    super('The worker channel is closed.');
    this.name = 'ChannelClosedError';
  }
}

export interface Client<C extends CommandMap, E extends EventMap> {
  request<K extends keyof C & string>(cmd: K, arg: C[K][0], opts?: { timeoutMs?: number }): Promise<C[K][1]>;
  onEvents(fn: (events: ChannelEvent<E>[]) => void): () => void;
  /** Rejects every pending request and stops listening. */
  close(): void;
}

export function createClient<C extends CommandMap, E extends EventMap>(port: PortLike): Client<C, E> {
  let nextId = 1;
  let closed = false;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer?: ReturnType<typeof setTimeout> }>();
  const eventListeners = new Set<(events: ChannelEvent<E>[]) => void>();

  const onMessage = (e: MessageEvent) => {
    const msg = e.data as WireMessage;
    if (!msg || typeof msg !== 'object') return;
    if (msg.kind === 'res') {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (p.timer) clearTimeout(p.timer);
      if (msg.ok) p.resolve(msg.value);
      else p.reject(new RemoteError(msg.error.message, msg.error.name, msg.error.stack));
    } else if (msg.kind === 'events') {
      for (const l of eventListeners) l(msg.events as ChannelEvent<E>[]);
    }
  };
  port.addEventListener('message', onMessage);
  port.start?.();

  return {
    request(cmd, arg, opts) {
      if (closed) return Promise.reject(new ChannelClosedError());
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const entry: { resolve: (v: unknown) => void; reject: (e: Error) => void; timer?: ReturnType<typeof setTimeout> } = {
          resolve: resolve as (v: unknown) => void,
          reject,
        };
        if (opts?.timeoutMs !== undefined) {
          entry.timer = setTimeout(() => {
            pending.delete(id);
            reject(new Error(`Request "${cmd}" timed out after ${opts.timeoutMs} ms`));
          }, opts.timeoutMs);
        }
        pending.set(id, entry);
        port.postMessage({ kind: 'req', id, cmd, arg } satisfies WireMessage);
      });
    },
    onEvents(fn) {
      eventListeners.add(fn);
      return () => eventListeners.delete(fn);
    },
    close() {
      closed = true;
      port.removeEventListener('message', onMessage);
      for (const p of pending.values()) {
        if (p.timer) clearTimeout(p.timer);
        p.reject(new ChannelClosedError());
      }
      pending.clear();
    },
  };
}

export type Handlers<C extends CommandMap> = {
  [K in keyof C]: (arg: C[K][0]) => C[K][1] | Promise<C[K][1]>;
};

export interface Server<E extends EventMap> {
  /** Queues an event; queued events go out together on the next flush. */
  emit<K extends keyof E & string>(type: K, data: E[K]): void;
  flush(): void;
  close(): void;
}

export function serve<C extends CommandMap, E extends EventMap>(
  port: PortLike,
  handlers: Handlers<C>,
  opts: { flushMs?: number } = {},
): Server<E> {
  const flushMs = opts.flushMs ?? 16;
  let queue: { type: string; data: unknown }[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const reply = (msg: WireMessage) => port.postMessage(msg);
  const onMessage = async (e: MessageEvent) => {
    const msg = e.data as WireMessage;
    if (!msg || typeof msg !== 'object' || msg.kind !== 'req') return;
    const handler = Object.prototype.hasOwnProperty.call(handlers, msg.cmd)
      ? (handlers as Record<string, (a: unknown) => unknown>)[msg.cmd]
      : undefined;
    if (!handler) {
      reply({ kind: 'res', id: msg.id, ok: false, error: { message: `Unknown command "${msg.cmd}"`, name: 'UnknownCommand' } });
      return;
    }
    try {
      const value = await handler(msg.arg);
      // events emitted while handling go out before the answer, so the caller sees them first
      flush();
      reply({ kind: 'res', id: msg.id, ok: true, value });
    } catch (err) {
      const ex = err instanceof Error ? err : new Error(String(err));
      reply({ kind: 'res', id: msg.id, ok: false, error: { message: ex.message, name: ex.name, stack: ex.stack } });
    }
  };
  port.addEventListener('message', onMessage);
  port.start?.();

  function flush() {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (queue.length === 0) return;
    const events = queue;
    queue = [];
    reply({ kind: 'events', events });
  }

  return {
    emit(type, data) {
      queue.push({ type, data });
      if (timer === undefined) timer = setTimeout(flush, flushMs);
    },
    flush,
    close() {
      flush();
      port.removeEventListener('message', onMessage);
    },
  };
}
