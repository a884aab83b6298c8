/**
 * A columnar store of Handle rounds' call records. A record is kept as numbers in typed arrays (times, counters,
 * versions) and three references: the parts of the record that repeat from round to round of its task (one shared
 * object while they repeat), its decision and its state change. It is made a plain record again when read.
 *
 * @module
 */
import { TIMELINE_VERSION } from '../../timeline/schema';
import type { CallRecord, Decision, StateChange, TaskEvent, TimelineTransition } from '../../timeline/types';
import { isPendingTransition, readState, transitionText } from './pending';
import { sameJson } from './same-json';

/** A version field that is the record's plugin phase version (filled from its column when read). */
const SAME_VERSION = -1;

/** A transition as kept: its info's time is a column, its text is built when read. */
interface TransitionTemplate {
  readonly type: TimelineTransition['type'];
  readonly phase: TimelineTransition['phase'];
  /** {@link SAME_VERSION}, or the version. */
  readonly version: number;
  readonly reason: string;
  /** No info, info without a time, info with a time (the column). */
  readonly info: 0 | 1 | 2;
}

/** Who a record is of: one object per task attempt. */
interface TaskRef {
  readonly task: string;
  readonly attempt: number;
  readonly generatedName: string;
}

/**
 * The parts of a record that repeat from round to round, and from task to task in the same state: one object for
 * every record of a run of equal parts (who the record is of, its resource calls, decision and state are columns).
 */
interface CallShape {
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

/** What the store remembers of a task's last record, to share what the next one repeats. */
interface TaskMemo {
  ref: TaskRef;
  shape: CallShape | undefined;
  resources: CallRecord['resources'] | undefined;
  state: StateChange | undefined;
}

const isUint32 = (x: number): boolean => x >>> 0 === x;

/** Handle records, by columns. */
export class CallColumns {
  #size = 0;
  #at = new Float64Array(64);
  #wallMs = new Float64Array(64);
  /** The events' time (all events of a kept record share it). */
  #eventAt = new Float64Array(64);
  /** The transition's info time. */
  #transitionAt = new Float64Array(64);
  #seq = new Uint32Array(64);
  #round = new Uint32Array(64);
  #failedAttempts = new Uint32Array(64);
  #version = new Uint32Array(64);
  #task: TaskRef[] = [];
  #shape: CallShape[] = [];
  #resources: CallRecord['resources'][] = [];
  #decision: (Decision | undefined)[] = [];
  #state: (StateChange | undefined)[] = [];
  readonly #memo = new Map<string, TaskMemo>();
  /** The last record's shape and decision, of whichever task: tasks in the same state share them. */
  #lastShape: CallShape | undefined;
  #lastDecision: Decision | undefined;

  /** Keeps `r` and returns its slot, or `undefined` when it has a part the columns do not hold (keep it as is). */
  keep(r: CallRecord): number | undefined {
    if (!isUint32(r.seq) || !isUint32(r.round) || !isUint32(r.failedAttempts) || !isUint32(r.pluginPhase.version))
      return undefined;
    const eventAt = commonTime(r.events, r.droppedEvents);
    if (eventAt === undefined) return undefined;
    const memo = this.#memoOf(r);
    const shape = this.#shapeOf(r, memo.shape);
    if (shape === undefined) return undefined;
    memo.shape = this.#lastShape = shape;
    const resources = (memo.resources =
      memo.resources !== undefined && sameJson(memo.resources, r.resources) ? memo.resources : r.resources);
    const state = r.state === undefined ? undefined : (memo.state = sameState(memo.state, r.state));
    const i = this.#size++;
    if (i === this.#at.length) this.#grow();
    this.#at[i] = r.at;
    this.#wallMs[i] = r.wallMs;
    this.#eventAt[i] = eventAt;
    this.#transitionAt[i] = r.transition?.info?.occurredAt ?? 0;
    this.#seq[i] = r.seq;
    this.#round[i] = r.round;
    this.#failedAttempts[i] = r.failedAttempts;
    this.#version[i] = r.pluginPhase.version;
    this.#task.push(memo.ref);
    this.#shape.push(shape);
    this.#resources.push(resources);
    this.#decision.push(this.#decisionOf(r.decision));
    this.#state.push(state);
    return i;
  }

  #memoOf(r: CallRecord): TaskMemo {
    let m = this.#memo.get(r.task);
    if (m === undefined) {
      const ref = { task: r.task, attempt: r.attempt, generatedName: r.generatedName };
      this.#memo.set(r.task, (m = { ref, shape: undefined, resources: undefined, state: undefined }));
    } else if (m.ref.attempt !== r.attempt || m.ref.generatedName !== r.generatedName) {
      m.ref = { task: r.task, attempt: r.attempt, generatedName: r.generatedName };
    }
    return m;
  }

  #decisionOf(d: Decision | undefined): Decision | undefined {
    const last = this.#lastDecision;
    if (d === undefined) return undefined;
    if (last !== undefined && last.code === d.code && last.message === d.message) return last;
    return (this.#lastDecision = d);
  }

  /**
   * The record's shape: the task's last one, or the last record's, when every part is the same, else a new one;
   * `undefined`: not kept here.
   */
  #shapeOf(r: CallRecord, own: CallShape | undefined): CallShape | undefined {
    const last = own !== undefined && own.nodePhase === r.nodePhase && own.phase === r.pluginPhase.phase ? own : this.#lastShape;
    const version = r.pluginPhase.version;
    const transition = transitionTemplate(r.transition, version, last?.transition);
    if (transition === null) return undefined;
    const events = eventTemplates(r.events, version, last?.events);
    const dropped = r.droppedEvents === undefined ? undefined : eventTemplates(r.droppedEvents, version, last?.droppedEvents);
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

  #grow(): void {
    const n = this.#at.length * 2;
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    const u32 = (a: Uint32Array) => {
      const b = new Uint32Array(n);
      b.set(a);
      return b;
    };
    this.#at = f64(this.#at);
    this.#wallMs = f64(this.#wallMs);
    this.#eventAt = f64(this.#eventAt);
    this.#transitionAt = f64(this.#transitionAt);
    this.#seq = u32(this.#seq);
    this.#round = u32(this.#round);
    this.#failedAttempts = u32(this.#failedAttempts);
    this.#version = u32(this.#version);
  }

  /** The record in slot `i`, as a plain record: the fields in the order the executor always wrote them. */
  read(i: number): CallRecord {
    const s = this.#shape[i]!;
    const t = this.#task[i]!;
    const version = this.#version[i]!;
    const eventAt = this.#eventAt[i]!;
    // prettier-ignore
    const r: CallRecord = { v: TIMELINE_VERSION, seq: this.#seq[i]!, at: this.#at[i]!, kind: 'call', task: t.task, attempt: t.attempt, round: this.#round[i]!, call: 'handle', generatedName: t.generatedName, nodePhase: s.nodePhase, pluginPhase: { phase: s.phase, version }, events: readEvents(s.events, version, eventAt), resources: this.#resources[i]!, logs: s.logs, failedAttempts: this.#failedAttempts[i]!, wallMs: this.#wallMs[i]! };
    if (s.transition !== undefined) r.transition = readTransition(s.transition, version, this.#transitionAt[i]!);
    const decision = this.#decision[i];
    if (decision !== undefined) r.decision = decision;
    const state = this.#state[i];
    if (state !== undefined) r.state = readState(state);
    if (s.droppedEvents !== undefined) r.droppedEvents = readEvents(s.droppedEvents, version, eventAt);
    if (s.error !== undefined) r.error = s.error;
    if (s.metrics !== undefined) r.metrics = s.metrics;
    if (s.faults !== undefined) r.faults = s.faults;
    if (s.lint !== undefined) r.lint = s.lint;
    if (s.replay !== undefined) r.replay = s.replay;
    return r;
  }
}

/** The time every event of the record has (0 without events), or `undefined` when they differ. */
function commonTime(events: readonly TaskEvent[], dropped: readonly TaskEvent[] | undefined): number | undefined {
  let at: number | undefined;
  for (const e of events) if ((at ??= e.occurredAt) !== e.occurredAt) return undefined;
  if (dropped !== undefined) for (const e of dropped) if ((at ??= e.occurredAt) !== e.occurredAt) return undefined;
  return at ?? 0;
}

/** The events as kept: the task's last list when each event is the same but for its time (and version). */
function eventTemplates(
  events: readonly TaskEvent[],
  version: number,
  last: readonly TaskEvent[] | undefined,
): readonly TaskEvent[] {
  if (events.length === 0) return events;
  if (last !== undefined && last.length === events.length && events.every((e, k) => sameEvent(last[k]!, e, version)))
    return last;
  return events.map((e) => {
    const t = { ...e, occurredAt: 0 };
    if (e.version === version) t.version = SAME_VERSION;
    return t;
  });
}

function sameEvent(template: TaskEvent, e: TaskEvent, version: number): boolean {
  let n = 0;
  for (const k in e) {
    n++;
    if (k === 'occurredAt') continue;
    if (k === 'version') {
      if (template.version !== (e.version === version ? SAME_VERSION : e.version)) return false;
    } else if (!sameJson(template[k as keyof TaskEvent], e[k as keyof TaskEvent])) return false;
  }
  return n === Object.keys(template).length;
}

function readEvents(templates: readonly TaskEvent[], version: number, at: number): TaskEvent[] {
  if (templates.length === 0) return templates as TaskEvent[];
  return templates.map((t) => {
    const e = { ...t, occurredAt: at };
    if (t.version === SAME_VERSION) e.version = version;
    return e;
  });
}

/**
 * The transition as kept: `undefined` for none, `null` when the columns cannot hold it (its text was built, or its
 * info has logs or custom info), else the task's last template when the same.
 */
function transitionTemplate(
  t: TimelineTransition | undefined,
  version: number,
  last: TransitionTemplate | undefined,
): TransitionTemplate | undefined | null {
  if (t === undefined) return undefined;
  if (!isPendingTransition(t) || t.err !== undefined) return null;
  const info = t.info;
  let kind: TransitionTemplate['info'] = 0;
  if (info !== undefined) {
    const keys = Object.keys(info);
    if (keys.length === 0) kind = 1;
    else if (keys.length === 1 && keys[0] === 'occurredAt') kind = 2;
    else return null;
  }
  const v = t.version === version ? SAME_VERSION : t.version;
  if (
    last !== undefined &&
    last.type === t.type &&
    last.phase === t.phase &&
    last.version === v &&
    last.reason === t.reason &&
    last.info === kind
  )
    return last;
  return { type: t.type, phase: t.phase, version: v, reason: t.reason, info: kind };
}

function readTransition(t: TransitionTemplate, version: number, at: number): TimelineTransition {
  const out: TimelineTransition = {
    type: t.type,
    phase: t.phase,
    version: t.version === SAME_VERSION ? version : t.version,
    reason: t.reason,
    text: '',
  };
  if (t.info === 1) out.info = {};
  else if (t.info === 2) out.info = { occurredAt: at };
  out.text = transitionText(out);
  return out;
}

/** The task's last state change when this one is the same (the same snapshots, persisted flag and write). */
function sameState(last: StateChange | undefined, s: StateChange): StateChange {
  if (last === undefined || last.before !== s.before || last.after !== s.after || last.persisted !== s.persisted)
    return s;
  const a = last.write;
  const b = s.write;
  if (a === b) return last;
  if (a?.op === 'put' && b?.op === 'put' && a.version === b.version && a.value === b.value) return last;
  return s;
}
