/**
 * Go `pluginmachinery/webapi` (`plugin.go`): the contract of a plugin that drives a remote service, asynchronously
 * (`AsyncPlugin`: create, then poll) or in one call (`SyncPlugin`).
 *
 * @module
 */
import type { TaskExecutionContext } from '../contract/exec-context';
import type { MetricsScope } from '../contract/metrics';
import type { PhaseInfo } from '../contract/phase-info';
import type { MaybePromise, TaskType } from '../contract/plugin';
import type { ResourceConstraintsSpec, ResourceNamespace } from '../contract/resource';
import type { StateValue } from '../contract/state-codec';
import type { PluginConfig } from './config';

/** Go `webapi.ResourceMeta`: what identifies the remote resource; kept in plugin state, so plain data. */
export type ResourceMeta = StateValue;

/** Go `webapi.Resource`: the remote resource as `get` returns it. An `isTerminal()` method stops its polling. */
export type Resource = unknown;

/** Go `webapi.TaskExecutionContextReader`: the part of the context `create` and `resourceRequirements` see. */
export type TaskExecutionContextReader = Pick<
  TaskExecutionContext,
  'secretManager' | 'taskReader' | 'inputReader' | 'taskExecutionMetadata' | 'outputWriter'
>;

/** Go `webapi.TaskExecutionContext`: the reader and the data store. */
export type WebApiTaskExecutionContext = TaskExecutionContextReader & Pick<TaskExecutionContext, 'dataStore'>;

/** Go `webapi.GetContext`. */
export interface GetContext<M extends ResourceMeta = ResourceMeta> {
  /** Go `ResourceMeta`. */
  resourceMeta(): M;
}

/** Go `webapi.DeleteContext`. `resourceMeta` is `undefined` when the task is aborted before `create` succeeded. */
export interface DeleteContext<M extends ResourceMeta = ResourceMeta> {
  /** Go `ResourceMeta`. */
  resourceMeta(): M | undefined;
  /** Go `Reason`: why the resource goes (`Aborted`). */
  reason(): string;
}

/** Go `webapi.StatusContext`: the task execution context, with the resource. */
export interface StatusContext<M extends ResourceMeta = ResourceMeta, R = Resource> extends TaskExecutionContext {
  /** Go `ResourceMeta`. */
  resourceMeta(): M;
  /** Go `Resource`: the last polled resource. */
  resource(): R;
}

/** What `create` returns: Go's `(resourceMeta, optionalResource, error)`. */
export interface CreateResult<M extends ResourceMeta = ResourceMeta, R = Resource> {
  resourceMeta: M;
  /** The resource as created, if the service returned it: its status is checked at once. */
  resource?: R;
}

/** What `resourceRequirements` returns: Go's `(namespace, constraints, error)`. */
export interface ResourceRequirementsResult {
  namespace: ResourceNamespace;
  constraints: ResourceConstraintsSpec;
}

/** Go `webapi.AsyncPlugin`. Throw (reject) where Go returns an error. */
export interface AsyncPlugin<M extends ResourceMeta = ResourceMeta, R = Resource> {
  /** Go `GetConfig`. */
  getConfig(): PluginConfig;
  /** Go `ResourceRequirements`: the quota namespace and constraints of a task. */
  resourceRequirements(tCtx: TaskExecutionContextReader): MaybePromise<ResourceRequirementsResult>;
  /** Go `Create`: must be idempotent; it may be called again for the same task. */
  create(tCtx: TaskExecutionContextReader): MaybePromise<CreateResult<M, R>>;
  /** Go `Get`: polls the resource; called from the cache's syncs, at their virtual instants. */
  get(tCtx: GetContext<M>): MaybePromise<R>;
  /** Go `Delete`: must tolerate an already deleted resource and a missing `resourceMeta`. */
  delete(tCtx: DeleteContext<M>): MaybePromise<void>;
  /** Go `Status`: maps the polled resource to a phase; should not call the service. May write outputs. */
  status(tCtx: StatusContext<M, R>): MaybePromise<PhaseInfo>;
}

/** Go `webapi.SyncPlugin`: one call does the work and gives the phase. */
export interface SyncPlugin {
  /** Go `GetConfig`. */
  getConfig(): PluginConfig;
  /** Go `Do`. */
  do(tCtx: WebApiTaskExecutionContext): MaybePromise<PhaseInfo>;
}

/** Go `webapi.PluginSetupContext`. */
export interface PluginSetupContext {
  /** Go `MetricsScope`. */
  metricsScope(): MetricsScope;
}

/** Go `webapi.PluginLoader`. */
export type PluginLoader<P> = (iCtx: PluginSetupContext) => MaybePromise<P>;

/** Go `webapi.PluginEntry`; `P` is the plugin its loader returns (an {@link AsyncPlugin} or a {@link SyncPlugin}). */
export interface PluginEntry<P = AsyncPlugin> {
  /** Go `ID`. */
  id: TaskType;
  /** Go `SupportedTaskTypes`. */
  supportedTaskTypes: TaskType[];
  /** Go `PluginLoader`. */
  pluginLoader: PluginLoader<P>;
  /** Go `IsDefault`. */
  isDefault?: boolean;
  /** Go `DefaultForTaskTypes`: not used by plugbench's single-plugin registry. */
  defaultForTaskTypes?: TaskType[];
}
