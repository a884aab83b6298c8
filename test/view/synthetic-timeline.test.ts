import assert from 'node:assert/strict';
import { TimelineRecordSchema } from '@plugbench/sdk/timeline';
import { syntheticTimeline } from '../support/synthetic-timeline';

describe('synthetic timeline generator', () => {
  it('writes records that follow the timeline schema, in seq order', () => {
    for (const options of [{}, { tasks: 40, seed: 7 }, { tasks: 30, calls: 500, seed: 3 }]) {
      const records = syntheticTimeline(options);
      records.forEach((r, i) => {
        const parsed = TimelineRecordSchema.safeParse(r);
        assert.ok(parsed.success, `record ${i}: ${parsed.success ? '' : parsed.error.message}`);
        assert.equal(r.seq, i);
      });
      assert.equal(records[0]!.kind, 'run.started');
      assert.equal(records.at(-1)!.kind, 'run.finished');
    }
  });

  it('is deterministic', () => {
    assert.equal(
      JSON.stringify(syntheticTimeline({ tasks: 20, seed: 5 })),
      JSON.stringify(syntheticTimeline({ tasks: 20, seed: 5 })),
    );
    assert.notEqual(
      JSON.stringify(syntheticTimeline({ tasks: 20, seed: 5 })),
      JSON.stringify(syntheticTimeline({ tasks: 20, seed: 6 })),
    );
  });

  it('stops at exactly the requested number of calls', () => {
    const records = syntheticTimeline({ tasks: 50, calls: 1000 });
    assert.equal(records.filter((r) => r.kind === 'call').length, 1000);
    const last = records.at(-1)!;
    assert.ok(last.kind === 'run.finished' && last.reason === 'round-cap' && last.rounds === 1000);
  });

  it('covers what the view draws: waits, dedup, round errors, retries, abort and finalize, barrier replays', () => {
    const calls = syntheticTimeline({ tasks: 20 }).filter((r) => r.kind === 'call');
    const codes = new Set(calls.map((c) => c.decision?.code));
    for (const code of ['event', 'dedup', 'round-error', 'retry', 'barrier-replay'])
      assert.ok(codes.has(code as never), code);
    assert.ok(calls.some((c) => c.call === 'abort'));
    assert.ok(calls.some((c) => c.call === 'finalize'));
    assert.ok(calls.some((c) => c.attempt === 1));
    assert.ok(calls.some((c) => c.resources.some((r) => r.status === 'ResourceExhausted')));
    assert.ok(calls.some((c) => c.pluginPhase.phase === 'PermanentFailure'));
  });
});
