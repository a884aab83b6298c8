/**
 * What a round needs from the executor, and what it collects while plugin code runs.
 *
 * @module
 */
import type { TaskExecutionContext } from '../contract/exec-context';
import type { OutputReader } from '../contract/io';
import type { DataStore } from '../contract/storage';
import type { OutputFilePaths } from '../io/index';
import type { PhaseInfo } from '../contract/phase-info';
import type { Transition } from '../contract/transition';
import type { ExecutionError } from '../idl/index';
import type { CallRecord, LogLine, MetricCall, NodePhase, ResourceCall } from '../timeline/types';
import type { CallKind, Fault, FaultPlan } from './faults';
import type { RoundParts } from './record-store/call-columns';
import type { ExecutorConfig } from './options';
import type { TaskExecution } from './task-execution';
import type { VirtualClock } from './virtual-clock';

/** The last state write of a round. */
export type StateWrite = { op: 'put'; version: number; encoded: string } | { op: 'reset' };

/** What a call collects while plugin code runs. Once `closed`, late calls from the plugin change nothing. */
export interface RoundScratch {
  call: CallKind;
  stateWrite?: StateWrite;
  rawEvents: PhaseInfo[];
  resources: ResourceCall[];
  logs: LogLine[];
  metrics: MetricCall[];
  outputReader?: OutputReader;
  /** Where the outputs of this round's writer go. */
  outputUri?: string;
  /** The output paths of this round's writer. */
  outputPaths?: OutputFilePaths;
  /** Faults that fire during this call. */
  faults: Fault[];
  /** Names of the faults that did fire. */
  fired: string[];
  closed: boolean;
  /**
   * Nothing reads this round's record (a lean round of an executor that records nothing: a round error's record is
   * made and dropped): what only a record shows (each resource call's record) is not collected.
   */
  recordUnread: boolean;
  /** The plugin read state after writing it in the same round (it will not see its write). */
  getAfterPut?: boolean;
}

/** A fresh scratch for a call. */
export function newScratch(call: CallKind, faults: Fault[]): RoundScratch {
  // Every field from the start, the optional ones too: a field added later moves the scratch to another hidden class
  // (the reads of every round then see two) and its value into a backing store of its own, an allocation a round.
  return {
    call,
    stateWrite: undefined,
    rawEvents: [],
    resources: [],
    logs: [],
    metrics: [],
    outputReader: undefined,
    outputUri: undefined,
    outputPaths: undefined,
    faults,
    fired: [],
    closed: false,
    recordUnread: false,
    getAfterPut: undefined,
  };
}

/**
 * What a Handle round hands back when its record is not needed: nothing keeps or streams records, and the caller
 * (`runUntil`) does not return them. It says only what scheduling asks of a record: whether the round sent events.
 * A round error still makes its record (the rare path; the workflow's counter is the same either way).
 */
export interface RoundSummary {
  readonly kind: 'summary';
  readonly sentEvents: boolean;
}

/** A round that sent its events, without its record. */
export const SENT_EVENTS: RoundSummary = Object.freeze({ kind: 'summary', sentEvents: true });
/** A round that sent no event (deduplicated), without its record. */
export const NO_EVENTS: RoundSummary = Object.freeze({ kind: 'summary', sentEvents: false });

/** Whether a round handed back a {@link RoundSummary} rather than records. */
export const isSummary = (x: object): x is RoundSummary => (x as RoundSummary).kind === 'summary';

/** What the barrier cache keeps per generated name. */
export interface BarrierEntry {
  tick: number;
  transition: Transition;
  stateWrite: StateWrite | undefined;
  /**
   * The transition after the round's checks (version cap, output validation), which a replay uses as is (the old
   * Go task handler cached its transition after `invokePlugin` validated it). Unset for a deduplicated round.
   */
  validated?: ValidatedTransition;
}

/** A phase info that passed the round's checks: what the events and the persisted state are made from. */
export interface ValidatedTransition {
  pi: PhaseInfo;
  /** The outputs path, for a validated Success. */
  outputUri?: string;
  /** The version cap turned the transition into a failure. */
  capped: boolean;
}

/** The fields of a call record a round fills; the executor stamps the rest. */
export type CallRecordBody = Omit<CallRecord, 'v' | 'seq' | 'at' | 'kind'>;

/** The executor, as rounds see it. */
export interface RoundEnv {
  readonly config: ExecutorConfig;
  readonly clock: VirtualClock;
  readonly faults: FaultPlan;
  readonly barrier: Map<string, BarrierEntry>;
  /** The data store, where outputs are written. */
  readonly dataStore: DataStore;
  /** Whether records are kept or streamed; when not, rounds may skip work that only the timeline needs. */
  readonly recording: boolean;
  /** Whether records are kept and nothing else sees them as made: a lean round may hand the store its parts. */
  readonly keepsOnly: boolean;
  /** Whether a round's parts repeat its task's last kept record (see `CallColumns.repeats`). */
  repeats(parts: RoundParts, task: TaskExecution): boolean;
  /** Stamps and keeps a round that repeats its task's last record, from its parts (its record is never made). */
  keepRepeat(parts: RoundParts, task: TaskExecution): void;
  /** A fresh task execution context for one call. */
  context(task: TaskExecution, scratch: RoundScratch): TaskExecutionContext;
  /** The next record's `seq`. */
  nextSeq(): number;
  /** Emits a Handle round's complete call record (`task`: whose; the recorder shares what its records repeat). */
  emitCall(record: CallRecord, task: TaskExecution): CallRecord;
  /** Stamps and emits a call record. */
  record(body: CallRecordBody): CallRecord;
  /** Marks the task finished and emits `task.finished`. */
  finish(
    task: TaskExecution,
    nodePhase: Extract<NodePhase, 'Succeeded' | 'Failed' | 'Aborted'>,
    err?: ExecutionError,
    reason?: string,
  ): void;
  /** Counts a round error against the task's workflow (`message`: Go's last known status message); aborts the workflow past the limit. */
  roundError(task: TaskExecution, message?: string): void;
  /** Starts the next attempt: attempt + 1, a new generated name, empty state. */
  nextAttempt(task: TaskExecution): void;
  /** The outputs path (`outputs.pb`) of the task's current attempt. */
  outputPath(task: TaskExecution): string;
}
