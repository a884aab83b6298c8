/**
 * A value the test expects to be there (an array element, a map entry) when the type allows `undefined`: a
 * failing assertion that names it when it is absent, instead of a `!` that turns the absence into a TypeError later.
 *
 * @module
 */
import assert from 'node:assert/strict';

/** `value`, asserted to be neither `undefined` nor `null`; `what` names it in the failure. */
export function defined<T>(value: T | undefined | null, what: string): T {
  assert.ok(value !== undefined && value !== null, `expected ${what}, got ${String(value)}`);
  return value;
}
