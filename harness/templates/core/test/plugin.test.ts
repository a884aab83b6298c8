// The plugin under test in mocha: a testbed runs it the way FlytePropeller would, round by round under a virtual
// clock, and the contract checks (idempotent Handle, tokens released, ...) run on every round.
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  createTestbed,
  expectCalls,
  expectEvents,
  expectNoViolations,
  expectPhase,
  expectTokensReleased,
  testFixture,
} from '@plugbench/harness';
import { BatchTaskType, batchEntry } from '../src/plugin';

describe('batch plugin', () => {
  it('runs a task for its rounds, then succeeds and gives its token back', async () => {
    const testbed = await createTestbed({ plugin: batchEntry, resourceManager: { type: 'redis' } });
    const id = testbed.task({ type: BatchTaskType, custom: { rounds: 2 } });
    await testbed.runToCompletion();
    expectPhase(testbed, id, 'Succeeded');
    expectEvents(testbed, id, ['RUNNING:1', 'RUNNING:2', 'SUCCEEDED:0']);
    expectCalls(testbed, id, ['handle', 'handle', 'handle', 'finalize']);
    expectTokensReleased(testbed);
    expectNoViolations(testbed);
  });

  it('makes a third task wait while two hold the slots', async () => {
    const testbed = await createTestbed({ plugin: batchEntry, resourceManager: { type: 'redis' } });
    for (const id of ['a', 'b', 'c']) testbed.task({ id, type: BatchTaskType });
    await testbed.runToCompletion(); // or round by round: testbed.step()
    expectEvents(testbed, 'a', ['RUNNING:1', 'RUNNING:2', 'RUNNING:3', 'SUCCEEDED:0']);
    expectEvents(testbed, 'c', ['WAITING_FOR_RESOURCES:0', 'RUNNING:1', 'RUNNING:2', 'RUNNING:3', 'SUCCEEDED:0']);
  });

  it('passes its fixture: expectations, contract checks and the golden timeline', async () => {
    const outcome = await testFixture(path.join(__dirname, '../fixtures/batch.fixture.yaml'));
    assert.equal(outcome.status, 'passed', outcome.result?.problems.join('\n') ?? outcome.error?.message);
  });
});
