/**
 * The words plugbench shows people for where they are in a run, so that the CLI, the HTML report, the webview, the
 * inspector and the status bar say the same thing. `docs/vocabulary.md` defines them; this module is the one place
 * that spells them.
 *
 * @module
 */
import type { CallRecord } from './types';

/** The call of a round, as people read it (`Handle`, `Abort`, `Finalize`). */
export const CALL_NAMES = { handle: 'Handle', abort: 'Abort', finalize: 'Finalize' } as const satisfies Record<
  CallRecord['call'],
  string
>;

/** `1 round`, `92 rounds`: a count with its noun, singular when one. */
export function countOf(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

/**
 * A task's round: `job-3 round 7`. Abort and Finalize, which share the round that ends an attempt, say which call
 * they are (`job-3 round 7 Finalize`); Handle, the common case, says nothing more.
 */
export function taskRoundText(rec: Pick<CallRecord, 'task' | 'round' | 'call'>): string {
  return `${rec.task} round ${rec.round}${rec.call === 'handle' ? '' : ` ${CALL_NAMES[rec.call]}`}`;
}

/** A run round, from 1: `run round 54 of 92`; without a total, `run round 54`. */
export function runRoundText(runRound: number, runRounds?: number): string {
  return runRounds === undefined ? `run round ${runRound}` : `run round ${runRound} of ${runRounds}`;
}

/** Where a round stands, in the task and in the run: `job-3 round 7 (run round 54 of 92)`. */
export function roundText(
  rec: Pick<CallRecord, 'task' | 'round' | 'call'>,
  runRound: number,
  runRounds?: number,
): string {
  return `${taskRoundText(rec)} (${runRoundText(runRound, runRounds)})`;
}

/** The run rounds of a calls array, cached as it grows (a model's `calls` only grow; a new run is a new array). */
const runRoundsCache = new WeakMap<readonly object[], number[]>();

/**
 * The run round, from 1, of call `index` of a run's `calls` (0 before the first). A run round is one round of the
 * engine: a Handle call, or the Abort and Finalize calls that end an attempt, which share their task round and so
 * their run round; `runRoundOf(calls, calls.length - 1)` is the number of run rounds recorded.
 */
export function runRoundOf(calls: readonly Pick<CallRecord, 'task' | 'attempt' | 'round'>[], index: number): number {
  const last = Math.min(index, calls.length - 1);
  if (last < 0) return 0;
  let known = runRoundsCache.get(calls);
  if (!known || known.length > calls.length) runRoundsCache.set(calls, (known = []));
  for (let i = known.length; i <= last; i++) {
    const prev = calls[i - 1];
    const call = calls[i]!;
    const same = prev && prev.task === call.task && prev.attempt === call.attempt && prev.round === call.round;
    known.push(i === 0 ? 1 : known[i - 1]! + (same ? 0 : 1));
  }
  return known[last]!;
}
