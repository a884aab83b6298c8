/**
 * The timeline recorder of an executor: stamps records (version, sequence, virtual time), redacts secrets, keeps
 * them and streams them. Handle rounds' records are kept in columns (`record-store/`) and made plain when read.
 *
 * @module
 */
import { TIMELINE_VERSION } from '../timeline/schema';
import type { CallRecord, TimelineRecord } from '../timeline/types';
import { finishedCall } from './record-store/pending';
import { taskStarted } from './record-store/started';
import type { RoundParts } from './record-store/call-columns';
import { RecordStore } from './record-store/store';
import { StoreDeltaWriter } from './record-store/delta-writer';
import type { TaskExecution } from './task-execution';
import { timelineView } from './record-store/view';
import type { CallRecordBody } from './round-env';
import { noRecordedParts } from './record-share';
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
  readonly #store = new RecordStore();
  readonly #view = timelineView(this.#store);
  #seq = 0;
  /** Whether anything keeps or streams records; when not, rounds may skip work only the timeline needs. */
  readonly recording: boolean;
  /** Whether records are kept and nothing else sees them as made (no stream, no secrets to redact). */
  readonly keepsOnly: boolean;

  constructor(o: RecorderOptions) {
    this.#o = o;
    this.recording = o.keep || o.onRecord !== undefined;
    this.keepsOnly = o.keep && o.onRecord === undefined && o.secrets.length === 0;
  }

  /** The records kept so far: a live read-only view, each record made when read (see `record-store/view.ts`). */
  get records(): readonly TimelineRecord[] {
    return this.#view;
  }

  /** A writer of the records kept from the first on, delta by delta, for a copy of the store in another process. */
  deltaWriter(): StoreDeltaWriter {
    return new StoreDeltaWriter(this.#store);
  }

  /** The next record's `seq`. */
  nextSeq(): number {
    return this.#seq++;
  }

  /** Stamps and emits a record. */
  emit(body: RecordBody): TimelineRecord {
    return this.push({ v: TIMELINE_VERSION, seq: this.#seq++, at: this.#o.nowMs(), ...body } as TimelineRecord);
  }

  /** Stamps and emits a task's `task.started` record; kept, it is kept as the task (`record-store/started.ts`). */
  emitStarted(task: TaskExecution): void {
    const seq = this.#seq++;
    const at = this.#o.nowMs();
    if (!this.recording) return;
    if (this.#o.keep && this.#o.secrets.length === 0) {
      this.#store.keepStarted(seq, at, task);
      this.#o.onRecord?.(taskStarted(seq, at, task));
    } else this.push(taskStarted(seq, at, task));
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
    if (this.#o.keep) this.#store.keep(out);
    this.#o.onRecord?.(out);
    return out;
  }

  /**
   * Keeps and streams a Handle round's record, which may hold pending parts (`record-store/pending.ts`), and returns
   * it for the round's own use; {@link finished} makes it what callers see. `task`: whose record (the store remembers
   * its last record's parts on it). Kept, it goes into columns; streamed, its
   * pending parts are built for the stream (and the stream's record is not kept: the columns are).
   */
  pushHandle(rec: CallRecord, task: TaskExecution): CallRecord {
    if (!this.recording) return rec;
    // With secrets to redact, the record is kept as a whole, redacted: the same as any other record.
    if (this.#o.secrets.length > 0) return this.push(finishedCall(rec));
    if (this.#o.keep) this.#store.keepHandle(rec, (task.recorded ??= noRecordedParts()));
    if (this.#o.onRecord !== undefined) this.#o.onRecord(finishedCall(rec));
    return rec;
  }

  /**
   * Whether a round of `task` whose record nobody but the store needs ({@link keepsOnly}, a caller that takes no
   * record) repeats the task's last kept record, so that {@link keepRepeat} keeps it from its parts.
   */
  repeats(p: RoundParts, task: TaskExecution): boolean {
    const kept = task.recorded;
    p.seq = this.#seq;
    return kept !== undefined && this.#store.repeats(p, kept);
  }

  /** Stamps and keeps a round that {@link repeats} its task's last record, from its parts. */
  keepRepeat(p: RoundParts, task: TaskExecution): void {
    p.seq = this.#seq++;
    this.#store.keepRepeat(p, task.recorded!);
  }

  /** A round's record as callers see it (`step()`): its pending parts built. */
  finished(rec: CallRecord): CallRecord {
    return this.recording ? finishedCall(rec) : rec;
  }
}
