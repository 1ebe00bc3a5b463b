// Public entry of the runtime library, published as the package `@supervisor-studio/runtime` (runtime/package.json,
// runtime/README.md): `import { Kernel, GenServer, Supervisor } from '@supervisor-studio/runtime'`.
// Pure TypeScript: no DOM, no Node API (runs in a Web Worker, in Node and in exported code), and nothing it
// imports may need a dependency (zod, sucrase, acorn stay in the studio: conformance/, custom-source.ts, design/).
// runtime/package.test.ts checks the built package imports in plain Node.
export const RUNTIME_VERSION = '0.1.0';
export * from './kernel/index';
export * from './otp/index';
// The behaviour library, and custom behaviours from their callbacks, for exported TypeScript projects.
export { LIBRARY } from './behaviours/library';
export { behaviourOf, defineCallbacks } from './behaviours/custom-module';
export type { CustomCallbacks, CustomCtx, CustomState, NoReply, RescuedException, TryHandlers } from './behaviours/custom-module';
export type { Behaviour, BehaviourEnv, ChildOptions } from './behaviours/lib';
// The run-command catalog (faults, scenario steps, recordings): exported projects apply commands with it.
export {
  COMMANDS, COMMAND_TYPES, Chaos, applyCommand, describeCommand,
} from './sim/commands';
export type { Command, CommandHost, CommandInput, CommandType } from './sim/commands';
