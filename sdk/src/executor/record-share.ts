/**
 * Parts that the records of a timeline share instead of each holding a copy.
 *
 * @module
 */
import type { CallRecord, Decision, NodePhase, PhaseName } from '../timeline/types';
import type { TaskExecution } from './task-execution';

/**
 * What records may share instead of each holding a copy: records are values nobody changes, and the parts below
 * repeat from round to round (the same node phases, the same decision, an empty list, the same text while a task
 * waits). Shared parts are frozen. A kept record is most of a round's memory, so this is most of the timeline's.
 */
export interface Share {
  nodePhase(before: NodePhase, after: NodePhase): CallRecord['nodePhase'];
  pluginPhase(task: TaskExecution, phase: PhaseName, version: number): CallRecord['pluginPhase'];
  /** The list as the record keeps it. */
  list<T>(xs: T[]): T[];
  decision(d: Decision): Decision;
  text(s: string): string;
}

/** Records nobody keeps share nothing: sharing would only cost lookups. */
export const unshared: Share = {
  nodePhase: (before, after) => ({ before, after }),
  pluginPhase: (_task, phase, version) => ({ phase, version }),
  list: (xs) => xs,
  decision: (d) => d,
  text: (s) => s,
};

const EMPTY: readonly never[] = Object.freeze([]);
/** Strings and decisions kept once; the table is emptied when full, so it stays small whatever the run. */
const INTERNED_MAX = 4096;
const texts = new Map<string, string>();
const decisions = new Map<string, Decision>();
const nodePhases = new Map<NodePhase, Map<NodePhase, CallRecord['nodePhase']>>();

/**
 * Makes V8 keep `s` as one sequential string: a string built by concatenation is a tree of its parts (a text of
 * the record was some twenty objects), and converting it to a number flattens it in place.
 */
function flatten(s: string): void {
  if (Number(s) === 0) return;
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
    const last = task.recordedPluginPhase;
    if (last !== undefined && last.phase === phase && last.version === version) return last;
    return (task.recordedPluginPhase = Object.freeze({ phase, version }));
  },
  // A list that grew by `push` has room for 17 elements: the record keeps one of its exact length.
  list: <T>(xs: T[]): T[] => (xs.length === 0 ? (EMPTY as unknown as T[]) : xs.slice()),
  decision(d) {
    const hit = decisions.get(d.message);
    if (hit !== undefined && hit.code === d.code) return hit;
    if (decisions.size >= INTERNED_MAX) decisions.clear();
    const frozen = Object.freeze({ code: d.code, message: shared.text(d.message) });
    decisions.set(frozen.message, frozen);
    return frozen;
  },
  text(s) {
    const hit = texts.get(s);
    if (hit !== undefined) return hit;
    if (texts.size >= INTERNED_MAX) texts.clear();
    flatten(s);
    texts.set(s, s);
    return s;
  },
};
