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
import { eventOf, phaseKey } from './events';
import type { CallKind } from './faults';
import { performanceNow, virtualNow } from './handle-record';
import { callPlugin } from './plugin-call';
import { newScratch, type CallRecordBody, type RoundEnv, type RoundScratch } from './round-env';
import type { TaskExecution } from './task-execution';
import { phaseInfoFailed } from '../contract/phase-info';
import { create } from '@bufbuild/protobuf';
import { ExecutionErrorSchema } from '../idl/index';

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
  const last = bodies[bodies.length - 1]!;
  if (!ok) {
    env.roundError(task);
    for (const b of bodies) b.failedAttempts = task.workflow.failedAttempts;
    last.nodePhase.after = task.nodePhase;
    return bodies.map((b) => env.record(b));
  }
  const attempt = task.attempt;
  last.nodePhase.after = nodeAfter(nodeBefore);
  if (nodeBefore === 'RetryableFailure') {
    last.decision = { code: 'event', message: `attempt ${attempt} cleaned up; attempt ${attempt + 1} starts with a new generated name and empty state` };
  }
  const records = bodies.map((b) => env.record(b));
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

async function abortCall(env: RoundEnv, task: TaskExecution, nodeBefore: NodePhase, reason: string): Promise<CallResult> {
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

async function pluginCall(env: RoundEnv, task: TaskExecution, call: Exclude<CallKind, 'handle'>, nodeBefore: NodePhase, reason?: string): Promise<CallResult> {
  const scratch = newScratch(call, env.faults.forCall({ task: task.id, round: task.rounds, attempt: task.attempt, call }));
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
        throw new InjectedFaultError(thrown.kind === 'throw' && thrown.message ? thrown.message : `injected: ${call} throws`, 'throw');
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
  let error: CallError | undefined = outcome.ok ? undefined : errorInfo(call, outcome.error);
  let repeat: CallRecord['repeat'];
  if (outcome.ok && env.config.checks.repeatCleanup) {
    // The idempotency check: Flyte calls Abort and Finalize again whenever their round is lost.
    const again = newScratch(call, []);
    const second = await callPlugin(() => (call === 'abort' ? plugin.abort(env.context(task, again)) : plugin.finalize(env.context(task, again))), {
      clock: env.clock,
      timeoutMs: env.config.roundTimeoutMs,
      label: `${call === 'abort' ? 'Abort' : 'Finalize'} (called again) of plugin [${task.loaded.entry.id}]`,
      logs: undefined,
    });
    again.closed = true;
    repeat = second.ok ? { ok: true } : { ok: false, error: errorInfo(call, second.error) };
    scratch.resources.push(...again.resources);
  }
  const events: TaskEvent[] = [];
  if (outcome.ok && call === 'abort') {
    // Go task Abort: buffered events go out with version + 1, as FAILED or ABORTED; then the final ABORTED event.
    const ts = task.ts;
    const forced = isFailure(ts.pluginPhase) ? 'FAILED' : 'ABORTED';
    for (const raw of scratch.rawEvents) events.push(eventOf('abort', raw, startMs, { phase: forced, version: ts.pluginPhaseVersion + 1 }));
    const final = phaseInfoFailed(Phase.Undefined, create(ExecutionErrorSchema, { code: 'Task Aborted', message: reason ?? 'aborted' }), virtualNow(startMs));
    const ev = eventOf('abort', final, startMs, { phase: 'ABORTED', version: 0 });
    delete ev.pluginPhase;
    ev.reason = reason ?? 'aborted';
    events.push(ev);
    const sink = scratch.faults.find((f) => f.kind === 'event-sink-fails');
    if (sink) {
      scratch.fired.push('event-sink-fails');
      events.pop();
      error = errorInfo('event', new InjectedFaultError('injected: the event sink refused the abort event', 'event-sink-fails'));
    }
  }
  const body: CallRecordBody = {
    ...common(task, call, nodeBefore, scratch),
    events,
    ...(repeat !== undefined ? { repeat } : {}),
    ...(error !== undefined
      ? { error, decision: { code: 'round-error' as const, message: `round error in ${call}: it is called again next round (${error.message})` } }
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
