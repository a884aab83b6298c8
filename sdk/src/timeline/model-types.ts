/**
 * The shapes the timeline model derives from the records: lanes, phase segments, markers, pools. Plain data, so
 * the webview, the HTML report and the CLI read them the same way.
 *
 * @module
 */
import type { CallRecord, DecisionCode, NodePhase, PhaseName, ResourceCall, TaskFinished, TaskStarted } from './types';

/** What a marker on a lane stands for. One call can carry several. */
export const MarkerKind = {
  /** The call sent at least one task event. */
  Event: 'event',
  /** Phase and version unchanged: no event, the state write dropped. */
  Dedup: 'dedup',
  /** Handle threw, rejected, timed out or returned an invalid transition. */
  RoundError: 'round-error',
  /** A retryable failure that will be retried as the next attempt. */
  Retry: 'retry',
  /** An Abort call. */
  Abort: 'abort',
  /** A Finalize call. */
  Finalize: 'finalize',
  /** A barrier transition replayed from the cache instead of calling the plugin. */
  BarrierReplay: 'barrier-replay',
  /** The phase version went above the cap and was turned into a permanent failure. */
  VersionCap: 'version-cap',
  /** An injected fault lost the persisted write. */
  WriteLost: 'write-lost',
  /** An error of an Abort or Finalize call, or of the executor (round errors have their own kind). */
  Error: 'error',
  /** An injected fault fired during the call. */
  Fault: 'fault',
} as const;
/** One of {@link MarkerKind}. */
export type MarkerKind = (typeof MarkerKind)[keyof typeof MarkerKind];

/** A mark on a lane at one call. */
export interface TimelineMarker {
  readonly kind: MarkerKind;
  /** Index of the call in {@link TimelineModelLike.calls}. */
  readonly call: number;
  /** Virtual time of the call. */
  readonly at: number;
  /** Index of the lane in {@link TimelineModelLike.lanes}. */
  readonly lane: number;
}

/**
 * A stretch of a lane in one plugin phase. It starts at the call that reported the phase and lasts until the lane's
 * next segment starts; the last segment of a lane lasts until the lane ends (or, while the lane is live, until the
 * latest call of the run).
 */
export interface PhaseSegment {
  readonly phase: PhaseName;
  /** Whether the engine was aborting (or had aborted) the execution: drawn hatched, whatever the plugin phase. */
  readonly aborted: boolean;
  /** Index of the call that started the segment. */
  readonly fromCall: number;
  readonly fromAt: number;
  /** Index of the lane's last call in this segment (grows while calls in the same phase arrive). */
  lastCall: number;
  lastAt: number;
  /** Phase version at the start and at the last call. */
  readonly fromVersion: number;
  lastVersion: number;
  /** How many calls of the lane fell in this segment. */
  calls: number;
}

/** One execution attempt of one task: a swimlane. */
export interface TimelineLane {
  readonly index: number;
  /** `task#attempt`. */
  readonly id: string;
  readonly task: string;
  /** Index of the task in {@link TimelineModelLike.tasks}. */
  readonly taskIndex: number;
  readonly attempt: number;
  readonly generatedName: string;
  /** Indices of this lane's calls, ascending. */
  readonly calls: number[];
  readonly segments: PhaseSegment[];
  readonly markers: TimelineMarker[];
  /** Latest plugin phase and version persisted, and node phase. */
  phase: PhaseName;
  version: number;
  nodePhase: NodePhase;
  /** The record that ended the lane, when the attempt reached a terminal node phase. */
  finished?: TaskFinished;
  /** No more calls will come: finished, failed to be retried as a new attempt, or aborted. */
  ended: boolean;
  /** Virtual time at which the lane ended. */
  endAt?: number;
}

/** A task execution and its attempts. */
export interface TimelineTask {
  readonly index: number;
  readonly id: string;
  started?: TaskStarted;
  /** Lane indices, one per attempt, in attempt order. */
  readonly lanes: number[];
  /** Indices of every call of the task, all attempts, ascending. */
  readonly calls: number[];
  finished?: TaskFinished;
}

/** What a task does with a pool over a span of calls: `[fromCall, toCall)`, open while `toCall` is absent. */
export interface PoolSpan {
  readonly task: string;
  readonly lane: number;
  readonly fromCall: number;
  readonly fromAt: number;
  /** The call that ended the span; absent while it lasts. */
  toCall?: number;
  toAt?: number;
}

/** A token held by a task: from the call that was granted it to the call that released it. */
export interface PoolHold extends PoolSpan {
  readonly token: string;
  readonly tokenFQ: string;
  /** A stable row for drawing: the lowest row free when the token was granted (so at most `quota` rows). */
  readonly slot: number;
}

/** A task waiting for a token: from the first exhausted allocation to the grant (or the end of its lane). */
export interface PoolWait extends PoolSpan {
  /** Exhausted allocations seen during the wait. */
  attempts: number;
}

/** A step function of the call index: `value[k]` holds from call `call[k]` until `call[k+1]`. */
export interface StepSeries {
  readonly call: number[];
  readonly value: number[];
}

/** A resource namespace as the view shows it. */
export interface TimelinePool {
  readonly index: number;
  readonly namespace: string;
  readonly namespaceFQ: string;
  pluginId?: string;
  /** As registered, or as the first resource call reported it. */
  quota?: number;
  readonly holds: PoolHold[];
  readonly waits: PoolWait[];
  /** Tokens in use after each call that changed it. */
  readonly used: StepSeries;
  /** Tasks waiting after each call that changed it. */
  readonly waiting: StepSeries;
  maxUsed: number;
  maxWaiting: number;
  grants: number;
  exhausted: number;
  releases: number;
  /** Resource calls that failed with an error. */
  errors: number;
}

/** A lane at one step of the run. */
export interface LaneState {
  readonly lane: number;
  /** `pending`: no call yet; `active`: called and not ended; `ended`: its last call is at or before the step. */
  readonly status: 'pending' | 'active' | 'ended';
  /** The lane's last call at or before the step. */
  readonly call?: number;
  readonly phase?: PhaseName;
  readonly version?: number;
  readonly nodePhase?: NodePhase;
}

/** A pool at one step of the run. */
export interface TimelinePoolSnapshot {
  readonly pool: number;
  readonly namespace: string;
  readonly quota?: number;
  readonly used: number;
  readonly holders: readonly PoolHold[];
  readonly waiters: readonly PoolWait[];
}

/** What to stop at when running forward or back through the calls. All present criteria are OR-ed. */
export interface StopCondition {
  /** Calls that sent an event. */
  events?: boolean;
  /** Calls where a lane's plugin phase changed (a lane's first call counts). */
  phaseChanges?: boolean;
  /** Calls carrying one of these markers. */
  markers?: readonly MarkerKind[];
  /** Calls where a lane entered one of these phases. */
  phases?: readonly PhaseName[];
  /** Calls of these tasks. */
  tasks?: readonly string[];
}

/** Final outcome of a task. */
export type TaskOutcome = 'Succeeded' | 'Failed' | 'Aborted' | 'running' | 'pending';

/** Totals of a timeline. */
export interface TimelineSummary {
  readonly calls: number;
  readonly tasks: number;
  readonly lanes: number;
  readonly events: number;
  readonly markers: Readonly<Record<MarkerKind, number>>;
  readonly firstAt?: number;
  readonly lastAt?: number;
  /** Virtual time from the first to the last record. */
  readonly durationMs: number;
  /** Why the run stopped, when it did. */
  readonly finishedReason?: string;
  readonly outcomes: Readonly<Record<TaskOutcome, number>>;
  /** Per task, its last attempt. */
  readonly finalPhases: readonly {
    task: string;
    attempts: number;
    phase: PhaseName;
    version: number;
    nodePhase: NodePhase;
    outcome: TaskOutcome;
  }[];
  /** Tokens still held at the last record. */
  readonly heldAtEnd: readonly { namespace: string; token: string; task: string; sinceCall: number }[];
}

/** Read-only view of a model, as drawing code needs it. */
export interface TimelineModelLike {
  readonly calls: readonly CallRecord[];
  readonly lanes: readonly TimelineLane[];
  readonly tasks: readonly TimelineTask[];
  readonly pools: readonly TimelinePool[];
}

/**
 * What the model reads of one resource call. A {@link ResourceCall} is one; the HTML report decodes the same fields
 * from its columns without parsing the record.
 */
export type ResourceFacts = Pick<
  ResourceCall,
  'op' | 'namespace' | 'namespaceFQ' | 'token' | 'tokenFQ' | 'status' | 'poolAfter'
> & {
  /** Present when the call failed; only its presence is read. */
  readonly error?: unknown;
};

/**
 * What the model reads of a call record to place it: a {@link CallRecord} is one, so records are appended as they
 * are; the HTML report decodes the same facts from its columns and keeps the full record unparsed until it is read.
 */
export interface CallFacts extends Pick<
  CallRecord,
  'at' | 'task' | 'attempt' | 'generatedName' | 'call' | 'nodePhase' | 'pluginPhase'
> {
  /** Only the number of events is read. */
  readonly events: { readonly length: number };
  readonly decision?: { readonly code: DecisionCode };
  /** Present when the call had an error; only its presence is read. */
  readonly error?: unknown;
  /** Only the number of faults is read. */
  readonly faults?: { readonly length: number };
  readonly resources: readonly ResourceFacts[];
}
