// The host's client of a runner process: its watchdog and its stop, on real runner processes.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { RunnerRequestError } from '@plugbench/harness/runner';
import { forkedRunners } from './support';

describe('runner client', function () {
  this.timeout(60000);
  const runners = forkedRunners();
  const start = runners.start;

  it('kills a runner whose plugin loops forever, by the watchdog, with a message that says so', async () => {
    const client = start(1500);
    await client.request({ type: 'open', fixture: path.join(runners.dir, 'loop.fixture.yaml'), roundTimeoutMs: 200 });
    const t0 = Date.now();
    await assert.rejects(client.request({ type: 'step', rounds: 1 }), (e: unknown) => {
      assert.ok(e instanceof RunnerRequestError);
      assert.equal(e.error.kind, 'timeout');
      assert.match(e.message, /did not answer for 1\.5 s/);
      assert.match(e.message, /endless loop/);
      return true;
    });
    assert.ok(Date.now() - t0 < 15000, 'killed by the watchdog, not by a test timeout');
    assert.equal(client.exited, true);
  });

  it('stops at once when asked, whatever the plugin does', async () => {
    const client = start(60000);
    await client.request({ type: 'open', fixture: path.join(runners.dir, 'loop.fixture.yaml'), roundTimeoutMs: 200 });
    const pending = client.request({ type: 'step', rounds: 1 });
    setTimeout(() => client.stop(), 300);
    const t0 = Date.now();
    await assert.rejects(pending, (e: unknown) => e instanceof RunnerRequestError && e.error.kind === 'stopped');
    assert.ok(Date.now() - t0 < 10000, 'stopped at once, not after the watchdog');
  });
});
