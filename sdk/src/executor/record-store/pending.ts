/**
 * The parts of a call record that a round leaves pending: the transition's Go-style text, the persisted state as the
 * bytes the task already holds, and the usual decisions' messages. Each becomes its JSON form when a record is read
 * (see `call-columns.ts`), or when a round's record leaves the executor (`finishedCall`).
 *
 * @module
 */
import { PhaseInfo } from '../../contract/phase-info';
import { phaseName, type Phase } from '../../contract/phase';
import { decodeState } from '../../contract/state-codec';
import { Transition, doTransitionType } from '../../contract/transition';
import { TransitionType, isATransitionType } from '../../contract/transition-type';
import type { TaskInfo } from '../../contract/task-info';
import { PHASE_NAMES } from '../../timeline/phase-names';
import type { CallRecord, Decision, StateChange, TimelineTransition } from '../../timeline/types';
import { infoJson, transitionJson } from '../events';

/** Marks a transition whose `text` is not built yet: it is Go's `String()` of the fields beside it. */
const PENDING_TEXT = Symbol('pendingText');
type Pending = TimelineTransition & { [PENDING_TEXT]?: true };

/** A state value as its encoded bytes, decoded when a record is read (one `JSON.parse` a read, none a round). */
export class EncodedState {
  constructor(readonly encoded: string) {}
}

/** A persisted state (`{ version, value }` once read), kept as its version and bytes: one object per persisted write. */
class EncodedSnapshot extends EncodedState {
  constructor(
    readonly version: number,
    encoded: string,
  ) {
    super(encoded);
  }
}

/** The bytes of a persisted state kept as its version and bytes, else `undefined`. */
export const snapshotBytes = (x: StateChange['before']): string | undefined =>
  x instanceof EncodedSnapshot ? x.encoded : undefined;

/** A persisted state as it is read, from its version and bytes. */
export const readSnapshot = (version: number, encoded: string): StateChange['before'] => ({
  version,
  value: decodeState(encoded),
});

/** No state: one frozen snapshot that every task without state shares. */
const NO_STATE: StateChange['before'] = Object.freeze({ version: 0, value: undefined });

/** A state snapshot as a record shows it, from what a task holds. */
export function pendingSnapshot(version: number, encoded: string | undefined): StateChange['before'] {
  if (encoded === undefined) return version === 0 ? NO_STATE : { version, value: undefined };
  return new EncodedSnapshot(version, encoded) as unknown as StateChange['before'];
}

/** The value of a write: persisted, the snapshot's (its bytes); dropped, its own bytes; each decoded when read. */
export function pendingValue(encoded: string, persisted: StateChange['after'] | undefined): unknown {
  if (persisted === undefined) return new EncodedState(encoded);
  return persisted instanceof EncodedSnapshot ? persisted : persisted.value;
}

/**
 * The transition as a record keeps it. Its text is left pending when Go's `String()` is a function of the recorded
 * fields: a {@link Transition} and {@link PhaseInfo} of the contract's own classes (nothing overrides `toString`),
 * without an error (whose text prints the IDL error, not its JSON form) and with a known type and phase.
 */
export function recordedTransition(t: Transition): TimelineTransition {
  if (!textFollowsFields(t)) return transitionJson(t);
  // `transitionJson`'s fields, in its order, without the text; made at once in the pending shape (one object).
  const pi = t.info;
  const type = t.type === TransitionType.Barrier ? 'Barrier' : 'Ephemeral';
  const phase = PHASE_NAMES[pi.phase]!;
  // prettier-ignore
  const out: Pending = pi.info === undefined
    ? { type, phase, version: pi.version, reason: pi.reason, text: '', [PENDING_TEXT]: true }
    : { type, phase, version: pi.version, reason: pi.reason, text: '', info: infoJson(pi.info), [PENDING_TEXT]: true };
  return out;
}

/** Whether Go's `String()` of `t` is a function of its recorded fields (its text may be left pending). */
export function textFollowsFields(t: Transition): boolean {
  const pi = t.info;
  const at = pi.info?.occurredAt;
  return (
    Object.getPrototypeOf(t) === Transition.prototype &&
    Object.getPrototypeOf(pi) === PhaseInfo.prototype &&
    isATransitionType(t.type) &&
    PHASE_NAMES[pi.phase] !== undefined &&
    pi.err === undefined &&
    (at === undefined || at instanceof Date)
  );
}

/** Whether the transition's text is still to be built. */
export const isPendingTransition = (t: TimelineTransition): boolean => (t as Pending)[PENDING_TEXT] === true;

/** The last text {@link transitionText} built, and what it was built from. */
const lastText = { type: '', phase: '', version: -1, reason: '', at: null as number | undefined | null, text: '' };

/**
 * Go's `Transition.String()` of a pending transition, by the contract's own `toString`. The text is a function of
 * these fields alone, and records read in order repeat it (tasks in step share their phase and their times): the last
 * one is reused.
 */
export function transitionText(t: Pick<TimelineTransition, 'type' | 'phase' | 'version' | 'reason' | 'info'>): string {
  // `null`: no info; `undefined`: an info without a time.
  const at = t.info === undefined ? null : t.info.occurredAt;
  const l = lastText;
  if (l.at === at && l.version === t.version && l.phase === t.phase && l.type === t.type && l.reason === t.reason)
    return l.text;
  const text = buildTransitionText(t, at ?? undefined);
  l.type = t.type;
  l.phase = t.phase;
  l.version = t.version;
  l.reason = t.reason;
  l.at = at;
  l.text = text;
  return text;
}

function buildTransitionText(
  t: Pick<TimelineTransition, 'type' | 'phase' | 'version' | 'reason' | 'info'>,
  at: number | undefined,
): string {
  const info: TaskInfo | undefined =
    t.info === undefined ? undefined : at === undefined ? {} : { occurredAt: new Date(at) };
  const phase = PHASE_NAMES.indexOf(t.phase) as Phase;
  const type = t.type === 'Barrier' ? TransitionType.Barrier : TransitionType.Ephemeral;
  return doTransitionType(type, new PhaseInfo(phase, t.version, t.reason, info, undefined)).toString();
}

/** The transition as it is read: every field, the text built, in the order the record always had. */
function plainTransition(t: TimelineTransition): TimelineTransition {
  const { [PENDING_TEXT]: _pending, ...out } = t as Pending;
  out.text = transitionText(t);
  return out;
}

function plainSnapshot(s: StateChange['before']): StateChange['before'] {
  return s instanceof EncodedSnapshot ? { version: s.version, value: decodeState(s.encoded) } : s;
}

/** The state change as it is read. */
function plainState(s: StateChange): StateChange {
  const out: StateChange = { ...s, before: plainSnapshot(s.before), after: plainSnapshot(s.after) };
  const w = s.write;
  if (w?.op === 'put' && w.value instanceof EncodedState) out.write = { ...w, value: decodeState(w.value.encoded) };
  return out;
}

/**
 * Whether `s` is a persisted write of the state its `after` snapshot holds (what almost every recording round makes):
 * then `before` and `after` say all of it, and the store keeps those two alone.
 */
export function isPutAfter(s: StateChange): boolean {
  const a = s.after;
  const w = s.write;
  return s.persisted && a instanceof EncodedSnapshot && w?.op === 'put' && w.value === a && w.version === a.version;
}

/**
 * The state change {@link isPutAfter} kept as its `before` (read already) and the version and bytes of its `after`, as
 * it is read: each value decoded on its own, as `readState` decodes them.
 */
export function readPutAfter(before: StateChange['before'], version: number, encoded: string): StateChange {
  return {
    before,
    after: readSnapshot(version, encoded),
    persisted: true,
    write: { op: 'put', version, value: decodeState(encoded) },
  };
}

/** The state change as it is read: `s` itself when nothing of it is pending. */
export const readState = (s: StateChange): StateChange => (hasEncoded(s) ? plainState(s) : s);

const hasEncoded = (s: StateChange): boolean =>
  s.before instanceof EncodedSnapshot ||
  s.after instanceof EncodedSnapshot ||
  (s.write?.op === 'put' && s.write.value instanceof EncodedState);

/** A decision's message as a function of the plugin phase (Go's `%v` of it: `PhaseRunning`) and version it names. */
export interface DecisionForm {
  readonly code: Decision['code'];
  text(phase: string, version: number): string;
}

/**
 * A decision whose message is built when read: a round that records makes no text. Its phase and version are those
 * of the round's record whenever the store keeps it as its form alone (`call-columns.ts`).
 */
export class PendingDecision implements Decision {
  constructor(
    readonly form: DecisionForm,
    readonly phase: Phase,
    readonly version: number,
  ) {}

  get code(): Decision['code'] {
    return this.form.code;
  }

  get message(): string {
    return this.form.text(phaseName(this.phase), this.version);
  }
}

/**
 * A round's record as it leaves the executor (the stream, `step()`): its pending parts built. The record is the
 * round's own object, which nothing else holds, so it is completed in place; its parts are replaced, never changed.
 */
export function finishedCall(r: CallRecord): CallRecord {
  if (r.transition !== undefined && isPendingTransition(r.transition)) r.transition = plainTransition(r.transition);
  if (r.state !== undefined) r.state = readState(r.state);
  if (r.decision instanceof PendingDecision) r.decision = { code: r.decision.code, message: r.decision.message };
  return r;
}
