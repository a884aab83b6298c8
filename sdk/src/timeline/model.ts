/**
 * The timeline model: what the webview, the HTML report and the CLI show, derived from the timeline records as they
 * arrive. Appending a record costs O(1) amortised (a map lookup, a few pushes), so a live run of 100,000 rounds is
 * followed without quadratic steps; questions about one step of the run (`poolsAt`, `laneStateAt`, `nextCall`) use
 * binary searches over the arrays built while appending.
 *
 * Pure: no zod at run time (the record types are imported as types only), no DOM, no node modules, so the same
 * code runs in Node and in a webview under a strict content security policy.
 *
 * @module
 */
import { MinHeap } from './min-heap';
import type {
  CallRecord,
  DecisionCode,
  PhaseName,
  QuotaRegistered,
  RunFinished,
  RunStarted,
  TaskFinished,
  TimelineRecord,
} from './types';
import {
  MarkerKind,
  type CallFacts,
  type LaneState,
  type PhaseSegment,
  type PoolHold,
  type TimelinePoolSnapshot,
  type PoolWait,
  type ResourceFacts,
  type StepSeries,
  type StopCondition,
  type TaskOutcome,
  type TimelineLane,
  type TimelineMarker,
  type TimelineModelLike,
  type TimelinePool,
  type TimelineSummary,
  type TimelineTask,
} from './model-types';

export * from './model-types';

const MARKER_KINDS = Object.values(MarkerKind);

/** The decisions that mark their call; every other decision marks nothing by itself. */
const DECISION_MARKERS: Partial<Record<DecisionCode, MarkerKind>> = {
  dedup: MarkerKind.Dedup,
  'round-error': MarkerKind.RoundError,
  retry: MarkerKind.Retry,
  'barrier-replay': MarkerKind.BarrierReplay,
  'version-cap': MarkerKind.VersionCap,
  'write-lost': MarkerKind.WriteLost,
};

/** Index of the first element of ascending `a` greater than `x` (`a.length` if none). */
export function upperBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element of ascending `a` not less than `x` (`a.length` if none). */
export function lowerBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The value of a step series after call `call` (`fallback` before its first point). */
export function seriesAt(s: StepSeries, call: number, fallback = 0): number {
  const k = upperBound(s.call, call) - 1;
  return k < 0 ? fallback : s.value[k]!;
}

function pushStep(s: StepSeries, call: number, value: number): void {
  const n = s.call.length;
  if (n > 0 && s.call[n - 1] === call) {
    (s.value as number[])[n - 1] = value;
    if (n > 1 && s.value[n - 2] === value) {
      (s.call as number[]).pop();
      (s.value as number[]).pop();
    }
    return;
  }
  if (n > 0 && s.value[n - 1] === value) return;
  (s.call as number[]).push(call);
  (s.value as number[]).push(value);
}

/** Free slot numbers, so a released row is reused before a new one is opened. */
class SlotHeap {
  readonly #free = new MinHeap<number>((a, b) => a < b);
  #next = 0;
  take(): number {
    return this.#free.pop() ?? this.#next++;
  }
  give(slot: number): void {
    this.#free.push(slot);
  }
  /** Rows ever opened. */
  get rows(): number {
    return this.#next;
  }
}

interface PoolState {
  pool: TimelinePool;
  openHolds: Map<string, PoolHold>;
  openWaits: Map<number, PoolWait>;
  slots: SlotHeap;
}

const TERMINAL_NODE_PHASES = new Set(['Succeeded', 'Failed', 'Aborted']);

/**
 * The incremental timeline model. Feed it records in `seq` order with {@link TimelineModel.append} or
 * {@link TimelineModel.appendAll}; read the derived arrays at any time (they grow in place).
 */
export class TimelineModel implements TimelineModelLike {
  /** The `run.started` record, once seen. */
  run?: RunStarted;
  /** The `run.finished` record, once seen. */
  finished?: RunFinished;
  /** Every call, in order: the slider's index is an index into this array. */
  readonly calls: CallRecord[] = [];
  /** Lane index of each call. */
  readonly callLane: number[] = [];
  readonly lanes: TimelineLane[] = [];
  readonly tasks: TimelineTask[] = [];
  readonly pools: TimelinePool[] = [];
  /** Calls that sent an event, ascending. */
  readonly eventCalls: number[] = [];
  /** Calls where a lane's plugin phase (name) changed, ascending. */
  readonly phaseChangeCalls: number[] = [];
  /** Per marker kind, the calls carrying it, ascending. */
  readonly markerCalls: ReadonlyMap<MarkerKind, number[]> = new Map(MARKER_KINDS.map((k) => [k, []]));
  /** Per plugin phase, the calls where a lane entered it, ascending. */
  readonly phaseEntryCalls = new Map<PhaseName, number[]>();
  /** Calls where an allocation was answered that the pool (or the namespace quota) is exhausted, ascending. */
  readonly resourceWaitCalls: number[] = [];
  /** Virtual time of the first and latest record. */
  firstAt?: number;
  lastAt?: number;
  /** Records appended so far (all kinds). */
  records = 0;
  /** Grows with every append: a cheap "did anything change" check for views. */
  revision = 0;

  readonly #laneByKey = new Map<string, TimelineLane>();
  readonly #tasksById = new Map<string, TimelineTask>();
  readonly #poolByFQ = new Map<string, PoolState>();
  readonly #poolByName = new Map<string, PoolState>();
  readonly #openWaitsByLane = new Map<number, PoolState[]>();
  #eventCount = 0;
  #laneOrderCache?: { lanes: number; order: number[]; row: Int32Array };

  /** A model of `records`. */
  static from(records: Iterable<TimelineRecord>): TimelineModel {
    const m = new TimelineModel();
    m.appendAll(records);
    return m;
  }

  /** Adds records in order. */
  appendAll(records: Iterable<TimelineRecord>): void {
    for (const r of records) this.append(r);
  }

  /** Adds one record. Records must come in `seq` order; unknown tasks and namespaces are created on first sight. */
  append(record: TimelineRecord): void {
    this.#count(record.at);
    switch (record.kind) {
      case 'run.started':
        this.run = record;
        break;
      case 'quota.registered':
        this.#onQuota(record);
        break;
      case 'task.started':
        this.#task(record.task).started = record;
        break;
      case 'call':
        this.#onCall(record, record);
        break;
      case 'task.finished':
        this.#onTaskFinished(record);
        break;
      case 'run.finished':
        this.finished = record;
        break;
    }
  }

  /**
   * Adds one call record whose facts (what the model reads to place it) come apart from it: the HTML report decodes
   * them from its columns and leaves the rest of the record to be parsed when something reads it. `facts` must be
   * what `record` says; it is not kept.
   */
  appendCall(record: CallRecord, facts: CallFacts): void {
    this.#count(facts.at);
    this.#onCall(record, facts);
  }

  #count(at: number): void {
    this.records++;
    this.revision++;
    if (this.firstAt === undefined) this.firstAt = at;
    if (this.lastAt === undefined || at > this.lastAt) this.lastAt = at;
  }

  /** Number of calls. */
  get callCount(): number {
    return this.calls.length;
  }

  /** Number of events sent. */
  get events(): number {
    return this.#eventCount;
  }

  /** The task named `id`. */
  taskById(id: string): TimelineTask | undefined {
    return this.#tasksById.get(id);
  }

  /** The lane of `task` attempt `attempt`. */
  lane(task: string, attempt: number): TimelineLane | undefined {
    return this.#laneByKey.get(laneKey(task, attempt));
  }

  /** The pool of a namespace, by its fully qualified or plugin-given name. */
  pool(namespace: string): TimelinePool | undefined {
    return (this.#poolByFQ.get(namespace) ?? this.#poolByName.get(namespace))?.pool;
  }

  /**
   * Lanes in display order: tasks in start order, each task's attempts together. Cached until a lane is added, so
   * asking every frame costs nothing.
   */
  laneOrder(): readonly number[] {
    return this.#orderCache().order;
  }

  /** The display row of lane `lane` (its position in {@link TimelineModel.laneOrder}), or -1. */
  laneRow(lane: number): number {
    return this.#orderCache().row[lane] ?? -1;
  }

  #orderCache(): { order: number[]; row: Int32Array } {
    if (this.#laneOrderCache?.lanes !== this.lanes.length) {
      const order: number[] = [];
      for (const t of this.tasks) for (const l of t.lanes) order.push(l);
      const row = new Int32Array(this.lanes.length);
      order.forEach((l, r) => (row[l] = r));
      this.#laneOrderCache = { lanes: this.lanes.length, order, row };
    }
    return this.#laneOrderCache;
  }

  /**
   * Where a segment ends (exclusive), in calls and in virtual time: the next segment's start; for a lane's last
   * segment, one past its last call when the lane ended, or the end of the run while it is live.
   */
  segmentEnd(lane: TimelineLane, k: number): { call: number; at: number } {
    const next = lane.segments[k + 1];
    if (next) return { call: next.fromCall, at: next.fromAt };
    const seg = lane.segments[k]!;
    if (lane.ended) return { call: seg.lastCall + 1, at: lane.endAt ?? seg.lastAt };
    return { call: Math.max(this.calls.length, seg.lastCall + 1), at: Math.max(this.lastAt ?? seg.lastAt, seg.lastAt) };
  }

  /** Every lane's state after call `callIndex` (-1: before the first call); only `lanes` if given. */
  laneStateAt(callIndex: number, lanes?: readonly number[]): LaneState[] {
    const out: LaneState[] = [];
    const pick = lanes ?? this.lanes.map((l) => l.index);
    for (const i of pick) {
      const lane = this.lanes[i];
      if (lane) out.push(this.oneLaneStateAt(lane, callIndex));
    }
    return out;
  }

  /** One lane's state after call `callIndex`. */
  oneLaneStateAt(lane: TimelineLane, callIndex: number): LaneState {
    const k = upperBound(lane.calls, callIndex) - 1;
    if (k < 0) return { lane: lane.index, status: 'pending' };
    const call = lane.calls[k]!;
    const rec = this.calls[call]!;
    const ended = k === lane.calls.length - 1 && lane.ended;
    return {
      lane: lane.index,
      status: ended ? 'ended' : 'active',
      call,
      phase: rec.pluginPhase.phase,
      version: rec.pluginPhase.version,
      nodePhase: rec.nodePhase.after,
    };
  }

  /** The segment of `lane` that covers call `callIndex`, or -1 before the lane's first call. */
  segmentAt(lane: TimelineLane, callIndex: number): number {
    let lo = 0;
    let hi = lane.segments.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (lane.segments[mid]!.fromCall <= callIndex) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** The call of `lane` nearest to `callIndex` (ties go to the earlier), or -1 if the lane has none. */
  nearestCallOfLane(lane: TimelineLane, callIndex: number): number {
    const c = lane.calls;
    if (c.length === 0) return -1;
    const k = lowerBound(c, callIndex);
    if (k >= c.length) return c[c.length - 1]!;
    if (k === 0) return c[0]!;
    return callIndex - c[k - 1]! <= c[k]! - callIndex ? c[k - 1]! : c[k]!;
  }

  /** The first call whose virtual time is at or after `at` (`callCount` if none). */
  callAtTime(at: number): number {
    let lo = 0;
    let hi = this.calls.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.calls[mid]!.at < at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Every pool after call `callIndex` (-1: before the first call): tokens in use, who holds which token, who waits.
   * Costs O(holds and waits started up to the step) per pool.
   */
  poolsAt(callIndex: number): TimelinePoolSnapshot[] {
    return this.pools.map((pool) => {
      const holders: PoolHold[] = [];
      for (const h of pool.holds) {
        if (h.fromCall > callIndex) break;
        if (h.toCall === undefined || h.toCall > callIndex) holders.push(h);
      }
      const waiters: PoolWait[] = [];
      for (const w of pool.waits) {
        if (w.fromCall > callIndex) break;
        if (w.toCall === undefined || w.toCall > callIndex) waiters.push(w);
      }
      return {
        pool: pool.index,
        namespace: pool.namespace,
        quota: pool.quota,
        used: seriesAt(pool.used, callIndex, 0),
        holders,
        waiters,
      };
    });
  }

  /** The first call after `from` that meets `stop`, or -1. */
  nextCall(from: number, stop: StopCondition): number {
    let best = Infinity;
    for (const list of this.#stopLists(stop)) {
      const k = upperBound(list, from);
      if (k < list.length && list[k]! < best) best = list[k]!;
    }
    return best === Infinity ? -1 : best;
  }

  /** The last call before `from` that meets `stop`, or -1. */
  previousCall(from: number, stop: StopCondition): number {
    let best = -1;
    for (const list of this.#stopLists(stop)) {
      const k = lowerBound(list, from) - 1;
      if (k >= 0 && list[k]! > best) best = list[k]!;
    }
    return best;
  }

  /** Totals, final phases and tokens still held. O(tasks + pools' open holds). */
  summary(): TimelineSummary {
    const markers = {} as Record<MarkerKind, number>;
    for (const k of MARKER_KINDS) markers[k] = this.markerCalls.get(k)!.length;
    const outcomes: Record<TaskOutcome, number> = { Succeeded: 0, Failed: 0, Aborted: 0, running: 0, pending: 0 };
    const finalPhases = this.tasks.map((t) => {
      const lane = t.lanes.length > 0 ? this.lanes[t.lanes[t.lanes.length - 1]!]! : undefined;
      const outcome: TaskOutcome = t.finished
        ? t.finished.nodePhase
        : lane && lane.calls.length > 0
          ? 'running'
          : 'pending';
      outcomes[outcome]++;
      return {
        task: t.id,
        attempts: t.lanes.length,
        phase: lane?.phase ?? 'Undefined',
        version: lane?.version ?? 0,
        nodePhase: lane?.nodePhase ?? 'Queued',
        outcome,
      };
    });
    const heldAtEnd: { namespace: string; token: string; task: string; sinceCall: number }[] = [];
    for (const st of this.#poolByFQ.values()) {
      for (const h of st.openHolds.values())
        heldAtEnd.push({ namespace: st.pool.namespace, token: h.token, task: h.task, sinceCall: h.fromCall });
    }
    return {
      calls: this.calls.length,
      tasks: this.tasks.length,
      lanes: this.lanes.length,
      events: this.#eventCount,
      markers,
      firstAt: this.firstAt,
      lastAt: this.lastAt,
      durationMs: this.firstAt === undefined ? 0 : this.lastAt! - this.firstAt,
      finishedReason: this.finished?.reason,
      outcomes,
      finalPhases,
      heldAtEnd,
    };
  }

  // --- appending -----------------------------------------------------------------------------------------------

  #task(id: string): TimelineTask {
    let t = this.#tasksById.get(id);
    if (!t) {
      t = { index: this.tasks.length, id, lanes: [], calls: [] };
      this.tasks.push(t);
      this.#tasksById.set(id, t);
    }
    return t;
  }

  #laneFor(rec: CallFacts): TimelineLane {
    // Usually the task's latest attempt: found without building the lane's key.
    const latest = this.#tasksById.get(rec.task)?.lanes.at(-1);
    if (latest !== undefined && this.lanes[latest]!.attempt === rec.attempt) return this.lanes[latest]!;
    const key = laneKey(rec.task, rec.attempt);
    let lane = this.#laneByKey.get(key);
    if (!lane) {
      const task = this.#task(rec.task);
      lane = {
        index: this.lanes.length,
        id: `${rec.task}#${rec.attempt}`,
        task: rec.task,
        taskIndex: task.index,
        attempt: rec.attempt,
        generatedName: rec.generatedName,
        calls: [],
        segments: [],
        markers: [],
        phase: rec.pluginPhase.phase,
        version: rec.pluginPhase.version,
        nodePhase: rec.nodePhase.before,
        ended: false,
      };
      this.lanes.push(lane);
      this.#laneByKey.set(key, lane);
      // Attempts are appended in order; a later attempt means the earlier ones will not be called again.
      for (const l of task.lanes) this.#endLane(this.lanes[l]!, rec.at, this.calls.length);
      task.lanes.push(lane.index);
    }
    return lane;
  }

  #onQuota(r: QuotaRegistered): void {
    const st = this.#poolState(r.namespace, r.namespaceFQ);
    st.pool.quota = r.quota;
    st.pool.pluginId = r.pluginId;
  }

  #poolState(namespace: string, namespaceFQ: string): PoolState {
    let st = this.#poolByFQ.get(namespaceFQ);
    if (!st) {
      const pool: TimelinePool = {
        index: this.pools.length,
        namespace,
        namespaceFQ,
        holds: [],
        waits: [],
        used: { call: [], value: [] },
        waiting: { call: [], value: [] },
        maxUsed: 0,
        maxWaiting: 0,
        grants: 0,
        exhausted: 0,
        releases: 0,
        errors: 0,
      };
      st = { pool, openHolds: new Map(), openWaits: new Map(), slots: new SlotHeap() };
      this.pools.push(pool);
      this.#poolByFQ.set(namespaceFQ, st);
      if (!this.#poolByName.has(namespace)) this.#poolByName.set(namespace, st);
    }
    return st;
  }

  #onCall(record: CallRecord, rec: CallFacts): void {
    const index = this.calls.length;
    const lane = this.#laneFor(rec);
    const task = this.tasks[lane.taskIndex]!;
    this.calls.push(record);
    this.callLane.push(lane.index);
    lane.calls.push(index);
    task.calls.push(index);
    this.#onSegment(rec, lane, index);
    this.#onMarkers(rec, lane, index);
    this.#onResources(rec, lane, index);
    if (TERMINAL_NODE_PHASES.has(rec.nodePhase.after) || rec.nodePhase.after === 'RetryableFailure') {
      this.#endLane(lane, rec.at, index + 1);
    }
  }

  /** Phase segments: a new one when the plugin phase changes, or when the engine starts aborting. */
  #onSegment(rec: CallFacts, lane: TimelineLane, index: number): void {
    const phase = rec.pluginPhase.phase;
    const aborted = rec.call === 'abort' || rec.nodePhase.after === 'Aborting' || rec.nodePhase.after === 'Aborted';
    const last = lane.segments[lane.segments.length - 1];
    if (!last || last.phase !== phase || last.aborted !== aborted) {
      const seg: PhaseSegment = {
        phase,
        aborted,
        fromCall: index,
        fromAt: rec.at,
        lastCall: index,
        lastAt: rec.at,
        fromVersion: rec.pluginPhase.version,
        lastVersion: rec.pluginPhase.version,
        calls: 1,
      };
      lane.segments.push(seg);
      if (!last || last.phase !== phase) {
        this.phaseChangeCalls.push(index);
        let entries = this.phaseEntryCalls.get(phase);
        if (!entries) this.phaseEntryCalls.set(phase, (entries = []));
        entries.push(index);
      }
    } else {
      last.lastCall = index;
      last.lastAt = rec.at;
      last.lastVersion = rec.pluginPhase.version;
      last.calls++;
    }
    lane.phase = phase;
    lane.version = rec.pluginPhase.version;
    lane.nodePhase = rec.nodePhase.after;
  }

  #onMarkers(rec: CallFacts, lane: TimelineLane, index: number): void {
    if (rec.events.length > 0) {
      this.#mark(lane, MarkerKind.Event, index, rec.at);
      this.eventCalls.push(index);
      this.#eventCount += rec.events.length;
    }
    const decisionMarker = rec.decision === undefined ? undefined : DECISION_MARKERS[rec.decision.code];
    if (decisionMarker !== undefined) this.#mark(lane, decisionMarker, index, rec.at);
    if (rec.call === 'abort') this.#mark(lane, MarkerKind.Abort, index, rec.at);
    if (rec.call === 'finalize') this.#mark(lane, MarkerKind.Finalize, index, rec.at);
    if (rec.error && rec.decision?.code !== 'round-error') this.#mark(lane, MarkerKind.Error, index, rec.at);
    if (rec.faults && rec.faults.length > 0) this.#mark(lane, MarkerKind.Fault, index, rec.at);
  }

  #mark(lane: TimelineLane, kind: MarkerKind, call: number, at: number): void {
    const m: TimelineMarker = { kind, call, at, lane: lane.index };
    lane.markers.push(m);
    this.markerCalls.get(kind)!.push(call);
  }

  #onResources(rec: CallFacts, lane: TimelineLane, index: number): void {
    // The pools this call asked; a list, as a call asks one or two.
    const touched: PoolState[] = [];
    let waited = false;
    for (const rc of rec.resources) {
      touched.push(this.#onResource(rc, lane, index, rec.at));
      if (isExhausted(rc)) waited = true;
    }
    if (waited) this.resourceWaitCalls.push(index);
    // A wait ends when the lane moves on without asking again (it left WaitingForResources).
    const open = this.#openWaitsByLane.get(lane.index);
    if (open && rec.pluginPhase.phase !== 'WaitingForResources') {
      for (const st of [...open]) {
        if (
          !touched.includes(st) ||
          !rec.resources.some((r) => r.namespaceFQ === st.pool.namespaceFQ && isExhausted(r))
        ) {
          this.#closeWait(st, lane.index, index, rec.at);
        }
      }
    }
  }

  #onResource(rc: ResourceFacts, lane: TimelineLane, index: number, at: number): PoolState {
    const st = this.#poolState(rc.namespace, rc.namespaceFQ);
    const pool = st.pool;
    if (pool.quota === undefined && rc.poolAfter) pool.quota = rc.poolAfter.quota;
    if (rc.error) pool.errors++;
    if (rc.op === 'allocate') {
      if (rc.status === 'ResourceGranted') {
        pool.grants++;
        if (!st.openHolds.has(rc.tokenFQ)) {
          const hold: PoolHold = {
            token: rc.token,
            tokenFQ: rc.tokenFQ,
            task: lane.task,
            lane: lane.index,
            fromCall: index,
            fromAt: at,
            slot: st.slots.take(),
          };
          pool.holds.push(hold);
          st.openHolds.set(rc.tokenFQ, hold);
        }
        this.#closeWait(st, lane.index, index, at);
      } else if (isExhausted(rc)) {
        pool.exhausted++;
        let w = st.openWaits.get(lane.index);
        if (!w) {
          w = { task: lane.task, lane: lane.index, fromCall: index, fromAt: at, attempts: 0 };
          pool.waits.push(w);
          st.openWaits.set(lane.index, w);
          let list = this.#openWaitsByLane.get(lane.index);
          if (!list) this.#openWaitsByLane.set(lane.index, (list = []));
          list.push(st);
          pushStep(pool.waiting, index, st.openWaits.size);
          if (st.openWaits.size > pool.maxWaiting) pool.maxWaiting = st.openWaits.size;
        }
        w.attempts++;
      }
    } else {
      const hold = st.openHolds.get(rc.tokenFQ);
      if (hold) {
        hold.toCall = index;
        hold.toAt = at;
        st.openHolds.delete(rc.tokenFQ);
        st.slots.give(hold.slot);
      }
      if (!rc.error) pool.releases++;
    }
    const used = rc.poolAfter?.used ?? st.openHolds.size;
    pushStep(pool.used, index, used);
    if (used > pool.maxUsed) pool.maxUsed = used;
    return st;
  }

  #closeWait(st: PoolState, lane: number, index: number, at: number): void {
    const w = st.openWaits.get(lane);
    if (!w) return;
    w.toCall = index;
    w.toAt = at;
    st.openWaits.delete(lane);
    pushStep(st.pool.waiting, index, st.openWaits.size);
    const list = this.#openWaitsByLane.get(lane);
    if (list) {
      const k = list.indexOf(st);
      if (k >= 0) list.splice(k, 1);
      if (list.length === 0) this.#openWaitsByLane.delete(lane);
    }
  }

  #endLane(lane: TimelineLane, at: number, endCall: number): void {
    if (lane.ended) return;
    lane.ended = true;
    lane.endAt = at;
    const open = this.#openWaitsByLane.get(lane.index);
    if (open) for (const st of [...open]) this.#closeWait(st, lane.index, endCall, at);
  }

  #onTaskFinished(r: TaskFinished): void {
    const task = this.#task(r.task);
    task.finished = r;
    const lane = this.#laneByKey.get(laneKey(r.task, r.attempt));
    if (lane) {
      lane.finished = r;
      this.#endLane(lane, r.at, lane.calls.length > 0 ? lane.calls[lane.calls.length - 1]! + 1 : this.calls.length);
    }
  }

  #stopLists(stop: StopCondition): number[][] {
    const lists: number[][] = [];
    if (stop.events) lists.push(this.eventCalls);
    if (stop.phaseChanges) lists.push(this.phaseChangeCalls);
    for (const k of stop.markers ?? []) {
      const l = this.markerCalls.get(k);
      if (l) lists.push(l);
    }
    for (const p of stop.phases ?? []) {
      const l = this.phaseEntryCalls.get(p);
      if (l) lists.push(l);
    }
    for (const t of stop.tasks ?? []) {
      const task = this.#tasksById.get(t);
      if (task) lists.push(task.calls);
    }
    return lists;
  }
}

function laneKey(task: string, attempt: number): string {
  return `${task}\u0000${attempt}`;
}

function isExhausted(r: Pick<ResourceFacts, 'status'>): boolean {
  return r.status === 'ResourceExhausted' || r.status === 'NamespaceQuotaExceeded';
}
