/**
 * The round timeouts of pending plugin calls, on one shared timer. A timer per call (set, then cleared when the call
 * settles, most often a microtask later) was a large part of an asynchronous round; here the timer stays armed
 * across calls and is only re-armed when it fires early. It keeps the process alive only while a call is pending.
 *
 * @module
 */

/** One pending call's deadline. */
export interface Deadline {
  /** Wall ms (`performance.now()`). */
  readonly at: number;
  readonly onExpire: () => void;
}

/** The deadlines of pending calls, and the one timer that enforces them. */
export class Deadlines {
  readonly #pending = new Set<Deadline>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = Infinity;

  /** Registers a deadline `ms` from now. */
  add(ms: number, onExpire: () => void): Deadline {
    const d: Deadline = { at: performance.now() + ms, onExpire };
    this.#pending.add(d);
    if (this.#timer === undefined || d.at < this.#timerAt) this.#arm(d.at);
    else if (this.#pending.size === 1) this.#timer.ref();
    return d;
  }

  /** Forgets a deadline whose call settled. */
  remove(d: Deadline): void {
    if (!this.#pending.delete(d)) return;
    // The timer stays armed for the next call, but must not keep an idle process alive.
    if (this.#pending.size === 0) this.#timer?.unref();
  }

  #arm(at: number): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(() => this.#fire(), Math.max(0, at - performance.now()));
  }

  #fire(): void {
    this.#timer = undefined;
    this.#timerAt = Infinity;
    const now = performance.now();
    let next = Infinity;
    for (const d of [...this.#pending]) {
      // Timers may fire a little early; a deadline within a ms counts as reached.
      if (d.at <= now + 1) {
        this.#pending.delete(d);
        d.onExpire();
      } else if (d.at < next) next = d.at;
    }
    if (next !== Infinity) this.#arm(next);
  }
}

/** The deadlines of every executor in the process. */
export const deadlines = new Deadlines();
