// Public surface of the OTP layer.
export { GenServer, GEN_SERVER, reply, whereis, registerViaModule } from './genserver';
export type {
  GenServerModule, From, InitResult, CallResult, NoReplyResult, Continue, ServerRef, StartOptions, ViaModule,
} from './genserver';
export { Supervisor, DynamicSupervisor } from './supervisor';
export type {
  ChildSpec, SupervisorInit, SupervisorFlags, DynamicSupervisorInit, RestartType, Shutdown, ChildType, Strategy,
} from './supervisor';
export { Registry } from './registry';
export type { Keys } from './registry';
export { Task, TaskSupervisor, Agent } from './task';
export type { TaskHandle, TaskFn, AgentModule, AsyncStreamOptions, StreamFn } from './task';
