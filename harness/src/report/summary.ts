/**
 * The HTML report's summary: the run's expectations, contract checks and golden timeline as
 * {@link expectationCases} decides them (the same cases `plugbench test` and Test Explorer report), each placed at
 * the round it is decided at, so the report can move its cursor there.
 *
 * @module
 */
import {
  canonicalLines,
  roundOfLine,
  type CallRecord,
  type GoldenJson,
  type TimelineRecord,
} from '@plugbench/sdk/timeline';
import type { ReportSummary, SummaryItem } from '@plugbench/sdk/timeline';
import type { CheckViolation } from '../checks';
import { loadFixture } from '../fixture/load';
import type { Fixture } from '../fixture/schema';
import type { FixtureResult } from '../run-fixture';
import { expectationCases, type ExpectationCase } from '../test-cases';

/** Where the rounds of a run are, by task and by record. */
interface Rounds {
  calls: CallRecord[];
  /** The last round of each task: where its outcome is decided. */
  lastOf: Map<string, number>;
}

function roundsOf(records: readonly TimelineRecord[]): Rounds {
  const calls = records.filter((r): r is CallRecord => r.kind === 'call');
  const lastOf = new Map<string, number>();
  calls.forEach((c, i) => lastOf.set(c.task, i));
  return { calls, lastOf };
}

/** The round a contract check's first violation was seen at: its task round, else its record, else none. */
function violationRound(v: CheckViolation | undefined, r: Rounds): number {
  if (v === undefined) return -1;
  const at = r.calls.findIndex(
    (c) =>
      (v.task === undefined || c.task === v.task) &&
      (v.attempt === undefined || c.attempt === v.attempt) &&
      (v.round === undefined || c.round === v.round) &&
      (v.seq === undefined || c.seq >= v.seq),
  );
  return at >= 0 ? at : v.task !== undefined ? (r.lastOf.get(v.task) ?? -1) : -1;
}

/** The round of the golden timeline's first difference, as the comparison view places it. */
function goldenRound(result: FixtureResult): number {
  const g = result.golden;
  if (g?.status !== 'differs') return -1;
  const isCall = canonicalLines(result.timeline).lines.map(
    (l: GoldenJson) => typeof l === 'object' && l !== null && !Array.isArray(l) && l.kind === 'call',
  );
  return roundOfLine(isCall, g.diff.index);
}

function item(group: string, c: ExpectationCase, kind: SummaryItem['kind'], call: number): SummaryItem {
  return {
    group,
    kind,
    label: c.label,
    passed: c.passed,
    ...(c.message !== undefined && !c.passed ? { message: c.message } : {}),
    call,
  };
}

/**
 * The summary of a fixture run (`task`: only that task's expectations, as `plugbench run --task` shows only its
 * lane). Every task's expectations are placed at the task's last round, the run's at the run's last round.
 */
export function reportSummary(fixture: Fixture, result: FixtureResult, task?: string): ReportSummary {
  const rounds = roundsOf(result.timeline);
  const cases = expectationCases(fixture, result);
  const last = rounds.calls.length - 1;
  const items: SummaryItem[] = [];
  for (const t of cases.tasks) {
    if (task !== undefined && t.task !== task) continue;
    for (const c of t.expectations) items.push(item(t.task, c, 'expectation', rounds.lastOf.get(t.task) ?? -1));
  }
  if (task === undefined)
    for (const c of cases.checks) {
      if (c.id === 'golden') items.push(item('run', c, 'golden', goldenRound(result)));
      else if (c.id.startsWith('expect.')) items.push(item('run', c, 'expectation', last));
      else
        items.push(
          item(
            'run',
            c,
            'check',
            violationRound(
              result.violations.find((v) => v.check === c.id),
              rounds,
            ),
          ),
        );
    }
  return { fixture: result.name, passed: result.passed, items };
}

/** {@link reportSummary} of a run, reading its fixture again; `undefined` when the fixture cannot be read now. */
export async function summaryOfRun(result: FixtureResult, task?: string): Promise<ReportSummary | undefined> {
  try {
    return reportSummary((await loadFixture(result.file)).fixture, result, task);
  } catch {
    return undefined;
  }
}
