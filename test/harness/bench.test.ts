// The harness as a plugin author uses it in mocha: a bench with the plugin, tasks built with defaults, rounds run or
// stepped, and assertion helpers whose failures show expected and actual.
import assert from 'node:assert/strict';
import path from 'node:path';
import { AssertionError } from 'node:assert';
import { PluginLoadError, UnsupportedTaskTypeError, InvalidArgumentError } from '@plugbench/sdk';
import {
  createBench,
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

describe('harness: the bench, as a plugin author uses it', () => {
  it('runs the README plugin: two tasks on a pool of two, a third waits', async () => {
    const bench = await createBench({ plugin: countdownEntry, resourceManager: { type: 'redis' } });
    const ids = ['a', 'b', 'c'].map((id) => bench.task({ id, type: 'countdown' }));
    const outcome = await bench.runToCompletion();
    assert.equal(outcome.reason, 'terminal');
    for (const id of ids) expectPhase(bench, id, 'Succeeded');
    expectEvents(bench, 'a', ['RUNNING:1', 'RUNNING:2', 'RUNNING:3', 'SUCCEEDED:0']);
    expectEvents(bench, 'c', ['WAITING_FOR_RESOURCES:0', 'RUNNING:1', 'RUNNING:2', 'RUNNING:3', 'SUCCEEDED:0']);
    expectCalls(bench, 'a', ['handle', 'handle', 'handle', 'handle', 'finalize']);
    expectCalls(bench, 'c', { finalize: 1, abort: 0 });
    expectTokensReleased(bench);
    assert.deepEqual(bench.violations(), []);
  });

  it('loads a plugin module by path, with a factory and its config; outputs from plain values', async () => {
    const bench = await createBench({ plugin: { module: 'plugins/echo.ts', export: 'createEchoEntry', config: { sleepDurationMs: 0 } }, baseDir: examples });
    const id = bench.task({ type: 'echo', interface: { inputs: { x: 'INTEGER' }, outputs: { o: 'INTEGER' } }, inputs: { x: 7 } });
    await bench.runToCompletion();
    expectEvents(bench, id, ['SUCCEEDED:0']);
    await expectOutputs(bench, id, { o: 7 });
    await expectOutputs(bench, id, literals({ o: 7 }));
    await expectOutputs(bench, id, { literals: { o: { scalar: { primitive: { integer: '7' } } } } });
  });

  it('steps round by round, with the timeline and views per task', async () => {
    const bench = await createBench({ plugin: createEchoEntry({ sleepDurationMs: 20_000 }), resyncPeriodMs: 10_000 });
    const id = bench.task({ type: 'echo' });
    const first = await bench.step();
    assert.equal(first?.length, 1);
    assert.equal(first![0]!.decision?.code, 'event');
    expectEvents(bench, id, ['RUNNING:0']);
    expectPhase(bench, id, { node: 'Running', plugin: 'Running', version: 0 });
    await bench.step();
    assert.equal(bench.calls(id)[1]!.decision?.code, 'dedup');
    await bench.runToCompletion();
    assert.equal(bench.view(id).rounds, 5);
    assert.equal(bench.attempts(id), 1);
    assert.equal(bench.finished(id)?.nodePhase, 'Succeeded');
    assert.equal(await bench.step(), undefined);
  });

  it('aborts from outside, now or at a round', async () => {
    const bench = await createBench({ plugin: createEchoEntry() });
    const now = bench.task({ id: 'now', type: 'echo' });
    const later = bench.task({ id: 'later', type: 'echo', abortAt: { round: 3, reason: 'enough' } });
    await bench.step();
    bench.abort(now, 'stop it');
    await bench.runToCompletion();
    expectPhase(bench, now, 'Aborted');
    expectCalls(bench, now, ['handle', 'abort', 'finalize']);
    expectEvents(bench, later, ['RUNNING:0', 'ABORTED:0']);
    assert.equal(bench.view(later).rounds, 3);
    assert.equal(bench.finished(later)?.reason, 'enough');
  });

  it('expectError matches code, kind and a part of the message', async () => {
    const bench = await createBench({ plugin: createEchoEntry({ sleepDurationMs: 0 }) });
    // Two inputs and one output: echo cannot map them, and every round errors until the workflow gives up.
    const id = bench.task({ type: 'echo', interface: { inputs: { a: 'INTEGER', b: 'INTEGER' }, outputs: { o: 'INTEGER' } } });
    await bench.runToCompletion({ maxRounds: 50 });
    expectPhase(bench, id, 'Aborted');
    assert.throws(() => expectError(bench, id, { code: 'X' }), /did not fail with an error/);
  });

  it('assertion failures are AssertionErrors with expected and actual, for mocha diffs', async () => {
    const bench = await createBench({ plugin: createLeaky() });
    const id = bench.task({ type: 'leaky' });
    await bench.runToCompletion();
    const failure = (fn: () => void) => {
      try {
        fn();
      } catch (e) {
        assert.ok(e instanceof AssertionError);
        return e;
      }
      assert.fail('no failure');
    };
    const ev = failure(() => expectEvents(bench, id, ['RUNNING:0']));
    assert.deepEqual(ev.expected, ['RUNNING:0']);
    assert.deepEqual(ev.actual, ['SUCCEEDED:0']);
    const calls = failure(() => expectCalls(bench, id, { handle: 3 }));
    assert.deepEqual([calls.expected, calls.actual], [{ handle: 3 }, { handle: 1 }]);
    const phase = failure(() => expectPhase(bench, id, 'Failed'));
    assert.deepEqual([phase.expected, phase.actual], [{ node: 'Failed' }, { node: 'Succeeded' }]);
    const tokens = failure(() => expectTokensReleased(bench));
    assert.deepEqual(tokens.expected, []);
    assert.match(String((tokens.actual as string[])[0]), /^pool\/.* \(task task-1\)$/);
    await assert.rejects(expectOutputs(bench, id, { o: 1 }), (e: AssertionError) => e instanceof AssertionError && e.actual === undefined);
  });

  it('says clearly what is wrong with a task spec or a plugin', async () => {
    const bench = await createBench({ plugin: createEchoEntry() });
    assert.throws(() => bench.task({ type: 'nope' }), UnsupportedTaskTypeError);
    assert.throws(() => bench.task({}), /give a type/);
    assert.throws(() => bench.task({ template: { type: 'echo', metadata: { retriez: 1 } } }), (e: Error) => e instanceof InvalidArgumentError && /\$\.metadata\.retriez: unknown key "retriez"/.test(e.message));
    await assert.rejects(createBench({ plugin: { module: 'missing.ts' }, baseDir: examples }), PluginLoadError);
    await assert.rejects(createBench({}), /give a plugin/);
  });

  it('runs a fixture file from a test, and steps one from another process the same way', async () => {
    const result = await runFixture(path.join(examples, 'fixtures/webapi-quota.fixture.yaml'));
    assert.ok(result.passed, result.problems.join('\n'));
    assert.equal(result.tasks.length, 5);
    assert.deepEqual(result.tasks[2]!.events, ['WAITING_FOR_RESOURCES:0', 'QUEUED:0', 'QUEUED:2', 'QUEUED:0', 'RUNNING:0', 'SUCCEEDED:0']);
    assert.equal(result.golden?.status, 'matched');
    assert.ok(result.tasks[0]!.range !== undefined && result.tasks[0]!.range.line > 1);

    const streamed: string[] = [];
    const session = await openFixture(path.join(examples, 'fixtures/echo-basic.fixture.yaml'), { onRecord: (r) => streamed.push(r.kind) });
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
