// The words every surface shows for where a round stands (docs/vocabulary.md), spelt in one module.
import assert from 'node:assert/strict';
import { countOf, roundText, runRoundText, taskRoundText } from '@plugbench/sdk/timeline';

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
});
