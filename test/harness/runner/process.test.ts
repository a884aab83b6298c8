// The runner process on real fixtures: a real child (harness/dist/runner.js), the real harness and executor,
// driven through the host's client.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RunnerRequestError, type RunnerClient } from '@plugbench/harness/runner';
import { forkedRunners, ROOT } from './support';

describe('runner process', function () {
  this.timeout(60000);
  const runners = forkedRunners();
  const start = runners.start;

  /** Opens examples/fixtures/echo-basic.fixture.yaml, replaying `replayRounds` rounds. */
  const openEchoBasic = (client: RunnerClient, replayRounds?: number) =>
    client.request({
      type: 'open',
      fixture: path.join(ROOT, 'examples/fixtures/echo-basic.fixture.yaml'),
      roundTimeoutMs: 5000,
      ...(replayRounds !== undefined ? { replayRounds } : {}),
    });

  /** Runs `fixture` (in the test fixtures' folder) as a test, contract checks on. */
  const testWithChecks = (client: RunnerClient, fixture: string) =>
    client.request({
      type: 'test',
      fixture: path.join(runners.dir, fixture),
      contractChecks: true,
      roundTimeoutMs: 5000,
    });

  /** The error the runner answers an `open` of `fixture` (in the test fixtures' folder) with. */
  async function openFailure(client: RunnerClient, fixture: string): Promise<RunnerRequestError['error']> {
    const opened = client.request({ type: 'open', fixture: path.join(runners.dir, fixture), roundTimeoutMs: 5000 });
    const e: unknown = await opened.then(
      () => assert.fail(`${fixture} opened`),
      (err: unknown) => err,
    );
    assert.ok(e instanceof RunnerRequestError, String(e));
    return e.error;
  }

  it('opens an example fixture, steps one round, then runs it to the end, streaming the records', async () => {
    const client = start();
    const records: string[] = [];
    client.onRecords((rs) => records.push(...rs.map((r) => r.kind)));
    const open = await openEchoBasic(client);
    assert.deepEqual(
      open.tasks.map((t) => t.id),
      ['copy'],
    );
    assert.equal(open.rounds, 0);
    assert.equal(open.finished, false);
    assert.ok(open.plugin?.endsWith(path.join('examples', 'plugins', 'echo.ts')));
    const one = await client.request({ type: 'step', rounds: 1 });
    assert.deepEqual({ ran: one.ran, rounds: one.rounds, reason: one.reason }, { ran: 1, rounds: 1, reason: 'step' });
    assert.equal(records.filter((k) => k === 'call').length, 1);
    const end = await client.request({ type: 'run', stop: { kind: 'end' }, breakpoints: [], maxRounds: 100 });
    assert.equal(end.reason, 'terminal');
    assert.equal(end.finished, true);
    // 5 Handle calls and a Finalize, as the fixture expects.
    assert.equal(records.filter((k) => k === 'call').length, 6);
    assert.ok(records.includes('task.finished'));
  });

  it('stops at a phase breakpoint and at the next event', async () => {
    const client = start();
    await openEchoBasic(client);
    const bp = await client.request({
      type: 'run',
      stop: { kind: 'end' },
      breakpoints: [{ kind: 'phase', phase: 'Success' }],
      maxRounds: 100,
    });
    assert.equal(bp.reason, 'breakpoint');
    assert.deepEqual(bp.breakpoint, { kind: 'phase', phase: 'Success' });
    assert.equal(bp.finished, false);
    const client2 = start();
    await openEchoBasic(client2);
    const ev = await client2.request({ type: 'run', stop: { kind: 'event' }, breakpoints: [], maxRounds: 100 });
    assert.deepEqual({ reason: ev.reason, rounds: ev.rounds }, { reason: 'event', rounds: 1 });
  });

  it('replays rounds on open, as step back does', async () => {
    const client = start();
    let calls = 0;
    client.onRecords((rs) => (calls += rs.filter((r) => r.kind === 'call').length));
    const open = await openEchoBasic(client, 3);
    assert.equal(open.rounds, 3);
    assert.equal(calls, 3);
  });

  it('reports an invalid fixture with placed problems', async () => {
    const client = start();
    const error = await openFailure(client, 'broken.fixture.yaml');
    assert.equal(error.kind, 'fixture');
    const problems = ('problems' in error ? error.problems : undefined) ?? [];
    assert.ok(
      problems.some((p) => p.line === 5 && p.column === 26 && /expected one of/.test(p.message)),
      JSON.stringify(problems),
    );
    // The runner survives an invalid fixture.
    assert.equal(client.exited, false);
  });

  it('reports a plugin that does not compile, at its line', async () => {
    const client = start();
    const error = await openFailure(client, 'syntax.fixture.yaml');
    assert.equal(error.kind, 'plugin-load');
    const problem = 'problems' in error ? error.problems?.[0] : undefined;
    assert.equal(problem?.file, path.join(runners.dir, 'syntax-plugin.ts'));
    assert.equal(problem?.line, 4);
  });

  it('contains a Handle that never settles: the executor times the round out, the run goes on', async () => {
    const client = start();
    await client.request({
      type: 'open',
      fixture: path.join(runners.dir, 'never-settles.fixture.yaml'),
      roundTimeoutMs: 200,
    });
    const r = await client.request({ type: 'step', rounds: 1 });
    assert.equal(r.ran, 1);
    assert.equal(client.exited, false);
  });

  it('survives a plugin that calls process.exit: the runner ends, the host is told why', async () => {
    const client = start();
    await client.request({ type: 'open', fixture: path.join(runners.dir, 'exit.fixture.yaml'), roundTimeoutMs: 2000 });
    await assert.rejects(client.request({ type: 'step', rounds: 1 }), (e: unknown) => {
      assert.ok(e instanceof RunnerRequestError);
      assert.equal(e.error.kind, 'exited');
      assert.match(e.message, /the plugin called process\.exit\(3\)/);
      return true;
    });
    // This process (the "host") is still here, and a new runner works.
    const again = start();
    const open = await openEchoBasic(again);
    assert.equal(open.tasks.length, 1);
  });

  it('runs a fixture as a test, with per-task expectations and contract checks', async () => {
    const client = start();
    const result = await testWithChecks(client, 'good.fixture.yaml');
    assert.equal(result.passed, true, result.timelineText);
    assert.deepEqual(
      result.tasks.map((t) => t.task),
      ['one', 'two'],
    );
    assert.deepEqual(
      result.tasks[0]!.expectations.map((e) => `${e.id}:${e.passed}`),
      ['nodePhase:true', 'events:true', 'calls:true'],
    );
    assert.ok(result.checks.some((c) => c.id === 'tokensReleased' && c.passed));
  });

  /** An echo task whose every plugin call takes half a second, in fixture `name`. */
  function slowFixture(name: string): string {
    const file = path.join(runners.dir, name);
    fs.writeFileSync(
      file,
      `plugin: { module: ${JSON.stringify(path.join(ROOT, 'examples/plugins/echo.ts'))}, export: createEchoEntry, config: { sleepDurationMs: 30000 } }\n` +
        'world:\n  faults: [{ kind: slow-call, delayMs: 500 }]\ntasks:\n  - { id: a, type: echo }\n',
    );
    return file;
  }

  it('lets a slow test run longer than the watchdog, as long as rounds keep coming', async () => {
    const file = slowFixture('slow.fixture.yaml');
    const client = start(2000, 2000);
    const t0 = Date.now();
    const result = await client.request({ type: 'test', fixture: file, contractChecks: false, roundTimeoutMs: 5000 });
    assert.ok(Date.now() - t0 > 2000, 'the test ran longer than the watchdog');
    assert.equal(result.tasks[0]!.task, 'a');
    assert.equal(client.exited, false);
  });

  it('keeps the watchdog fed through a run to the end of slow rounds (its rounds run in parts of a few ms)', async () => {
    const file = slowFixture('slow-run.fixture.yaml');
    const client = start(2000, 2000);
    await client.request({ type: 'open', fixture: file, roundTimeoutMs: 5000 });
    const t0 = Date.now();
    const end = await client.request({ type: 'run', stop: { kind: 'end' }, breakpoints: [], maxRounds: 1_000 });
    assert.ok(Date.now() - t0 > 2000, 'the run took longer than the watchdog');
    assert.equal(end.finished, true);
    assert.equal(client.exited, false);
  });

  it('reports a failed expectation with expected and actual values and its place in the fixture', async () => {
    const client = start();
    const result = await testWithChecks(client, 'wrong-expect.fixture.yaml');
    assert.equal(result.passed, false);
    const e = result.tasks[0]!.expectations.find((x) => x.id === 'events')!;
    assert.equal(e.passed, false);
    assert.deepEqual(e.expected, ['RUNNING:0']);
    assert.deepEqual(e.actual, ['SUCCEEDED:0']);
    assert.equal(e.location?.line, 9);
  });
});
