/**
 * The records an executor keeps: call records of Handle rounds in columns ({@link CallColumns}), every other record
 * as it was made. Read, each is a plain record equal to the one the round made.
 *
 * @module
 */
import type { CallRecord, TimelineRecord } from '../../timeline/types';
import { CallColumns, type KeptParts, type RoundParts } from './call-columns';
import { finishedCall } from './pending';
import { StartedEntry, taskStarted } from './started';
import type { TaskExecution } from '../task-execution';

/** Kept records, in the order they were made. */
export class RecordStore {
  /** A record as made, the slot of a call record in the columns, or a task's start. */
  readonly #entries: (TimelineRecord | number | StartedEntry)[] = [];
  readonly #calls = new CallColumns();

  /** How many records are kept. */
  get length(): number {
    return this.#entries.length;
  }

  /** Keeps a complete record as it is. */
  keep(r: TimelineRecord): void {
    this.#entries.push(r);
  }

  /** Keeps a task's `task.started` record as the task. */
  keepStarted(seq: number, at: number, task: TaskExecution): void {
    this.#entries.push(new StartedEntry(seq, at, task));
  }

  /**
   * Keeps a Handle round's record (pending parts and all), in the columns where they hold it. `task`: what the store
   * remembers of the task's last record.
   */
  keepHandle(r: CallRecord, task: KeptParts): void {
    this.#entries.push(this.#calls.keep(r, task) ?? finishedCall(r));
  }

  /** Whether a round repeats its task's last kept record, so that {@link keepRepeat} keeps it from its parts. */
  repeats(p: RoundParts, task: KeptParts): boolean {
    return this.#calls.repeats(p, task);
  }

  /** Keeps a round that {@link repeats} its task's last record, from its parts: its record is never made. */
  keepRepeat(p: RoundParts, task: KeptParts): void {
    this.#entries.push(this.#calls.keepRepeat(p, task));
  }

  /**
   * The records from `start` up to `end` (each a new object, as {@link read} makes it), in order, into a new array:
   * one call for many records, instead of a lookup through the timeline view for each.
   */
  readRange(start: number, end: number): TimelineRecord[] {
    const out: TimelineRecord[] = [];
    for (let i = start; i < end; i++) out.push(this.read(i));
    return out;
  }

  /** The columns of Handle records (for `delta-writer.ts`, which sends them to a copy of the store). */
  get calls(): CallColumns {
    return this.#calls;
  }

  /** The entry at `i` as kept: a record as made, the slot of a call record in {@link calls}, or a task's start. */
  entry(i: number): TimelineRecord | number | StartedEntry {
    return this.#entries[i]!;
  }

  /** The record at `i`, made plain when it was kept in columns (a new object each read). */
  read(i: number): TimelineRecord {
    const e = this.#entries[i]!;
    if (typeof e === 'number') return this.#calls.read(e);
    return e instanceof StartedEntry ? taskStarted(e.seq, e.at, e.task) : e;
  }
}
