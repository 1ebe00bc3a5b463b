// The one place raw `ipcMain` is used. Every invoke passes three checks before its handler runs:
//   1. the channel is in the contract;
//   2. the sender is our own top frame (the main window's main frame, showing our app's URL);
//   3. the argument matches the channel's zod schema (and there is exactly one).
// A refusal is logged and answered with `{ ok: false, error }`; the handler is never called. Handler results are
// checked against the contract too, and a handler that throws answers with its message.
import type { z } from 'zod';
import { EVENTS, INVOKE, type Envelope, type EventChannel, type EventPayload, type InvokeChannel } from '../contract';
import type { Log } from './json-file';

/** The part of an IPC frame we look at (Electron's WebFrameMain). */
export interface FrameLike {
  readonly url: string;
  /** Identify the frame across wrapper objects (Electron's WebFrameMain has them). */
  readonly frameToken?: string;
  readonly processId?: number;
  /** null for a top-level frame. */
  readonly parent?: FrameLike | null;
}

/** The same frame: the same wrapper object, or the same frame token in the same renderer process. */
export function isSameFrame(a: FrameLike, b: FrameLike): boolean {
  if (a === b) return true;
  return a.frameToken !== undefined && a.frameToken === b.frameToken && a.processId === b.processId;
}

/** The part of an IpcMainInvokeEvent we look at. */
export interface InvokeEventLike {
  readonly senderFrame: FrameLike | null;
}

export type HandlerArgs<C extends InvokeChannel> = z.output<(typeof INVOKE)[C]['args']>;
export type HandlerResult<C extends InvokeChannel> = z.input<(typeof INVOKE)[C]['result']>;
export type Handlers = { [C in InvokeChannel]: (args: HandlerArgs<C>) => Promise<HandlerResult<C>> | HandlerResult<C> };

export interface IpcGuard {
  /** The main window's main frame right now (null when there is no window). */
  mainFrame: () => FrameLike | null;
  /** Whether a URL belongs to our app. */
  isAppUrl: (url: string) => boolean;
}

const isKnownChannel = (channel: string): channel is InvokeChannel => Object.hasOwn(INVOKE, channel);

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'argument'}: ${i.message}`).join('; ');
}

export type Dispatch = (channel: string, event: InvokeEventLike, args: readonly unknown[]) => Promise<Envelope<unknown>>;

export function createDispatcher(handlers: Handlers, guard: IpcGuard, log: Log): Dispatch {
  return async (channel, event, args) => {
    const refuse = (why: string): Envelope<never> => {
      log(`IPC refused on "${channel.slice(0, 100)}": ${why}`);
      return { ok: false, error: `Request refused: ${why}.` };
    };
    if (!isKnownChannel(channel)) return refuse('unknown channel');
    const frame = event.senderFrame;
    const main = guard.mainFrame();
    if (!frame || !main || !isSameFrame(frame, main) || (frame.parent ?? null) !== null) {
      return refuse('sender is not the main window\'s top frame');
    }
    if (!guard.isAppUrl(frame.url)) return refuse(`sender page ${frame.url.slice(0, 200)} is not the app`);
    if (args.length > 1) return refuse(`expected one argument, got ${args.length}`);
    const spec = INVOKE[channel];
    const parsed = spec.args.safeParse(args[0]);
    if (!parsed.success) return refuse(`invalid argument (${describeIssues(parsed.error)})`);
    try {
      const handler = handlers[channel] as (a: unknown) => unknown;
      const value: unknown = await handler(parsed.data);
      const checked = spec.result.safeParse(value);
      if (!checked.success) {
        log(`IPC handler for "${channel}" returned a result outside the contract: ${describeIssues(checked.error)}`);
        return { ok: false, error: 'Internal error: unexpected result.' };
      }
      return { ok: true, value: checked.data };
    } catch (error) {
      log(`IPC handler for "${channel}" failed`, error);
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  };
}

/** The part of Electron's ipcMain we use. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
}

/** Register one guarded handler per contract channel. */
export function registerIpc(ipcMain: IpcMainLike, dispatch: Dispatch): void {
  for (const channel of Object.keys(INVOKE)) {
    ipcMain.handle(channel, (event, ...args) => dispatch(channel, event, args));
  }
}

/** Something that can receive events (Electron's WebContents). */
export interface EventTarget {
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
}

/** Send a main → renderer event after checking its payload against the contract. */
export function sendEvent<E extends EventChannel>(target: EventTarget | null, channel: E, payload: EventPayload<E>): boolean {
  if (!target || target.isDestroyed()) return false;
  target.send(channel, EVENTS[channel].parse(payload));
  return true;
}
