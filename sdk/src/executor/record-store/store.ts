/**
 * The records an executor keeps: call records of Handle rounds in columns ({@link CallColumns}), every other record
 * as it was made. Read, each is a plain record equal to the one the round made.
 *
 * @module
 */
import type { CallRecord, TimelineRecord } from '../../timeline/types';
import { CallColumns } from './call-columns';
import { finishedCall } from './pending';

/** Kept records, in the order they were made. */
export class RecordStore {
  /** A record as made, or the slot of a call record in the columns. */
  readonly #entries: (TimelineRecord | number)[] = [];
  readonly #calls = new CallColumns();

  /** How many records are kept. */
  get length(): number {
    return this.#entries.length;
  }

  /** Keeps a complete record as it is. */
  keep(r: TimelineRecord): void {
    this.#entries.push(r);
  }

  /** Keeps a Handle round's record (pending parts and all), in the columns where they hold it. */
  keepHandle(r: CallRecord): void {
    const slot = this.#calls.keep(r);
    if (slot === undefined && (globalThis as any).__dbg) (globalThis as any).__dbg(r);
    this.#entries.push(slot ?? finishedCall(r));
  }

  /** The record at `i`, made plain when it was kept in columns (a new object each read). */
  read(i: number): TimelineRecord {
    const e = this.#entries[i]!;
    return typeof e === 'number' ? this.#calls.read(e) : e;
  }
}
