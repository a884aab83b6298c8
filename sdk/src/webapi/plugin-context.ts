/**
 * Go `internal/webapi` `plugin_context.go`: the context `status` sees.
 *
 * @module
 */
import type { TaskExecutionContext } from '../contract/exec-context';
import type { StateValue } from '../contract/state-codec';
import type { StatusContext } from './plugin';

/** Go `newPluginContext` for Status: the task execution context with the resource. */
export function statusContext<M extends StateValue, R>(
  tCtx: TaskExecutionContext,
  meta: M,
  resource: R,
): StatusContext<M, R> {
  return {
    resourceManager: () => tCtx.resourceManager(),
    secretManager: () => tCtx.secretManager(),
    taskRefreshIndicator: () => tCtx.taskRefreshIndicator(),
    maxDatasetSizeBytes: () => tCtx.maxDatasetSizeBytes(),
    dataStore: () => tCtx.dataStore(),
    pluginStateReader: () => tCtx.pluginStateReader(),
    taskReader: () => tCtx.taskReader(),
    inputReader: () => tCtx.inputReader(),
    taskExecutionMetadata: () => tCtx.taskExecutionMetadata(),
    outputWriter: () => tCtx.outputWriter(),
    pluginStateWriter: () => tCtx.pluginStateWriter(),
    catalog: () => tCtx.catalog(),
    eventsRecorder: () => tCtx.eventsRecorder(),
    resourceMeta: () => meta,
    resource: () => resource,
  };
}

/** The generated name of the task attempt: the cache key and the allocation token. */
export const generatedNameOf = (tCtx: Pick<TaskExecutionContext, 'taskExecutionMetadata'>): string =>
  tCtx.taskExecutionMetadata().getTaskExecutionID().getGeneratedName();
