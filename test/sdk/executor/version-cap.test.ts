// The phase version cap (task/handler.go, DefaultMaxPluginPhaseVersions): within one phase, a version above
// tasks.max-plugin-phase-versions turns the transition into a permanent TooManyPluginPhaseVersions failure.
import assert from 'node:assert/strict';
import { doTransition, phaseInfoQueued, phaseInfoRunning } from '@plugbench/sdk';
import { callSequence, handles, recordsOf, runOne, sentEvents, testPlugin } from '../../support/plugins';

const at = new Date(Date.UTC(2024, 0, 1));

describe('executor: phase version cap', () => {
  it('a version above the cap within the same phase is a permanent TooManyPluginPhaseVersions failure', async () => {
    const p = testPlugin('p', (_t, n) => doTransition(phaseInfoRunning(n)));
    const { ex, id } = await runOne(p, { maxPluginPhaseVersions: 3 }, { retries: 2 });
    await ex.runUntil({ maxRounds: 20 });
    const capped = handles(ex)[3]!;
    assert.equal(capped.transition?.version, 4, 'the transition the plugin returned is recorded as returned');
    assert.equal(capped.decision?.code, 'version-cap');
    assert.deepEqual(capped.pluginPhase, { phase: 'PermanentFailure', version: 0 });
    const ev = capped.events.at(-1)!;
    assert.equal(ev.phase, 'FAILED');
    assert.equal(ev.err?.code, 'TooManyPluginPhaseVersions');
    assert.equal(ev.err?.kind, 'UNKNOWN');
    assert.equal(
      ev.err?.message,
      'Total number of phase versions exceeded for phase [PhaseRunning] in Plugin [p]. Attempted to set version to [4], max allowed [3]',
    );
    assert.deepEqual(sentEvents(ex), ['RUNNING:1', 'RUNNING:2', 'RUNNING:3', 'FAILED:0']);
    // Permanent: not retried; the persisted phase is terminal, so Abort is skipped and only Finalize runs.
    assert.equal(ex.task(id).attempt, 0);
    assert.deepEqual(callSequence(ex), ['handle', 'handle', 'handle', 'handle', 'finalize']);
    assert.equal(recordsOf(ex, 'task.finished')[0]!.nodePhase, 'Failed');
  });

  it('the version at the cap is accepted', async () => {
    const p = testPlugin('p', (_t, n) => doTransition(phaseInfoRunning(Math.min(n, 3))));
    const { ex } = await runOne(p, { maxPluginPhaseVersions: 3 });
    await ex.runUntil({ maxRounds: 6 });
    assert.deepEqual(sentEvents(ex), ['RUNNING:1', 'RUNNING:2', 'RUNNING:3']);
  });

  it('the cap is checked only against the persisted phase: a new phase with a high version passes', async () => {
    const p = testPlugin('p', (_t, n) => doTransition(n === 1 ? phaseInfoQueued(at, 50, 'q') : phaseInfoRunning(60)));
    const { ex } = await runOne(p, { maxPluginPhaseVersions: 3 });
    await ex.runUntil({ maxRounds: 4 });
    assert.deepEqual(sentEvents(ex), ['QUEUED:50', 'RUNNING:60']);
    assert.ok(handles(ex).every((r) => r.decision?.code !== 'version-cap'));
  });

  it('the default cap is 100000', async () => {
    const p = testPlugin('p', (_t, n) => doTransition(phaseInfoRunning(n === 1 ? 100_000 : 100_001)));
    const { ex } = await runOne(p);
    await ex.runUntil({ maxRounds: 4 });
    assert.equal(handles(ex)[1]!.decision?.code, 'version-cap');
  });
});
