/**
 * The timeline recorder of an executor: stamps records (version, sequence, virtual time), redacts secrets, keeps
 * them and streams them.
 *
 * @module
 */
import { TIMELINE_VERSION } from '../timeline/schema';
import type { CallRecord, TimelineRecord } from '../timeline/types';
import type { CallRecordBody } from './round-env';
import { redactDeep } from './services/index';

/** A record without the fields the recorder stamps. */
export type RecordBody = DistributiveOmit<TimelineRecord, 'v' | 'seq' | 'at'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Where records go. */
export interface RecorderOptions {
  /** Keep records in memory. */
  keep: boolean;
  /** Stream each record as it is made. */
  onRecord: ((record: TimelineRecord) => void) | undefined;
  /** Values that must never appear in a record. */
  secrets: readonly string[];
  /** Virtual now. */
  nowMs: () => number;
}

/** Stamps, redacts, keeps and streams timeline records. */
export class TimelineRecorder {
  readonly #o: RecorderOptions;
  readonly #records: TimelineRecord[] = [];
  #seq = 0;
  /** Whether anything keeps or streams records; when not, rounds may skip work only the timeline needs. */
  readonly recording: boolean;

  constructor(o: RecorderOptions) {
    this.#o = o;
    this.recording = o.keep || o.onRecord !== undefined;
  }

  /** The records kept so far. */
  get records(): readonly TimelineRecord[] {
    return this.#records;
  }

  /** The next record's `seq`. */
  nextSeq(): number {
    return this.#seq++;
  }

  /** Stamps and emits a record. */
  emit(body: RecordBody): TimelineRecord {
    return this.push({ v: TIMELINE_VERSION, seq: this.#seq++, at: this.#o.nowMs(), ...body } as TimelineRecord);
  }

  /** Stamps and emits a call record. */
  emitCall(body: CallRecordBody): CallRecord {
    return this.push({
      v: TIMELINE_VERSION,
      seq: this.#seq++,
      at: this.#o.nowMs(),
      kind: 'call',
      ...body,
    } as CallRecord);
  }

  /** Keeps and streams a complete record with secrets redacted, and returns the redacted record. */
  push<T extends TimelineRecord>(rec: T): T {
    const out = this.#o.secrets.length === 0 ? rec : redactDeep(rec, this.#o.secrets);
    if (!this.recording) return out;
    if (this.#o.keep) this.#records.push(out);
    this.#o.onRecord?.(out);
    return out;
  }
}
