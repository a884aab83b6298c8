// A stepping session on real runner processes: Back never drops a round, forward moves use what is recorded before
// the runner, Run again from here is the one way to replay (and it says what it drops), a stop is "stopped", and the
// replay's determinism check.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runRoundOf } from '@plugbench/sdk/timeline';
import type { RunnerClient } from '@plugbench/harness/runner';
import { RunSession } from '../../../extension/src/session/run-session';
import type { RunSessionOptions } from '../../../extension/src/session/session-types';
import { forkedRunners, ROOT } from '../support';

describe('run session', function () {
  this.timeout(60000);
  const runners = forkedRunners();
  /** Requests sent to every runner the sessions started, by type. */
  let requests: string[] = [];
  beforeEach(() => (requests = []));

  /** A runner whose requests are counted. */
  function counted(): RunnerClient {
    const client = runners.start();
    const request = client.request.bind(client);
    client.request = ((r: Parameters<RunnerClient['request']>[0]) => {
      requests.push(r.type);
      return request(r);
    }) as RunnerClient['request'];
    return client;
  }

  function open(name: string, more: Partial<RunSessionOptions> = {}): RunSession {
    return new RunSession({
      fixture: path.join(runners.dir, name),
      label: name.replace('.fixture.yaml', ''),
      roundTimeoutMs: 5000,
      maxRounds: 100,
      startRunner: async () => counted(),
      log: () => undefined,
      ...more,
    });
  }

  /** A session of `name` started and stepped twice, with the warnings it gives from then on. */
  async function twoRoundsIn(name: string): Promise<{ session: RunSession; warnings: string[] }> {
    const warnings: string[] = [];
    const session = open(name);
    session.listen({ warn: (m) => warnings.push(m) });
    await session.start();
    await session.step();
    await session.step();
    return { session, warnings };
  }

  /** A finished run of good.fixture.yaml. */
  async function finishedRun(): Promise<RunSession> {
    const session = open('good.fixture.yaml');
    await session.start();
    await session.runToEnd();
    assert.equal(session.phase, 'finished', session.status.message);
    return session;
  }

  it('Back at the end of a finished run keeps every round and only moves the cursor', async () => {
    const session = await finishedRun();
    const calls = session.model.calls.length;
    const records = session.records.length;
    const { runRounds } = session.status;
    assert.ok(calls >= 4);
    requests = [];
    await session.stepBack();
    assert.equal(session.phase, 'finished', session.status.message);
    assert.equal(session.cursor, calls - 2);
    assert.equal(session.model.calls.length, calls, 'no round dropped');
    assert.equal(session.records.length, records);
    assert.equal(session.status.runRounds, runRounds);
    assert.equal(session.status.runRound, runRounds - 1);
    assert.match(session.status.message, new RegExp(`\\(run round ${runRounds - 1} of ${runRounds}\\)$`));
    // Back to before the first round, and once more: nothing before it.
    for (let i = 0; i < calls; i++) await session.stepBack();
    assert.equal(session.cursor, -1);
    assert.match(session.status.message, /^before run round 1 \(\d+ run rounds recorded\): nothing before it$/);
    assert.equal(session.model.calls.length, calls);
    assert.deepEqual(requests, [], 'Back never asks the runner for anything');
    session.dispose();
  });

  it('moves forward over the recorded rounds without the runner, and runs rounds only from the newest', async () => {
    const session = open('good.fixture.yaml');
    await session.start();
    for (let i = 0; i < 3; i++) await session.step();
    assert.equal(session.model.calls.length, 3);
    await session.stepBack();
    await session.stepBack();
    requests = [];
    await session.step();
    await session.step();
    assert.equal(session.cursor, 2);
    assert.deepEqual(requests, [], 'recorded rounds are shown, not run again');
    await session.step();
    assert.deepEqual(requests, ['step'], 'from the newest round, Step runs one');
    assert.equal(session.model.calls.length, 4);
    session.dispose();
  });

  it('runs to the next event over the recorded rounds first', async () => {
    const session = await finishedRun();
    const firstEvent = session.model.eventCalls[0]!;
    session.seek(-1);
    requests = [];
    await session.runToNext('event');
    assert.equal(session.cursor, firstEvent);
    assert.match(session.status.message, /^next event: /);
    assert.deepEqual(requests, []);
    session.dispose();
  });

  it('runs nothing past the newest round of a finished run, and says how to run it again', async () => {
    const session = await finishedRun();
    requests = [];
    await session.step();
    await session.runToEnd();
    assert.deepEqual(requests, []);
    assert.equal(session.phase, 'finished');
    assert.match(
      session.status.message,
      /^finished at .*run round \d+ of \d+\): nothing comes after it; Run again from here runs it again$/,
    );
    session.dispose();
  });

  it('Run again from here replays to the cursor in a fresh runner and drops exactly the later rounds', async () => {
    const session = await finishedRun();
    const before = session.records.filter((r) => r.kind === 'call').map((r) => JSON.stringify({ ...r, wallMs: 0 }));
    const runRounds = session.status.runRounds;
    session.seek(1);
    requests = [];
    await session.runAgainFromHere();
    assert.deepEqual(requests, ['open'], 'one fresh runner, opened with the rounds replayed');
    assert.equal(session.phase, 'paused', session.status.message);
    assert.equal(session.cursor, 1);
    assert.equal(session.model.calls.length, 2, 'the rounds after the cursor are gone');
    assert.equal(session.rounds, runRoundOf(session.model.calls, 1));
    const after = session.records.filter((r) => r.kind === 'call').map((r) => JSON.stringify({ ...r, wallMs: 0 }));
    assert.deepEqual(after, before.slice(0, 2), 'the rounds up to the cursor are the same rounds');
    assert.match(
      session.status.message,
      new RegExp(`^dropped the ${runRounds - 2} later run rounds, ran again from here: .*\\(run round 2 of 2\\)$`),
    );
    // The run goes on from there in the new runner.
    await session.step();
    assert.deepEqual(requests, ['open', 'step']);
    assert.equal(session.model.calls.length, 3);
    session.dispose();
  });

  it('says so when there is nothing to drop, and from before the first round starts over', async () => {
    const session = open('good.fixture.yaml');
    await session.start();
    await session.step();
    await session.runAgainFromHere();
    assert.match(session.status.message, /^no later run round to drop, ran again from here: /);
    session.seek(-1);
    await session.runAgainFromHere();
    assert.equal(session.model.calls.length, 0);
    assert.equal(session.rounds, 0);
    assert.match(session.status.message, /^dropped the 1 later run round, /);
    session.dispose();
  });

  it('resumes where a run was left: replayed, paused at its round (a history entry)', async () => {
    const session = open('good.fixture.yaml');
    await session.start(3, 1);
    assert.equal(session.phase, 'paused', session.status.message);
    assert.equal(session.rounds, 3);
    assert.equal(session.cursor, 1);
    assert.equal(session.status.runRound, 2);
    assert.match(session.status.message, /\(run round 2 of 3\)$/);
    session.dispose();
  });

  it('a Stop is "stopped", not an error, while paused and while running', async () => {
    const paused = open('good.fixture.yaml');
    await paused.start();
    await paused.step();
    paused.stop();
    assert.equal(paused.phase, 'stopped');
    assert.equal(paused.status.error, undefined);
    assert.match(
      paused.status.message,
      /^stopped at .*\(run round 1 of 1\): the recorded rounds stay; Run again from here goes on$/,
    );
    await paused.step();
    assert.equal(paused.phase, 'stopped');
    assert.match(
      paused.status.message,
      /^nothing runs, the run is stopped: .* is the newest recorded round; Run again from here/,
    );
    // Run again from here goes on from the cursor.
    await paused.runAgainFromHere();
    assert.equal(paused.phase, 'paused', paused.status.message);
    await paused.step();
    assert.equal(paused.model.calls.length, 2);
    paused.dispose();

    const running = open('loop.fixture.yaml');
    await running.start();
    const run = running.runToEnd();
    await new Promise((r) => setTimeout(r, 300));
    running.stop();
    await run;
    assert.equal(running.phase, 'stopped', running.status.message);
    assert.equal(running.status.error, undefined);
    running.dispose();
  });

  it('a runner ended from outside on request (the debug session stopped) is "stopped"; a crash is an error', async () => {
    let runner: RunnerClient | undefined;
    const session = open('good.fixture.yaml', {
      startRunner: async () => (runner = counted()),
    });
    await session.start();
    await session.step();
    const statuses: string[] = [];
    session.listen({ status: (st) => statuses.push(st.phase) });
    runner!.stop(); // what the end of a debug session comes to: the exit was asked for
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(statuses, ['stopped']);
    assert.equal(session.status.error, undefined);
    session.dispose();

    const crash = open('exit.fixture.yaml');
    await crash.start();
    await crash.step();
    assert.equal(crash.phase, 'error');
    assert.match(crash.status.error!.message, /process\.exit\(3\)/);
    crash.dispose();
  });

  it('goes on after a crash: reset starts a fresh runner', async () => {
    const session = open('exit.fixture.yaml');
    await session.start();
    await session.step();
    assert.equal(session.phase, 'error');
    // Nothing was recorded of the crashed round; reset gives a fresh runner before round 1.
    await session.reset();
    assert.equal(session.phase, 'paused', session.status.message);
    assert.equal(session.rounds, 0);
    session.dispose();
  });

  it('warns when a run again replays differently: the plugin is not deterministic', async () => {
    const { session, warnings } = await twoRoundsIn('random.fixture.yaml');
    await session.stepBack();
    assert.deepEqual(warnings, [], 'Back replays nothing');
    await session.runAgainFromHere();
    session.dispose();
    assert.equal(session.rounds, 1);
    assert.equal(warnings.length, 1);
    assert.match(
      warnings[0]!,
      /the replay differs from the first run at record \d+ \(a round 1\): the plugin is not deterministic/,
    );
  });

  it('says so when the replay differs because the fixture changed since', async () => {
    const file = path.join(runners.dir, 'changing.fixture.yaml');
    const text = (sleep: number) =>
      `plugin: { module: ${JSON.stringify(path.join(ROOT, 'examples/plugins/echo.ts'))}, export: createEchoEntry, config: { sleepDurationMs: ${sleep} } }\ntasks:\n  - { id: a, type: echo }\n`;
    fs.writeFileSync(file, text(60000));
    const { session, warnings } = await twoRoundsIn('changing.fixture.yaml');
    fs.writeFileSync(file, text(0));
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    await session.stepBack();
    await session.runAgainFromHere();
    session.dispose();
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /changing\.fixture\.yaml changed since, and the replay runs the new version/);
  });
});
