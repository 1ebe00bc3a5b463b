// Scenario expectations: what a learner (or a lesson) says a scenario's run must show. One catalog — the schema of
// each kind and how it reads as a sentence — that the document schema, the checker (runtime/sim/expect.ts), the CLI
// (`supervisor-studio test`) and the app's test panel all derive from.
//
// Processes are named like scenario command targets: a node's name, path or id. Values are compared as the run
// prints them — Elixir text (`{:error, :boom}`, `:killed`, `{%RuntimeError{message: "boom"}, :stack}`).
import { z } from 'zod';

const Str = (what: string) => z.string({ error: `${what} must be text` });
const Num = (what: string) => z.number({ error: `${what} must be a number` });
const Int = (what: string) => z.number({ error: `${what} must be a number` }).int({ error: `${what} must be a whole number` });

export const PROCESS_STATUSES = ['running', 'stopped', 'never_started'] as const;

/** Each expectation kind: its fields (zod) and how it reads. Add a kind here; every consumer follows. */
export const EXPECTATION_CATALOG = {
  reply: {
    title: 'a call gets this answer',
    schema: z.looseObject({
      type: z.literal('reply'),
      /** The call's target and the time it was made, as in the scenario's `call` command. */
      target: Str('target'),
      at: Num('at'),
      /** Which of several calls to the same target at the same time (1 = the first made). */
      nth: Int('nth').min(1).optional(),
      /** The answer (or, with `exited`, the exit reason), as Elixir text. */
      equals: Str('equals'),
      /** true: the call must exit (timeout, noproc, the server died) with `equals` as its reason. */
      exited: z.boolean().default(false),
    }),
  },
  exit: {
    title: 'a process exits with this reason',
    schema: z.looseObject({
      type: z.literal('exit'),
      process: Str('process'),
      reason: Str('reason'),
      /** The n-th exit of the node's processes (1 = the first); without it, any of them. */
      nth: Int('nth').min(1).optional(),
    }),
  },
  status: {
    title: "a process's status and restart count",
    schema: z.looseObject({
      type: z.literal('status'),
      process: Str('process'),
      /** When to look (ms of virtual time, before the commands of that same ms); default: the end of the run. */
      at: Num('at').optional(),
      status: z.enum(PROCESS_STATUSES, { error: `status must be one of: ${PROCESS_STATUSES.join(', ')}` }).optional(),
      restarts: Int('restarts').min(0).optional(),
    }),
  },
  gave_up: {
    title: 'a supervisor gives up (or does not)',
    schema: z.looseObject({
      type: z.literal('gave_up'),
      supervisor: Str('supervisor'),
      /** false: the supervisor must NOT give up during the run. */
      gaveUp: z.boolean().default(true),
    }),
  },
  counter: {
    title: "a process's counter",
    schema: z.looseObject({
      type: z.literal('counter'),
      process: Str('process'),
      counter: Str('counter'),
      equals: Num('equals').optional(),
      atLeast: Num('atLeast').optional(),
      atMost: Num('atMost').optional(),
    }),
  },
  note: {
    title: 'a process reports an event',
    schema: z.looseObject({
      type: z.literal('note'),
      process: Str('process'),
      /** The event name (`breaker`, `down`, `trapped_exit`, `pool_resize`, ...). */
      event: Str('event'),
      /** Fields the event must carry (Elixir text or plain values); others are not compared. */
      data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
      /** How many such events (default: at least one). */
      count: Int('count').min(0).optional(),
    }),
  },
} as const;

export type ExpectationType = keyof typeof EXPECTATION_CATALOG;
export const EXPECTATION_TYPES = Object.keys(EXPECTATION_CATALOG) as ExpectationType[];

const schemas = EXPECTATION_TYPES.map((k) => EXPECTATION_CATALOG[k].schema) as unknown as [
  (typeof EXPECTATION_CATALOG)['reply']['schema'],
  (typeof EXPECTATION_CATALOG)['exit']['schema'],
  (typeof EXPECTATION_CATALOG)['status']['schema'],
  (typeof EXPECTATION_CATALOG)['gave_up']['schema'],
  (typeof EXPECTATION_CATALOG)['counter']['schema'],
  (typeof EXPECTATION_CATALOG)['note']['schema'],
];

export const ExpectationSchema = z.discriminatedUnion('type', schemas, {
  error: `expectation type must be one of: ${EXPECTATION_TYPES.join(', ')}`,
});
export type Expectation = z.infer<typeof ExpectationSchema>;
export type ExpectationInput = z.input<typeof ExpectationSchema>;
export type ExpectationOf<K extends ExpectationType> = Extract<Expectation, { type: K }>;

const ms = (t: number) => `${t} ms`;
const dataText = (d: Record<string, unknown>) => Object.entries(d).map(([k, v]) => `${k}: ${String(v)}`).join(', ');

/** The expectation as a sentence ("the call to clicks at 400 ms answers 0"); `name` shows a process reference
 *  (the checker passes one that turns a path into the node's name). */
export function describeExpectation(e: Expectation, name: (ref: string) => string = (r) => r): string {
  switch (e.type) {
    case 'reply': {
      const which = `the ${e.nth && e.nth > 1 ? `${ordinal(e.nth)} ` : ''}call to ${name(e.target)} at ${ms(e.at)}`;
      return e.exited ? `${which} exits with ${e.equals}` : `${which} answers ${e.equals}`;
    }
    case 'exit':
      return `${name(e.process)}${e.nth ? `'s ${ordinal(e.nth)} exit is` : ' exits with'} ${e.reason}`;
    case 'status': {
      const parts: string[] = [];
      if (e.status !== undefined) parts.push(`is ${e.status.replace('_', ' ')}`);
      if (e.restarts !== undefined) parts.push(`has restarted ${e.restarts} time${e.restarts === 1 ? '' : 's'}`);
      return `${name(e.process)} ${parts.join(' and ') || 'exists'} ${e.at === undefined ? 'at the end' : `at ${ms(e.at)}`}`;
    }
    case 'gave_up':
      return e.gaveUp ? `${name(e.supervisor)} gives up` : `${name(e.supervisor)} does not give up`;
    case 'counter': {
      const parts: string[] = [];
      if (e.equals !== undefined) parts.push(`= ${e.equals}`);
      if (e.atLeast !== undefined) parts.push(`≥ ${e.atLeast}`);
      if (e.atMost !== undefined) parts.push(`≤ ${e.atMost}`);
      return `${name(e.process)}'s ${e.counter} ${parts.join(' and ') || 'is counted'}`;
    }
    case 'note': {
      const what = `${e.event}${e.data && Object.keys(e.data).length ? ` {${dataText(e.data)}}` : ''}`;
      return e.count === undefined ? `${name(e.process)} reports ${what}` : `${name(e.process)} reports ${what} ${e.count} time${e.count === 1 ? '' : 's'}`;
    }
  }
}

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${s}`;
}
