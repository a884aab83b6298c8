// The runner process on real fixtures: a real child (dist/extension/runner.js), the real harness and executor.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RunnerClient, RunnerRequestError } from '../../extension/src/session/runner-client';
import { RunSession } from '../../extension/src/session/run-session';
import { forkRunner } from '../../extension/src/session/transport';
import { ensureRunnerBuilt, ROOT, writeFixtureDir } from './support';

describe('extension runner process', function () {
  this.timeout(60000);
  let dir: string;
  const clients: RunnerClient[] = [];

  before(() => {
    ensureRunnerBuilt();
    dir = writeFixtureDir();
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.stop();
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  function start(silenceTimeoutMs = 10000, openTimeoutMs?: number): RunnerClient {
    const transport = forkRunner({ runnerPath: path.join(ROOT, 'dist/extension/runner.js'), cwd: dir, env: { PLUGBENCH_CACHE_DIR: path.join(dir, '.cache') } });
    const client = new RunnerClient(transport, { silenceTimeoutMs, ...(openTimeoutMs ? { openTimeoutMs } : {}) });
    clients.push(client);
    return client;
  }

  it('opens an example fixture, steps one round, then runs it to the end, streaming the records', async () => {
    const client = start();
    const records: string[] = [];
    client.onRecords((rs) => records.push(...rs.map((r) => r.kind)));
    const open = await client.request({ type: 'open', fixture: path.join(ROOT, 'examples/fixtures/echo-basic.fixture.yaml'), roundTimeoutMs: 5000 });
    assert.deepEqual(open.tasks.map((t) => t.id), ['copy']);
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
    await client.request({ type: 'open', fixture: path.join(ROOT, 'examples/fixtures/echo-basic.fixture.yaml'), roundTimeoutMs: 5000 });
    const bp = await client.request({ type: 'run', stop: { kind: 'end' }, breakpoints: [{ kind: 'phase', phase: 'Success' }], maxRounds: 100 });
    assert.equal(bp.reason, 'breakpoint');
    assert.deepEqual(bp.breakpoint, { kind: 'phase', phase: 'Success' });
    assert.equal(bp.finished, false);
    const client2 = start();
    await client2.request({ type: 'open', fixture: path.join(ROOT, 'examples/fixtures/echo-basic.fixture.yaml'), roundTimeoutMs: 5000 });
    const ev = await client2.request({ type: 'run', stop: { kind: 'event' }, breakpoints: [], maxRounds: 100 });
    assert.deepEqual({ reason: ev.reason, rounds: ev.rounds }, { reason: 'event', rounds: 1 });
  });

  it('replays rounds on open, as step back does', async () => {
    const client = start();
    let calls = 0;
    client.onRecords((rs) => (calls += rs.filter((r) => r.kind === 'call').length));
    const open = await client.request({ type: 'open', fixture: path.join(ROOT, 'examples/fixtures/echo-basic.fixture.yaml'), roundTimeoutMs: 5000, replayRounds: 3 });
    assert.equal(open.rounds, 3);
    assert.equal(calls, 3);
  });

  it('reports an invalid fixture with placed problems', async () => {
    const client = start();
    await assert.rejects(
      client.request({ type: 'open', fixture: path.join(dir, 'broken.fixture.yaml'), roundTimeoutMs: 5000 }),
      (e: unknown) => {
        assert.ok(e instanceof RunnerRequestError);
        assert.equal(e.error.kind, 'fixture');
        const problems = (e.error as { problems?: { line: number; column: number; message: string }[] }).problems ?? [];
        assert.ok(problems.some((p) => p.line === 5 && p.column === 26 && /expected one of/.test(p.message)), JSON.stringify(problems));
        return true;
      },
    );
    // The runner survives an invalid fixture.
    assert.equal(client.exited, false);
  });

  it('reports a plugin that does not compile, at its line', async () => {
    const client = start();
    await assert.rejects(client.request({ type: 'open', fixture: path.join(dir, 'syntax.fixture.yaml'), roundTimeoutMs: 5000 }), (e: unknown) => {
      assert.ok(e instanceof RunnerRequestError);
      assert.equal(e.error.kind, 'plugin_load');
      const problems = (e.error as { problems?: { file: string; line: number }[] }).problems ?? [];
      assert.equal(problems[0]?.file, path.join(dir, 'syntax-plugin.ts'));
      assert.equal(problems[0]?.line, 4);
      return true;
    });
  });

  it('contains a Handle that never settles: the executor times the round out, the run goes on', async () => {
    const client = start();
    await client.request({ type: 'open', fixture: path.join(dir, 'never-settles.fixture.yaml'), roundTimeoutMs: 200 });
    const r = await client.request({ type: 'step', rounds: 1 });
    assert.equal(r.ran, 1);
    assert.equal(client.exited, false);
  });

  it('kills a runner whose plugin loops forever, by the watchdog, with a message that says so', async () => {
    const client = start(1500);
    await client.request({ type: 'open', fixture: path.join(dir, 'loop.fixture.yaml'), roundTimeoutMs: 200 });
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

  it('survives a plugin that calls process.exit: the runner ends, the host is told why', async () => {
    const client = start();
    await client.request({ type: 'open', fixture: path.join(dir, 'exit.fixture.yaml'), roundTimeoutMs: 2000 });
    await assert.rejects(client.request({ type: 'step', rounds: 1 }), (e: unknown) => {
      assert.ok(e instanceof RunnerRequestError);
      assert.equal(e.error.kind, 'exited');
      assert.match(e.message, /the plugin called process\.exit\(3\)/);
      return true;
    });
    // This process (the "host") is still here, and a new runner works.
    const again = start();
    const open = await again.request({ type: 'open', fixture: path.join(ROOT, 'examples/fixtures/echo-basic.fixture.yaml'), roundTimeoutMs: 5000 });
    assert.equal(open.tasks.length, 1);
  });

  it('goes on after a crash: reset starts a fresh runner', async () => {
    const session = new RunSession({ fixture: path.join(dir, 'exit.fixture.yaml'), label: 'exit', roundTimeoutMs: 5000, maxRounds: 100, startRunner: async () => start(), log: () => undefined });
    await session.start();
    await session.step();
    assert.equal(session.phase, 'error');
    assert.match(session.status.error!.message, /process\.exit\(3\)/);
    // Nothing was recorded of the crashed round; reset gives a fresh runner before round 1.
    await session.reset();
    assert.equal(session.phase, 'paused', session.status.message);
    assert.equal(session.rounds, 0);
    session.dispose();
  });

  it('goes on after a stop: step back replays in a fresh runner', async () => {
    const session = new RunSession({ fixture: path.join(dir, 'good.fixture.yaml'), label: 'good', roundTimeoutMs: 5000, maxRounds: 100, startRunner: async () => start(), log: () => undefined });
    await session.start();
    await session.step();
    await session.step();
    session.stop();
    assert.equal(session.phase, 'stopped');
    await session.step();
    assert.match(session.status.message, /step back .*or reset to go on/);
    await session.stepBack();
    assert.equal(session.phase, 'paused', session.status.message);
    assert.equal(session.rounds, 1);
    await session.step();
    assert.equal(session.rounds, 2);
    session.dispose();
  });

  it('stops at once when asked, whatever the plugin does', async () => {
    const client = start(60000);
    await client.request({ type: 'open', fixture: path.join(dir, 'loop.fixture.yaml'), roundTimeoutMs: 200 });
    const pending = client.request({ type: 'step', rounds: 1 });
    setTimeout(() => client.stop(), 300);
    const t0 = Date.now();
    await assert.rejects(pending, (e: unknown) => e instanceof RunnerRequestError && e.error.kind === 'stopped');
    assert.ok(Date.now() - t0 < 10000, 'stopped at once, not after the watchdog');
  });

  it('warns when step back replays differently: the plugin is not deterministic', async () => {
    const warnings: string[] = [];
    const session = new RunSession({
      fixture: path.join(dir, 'random.fixture.yaml'),
      label: 'random',
      roundTimeoutMs: 5000,
      maxRounds: 100,
      startRunner: async () => start(),
      log: () => undefined,
    });
    session.listen({ warn: (m) => warnings.push(m) });
    await session.start();
    await session.step();
    await session.step();
    await session.stepBack();
    session.dispose();
    assert.equal(session.rounds, 1);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /the replay differs from the first run at record \d+ \(a handle round 1\): the plugin is not deterministic/);
  });

  it('says so when the replay differs because the fixture changed since', async () => {
    const file = path.join(dir, 'changing.fixture.yaml');
    const text = (sleep: number) =>
      `plugin: { module: ${JSON.stringify(path.join(ROOT, 'examples/plugins/echo.ts'))}, export: createEchoEntry, config: { sleepDurationMs: ${sleep} } }\ntasks:\n  - { id: a, type: echo }\n`;
    fs.writeFileSync(file, text(60000));
    const warnings: string[] = [];
    const session = new RunSession({ fixture: file, label: 'changing', roundTimeoutMs: 5000, maxRounds: 100, startRunner: async () => start(), log: () => undefined });
    session.listen({ warn: (m) => warnings.push(m) });
    await session.start();
    await session.step();
    await session.step();
    fs.writeFileSync(file, text(0));
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    await session.stepBack();
    session.dispose();
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /changing\.fixture\.yaml changed since, and the replay runs the new version/);
  });

  it('runs a fixture as a test, with per-task expectations and contract checks', async () => {
    const client = start();
    const result = await client.request({ type: 'test', fixture: path.join(dir, 'good.fixture.yaml'), contractChecks: true, roundTimeoutMs: 5000 });
    assert.equal(result.passed, true, result.timelineText);
    assert.deepEqual(result.tasks.map((t) => t.task), ['one', 'two']);
    assert.deepEqual(result.tasks[0]!.expectations.map((e) => `${e.id}:${e.passed}`), ['nodePhase:true', 'events:true', 'calls:true']);
    assert.ok(result.checks.some((c) => c.id === 'tokensReleased' && c.passed));
  });

  it('lets a slow test run longer than the watchdog, as long as rounds keep coming', async () => {
    const file = path.join(dir, 'slow.fixture.yaml');
    fs.writeFileSync(
      file,
      `plugin: { module: ${JSON.stringify(path.join(ROOT, 'examples/plugins/echo.ts'))}, export: createEchoEntry, config: { sleepDurationMs: 30000 } }\n` +
        'world:\n  faults: [{ kind: slow-call, delayMs: 500 }]\ntasks:\n  - { id: a, type: echo }\n',
    );
    const client = start(2000, 2000);
    const t0 = Date.now();
    const result = await client.request({ type: 'test', fixture: file, contractChecks: false, roundTimeoutMs: 5000 });
    assert.ok(Date.now() - t0 > 2000, 'the test ran longer than the watchdog');
    assert.equal(result.tasks[0]!.task, 'a');
    assert.equal(client.exited, false);
  });

  it('reports a failed expectation with expected and actual values and its place in the fixture', async () => {
    const client = start();
    const result = await client.request({ type: 'test', fixture: path.join(dir, 'wrong-expect.fixture.yaml'), contractChecks: true, roundTimeoutMs: 5000 });
    assert.equal(result.passed, false);
    const e = result.tasks[0]!.expectations.find((x) => x.id === 'events')!;
    assert.equal(e.passed, false);
    assert.deepEqual(e.expected, ['RUNNING:0']);
    assert.deepEqual(e.actual, ['SUCCEEDED:0']);
    assert.equal(e.location?.line, 9);
  });
});
