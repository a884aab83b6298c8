// A stepping session on real runner processes: going on after a crash or a stop, and the replay's determinism check.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RunSession } from '../../../extension/src/session/run-session';
import { forkedRunners, ROOT } from '../support';

describe('run session', function () {
  this.timeout(60000);
  const runners = forkedRunners();
  const start = runners.start;

  it('goes on after a crash: reset starts a fresh runner', async () => {
    const session = new RunSession({
      fixture: path.join(runners.dir, 'exit.fixture.yaml'),
      label: 'exit',
      roundTimeoutMs: 5000,
      maxRounds: 100,
      startRunner: async () => start(),
      log: () => undefined,
    });
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
    const session = new RunSession({
      fixture: path.join(runners.dir, 'good.fixture.yaml'),
      label: 'good',
      roundTimeoutMs: 5000,
      maxRounds: 100,
      startRunner: async () => start(),
      log: () => undefined,
    });
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

  it('warns when step back replays differently: the plugin is not deterministic', async () => {
    const warnings: string[] = [];
    const session = new RunSession({
      fixture: path.join(runners.dir, 'random.fixture.yaml'),
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
    assert.match(
      warnings[0]!,
      /the replay differs from the first run at record \d+ \(a handle round 1\): the plugin is not deterministic/,
    );
  });

  it('says so when the replay differs because the fixture changed since', async () => {
    const file = path.join(runners.dir, 'changing.fixture.yaml');
    const text = (sleep: number) =>
      `plugin: { module: ${JSON.stringify(path.join(ROOT, 'examples/plugins/echo.ts'))}, export: createEchoEntry, config: { sleepDurationMs: ${sleep} } }\ntasks:\n  - { id: a, type: echo }\n`;
    fs.writeFileSync(file, text(60000));
    const warnings: string[] = [];
    const session = new RunSession({
      fixture: file,
      label: 'changing',
      roundTimeoutMs: 5000,
      maxRounds: 100,
      startRunner: async () => start(),
      log: () => undefined,
    });
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
});
