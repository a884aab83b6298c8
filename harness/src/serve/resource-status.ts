/**
 * What GetTask answers: the last persisted phase of an execution as a connector `Resource`, mapped so that
 * FlytePropeller's connector plugin (`webapi/connector/plugin.go` `Status`) reads it as the plugin meant it.
 *
 * @module
 */
import { create, fromBinary, type JsonObject } from '@bufbuild/protobuf';
import {
  AgentIdl,
  LiteralMapSchema,
  Phase,
  TaskExecution_Phase,
  TaskLogSchema,
  type DetachedTaskState,
} from '@plugbench/sdk';
import type { ExecutionRecord } from './store';

const { ResourceSchema } = AgentIdl;

/** The connector phase of an unfinished execution's plugin phase; any other phase waits for resources. */
const LIVE_PHASES: Partial<Record<Phase, TaskExecution_Phase>> = {
  [Phase.Queued]: TaskExecution_Phase.QUEUED,
  [Phase.Initializing]: TaskExecution_Phase.INITIALIZING,
  [Phase.Running]: TaskExecution_Phase.RUNNING,
  [Phase.Success]: TaskExecution_Phase.RUNNING,
  [Phase.RetryableFailure]: TaskExecution_Phase.RETRYABLE_FAILED,
  [Phase.PermanentFailure]: TaskExecution_Phase.FAILED,
};

/**
 * The connector phase of a plugin phase. Never `UNDEFINED`: propeller then falls back to the deprecated `state`,
 * whose zero value is a retryable failure. A plugin that is not ready or waits for resources is
 * `WAITING_FOR_RESOURCES`; a success is reported once Finalize ran, with its outputs (until then `RUNNING`).
 */
export function connectorPhase(state: DetachedTaskState): TaskExecution_Phase {
  if (state.finished) {
    if (state.finishedAs === 'Succeeded') return TaskExecution_Phase.SUCCEEDED;
    if (state.finishedAs === 'Aborted') return TaskExecution_Phase.ABORTED;
    return state.pluginPhase === Phase.RetryableFailure
      ? TaskExecution_Phase.RETRYABLE_FAILED
      : TaskExecution_Phase.FAILED;
  }
  return LIVE_PHASES[state.pluginPhase] ?? TaskExecution_Phase.WAITING_FOR_RESOURCES;
}

/** The message: the error with its code for a failure (propeller drops the code on the async path), else the reason. */
function messageOf(state: DetachedTaskState, phase: TaskExecution_Phase): string {
  const err = state.err ?? state.pendingError ?? state.lastEvent?.err;
  if (phase === TaskExecution_Phase.FAILED || phase === TaskExecution_Phase.RETRYABLE_FAILED) {
    if (err !== undefined) return `[${err.code}] ${err.message}`;
    return state.abortReason ?? state.lastRoundError ?? 'failed';
  }
  if (phase === TaskExecution_Phase.ABORTED) return state.abortReason ?? 'aborted';
  if (state.lastRoundError !== undefined) return `round error ${state.failedAttempts}: ${state.lastRoundError}`;
  return state.lastEvent?.reason ?? '';
}

/** The `Resource` of a stored execution. */
export function resourceOf(record: ExecutionRecord): AgentIdl.Resource {
  const state = record.state;
  if (state === undefined)
    return create(ResourceSchema, {
      phase: TaskExecution_Phase.QUEUED,
      message: 'created; the first round has not run yet',
    });
  const phase = connectorPhase(state);
  const ev = state.lastEvent;
  const resource = create(ResourceSchema, {
    phase,
    message: messageOf(state, phase),
    logLinks: (ev?.logs ?? []).map((l) => create(TaskLogSchema, { name: l.name, uri: l.uri })),
  });
  // protobuf-es holds a google.protobuf.Struct field as the JSON object itself.
  if (ev?.customInfo !== undefined) resource.customInfo = ev.customInfo as JsonObject;
  if (phase === TaskExecution_Phase.SUCCEEDED && record.outputs !== undefined) {
    resource.outputs = fromBinary(LiteralMapSchema, Buffer.from(record.outputs, 'base64'));
  }
  return resource;
}
