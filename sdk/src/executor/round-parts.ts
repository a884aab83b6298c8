/**
 * A Handle round whose record only the store needs (a `runUntil` keeping the timeline, nothing streaming it, no
 * secrets to redact) and which repeats its task's last kept record in all but its numbers: the store keeps it from
 * the round's parts, and the events, decision, state change and record the old path made only for the store are never
 * made. Read, the record is the one that path makes (`record-store/call-columns.ts` `repeats`).
 *
 * @module
 */
import { Phase, isFailure } from '../contract/phase';
import type { Transition } from '../contract/transition';
import { phaseKey } from './events';
import { EVENT_SENT, performanceNow, type HandleRound } from './handle-record';
import type { RoundParts } from './record-store/call-columns';
import { textFollowsFields } from './record-store/pending';
import type { ValidatedTransition } from './round-env';

/**
 * Whether the round may repeat its task's last record, decided before its checks: a transition of the contract's own
 * classes (its recorded text a function of its fields) that is no Success, in a round without raw events or faults
 * that does not replay a barrier transition. Nothing then awaits or runs plugin code before the round ends (a Success
 * awaits its outputs), so the transition's recorded form may be made when first needed, from the same fields.
 */
export function mayRepeat(h: HandleRound, t: Transition, replayed: boolean): boolean {
  const s = h.scratch;
  return (
    h.keepsParts &&
    !replayed &&
    t.info.phase !== Phase.Success &&
    s.faults.length === 0 &&
    s.rawEvents.length === 0 &&
    textFollowsFields(t)
  );
}

/**
 * Whether the round hands the store its parts (kept on the round for {@link keepRepeat}): it may skip its events, its
 * decision, its record and its transition's recorded form. `replayed`: the round replays a barrier transition.
 */
export function repeatsKept(h: HandleRound, replayed: boolean, v: ValidatedTransition): boolean {
  const t = h.unrecorded;
  if (t === undefined || replayed || !sendsOnlyItsEvent(h, v)) return false;
  const parts = partsOf(h, v, t);
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
function partsOf(h: HandleRound, v: ValidatedTransition, t: Transition): RoundParts | undefined {
  const { task, scratch } = h;
  const w = scratch.stateWrite;
  if (w?.op !== 'put') return undefined;
  const pi = v.pi;
  // The transition's info is the phase info sent (not capped): one time for the event and the transition.
  const at = pi.info?.occurredAt?.getTime();
  return {
    attempt: task.attempt,
    generatedName: task.generatedName,
    nodeBefore: h.nodeBefore,
    nodeAfter: 'Running',
    info: pi,
    pluginPhase: phaseKey(pi.phase),
    transition: t,
    resources: scratch.resources,
    logs: scratch.logs,
    decision: EVENT_SENT,
    before: h.stateBefore,
    write: w,
    round: h.round,
    failedAttempts: task.workflow.failedAttempts,
    eventAt: at ?? h.startMs,
    transitionAt: at ?? 0,
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
