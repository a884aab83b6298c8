// A fixture's results as test cases: the fine grain (one case an expectation, check or golden timeline, at its
// fixture path) and the reporters' grain (one case a task, the run, the checks, the golden timeline), from one run.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  expectationCases,
  loadFixture,
  locateNearest,
  reportedCases,
  runFixture,
  type FixtureTestOutcome,
} from '@plugbench/harness';

const ROOT = path.resolve(__dirname, '../..');

describe('test cases of a fixture result', function () {
  this.timeout(60000);

  it('makes a case of every expectation, check and the golden timeline, a failed one with its values and place', async () => {
    const loaded = await loadFixture(path.join(ROOT, 'examples/fixtures/echo-basic.fixture.yaml'));
    loaded.fixture.tasks[0]!.expect!.events = ['RUNNING:0'];
    const result = await runFixture(loaded, { golden: false });
    const cases = expectationCases(loaded.fixture, result);

    assert.deepEqual(
      cases.tasks.map((t) => t.task),
      ['copy'],
    );
    const task = cases.tasks[0]!;
    assert.equal(task.passed, false);
    assert.deepEqual(
      task.expectations.map((e) => `${e.id}:${e.passed}`),
      ['nodePhase:true', 'pluginPhase:true', 'events:false', 'outputs:true', 'calls:true', 'attempts:true'],
    );
    const events = task.expectations.find((e) => e.id === 'events')!;
    assert.deepEqual(events.expected, ['RUNNING:0']);
    assert.deepEqual(events.actual, ['RUNNING:0', 'SUCCEEDED:0']);
    assert.deepEqual(events.path, ['tasks', 0, 'expect', 'events']);
    assert.ok(cases.checks.some((c) => c.id === 'tokensReleased' && c.passed));
    assert.deepEqual(
      cases.checks.filter((c) => c.id.startsWith('expect.')).map((c) => `${c.id}:${c.passed}`),
      ['expect.tokens:true', 'expect.stop:true'],
    );
    assert.equal(
      cases.checks.some((c) => c.id === 'golden'),
      false,
      'no golden case when the golden timeline was not compared',
    );

    const outcome: FixtureTestOutcome = {
      file: result.file,
      name: result.name,
      status: 'failed',
      result,
      durationMs: result.durationMs,
    };
    const reported = reportedCases(outcome);
    assert.deepEqual(
      reported.map((c) => `${c.name}:${c.passed}`),
      ['task copy:false', 'contract checks:true'],
    );
    assert.match(
      reported[0]!.messages[0]!,
      /task copy: the events sent differ\n {2}expected \["RUNNING:0"\]\n {2}actual {3}\["RUNNING:0","SUCCEEDED:0"\]/,
    );
  });

  it('places a path that is not written in the fixture at its nearest written part', async () => {
    const loaded = await loadFixture(path.join(ROOT, 'examples/fixtures/echo-basic.fixture.yaml'));
    const written = locateNearest(loaded, ['tasks', 0]);
    assert.ok(written);
    assert.deepEqual(
      locateNearest(loaded, ['tasks', 0, 'expect', 'rounds']),
      locateNearest(loaded, ['tasks', 0, 'expect']),
    );
    assert.notDeepEqual(locateNearest(loaded, ['tasks', 0, 'expect']), written);
  });
});
