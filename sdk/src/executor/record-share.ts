/**
 * Parts that the records of a timeline share instead of each holding a copy.
 *
 * @module
 */
import type { CallRecord, NodePhase } from '../timeline/types';
import type { KeptParts } from './record-store/call-columns';
import { flatten } from './record-store/flatten';
import type { TaskExecution } from './task-execution';

/**
 * What records may share instead of each holding a copy: records are values nobody changes, and the parts below
 * repeat from round to round (the same node phases, an empty list, and while a task waits the same strings). Nothing
 * changes a record once made, so sharing is safe; the parts shared by every timeline in the process are frozen. The
 * rest of a Handle round's record is shared where the executor keeps it (`record-store/call-columns.ts`).
 */
export interface Share {
  nodePhase(before: NodePhase, after: NodePhase): CallRecord['nodePhase'];
  /** The list as the record keeps it. */
  list<T>(xs: T[]): T[];
  /** A string of the task's record, in `slot` (where its last record had one). */
  text(task: TaskExecution, slot: TextSlot, s: string): string;
}

/** The strings of a record that repeat while a task waits. */
export type TextSlot = 'transition' | 'tokenFQ' | 'reason';

/** What the last records of a task held; the next record shares each part that is the same. */
export interface RecordedParts extends KeptParts {
  transition: string | undefined;
  tokenFQ: string | undefined;
  reason: string | undefined;
}

/** A task's {@link RecordedParts} before its first record. */
export function noRecordedParts(): RecordedParts {
  // One literal of every field (a spread would make an object of another, larger shape).
  // prettier-ignore
  return { kind: undefined, ref: undefined, shape: undefined, resources: undefined, decision: undefined, state: undefined, stateText: undefined, stateBlock: 0, stateOffset: 0, repeat: undefined, transition: undefined, tokenFQ: undefined, reason: undefined };
}

/** Records nobody keeps share nothing: sharing would only cost lookups. */
export const unshared: Share = {
  nodePhase: (before, after) => ({ before, after }),
  list: (xs) => xs,
  text: (_task, _slot, s) => s,
};

const EMPTY: readonly never[] = Object.freeze([]);
const nodePhases = new Map<NodePhase, Map<NodePhase, CallRecord['nodePhase']>>();

const lastText: Record<TextSlot, string | undefined> = { transition: undefined, tokenFQ: undefined, reason: undefined };

/**
 * Records that are kept or streamed share: node phases as one frozen pair each, empty lists as one frozen array,
 * and a task's repeating strings with its last record.
 */
export const shared: Share = {
  nodePhase(before, after) {
    let byAfter = nodePhases.get(before);
    if (byAfter === undefined) nodePhases.set(before, (byAfter = new Map()));
    let p = byAfter.get(after);
    if (p === undefined) byAfter.set(after, (p = Object.freeze({ before, after })));
    return p;
  },
  // A list that grew by `push` has room for 17 elements: the record keeps one of its exact length.
  list: <T>(xs: T[]): T[] => (xs.length === 0 ? (EMPTY as unknown as T[]) : xs.slice()),
  text(task, slot, s) {
    const parts = (task.recorded ??= noRecordedParts());
    const last = parts[slot];
    if (last === s) return last;
    // Tasks in the same state (waiting on one pool) have the same texts: the last task's string serves.
    const other = lastText[slot];
    return (parts[slot] = other === s ? other : (lastText[slot] = flatten(s)));
  },
};
