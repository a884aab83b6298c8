/**
 * Values that are there now or later. A round stays synchronous while the plugin answers synchronously: no promise,
 * no microtask, no async frame; only a plugin that returns a promise makes the rest of its round asynchronous.
 *
 * @module
 */

/** A value now, or a promise of it. */
export type MaybePromise<T> = T | Promise<T>;

/** A value now, a promise of it, or the {@link Later} of an asynchronous plugin call. */
export type MaybeLater<T> = MaybePromise<T> | Later<T>;

/** Whether `x` is a promise-like (anything with a `then` method, as `await` treats it). */
export const isThenable = (x: unknown): x is PromiseLike<unknown> =>
  (typeof x === 'object' || typeof x === 'function') &&
  x !== null &&
  typeof (x as { then?: unknown }).then === 'function';

/** `f(x)` now when `x` is a value, after it settles when it is a promise. */
export function andThen<T, U>(x: MaybePromise<T>, f: (value: T) => MaybePromise<U>): MaybePromise<U> {
  return isThenable(x) ? (x as Promise<T>).then(f) : f(x as T);
}

interface Listener<T> {
  ok: (value: T) => void;
  fail: (error: unknown) => void;
}

/**
 * The outcome of an asynchronous round, settled by the job that settles the plugin's promise. It is not a promise:
 * under Node's promise hooks (the clock scope's `AsyncLocalStorage`) every promise a round makes costs a hook call
 * and every `await` one more; the run loop {@link Later.listen}s to it and takes one job to go on, as it took one to
 * `await` the promise this replaces. Anything else treats it as a promise: {@link Later.then} makes a real one, and
 * settles it in the same job as the promise it replaces.
 */
export class Later<T> implements PromiseLike<T> {
  #state: 'pending' | 'ok' | 'failed' = 'pending';
  #value: T | undefined;
  #error: unknown;
  // One listener is the rule (the run loop, or one promise); more are kept in a list made only for them.
  #ok: ((value: T) => void) | undefined;
  #fail: ((error: unknown) => void) | undefined;
  #more: Listener<T>[] | undefined;

  /** Calls `ok` or `fail` once it settles (at once if it has); neither may throw. */
  listen(ok: (value: T) => void, fail: (error: unknown) => void): void {
    if (this.#state === 'ok') ok(this.#value as T);
    else if (this.#state === 'failed') fail(this.#error);
    else if (this.#ok === undefined) {
      this.#ok = ok;
      this.#fail = fail;
    } else (this.#more ??= []).push({ ok, fail });
  }

  /** Settles with `value`, or with what `value` settles to when it is a promise. */
  resolve(value: T | PromiseLike<T>): void {
    if (isThenable(value)) {
      value.then(
        (v) => this.resolve(v),
        (e: unknown) => this.reject(e),
      );
      return;
    }
    this.#settle('ok', value);
  }

  /** Settles with an error. */
  reject(error: unknown): void {
    this.#settle('failed', error);
  }

  /** Settles once; the listeners are called once and not kept. */
  #settle(state: 'ok' | 'failed', x: unknown): void {
    if (this.#state !== 'pending') return;
    this.#state = state;
    const first = state === 'ok' ? this.#ok : this.#fail;
    const more = this.#more;
    this.#ok = this.#fail = this.#more = undefined;
    if (state === 'ok') this.#value = x as T;
    else this.#error = x;
    first?.(x as T);
    if (more !== undefined) for (const l of more) (state === 'ok' ? l.ok : l.fail)(x as T);
  }

  /** A real promise of the outcome. */
  promise(): Promise<T> {
    return new Promise<T>((resolve, reject) => this.listen(resolve, reject));
  }

  /** As a promise's `then`: the promise of {@link Later.promise}, then the callbacks. */
  then<A = T, B = never>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.promise().then(onFulfilled, onRejected);
  }
}
