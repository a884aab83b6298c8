// What an event list row says about a round, in the words of docs/vocabulary.md.
import assert from 'node:assert/strict';
import { TimelineModel, roundText, taskRoundText } from '@plugbench/sdk/timeline';
import { eventText, resourceText, roundSummary } from '../../view/src/event-row';
import { syntheticTimeline } from '../support/synthetic-timeline';

describe('view: event list row', () => {
  const model = TimelineModel.from(syntheticTimeline({ tasks: 12, seed: 9 }));
  const n = model.callCount;

  it('names the round as task round and run round, with its phase, events, resource calls and error', () => {
    model.calls.forEach((rec, i) => {
      const s = roundSummary(model, i);
      assert.equal(s.runRound, i + 1);
      assert.equal(s.taskRound, taskRoundText(rec));
      assert.equal(s.label, roundText(rec, i + 1, n));
      assert.equal(s.phase, `${rec.pluginPhase.phase} v${rec.pluginPhase.version}`);
      assert.equal(s.events.length, rec.events.length);
      assert.equal(s.resources.length, rec.resources.length);
      assert.equal(s.error !== undefined, rec.error !== undefined || rec.decision?.code === 'round-error');
    });
    const fin = model.calls.findIndex((c) => c.call === 'finalize');
    assert.match(roundSummary(model, fin).taskRound, / round \d+ Finalize$/);
  });

  it('writes events by event phase and resource calls by what they mean for the task', () => {
    assert.equal(eventText({ phase: 'RUNNING', version: 2 }), 'RUNNING v2');
    assert.equal(
      resourceText({ op: 'allocate', namespace: 'api', status: 'ResourceExhausted' }),
      'allocate api: waits',
    );
    assert.equal(
      resourceText({ op: 'allocate', namespace: 'gpu', status: 'ResourceGranted' }),
      'allocate gpu: granted',
    );
    assert.equal(resourceText({ op: 'release', namespace: 'gpu' }), 'release gpu: released');
    assert.equal(
      resourceText({ op: 'allocate', namespace: 'db', error: { message: 'timeout' } }),
      'allocate db: failed (timeout)',
    );
  });
});
