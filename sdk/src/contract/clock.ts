/**
 * The clock behind every "now" of the contract (a defaulted `TaskInfo.occurredAt`). The executor swaps in its
 * virtual clock, so runs are deterministic. The slot lives on `globalThis` under a `Symbol.for` key so that two
 * copies of the SDK in one process share it.
 *
 * @module
 */

/** A source of the current time. */
export interface Clock {
  /** The current time in milliseconds since the Unix epoch. */
  nowMs(): number;
}

/** The wall clock. */
export const systemClock: Clock = { nowMs: () => Date.now() };

const slot = Symbol.for('@plugbench/sdk.clock');
type Holder = { [slot]?: Clock };

/** The clock the contract reads "now" from. */
export function currentClock(): Clock {
  return (globalThis as Holder)[slot] ?? systemClock;
}

/** "Now" as a `Date`, from {@link currentClock}. */
export function now(): Date {
  return new Date(currentClock().nowMs());
}

/**
 * Installs `clock` as the contract's clock and returns a function that puts the previous one back.
 * The executor calls this around every plugin call.
 */
export function installClock(clock: Clock): () => void {
  const holder = globalThis as Holder;
  const previous = holder[slot];
  holder[slot] = clock;
  // Restored by assignment, never `delete`: deleting a property of the global object is slow, and this runs twice
  // per plugin call.
  return () => {
    holder[slot] = previous;
  };
}
