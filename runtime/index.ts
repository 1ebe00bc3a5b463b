// Public entry of the runtime library: `import { Kernel, GenServer, Supervisor } from 'supervisor-studio/runtime'`.
// Pure TypeScript: no DOM, no Node API (runs in a Web Worker, in Node and in exported code).
export const RUNTIME_VERSION = '0.1.0';
export * from './kernel/index';
export * from './otp/index';
export { runScenario, parseScenario, ScenarioError } from './conformance/index';
export type { Scenario } from './conformance/index';
// The behaviour library and custom behaviours, for exported TypeScript projects (runtime/codegen/typescript.ts).
export { LIBRARY, customBehaviour } from './behaviours/index';
export type { Behaviour, BehaviourEnv, ChildOptions } from './behaviours/index';
// The run-command catalog (faults, scenario steps, recordings): exported projects apply commands with it.
export {
  COMMANDS, COMMAND_TYPES, CommandSchema, Chaos, applyCommand, describeCommand, parseCommand,
} from './sim/commands';
export type { Command, CommandHost, CommandInput, CommandType } from './sim/commands';
