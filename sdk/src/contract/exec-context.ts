/**
 * Go `core.TaskExecutionContext` and what it hands out: everything a plugin sees in one round.
 *
 * @module
 */
import type { TaskExecutionIdentifier, TaskTemplate } from '../idl/index';
import type { CatalogAsyncClient } from './catalog';
import type { InputReader, OutputWriter } from './io';
import type { NamespacedName, ObjectMeta, OwnerReference } from './kube';
import type { PhaseInfo } from './phase-info';
import type { ResourceManager } from './resource';
import type { PluginStateReader, PluginStateWriter } from './state';
import type { DataStore } from './storage';

/** Go `core.SecretManager`. */
export interface SecretManager {
  /** Go `Get(key)`: the secret's value. Rejects with `SecretNotFoundError` when it is nowhere to be found. */
  get(key: string): Promise<string>;
}

/** Go `core.SignalAsync`: fire and forget. */
export type SignalAsync = () => void;

/** Go `core.EventsRecorder`. Each call sends one more event, before the transition's own. Rarely needed. */
export interface EventsRecorder {
  /** Go `RecordRaw`. Dropped if the round's phase and version do not change, or the round fails. */
  recordRaw(info: PhaseInfo): Promise<void>;
}

/** Go `core.TaskReader`. */
export interface TaskReader {
  /** Go `Read`: the task template. */
  read(): Promise<TaskTemplate>;
}

/** Go `v1.ResourceRequirements`, with quantities as strings (`"500m"`, `"1Gi"`). */
export interface ResourceRequirements {
  limits?: Record<string, string>;
  requests?: Record<string, string>;
}

/** Go `v1.ConfigMap`. */
export interface ConfigMap {
  metadata?: ObjectMeta;
  data?: Record<string, string>;
}

/** Go `core.TaskOverrides`. */
export interface TaskOverrides {
  /** Go `GetResources`. */
  getResources(): ResourceRequirements | undefined;
  /** Go `GetConfig`. */
  getConfig(): ConfigMap | undefined;
}

/** Go `core.TaskExecutionID`. */
export interface TaskExecutionID {
  /** Go `GetGeneratedName`: unique per attempt and stable across its rounds (`f8a7b6c5d4-n0-0`). */
  getGeneratedName(): string;
  /** Go `GetID`. */
  getID(): TaskExecutionIdentifier;
}

/** Go `core.TaskExecutionMetadata`. */
export interface TaskExecutionMetadata {
  /** Go `GetOwnerID`: the owning workflow object. */
  getOwnerID(): NamespacedName;
  /** Go `GetTaskExecutionID`. */
  getTaskExecutionID(): TaskExecutionID;
  /** Go `GetNamespace`. */
  getNamespace(): string;
  /** Go `GetOwnerReference`. */
  getOwnerReference(): OwnerReference;
  /** Go `GetOverrides`. */
  getOverrides(): TaskOverrides;
  /** Go `GetLabels`. */
  getLabels(): Record<string, string>;
  /** Go `GetAnnotations`. */
  getAnnotations(): Record<string, string>;
  /** Go `GetK8sServiceAccount`. */
  getK8sServiceAccount(): string;
  /** Go `IsInterruptible`. */
  isInterruptible(): boolean;
  /** Go `GetEnvironmentVariables`: the variables the execution asks to set in the task's environment. */
  getEnvironmentVariables(): Record<string, string>;
}

/** Go `core.TaskExecutionContext`: built fresh every round; nothing on it survives to the next round. */
export interface TaskExecutionContext {
  /** Go `ResourceManager`. */
  resourceManager(): ResourceManager;
  /** Go `SecretManager`. */
  secretManager(): SecretManager;
  /** Go `TaskRefreshIndicator`: asks for another round soon. */
  taskRefreshIndicator(): SignalAsync;
  /** Go `MaxDatasetSizeBytes`: the largest outputs the executor accepts. */
  maxDatasetSizeBytes(): number;
  /** Go `DataStore`. */
  dataStore(): DataStore;
  /** Go `PluginStateReader`. */
  pluginStateReader(): PluginStateReader;
  /** Go `TaskReader`. */
  taskReader(): TaskReader;
  /** Go `InputReader`. */
  inputReader(): InputReader;
  /** Go `TaskExecutionMetadata`. */
  taskExecutionMetadata(): TaskExecutionMetadata;
  /** Go `OutputWriter`. */
  outputWriter(): OutputWriter;
  /** Go `PluginStateWriter`. */
  pluginStateWriter(): PluginStateWriter;
  /** Go `Catalog`. */
  catalog(): CatalogAsyncClient;
  /** Go `EventsRecorder`. */
  eventsRecorder(): EventsRecorder;
}
