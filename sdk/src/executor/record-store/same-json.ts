/**
 * Equality of the small plain values records are made of, as JSON and `assert.deepStrictEqual` see them.
 *
 * @module
 */

/**
 * Whether `a` and `b` are the same plain value: the same primitives, or arrays and plain objects with the same keys in
 * the same order and the same values. Anything else (a class instance, a date) is the same only when it is one object.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && sameArray(a, b);
  if (Array.isArray(b) || !isPlain(a) || !isPlain(b)) return false;
  return sameObject(a as Record<string, unknown>, b as Record<string, unknown>);
}

const isPlain = (x: object): boolean => Object.getPrototypeOf(x) === Object.prototype;

function sameArray(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
  return true;
}

function sameObject(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const bk = Object.keys(b);
  let i = 0;
  for (const k in a) {
    if (bk[i++] !== k || !sameJson(a[k], b[k])) return false;
  }
  return i === bk.length;
}

/** How many keys `o` has, without making their list. */
export function keyCount(o: object): number {
  let n = 0;
  for (const _ in o) n++;
  return n;
}
