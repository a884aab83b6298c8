// The harness as a plugin author uses it in mocha: a testbed with the plugin, tasks built with defaults, rounds run or
// stepped, and assertion helpers whose failures show expected and actual.
import assert from 'node:assert/strict';
import path from 'node:path';
import { AssertionError } from 'node:assert';
import { PluginLoadError, UnsupportedTaskTypeError, InvalidArgumentError } from '@plugbench/sdk';
import {
  createTestbed,
  expectCalls,
  expectError,
  expectEvents,
  expectOutputs,
  expectPhase,
  expectTokensReleased,
  literals,
  openFixture,
  runFixture,
} from '@plugbench/harness';
import { countdownEntry } from '../../examples/readme-plugin';
import { createEchoEntry } from '../../examples/plugins/echo';
import { createLeaky } from './plugins/contract-breakers';

const examples = path.resolve(__dirname, '../../examples');

describe('harness: the testbed, as a plugin author uses it', () => {
  it('runs the README plugin: two tasks on a pool of two, a third waits', async () => {
    const testbed = await createTestbed({ plugin: countdownEntry, resourceManager: { type: 'redis' } });
    const ids = ['a', 'b', 'c'].map((id) => testbed.task({ id, type: 'countdown' }));
    const outcome = await testbed.runToCompletion();
    assert.equal(outcome.reason, 'terminal');
    for (const id of ids) expectPhase(testbed, id, 'Succeeded');
    expectEvents(testbed, 'a', ['RUNNING:1', 'RUNNING:2', 'RUNNING:3', 'SUCCEEDED:0']);
    expectEvents(testbed, 'c', ['WAITING_FOR_RESOURCES:0', 'RUNNING:1', 'RUNNING:2', 'RUNNING:3', 'SUCCEEDED:0']);
    expectCalls(testbed, 'a', ['handle', 'handle', 'handle', 'handle', 'finalize']);
    expectCalls(testbed, 'c', { finalize: 1, abort: 0 });
    expectTokensReleased(testbed);
    assert.deepEqual(testbed.violations(), []);
  });

  it('loads a plugin module by path, with a factory and its config; outputs from plain values', async () => {
    const testbed = await createTestbed({
      plugin: { module: 'plugins/echo.ts', export: 'createEchoEntry', config: { sleepDurationMs: 0 } },
      baseDir: examples,
    });
    const id = testbed.task({
      type: 'echo',
      interface: { inputs: { x: 'INTEGER' }, outputs: { o: 'INTEGER' } },
      inputs: { x: 7 },
    });
    await testbed.runToCompletion();
    expectEvents(testbed, id, ['SUCCEEDED:0']);
    await expectOutputs(testbed, id, { o: 7 });
    await expectOutputs(testbed, id, literals({ o: 7 }));
    await expectOutputs(testbed, id, { literals: { o: { scalar: { primitive: { integer: '7' } } } } });
  });

  it('steps round by round, with the timeline and views per task', async () => {
    const testbed = await createTestbed({
      plugin: createEchoEntry({ sleepDurationMs: 20_000 }),
      resyncPeriodMs: 10_000,
    });
    const id = testbed.task({ type: 'echo' });
    const first = await testbed.step();
    assert.equal(first?.length, 1);
    assert.equal(first![0]!.decision?.code, 'event');
    expectEvents(testbed, id, ['RUNNING:0']);
    expectPhase(testbed, id, { node: 'Running', plugin: 'Running', version: 0 });
    await testbed.step();
    assert.equal(testbed.calls(id)[1]!.decision?.code, 'dedup');
    await testbed.runToCompletion();
    assert.equal(testbed.view(id).rounds, 5);
    assert.equal(testbed.attempts(id), 1);
    assert.equal(testbed.finished(id)?.nodePhase, 'Succeeded');
    assert.equal(await testbed.step(), undefined);
  });

  it('aborts from outside, now or at a round', async () => {
    const testbed = await createTestbed({ plugin: createEchoEntry() });
    const now = testbed.task({ id: 'now', type: 'echo' });
    const later = testbed.task({ id: 'later', type: 'echo', abortAt: { round: 3, reason: 'enough' } });
    await testbed.step();
    testbed.abort(now, 'stop it');
    await testbed.runToCompletion();
    expectPhase(testbed, now, 'Aborted');
    expectCalls(testbed, now, ['handle', 'abort', 'finalize']);
    expectEvents(testbed, later, ['RUNNING:0', 'ABORTED:0']);
    assert.equal(testbed.view(later).rounds, 3);
    assert.equal(testbed.finished(later)?.reason, 'enough');
  });

  it('expectError matches code, kind and a part of the message', async () => {
    const testbed = await createTestbed({ plugin: createEchoEntry({ sleepDurationMs: 0 }) });
    // Two inputs and one output: echo cannot map them, and every round errors until the workflow gives up.
    const id = testbed.task({
      type: 'echo',
      interface: { inputs: { a: 'INTEGER', b: 'INTEGER' }, outputs: { o: 'INTEGER' } },
    });
    await testbed.runToCompletion({ maxRounds: 50 });
    expectPhase(testbed, id, 'Aborted');
    assert.throws(() => expectError(testbed, id, { code: 'X' }), /did not fail with an error/);
  });

  it('assertion failures are AssertionErrors with expected and actual, for mocha diffs', async () => {
    const testbed = await createTestbed({ plugin: createLeaky() });
    const id = testbed.task({ type: 'leaky' });
    await testbed.runToCompletion();
    const failure = (fn: () => void) => {
      try {
        fn();
      } catch (e) {
        assert.ok(e instanceof AssertionError);
        return e;
      }
      assert.fail('no failure');
    };
    const ev = failure(() => expectEvents(testbed, id, ['RUNNING:0']));
    assert.deepEqual(ev.expected, ['RUNNING:0']);
    assert.deepEqual(ev.actual, ['SUCCEEDED:0']);
    const calls = failure(() => expectCalls(testbed, id, { handle: 3 }));
    assert.deepEqual([calls.expected, calls.actual], [{ handle: 3 }, { handle: 1 }]);
    const phase = failure(() => expectPhase(testbed, id, 'Failed'));
    assert.deepEqual([phase.expected, phase.actual], [{ node: 'Failed' }, { node: 'Succeeded' }]);
    const tokens = failure(() => expectTokensReleased(testbed));
    assert.deepEqual(tokens.expected, []);
    assert.match(String((tokens.actual as string[])[0]), /^pool\/.* \(task task-1\)$/);
    await assert.rejects(
      expectOutputs(testbed, id, { o: 1 }),
      (e: AssertionError) => e instanceof AssertionError && e.actual === undefined,
    );
  });

  it('says clearly what is wrong with a task spec or a plugin', async () => {
    const testbed = await createTestbed({ plugin: createEchoEntry() });
    assert.throws(() => testbed.task({ type: 'nope' }), UnsupportedTaskTypeError);
    assert.throws(() => testbed.task({}), /give a type/);
    assert.throws(
      () => testbed.task({ template: { type: 'echo', metadata: { retriez: 1 } } }),
      (e: Error) => e instanceof InvalidArgumentError && /\$\.metadata\.retriez: unknown key "retriez"/.test(e.message),
    );
    await assert.rejects(createTestbed({ plugin: { module: 'missing.ts' }, baseDir: examples }), PluginLoadError);
    await assert.rejects(createTestbed({}), /give a plugin/);
  });

  it('runs a fixture file from a test, and steps one from another process the same way', async () => {
    const result = await runFixture(path.join(examples, 'fixtures/webapi-quota.fixture.yaml'));
    assert.ok(result.passed, result.problems.join('\n'));
    assert.equal(result.tasks.length, 5);
    assert.deepEqual(result.tasks[2]!.events, [
      'WAITING_FOR_RESOURCES:0',
      'QUEUED:0',
      'QUEUED:2',
      'QUEUED:0',
      'RUNNING:0',
      'SUCCEEDED:0',
    ]);
    assert.equal(result.golden?.status, 'matched');
    assert.ok(result.tasks[0]!.range !== undefined && result.tasks[0]!.range.line > 1);

    const streamed: string[] = [];
    const session = await openFixture(path.join(examples, 'fixtures/echo-basic.fixture.yaml'), {
      onRecord: (r) => streamed.push(r.kind),
    });
    assert.deepEqual(session.taskIds, ['copy']);
    assert.deepEqual(streamed, ['run.started', 'task.started']);
    await session.step();
    assert.equal(streamed.at(-1), 'call');
    const done = await session.finish();
    assert.ok(done.passed, done.problems.join('\n'));
    assert.equal(streamed.at(-1), 'run.finished');
    assert.deepEqual(done.tasks[0]!.outputs, { literals: { o: { scalar: { primitive: { integer: '42' } } } } });
  });

  it('an expectFailure fixture passes when a check fails, and fails when nothing does', async () => {
    const r = await runFixture(path.join(examples, 'fixtures/echo-round-cap.fixture.yaml'));
    assert.equal(r.passed, true);
    assert.equal(r.violations[0]?.check, 'roundCap');
  });
});
