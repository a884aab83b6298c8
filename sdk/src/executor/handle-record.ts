/**
 * The call record of a Handle round, and the round error that ends one early.
 *
 * @module
 */
import { phaseName, type Phase } from '../contract/phase';
import { PhaseInfo } from '../contract/phase-info';
import type { Transition } from '../contract/transition';
import { TIMELINE_VERSION } from '../timeline/schema';
import type {
  CallError,
  CallRecord,
  Decision,
  NodePhase,
  StateChange,
  TaskEvent,
  TimelineTransition,
} from '../timeline/types';
import { errorInfo } from './error-info';
import { shared, unshared, type Share } from './record-share';
import { phaseKey } from './events';
import {
  isPendingTransition,
  pendingSnapshot,
  pendingValue,
  PendingDecision,
  recordedTransition,
  type DecisionForm,
} from './record-store/pending';
import type { RoundParts } from './record-store/call-columns';
import { newScratch, type RoundEnv, type RoundScratch } from './round-env';
import type { TaskExecution, TaskNodeState } from './task-execution';

/**
 * What one Handle round knows from its start to its record. A class: the round's plugin call extends it
 * (`handle-round.ts` `HandleCall`), so that a round is one object rather than two.
 */
export class HandleRound {
  readonly scratch: RoundScratch;
  readonly round: number;
  readonly nodeBefore: NodePhase;
  /** Virtual ms of the round's start. */
  readonly startMs: number;
  readonly wallStart: number;
  /** The idempotency check's result, once it ran. */
  replay: CallRecord['replay'] | undefined = undefined;
  /** The caller takes no record and only the store keeps it: the round may hand the store its parts instead. */
  readonly keepsParts: boolean;
  /** The round's parts, when the store keeps it from them (its record is not made). */
  parts: RoundParts | undefined = undefined;
  /** The transition the round works on while its recorded form is left unmade (see {@link obtained}). */
  #unrecorded: Transition | undefined = undefined;
  /** The transition as the record keeps it, once made; `undefined` while nothing records. */
  #returned: TimelineTransition | undefined = undefined;
  /** The persisted state's version at the start: all a round that records nothing shows of its state before. */
  readonly #versionBefore: number;
  #stateBefore: StateChange['before'] | undefined;

  /** Starts a Handle round of `task` (`lean`: the caller takes no record). */
  constructor(
    readonly env: RoundEnv,
    readonly task: TaskExecution,
    lean: boolean,
  ) {
    const round = task.rounds;
    const ts = task.ts;
    this.scratch = newScratch(
      'handle',
      env.faults.forCall({ task: task.id, round, attempt: task.attempt, call: 'handle' }),
    );
    this.round = round;
    this.nodeBefore = task.nodePhase;
    this.startMs = env.clock.nowMs();
    this.#versionBefore = ts.pluginStateVersion;
    // Shared with the records of the rounds before and after while recording; else made only for a record (an error).
    this.#stateBefore = env.recording ? stateSnapshot(env, ts) : undefined;
    // Wall time and the transition's JSON are only for the timeline: skipped when nothing records.
    this.wallStart = env.recording ? performanceNow() : 0;
    this.keepsParts = lean && env.keepsOnly;
  }

  /**
   * Takes the transition the round works on. While the round records, its recorded form is made now, or, for a round
   * that may repeat its task's last record (`later`, see `round-parts.ts` `mayRepeat`: nothing can run plugin code
   * before its end), when first asked for ({@link returned}): a round that repeats never makes it.
   */
  obtained(t: Transition, later: boolean): void {
    if (!this.env.recording) return;
    if (later) this.#unrecorded = t;
    else this.#returned = recordedTransition(t);
  }

  /** The transition as the record keeps it (`undefined` while nothing records), made when first asked for. */
  get returned(): TimelineTransition | undefined {
    const t = this.#unrecorded;
    if (t !== undefined) {
      this.#unrecorded = undefined;
      this.#returned = recordedTransition(t);
    }
    return this.#returned;
  }

  /** The transition of a round that may repeat, while its recorded form is not made (see {@link obtained}). */
  get unrecorded(): Transition | undefined {
    return this.#unrecorded;
  }

  /** The persisted state at the start, as records show it. */
  get stateBefore(): StateChange['before'] {
    return (this.#stateBefore ??= { version: this.#versionBefore, value: undefined });
  }
}

/** The fields of a Handle round's record that differ between its outcomes. */
export interface HandleRecordFields {
  transition?: TimelineTransition | undefined;
  decision?: Decision;
  state?: StateChange;
  events: TaskEvent[];
  droppedEvents?: TaskEvent[];
  error?: CallError;
}

/** Emits the round's call record. */
export function recordHandle(h: HandleRound, f: HandleRecordFields): CallRecord {
  const { env, scratch } = h;
  const share = env.recording ? shared : unshared;
  const r = recordOf(h, f, share);
  if (f.droppedEvents !== undefined) r.droppedEvents = share.list(f.droppedEvents);
  if (f.error !== undefined) r.error = f.error;
  if (scratch.metrics.length > 0) r.metrics = share.list(scratch.metrics);
  if (scratch.fired.length > 0) r.faults = share.list(scratch.fired);
  if (scratch.getAfterPut) r.lint = ['get-after-put'];
  if (h.replay !== undefined) r.replay = h.replay;
  return env.emitCall(r, h.task);
}

/**
 * The record with every field up to `state`, built as one literal of a fixed shape for the usual cases (a field
 * added later goes to a separate backing store: one more object per record) and without object spread (spreading
 * was most of a round's cost).
 */
function recordOf(h: HandleRound, f: HandleRecordFields, share: Share): CallRecord {
  const { env, task, scratch } = h;
  const ts = task.ts;
  const v = TIMELINE_VERSION;
  const seq = env.nextSeq();
  const at = env.clock.nowMs();
  const nodePhase = share.nodePhase(h.nodeBefore, task.nodePhase);
  const pluginPhase = { phase: phaseKey(ts.pluginPhase), version: ts.pluginPhaseVersion };
  const events = share.list(f.events);
  const resources = share.list(scratch.resources);
  const logs = share.list(scratch.logs);
  const failedAttempts = task.workflow.failedAttempts;
  const wallMs = env.recording ? performanceNow() - h.wallStart : 0;
  const { transition, state } = f;
  const decision = f.decision;
  // A text built already (not pending) is shared while it repeats.
  if (transition !== undefined && !isPendingTransition(transition))
    transition.text = share.text(task, 'transition', transition.text);
  // prettier-ignore
  if (transition !== undefined && decision !== undefined && state !== undefined)
    return { v, seq, at, kind: 'call', task: task.id, attempt: task.attempt, round: h.round, call: 'handle', generatedName: task.generatedName, nodePhase, pluginPhase, events, resources, logs, failedAttempts, wallMs, transition, decision, state };
  // prettier-ignore
  if (transition === undefined && decision !== undefined && state !== undefined)
    return { v, seq, at, kind: 'call', task: task.id, attempt: task.attempt, round: h.round, call: 'handle', generatedName: task.generatedName, nodePhase, pluginPhase, events, resources, logs, failedAttempts, wallMs, decision, state };
  // prettier-ignore
  const r: CallRecord = { v, seq, at, kind: 'call', task: task.id, attempt: task.attempt, round: h.round, call: 'handle', generatedName: task.generatedName, nodePhase, pluginPhase, events, resources, logs, failedAttempts, wallMs };
  if (transition !== undefined) r.transition = transition;
  if (decision !== undefined) r.decision = decision;
  if (state !== undefined) r.state = state;
  return r;
}

/** A decision on the phase and version the round sent: its message built when read while the round records. */
export function decisionOf(env: RoundEnv, form: DecisionForm, phase: Phase, version: number): Decision {
  if (env.recording) return new PendingDecision(form, phase, version);
  return { code: form.code, message: form.text(phaseName(phase), version) };
}

/** A new phase and version: the event sent, the state persisted. */
export const EVENT_SENT: DecisionForm = {
  code: 'event',
  text: (phase, version) => `event sent: ${phase}:${version} is new; state persisted`,
};

/** Phase and version unchanged: no event (`replayed`: the barrier's transition; `wrote`: the plugin wrote state). */
export function dedupForm(replayed: boolean, wrote: boolean): DecisionForm {
  return DEDUP[(replayed ? 2 : 0) + (wrote ? 1 : 0)]!;
}

const DEDUP: readonly DecisionForm[] = [false, true].flatMap((replayed) =>
  [false, true].map((wrote) => ({
    code: replayed ? ('barrier-replay' as const) : ('dedup' as const),
    text: (phase: string, version: number) =>
      `${replayed ? 'barrier transition replayed; ' : ''}no event: phase and version unchanged (${phase}:${version}), ${wrote ? 'state write discarded' : 'no state write'}`,
  })),
);

/** Where a round error came from. */
export type RoundErrorSource = 'handle' | 'transition' | 'event' | 'executor';

/** Ends the round with a round error: nothing of it persists, and the workflow counts a failed attempt. */
export function failHandle(
  h: HandleRound,
  source: RoundErrorSource,
  error: unknown,
  extra: Partial<Pick<HandleRecordFields, 'transition' | 'events'>> = {},
): CallRecord {
  const info = errorInfo(source, error);
  h.env.roundError(h.task, info.message);
  return recordHandle(h, {
    decision: { code: 'round-error', message: `round error: nothing of the round persists (${info.message})` },
    state: stateChange(h.stateBefore, h.scratch, h.stateBefore, false, h.env.recording),
    events: extra.events ?? [],
    error: info,
    transition: extra.transition,
  });
}

/** The round's state change, for the record. */
export function stateChange(
  before: StateChange['before'],
  s: RoundScratch,
  after: StateChange['after'],
  persisted: boolean,
  recording: boolean,
): StateChange {
  const w = s.stateWrite;
  if (w?.op === 'put') {
    // A persisted write is what `after` holds; a dropped one is kept as its bytes, decoded only when read.
    const value = recording
      ? pendingValue(w.encoded, persisted ? after : undefined)
      : persisted
        ? after.value
        : undefined;
    return { before, after, persisted, write: { op: 'put', version: w.version, value } };
  }
  if (w?.op === 'reset') return { before, after, persisted, write: RESET };
  return { before, after, persisted };
}

const RESET = Object.freeze({ op: 'reset' as const });

/** The persisted state as records show it: one object per persisted write (see `TaskNodeState.pluginStateSnapshot`). */
export function stateSnapshot(env: RoundEnv, ts: TaskNodeState): StateChange['before'] {
  // Kept only for records that are kept: a waiting task holds nothing more when nothing records. The value is the
  // bytes the task holds, decoded when a record is read: a round decodes nothing.
  if (!env.recording) return { version: ts.pluginStateVersion, value: undefined };
  return (ts.pluginStateSnapshot ??= pendingSnapshot(
    ts.pluginStateVersion,
    ts.pluginState,
  ) as TaskNodeState['pluginStateSnapshot'] & object);
}

/**
 * The monotonic clock where the platform has one, looked up once: Node's global `performance` is a getter, which
 * cost a recorded round (two readings) about as much as the readings.
 */
const wallClock: { now(): number } = typeof performance !== 'undefined' ? performance : Date;

/** Wall time in ms, where the platform has a monotonic clock. */
export function performanceNow(): number {
  return wallClock.now();
}

/**
 * Task info for a phase info the executor makes outside plugin code, where the contract's clock is the wall clock:
 * Go defaults `OccurredAt` to now, which here is the round's virtual time.
 */
export function virtualNow(ms: number): { occurredAt: Date } {
  return { occurredAt: new Date(ms) };
}

/** Whether a plugin's return value is a transition. */
export const isTransition = (x: unknown): x is Transition =>
  typeof x === 'object' && x !== null && 'info' in x && (x as Transition).info instanceof PhaseInfo && 'type' in x;

/** A plugin's return value that is not a transition, for the round error. */
export function describeValue(x: unknown): string {
  if (x === undefined) return 'undefined';
  if (x === null) return 'null';
  if (typeof x === 'object')
    return `an object without a PhaseInfo (${Object.keys(x).slice(0, 5).join(', ') || 'no keys'})`;
  return `a ${typeof x}`;
}
