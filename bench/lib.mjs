// Shared helpers of the benchmarks: timing with warm-up, forced collections, and the built SDK.
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
 * after `warmup` untimed runs. The best of several runs is the least noisy estimate on a shared machine. `cpu`: the
 * process's CPU time instead of the wall time (see {@link cpuTimeNs}).
 */
export async function nsPerOp(fn, { n, reps = 5, warmup = 2, cpu = false }) {
  for (let i = 0; i < warmup; i++) await fn(n);
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const ns = (await (cpu ? cpuTimeNs : timeNs)(() => fn(n))) / n;
    if (ns < best) best = ns;
  }
  return best;
}

/** Rounds a number for tables. */
export const round = (x, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The median of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Paired, interleaved timing: each repetition runs every variant once (in an order that rotates from one
 * repetition to the next, so no variant always runs first or last). `variants` maps a name to `async (n) => ns`
 * (the variant times its own timed phase, leaving set-up out). Returns per variant its ns per op of every
 * repetition; {@link ratio} pairs two variants repetition by repetition. No forced collection anywhere:
 * collecting throws away optimised code.
 */
export async function paired(variants, { n, reps = 9, warmup = 2 }) {
  const names = Object.keys(variants);
  for (let w = 0; w < warmup; w++) for (const name of names) await variants[name](n);
  const samples = Object.fromEntries(names.map((k) => [k, []]));
  for (let r = 0; r < reps; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length];
      samples[name].push((await variants[name](n)) / n);
    }
  }
  return samples;
}

/** Median and minimum of a variant's ns per op. */
export const summary = (xs) => ({ nsMedian: median(xs), nsMin: Math.min(...xs) });

/**
 * The ratio a / b of two variants of {@link paired}, taken inside each repetition (a neighbour's burst of load hits
 * a pair rather than one side of the comparison): the median and the minimum over repetitions.
 */
export function ratio(samples, a, b) {
  const rs = samples[a].map((x, i) => x / samples[b][i]);
  return { median: median(rs), min: Math.min(...rs) };
}

/** ns elapsed while `fn()` runs. */
export async function timeNs(fn) {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0);
}

/**
 * ns of CPU time this process spent (every thread: the collector's helpers included) while `fn()` runs. On a shared
 * machine the wall time also counts whatever ran instead of this process (the same loop measured 2.3 us a round on
 * a quiet machine and 10 us under a load of 20 on its 2 cores); its CPU time counts only what it did.
 */
export async function cpuTimeNs(fn) {
  const c0 = process.cpuUsage();
  await fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) * 1000;
}

/** Every fixture of the repository's examples/ folder (absolute paths, sorted): what `plugbench test examples` runs. */
export function exampleFixtures() {
  const examples = join(dirname(fileURLToPath(import.meta.url)), '..', 'examples');
  return readdirSync(examples, { recursive: true })
    .filter((f) => /\.fixture\.(json|ya?ml)$/.test(f))
    .map((f) => join(examples, f))
    .sort();
}
