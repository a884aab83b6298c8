// A run set against its golden timeline round by round (the editor's comparison view): the differences are the
// records `plugbench test`'s golden check finds, the first one exactly the one it reports.
import assert from 'node:assert/strict';
import type { TimelineRecord } from '@plugbench/sdk';
import {
  compareWithGolden,
  differenceRounds,
  nextDifferenceRound,
  roundOfLine,
  type CallRecord,
} from '@plugbench/sdk/timeline';
import { compareGolden, createTestbed, goldenText } from '@plugbench/harness';
import { createEchoEntry } from '../../examples/plugins/echo';
import { goldenWithChangedRound } from '../support/changed-golden';

async function echoRun(sleepDurationMs: number, tasks = ['e']): Promise<TimelineRecord[]> {
  const testbed = await createTestbed({ plugin: createEchoEntry({ sleepDurationMs }) });
  for (const id of tasks) testbed.task({ id, type: 'echo' });
  await testbed.runToCompletion();
  return [...testbed.timeline];
}

const callsOf = (records: readonly TimelineRecord[]) => records.filter((r): r is CallRecord => r.kind === 'call');

describe('golden comparison, round by round', () => {
  it('finds no difference between a run and its own golden timeline', async () => {
    const records = await echoRun(20_000, ['a', 'b']);
    const c = compareWithGolden(goldenText(records), records);
    assert.deepEqual(c.differences, []);
    assert.equal(c.expectedRecords, c.actualRecords);
    assert.equal(compareGolden(goldenText(records), records), undefined);
  });

  it('puts a changed round at that round on both sides, and nowhere else', async () => {
    const records = await echoRun(20_000, ['a', 'b']);
    const calls = callsOf(records);
    const changed = 3;
    const golden = goldenWithChangedRound(goldenText(records), changed);
    const c = compareWithGolden(golden, records);
    assert.equal(c.differences.length, 1, JSON.stringify(c.differences.map((d) => d.what)));
    const d = c.differences[0]!;
    assert.equal(d.run, changed);
    assert.equal(d.golden, changed);
    assert.equal(d.what, `call handle of task ${calls[changed]!.task}, attempt 0, round ${calls[changed]!.round}`);
    assert.deepEqual(
      d.fields.map((f) => f.path),
      ['$.pluginPhase.reason'],
    );
    assert.deepEqual(differenceRounds(c.differences), [changed]);
  });

  it('starts with the very difference the harness reports, at the round of that record', async () => {
    const golden = goldenText(await echoRun(20_000));
    const run = await echoRun(30_000);
    const first = compareGolden(golden, run)!;
    const c = compareWithGolden(golden, run);
    assert.ok(c.differences.length >= 1);
    const { run: round, golden: goldenRound, ...same } = c.differences[0]!;
    assert.deepEqual(same, first);
    // The harness names it `call handle of task e, attempt 0, round 4`: the run's fourth round.
    assert.equal(first.what, 'call handle of task e, attempt 0, round 4');
    assert.equal(callsOf(run)[round]!.round, 4);
    assert.equal(goldenRound, round);
    // Every record the comparison marks differs, and the ones it skips are equal line for line.
    const lines = golden.trim().split('\n');
    const marked = new Set(c.differences.map((d) => d.index));
    const ours = goldenText(run).trim().split('\n');
    for (let i = 0; i < Math.max(lines.length, ours.length); i++)
      assert.equal(marked.has(i), lines[i] !== ours[i], `line ${i + 1}`);
  });

  it('places records that are not rounds at the round before them, or the first round', () => {
    const isCall = [false, false, true, true, false, true];
    assert.deepEqual(
      isCall.map((_, i) => roundOfLine(isCall, i)),
      [0, 0, 0, 1, 1, 2],
    );
    assert.equal(roundOfLine(isCall, 9), 2, 'past the end: the last round');
    assert.equal(roundOfLine([false, false], 1), -1, 'no rounds at all');
  });

  it('steps to the next and the previous difference from the cursor', () => {
    const rounds = [2, 5, 9];
    assert.equal(nextDifferenceRound(rounds, -1, 1), 2);
    assert.equal(nextDifferenceRound(rounds, 2, 1), 5);
    assert.equal(nextDifferenceRound(rounds, 9, 1), undefined);
    assert.equal(nextDifferenceRound(rounds, 9, -1), 5);
    assert.equal(nextDifferenceRound(rounds, 2, -1), undefined);
  });
});
