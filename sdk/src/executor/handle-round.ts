/**
 * One Handle round, as FlytePropeller's task handler runs it (`Handle` / `invokePlugin`): call the plugin (or
 * replay a barrier transition), validate, dedup on (phase, version), validate outputs on success, send events,
 * persist state, and move the node.
 *
 * @module
 */
import { create } from '@bufbuild/protobuf';
import { PlugbenchError, InjectedFaultError } from '../contract/errors';
import { Phase, isFailure, phaseName } from '../contract/phase';
import { PhaseInfo, phaseInfoFailed } from '../contract/phase-info';
import { decodeState } from '../contract/state-codec';
import { Transition } from '../contract/transition';
import { TransitionType } from '../contract/transition-type';
import { ExecutionErrorSchema, ExecutionError_ErrorKind, type ExecutionError } from '../idl/index';
import { TIMELINE_VERSION } from '../timeline/schema';
import type { CallError, CallRecord, Decision, NodePhase, StateChange, TaskEvent, TimelineTransition } from '../timeline/types';
import { errorInfo } from './error-info';
import { eventOf, phaseKey, transitionJson } from './events';
import { callPlugin } from './plugin-call';
import { decideRetry, defaultError } from './retry';
import { newScratch, type RoundEnv, type RoundScratch } from './round-env';
import type { TaskExecution } from './task-execution';
import { validateOutputs } from './validate-outputs';

const isTransition = (x: unknown): x is Transition =>
  typeof x === 'object' && x !== null && 'info' in x && (x as Transition).info instanceof PhaseInfo && 'type' in x;

/** Runs one Handle round of `task` and returns its call record. */
export async function handleRound(env: RoundEnv, task: TaskExecution): Promise<CallRecord> {
  const round = task.rounds;
  const scratch = newScratch('handle', env.faults.forCall({ task: task.id, round, attempt: task.attempt, call: 'handle' }));
  const nodeBefore = task.nodePhase;
  const ts = task.ts;
  const startMs = env.clock.nowMs();
  // Wall time and the transition's JSON are only for the timeline: skipped when nothing records.
  const wallStart = env.recording ? performanceNow() : 0;
  const wall = () => (env.recording ? performanceNow() - wallStart : 0);
  const stateBefore = { version: ts.pluginStateVersion, value: env.stateValue(ts) };

  // Records are built with a fixed shape and no object spread: spreading was most of a round's cost.
  const record = (f: HandleRecordFields): CallRecord => {
    const r: CallRecord = {
      v: TIMELINE_VERSION,
      seq: env.nextSeq(),
      at: env.clock.nowMs(),
      kind: 'call',
      task: task.id,
      attempt: task.attempt,
      round,
      call: 'handle',
      generatedName: task.generatedName,
      nodePhase: { before: nodeBefore, after: task.nodePhase },
      pluginPhase: { phase: phaseKey(ts.pluginPhase), version: ts.pluginPhaseVersion },
      events: f.events,
      resources: scratch.resources,
      logs: scratch.logs,
      failedAttempts: task.workflow.failedAttempts,
      wallMs: wall(),
    };
    if (f.transition !== undefined) r.transition = f.transition;
    if (f.decision !== undefined) r.decision = f.decision;
    if (f.state !== undefined) r.state = f.state;
    if (f.droppedEvents !== undefined) r.droppedEvents = f.droppedEvents;
    if (f.error !== undefined) r.error = f.error;
    if (scratch.metrics.length > 0) r.metrics = scratch.metrics;
    if (scratch.fired.length > 0) r.faults = scratch.fired;
    if (scratch.getAfterPut) r.lint = ['get-after-put'];
    if (replay !== undefined) r.replay = replay;
    return env.emitCall(r);
  };

  const fail = (source: 'handle' | 'transition' | 'event' | 'executor', error: unknown, extra: Partial<Pick<HandleRecordFields, 'transition' | 'events'>> = {}): CallRecord => {
    env.roundError(task);
    const info = errorInfo(source, error);
    return record({
      decision: { code: 'round-error', message: `round error: nothing of the round persists (${info.message})` },
      state: stateChange(stateBefore, scratch, stateBefore, false, env.recording),
      events: extra.events ?? [],
      error: info,
      transition: extra.transition,
    });
  };

  // 1. Call the plugin, or replay a barrier transition whose persisted write was lost.
  let transition: Transition;
  let replay: CallRecord['replay'];
  let replayed = false;
  const cached = env.config.barrier ? env.barrier.get(task.generatedName) : undefined;
  if (cached !== undefined && cached.tick > ts.barrierClockTick) {
    transition = cached.transition;
    scratch.stateWrite = cached.stateWrite;
    replayed = true;
  } else {
    const slow = scratch.faults.find((f) => f.kind === 'slow-call');
    const thrown = scratch.faults.find((f) => f.kind === 'throw');
    const outcome = await callPlugin(
      () => {
        const ctx = env.context(task, scratch);
        if (thrown) {
          scratch.fired.push('throw');
          throw new InjectedFaultError(thrown.kind === 'throw' && thrown.message ? thrown.message : `injected: Handle throws on round ${round}`, 'throw');
        }
        return task.loaded.plugin.handle(ctx);
      },
      {
        clock: env.clock,
        timeoutMs: env.config.roundTimeoutMs,
        label: `Handle of plugin [${task.loaded.entry.id}]`,
        logs: env.config.captureConsole ? scratch.logs : undefined,
        ...(slow && slow.kind === 'slow-call' ? { delayMs: slow.delayMs } : {}),
      },
    );
    if (slow) scratch.fired.push('slow-call');
    scratch.closed = true;
    if (!outcome.ok) return fail('handle', outcome.error);
    if (!isTransition(outcome.value)) {
      return fail('transition', new PlugbenchError(`Handle returned ${describe(outcome.value)}; expected a Transition (doTransition(phaseInfo...))`));
    }
    transition = outcome.value;
    if (env.config.checks.replayHandle) replay = await replayHandle(env, task, transition);
  }

  // 2. Go validateTransition.
  if (transition.info.err === undefined && transition.info.info === undefined) {
    return fail('transition', new PlugbenchError("transition doesn't have task info nor an execution error filled"), { transition: transitionJson(transition) });
  }
  let tick = ts.barrierClockTick;
  if (replayed) tick = cached!.tick;
  else if (env.config.barrier && transition.type === TransitionType.Barrier) {
    tick = ts.barrierClockTick + 1;
    env.barrier.set(task.generatedName, { tick, transition, stateWrite: scratch.stateWrite });
  }
  const returned = env.recording ? transitionJson(transition) : undefined;
  let pi = transition.info;

  // 3. Dedup on (phase, version), and the version cap.
  if (pi.phase === ts.pluginPhase) {
    if (pi.version === ts.pluginPhaseVersion) {
      // Go returns FinalTransition on this path too, and it refuses Undefined: a round error, not a dedup.
      if (pi.phase === Phase.Undefined) {
        return fail('transition', new PlugbenchError('error converting plugin phase, received [Undefined]'), { transition: returned });
      }
      ts.barrierClockTick = tick;
      const dropped = [...scratch.rawEvents.map((r) => eventOf('raw', r, startMs)), eventOf('transition', pi, startMs)];
      const what = scratch.stateWrite ? 'state write discarded' : 'no state write';
      return record({
        transition: returned,
        decision: {
          code: replayed ? 'barrier-replay' : 'dedup',
          message: `${replayed ? 'barrier transition replayed; ' : ''}no event: phase and version unchanged (${phaseName(pi.phase)}:${pi.version}), ${what}`,
        },
        state: stateChange(stateBefore, scratch, stateBefore, false, env.recording),
        events: [],
        droppedEvents: dropped,
      });
    }
    if (pi.version > env.config.maxPluginPhaseVersions) {
      pi = phaseInfoFailed(
        Phase.PermanentFailure,
        create(ExecutionErrorSchema, {
          code: 'TooManyPluginPhaseVersions',
          message: `Total number of phase versions exceeded for phase [${phaseName(pi.phase)}] in Plugin [${task.loaded.plugin.getID()}]. Attempted to set version to [${pi.version}], max allowed [${env.config.maxPluginPhaseVersions}]`,
          kind: ExecutionError_ErrorKind.UNKNOWN,
        }),
        pi.info ?? virtualNow(startMs),
      );
    }
  }
  const capped = pi !== transition.info;

  // 4. Success: validate outputs.
  let outputUri: string | undefined;
  if (pi.phase === Phase.Success) {
    const v = await validateOutputs(env, task, scratch);
    if (v.kind === 'error') return fail('executor', v.error, { transition: returned });
    if (v.kind === 'failure') pi = phaseInfoFailed(v.phase, v.err, pi.info ?? virtualNow(startMs));
    // Go ToTaskExecutionEvent: every SUCCEEDED event names the attempt's outputs path.
    else outputUri = env.outputPath(task);
  }

  // 5. Send buffered raw events, then the transition's event.
  const events: TaskEvent[] = [];
  const sinkFault = scratch.faults.find((f) => f.kind === 'event-sink-fails');
  const pool = scratch.resources.filter((r) => r.op === 'allocate' && r.error === undefined).map((r) => ({ namespace: r.namespace, allocationToken: r.token }));
  const toSend = [
    ...scratch.rawEvents.map((r) => eventOf('raw', r, startMs)),
    eventOf('transition', pi, startMs, { ...(outputUri !== undefined ? { outputUri } : {}), resourcePoolInfo: pool }),
  ];
  for (const [i, ev] of toSend.entries()) {
    if (sinkFault && i === toSend.length - 1) {
      scratch.fired.push('event-sink-fails');
      const msg = sinkFault.kind === 'event-sink-fails' && sinkFault.message ? sinkFault.message : 'injected: the event sink refused the event';
      return fail('event', new InjectedFaultError(msg, 'event-sink-fails'), { transition: returned, events });
    }
    events.push(ev);
  }

  // 6. Decide where the node goes; a retry clears every pending write of the round (Go ClearNodeStatus).
  let nodeAfter: NodePhase = 'Running';
  let pendingError: ExecutionError | undefined;
  let persistState = true;
  let countSystemFailure = false;
  let decision: Decision = capped
    ? { code: 'version-cap', message: `phase version ${transition.info.version} is above the cap ${env.config.maxPluginPhaseVersions}: permanent failure` }
    : { code: 'event', message: `event sent: ${phaseName(pi.phase)}:${pi.version} is new; state persisted` };
  if (replayed) decision = { code: 'barrier-replay', message: 'barrier transition replayed from the cache instead of calling the plugin; state persisted' };
  if (pi.phase === Phase.Undefined) {
    return fail('transition', new PlugbenchError('error converting plugin phase, received [Undefined]'), { transition: returned, events });
  }
  if (pi.phase === Phase.Success) nodeAfter = 'Succeeding';
  else if (isFailure(pi.phase)) {
    const err = defaultError(pi.err);
    countSystemFailure = err.kind === ExecutionError_ErrorKind.SYSTEM;
    nodeAfter = 'Failing';
    pendingError = err;
    if (pi.phase === Phase.RetryableFailure) {
      const d = decideRetry(err, { attempt: task.attempt, maxAttempts: task.maxAttempts, systemFailures: task.systemFailures, maxSystemRetries: env.config.maxSystemRetries });
      if (d.retry) {
        nodeAfter = 'RetryableFailure';
        persistState = false;
        decision = { code: 'retry', message: `event sent; the ${countSystemFailure ? 'SYSTEM' : 'USER'} failure will be retried: the round's state is not persisted` };
      } else {
        pendingError = d.err;
        decision = { code: 'event', message: `event sent; retries exhausted: ${d.err.code}` };
      }
    }
  }

  // 7. Persist, unless a fault loses the whole write: then the next round sees the workflow as it was.
  const lost = scratch.faults.find((f) => f.kind === 'lose-state-write');
  let after = stateBefore;
  if (lost) {
    scratch.fired.push('lose-state-write');
    persistState = false;
    decision = { code: 'write-lost', message: `${decision.message.replace(/; state persisted$/, '')}; but the write was lost (injected): the next round reads the previous phase and state` };
  } else {
    task.nodePhase = nodeAfter;
    if (pendingError !== undefined) task.pendingError = pendingError;
    if (countSystemFailure) task.systemFailures++;
  }
  if (persistState) {
    const w = scratch.stateWrite;
    if (w?.op === 'put') {
      ts.pluginState = w.encoded;
      ts.pluginStateVersion = w.version;
      delete ts.pluginStateDecoded;
    } else if (w?.op === 'reset') {
      ts.pluginState = undefined;
      ts.pluginStateVersion = 0;
      delete ts.pluginStateDecoded;
    }
    if (pi.phase !== ts.pluginPhase) ts.lastPhaseUpdatedAt = startMs;
    ts.pluginPhase = pi.phase;
    ts.pluginPhaseVersion = pi.version;
    ts.barrierClockTick = tick;
    after = { version: ts.pluginStateVersion, value: env.stateValue(ts) };
  }
  return record({ transition: returned, decision, state: stateChange(stateBefore, scratch, after, persistState, env.recording), events });
}

/**
 * The idempotency check: Handle called again on the same persisted state, after the first call's effects on the
 * world, as FlytePropeller may do whenever a round is lost. Its state writes and events are discarded.
 */
async function replayHandle(env: RoundEnv, task: TaskExecution, first: Transition): Promise<NonNullable<CallRecord['replay']>> {
  const scratch = newScratch('handle', []);
  const outcome = await callPlugin(() => task.loaded.plugin.handle(env.context(task, scratch)), {
    clock: env.clock,
    timeoutMs: env.config.roundTimeoutMs,
    label: `Handle (replayed) of plugin [${task.loaded.entry.id}]`,
    logs: undefined,
  });
  scratch.closed = true;
  if (!outcome.ok) return { same: false, error: errorInfo('handle', outcome.error) };
  if (!isTransition(outcome.value)) return { same: false, error: errorInfo('transition', new PlugbenchError(`Handle returned ${describe(outcome.value)}`)) };
  const again = outcome.value;
  const a = first.info;
  const b = again.info;
  const same = first.type === again.type && a.phase === b.phase && a.version === b.version && a.err?.code === b.err?.code;
  return { same, transition: transitionJson(again) };
}

/** The fields of a Handle round's record that differ between its outcomes. */
interface HandleRecordFields {
  transition?: TimelineTransition | undefined;
  decision?: Decision;
  state?: StateChange;
  events: TaskEvent[];
  droppedEvents?: TaskEvent[];
  error?: CallError;
}

function stateChange(before: StateChange['before'], s: RoundScratch, after: StateChange['after'], persisted: boolean, recording: boolean): StateChange {
  const c: StateChange = { before, after, persisted };
  const w = s.stateWrite;
  if (w?.op === 'put') {
    // A persisted write is what `after` already decoded; only a dropped one is decoded here, and only to record it.
    const value = persisted ? after.value : recording ? decodeState(w.encoded) : undefined;
    c.write = { op: 'put', version: w.version, value };
  } else if (w?.op === 'reset') c.write = { op: 'reset' };
  return c;
}


function describe(x: unknown): string {
  if (x === undefined) return 'undefined';
  if (x === null) return 'null';
  if (typeof x === 'object') return `an object without a PhaseInfo (${Object.keys(x).slice(0, 5).join(', ') || 'no keys'})`;
  return `a ${typeof x}`;
}

/** Wall time in ms, where the platform has a monotonic clock. */
export function performanceNow(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

/**
 * Task info for a phase info the executor makes outside plugin code, where the contract's clock is the wall clock:
 * Go defaults `OccurredAt` to now, which here is the round's virtual time.
 */
export function virtualNow(ms: number): { occurredAt: Date } {
  return { occurredAt: new Date(ms) };
}
