/**
 * The round timeouts of pending plugin calls, on one shared timer. A timer per call (set, then cleared when the call
 * settles, most often a microtask later) was a large part of an asynchronous round; here the timer stays armed
 * across calls and is only re-armed when it fires early. It keeps the process alive only while a call is pending.
 *
 * Calls with the same timeout expire in the order they started, so each timeout has a queue in that order: adding
 * is a push, and a call that settles is only marked (a set of pending calls hashed every call in and out, a tenth of
 * an asynchronous round). Settled calls leave a queue from its head, as the timer or the next call finds them.
 *
 * @module
 */

/** One pending call's deadline. */
export interface Deadline {
  /** Wall ms (`performance.now()`). */
  readonly at: number;
  onExpire: () => void;
  /** The call settled, or its deadline passed: nothing left to do for it. */
  done: boolean;
}

/** Deadlines of one timeout, in the order they were added (which is the order they expire). */
class DeadlineQueue {
  readonly #items: Deadline[] = [];
  #head = 0;

  push(d: Deadline): void {
    this.#items.push(d);
  }

  /** The first deadline not done yet, dropping the done ones before it. */
  first(): Deadline | undefined {
    const items = this.#items;
    while (this.#head < items.length && items[this.#head]!.done) this.#head++;
    // What the queue has passed is dropped now and then, not on every call (a call in flight empties it each time).
    if (this.#head >= 64 && this.#head * 2 >= items.length) {
      items.splice(0, this.#head);
      this.#head = 0;
    }
    return items[this.#head];
  }
}

/** The deadlines of pending calls, and the one timer that enforces them. */
export class Deadlines {
  /** One queue per timeout in ms (an executor has one; several executors may differ). */
  readonly #queues = new Map<number, DeadlineQueue>();
  #pending = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = Infinity;
  /** Whether the timer keeps the process alive. */
  #refed = false;
  /** A check that lets the process go once nothing is pending is due when the current job queue empties. */
  #releaseDue = false;

  /** Registers a deadline `ms` from now. */
  add(ms: number, onExpire: () => void): Deadline {
    const d: Deadline = { at: performance.now() + ms, onExpire, done: false };
    let q = this.#queues.get(ms);
    if (q === undefined) this.#queues.set(ms, (q = new DeadlineQueue()));
    q.first();
    q.push(d);
    this.#pending++;
    if (this.#timer === undefined || d.at < this.#timerAt) this.#arm(d.at);
    else this.#hold();
    return d;
  }

  /**
   * Forgets a deadline whose call settled. Its `onExpire` (which holds the call's round: its context, its records)
   * goes now: the queue keeps a settled deadline until the head passes it, dozens of rounds later.
   */
  remove(d: Deadline): void {
    if (d.done) return;
    d.done = true;
    d.onExpire = noop;
    if (--this.#pending === 0) this.#releaseSoon();
  }

  #arm(at: number): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(() => this.#fire(), Math.max(0, at - performance.now()));
    this.#refed = true;
    if (this.#pending === 0) this.#release();
  }

  /** The timer keeps the process alive while a call is pending. */
  #hold(): void {
    if (this.#refed) return;
    this.#timer?.ref();
    this.#refed = true;
  }

  /**
   * The timer stays armed for the next call, but must not keep an idle process alive. Calls in flight one after
   * another (an asynchronous plugin's rounds) each leave nothing pending for a moment: the timer is let go when
   * the jobs running now are done, if nothing is pending then, rather than once per call and held again at the next.
   */
  #releaseSoon(): void {
    if (!this.#refed || this.#releaseDue) return;
    this.#releaseDue = true;
    setImmediate(() => {
      this.#releaseDue = false;
      if (this.#pending === 0) this.#release();
    });
  }

  #release(): void {
    this.#timer?.unref();
    this.#refed = false;
  }

  #fire(): void {
    this.#timer = undefined;
    this.#timerAt = Infinity;
    this.#refed = false;
    const now = performance.now();
    const expired: Deadline[] = [];
    let next = Infinity;
    for (const q of this.#queues.values()) {
      // Timers may fire a little early; a deadline within a ms counts as reached.
      for (let d = q.first(); d !== undefined && d.at <= now + 1; d = q.first()) {
        d.done = true;
        this.#pending--;
        expired.push(d);
      }
      const d = q.first();
      if (d !== undefined && d.at < next) next = d.at;
    }
    if (next !== Infinity) this.#arm(next);
    // In the order they fell due, whichever queue they were in (a timer that fired late finds several).
    expired.sort((x, y) => x.at - y.at);
    for (const d of expired) d.onExpire();
  }
}

/** What a settled deadline would do on expiry: nothing. */
function noop(): void {}

/** The deadlines of every executor in the process. */
export const deadlines = new Deadlines();
