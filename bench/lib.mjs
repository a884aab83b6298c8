// Shared helpers of the benchmarks: timing with warm-up, forced collections, and the built SDK.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The built @plugbench/sdk (run `npm run build` first; `npm run bench` does). */
export function sdk() {
  try {
    return require('@plugbench/sdk');
  } catch (e) {
    throw new Error(`cannot load the built @plugbench/sdk (${e.message}); run \`npm run build\` first`);
  }
}

/** A full collection, when node runs with --expose-gc. */
export function gc() {
  if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc (npm run bench does)');
  globalThis.gc();
  globalThis.gc();
}

/** Heap used after a full collection, bytes. */
export function heapUsed() {
  gc();
  return process.memoryUsage().heapUsed;
}

/**
 * Runs `fn(n)` (which performs n operations) repeatedly and returns the best ns per operation of `reps` timed runs,
 * after `warmup` untimed runs. The best of several runs is the least noisy estimate on a shared machine.
 */
export async function nsPerOp(fn, { n, reps = 5, warmup = 2 }) {
  for (let i = 0; i < warmup; i++) await fn(n);
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    await fn(n);
    const ns = Number(process.hrtime.bigint() - t0) / n;
    if (ns < best) best = ns;
  }
  return best;
}

/** Rounds a number for tables. */
export const round = (x, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
