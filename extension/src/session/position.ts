/**
 * Where a session's cursor is, in the words of docs/vocabulary.md: the run round of the cursor and how many run
 * rounds are recorded, and the line that names them (`job-3 round 7 (run round 54 of 92)`). Apart from the session
 * because it is wording, not stepping.
 *
 * @module
 */
import { countOf, roundText, runRoundOf, runRoundText, type TimelineModel } from '@plugbench/sdk/timeline';

/** The cursor's place in a run. */
export interface Position {
  /** The cursor's run round, from 1; 0 before the first round. */
  runRound: number;
  /** The run rounds recorded. */
  runRounds: number;
  /** The position as people read it. */
  text: string;
}

/** Where call `cursor` (-1: before the first round) of `model` stands. */
export function positionOf(model: TimelineModel, cursor: number): Position {
  const calls = model.calls;
  const runRounds = runRoundOf(calls, calls.length - 1);
  const call = calls[cursor];
  if (!call) {
    const recorded = runRounds > 0 ? ` (${countOf(runRounds, 'run round')} recorded)` : '';
    return { runRound: 0, runRounds, text: `before ${runRoundText(1)}${recorded}` };
  }
  const runRound = runRoundOf(calls, cursor);
  return { runRound, runRounds, text: roundText(call, runRound, runRounds) };
}

/** The cursor's run round as a short label: `run round 54 of 92`, `before run round 1`. */
export function runRoundLabel(p: Pick<Position, 'runRound' | 'runRounds'>): string {
  return p.runRound === 0 ? `before ${runRoundText(1)}` : runRoundText(p.runRound, p.runRounds);
}
