// The round timeout (issue 3; Flyte has none — a Handle that blocks holds a propeller worker): a Handle, Abort or
// Finalize that does not settle within roundTimeoutMs (wall clock) is a round error like any other
// (as in task/handler.go), whatever it does later changes nothing, and the executor goes on.
import assert from 'node:assert/strict';
import { doTransition, phaseInfoQueued, phaseInfoRunning, phaseInfoSuccess } from '@plugbench/sdk';
import { calls, handles, never, runOne, sentEvents, steps, testPlugin } from '../../support/plugins';

const at = new Date(Date.UTC(2024, 0, 1));

describe('executor: round timeout', () => {
  it('a Handle that never settles is a round error by the timeout, and the next round runs', async () => {
    const p = testPlugin('p', (_t, n) => (n === 1 ? never() : doTransition(phaseInfoSuccess())));
    const { ex, id } = await runOne(p, { roundTimeoutMs: 50 });
    const started = Date.now();
    const outcome = await ex.runUntil({ maxRounds: 10 });
    assert.ok(Date.now() - started < 2000, 'the executor did not wait for the Handle');
    assert.equal(outcome.reason, 'terminal');
    const first = handles(ex)[0]!;
    assert.equal(first.decision?.code, 'round-error');
    assert.equal(first.error?.code, 'RoundTimeout');
    assert.match(first.error!.message, /Handle of plugin \[p\] did not settle within 50 ms \(round timeout\)/);
    assert.equal(first.failedAttempts, 1);
    assert.equal(ex.task(id).nodePhase, 'Succeeded');
  });

  it('what a timed-out Handle does after the timeout is ignored: no state, no events, no outputs', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const p = testPlugin('p', async (tCtx, n) => {
      if (n === 1) {
        await gate;
        tCtx.pluginStateWriter().put(1, { late: true });
        await tCtx.eventsRecorder().recordRaw(phaseInfoQueued(at, 5, 'late'));
        tCtx.taskRefreshIndicator()();
        return doTransition(phaseInfoRunning(1));
      }
      return doTransition(phaseInfoRunning(2));
    });
    const { ex } = await runOne(p, { roundTimeoutMs: 30 });
    await steps(ex, 1);
    release();
    await new Promise((r) => setTimeout(r, 10));
    await steps(ex, 2);
    assert.deepEqual(
      p.seen.map((s) => s.state),
      [undefined, undefined, undefined],
    );
    assert.deepEqual(sentEvents(ex), ['RUNNING:2']);
  });

  it('an Abort or Finalize that never settles is a round error; the cleanup round is run again', async () => {
    const p = testPlugin('p', () => doTransition(phaseInfoRunning(1)), {
      abort: (_t, n) => (n === 1 ? never() : undefined),
      finalize: (_t, n) => (n === 1 ? never() : undefined),
    });
    const { ex, id } = await runOne(p, { roundTimeoutMs: 30 });
    await steps(ex, 1);
    ex.abort(id, 'stop');
    await ex.runUntil({ maxRounds: 10 });
    const cleanup = calls(ex).filter((r) => r.call !== 'handle');
    assert.deepEqual(
      cleanup.map((r) => `${r.round}:${r.call}:${r.error?.code ?? 'ok'}`),
      ['2:abort:RoundTimeout', '2:finalize:RoundTimeout', '3:abort:ok', '3:finalize:ok'],
    );
    assert.equal(cleanup[1]!.failedAttempts, 1);
    assert.equal(ex.task(id).nodePhase, 'Aborted');
  });

  it('a Handle that never settles, every round, never hangs the executor: the workflow is aborted past 10 round errors', async () => {
    const p = testPlugin('p', () => never());
    const { ex, id } = await runOne(p, { roundTimeoutMs: 20 });
    const outcome = await ex.runUntil({ maxRounds: 100 });
    assert.equal(outcome.reason, 'terminal');
    assert.equal(p.count('handle'), 11);
    assert.equal(ex.task(id).nodePhase, 'Aborted');
  });
});
