// Abort and Finalize (task/handler.go Abort, Finalize): Abort is skipped when the persisted plugin phase is terminal,
// Finalize always runs (after Success, after a permanent failure, after Abort even when Abort fails); an abort from
// outside (a task or a whole workflow execution) runs Abort + Finalize and sends the final ABORTED event (version 0,
// the reason); events recorded during Abort go out with the persisted version + 1, as ABORTED.
import assert from 'node:assert/strict';
import {
  doTransition,
  Executor,
  InvalidArgumentError,
  phaseInfoFailure,
  phaseInfoQueued,
  phaseInfoRunning,
  phaseInfoSuccess,
} from '@plugbench/sdk';
import {
  callSequence,
  calls,
  entryOf,
  recordsOf,
  runOne,
  sentEvents,
  steps,
  template,
  testPlugin,
} from '../../support/plugins';

const at = new Date(Date.UTC(2024, 0, 1));

describe('executor: Abort and Finalize', () => {
  it('after Success only Finalize runs, with the persisted state', async () => {
    const p = testPlugin('p', (tCtx, n) => {
      tCtx.pluginStateWriter().put(1, { n });
      return doTransition(n < 2 ? phaseInfoRunning(n) : phaseInfoSuccess());
    });
    const { ex, id } = await runOne(p);
    await ex.runUntil({ maxRounds: 10 });
    assert.deepEqual(callSequence(ex), ['handle', 'handle', 'finalize']);
    assert.deepEqual(p.seen.at(-1)!.state, { n: 2 });
    assert.equal(ex.task(id).nodePhase, 'Succeeded');
    assert.equal(recordsOf(ex, 'task.finished')[0]!.nodePhase, 'Succeeded');
  });

  it('after a permanent failure Abort is skipped (the persisted phase is terminal), and Finalize runs', async () => {
    const p = testPlugin('p', () => doTransition(phaseInfoFailure('Bad', 'bad')));
    const { ex, id } = await runOne(p);
    await ex.runUntil({ maxRounds: 10 });
    assert.equal(p.count('abort'), 0);
    assert.equal(p.count('finalize'), 1);
    const skipped = calls(ex).find((r) => r.call === 'abort')!;
    assert.equal(skipped.skipped, 'Abort skipped: the persisted plugin phase PhasePermanentFailure is terminal');
    assert.deepEqual(skipped.events, [], 'no ABORTED event when Abort is skipped');
    assert.equal(ex.task(id).nodePhase, 'Failed');
  });

  it('abort(task, reason): Abort then Finalize, the final ABORTED event (version 0, no reason: Go task handler Abort, PhaseInfoFailed(PhaseAborted)), task Aborted with the reason', async () => {
    const p = testPlugin('p', (tCtx, n) => {
      tCtx.pluginStateWriter().put(1, { n });
      return doTransition(phaseInfoRunning(n));
    });
    const { ex, id } = await runOne(p);
    await steps(ex, 2);
    ex.abort(id, 'user pressed stop');
    await ex.runUntil({ maxRounds: 10 });
    assert.deepEqual(callSequence(ex), ['handle', 'handle', 'abort', 'finalize']);
    assert.deepEqual(p.seen[2]!.state, { n: 2 }, 'Abort sees the persisted state');
    const abort = calls(ex).find((r) => r.call === 'abort')!;
    const final = abort.events.at(-1)!;
    // Go nodes/task/handler.go Abort builds it with PhaseInfoFailed(PhaseAborted, ...), which sets no reason; the
    // reason is the node's (task.finished), not the task event's.
    assert.deepEqual([final.source, final.phase, final.version, final.reason], ['abort', 'ABORTED', 0, undefined]);
    assert.equal(final.err, undefined, 'Aborted is not a failure: no error in the event');
    assert.equal(ex.task(id).nodePhase, 'Aborted');
    const finished = recordsOf(ex, 'task.finished')[0]!;
    assert.deepEqual([finished.nodePhase, finished.reason], ['Aborted', 'user pressed stop']);
    assert.equal(ex.task(id).pluginPhase, 'Running', 'Abort persists no new phase');
  });

  it('events recorded during Abort are sent with the persisted version + 1 as ABORTED, before the final event', async () => {
    const p = testPlugin('p', (_t, n) => doTransition(phaseInfoRunning(n + 4)), {
      abort: async (tCtx) => {
        await tCtx.eventsRecorder().recordRaw(phaseInfoQueued(at, 0, 'cancelling'));
        await tCtx.eventsRecorder().recordRaw(phaseInfoRunning(99));
      },
    });
    const { ex, id } = await runOne(p);
    await steps(ex, 1);
    ex.abort(id, 'stop');
    await ex.runUntil({ maxRounds: 10 });
    const abort = calls(ex).find((r) => r.call === 'abort')!;
    assert.deepEqual(
      abort.events.map((e) => [e.source, e.phase, e.version, e.reason ?? '']),
      [
        ['abort', 'ABORTED', 6, 'cancelling'],
        ['abort', 'ABORTED', 6, ''],
        ['abort', 'ABORTED', 0, ''],
      ],
    );
  });

  it('abort(execution, reason) aborts every task execution of that workflow execution, and no other', async () => {
    const p = testPlugin('p', () => doTransition(phaseInfoRunning(1)));
    const ex = await Executor.create({ plugins: [entryOf(p)] });
    ex.start({ id: 'a', template: template('p'), execution: { name: 'wf' } });
    ex.start({ id: 'b', template: template('p'), execution: { name: 'wf' } });
    ex.start({ id: 'c', template: template('p'), execution: { name: 'other' } });
    await steps(ex, 3);
    ex.abort('wf', 'workflow deleted');
    await ex.runUntil({ terminal: ['a', 'b'], maxRounds: 20 });
    assert.deepEqual(
      ex.tasks().map((t) => [t.id, t.nodePhase]),
      [
        ['a', 'Aborted'],
        ['b', 'Aborted'],
        ['c', 'Running'],
      ],
    );
    for (const t of ['a', 'b'])
      assert.equal(recordsOf(ex, 'task.finished').find((r) => r.task === t)!.reason, 'workflow deleted');
  });

  it('a task aborted before its first round gets Abort (with no state) and Finalize, and Handle is never called', async () => {
    const p = testPlugin('p', () => doTransition(phaseInfoRunning(1)));
    const { ex, id } = await runOne(p);
    ex.abort(id);
    await ex.runUntil({ maxRounds: 10 });
    assert.deepEqual(callSequence(ex), ['abort', 'finalize']);
    assert.equal(p.seen[0]!.state, undefined);
    assert.equal(recordsOf(ex, 'task.finished')[0]!.reason, 'aborted by the user');
  });

  it('Finalize runs even when Abort fails; the round errors and both are called again next round', async () => {
    const p = testPlugin('p', () => doTransition(phaseInfoRunning(1)), {
      abort: (_t, n) => {
        if (n === 1) throw new Error('cannot reach the API');
      },
    });
    const { ex, id } = await runOne(p);
    await steps(ex, 1);
    ex.abort(id, 'stop');
    await ex.runUntil({ maxRounds: 10 });
    assert.deepEqual(callSequence(ex), ['handle', 'abort', 'finalize', 'abort', 'finalize']);
    const [firstAbort, firstFinalize] = calls(ex).filter((r) => r.call !== 'handle');
    assert.equal(firstAbort!.error?.source, 'abort');
    assert.deepEqual(firstAbort!.events, [], 'a failed Abort sends no events');
    assert.equal(firstFinalize!.error, undefined);
    assert.equal(firstFinalize!.failedAttempts, 1);
    assert.equal(ex.task(id).nodePhase, 'Aborted');
  });

  it('aborting a finished task changes nothing; an unknown target is an InvalidArgumentError', async () => {
    const p = testPlugin('p', () => doTransition(phaseInfoSuccess()));
    const { ex, id } = await runOne(p);
    await ex.runUntil({ maxRounds: 10 });
    ex.abort(id);
    await ex.runUntil({ maxRounds: 10 });
    assert.equal(p.count('abort'), 0);
    assert.equal(p.count('finalize'), 1);
    assert.throws(() => ex.abort('nobody'), InvalidArgumentError);
  });

  it('aborting a Succeeding or Failing node (Go canHandleNode): Abort is skipped (terminal plugin phase), Finalize runs, the node ends Aborted', async () => {
    for (const [phase, plugin] of [
      ['Success', testPlugin('p', () => doTransition(phaseInfoSuccess()))],
      ['PermanentFailure', testPlugin('p', () => doTransition(phaseInfoFailure('Bad', 'bad')))],
    ] as const) {
      const { ex, id } = await runOne(plugin);
      await steps(ex, 1);
      assert.equal(ex.task(id).nodePhase, phase === 'Success' ? 'Succeeding' : 'Failing');
      ex.abort(id, 'too late');
      await ex.runUntil({ maxRounds: 10 });
      assert.deepEqual(callSequence(ex), ['handle', 'finalize'], phase);
      assert.equal(
        calls(ex).find((r) => r.call === 'abort')!.skipped,
        `Abort skipped: the persisted plugin phase Phase${phase} is terminal`,
      );
      assert.equal(ex.task(id).nodePhase, 'Aborted');
      assert.equal(ex.task(id).pluginPhase, phase);
      assert.equal(recordsOf(ex, 'task.finished')[0]!.reason, 'too late');
      assert.equal(sentEvents(ex).length, 1, 'no ABORTED task event when Abort is skipped');
    }
  });
});
