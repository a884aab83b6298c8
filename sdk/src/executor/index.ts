/**
 * The in-memory executor and the services behind the task execution context.
 *
 * @module
 */
export { Executor, type RunUntil, type RunOutcome, type TaskView } from './executor';
export type {
  ExecutorOptions,
  ExecutorConfig,
  TaskSpec,
  World,
  ResourceManagerOptions,
  SecretsOptions,
} from './options';
export { resolveConfig } from './options';
export type { Fault, FaultKind, FaultWhen, FaultScript, CallSite, CallKind } from './faults';
export { VirtualClock, DEFAULT_START_MS } from './virtual-clock';
export { PluginRegistry, type LoadedPlugin } from './registry';
export { toEventPhase } from './events';
export { decideRetry } from './retry';
export * from './resource/index';
export * from './services/index';
export {
  DetachedRounds,
  type DetachedRoundsOptions,
  type DetachedTask,
  type DetachedTaskState,
} from './detached-rounds';
