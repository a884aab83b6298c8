// The plugin under test in mocha: a testbed runs it the way FlytePropeller would, round by round under a virtual
// clock, with Flyte's webapi machinery around it, and the contract checks run on every round.
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  createTestbed,
  expectCalls,
  expectEvents,
  expectPhase,
  expectTokensReleased,
  testFixture,
} from '@plugbench/harness';
import { RemoteJobTaskType, remoteJobEntry } from '../src/plugin';

describe('remote-job plugin', () => {
  it('creates a job, polls it until it is done, succeeds and releases its quota', async () => {
    // The machinery's Queued:2 "launched" then "job submitted" is Flyte's own (see the fixture): lostInfo off.
    const testbed = await createTestbed({
      plugin: remoteJobEntry,
      resourceManager: { type: 'redis' },
      checks: { lostInfo: false },
    });
    const id = testbed.task({ type: RemoteJobTaskType, custom: { seconds: 20 } });
    await testbed.runToCompletion();
    expectPhase(testbed, id, 'Succeeded');
    expectEvents(testbed, id, ['QUEUED:0', 'QUEUED:2', 'RUNNING:0', 'SUCCEEDED:0']);
    expectCalls(testbed, id, { abort: 0, finalize: 1 });
    expectTokensReleased(testbed);
  });

  it('passes its fixture: expectations, contract checks and the golden timeline', async () => {
    const outcome = await testFixture(path.join(__dirname, '../fixtures/remote-job.fixture.yaml'));
    assert.equal(outcome.status, 'passed', outcome.result?.problems.join('\n') ?? outcome.error?.message);
  });
});
