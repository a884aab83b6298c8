// Ephemeral vs Barrier transitions (task/handler.go, the pre-2023 barrier cache the API document describes):
// when a round's persisted write is lost (the 'lose-state-write' fault, a stale read), the next round of an
// Ephemeral plugin calls Handle again on the old state, while a Barrier plugin's transition is replayed from the cache
// (keyed by generated name) without calling Handle.
import assert from 'node:assert/strict';
import {
  create,
  doTransitionType,
  LiteralMapSchema,
  newInMemoryOutputReader,
  phaseInfoRetryableFailure,
  phaseInfoRunning,
  phaseInfoSuccess,
  TransitionType,
} from '@plugbench/sdk';
import { handles, runOne, sentEvents, steps, template, testPlugin } from '../../support/plugins';

/** Counts in its state: reads n, puts n + 1, reports Running:n+1; Success after 4. */
function counter(type: TransitionType) {
  return testPlugin('p', (tCtx) => {
    const n = (tCtx.pluginStateReader().get<{ n: number }>().value?.n ?? 0) + 1;
    tCtx.pluginStateWriter().put(1, { n });
    return doTransitionType(type, n > 4 ? phaseInfoSuccess() : phaseInfoRunning(n));
  });
}

const lostOnRound2 = [{ kind: 'lose-state-write' as const, round: 2 }];

describe('executor: Ephemeral vs Barrier after a lost write', () => {
  it('Ephemeral re-runs Handle on the old state; Barrier replays the cached transition without calling Handle', async () => {
    const eph = counter(TransitionType.Ephemeral);
    const bar = counter(TransitionType.Barrier);
    const e = await runOne(eph, { faults: lostOnRound2 });
    const b = await runOne(bar, { faults: lostOnRound2 });
    await steps(e.ex, 3);
    await steps(b.ex, 3);

    // Round 2 lost its write in both: the event went out, the state did not persist.
    for (const ex of [e.ex, b.ex]) {
      const lost = handles(ex)[1]!;
      assert.deepEqual(lost.faults, ['lose-state-write']);
      assert.equal(lost.decision?.code, 'write-lost');
      assert.equal(lost.state?.persisted, false);
    }

    // Ephemeral: round 3 called Handle, which read the state of round 1 again.
    assert.equal(eph.count('handle'), 3);
    assert.deepEqual(
      eph.seen.map((s) => s.state),
      [undefined, { n: 1 }, { n: 1 }],
    );
    assert.equal(handles(e.ex)[2]!.decision?.code, 'event');

    // Barrier: round 3 did not call Handle; the cached transition of round 2, with its state, was persisted.
    assert.equal(bar.count('handle'), 2);
    const replayed = handles(b.ex)[2]!;
    assert.equal(replayed.decision?.code, 'barrier-replay');
    assert.equal(replayed.transition?.type, 'Barrier');
    assert.equal(replayed.state?.persisted, true);
    assert.deepEqual(replayed.state?.after.value, { n: 2 });
    assert.deepEqual(b.ex.task(b.id).state.value, { n: 2 });

    // Both re-sent RUNNING:2 (events are at least once); then Barrier goes on from n = 2.
    assert.deepEqual(sentEvents(e.ex), ['RUNNING:1', 'RUNNING:2', 'RUNNING:2']);
    assert.deepEqual(sentEvents(b.ex), ['RUNNING:1', 'RUNNING:2', 'RUNNING:2']);
    await steps(b.ex, 1);
    assert.deepEqual(bar.seen.at(-1)!.state, { n: 2 });
  });

  it('without a lost write, Barrier behaves as Ephemeral (Handle every round)', async () => {
    const bar = counter(TransitionType.Barrier);
    const { ex, id } = await runOne(bar);
    await ex.runUntil({ maxRounds: 20 });
    assert.equal(bar.count('handle'), 5);
    assert.ok(handles(ex).every((r) => r.decision?.code !== 'barrier-replay'));
    assert.equal(ex.task(id).nodePhase, 'Succeeded');
  });

  it('with barrier: false, a Barrier transition is Ephemeral (Flyte since 2023-04: the cache was removed)', async () => {
    const bar = counter(TransitionType.Barrier);
    const { ex } = await runOne(bar, { faults: lostOnRound2, barrier: false });
    await steps(ex, 3);
    assert.equal(bar.count('handle'), 3);
    assert.deepEqual(bar.seen[2]!.state, { n: 1 });
  });

  it('the cache is keyed by generated name: a new attempt does not replay the previous attempt', async () => {
    // A retried failure persists nothing (Go ClearNodeStatus), so attempt 0's cached tick stays ahead of the persisted
    // one; attempt 1 has a new generated name and must call Handle.
    const p = testPlugin('p', (tCtx) => {
      const attempt = tCtx.taskExecutionMetadata().getTaskExecutionID().getID().retryAttempt;
      return doTransitionType(
        TransitionType.Barrier,
        attempt === 0 ? phaseInfoRetryableFailure('Again', 'try again') : phaseInfoSuccess(),
      );
    });
    const { ex, id } = await runOne(p, {}, { retries: 1 });
    await ex.runUntil({ maxRounds: 20 });
    assert.deepEqual(
      p.seen.filter((s) => s.call === 'handle').map((s) => [s.attempt, s.generatedName.at(-1)]),
      [
        [0, '0'],
        [1, '1'],
      ],
    );
    assert.ok(handles(ex).every((r) => r.decision?.code !== 'barrier-replay'));
    assert.equal(ex.task(id).nodePhase, 'Succeeded');
  });
});

describe('executor: a replayed Barrier transition is used as validated (old nodes/task/handler.go Handle, at flytepropeller 0c982eaa^)', () => {
  // Go cached the transition after invokePlugin had validated the outputs, and a replay used it as is: no second
  // validation, and the round sent its event again.
  for (const type of [TransitionType.Barrier, TransitionType.Ephemeral]) {
    it(`${type === TransitionType.Barrier ? 'Barrier' : 'Ephemeral'}: a Success whose outputs were put in the same round succeeds after a lost write`, async () => {
      const p = testPlugin('p', async (tCtx) => {
        await tCtx.outputWriter().put(newInMemoryOutputReader(create(LiteralMapSchema, {})));
        return doTransitionType(type, phaseInfoSuccess());
      });
      const { ex, id } = await runOne(
        p,
        { faults: [{ kind: 'lose-state-write', round: 1 }] },
        { template: template('p', { outputs: ['out'] }) },
      );
      await ex.runUntil({ maxRounds: 20 });
      assert.equal(ex.task(id).nodePhase, 'Succeeded');
      const second = handles(ex)[1]!;
      assert.equal(second.error, undefined);
      assert.equal(second.events.at(-1)!.phase, 'SUCCEEDED', 'the event is sent again');
      assert.match(second.events.at(-1)!.outputUri ?? '', /outputs\.pb$/);
      assert.equal(second.decision?.code, type === TransitionType.Barrier ? 'barrier-replay' : 'event');
      assert.equal(p.count('handle'), type === TransitionType.Barrier ? 1 : 2);
    });
  }

  it('a Barrier Success whose outputs failed validation replays as the failure it became', async () => {
    const p = testPlugin('p', () => doTransitionType(TransitionType.Barrier, phaseInfoSuccess()));
    const { ex } = await runOne(
      p,
      { faults: [{ kind: 'lose-state-write', round: 1 }] },
      { template: template('p', { outputs: ['out'], retries: 1 }) },
    );
    await steps(ex, 2);
    const [first, second] = handles(ex);
    assert.equal(first!.events.at(-1)!.pluginPhase, 'RetryableFailure');
    assert.deepEqual(
      second!.events.map((e) => [e.pluginPhase, e.err?.code]),
      [['RetryableFailure', 'OutputsNotGenerated']],
    );
    assert.equal(p.count('handle'), 1, 'the second round replayed the cached failure');
  });
});
