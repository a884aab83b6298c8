/**
 * The rounds of a run, one after another, as `runUntil` drives them. Not an async function: an `await` per round
 * makes a promise, and Node's promise hooks (the clock scope's `AsyncLocalStorage`) make every promise costly. The
 * loop takes one job between rounds, as its `await` did: after a round that settled synchronously, so that what
 * plugin code queued runs before the next round; after an asynchronous one, once the round settled (it listens to
 * the plugin call's {@link Later} rather than awaiting a promise made for it).
 *
 * @module
 */
import type { CallRecord, RunFinished } from '../timeline/types';
import { isThenable, Later, type MaybeLater } from './maybe-async';
import { isSummary, type RoundSummary } from './round-env';

/** What a round of a run hands back: no records (its rounds are lean), only whether it sent events. */
type RoundOutcome = CallRecord[] | RoundSummary | undefined;

/** Why a run stopped. */
export type StopReason = RunFinished['reason'];

/** What the loop asks of the executor. */
export interface RunDriver {
  /** Why the run stops before its next round, after `rounds` rounds, if it does. */
  stopReason(rounds: number): StopReason | undefined;
  /** Runs the next round, lean. */
  step(): MaybeLater<CallRecord[] | RoundSummary> | undefined;
  /** The run ended, or failed: called once, before its promise settles. */
  ended(failed: boolean): void;
}

/** Runs rounds until the driver says why it stops (`nextEvent`: also after the first round that sent an event). */
export function runRounds(driver: RunDriver, nextEvent: boolean): Promise<Pick<RunFinished, 'reason' | 'rounds'>> {
  return new Promise((resolve, reject) => new RunLoop(driver, nextEvent, resolve, reject).resume());
}

/** A promise that settled long ago: awaiting it takes one job and makes no promise but the one its `then` makes. */
const SETTLED = Promise.resolve();

/** Whether a round sent events. */
const sentEvents = (out: CallRecord[] | RoundSummary): boolean =>
  isSummary(out) ? out.sentEvents : out.some((r) => r.events.length > 0);

class RunLoop {
  readonly #driver: RunDriver;
  readonly #nextEvent: boolean;
  readonly #resolve: (outcome: Pick<RunFinished, 'reason' | 'rounds'>) => void;
  readonly #reject: (error: unknown) => void;
  #rounds = 0;
  /** Whether a round ran and `#last` is its outcome. */
  #ran = false;
  #last: RoundOutcome;

  constructor(
    driver: RunDriver,
    nextEvent: boolean,
    resolve: (outcome: Pick<RunFinished, 'reason' | 'rounds'>) => void,
    reject: (error: unknown) => void,
  ) {
    this.#driver = driver;
    this.#nextEvent = nextEvent;
    this.#resolve = resolve;
    this.#reject = reject;
  }

  // Callbacks made once per run, not once per round; none of them throws.
  /** Counts the round that ran (if one did), then runs the next, or ends the run. */
  readonly resume = (): void => {
    try {
      if (this.#counted()) this.#next();
    } catch (e) {
      this.#fail(e);
    }
  };

  /** A round settled: the next goes on after one job. */
  readonly #settled = (out: RoundOutcome): void => {
    this.#ran = true;
    this.#last = out;
    void SETTLED.then(this.resume);
  };

  /** A round's promise settled: its job was the one the run takes. */
  readonly #settledNow = (out: RoundOutcome): void => {
    this.#ran = true;
    this.#last = out;
    this.resume();
  };

  readonly #failLater = (e: unknown): void => void SETTLED.then(() => this.#fail(e));
  readonly #failNow = (e: unknown): void => this.#fail(e);

  /** Counts the round that just ran; false when the run ends on it. */
  #counted(): boolean {
    if (!this.#ran) return true;
    const out = this.#last;
    this.#ran = false;
    this.#last = undefined;
    this.#rounds++;
    if (this.#nextEvent && out !== undefined && sentEvents(out)) {
      this.#end('phase');
      return false;
    }
    return true;
  }

  #next(): void {
    const reason = this.#driver.stopReason(this.#rounds);
    if (reason !== undefined) return this.#end(reason);
    const out = this.#driver.step();
    if (out instanceof Later) return out.listen(this.#settled, this.#failLater);
    if (!isThenable(out)) return this.#settled(out);
    // Another promise (an asynchronous hook, an awaited check).
    out.then(this.#settledNow, this.#failNow);
  }

  #end(reason: StopReason): void {
    this.#driver.ended(false);
    this.#resolve({ reason, rounds: this.#rounds });
  }

  #fail(e: unknown): void {
    this.#driver.ended(true);
    this.#reject(e);
  }
}
