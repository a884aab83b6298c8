// The runner `plugbench test` and `plugbench run` fork before they load the commands: what it says before its pool
// listens is kept for the pool's client, the pool takes it only when it would fork the same runner, and one nobody
// took is ended.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { RunnerClient, type RunnerExit, type RunnerTransport } from '@plugbench/harness/runner';
import { testFixturesInRunners } from '../../../harness/src/runner/pool/fixture-pool';
import {
  holding,
  preforkRunner,
  runnerNodeOptions,
  runnerProcessPath,
  takePreforked,
} from '../../../harness/src/runner/pool/prefork';
import { ROOT, buildsHarnessRunner } from './support';

/** A transport whose events the test emits itself. */
function fakeTransport() {
  const on = {
    message: [] as ((raw: unknown) => void)[],
    output: [] as ((s: 'stdout' | 'stderr', t: string) => void)[],
    exit: [] as ((e: RunnerExit) => void)[],
  };
  const transport: RunnerTransport = {
    pid: 42,
    send: () => undefined,
    onMessage: (l) => on.message.push(l),
    onOutput: (l) => on.output.push(l),
    onExit: (l) => on.exit.push(l),
    kill: () => undefined,
  };
  return {
    transport,
    message: (raw: unknown) => on.message.forEach((l) => l(raw)),
    output: (text: string) => on.output.forEach((l) => l('stderr', text)),
    exit: (e: RunnerExit) => on.exit.forEach((l) => l(e)),
  };
}

/** Whether process `pid` still exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const exit: RunnerExit = { code: 1, signal: null, stderrTail: 'gone', killed: false };

describe('runner forked ahead of its pool', function () {
  this.timeout(60_000);
  buildsHarnessRunner();

  it('keeps what the runner says before anyone listens, in order, for the listeners registered first', async () => {
    const fake = fakeTransport();
    const held = holding(fake.transport);
    fake.message({ type: 'hello', n: 1 });
    fake.output('a log line');
    fake.message({ type: 'log', n: 2 });
    fake.exit(exit);
    const seen: unknown[] = [];
    held.onMessage((raw) => seen.push(['message', raw]));
    held.onOutput((s, t) => seen.push(['output', s, t]));
    held.onExit((e) => seen.push(['exit', e.stderrTail]));
    assert.deepEqual(seen, [], 'released after the listeners registered together');
    await Promise.resolve();
    assert.deepEqual(seen, [
      ['message', { type: 'hello', n: 1 }],
      ['output', 'stderr', 'a log line'],
      ['message', { type: 'log', n: 2 }],
      ['exit', 'gone'],
    ]);
    const late: string[] = [];
    held.onExit((e) => late.push(e.stderrTail));
    assert.deepEqual(late, ['gone'], 'a listener after the exit is told at once, as the transport itself does');
  });

  it('passes what comes after the release straight on', async () => {
    const fake = fakeTransport();
    const held = holding(fake.transport);
    const seen: unknown[] = [];
    held.onMessage((raw) => seen.push(raw));
    fake.message('early');
    await Promise.resolve();
    fake.message('later');
    assert.deepEqual(seen, ['early', 'later']);
  });

  it("gives a real runner's hello to a client made after it came", async () => {
    const ahead = preforkRunner(ROOT);
    try {
      const options = { runnerPath: runnerProcessPath(), cwd: ROOT, env: runnerNodeOptions() };
      const transport = takePreforked(options);
      assert.ok(transport, 'taken with the options the pool forks with');
      assert.equal(takePreforked(options), undefined, 'taken once');
      // Until the runner's hello has come and waits: no listener is on the transport yet.
      await new Promise((r) => setTimeout(r, 3000));
      const client = new RunnerClient(transport, { silenceTimeoutMs: 30_000 });
      const hello = await client.ready;
      assert.equal(hello.pid, transport.pid);
      await client.close();
    } finally {
      ahead.dispose();
    }
  });

  it('is not taken by a pool that forks another runner (another folder, another environment)', () => {
    const ahead = preforkRunner(ROOT);
    try {
      const base = { runnerPath: runnerProcessPath(), cwd: ROOT, env: runnerNodeOptions() };
      assert.equal(takePreforked({ ...base, cwd: path.join(ROOT, 'examples') }), undefined);
      assert.equal(takePreforked({ ...base, env: { ...base.env, EXTRA: '1' } }), undefined);
      assert.equal(takePreforked({ ...base, runnerPath: path.join(ROOT, 'dist/extension/runner.js') }), undefined);
    } finally {
      ahead.dispose();
    }
    assert.equal(
      takePreforked({ runnerPath: runnerProcessPath(), cwd: ROOT, env: runnerNodeOptions() }),
      undefined,
      'ended when nobody took it',
    );
  });

  it('is ended when nobody took it, and left alone when its pool did', async () => {
    const untaken = preforkRunner(ROOT);
    const pid = untaken.pid!;
    untaken.dispose();
    while (alive(pid)) await new Promise((r) => setTimeout(r, 50));
    const taken = preforkRunner(ROOT);
    const transport = takePreforked({ runnerPath: runnerProcessPath(), cwd: ROOT, env: runnerNodeOptions() })!;
    taken.dispose();
    const client = new RunnerClient(transport, { silenceTimeoutMs: 30_000 });
    assert.equal((await client.ready).pid, taken.pid, 'still running, answering its client');
    await client.close();
  });

  it('is the first runner of a pool working in the same folder, which tests the fixture in it', async () => {
    const ahead = preforkRunner(ROOT);
    try {
      const file = path.join(ROOT, 'examples/fixtures/echo-basic.fixture.yaml');
      const [outcome] = await testFixturesInRunners([file], { jobs: 1, cwd: ROOT });
      assert.equal(outcome?.status, 'passed');
      assert.equal(
        takePreforked({ runnerPath: runnerProcessPath(), cwd: ROOT, env: runnerNodeOptions() }),
        undefined,
        'the pool took it',
      );
    } finally {
      ahead.dispose();
    }
  });
});
