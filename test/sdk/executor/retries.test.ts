// Retries (nodes/executor.go): USER and UNKNOWN failures use the task's retries (retries + 1 attempts), SYSTEM
// failures a budget of their own (3, so 4 attempts); exhausted retries become a USER RetriesExhausted|<code> failure
// with Flyte's message; before a retry the failing round's state write is dropped, Abort then Finalize run on the
// last persisted state, and the new attempt has a new generated name and empty state.
import assert from 'node:assert/strict';
import {
  doTransition,
  Phase,
  phaseInfoFailed,
  phaseInfoFailure,
  phaseInfoRetryableFailure,
  phaseInfoRunning,
  phaseInfoSystemRetryableFailure,
} from '@plugbench/sdk';
import {
  callSequence,
  calls,
  handles,
  recordsOf,
  runOne,
  sentEvents,
  template,
  testPlugin,
} from '../../support/plugins';

/** Running:1 on the first Handle of each attempt, then `fail` (putting state in both rounds). */
function failsOnSecondRound(fail: () => ReturnType<typeof phaseInfoRunning>) {
  let round = 0;
  let attempt = -1;
  return testPlugin('p', (tCtx) => {
    const a = tCtx.taskExecutionMetadata().getTaskExecutionID().getID().retryAttempt;
    if (a !== attempt) {
      attempt = a;
      round = 0;
    }
    round++;
    tCtx.pluginStateWriter().put(1, { attempt: a, round });
    return doTransition(round === 1 ? phaseInfoRunning(1) : fail());
  });
}

describe('executor: retries', () => {
  it("USER failures: retries + 1 attempts, then a permanent USER RetriesExhausted|<code> with Flyte's message", async () => {
    const p = failsOnSecondRound(() => phaseInfoRetryableFailure('Boom', 'user error'));
    const { ex, id } = await runOne(p, {}, { retries: 2 });
    await ex.runUntil({ maxRounds: 100 });
    assert.equal(new Set(p.seen.filter((s) => s.call === 'handle').map((s) => s.attempt)).size, 3);
    const t = ex.task(id);
    assert.equal(t.attempt, 2);
    assert.equal(t.nodePhase, 'Failed');
    assert.deepEqual(t.error, {
      code: 'RetriesExhausted|Boom',
      message: '[3/3] currentAttempt done. Last Error: USER::user error',
    });
    const finished = recordsOf(ex, 'task.finished')[0]!;
    assert.deepEqual(finished.err, {
      code: 'RetriesExhausted|Boom',
      message: '[3/3] currentAttempt done. Last Error: USER::user error',
      kind: 'USER',
    });
    // Every failure sent its FAILED event, retried or not, and Abort its ABORTED event before each retry; the last
    // failure is persisted as RetryableFailure (so no Abort after it).
    assert.deepEqual(sentEvents(ex), [
      'RUNNING:1',
      'FAILED:0',
      'ABORTED:0',
      'RUNNING:1',
      'FAILED:0',
      'ABORTED:0',
      'RUNNING:1',
      'FAILED:0',
    ]);
    assert.deepEqual(handles(ex).at(-1)!.pluginPhase, { phase: 'RetryableFailure', version: 0 });
  });

  it('no retries: one attempt', async () => {
    const p = failsOnSecondRound(() => phaseInfoRetryableFailure('Boom', 'user error'));
    const { ex, id } = await runOne(p);
    await ex.runUntil({ maxRounds: 100 });
    assert.equal(ex.task(id).attempt, 0);
    assert.equal(ex.task(id).error?.code, 'RetriesExhausted|Boom');
    assert.equal(ex.task(id).error?.message, '[1/1] currentAttempt done. Last Error: USER::user error');
  });

  it('retries come from the template metadata unless the spec gives them', async () => {
    const p = failsOnSecondRound(() => phaseInfoRetryableFailure('Boom', 'x'));
    const { ex, id } = await runOne(p, {}, { template: template('p', { retries: 1 }) });
    await ex.runUntil({ maxRounds: 100 });
    assert.equal(ex.task(id).attempt, 1);
  });

  it('SYSTEM failures have their own budget of 3 retries: 4 attempts even with no user retries (flyte #5217)', async () => {
    const p = failsOnSecondRound(() => phaseInfoSystemRetryableFailure('SysErr', 'node lost'));
    const { ex, id } = await runOne(p, {}, { retries: 0 });
    await ex.runUntil({ maxRounds: 100 });
    const t = ex.task(id);
    assert.equal(t.attempt, 3, 'attempts 0..3');
    assert.deepEqual(t.error, {
      code: 'RetriesExhausted|SysErr',
      message: '[3/3] currentAttempt done. Last Error: SYSTEM::node lost',
    });
    assert.equal(
      recordsOf(ex, 'task.finished')[0]!.err?.kind,
      'USER',
      'exhausted retries are a USER failure, even for SYSTEM errors',
    );
  });

  it('the SYSTEM budget is maxSystemRetries', async () => {
    const p = failsOnSecondRound(() => phaseInfoSystemRetryableFailure('SysErr', 'node lost'));
    const { ex, id } = await runOne(p, { maxSystemRetries: 1 }, { retries: 5 });
    await ex.runUntil({ maxRounds: 100 });
    assert.equal(ex.task(id).attempt, 1);
    assert.equal(ex.task(id).error?.message, '[1/1] currentAttempt done. Last Error: SYSTEM::node lost');
  });

  it('SYSTEM failures do not use user retries: current = attempts + 1 - system failures', async () => {
    const p = testPlugin('p', (tCtx) => {
      const a = tCtx.taskExecutionMetadata().getTaskExecutionID().getID().retryAttempt;
      return doTransition(
        a === 0 ? phaseInfoSystemRetryableFailure('Sys', 's') : phaseInfoRetryableFailure('User', 'u'),
      );
    });
    const { ex, id } = await runOne(p, {}, { retries: 1 });
    await ex.runUntil({ maxRounds: 100 });
    assert.equal(ex.task(id).attempt, 2, 'one system retry, then both user attempts');
    assert.equal(ex.task(id).error?.message, '[2/2] currentAttempt done. Last Error: USER::u');
  });

  it("a failure without an error counts as USER, with Go's default Unknown error", async () => {
    const p = failsOnSecondRound(() => phaseInfoFailed(Phase.RetryableFailure, undefined));
    const { ex, id } = await runOne(p, {}, { retries: 1 });
    await ex.runUntil({ maxRounds: 100 });
    assert.equal(ex.task(id).attempt, 1);
    assert.deepEqual(ex.task(id).error, {
      code: 'RetriesExhausted|Unknown',
      message: '[2/2] currentAttempt done. Last Error: UNKNOWN::Unknown error message',
    });
  });

  it('a permanent failure is never retried', async () => {
    const p = failsOnSecondRound(() => phaseInfoFailure('Fatal', 'no way'));
    const { ex, id } = await runOne(p, {}, { retries: 3 });
    await ex.runUntil({ maxRounds: 100 });
    assert.equal(ex.task(id).attempt, 0);
    assert.deepEqual(ex.task(id).error, { code: 'Fatal', message: 'no way' });
  });

  it("before a retry: the failing round's state is dropped, Abort then Finalize run on the last persisted state", async () => {
    const p = failsOnSecondRound(() => phaseInfoRetryableFailure('Boom', 'x'));
    const { ex } = await runOne(p, {}, { retries: 1 });
    await ex.runUntil({ maxRounds: 100 });
    assert.deepEqual(callSequence(ex), ['handle', 'handle', 'abort', 'finalize', 'handle', 'handle', 'finalize']);
    const failing = handles(ex)[1]!;
    assert.equal(failing.decision?.code, 'retry');
    assert.equal(failing.state?.persisted, false);
    assert.deepEqual(
      failing.pluginPhase,
      { phase: 'Running', version: 1 },
      'the persisted phase stays at the round before',
    );
    const abort = p.seen.find((s) => s.call === 'abort')!;
    const finalize = p.seen.find((s) => s.call === 'finalize')!;
    assert.deepEqual(abort.state, { attempt: 0, round: 1 });
    assert.deepEqual(finalize.state, { attempt: 0, round: 1 });
    assert.equal(abort.attempt, 0);
    // Abort sends its final ABORTED event, without a reason (Go task handler Abort: PhaseInfoFailed(PhaseAborted)).
    const abortRecord = calls(ex).find((r) => r.call === 'abort')!;
    assert.deepEqual(
      abortRecord.events.map((e) => [e.phase, e.version, e.reason]),
      [['ABORTED', 0, undefined]],
    );
  });

  it('the new attempt has a new generated name, attempt + 1 and empty state', async () => {
    const p = failsOnSecondRound(() => phaseInfoRetryableFailure('Boom', 'x'));
    const { ex, id } = await runOne(p, {}, { retries: 1, execution: { name: 'exec1' } });
    await ex.runUntil({ maxRounds: 100 });
    const handlesSeen = p.seen.filter((s) => s.call === 'handle');
    assert.deepEqual(
      handlesSeen.map((s) => [s.attempt, s.generatedName, s.state]),
      [
        [0, 'exec1-n0-0', undefined],
        [0, 'exec1-n0-0', { attempt: 0, round: 1 }],
        [1, 'exec1-n0-1', undefined],
        [1, 'exec1-n0-1', { attempt: 1, round: 1 }],
      ],
    );
    assert.equal(ex.task(id).generatedName, 'exec1-n0-1');
    const cleanup = calls(ex).filter((r) => r.call === 'finalize')[0]!;
    assert.equal(cleanup.nodePhase.after, 'Running');
    assert.match(
      cleanup.decision?.message ?? '',
      /attempt 0 cleaned up; attempt 1 starts with a new generated name and empty state/,
    );
  });

  it('a retry in the very first round: Abort still runs (the persisted phase is Undefined), with no state', async () => {
    const p = testPlugin('p', (_t, n) =>
      doTransition(n === 1 ? phaseInfoRetryableFailure('Early', 'e') : phaseInfoRunning(1)),
    );
    const { ex } = await runOne(p, {}, { retries: 1 });
    await ex.runUntil({ maxRounds: 4 });
    assert.deepEqual(callSequence(ex).slice(0, 3), ['handle', 'abort', 'finalize']);
    assert.equal(p.seen[1]!.state, undefined);
  });
});
