/**
 * Rounds that end an attempt: Finalize after success; Abort then Finalize before a retry, on failure and on abort
 * (FlytePropeller's node `Abort`, `handleRetryableFailure`, and the task handler's `Abort` and `Finalize`).
 *
 * @module
 */
import { InjectedFaultError } from '../contract/errors';
import { Phase, isFailure, isTerminal, phaseName } from '../contract/phase';
import type { CallRecord, CallError, NodePhase, TaskEvent } from '../timeline/types';
import { errorInfo } from './error-info';
import { eventOf, phaseKey, rawEventOf, resourcePoolInfo } from './events';
import type { CallKind } from './faults';
import { performanceNow, virtualNow } from './handle-record';
import { roundValuesError } from './validate-plugin-values';
import { callPlugin } from './plugin-call';
import { newScratch, type CallRecordBody, type RoundEnv, type RoundScratch } from './round-env';
import type { TaskExecution } from './task-execution';
import { phaseInfoFailed } from '../contract/phase-info';
import { create } from '@bufbuild/protobuf';
import { ExecutionErrorSchema, ExecutionError_ErrorKind, type ExecutionError } from '../idl/index';

interface CallResult {
  body: CallRecordBody;
  ok: boolean;
}

/**
 * Runs the round of a node that is Succeeding, RetryableFailure, Failing or Aborting, and returns its call records.
 * The records are emitted once the round's outcome is known, so that what is streamed is final.
 */
export async function cleanupRound(env: RoundEnv, task: TaskExecution): Promise<CallRecord[]> {
  const nodeBefore = task.nodePhase;
  // Go HandleAbortedWorkflow reads the workflow's failed attempts as the round starts.
  const failedBefore = task.workflow.failedAttempts;
  const bodies: CallRecordBody[] = [];
  let ok = true;
  if (nodeBefore !== 'Succeeding') {
    const reason = abortReason(task);
    const a = await abortCall(env, task, nodeBefore, reason);
    bodies.push(a.body);
    ok = a.ok;
  }
  // Finalize is always called, even after a failed Abort (Go: node-level Abort).
  const f = await pluginCall(env, task, 'finalize', nodeBefore);
  bodies.push(f.body);
  ok = ok && f.ok;
  if (!ok && !pastWorkflowRetries(env, task, nodeBefore, failedBefore)) return failedCleanup(env, task, bodies);
  return endAttempt(env, task, bodies, ok ? undefined : abortFailed(env, task, bodies, failedBefore));
}

/**
 * Go `HandleAbortedWorkflow`: the cleanup of an aborted workflow is retried only while its failed attempts are
 * within `max-workflow-retries`; past that it runs once more as best effort and the workflow ends whatever it returned.
 */
function pastWorkflowRetries(env: RoundEnv, task: TaskExecution, nodeBefore: NodePhase, failedBefore: number): boolean {
  return nodeBefore === 'Aborting' && failedBefore > env.config.maxWorkflowRetries;
}

/** A cleanup round that failed: a round error, and the same cleanup next round. */
function failedCleanup(env: RoundEnv, task: TaskExecution, bodies: CallRecordBody[]): CallRecord[] {
  const failed = bodies.find((b) => b.error !== undefined);
  env.roundError(task, failed?.error?.message);
  for (const b of bodies) b.failedAttempts = task.workflow.failedAttempts;
  bodies[bodies.length - 1]!.nodePhase.after = task.nodePhase;
  return bodies.map((b) => env.record(b));
}

/** Go's "Workflow abort failed" error of a best-effort cleanup that failed; its round errors are not counted. */
function abortFailed(
  env: RoundEnv,
  task: TaskExecution,
  bodies: CallRecordBody[],
  failedBefore: number,
): ExecutionError {
  const max = env.config.maxWorkflowRetries;
  for (const b of bodies) {
    if (b.error === undefined) continue;
    b.decision = {
      code: 'round-error',
      message: `round error in ${b.call} past max-workflow-retries [${failedBefore}/${max}]: best-effort cleanup, not called again; the workflow ends (${b.error.message})`,
    };
  }
  return create(ExecutionErrorSchema, {
    code: 'Workflow abort failed',
    message: `max number of system retry attempts [${failedBefore}/${max}] exhausted. Last known status message: ${task.workflow.lastMessage ?? ''}`,
    kind: ExecutionError_ErrorKind.SYSTEM,
  });
}

/** The attempt's cleanup is over: the node moves on (or, after a failed best-effort cleanup, the task ends Failed). */
function endAttempt(
  env: RoundEnv,
  task: TaskExecution,
  bodies: CallRecordBody[],
  failure: ExecutionError | undefined,
): CallRecord[] {
  const nodeBefore = task.nodePhase;
  const last = bodies[bodies.length - 1]!;
  const attempt = task.attempt;
  last.nodePhase.after = failure !== undefined ? 'Failed' : nodeAfter(nodeBefore);
  if (nodeBefore === 'RetryableFailure') {
    last.decision = {
      code: 'event',
      message: `attempt ${attempt} cleaned up; attempt ${attempt + 1} starts with a new generated name and empty state`,
    };
  }
  const records = bodies.map((b) => env.record(b));
  if (failure !== undefined) {
    task.nodePhase = 'Failed';
    task.pendingError = failure;
    env.finish(task, 'Failed', failure, task.abortReason ?? task.workflow.abortReason);
    return records;
  }
  switch (nodeBefore) {
    case 'Succeeding':
      task.nodePhase = 'Succeeded';
      env.finish(task, 'Succeeded');
      break;
    case 'RetryableFailure':
      env.nextAttempt(task);
      task.nodePhase = 'Running';
      break;
    case 'Failing':
      task.nodePhase = 'Failed';
      env.finish(task, 'Failed', task.pendingError);
      break;
    default:
      task.nodePhase = 'Aborted';
      env.finish(task, 'Aborted', undefined, task.abortReason ?? task.workflow.abortReason);
  }
  return records;
}

function nodeAfter(nodeBefore: NodePhase): NodePhase {
  switch (nodeBefore) {
    case 'Succeeding':
      return 'Succeeded';
    case 'RetryableFailure':
      return 'Running';
    case 'Failing':
      return 'Failed';
    default:
      return 'Aborted';
  }
}

function abortReason(task: TaskExecution): string {
  switch (task.nodePhase) {
    case 'RetryableFailure':
    case 'Failing':
      return task.pendingError?.message ?? 'node failing';
    default:
      return task.abortReason ?? task.workflow.abortReason ?? 'aborted';
  }
}

async function abortCall(
  env: RoundEnv,
  task: TaskExecution,
  nodeBefore: NodePhase,
  reason: string,
): Promise<CallResult> {
  const ts = task.ts;
  // Go task Abort: a terminal persisted phase means the plugin already finished; Abort is skipped.
  if (isTerminal(ts.pluginPhase)) {
    const body: CallRecordBody = {
      ...common(task, 'abort', nodeBefore, newScratch('abort', [])),
      skipped: `Abort skipped: the persisted plugin phase ${phaseName(ts.pluginPhase)} is terminal`,
      events: [],
      wallMs: 0,
    };
    return { body, ok: true };
  }
  return pluginCall(env, task, 'abort', nodeBefore, reason);
}

async function pluginCall(
  env: RoundEnv,
  task: TaskExecution,
  call: Exclude<CallKind, 'handle'>,
  nodeBefore: NodePhase,
  reason?: string,
): Promise<CallResult> {
  const scratch = newScratch(
    call,
    env.faults.forCall({ task: task.id, round: task.rounds, attempt: task.attempt, call }),
  );
  const wallStart = performanceNow();
  const startMs = env.clock.nowMs();
  const thrown = scratch.faults.find((f) => f.kind === 'throw');
  const slow = scratch.faults.find((f) => f.kind === 'slow-call');
  const plugin = task.loaded.plugin;
  const outcome = await callPlugin(
    () => {
      const ctx = env.context(task, scratch);
      if (thrown) {
        scratch.fired.push('throw');
        throw new InjectedFaultError(
          thrown.kind === 'throw' && thrown.message ? thrown.message : `injected: ${call} throws`,
          'throw',
        );
      }
      return call === 'abort' ? plugin.abort(ctx) : plugin.finalize(ctx);
    },
    {
      clock: env.clock,
      timeoutMs: env.config.roundTimeoutMs,
      label: `${call === 'abort' ? 'Abort' : 'Finalize'} of plugin [${task.loaded.entry.id}]`,
      logs: env.config.captureConsole ? scratch.logs : undefined,
      ...(slow && slow.kind === 'slow-call' ? { delayMs: slow.delayMs } : {}),
    },
  );
  if (slow) scratch.fired.push('slow-call');
  scratch.closed = true;
  // A raw event of the wrong type, or a call after its round settled, fails the call as a throw would.
  const invalid = outcome.ok ? roundValuesError(undefined, scratch, task) : undefined;
  const ok = outcome.ok && invalid === undefined;
  let error: CallError | undefined = !outcome.ok
    ? errorInfo(call, outcome.error)
    : invalid !== undefined
      ? errorInfo(call, invalid)
      : undefined;
  let repeat: CallRecord['repeat'];
  if (ok && env.config.checks.repeatCleanup) {
    // The idempotency check: Flyte calls Abort and Finalize again whenever their round is lost.
    const again = newScratch(call, []);
    const second = await callPlugin(
      () => (call === 'abort' ? plugin.abort(env.context(task, again)) : plugin.finalize(env.context(task, again))),
      {
        clock: env.clock,
        timeoutMs: env.config.roundTimeoutMs,
        label: `${call === 'abort' ? 'Abort' : 'Finalize'} (called again) of plugin [${task.loaded.entry.id}]`,
        // Captured so that nothing of it reaches the real console unredacted; it repeats the first call's output.
        logs: env.config.captureConsole ? [] : undefined,
      },
    );
    again.closed = true;
    // Its resource calls are the check's, not the run's: they stay out of the record (and the pool summary).
    repeat = second.ok ? { ok: true } : { ok: false, error: errorInfo(call, second.error) };
  }
  const events: TaskEvent[] = [];
  if (ok && call === 'abort') {
    error = abortEvents(env, task, scratch, startMs, reason, events) ?? error;
  }
  const body: CallRecordBody = {
    ...common(task, call, nodeBefore, scratch),
    events,
    ...(repeat !== undefined ? { repeat } : {}),
    ...(error !== undefined
      ? {
          error,
          decision: {
            code: 'round-error' as const,
            message: `round error in ${call}: it is called again next round (${error.message})`,
          },
        }
      : {}),
    wallMs: performanceNow() - wallStart,
  };
  return { body, ok: error === undefined };
}

function common(task: TaskExecution, call: CallKind, nodeBefore: NodePhase, scratch: RoundScratch) {
  return {
    task: task.id,
    attempt: task.attempt,
    round: task.rounds,
    call,
    generatedName: task.generatedName,
    nodePhase: { before: nodeBefore, after: nodeBefore },
    pluginPhase: { phase: phaseKey(task.ts.pluginPhase), version: task.ts.pluginPhaseVersion },
    resources: scratch.resources,
    logs: scratch.logs,
    ...(scratch.metrics.length > 0 ? { metrics: scratch.metrics } : {}),
    failedAttempts: task.workflow.failedAttempts,
    ...(scratch.fired.length > 0 ? { faults: scratch.fired } : {}),
  };
}

/**
 * Go task handler `Abort`: buffered events go out with version + 1, as FAILED or ABORTED; then the final ABORTED
 * event, built with `PhaseInfoFailed(PhaseAborted, ...)`: no reason, and no error (Aborted is not a failure phase,
 * `transformer.go`). Every event carries the call's pool info. Returns the error of a refused event.
 */
function abortEvents(
  env: RoundEnv,
  task: TaskExecution,
  scratch: RoundScratch,
  startMs: number,
  reason: string | undefined,
  events: TaskEvent[],
): CallError | undefined {
  const ts = task.ts;
  const forced = isFailure(ts.pluginPhase) ? 'FAILED' : 'ABORTED';
  const pool = resourcePoolInfo(scratch.resources);
  const rawSuccess = scratch.rawEvents.some((r) => r.phase === Phase.Success);
  const round = { outputUri: rawSuccess ? env.outputPath(task) : '', resourcePoolInfo: pool };
  for (const raw of scratch.rawEvents)
    events.push(rawEventOf('abort', raw, startMs, round, { phase: forced, version: ts.pluginPhaseVersion + 1 }));
  const final = phaseInfoFailed(
    Phase.Undefined,
    create(ExecutionErrorSchema, { code: 'Task Aborted', message: reason ?? 'aborted' }),
    virtualNow(startMs),
  );
  const ev = eventOf('abort', final, startMs, { phase: 'ABORTED', version: 0, resourcePoolInfo: pool });
  delete ev.pluginPhase;
  events.push(ev);
  const sink = scratch.faults.find((f) => f.kind === 'event-sink-fails');
  if (sink === undefined) return undefined;
  scratch.fired.push('event-sink-fails');
  events.pop();
  return errorInfo(
    'event',
    new InjectedFaultError('injected: the event sink refused the abort event', 'event-sink-fails'),
  );
}
