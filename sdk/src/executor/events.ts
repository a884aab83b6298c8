/**
 * Task events as the engine would send them to FlyteAdmin (`ToTaskExecutionEvent`), in the timeline's form.
 *
 * @module
 */
import { ExecutionError_ErrorKind, type ExecutionError } from '../idl/index';
import { Phase, isFailure } from '../contract/phase';
import type { PhaseInfo } from '../contract/phase-info';
import type { TaskInfo } from '../contract/task-info';
import type {
  EventPhase,
  PhaseName,
  ResourceCall,
  TaskEvent,
  TimelineExecutionError,
  TimelineTransition,
} from '../timeline/types';
import type { Transition } from '../contract/transition';
import { transitionTypeName } from '../contract/transition-type';

const phaseNames = Object.keys(Phase) as PhaseName[];

/** `Running` for `Phase.Running`. */
export function phaseKey(p: Phase): PhaseName {
  return phaseNames[p] ?? 'Undefined';
}

/** Go `ToTaskEventPhase`. */
export function toEventPhase(p: Phase): EventPhase {
  switch (p) {
    case Phase.Queued:
      return 'QUEUED';
    case Phase.Initializing:
      return 'INITIALIZING';
    case Phase.WaitingForResources:
      return 'WAITING_FOR_RESOURCES';
    case Phase.Running:
      return 'RUNNING';
    case Phase.Success:
      return 'SUCCEEDED';
    case Phase.RetryableFailure:
    case Phase.PermanentFailure:
      return 'FAILED';
    default:
      return 'UNDEFINED';
  }
}

/** An IDL execution error in the timeline's form. */
export function errorJson(err: ExecutionError): TimelineExecutionError {
  const kind = ExecutionError_ErrorKind[err.kind] as TimelineExecutionError['kind'] | undefined;
  return { code: err.code, message: err.message, kind: kind ?? 'UNKNOWN' };
}

/** Task info in the timeline's form. */
export function infoJson(info: TaskInfo | undefined): TimelineTransition['info'] {
  if (info === undefined) return undefined;
  const out: NonNullable<TimelineTransition['info']> = {};
  if (info.occurredAt !== undefined) out.occurredAt = info.occurredAt.getTime();
  if (info.logs !== undefined) out.logs = info.logs.map((l) => ({ name: l.name, uri: l.uri }));
  if (info.customInfo !== undefined) out.customInfo = { ...info.customInfo };
  return out;
}

/** A transition in the timeline's form. */
export function transitionJson(t: Transition): TimelineTransition {
  const i = t.info;
  const out: TimelineTransition = {
    type: transitionTypeName(t.type) === 'TransitionTypeBarrier' ? 'Barrier' : 'Ephemeral',
    phase: phaseKey(i.phase),
    version: i.version,
    reason: i.reason,
    text: t.toString(),
  };
  if (i.err !== undefined) out.err = errorJson(i.err);
  const info = infoJson(i.info);
  if (info !== undefined) out.info = info;
  return out;
}

/** The event for a phase info. */
export function eventOf(
  source: TaskEvent['source'],
  pi: PhaseInfo,
  roundStartMs: number,
  extra: {
    outputUri?: string;
    resourcePoolInfo?: TaskEvent['resourcePoolInfo'];
    phase?: EventPhase;
    version?: number;
  } = {},
): TaskEvent {
  const ev: TaskEvent = {
    source,
    phase: extra.phase ?? toEventPhase(pi.phase),
    pluginPhase: phaseKey(pi.phase),
    version: extra.version ?? pi.version,
    occurredAt: pi.info?.occurredAt?.getTime() ?? roundStartMs,
  };
  if (pi.reason !== '') ev.reason = pi.reason;
  if (isFailure(pi.phase) && pi.err !== undefined) ev.err = errorJson(pi.err);
  if (pi.info?.logs !== undefined) ev.logs = pi.info.logs.map((l) => ({ name: l.name, uri: l.uri }));
  if (pi.info?.customInfo !== undefined) ev.customInfo = { ...pi.info.customInfo };
  if (extra.outputUri !== undefined) ev.outputUri = extra.outputUri;
  if (extra.resourcePoolInfo !== undefined && extra.resourcePoolInfo.length > 0)
    ev.resourcePoolInfo = extra.resourcePoolInfo;
  return ev;
}

/**
 * Go `Proxy.GetResourcePoolInfo`: the tokens the call allocated without error (Exhausted included), which every
 * event of the round carries. Go keeps them in a map by token, so a token allocated twice is one entry with the
 * last call's namespace; the entries come in first-call order (Go's map order is random).
 */
export function resourcePoolInfo(
  calls: readonly Pick<ResourceCall, 'op' | 'namespace' | 'token' | 'error'>[],
): NonNullable<TaskEvent['resourcePoolInfo']> {
  if (calls.length > SMALL) {
    const byToken = new Map<string, string>();
    for (const r of calls) if (r.op === 'allocate' && r.error === undefined) byToken.set(r.token, r.namespace);
    return Array.from(byToken, ([allocationToken, namespace]) => ({ namespace, allocationToken }));
  }
  // A round's few calls (most often one): the same entries, in the same order, without a map.
  const out: NonNullable<TaskEvent['resourcePoolInfo']> = [];
  for (const r of calls) {
    if (r.op !== 'allocate' || r.error !== undefined) continue;
    let k = 0;
    while (k < out.length && out[k]!.allocationToken !== r.token) k++;
    out[k] = { namespace: r.namespace, allocationToken: r.token };
  }
  return out;
}

/**
 * Whether {@link resourcePoolInfo} of `calls` has an entry (an allocation answered without error), without making it:
 * whether the round's events carry pool info.
 */
export function hasPoolInfo(calls: readonly Pick<ResourceCall, 'op' | 'error'>[]): boolean {
  for (const r of calls) if (r.op === 'allocate' && r.error === undefined) return true;
  return false;
}

/** Up to this many calls, {@link resourcePoolInfo} looks tokens up in its list rather than in a map. */
const SMALL = 8;

const NO_POOL_INFO: NonNullable<TaskEvent['resourcePoolInfo']> = Object.freeze([]) as never;

/**
 * {@link resourcePoolInfo} for the events of a round, which carry it only when it is not empty: one shared empty list
 * for a round without resource calls (most rounds).
 */
export function roundPoolInfo(
  calls: readonly Pick<ResourceCall, 'op' | 'namespace' | 'token' | 'error'>[],
): NonNullable<TaskEvent['resourcePoolInfo']> {
  return calls.length === 0 ? NO_POOL_INFO : resourcePoolInfo(calls);
}

/**
 * A buffered raw event (`RecordRaw`), converted as Go's task handler converts it: with the round's resource pool
 * info and, when its own phase is Success, the attempt's outputs path (`ToTaskExecutionEvent`).
 */
export function rawEventOf(
  source: 'raw' | 'abort',
  pi: PhaseInfo,
  roundStartMs: number,
  round: { outputUri: string; resourcePoolInfo: TaskEvent['resourcePoolInfo'] },
  extra: { phase?: EventPhase; version?: number } = {},
): TaskEvent {
  return eventOf(source, pi, roundStartMs, {
    ...extra,
    ...(pi.phase === Phase.Success ? { outputUri: round.outputUri } : {}),
    resourcePoolInfo: round.resourcePoolInfo,
  });
}
