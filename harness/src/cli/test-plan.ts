/**
 * What `plugbench test`'s flags ask for, checked: where each reporter writes (`--reporter` may be given several
 * times; `--out` files go to the reporters that write a document, in order), how many runners, which shard of the
 * fixtures, the per-fixture time limit. A command line that cannot be followed is a {@link PlanError} (exit code 2).
 *
 * @module
 */
import { availableParallelism } from 'node:os';
import { DEFAULT_FIXTURE_TIMEOUT_MS } from '../runner/pool/fixture-pool';
import { REPORTERS, type ReporterName } from './reporters';

/** A flag that cannot be followed. */
export class PlanError extends Error {}

/** One reporter and where it writes: a file, or standard output. */
export interface ReportTarget {
  reporter: ReporterName;
  out?: string;
}

/** Where reports and progress go. */
export interface ReportPlan {
  /** Every reporter that writes a report once the run is over. */
  targets: ReportTarget[];
  /** Where the spec lines of fixtures as they finish go. */
  progress: 'stdout' | 'stderr';
}

/**
 * Routes reporters: one reporter takes `--out` whatever it is; with several, `spec` is the progress on the terminal
 * and the `--out` files go to json, junit and github in the order given. At most one report on standard output.
 */
export function reportPlan(reporters: readonly string[], outs: readonly string[]): ReportPlan {
  const names = reporters.length > 0 ? reporters : ['spec'];
  for (const r of names)
    if (!(REPORTERS as readonly string[]).includes(r))
      throw new PlanError(`--reporter ${r}: one of ${REPORTERS.join(', ')}`);
  if (new Set(names).size !== names.length) throw new PlanError(`--reporter given twice: ${names.join(', ')}`);
  const chosen = names as ReporterName[];
  if (chosen.length === 1) {
    if (outs.length > 1) throw new PlanError(`--out given ${outs.length} times for one reporter`);
    const only = chosen[0]!;
    if (only === 'spec' && outs.length === 0) return { targets: [], progress: 'stdout' };
    return { targets: [{ reporter: only, ...(outs[0] !== undefined ? { out: outs[0] } : {}) }], progress: 'stderr' };
  }
  const documents = chosen.filter((r) => r !== 'spec');
  if (outs.length > documents.length)
    throw new PlanError(`--out given ${outs.length} times for ${documents.length} report(s) (${documents.join(', ')})`);
  const targets = documents.map((reporter, i) => ({ reporter, ...(outs[i] !== undefined ? { out: outs[i] } : {}) }));
  const onStdout = targets.filter((t) => t.out === undefined);
  if (onStdout.length > 1)
    throw new PlanError(
      `${onStdout.map((t) => t.reporter).join(' and ')} would both write to standard output: give each but one an --out file`,
    );
  return { targets, progress: onStdout.length === 0 && chosen.includes('spec') ? 'stdout' : 'stderr' };
}

/** `--jobs N`: a positive whole number; default the number of cores. */
export function parseJobs(value: string | undefined): number {
  if (value === undefined) return availableParallelism();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new PlanError(`--jobs ${value}: a whole number of runner processes, 1 or more`);
  return n;
}

/** `--timeout MS`: a positive number of milliseconds. */
export function parseTimeout(value: string | undefined): number {
  if (value === undefined) return DEFAULT_FIXTURE_TIMEOUT_MS;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new PlanError(`--timeout ${value}: milliseconds, more than 0`);
  return n;
}

/** `--grep PATTERN`: a valid regular expression. */
export function parseGrep(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    new RegExp(value, 'i');
  } catch (e) {
    throw new PlanError(`--grep ${value}: ${(e as Error).message}`);
  }
  return value;
}

/**
 * `--shard I/N`: the I-th of N parts of the fixture list (1-based). The list is sorted, and part I takes every N-th
 * fixture from the I-th on, so the N parts together are the list, each fixture once, whatever machine runs them.
 */
export function shardOf<T extends string>(files: readonly T[], value: string | undefined): T[] {
  if (value === undefined) return [...files];
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count)
    throw new PlanError(`--shard ${value}: I/N with 1 <= I <= N, e.g. --shard 1/4`);
  return [...files].sort().filter((_, i) => i % count === index - 1);
}
