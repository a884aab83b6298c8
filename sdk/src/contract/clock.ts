/**
 * The clock behind every "now" of the contract (a defaulted `TaskInfo.occurredAt`). The executor runs plugin code
 * under its virtual clock, so runs are deterministic. The slots live on `globalThis` under `Symbol.for` keys so that
 * two copies of the SDK in one process share them.
 *
 * This module stays free of any runtime's APIs (it runs in browsers too): a runtime with asynchronous context (Node's
 * `AsyncLocalStorage`) injects a {@link ClockScope}, which gives each chain of calls its own clock, so that executors
 * running at once in one process each see their own.
 *
 * @module
 */

/** A source of the current time. */
export interface Clock {
  /** The current time in milliseconds since the Unix epoch. */
  nowMs(): number;
}

/** Clocks bound to asynchronous contexts: what runs inside {@link ClockScope.run}, however later, sees its clock. */
export interface ClockScope {
  /** The clock of the context running now, if any. */
  current(): Clock | undefined;
  /** Runs `fn` with `clock` as the clock of its context and of everything it starts. */
  run<T>(clock: Clock, fn: () => T): T;
}

/** The wall clock. */
export const systemClock: Clock = { nowMs: () => Date.now() };

const slot = Symbol.for('@plugbench/sdk.clock');
const scopeSlot = Symbol.for('@plugbench/sdk.clockScope');
type Holder = { [slot]?: Clock; [scopeSlot]?: ClockScope };

/** The clock the contract reads "now" from: the context's, else an installed one, else the wall clock. */
export function currentClock(): Clock {
  const holder = globalThis as Holder;
  return holder[scopeSlot]?.current() ?? holder[slot] ?? systemClock;
}

/** "Now" as a `Date`, from {@link currentClock}. */
export function now(): Date {
  return new Date(currentClock().nowMs());
}

/**
 * Installs `clock` as the process-wide clock of the contract (for code outside any {@link runWithClock}) and returns
 * a function that puts the previous one back. Tests pin "now" with it.
 */
export function installClock(clock: Clock): () => void {
  const holder = globalThis as Holder;
  const previous = holder[slot];
  holder[slot] = clock;
  // Restored by assignment, never `delete`: deleting a property of the global object is slow.
  return () => {
    holder[slot] = previous;
  };
}

/** Sets the runtime's {@link ClockScope}; the first one set wins, so that every copy of the SDK shares it. */
export function setClockScope(scope: ClockScope): void {
  const holder = globalThis as Holder;
  holder[scopeSlot] ??= scope;
}

/**
 * Runs `fn` (and what it starts) with `clock` as the contract's clock. Without a {@link ClockScope} the clock is
 * installed process-wide until `fn` settles.
 */
export function runWithClock<T>(clock: Clock, fn: () => T): T {
  const scope = (globalThis as Holder)[scopeSlot];
  if (scope !== undefined) return scope.current() === clock ? fn() : scope.run(clock, fn);
  const restore = installClock(clock);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    restore();
    throw e;
  }
  if (result instanceof Promise) return result.finally(restore) as T;
  restore();
  return result;
}
