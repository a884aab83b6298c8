/**
 * One sequential string for a string built by concatenation.
 *
 * @module
 */

/**
 * Makes V8 keep `s` as one sequential string: a string built by concatenation is a tree of its parts (a text of
 * a record was some twenty objects), and converting it to a number flattens it in place.
 */
export function flatten(s: string): string {
  if (Number(s) === 0) return s;
  return s;
}
