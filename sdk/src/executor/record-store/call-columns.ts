/**
 * A columnar store of Handle rounds' call records. A record is kept as numbers in typed arrays (times, counters,
 * versions, its decision's code) and five references: who it is of, the parts that repeat from round to round and
 * from task to task (one shared object while they repeat), its resource calls, its decision's message and its state
 * change. It is made a plain record again when read.
 *
 * @module
 */
import { phaseName, type Phase } from '../../contract/phase';
import type { Transition } from '../../contract/transition';
import type { TransitionType } from '../../contract/transition-type';
import { PHASE_NAMES } from '../../timeline/phase-names';
import { DecisionCodeSchema, TIMELINE_VERSION } from '../../timeline/schema';
import type { PhaseInfo } from '../../contract/phase-info';
import type { CallRecord, NodePhase, PhaseName, StateChange, TaskEvent } from '../../timeline/types';
import { flatten } from './flatten';
import { lastAnswer } from './last-answer';
import {
  isPutAfter,
  readSnapshot,
  snapshotBytes,
  PendingDecision,
  readPutAfter,
  readState,
  type DecisionForm,
} from './pending';
import { Recent } from './recent';
import {
  keptResources,
  newRef,
  readResources,
  repeatsResources,
  sameRef,
  tokenOf,
  type KeptResources,
  type TaskRef,
  type TokenHoles,
} from './resources';
import { sameJson } from './same-json';
import { StateText } from './state-text';
import {
  commonTime,
  eventTemplates,
  infoKind,
  readEvents,
  readTransition,
  repeatsEvent,
  repeatsTransition,
  transitionTemplate,
  type TransitionTemplate,
} from './templates';

/**
 * The parts of a record that repeat from round to round, and from task to task in the same state: one object for
 * every record of a run of equal parts (who the record is of, its resource calls, decision and state are columns).
 */
export interface CallShape {
  readonly nodePhase: CallRecord['nodePhase'];
  readonly phase: CallRecord['pluginPhase']['phase'];
  /** Events with their time (a column) and, where it is the plugin phase version, their version left out. */
  readonly events: readonly TaskEvent[];
  readonly logs: CallRecord['logs'];
  readonly transition: TransitionTemplate | undefined;
  readonly droppedEvents: readonly TaskEvent[] | undefined;
  readonly error: CallRecord['error'];
  readonly metrics: CallRecord['metrics'];
  readonly faults: CallRecord['faults'];
  readonly lint: CallRecord['lint'];
  readonly replay: CallRecord['replay'];
}

/**
 * Who a record is of and the parts of it that repeat from round to round: one object while a task's records repeat
 * them (one reference a record instead of four).
 */
export interface CallKind {
  readonly ref: TaskRef;
  readonly shape: CallShape;
  readonly resources: KeptResources;
  /** The decision's message, or its form on the record's own plugin phase and version. */
  readonly decision: string | DecisionForm | undefined;
}

/** What the store remembers of a task's last record, to share what the next one repeats (kept on the task). */
export interface KeptParts {
  kind: CallKind | undefined;
  ref: TaskRef | undefined;
  shape: CallShape | undefined;
  resources: KeptResources | undefined;
  /** The last decision's message. */
  decision: string | undefined;
  state: StateChange | undefined;
  /** The bytes of the last state kept as text, and where they are (its next record's `before` is them). */
  stateText: string | undefined;
  stateBlock: number;
  stateOffset: number;
  /** The last round found to repeat the task's last record by the full comparison (see {@link RepeatMemo}). */
  repeat: RepeatMemo | undefined;
}

/**
 * What a round that repeated its task's last record ({@link CallColumns.repeats}) held of what the shape comparison
 * reads: a round of the same kind that holds the same repeats it too, without comparing its event and transition
 * with the templates again. Every field the comparison reads of a round is here or fixed by the kind (immutable: a
 * record of other parts makes a new kind); logs are covered only when empty; whether the event has pool info follows
 * from the resource calls, which are compared with the kind's every round.
 */
export interface RepeatMemo {
  kind: CallKind;
  nodeBefore: NodePhase;
  nodeAfter: NodePhase;
  phase: Phase;
  type: TransitionType;
  reason: string;
  info: TransitionTemplate['info'];
}

/**
 * The parts of a Handle round that only sends its transition's event (with the pool info of its resource calls) and
 * persists its state write (no raw events, metrics, faults or lint), from which the store keeps the round without its
 * record being made (`CallColumns.repeats`). Each field is what the record would hold; `seq`, `at` and `wallMs` are
 * filled when kept.
 */
export interface RoundParts extends Pick<
  CallRecord,
  'attempt' | 'generatedName' | 'resources' | 'logs' | 'round' | 'failedAttempts' | 'seq' | 'at' | 'wallMs'
> {
  readonly nodeBefore: NodePhase;
  readonly nodeAfter: NodePhase;
  /** The phase info the round sent (its one event, the transition's) and persisted. */
  readonly info: PhaseInfo;
  readonly pluginPhase: PhaseName;
  /** The plugin's transition (its info is {@link info}); its recorded form is not made. */
  readonly transition: Transition;
  /** Its info's time (0 without one). */
  readonly transitionAt: number;
  readonly decision: DecisionForm;
  /** The state before the round, and the write persisted over it. */
  readonly before: StateChange['before'];
  readonly write: { readonly version: number; readonly encoded: string };
  /** The event's time. */
  readonly eventAt: number;
}

/** What every kept record has in the numeric columns, as a record or a round's parts hold it. */
type Stamp = Pick<CallRecord, 'at' | 'wallMs' | 'seq' | 'round' | 'failedAttempts'>;

const isUint32 = (x: number): boolean => x >>> 0 === x;

/** Whether the record's counters fit the columns. */
const fitsColumns = (x: Stamp, version: number): boolean =>
  isUint32(x.seq) && isUint32(x.round) && isUint32(x.failedAttempts) && isUint32(version);

const CHUNK_BITS = 10;
/** Records per chunk of the numeric columns. */
const CHUNK = 1 << CHUNK_BITS;
/** A slot's place in its chunk (slot `i` is in chunk `i >>> CHUNK_BITS`, at `i & CHUNK_MASK`). */
export const CHUNK_MASK = CHUNK - 1;

/** The numeric columns of {@link CHUNK} records. */
export class Chunk {
  // One buffer a chunk, carved into its columns (an array buffer per column cost a recorded round 1%).
  readonly #carve = new Carver(CHUNK * BYTES_PER_RECORD);
  readonly at = this.#carve.f64();
  readonly wallMs = this.#carve.f64();
  /** The events' time (all events of a kept record share it). */
  readonly eventAt = this.#carve.f64();
  /** The transition's info time. */
  readonly transitionAt = this.#carve.f64();
  readonly seq = this.#carve.u32();
  readonly round = this.#carve.u32();
  readonly failedAttempts = this.#carve.u32();
  readonly version = this.#carve.u32();
  /** A state change kept as its parts (see {@link state}): the versions, and where the bytes are in the text. */
  readonly afterVersion = this.#carve.u32();
  readonly afterBlock = this.#carve.u32();
  readonly afterOffset = this.#carve.u32();
  readonly afterLength = this.#carve.u32();
  readonly beforeVersion = this.#carve.u32();
  readonly beforeBlock = this.#carve.u32();
  readonly beforeOffset = this.#carve.u32();
  readonly beforeLength = this.#carve.u32();
  /** The decision's code: its index in {@link DECISION_CODES}, from 1; 0: no decision. */
  readonly decisionCode = this.#carve.u8();
  /** The float columns, in one fixed order: the order a copy of the store receives them in (`delta-schema.ts`). */
  readonly floats: readonly Float64Array[] = [this.at, this.wallMs, this.eventAt, this.transitionAt];
  /** The integer columns, in one fixed order (see {@link floats}). */
  readonly ints: readonly Uint32Array[] = [
    this.seq,
    this.round,
    this.failedAttempts,
    this.version,
    this.afterVersion,
    this.afterBlock,
    this.afterOffset,
    this.afterLength,
    this.beforeVersion,
    this.beforeBlock,
    this.beforeOffset,
    this.beforeLength,
  ];
  // The references, in arrays of a fixed length too: an array grown by `push` is copied as it grows and, while it is
  // young, by every scavenge. Whatever a record keeps alive is copied by two scavenges: that copying was most of a
  // recorded round's collection time, so a usual record keeps no object of its own (its state is text, `StateText`).
  readonly kind = slots<CallKind>();
  /**
   * The state change; or {@link IN_TEXT} for a persisted write of its `after` snapshot (`isPutAfter`), kept as its
   * parts: versions and bytes in the columns above, a `before` without bytes (no state yet) in {@link before}.
   */
  readonly state = slots<StateChange | typeof IN_TEXT>();
  /** Made when first needed (a task's first state change has a `before` without bytes; most chunks have none). */
  before: (StateChange['before'] | undefined)[] | undefined;
}

/** Float64 and Uint32 columns of a chunk ({@link Chunk.floats}, {@link Chunk.ints}); then one Uint8 column. */
export const CHUNK_FLOATS = 4;
export const CHUNK_INTS = 12;

/** Bytes of a record in a chunk's buffer. */
const BYTES_PER_RECORD = CHUNK_FLOATS * 8 + CHUNK_INTS * 4 + 1;

/** Typed arrays of {@link CHUNK} elements, one after the other in one buffer (the widest first: each stays aligned). */
class Carver {
  readonly #buffer: ArrayBuffer;
  #offset = 0;
  constructor(bytes: number) {
    this.#buffer = new ArrayBuffer(bytes);
  }
  f64(): Float64Array {
    return new Float64Array(this.#buffer, this.#take(8), CHUNK);
  }
  u32(): Uint32Array {
    return new Uint32Array(this.#buffer, this.#take(4), CHUNK);
  }
  u8(): Uint8Array {
    return new Uint8Array(this.#buffer, this.#take(1), CHUNK);
  }
  #take(size: number): number {
    const at = this.#offset;
    this.#offset += size * CHUNK;
    return at;
  }
}

/** A state change kept as its parts in the columns. */
export const IN_TEXT = Symbol('inText');

/** References of {@link CHUNK} records. */
export const slots = <T>(): (T | undefined)[] => new Array<T | undefined>(CHUNK).fill(undefined);

/** Decision codes, in the schema's order. */
export const DECISION_CODES = DecisionCodeSchema.options;

/** Handle records, by columns. */
export class CallColumns {
  #size = 0;
  /** The numbers, in chunks of {@link CHUNK} records: a chunk is made when needed, and nothing is copied. */
  readonly #chunks: Chunk[] = [];
  readonly #text = new StateText();
  /** The last records' parts, of whichever task: tasks in the same state share them. */
  readonly #recent = {
    shape: new Recent<CallShape>(),
    resources: new Recent<TokenHoles>(),
    decision: new Recent<string>(),
    state: new Recent<StateChange>(),
  };

  /** The kept states' text. */
  get text(): StateText {
    return this.#text;
  }

  /**
   * The chunk of slot `i`, made when it is the next chunk: what a copy of the store (`delta-reader.ts`) fills, and its
   * source (`delta-writer.ts`) reads.
   */
  chunk(i: number): Chunk {
    return (this.#chunks[i >>> CHUNK_BITS] ??= new Chunk());
  }

  /** Takes the next `n` slots without writing them (a copy of the store fills them) and returns the first. */
  take(n: number): number {
    const i = this.#size;
    this.#size += n;
    return i;
  }

  /**
   * Keeps `r` and returns its slot, or `undefined` when it has a part the columns do not hold (keep it as is). `task`:
   * what the store remembers of the task's last record.
   */
  keep(r: CallRecord, task: KeptParts): number | undefined {
    if (!fitsColumns(r, r.pluginPhase.version)) return undefined;
    const eventAt = commonTime(r.events, r.droppedEvents);
    if (eventAt === undefined) return undefined;
    const code = r.decision === undefined ? 0 : DECISION_CODES.indexOf(r.decision.code) + 1;
    if (code === 0 && r.decision !== undefined) return undefined;
    const recent = this.#recent;
    const shape = this.#shapeOf(r, task.shape);
    if (shape === undefined) return undefined;
    task.shape = recent.shape.add(shape);
    const token = tokenOf(r.resources);
    const resources = (task.resources = keptResources(r.resources, token, task.resources, recent.resources));
    const ref = (task.ref = sameRef(task.ref, r, token) ? task.ref! : newRef(r, token));
    const d = r.decision;
    const message =
      d === undefined
        ? undefined
        : isOwnForm(d, r)
          ? d.form
          : (task.decision = keptMessage(d.message, task.decision, recent.decision));
    const kind = (task.kind = sameKind(task.kind, ref, shape, resources, message)
      ? task.kind!
      : { ref, shape, resources, decision: message });
    const st = r.state;
    const i = this.#write(r, r.pluginPhase.version, eventAt, r.transition?.info?.occurredAt ?? 0, code, kind);
    const c = this.#chunks[i >>> CHUNK_BITS]!;
    const k = i & CHUNK_MASK;
    if (st !== undefined && !this.#keepStateText(st, c, k, task))
      c.state[k] = task.state = keptState(st, task.state, recent.state);
    return i;
  }

  /**
   * Whether a round (its parts, see {@link RoundParts}) repeats its task's last kept record in all but what the
   * columns hold: then {@link keepRepeat} keeps it as {@link keep} would keep the record the round did not make.
   */
  repeats(p: RoundParts, task: KeptParts): boolean {
    const kind = task.kind;
    if (kind === undefined || kind.decision !== p.decision) return false;
    const token = tokenOf(p.resources);
    return (
      sameRef(kind.ref, p, token) &&
      repeatsResources(kind.resources, p.resources, token) &&
      repeatsKind(kind, p, task) &&
      fitsColumns(p, p.info.version) &&
      isUint32(p.before.version) &&
      isUint32(p.write.version)
    );
  }

  /** Keeps a round that {@link repeats} its task's last record, and returns its slot. */
  keepRepeat(p: RoundParts, task: KeptParts): number {
    const kind = task.kind!;
    this.#recent.shape.add(kind.shape);
    const code = formCode(p.decision);
    const i = this.#write(p, p.info.version, p.eventAt, p.transitionAt, code, kind);
    this.#keepPut(p.before, p.write.version, p.write.encoded, this.#chunks[i >>> CHUNK_BITS]!, i & CHUNK_MASK, task);
    return i;
  }

  /** Takes the next slot and writes a record's numbers and kind into it. */
  #write(x: Stamp, version: number, eventAt: number, transitionAt: number, code: number, kind: CallKind): number {
    const i = this.#size++;
    const c = (this.#chunks[i >>> CHUNK_BITS] ??= new Chunk());
    const k = i & CHUNK_MASK;
    c.at[k] = x.at;
    c.wallMs[k] = x.wallMs;
    c.eventAt[k] = eventAt;
    c.transitionAt[k] = transitionAt;
    c.seq[k] = x.seq;
    c.round[k] = x.round;
    c.failedAttempts[k] = x.failedAttempts;
    c.version[k] = version;
    c.decisionCode[k] = code;
    c.kind[k] = kind;
    return i;
  }

  /** Keeps a persisted write of the `after` snapshot (`isPutAfter`) as its parts; false: not such a change. */
  #keepStateText(st: StateChange, c: Chunk, k: number, task: KeptParts): boolean {
    const after = isPutAfter(st) ? snapshotBytes(st.after) : undefined;
    if (after === undefined || !isUint32(st.after.version) || !isUint32(st.before.version)) return false;
    this.#keepPut(st.before, st.after.version, after, c, k, task);
    return true;
  }

  /** Keeps a persisted write of `after` (its version and bytes) over `before` as their parts. */
  #keepPut(before: StateChange['before'], version: number, after: string, c: Chunk, k: number, task: KeptParts): void {
    const text = this.#text;
    c.state[k] = IN_TEXT;
    const bytes = snapshotBytes(before);
    c.beforeVersion[k] = before.version;
    if (bytes === undefined) (c.before ??= slots())[k] = before;
    else {
      // Its task's last state, mostly: its bytes are in the text already.
      if (bytes !== task.stateText) text.add(bytes);
      c.beforeBlock[k] = bytes === task.stateText ? task.stateBlock : text.block;
      c.beforeOffset[k] = bytes === task.stateText ? task.stateOffset : text.offset;
      c.beforeLength[k] = bytes.length;
    }
    text.add(after);
    c.afterVersion[k] = version;
    c.afterBlock[k] = task.stateBlock = text.block;
    c.afterOffset[k] = task.stateOffset = text.offset;
    c.afterLength[k] = after.length;
    task.stateText = after;
  }

  /** A state change kept as its parts, as it is read. */
  #readStateText(c: Chunk, k: number): StateChange {
    const text = this.#text;
    const before =
      c.before?.[k] ??
      readSnapshot(c.beforeVersion[k]!, text.read(c.beforeBlock[k]!, c.beforeOffset[k]!, c.beforeLength[k]!));
    return readPutAfter(before, c.afterVersion[k]!, text.read(c.afterBlock[k]!, c.afterOffset[k]!, c.afterLength[k]!));
  }

  /**
   * The record's shape: the task's last one, or the last record's, when every part is the same, else a new one;
   * `undefined`: not kept here.
   */
  #shapeOf(r: CallRecord, own: CallShape | undefined): CallShape | undefined {
    const last = own !== undefined && isLike(own, r) ? own : (recentLike(this.#recent.shape, r) ?? own);
    const version = r.pluginPhase.version;
    const transition = transitionTemplate(r.transition, version, last?.transition);
    if (transition === null) return undefined;
    const events = eventTemplates(r.events, version, r.resources, last?.events);
    const dropped =
      r.droppedEvents === undefined
        ? undefined
        : eventTemplates(r.droppedEvents, version, r.resources, last?.droppedEvents);
    const logs = last !== undefined && sameJson(last.logs, r.logs) ? last.logs : r.logs;
    if (
      last !== undefined &&
      last.nodePhase === r.nodePhase &&
      last.phase === r.pluginPhase.phase &&
      last.events === events &&
      last.logs === logs &&
      last.transition === transition &&
      last.droppedEvents === dropped &&
      last.error === r.error &&
      last.metrics === r.metrics &&
      last.faults === r.faults &&
      last.lint === r.lint &&
      last.replay === r.replay
    )
      return last;
    // prettier-ignore
    return { nodePhase: r.nodePhase, phase: r.pluginPhase.phase, events, logs, transition, droppedEvents: dropped, error: r.error, metrics: r.metrics, faults: r.faults, lint: r.lint, replay: r.replay };
  }

  /** The record in slot `i`, as a plain record: the fields in the order the executor always wrote them. */
  read(i: number): CallRecord {
    const c = this.#chunks[i >>> CHUNK_BITS]!;
    const k = i & CHUNK_MASK;
    const kind = c.kind[k]!;
    const s = kind.shape;
    const t = kind.ref;
    const version = c.version[k]!;
    const eventAt = c.eventAt[k]!;
    const resources = readResources(kind.resources, t);
    // prettier-ignore
    const r: CallRecord = { v: TIMELINE_VERSION, seq: c.seq[k]!, at: c.at[k]!, kind: 'call', task: t.task, attempt: t.attempt, round: c.round[k]!, call: 'handle', generatedName: t.generatedName, nodePhase: s.nodePhase, pluginPhase: { phase: s.phase, version }, events: readEvents(s.events, version, eventAt, resources), resources, logs: s.logs, failedAttempts: c.failedAttempts[k]!, wallMs: c.wallMs[k]! };
    if (s.transition !== undefined) r.transition = readTransition(s.transition, version, c.transitionAt[k]!);
    const code = c.decisionCode[k]!;
    if (code !== 0) r.decision = { code: DECISION_CODES[code - 1]!, message: messageOf(kind.decision!, s, version) };
    const state = c.state[k];
    if (state === IN_TEXT) r.state = this.#readStateText(c, k);
    else if (state !== undefined) r.state = readState(state);
    if (s.droppedEvents !== undefined) r.droppedEvents = readEvents(s.droppedEvents, version, eventAt, resources);
    if (s.error !== undefined) r.error = s.error;
    if (s.metrics !== undefined) r.metrics = s.metrics;
    if (s.faults !== undefined) r.faults = s.faults;
    if (s.lint !== undefined) r.lint = s.lint;
    if (s.replay !== undefined) r.replay = s.replay;
    return r;
  }
}

/**
 * The decision code column's value for a form (its index in {@link DECISION_CODES}, from 1): a run's repeating rounds
 * keep the same form.
 */
const formCode = lastAnswer((form: DecisionForm) => DECISION_CODES.indexOf(form.code) + 1);

/** Whether `kind` holds these parts. */
const sameKind = (
  kind: CallKind | undefined,
  ref: TaskRef,
  shape: CallShape,
  resources: KeptResources,
  decision: CallKind['decision'],
): boolean =>
  kind !== undefined &&
  kind.ref === ref &&
  kind.shape === shape &&
  kind.resources === resources &&
  kind.decision === decision;

/**
 * Whether the kind's shape is what `#shapeOf` finds the same for a round's parts: as the task's last round that did
 * ({@link RepeatMemo}), else by {@link repeatsShape} (then remembered).
 */
function repeatsKind(kind: CallKind, p: RoundParts, task: KeptParts): boolean {
  const m = task.repeat;
  const pi = p.info;
  const info = infoKind(pi.info);
  if (
    m !== undefined &&
    m.kind === kind &&
    m.nodeBefore === p.nodeBefore &&
    m.nodeAfter === p.nodeAfter &&
    m.phase === pi.phase &&
    m.reason === pi.reason &&
    m.type === p.transition.type &&
    m.info === info &&
    p.transition.info === pi &&
    pi.err === undefined &&
    p.logs.length === 0
  )
    return true;
  if (!repeatsShape(kind.shape, p)) return false;
  // A round with logs repeats when its logs are the last record's, but the memo covers only rounds without any.
  if (info !== -1 && p.logs.length === 0) remember(task, kind, p, info);
  return true;
}

/** Remembers a round that repeated by the full comparison (in the task's memo object, once it has one). */
function remember(task: KeptParts, kind: CallKind, p: RoundParts, info: RepeatMemo['info']): void {
  const m = task.repeat;
  // prettier-ignore
  if (m === undefined) {
    task.repeat = { kind, nodeBefore: p.nodeBefore, nodeAfter: p.nodeAfter, phase: p.info.phase, type: p.transition.type, reason: p.info.reason, info };
    return;
  }
  m.kind = kind;
  m.nodeBefore = p.nodeBefore;
  m.nodeAfter = p.nodeAfter;
  m.phase = p.info.phase;
  m.type = p.transition.type;
  m.reason = p.info.reason;
  m.info = info;
}

/**
 * Whether a shape is what `#shapeOf` finds the same for a round's parts: the node and plugin phases, the one event and
 * the transition, the logs; nothing else.
 */
function repeatsShape(s: CallShape, p: RoundParts): boolean {
  return (
    s.nodePhase.before === p.nodeBefore &&
    s.nodePhase.after === p.nodeAfter &&
    s.phase === p.pluginPhase &&
    s.droppedEvents === undefined &&
    s.error === undefined &&
    s.metrics === undefined &&
    s.faults === undefined &&
    s.lint === undefined &&
    s.replay === undefined &&
    s.transition !== undefined &&
    repeatsTransition(s.transition, p.transition, p.info.version) &&
    repeatsEvent(s.events, p.info, p.resources) &&
    sameJson(s.logs, p.logs)
  );
}

/** Whether the decision's message is its form on the record's own plugin phase and version (kept as the form). */
function isOwnForm(d: NonNullable<CallRecord['decision']>, r: CallRecord): d is PendingDecision {
  return (
    d instanceof PendingDecision && PHASE_NAMES[d.phase] === r.pluginPhase.phase && d.version === r.pluginPhase.version
  );
}

/** Whether a shape is of the record's node and plugin phases. */
const isLike = (x: CallShape, r: CallRecord): boolean => x.nodePhase === r.nodePhase && x.phase === r.pluginPhase.phase;

/** A recent shape of the record's phases (a function of its own: a closure in `#shapeOf` cost it a context a call). */
const recentLike = (recent: Recent<CallShape>, r: CallRecord): CallShape | undefined =>
  recent.find((x) => isLike(x, r));

/** The last message {@link messageOf} built from a form, and what it was built from. */
const lastMessage = { form: undefined as DecisionForm | undefined, phase: '', version: -1, text: '' };

/**
 * A kept decision's message. A form's message is a function of the phase and version alone, and records read in order
 * repeat it (tasks in step share their phase): the last one is reused.
 */
function messageOf(m: string | DecisionForm, s: CallShape, version: number): string {
  if (typeof m === 'string') return m;
  const last = lastMessage;
  if (last.form === m && last.phase === s.phase && last.version === version) return last.text;
  last.form = m;
  last.phase = s.phase;
  last.version = version;
  return (last.text = m.text(phaseName(PHASE_NAMES.indexOf(s.phase)), version));
}

/** The task's last decision message, or a recent record's, when the same; else `m` as one string. */
function keptMessage(m: string, own: string | undefined, recent: Recent<string>): string {
  if (own === m) return own;
  return recent.add(recent.find((x) => x === m) ?? flatten(m));
}

/** The task's last state change, or a recent record's, when this one is the same (snapshots, flag and write). */
function keptState(s: StateChange, own: StateChange | undefined, recent: Recent<StateChange>): StateChange {
  if (own !== undefined && equalState(own, s)) return own;
  return recent.add(recent.find((x) => equalState(x, s)) ?? s);
}

function equalState(a: StateChange, b: StateChange): boolean {
  if (a.before !== b.before || a.after !== b.after || a.persisted !== b.persisted) return false;
  const x = a.write;
  const y = b.write;
  return x === y || (x?.op === 'put' && y?.op === 'put' && x.version === y.version && x.value === y.value);
}
