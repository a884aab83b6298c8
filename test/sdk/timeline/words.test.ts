// The words every surface shows for where a round stands (docs/vocabulary.md), spelt in one module.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  countOf,
  roundText,
  runRoundOf,
  runRoundText,
  taskRoundText,
  TimelineModel,
  type TimelineRecord,
} from '@plugbench/sdk/timeline';

const GOLDEN = path.resolve(__dirname, '../../../examples/golden');

describe('timeline words (docs/vocabulary.md)', () => {
  it('names a Handle round by task and task round, and in full with the run round', () => {
    const rec = { task: 'job-3', round: 7, call: 'handle' } as const;
    assert.equal(taskRoundText(rec), 'job-3 round 7');
    assert.equal(roundText(rec, 54, 92), 'job-3 round 7 (run round 54 of 92)');
  });

  it('says which call an Abort or Finalize round is, since both share the round that ends an attempt', () => {
    assert.equal(taskRoundText({ task: 'job-1', round: 4, call: 'abort' }), 'job-1 round 4 Abort');
    assert.equal(taskRoundText({ task: 'job-1', round: 4, call: 'finalize' }), 'job-1 round 4 Finalize');
  });

  it('counts with a singular for one', () => {
    assert.equal(countOf(1, 'round'), '1 round');
    assert.equal(countOf(92, 'round'), '92 rounds');
    assert.equal(runRoundText(5), 'run round 5');
  });

  it('numbers run rounds as the engine counts rounds: Abort and Finalize that end an attempt share one', () => {
    // Each task's rounds (task.finished.rounds, the executor's count) add up to the run rounds of its calls, in
    // every golden timeline, those with aborts and retries (two calls in one round) among them.
    let shared = 0;
    for (const file of fs.readdirSync(GOLDEN).filter((f) => f.endsWith('.ndjson'))) {
      // Golden files are normalised (no seq, no wall times): read as plain records.
      const text = fs.readFileSync(path.join(GOLDEN, file), 'utf8').trim();
      const records = text.split('\n').map((l) => JSON.parse(l) as TimelineRecord);
      const model = TimelineModel.from(records);
      const engineRounds = records.reduce((n, r) => n + (r.kind === 'task.finished' ? r.rounds : 0), 0);
      const last = model.calls.length - 1;
      assert.equal(runRoundOf(model.calls, last), engineRounds, file);
      shared += model.calls.length - engineRounds;
    }
    assert.ok(shared > 0, 'some golden timeline has an Abort and a Finalize in one round');
  });

  it('gives the run round of any call, 0 before the first, and follows a calls array as it grows', () => {
    const calls = [
      { task: 'a', attempt: 0, round: 1 },
      { task: 'b', attempt: 0, round: 1 },
      { task: 'a', attempt: 0, round: 2 },
    ];
    assert.deepEqual(
      [-1, 0, 1, 2, 5].map((i) => runRoundOf(calls, i)),
      [0, 1, 2, 3, 3],
    );
    calls.push({ task: 'a', attempt: 0, round: 2 }, { task: 'a', attempt: 1, round: 3 });
    assert.equal(runRoundOf(calls, 3), 3, 'the Finalize after the Abort of the same round');
    assert.equal(runRoundOf(calls, 4), 4);
  });
});
