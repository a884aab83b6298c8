/**
 * A run set against its golden timeline, round by round: every record {@link goldenLineDiffs} finds different
 * (the comparison `plugbench test` makes), placed at the round of each side where it shows, so that a view can put
 * one cursor on both timelines and jump from difference to difference. Pure: no files, no DOM.
 *
 * @module
 */
import { canonicalLines, goldenLineDiffs, parseGoldenText, type GoldenDiff, type GoldenJson } from './golden';
import type { TimelineRecord } from './types';

/** One difference, with the round of the run and of the golden timeline it belongs to. */
export interface GoldenRoundDiff extends GoldenDiff {
  /** The run's round (index in its calls; -1 before the first) where this record shows. */
  run: number;
  /** The golden timeline's round (index in its calls; -1 before the first) where this record shows. */
  golden: number;
}

/** A run compared with its golden timeline. */
export interface GoldenComparison {
  /** Every differing record, in order; the first is the one `plugbench test` reports. Empty when they match. */
  differences: GoldenRoundDiff[];
  /** Records (lines) of the golden timeline and of the run, in the canonical projection. */
  expectedRecords: number;
  actualRecords: number;
}

/**
 * The round a line belongs to, given which lines are calls: a call is its own round; any other record shows at the
 * round before it (a task's `task.finished` follows its last call), or at the first round when it comes before any
 * (`run.started`, the quotas); past the end, the last round.
 */
export function roundOfLine(isCall: readonly boolean[], line: number): number {
  let calls = 0;
  const end = Math.min(line, isCall.length - 1);
  for (let i = 0; i <= end; i++) if (isCall[i]) calls++;
  if (line >= isCall.length) return calls - 1;
  if (calls > 0) return calls - 1;
  return isCall.some(Boolean) ? 0 : -1;
}

const isCallLine = (l: GoldenJson): boolean =>
  typeof l === 'object' && l !== null && !Array.isArray(l) && l.kind === 'call';

/** Compares a run's records with golden NDJSON text, round by round. */
export function compareWithGolden(goldenText: string, records: readonly TimelineRecord[]): GoldenComparison {
  const expected = parseGoldenText(goldenText);
  const actual = canonicalLines(records);
  const goldenCalls = expected.map(isCallLine);
  const runCalls = actual.lines.map(isCallLine);
  const differences = goldenLineDiffs(expected, actual.lines).map((d): GoldenRoundDiff => ({
    ...d,
    run: roundOfLine(runCalls, d.index),
    golden: roundOfLine(goldenCalls, d.index),
  }));
  return { differences, expectedRecords: expected.length, actualRecords: actual.lines.length };
}

/** The differences' distinct run rounds, in order: where "next difference" and "previous difference" stop. */
export function differenceRounds(differences: readonly Pick<GoldenRoundDiff, 'run'>[]): number[] {
  const out: number[] = [];
  for (const d of differences) if (out[out.length - 1] !== d.run) out.push(d.run);
  return out;
}

/** The first difference's round after `cursor` (`direction` 1) or before it (-1); `undefined` when there is none. */
export function nextDifferenceRound(rounds: readonly number[], cursor: number, direction: 1 | -1): number | undefined {
  if (direction === 1) return rounds.find((r) => r > cursor);
  for (let i = rounds.length - 1; i >= 0; i--) if (rounds[i]! < cursor) return rounds[i];
  return undefined;
}
