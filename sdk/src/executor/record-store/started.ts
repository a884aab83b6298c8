/**
 * `task.started` records, kept as the task they describe: every field of one is a field of the task execution that
 * never changes after its start.
 *
 * @module
 */
import { TIMELINE_VERSION } from '../../timeline/schema';
import type { TaskStarted } from '../../timeline/types';
import type { TaskExecution } from '../task-execution';

/** A kept `task.started` record: its stamp and its task. */
export class StartedEntry {
  constructor(
    readonly seq: number,
    readonly at: number,
    readonly task: TaskExecution,
  ) {}
}

/** The `task.started` record of a task, stamped. */
export function taskStarted(seq: number, at: number, t: TaskExecution): TaskStarted {
  // prettier-ignore
  return { v: TIMELINE_VERSION, seq, at, kind: 'task.started', task: t.id, taskType: t.taskType, pluginId: t.loaded.entry.id, execution: t.execution, nodeId: t.nodeId, maxAttempts: t.maxAttempts, interruptible: t.interruptible };
}
