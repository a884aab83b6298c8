/**
 * The engine's record of one task execution: what FlytePropeller keeps in the workflow object (node status and
 * `TaskNodeState`), plus the scheduling the executor needs.
 *
 * @module
 */
import { create } from '@bufbuild/protobuf';
import { LiteralMapSchema, type ExecutionError, type LiteralMap, type TaskTemplate } from '../idl/index';
import { Phase } from '../contract/phase';
import type { StateValue } from '../contract/state-codec';
import type { NodePhase } from '../timeline/types';
import type { RecordedParts } from './record-share';
import type { LoadedPlugin } from './registry';
import type { TaskSpec } from './options';

/** Go `handler.TaskNodeState`: what is persisted between rounds. */
export interface TaskNodeState {
  pluginPhase: Phase;
  pluginPhaseVersion: number;
  /** The encoded plugin state, or `undefined` when there is none. */
  pluginState: string | undefined;
  pluginStateVersion: number;
  /**
   * The persisted state as records show it (`{ version, value }`), made once per persisted write and shared by the
   * records of every round until the next one (a record's `state.after` is the next round's `state.before`).
   */
  pluginStateSnapshot?: { version: number; value: StateValue | undefined };
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
    // Present from the start and cleared by assignment: deleting it would turn the object into a dictionary.
    pluginStateSnapshot: undefined,
  };
}

/** The workflow a task execution belongs to: shares the round-error counter. */
export interface WorkflowState {
  /** Go `FailedAttempts`: cumulative round errors, never reset. */
  failedAttempts: number;
  /** Set once the workflow is aborted for too many round errors. */
  abortReason?: string;
  /** Go `Status.Message`: the message of the last round error. */
  lastMessage?: string;
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
  /** Parts of the task's last kept records, which the next one shares while they are the same; made at the first. */
  recorded: RecordedParts | undefined;
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

// Shared by every task started without inputs; readers hand out copies.
const EMPTY_INPUTS = create(LiteralMapSchema, {});

/** A new task execution, before its first round; the generated name is the executor's to set. */
export function newTaskExecution(o: {
  id: string;
  index: number;
  spec: TaskSpec;
  taskType: string;
  loaded: LoadedPlugin;
  executionName: string;
  nodeId: string;
  workflow: WorkflowState;
  nowMs: number;
}): TaskExecution {
  const { spec } = o;
  const template = spec.template;
  const retries = spec.retries ?? template.metadata?.retries?.retries ?? 0;
  const fromTemplate = template.metadata?.interruptibleValue;
  return {
    id: o.id,
    index: o.index,
    spec,
    template,
    inputs: spec.inputs ?? EMPTY_INPUTS,
    taskType: o.taskType,
    loaded: o.loaded,
    execution: {
      project: spec.execution?.project ?? 'flytesnacks',
      domain: spec.execution?.domain ?? 'development',
      name: o.executionName,
    },
    nodeId: o.nodeId,
    maxAttempts: retries + 1,
    interruptible: spec.interruptible ?? (fromTemplate?.case === 'interruptible' ? fromTemplate.value : false),
    workflow: o.workflow,
    nodePhase: 'Queued',
    attempt: 0,
    generatedName: '',
    systemFailures: 0,
    ts: emptyTaskNodeState(o.nowMs),
    rounds: 0,
    recorded: undefined,
    nextAtMs: 0,
    ticket: 0,
    streakLeft: 0,
    streaking: false,
    enqueued: false,
    finished: false,
  };
}
