/**
 * Execution names the executor makes up, from the seed: deterministic, and shaped like FlyteAdmin's (20
 * characters, a letter first).
 *
 * @module
 */

/** mulberry32: a small, fast, seedable PRNG. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const letters = 'abcdefghijklmnopqrstuvwxyz';
const alnum = `${letters}0123456789`;

/** The execution name of the `index`-th task execution started without one. */
export function executionName(seed: number, index: number): string {
  const rand = mulberry32(Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b));
  let out = letters[Math.floor(rand() * letters.length)]!;
  while (out.length < 20) out += alnum[Math.floor(rand() * alnum.length)]!;
  return out;
}
