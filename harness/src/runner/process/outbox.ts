/**
 * The records the open fixture's executor keeps, on their way to the host: batched, and never more than a few batches ahead of
 * what the host has read. Node writes a message to the channel only while the event loop turns, and the runner
 * turns it only between rounds: without a limit, a long run queued its records in this process (tens of MB at
 * 100,000 rounds) and the host parsed most of them after the last round, one process waiting for the other.
 *
 * @module
 */
import type { TimelineRecord } from '@plugbench/sdk/timeline';
import type { StoreRows } from '@plugbench/sdk/runner';
import type { Channel } from './channel';
import { RecordEncoder } from '../protocol/record-wire';

/** How often a batch goes out while rounds run, ms: one message per round would be fine, but batched is quicker. */
const BATCH_MS = 25;

/**
 * Batches sent and not yet written out before the rounds wait for the host: about a tenth of a second of records, so
 * that a host that is not scheduled for a moment (a loaded machine) does not stop the rounds at once.
 */
const MAX_UNWRITTEN = 4;

/**
 * Where the records come from: the records kept since the last call (`Executor.timelineDelta`), those that travel
 * whole and the rows of the record store with their order among them; `undefined` when none.
 */
export interface RecordSource {
  next(): { records: TimelineRecord[]; rows?: StoreRows } | undefined;
}

/** The records not yet sent, and the batches not yet written out. */
export class Outbox {
  #source: RecordSource | undefined;
  #lastFlush = 0;
  #unwritten = 0;
  #wake: (() => void) | undefined;
  readonly #channel: Channel;
  /** One encoder for the process's whole stream: the host decodes every batch, in order. */
  readonly #encoder = new RecordEncoder();

  constructor(channel: Channel) {
    this.#channel = channel;
  }

  /** Sends the records of `source` from now on (the open fixture's: one a runner). */
  from(source: RecordSource): void {
    this.#source = source;
  }

  /** Sends what is waiting: now when `force`, else once a batch's time has passed since the last one. */
  flush(force = false): void {
    const now = Date.now();
    if (this.#source === undefined || (!force && now - this.#lastFlush < BATCH_MS)) return;
    const d = this.#source.next();
    if (d === undefined) return;
    this.#unwritten++;
    const batch = this.#encoder.encode(d.records);
    this.#channel.send({ type: 'records', batch, ...(d.rows ? { store: d.rows } : {}) }, () => this.#written());
    this.#lastFlush = now;
  }

  /**
   * When the host is behind: a promise that resolves once it has read enough for the rounds to go on (the event
   * loop turns meanwhile, which is what writes the batches out). Undefined when it keeps up.
   */
  backlog(): Promise<void> | undefined {
    if (this.#unwritten < MAX_UNWRITTEN) return undefined;
    return new Promise((resolve) => (this.#wake = resolve));
  }

  #written(): void {
    this.#unwritten--;
    if (this.#unwritten >= MAX_UNWRITTEN || !this.#wake) return;
    const wake = this.#wake;
    this.#wake = undefined;
    wake();
  }
}
