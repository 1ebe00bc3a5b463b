// The conformance scenario format (../shared/conformance/FORMAT.md), validated with zod so that bad input gets a
// clear error with a path into the document.
import { z } from 'zod';

const Json: z.ZodType<unknown> = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(Json), z.record(z.string(), Json)]));

export const Action = z.record(z.string(), Json).refine((o) => Object.keys(o).length === 1, { message: 'an action is a one-key object' });
export type Action = z.infer<typeof Action>;

export const BehaviourDef = z.object({
  kind: z.enum(['gen_server', 'process']).optional(),
  init: z.array(Action).optional(),
  init_by_start: z.record(z.string(), z.array(Action)).optional(),
  handlers: z.record(z.string(), z.array(Action)).optional(),
  terminate: z.array(Action).optional(),
  quiet: z.boolean().optional(),
});
export type BehaviourDef = z.infer<typeof BehaviourDef>;

export const OPS = [
  'spawn', 'send', 'cast', 'call', 'exit', 'trap_exit', 'link', 'unlink', 'monitor', 'demonitor', 'check_alive', 'log',
  'start_supervisor', 'start_dynamic_supervisor', 'start_registry', 'which_children', 'count_children',
  'terminate_child', 'restart_child', 'delete_child', 'start_child', 'lookup', 'settle', 'sorted',
  // runtime/conformance/extra (README.md there)
  'gen_stop', 'task_async', 'task_start_child', 'task_await', 'task_yield', 'task_shutdown', 'start_task_supervisor', 'task_async_nolink',
  'agent_start', 'agent_get', 'agent_update', 'agent_get_and_update', 'agent_cast', 'agent_stop', 'try', 'task_yield_many', 'task_async_stream', 'task_sup_async_stream', 'task_sup_async',
  // runtime/conformance/suites (README.md there)
  'get_childspec', 'check_childspecs', 'pause', 'gs_start', 'whereis', 'dsup_start', 'registry_start', 'reg', 'sup_start',
] as const;

export const Step = z.object({ op: z.enum(OPS) }).passthrough();
export type Step = z.infer<typeof Step> & Record<string, any>;

export const Scenario = z.object({
  name: z.string().optional(),
  description: z.string().optional(),
  behaviours: z.record(z.string(), BehaviourDef).default({}),
  steps: z.array(Step),
});
export type Scenario = z.infer<typeof Scenario>;

export class ScenarioError extends Error {}

/** Parse and validate a scenario (JSON text or an already parsed value). */
export function parseScenario(src: string | unknown): Scenario {
  let v: unknown = src;
  if (typeof src === 'string') {
    try {
      v = JSON.parse(src);
    } catch (e) {
      throw new ScenarioError(`scenario is not valid JSON: ${(e as Error).message}`);
    }
  }
  const r = Scenario.safeParse(v);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new ScenarioError(`invalid scenario at ${i.path.join('.') || '(root)'}: ${i.message}`);
  }
  return r.data;
}
