/**
 * Values that are there now or later. A round stays synchronous while the plugin answers synchronously: no promise,
 * no microtask, no async frame; only a plugin that returns a promise makes the rest of its round asynchronous.
 *
 * @module
 */

/** A value now, or a promise of it. */
export type MaybePromise<T> = T | Promise<T>;

/** Whether `x` is a promise-like (anything with a `then` method, as `await` treats it). */
export const isThenable = (x: unknown): x is PromiseLike<unknown> =>
  (typeof x === 'object' || typeof x === 'function') &&
  x !== null &&
  typeof (x as { then?: unknown }).then === 'function';

/** `f(x)` now when `x` is a value, after it settles when it is a promise. */
export function andThen<T, U>(x: MaybePromise<T>, f: (value: T) => MaybePromise<U>): MaybePromise<U> {
  return isThenable(x) ? (x as Promise<T>).then(f) : f(x as T);
}
