/**
 * A columnar store of Handle rounds' call records. A record is kept as numbers in typed arrays (times, counters,
 * versions) and three references: the parts of the record that repeat from round to round of its task (one shared
 * object while they repeat), its decision (a code and a shared message) and its state change. It is made a plain record again when read.
 *
 * @module
 */
import { DecisionCodeSchema, TIMELINE_VERSION } from '../../timeline/schema';
import type { CallRecord, ResourceCall, StateChange, TaskEvent, TimelineTransition } from '../../timeline/types';
import { resourcePoolInfo } from '../events';
import { flatten } from './flatten';
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

/** Who a record is of: one object per task attempt (and token its resource calls name). */
interface TaskRef {
  readonly task: string;
  readonly attempt: number;
  readonly generatedName: string;
  /** The token every resource call of the record names (as the plugin named it, and qualified), if one. */
  readonly token: string | undefined;
  readonly tokenFQ: string | undefined;
}

/** Resource calls that all name the record's token: kept without it, which tasks in the same state then share. */
class TokenHoles {
  constructor(readonly calls: readonly ResourceCall[]) {}
}

type KeptResources = CallRecord['resources'] | TokenHoles;

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

/** What the store remembers of a task's last record, to share what the next one repeats (kept on the task). */
export interface KeptParts {
  ref: TaskRef | undefined;
  shape: CallShape | undefined;
  resources: KeptResources | undefined;
  /** The last decision's message. */
  decision: string | undefined;
  state: StateChange | undefined;
}

const isUint32 = (x: number): boolean => x >>> 0 === x;

const CHUNK_BITS = 10;
/** Records per chunk of the numeric columns. */
const CHUNK = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK - 1;

/** The numeric columns of {@link CHUNK} records. */
class Chunk {
  readonly at = new Float64Array(CHUNK);
  readonly wallMs = new Float64Array(CHUNK);
  /** The events' time (all events of a kept record share it). */
  readonly eventAt = new Float64Array(CHUNK);
  /** The transition's info time. */
  readonly transitionAt = new Float64Array(CHUNK);
  readonly seq = new Uint32Array(CHUNK);
  readonly round = new Uint32Array(CHUNK);
  readonly failedAttempts = new Uint32Array(CHUNK);
  readonly version = new Uint32Array(CHUNK);
  /** The decision's code: its index in {@link DECISION_CODES}, from 1; 0: no decision. */
  readonly decisionCode = new Uint8Array(CHUNK);
}

/** Decision codes, in the schema's order. */
const DECISION_CODES = DecisionCodeSchema.options;

/** The last few distinct parts kept, of any task: tasks in the same state (often in turn) share them. */
class Recent<T> {
  readonly #items: (T | undefined)[] = [undefined, undefined, undefined, undefined];
  #next = 0;

  find(same: (x: T) => boolean): T | undefined {
    for (const x of this.#items) if (x !== undefined && same(x)) return x;
    return undefined;
  }

  /** Remembers `x` (unless it is remembered already) and returns it. */
  add(x: T): T {
    if (this.#items.includes(x)) return x;
    this.#items[this.#next] = x;
    this.#next = (this.#next + 1) % this.#items.length;
    return x;
  }
}

/** Handle records, by columns. */
export class CallColumns {
  #size = 0;
  /** The numbers, in chunks of {@link CHUNK} records: a chunk is made when needed, and nothing is copied. */
  readonly #chunks: Chunk[] = [];
  #task: TaskRef[] = [];
  #shape: CallShape[] = [];
  #resources: KeptResources[] = [];
  /** The decision's message (its code is a column). */
  #decision: (string | undefined)[] = [];
  #state: (StateChange | undefined)[] = [];
  /** The last records' parts, of whichever task: tasks in the same state share them. */
  readonly #recent = {
    shape: new Recent<CallShape>(),
    resources: new Recent<TokenHoles>(),
    decision: new Recent<string>(),
    state: new Recent<StateChange>(),
  };

  /**
   * Keeps `r` and returns its slot, or `undefined` when it has a part the columns do not hold (keep it as is). `task`:
   * what the store remembers of the task's last record.
   */
  keep(r: CallRecord, task: KeptParts): number | undefined {
    if (!isUint32(r.seq) || !isUint32(r.round) || !isUint32(r.failedAttempts) || !isUint32(r.pluginPhase.version))
      return undefined;
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
      d === undefined ? undefined : (task.decision = keptMessage(d.message, task.decision, recent.decision));
    const st = r.state;
    const state = st === undefined ? undefined : (task.state = keptState(st, task.state, recent.state));
    const i = this.#size++;
    const c = (this.#chunks[i >>> CHUNK_BITS] ??= new Chunk());
    const k = i & CHUNK_MASK;
    c.at[k] = r.at;
    c.wallMs[k] = r.wallMs;
    c.eventAt[k] = eventAt;
    c.transitionAt[k] = r.transition?.info?.occurredAt ?? 0;
    c.seq[k] = r.seq;
    c.round[k] = r.round;
    c.failedAttempts[k] = r.failedAttempts;
    c.version[k] = r.pluginPhase.version;
    c.decisionCode[k] = code;
    this.#task.push(ref);
    this.#shape.push(shape);
    this.#resources.push(resources);
    this.#decision.push(message);
    this.#state.push(state);
    return i;
  }

  /**
   * The record's shape: the task's last one, or the last record's, when every part is the same, else a new one;
   * `undefined`: not kept here.
   */
  #shapeOf(r: CallRecord, own: CallShape | undefined): CallShape | undefined {
    const like = (x: CallShape) => x.nodePhase === r.nodePhase && x.phase === r.pluginPhase.phase;
    const last = own !== undefined && like(own) ? own : (this.#recent.shape.find(like) ?? own);
    const version = r.pluginPhase.version;
    const transition = transitionTemplate(r.transition, version, last?.transition);
    if (transition === null) return undefined;
    const pool = new PoolInfo(r.resources);
    const events = eventTemplates(r.events, version, pool, last?.events);
    const dropped =
      r.droppedEvents === undefined ? undefined : eventTemplates(r.droppedEvents, version, pool, last?.droppedEvents);
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
    const s = this.#shape[i]!;
    const t = this.#task[i]!;
    const c = this.#chunks[i >>> CHUNK_BITS]!;
    const k = i & CHUNK_MASK;
    const version = c.version[k]!;
    const eventAt = c.eventAt[k]!;
    const resources = readResources(this.#resources[i]!, t);
    // prettier-ignore
    const r: CallRecord = { v: TIMELINE_VERSION, seq: c.seq[k]!, at: c.at[k]!, kind: 'call', task: t.task, attempt: t.attempt, round: c.round[k]!, call: 'handle', generatedName: t.generatedName, nodePhase: s.nodePhase, pluginPhase: { phase: s.phase, version }, events: readEvents(s.events, version, eventAt, resources), resources, logs: s.logs, failedAttempts: c.failedAttempts[k]!, wallMs: c.wallMs[k]! };
    if (s.transition !== undefined) r.transition = readTransition(s.transition, version, c.transitionAt[k]!);
    const code = c.decisionCode[k]!;
    if (code !== 0) r.decision = { code: DECISION_CODES[code - 1]!, message: this.#decision[i]! };
    const state = this.#state[i];
    if (state !== undefined) r.state = readState(state);
    if (s.droppedEvents !== undefined) r.droppedEvents = readEvents(s.droppedEvents, version, eventAt, resources);
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

/** The pool info every event of a round carries (Go `GetResourcePoolInfo`), from its resource calls: made once. */
class PoolInfo {
  #info: TaskEvent['resourcePoolInfo'];
  constructor(readonly resources: CallRecord['resources']) {}
  get info(): NonNullable<TaskEvent['resourcePoolInfo']> {
    return (this.#info ??= resourcePoolInfo(this.resources));
  }
}

/**
 * An event's pool info that is the round's (from its resource calls, which the record keeps): left out of the
 * template, which tasks holding different tokens then share.
 */
const ROUND_POOL = Object.freeze([]) as unknown as TaskEvent['resourcePoolInfo'];

/** The events as kept: the last list when each event is the same but for its time, version and pool info. */
function eventTemplates(
  events: readonly TaskEvent[],
  version: number,
  pool: PoolInfo,
  last: readonly TaskEvent[] | undefined,
): readonly TaskEvent[] {
  if (events.length === 0) return events;
  if (
    last !== undefined &&
    last.length === events.length &&
    events.every((e, k) => sameEvent(last[k]!, e, version, pool))
  )
    return last;
  return events.map((e) => {
    const t = { ...e, occurredAt: 0 };
    if (e.version === version) t.version = SAME_VERSION;
    if (e.resourcePoolInfo !== undefined && sameJson(e.resourcePoolInfo, pool.info)) t.resourcePoolInfo = ROUND_POOL;
    return t;
  });
}

function sameEvent(template: TaskEvent, e: TaskEvent, version: number, pool: PoolInfo): boolean {
  let n = 0;
  for (const k in e) {
    n++;
    if (k === 'occurredAt') continue;
    if (k === 'version') {
      if (template.version !== (e.version === version ? SAME_VERSION : e.version)) return false;
    } else if (k === 'resourcePoolInfo' && template.resourcePoolInfo === ROUND_POOL) {
      if (!sameJson(e.resourcePoolInfo, pool.info)) return false;
    } else if (!sameJson(template[k as keyof TaskEvent], e[k as keyof TaskEvent])) return false;
  }
  return n === keyCount(template);
}

/** How many keys `o` has, without making their list. */
function keyCount(o: object): number {
  let n = 0;
  for (const _ in o) n++;
  return n;
}

function readEvents(
  templates: readonly TaskEvent[],
  version: number,
  at: number,
  resources: CallRecord['resources'],
): TaskEvent[] {
  if (templates.length === 0) return templates as TaskEvent[];
  return templates.map((t) => {
    const e = { ...t, occurredAt: at };
    if (t.version === SAME_VERSION) e.version = version;
    if (t.resourcePoolInfo === ROUND_POOL) e.resourcePoolInfo = resourcePoolInfo(resources);
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
    const n = keyCount(info);
    if (n === 0) kind = 1;
    else if (n === 1 && info.occurredAt !== undefined) kind = 2;
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

/** Whether `ref` names the record's task attempt and token. */
const sameRef = (ref: TaskRef | undefined, r: CallRecord, token: ResourceCall | undefined): boolean =>
  ref !== undefined &&
  ref.attempt === r.attempt &&
  ref.generatedName === r.generatedName &&
  ref.token === token?.token &&
  ref.tokenFQ === token?.tokenFQ;

function newRef(r: CallRecord, token: ResourceCall | undefined): TaskRef {
  // prettier-ignore
  return { task: r.task, attempt: r.attempt, generatedName: r.generatedName, token: token?.token, tokenFQ: token?.tokenFQ };
}

/** The call whose token every call names, or `undefined` (none, or several tokens). */
function tokenOf(calls: CallRecord['resources']): ResourceCall | undefined {
  const first = calls[0];
  if (first === undefined) return undefined;
  for (const c of calls) if (c.token !== first.token || c.tokenFQ !== first.tokenFQ) return undefined;
  return first;
}

/** The resource calls as kept: the task's last, or a recent record's, when the same (but for the token). */
function keptResources(
  calls: CallRecord['resources'],
  token: ResourceCall | undefined,
  own: KeptResources | undefined,
  recent: Recent<TokenHoles>,
): KeptResources {
  if (token === undefined)
    return own !== undefined && !(own instanceof TokenHoles) && sameJson(own, calls) ? own : calls;
  if (own instanceof TokenHoles && sameCalls(own.calls, calls)) return own;
  const found = recent.find((x) => sameCalls(x.calls, calls));
  return recent.add(found ?? new TokenHoles(calls.map((c) => ({ ...c, token: '', tokenFQ: '' }))));
}

function sameCalls(templates: readonly ResourceCall[], calls: CallRecord['resources']): boolean {
  if (templates.length !== calls.length) return false;
  for (let i = 0; i < calls.length; i++) {
    const t = templates[i]!;
    const c = calls[i]!;
    let n = 0;
    for (const k in c) {
      n++;
      if (k !== 'token' && k !== 'tokenFQ' && !sameJson(t[k as keyof ResourceCall], c[k as keyof ResourceCall]))
        return false;
    }
    if (n !== keyCount(t)) return false;
  }
  return true;
}

function readResources(kept: KeptResources, ref: TaskRef): CallRecord['resources'] {
  if (!(kept instanceof TokenHoles)) return kept;
  return kept.calls.map((c) => ({ ...c, token: ref.token!, tokenFQ: ref.tokenFQ! }));
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
