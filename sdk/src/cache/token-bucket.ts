/**
 * A token bucket in virtual time (Go `golang.org/x/time/rate.Limiter` as the work queue's bucket rate limiter
 * uses it): `burst` tokens, refilled at `qps` per second.
 *
 * @module
 */

/** Go `RateLimiterConfig`: queries per second and burst. */
export interface RateLimit {
  qps: number;
  burst: number;
}

/** A virtual token bucket: {@link VirtualTokenBucket.reserve} says when the next token is there. */
export class VirtualTokenBucket {
  readonly #limit: RateLimit;
  #tokens: number;
  #at = Number.NEGATIVE_INFINITY;

  constructor(limit: RateLimit) {
    if (!(limit.qps > 0) || !(limit.burst >= 1))
      throw new RangeError(`invalid rate limit: qps ${limit.qps}, burst ${limit.burst}`);
    this.#limit = limit;
    this.#tokens = limit.burst;
  }

  /** Takes a token at or after `atMs`; returns the instant it was available (Go `Reserve().Delay()` added). */
  reserve(atMs: number): number {
    const t = Math.max(atMs, this.#at === Number.NEGATIVE_INFINITY ? atMs : this.#at);
    const refilled =
      this.#at === Number.NEGATIVE_INFINITY
        ? this.#tokens
        : Math.min(this.#limit.burst, this.#tokens + ((t - this.#at) / 1000) * this.#limit.qps);
    if (refilled >= 1) {
      this.#tokens = refilled - 1;
      this.#at = t;
      return t;
    }
    // Wait for the missing fraction of a token; rounded up to a whole ms, the virtual clock's unit.
    const wait = Math.ceil(((1 - refilled) / this.#limit.qps) * 1000);
    this.#tokens = refilled + (wait / 1000) * this.#limit.qps - 1;
    this.#at = t + wait;
    return t + wait;
  }
}
