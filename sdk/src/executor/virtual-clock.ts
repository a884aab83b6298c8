/**
 * The executor's virtual clock: time moves only when the executor moves it, so runs are deterministic.
 *
 * @module
 */
import type { Clock } from '../contract/clock';

/** The default start of virtual time: 2024-01-01T00:00:00Z. */
export const DEFAULT_START_MS = Date.UTC(2024, 0, 1);

/** A clock that moves only when told. */
export class VirtualClock implements Clock {
  #ms: number;
  constructor(startMs: number = DEFAULT_START_MS) {
    this.#ms = startMs;
  }
  /** The current virtual time, ms since the Unix epoch. */
  nowMs(): number {
    return this.#ms;
  }
  /** Moves time forward to `ms`; never backwards. */
  advanceTo(ms: number): void {
    if (ms > this.#ms) this.#ms = ms;
  }
  /** Moves time forward by `ms`. */
  advance(ms: number): void {
    this.#ms += Math.max(0, ms);
  }
}
