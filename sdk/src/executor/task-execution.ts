/**
 * The engine's record of one task execution: what FlytePropeller keeps in the workflow object (node status and
 * `TaskNodeState`), plus the scheduling the executor needs.
 *
 * @module
 */
import type { ExecutionError, LiteralMap, TaskTemplate } from '../idl/index';
import { Phase } from '../contract/phase';
import type { StateValue } from '../contract/state-codec';
import type { NodePhase } from '../timeline/types';
import type { LoadedPlugin } from './registry';
import type { TaskSpec } from './options';

/** Go `handler.TaskNodeState`: what is persisted between rounds. */
export interface TaskNodeState {
  pluginPhase: Phase;
  pluginPhaseVersion: number;
  /** The encoded plugin state, or `undefined` when there is none. */
  pluginState: string | undefined;
  pluginStateVersion: number;
  /** `pluginState` decoded, kept for the timeline so that a round does not decode what the last one wrote. */
  pluginStateDecoded?: StateValue;
  /** The tick of the last persisted barrier transition. */
  barrierClockTick: number;
  /** Virtual ms of the last phase change. */
  lastPhaseUpdatedAt: number;
}

/** The state a new attempt starts from. */
export function emptyTaskNodeState(nowMs: number): TaskNodeState {
  return {
    pluginPhase: Phase.Undefined,
    pluginPhaseVersion: 0,
    pluginState: undefined,
    pluginStateVersion: 0,
    barrierClockTick: 0,
    lastPhaseUpdatedAt: nowMs,
  };
}

/** The workflow a task execution belongs to: shares the round-error counter. */
export interface WorkflowState {
  /** Go `FailedAttempts`: cumulative round errors, never reset. */
  failedAttempts: number;
  /** Set once the workflow is aborted for too many round errors. */
  abortReason?: string;
}

/** One task execution, as the executor tracks it. */
export interface TaskExecution {
  readonly id: string;
  readonly index: number;
  readonly spec: TaskSpec;
  readonly template: TaskTemplate;
  readonly inputs: LiteralMap;
  readonly taskType: string;
  readonly loaded: LoadedPlugin;
  readonly execution: { project: string; domain: string; name: string };
  readonly nodeId: string;
  readonly maxAttempts: number;
  readonly interruptible: boolean;
  readonly workflow: WorkflowState;
  nodePhase: NodePhase;
  attempt: number;
  generatedName: string;
  systemFailures: number;
  ts: TaskNodeState;
  /** The error a Failing or RetryableFailure node carries. */
  pendingError?: ExecutionError;
  /** Why the task is being aborted (an outside `abort`, or the workflow's round errors). */
  abortReason?: string;
  /** The task's rounds so far. */
  rounds: number;
  /** Scheduling: virtual ms of the next round, and a ticket that orders ties (first come, first served). */
  nextAtMs: number;
  ticket: number;
  /** Rounds of the current streak still allowed right away. */
  streakLeft: number;
  /** The next round continues a streak (it was scheduled ahead of the others due then). */
  streaking: boolean;
  /** A plugin or the world asked for a round during this one. */
  enqueued: boolean;
  finished: boolean;
}

/** Whether a node phase is final. */
export function isNodeTerminal(p: NodePhase): boolean {
  return p === 'Succeeded' || p === 'Failed' || p === 'Aborted';
}
