/**
 * Parts that the records of a timeline share instead of each holding a copy.
 *
 * @module
 */
import type { CallRecord, Decision, NodePhase, PhaseName } from '../timeline/types';
import type { TaskExecution } from './task-execution';

/**
 * What records may share instead of each holding a copy: records are values nobody changes, and the parts below
 * repeat from round to round (the same node phases, an empty list, and while a task waits the same plugin phase,
 * decision, transition text, token and rule). Nothing changes a record once made, so sharing is safe; the parts
 * shared by every timeline in the process are frozen. A kept record is most of a round's memory, so this is most of
 * the timeline's. (A process-wide table of strings shared more, between tasks, but looking up every new string
 * cost a tenth of a recorded round.)
 */
export interface Share {
  nodePhase(before: NodePhase, after: NodePhase): CallRecord['nodePhase'];
  pluginPhase(task: TaskExecution, phase: PhaseName, version: number): CallRecord['pluginPhase'];
  /** The list as the record keeps it. */
  list<T>(xs: T[]): T[];
  decision(task: TaskExecution, d: Decision): Decision;
  /** A string of the task's record, in `slot` (where its last record had one). */
  text(task: TaskExecution, slot: TextSlot, s: string): string;
}

/** The strings of a record that repeat while a task waits. */
export type TextSlot = 'transition' | 'tokenFQ' | 'reason';

/** What the last records of a task held; the next record shares each part that is the same. */
export interface RecordedParts {
  pluginPhase: Readonly<{ phase: PhaseName; version: number }> | undefined;
  decision: Decision | undefined;
  transition: string | undefined;
  tokenFQ: string | undefined;
  reason: string | undefined;
}

/** A task's {@link RecordedParts} before its first record. */
export function noRecordedParts(): RecordedParts {
  return { pluginPhase: undefined, decision: undefined, transition: undefined, tokenFQ: undefined, reason: undefined };
}

/** Records nobody keeps share nothing: sharing would only cost lookups. */
export const unshared: Share = {
  nodePhase: (before, after) => ({ before, after }),
  pluginPhase: (_task, phase, version) => ({ phase, version }),
  list: (xs) => xs,
  decision: (_task, d) => d,
  text: (_task, _slot, s) => s,
};

const EMPTY: readonly never[] = Object.freeze([]);
const nodePhases = new Map<NodePhase, Map<NodePhase, CallRecord['nodePhase']>>();

/**
 * Makes V8 keep `s` as one sequential string: a string built by concatenation is a tree of its parts (a text of
 * the record was some twenty objects), and converting it to a number flattens it in place.
 */
function flatten(s: string): string {
  if (Number(s) === 0) return s;
  return s;
}

export const shared: Share = {
  nodePhase(before, after) {
    let byAfter = nodePhases.get(before);
    if (byAfter === undefined) nodePhases.set(before, (byAfter = new Map()));
    let p = byAfter.get(after);
    if (p === undefined) byAfter.set(after, (p = Object.freeze({ before, after })));
    return p;
  },
  pluginPhase(task, phase, version) {
    const parts = (task.recorded ??= noRecordedParts());
    const last = parts.pluginPhase;
    if (last !== undefined && last.phase === phase && last.version === version) return last;
    return (parts.pluginPhase = { phase, version });
  },
  // A list that grew by `push` has room for 17 elements: the record keeps one of its exact length.
  list: <T>(xs: T[]): T[] => (xs.length === 0 ? (EMPTY as unknown as T[]) : xs.slice()),
  decision(task, d) {
    const parts = (task.recorded ??= noRecordedParts());
    const last = parts.decision;
    if (last !== undefined && last.code === d.code && last.message === d.message) return last;
    return (parts.decision = { code: d.code, message: flatten(d.message) });
  },
  text(task, slot, s) {
    const parts = (task.recorded ??= noRecordedParts());
    const last = parts[slot];
    if (last === s) return last;
    return (parts[slot] = flatten(s));
  },
};
