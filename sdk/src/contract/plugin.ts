/**
 * Go `core.Plugin`, `core.PluginEntry` and `core.SetupContext`: what a plugin implements and how it is loaded.
 *
 * @module
 */
import type { TaskExecutionContext, SecretManager } from './exec-context';
import type { KubeClient, NamespacedName } from './kube';
import type { MetricsScope } from './metrics';
import type { ResourceRegistrar } from './resource';
import type { Transition } from './transition';

/** Go `core.TaskType`. */
export type TaskType = string;

/** A value, or a promise of it: plugins may implement their methods either way. */
export type MaybePromise<T> = T | Promise<T>;

/** Go `core.EnqueueOwner`: asks for the owning workflow to be evaluated again. */
export type EnqueueOwner = (id: NamespacedName) => Promise<void>;

/** Go `core.PluginProperties`. */
export interface PluginProperties {
  /** Go `DisableNodeLevelCaching`: the engine does no cache lookup or write for the node. */
  disableNodeLevelCaching?: boolean;
  /** Go `GeneratedNameMaxLength`: the maximum length of generated names; at least 8. Default 50. */
  generatedNameMaxLength?: number;
}

/** Go `core.Plugin`. */
export interface Plugin {
  /** Go `GetID`: should equal the `PluginEntry.id`. */
  getID(): string;
  /** Go `GetProperties`. */
  getProperties(): PluginProperties;
  /**
   * Go `Handle`: called every round until a terminal phase. Must not block, and must be idempotent: it may be
   * called again with the same state. Throw (or reject) only for transient problems you want retried next round;
   * report task failures with a failure phase.
   */
  handle(tCtx: TaskExecutionContext): MaybePromise<Transition>;
  /** Go `Abort`: the task is killed. Idempotent; may come for a task that never started. */
  abort(tCtx: TaskExecutionContext): MaybePromise<void>;
  /** Go `Finalize`: always called after Handle or Abort. Idempotent. Release resource tokens here. */
  finalize(tCtx: TaskExecutionContext): MaybePromise<void>;
}

/** Go `core.SetupContext`: handed to the loader. */
export interface SetupContext {
  /** Go `EnqueueOwner`. */
  enqueueOwner(): EnqueueOwner;
  /** Go `OwnerKind`: the kind of the owning workflow object. */
  ownerKind(): string;
  /** Go `MetricsScope`: a sub-scope of this plugin. */
  metricsScope(): MetricsScope;
  /** Go `KubeClient`. */
  kubeClient(): KubeClient;
  /** Go `SecretManager`. */
  secretManager(): SecretManager;
  /** Go `ResourceRegistrar`: register quotas here. */
  resourceRegistrar(): ResourceRegistrar;
}

/** Go `core.PluginLoader`: builds the plugin; called once, before any Handle, Abort or Finalize. */
export type PluginLoader = (iCtx: SetupContext) => MaybePromise<Plugin>;

/** Go `core.PluginEntry`. */
export interface PluginEntry {
  /** Go `ID`: unique across the system. */
  id: TaskType;
  /** Go `RegisteredTaskTypes`. */
  registeredTaskTypes: TaskType[];
  /** Go `LoadPlugin`. */
  loadPlugin: PluginLoader;
  /** Go `IsDefault`: the plugin for task types nothing else handles. One per system. */
  isDefault?: boolean;
}
