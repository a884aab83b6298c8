/**
 * A Handle round whose record only the store needs (a `runUntil` keeping the timeline, nothing streaming it, no
 * secrets to redact) and which repeats its task's last kept record in all but its numbers: the store keeps it from
 * the round's parts, and the events, decision, state change and record the old path made only for the store are never
 * made. Read, the record is the one that path makes (`record-store/call-columns.ts` `repeats`).
 *
 * @module
 */
import { Phase, isFailure } from '../contract/phase';
import type { TimelineTransition } from '../timeline/types';
import { phaseKey } from './events';
import { EVENT_SENT, performanceNow, type HandleRound } from './handle-record';
import type { RoundParts } from './record-store/call-columns';
import type { ValidatedTransition } from './round-env';

/**
 * Whether the round hands the store its parts (kept on the round for {@link keepRepeat}): it may skip its events, its
 * decision and its record. `replayed`: the round replays a barrier transition.
 */
export function repeatsKept(
  h: HandleRound,
  replayed: boolean,
  v: ValidatedTransition,
  returned: TimelineTransition | undefined,
): boolean {
  if (!h.keepsParts || returned === undefined || replayed || !sendsOnlyItsEvent(h, v)) return false;
  const parts = partsOf(h, v, returned);
  if (parts === undefined || !h.env.repeats(parts, h.task)) return false;
  h.parts = parts;
  return true;
}

/**
 * Whether the round's record would hold its transition's event alone, the "event sent" decision and a node still
 * Running: not capped, no outputs, no failure or Success, no raw events, metrics, faults or lint. Its resource calls
 * (any) are compared with its task's last kept record's by the store.
 */
function sendsOnlyItsEvent(h: HandleRound, v: ValidatedTransition): boolean {
  const s = h.scratch;
  const phase = v.pi.phase;
  return (
    !v.capped &&
    v.outputUri === undefined &&
    phase !== Phase.Undefined &&
    phase !== Phase.Success &&
    !isFailure(phase) &&
    s.faults.length === 0 &&
    s.fired.length === 0 &&
    s.rawEvents.length === 0 &&
    s.metrics.length === 0 &&
    s.getAfterPut !== true &&
    h.replay === undefined
  );
}

/** The round's parts, when it persists a state write (else `undefined`: its record is made as before). */
function partsOf(h: HandleRound, v: ValidatedTransition, returned: TimelineTransition): RoundParts | undefined {
  const { task, scratch } = h;
  const w = scratch.stateWrite;
  if (w?.op !== 'put') return undefined;
  const pi = v.pi;
  return {
    attempt: task.attempt,
    generatedName: task.generatedName,
    nodeBefore: h.nodeBefore,
    nodeAfter: 'Running',
    info: pi,
    pluginPhase: phaseKey(pi.phase),
    transition: returned,
    resources: scratch.resources,
    logs: scratch.logs,
    decision: EVENT_SENT,
    before: h.stateBefore,
    write: w,
    round: h.round,
    failedAttempts: task.workflow.failedAttempts,
    eventAt: pi.info?.occurredAt?.getTime() ?? h.startMs,
    seq: 0,
    at: 0,
    wallMs: 0,
  };
}

/** Keeps a round that {@link repeatsKept}, stamped as its record would be, once it persisted. */
export function keepRepeat(h: HandleRound, parts: RoundParts): void {
  const env = h.env;
  parts.at = env.clock.nowMs();
  parts.wallMs = performanceNow() - h.wallStart;
  env.keepRepeat(parts, h.task);
}
