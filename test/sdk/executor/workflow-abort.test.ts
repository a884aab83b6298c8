// Cleanup of an aborted workflow that keeps failing (flytepropeller/pkg/controller/workflow/executor.go
// HandleAbortedWorkflow, handler.go TryMutateWorkflow): the cleanup is retried, each failure a round error, only
// while the workflow's failed attempts are within max-workflow-retries; past that it runs once more as best effort and
// the workflow ends ("Workflow abort failed"), whatever the cleanup returned.
import assert from 'node:assert/strict';
import { doTransition, Executor, phaseInfoRunning } from '@plugbench/sdk';
import { callSequence, calls, entryOf, recordsOf, runOne, steps, template, testPlugin } from '../../support/plugins';

const fails = (what: string) => () => {
  throw new Error(`${what} cannot reach the API`);
};

describe('executor: cleanup of an aborted workflow (Go workflow/executor.go HandleAbortedWorkflow)', () => {
  it('a user abort whose Finalize always fails: Abort and Finalize 12 times each, then the task ends Failed "Workflow abort failed"', async () => {
    const p = testPlugin('p', () => doTransition(phaseInfoRunning(1)), { finalize: fails('Finalize') });
    const { ex, id } = await runOne(p);
    await steps(ex, 1);
    ex.abort(id, 'user pressed stop');
    const outcome = await ex.runUntil({ maxRounds: 100 });
    assert.equal(outcome.reason, 'terminal', 'the run ends long before the round cap');
    // Rounds 1..11 fail with failed attempts 0..10 (within the limit: the error is returned, the round retried);
    // round 12 starts with 11 > 10: cleanup runs once more, best effort, and the workflow ends.
    assert.equal(p.count('abort'), 12);
    assert.equal(p.count('finalize'), 12);
    const finalizes = calls(ex, id).filter((r) => r.call === 'finalize');
    assert.deepEqual(
      finalizes.map((r) => r.failedAttempts),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 11],
      'the best-effort failure is not counted',
    );
    assert.match(
      finalizes.at(-1)!.decision!.message,
      /past max-workflow-retries \[11\/10\]: best-effort cleanup, not called again/,
    );
    const finished = recordsOf(ex, 'task.finished')[0]!;
    assert.equal(finished.nodePhase, 'Failed');
    assert.equal(finished.reason, 'user pressed stop');
    assert.deepEqual(finished.err, {
      code: 'Workflow abort failed',
      message:
        'max number of system retry attempts [11/10] exhausted. Last known status message: Finalize cannot reach the API',
      kind: 'SYSTEM',
    });
    assert.equal(ex.task(id).nodePhase, 'Failed');
  });

  it('Handle and Finalize always fail: Handle 11 times, then Abort once and Finalize once, and the task ends', async () => {
    const p = testPlugin('p', fails('Handle'), { finalize: fails('Finalize') });
    const { ex, id } = await runOne(p);
    const outcome = await ex.runUntil({ maxRounds: 100 });
    assert.equal(outcome.reason, 'terminal');
    assert.equal(p.count('handle'), 11);
    assert.deepEqual(callSequence(ex).slice(11), ['abort', 'finalize']);
    const finished = recordsOf(ex, 'task.finished')[0]!;
    assert.equal(finished.reason, 'max number of system retry attempts [11/10] exhausted - system failure.');
    assert.equal(finished.err?.code, 'Workflow abort failed');
    assert.equal(
      finished.err?.message,
      'max number of system retry attempts [11/10] exhausted. Last known status message: Handle cannot reach the API',
    );
    assert.equal(ex.task(id).finished, true);
  });

  it('an Abort that always fails on one task of a workflow ends with the others; a cleanup that succeeds ends Aborted', async () => {
    const bad = testPlugin('bad', () => doTransition(phaseInfoRunning(1)), { abort: fails('Abort') });
    const good = testPlugin('good', () => doTransition(phaseInfoRunning(1)));
    const ex = await Executor.create({ plugins: [entryOf(bad), entryOf(good)] });
    ex.start({ id: 'a', template: template('bad'), execution: { name: 'wf' } });
    ex.start({ id: 'b', template: template('good'), execution: { name: 'wf' } });
    await steps(ex, 2);
    ex.abort('wf', 'stop');
    const outcome = await ex.runUntil({ maxRounds: 100 });
    assert.equal(outcome.reason, 'terminal');
    assert.equal(bad.count('abort'), 12);
    assert.equal(good.count('abort'), 1);
    const finished = new Map(recordsOf(ex, 'task.finished').map((r) => [r.task, r]));
    assert.equal(finished.get('a')!.nodePhase, 'Failed');
    assert.equal(finished.get('b')!.nodePhase, 'Aborted');
  });
});
