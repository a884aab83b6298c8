// Pins the executor's deliberate differences from FlytePropeller v1 that no other test pins (README, "Differences
// from Flyte"): Reset clears the state as the API document says; a round without a put keeps the state version;
// virtual time stands still while a round is due. Also that SUCCEEDED names the outputs path, as Flyte does.
import assert from 'node:assert/strict';
import { doTransition, phaseInfoRunning, phaseInfoSuccess } from '@plugbench/sdk';
import { calls, runOne, sentEvents, testPlugin } from '../../support/plugins';

describe('executor: deliberate differences from Flyte v1, and the output URI', () => {
  it('Reset() clears the state for the next round (Flyte v1 writes the previous bytes back)', async () => {
    const plugin = testPlugin('reset', (tCtx, n) => {
      if (n === 1) tCtx.pluginStateWriter().put(7, { kept: true });
      if (n === 2) tCtx.pluginStateWriter().reset();
      return doTransition(phaseInfoRunning(n));
    });
    const { ex } = await runOne(plugin);
    for (let i = 0; i < 3; i++) await ex.step();
    assert.deepEqual(
      plugin.seen.map((s) => [s.state, s.stateVersion]),
      [
        [undefined, 0],
        [{ kept: true }, 7],
        [undefined, 0],
      ],
    );
  });

  it('a persisted round without a put keeps the state version (Flyte v1 stores the phase version there)', async () => {
    const plugin = testPlugin('keep', (tCtx, n) => {
      if (n === 1) tCtx.pluginStateWriter().put(3, { a: 1 });
      // Rounds 2 and 3 persist (new versions) without writing state.
      return doTransition(phaseInfoRunning(n * 10));
    });
    const { ex } = await runOne(plugin);
    for (let i = 0; i < 3; i++) await ex.step();
    assert.deepEqual(
      plugin.seen.map((s) => s.stateVersion),
      [0, 3, 3],
    );
    assert.equal(ex.task('t').state.version, 3);
  });

  it('the SUCCEEDED event names the outputs path even when no outputs are declared (as Flyte)', async () => {
    const plugin = testPlugin('noout', () => doTransition(phaseInfoSuccess()));
    const { ex } = await runOne(plugin);
    await ex.runUntil();
    const succeeded = calls(ex, 't')
      .flatMap((c) => c.events)
      .find((e) => e.phase === 'SUCCEEDED');
    assert.ok(succeeded, 'a SUCCEEDED event was sent');
    assert.match(succeeded.outputUri ?? '', /^mem:\/\/.*\/0\/outputs\.pb$/);
    assert.deepEqual(sentEvents(ex, 't'), ['SUCCEEDED:0']);
  });

  it('virtual time does not move while a round is due: a task that changes every round keeps the clock still', async () => {
    const plugin = testPlugin('busy', (_t, n) => doTransition(phaseInfoRunning(n)));
    const { ex } = await runOne(plugin);
    const start = ex.clock.nowMs();
    for (let i = 0; i < 50; i++) await ex.step();
    assert.equal(ex.clock.nowMs(), start);
  });
});
