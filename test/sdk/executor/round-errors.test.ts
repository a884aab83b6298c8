// Round errors (task/handler.go invokePlugin): a Handle that throws, rejects, returns something that is not a
// Transition, or a transition with neither info nor error, is a round error: nothing of the round persists, the
// workflow's FailedAttempts grows (shared by its tasks, never reset, no task retry used), and past
// max-workflow-retries (10) the workflow is aborted: Abort and Finalize, with Flyte's reason.
import assert from 'node:assert/strict';
import {
  create,
  doTransition,
  Executor,
  ExecutionErrorSchema,
  Phase,
  PhaseInfo,
  phaseInfoFailed,
  phaseInfoRunning,
  phaseInfoSuccess,
  PhaseInfoUndefined,
  type Transition,
} from '@plugbench/sdk';
import {
  callSequence,
  calls,
  entryOf,
  handles,
  recordsOf,
  runOne,
  sentEvents,
  steps,
  template,
  testPlugin,
} from '../../support/plugins';

/** A plugin whose second Handle misbehaves as `bad` says, after a first good round that put state. */
function secondRoundIs(bad: () => unknown) {
  return testPlugin('p', (tCtx, n) => {
    tCtx.pluginStateWriter().put(1, { n });
    if (n === 2) return bad() as Transition;
    return doTransition(phaseInfoRunning(n));
  });
}

const cases: Array<[string, () => unknown, RegExp, string]> = [
  [
    'throws',
    () => {
      throw new Error('kaboom');
    },
    /kaboom/,
    'handle',
  ],
  ['rejects', () => Promise.reject(new Error('rejected')), /rejected/, 'handle'],
  [
    'throws a non-Error',
    () => {
      throw 'a string';
    },
    /a non-Error was thrown: "a string"/,
    'handle',
  ],
  ['returns undefined', () => undefined, /Handle returned undefined/, 'transition'],
  ['resolves to a plain object', () => Promise.resolve({ phase: 5 }), /expected a Transition/, 'transition'],
  [
    'returns PhaseInfoUndefined',
    () => doTransition(PhaseInfoUndefined),
    /transition doesn't have task info nor an execution error filled/,
    'transition',
  ],
  [
    'returns a Running phase info with neither info nor error',
    () => doTransition(new PhaseInfo(Phase.Running, 9, 'why', undefined, undefined)),
    /transition doesn't have task info nor an execution error filled/,
    'transition',
  ],
];

describe('executor: round errors', () => {
  for (const [what, bad, message, source] of cases) {
    it(`a Handle that ${what} is a round error: nothing persists, FailedAttempts + 1`, async () => {
      const p = secondRoundIs(bad);
      const { ex, id } = await runOne(p);
      await steps(ex, 3);
      const r = handles(ex)[1]!;
      assert.equal(r.decision?.code, 'round-error');
      assert.equal(r.error?.source, source);
      assert.match(r.error!.message, message);
      assert.equal(r.failedAttempts, 1);
      assert.deepEqual(r.events, []);
      assert.equal(r.state?.persisted, false);
      assert.deepEqual(r.pluginPhase, { phase: 'Running', version: 1 });
      // The third round reads what the first persisted, and goes on.
      assert.deepEqual(p.seen[2]!.state, { n: 1 });
      assert.deepEqual(sentEvents(ex), ['RUNNING:1', 'RUNNING:3']);
      const t = ex.task(id);
      assert.equal(t.attempt, 0, 'a round error uses no task retry');
      assert.equal(t.nodePhase, 'Running');
    });
  }

  it('a phase info in phase Undefined with an error is a round error, also when it dedups against the initial Undefined:0', async () => {
    const err = create(ExecutionErrorSchema, { code: 'Weird', message: 'undefined with an error' });
    const p = testPlugin('p', (_t, n) =>
      doTransition(n === 1 ? phaseInfoFailed(Phase.Undefined, err) : phaseInfoSuccess()),
    );
    const { ex } = await runOne(p);
    await steps(ex, 1);
    const r = handles(ex)[0]!;
    assert.equal(r.decision?.code, 'round-error');
    assert.match(r.error!.message, /error converting plugin phase, received \[Undefined\]/);
    assert.equal(r.failedAttempts, 1);
  });

  it('FailedAttempts is per workflow execution: tasks of one execution share it, other executions do not', async () => {
    const p = testPlugin('p', () => {
      throw new Error('always');
    });
    const ex = await Executor.create({ plugins: [entryOf(p)] });
    ex.start({ id: 'a', template: template('p'), execution: { name: 'wf1' } });
    ex.start({ id: 'b', template: template('p'), execution: { name: 'wf1' } });
    ex.start({ id: 'c', template: template('p'), execution: { name: 'wf2' } });
    await steps(ex, 6);
    assert.deepEqual(
      calls(ex).map((r) => `${r.task}:${r.failedAttempts}`),
      ['a:1', 'b:2', 'c:1', 'a:3', 'b:4', 'c:2'],
    );
  });

  it("past max-workflow-retries (10) the workflow is aborted: Abort and Finalize, reason 'max number of system retry attempts [11/10] exhausted - system failure.' (Go workflow/executor.go HandleAbortedWorkflow)", async () => {
    const p = testPlugin('p', () => {
      throw new Error('always');
    });
    const ok = testPlugin('q', () => doTransition(phaseInfoRunning(1)));
    const ex = await Executor.create({ plugins: [entryOf(p), entryOf(ok)] });
    ex.start({ id: 'bad', template: template('p'), execution: { name: 'wf' } });
    ex.start({ id: 'peer', template: template('q'), execution: { name: 'wf' } });
    const outcome = await ex.runUntil({ maxRounds: 200 });
    assert.equal(outcome.reason, 'terminal');
    assert.equal(p.count('handle'), 11);
    assert.equal(p.count('abort'), 1);
    assert.equal(p.count('finalize'), 1);
    assert.deepEqual(callSequence(ex, 'bad').slice(-3), ['handle', 'abort', 'finalize']);
    const reason = 'max number of system retry attempts [11/10] exhausted - system failure.';
    assert.equal(handles(ex, 'bad').at(-1)!.failedAttempts, 11);
    for (const task of ['bad', 'peer']) {
      const finished = recordsOf(ex, 'task.finished').find((r) => r.task === task)!;
      assert.equal(finished.nodePhase, 'Aborted');
      assert.equal(finished.reason, reason);
      assert.equal(ex.task(task).nodePhase, 'Aborted');
      const last = calls(ex, task)
        .find((r) => r.call === 'abort')!
        .events.at(-1)!;
      assert.deepEqual(
        [last.phase, last.version, last.reason],
        ['ABORTED', 0, undefined],
        'the task event has no reason',
      );
    }
    assert.equal(ok.count('abort'), 1, 'the peer task of the workflow is aborted too');
  });

  it('max-workflow-retries is configurable', async () => {
    const p = testPlugin('p', () => {
      throw new Error('always');
    });
    const { ex } = await runOne(p, { maxWorkflowRetries: 2 });
    await ex.runUntil({ maxRounds: 50 });
    assert.equal(p.count('handle'), 3);
    assert.equal(
      recordsOf(ex, 'task.finished')[0]!.reason,
      'max number of system retry attempts [3/2] exhausted - system failure.',
    );
  });

  it('round errors in Abort or Finalize count too, and the cleanup round is run again', async () => {
    const p = testPlugin('p', () => doTransition(phaseInfoSuccess()), {
      finalize: (_t, n) => {
        if (n === 1) throw new Error('finalize failed once');
      },
    });
    const { ex, id } = await runOne(p);
    await ex.runUntil({ maxRounds: 20 });
    assert.equal(p.count('finalize'), 2);
    const [first, second] = calls(ex).filter((r) => r.call === 'finalize');
    assert.equal(first!.decision?.code, 'round-error');
    assert.equal(first!.error?.source, 'finalize');
    assert.equal(first!.failedAttempts, 1, "the record shows the workflow's counter after the call");
    assert.equal(second!.error, undefined);
    assert.equal(ex.task(id).nodePhase, 'Succeeded');
  });
});
