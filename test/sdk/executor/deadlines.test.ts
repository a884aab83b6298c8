// The round timeouts of pending plugin calls on one shared timer (sdk/src/executor/deadlines.ts): each pending call
// expires once, a call that settled never does, and calls of different timeouts each expire at their own. The test
// asserts which deadlines expired and in what order, never how long it took: it waits for a last deadline, due after
// every other, to expire.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Deadlines } from '../../../sdk/src/executor/deadlines';

const repo = path.resolve(__dirname, '../../..');

/**
 * Runs `body` (with `s`, the SDK from its sources, and `handle`, the plugin's Handle) in a Node process of its own,
 * and returns what it printed, or fails when the process did not end by itself.
 */
function inProcess(handle: string, body: string): string {
  const script = `const s = require('@plugbench/sdk');
const plugin = { getID: () => 'p', getProperties: () => ({}), handle: ${handle}, abort() {}, finalize() {} };
const entry = { id: 'p', registeredTaskTypes: ['p'], loadPlugin: () => plugin };
(async () => { ${body} })();`;
  const NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --conditions=@plugbench/source`.trim();
  const r = spawnSync(process.execPath, [require.resolve('tsx/cli'), '-e', script], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS },
    timeout: 60_000,
  });
  assert.equal(
    r.status,
    0,
    `the process ends by itself with exit 0 (${r.error?.message ?? `signal ${r.signal}`}); stderr: ${r.stderr}`,
  );
  return r.stdout.trim();
}

/** Adds a deadline due after every other one of the test, and resolves when it expires. */
function last(d: Deadlines, ms: number, expired: string[]): Promise<void> {
  return new Promise((resolve) =>
    d.add(ms, () => {
      expired.push('last');
      resolve();
    }),
  );
}

describe('executor: deadlines of pending calls', () => {
  it('every pending deadline expires once, in the order they fall due, across timeouts', async () => {
    const d = new Deadlines();
    const expired: string[] = [];
    d.add(40, () => expired.push('a40'));
    d.add(5, () => expired.push('b5'));
    d.add(40, () => expired.push('c40'));
    d.add(20, () => expired.push('d20'));
    await last(d, 80, expired);
    assert.deepEqual(expired, ['b5', 'd20', 'a40', 'c40', 'last']);
  });

  it('a deadline removed before it falls due never expires; those after it still do', async () => {
    const d = new Deadlines();
    const expired: string[] = [];
    const first = d.add(10, () => expired.push('first'));
    const second = d.add(10, () => expired.push('second'));
    d.add(10, () => expired.push('third'));
    d.remove(first);
    d.remove(second);
    d.remove(second);
    await last(d, 30, expired);
    assert.deepEqual(expired, ['third', 'last']);
    // The queue keeps working once it emptied.
    d.add(5, () => expired.push('again'));
    await last(d, 20, expired);
    assert.deepEqual(expired, ['third', 'last', 'again', 'last']);
  });

  it('many calls that settle at once leave nothing to expire', async () => {
    const d = new Deadlines();
    const expired: string[] = [];
    for (let i = 0; i < 500; i++) d.remove(d.add(10, () => expired.push(`call ${i}`)));
    await last(d, 10, expired);
    assert.deepEqual(expired, ['last']);
  });

  it('a pending call keeps the process alive until its timeout; once none is pending, the process may end', function () {
    this.timeout(120_000);
    // Nothing but the call is pending: the deadline's timer is what keeps the process alive until the round error.
    const hung = inProcess(
      '() => new Promise(() => {})',
      `const ex = await s.Executor.create({ plugins: [entry], roundTimeoutMs: 50, recordTimeline: false });
      ex.start({ template: s.create(s.TaskTemplateSchema, { type: 'p' }) });
      const out = await ex.runUntil({ maxRounds: 2 });
      console.log(out.reason, out.rounds, ex.task('task-1').rounds);`,
    );
    assert.equal(hung, 'round-cap 2 2');
    // Rounds of an asynchronous plugin under a long timeout: the timer stays armed, but does not hold the process
    // (which would otherwise wait the ten minutes of the timeout before it ends).
    const quick = inProcess(
      'async () => s.doTransition(s.phaseInfoRunning(1))',
      `const ex = await s.Executor.create({ plugins: [entry], roundTimeoutMs: 600_000, recordTimeline: false });
      ex.start({ template: s.create(s.TaskTemplateSchema, { type: 'p' }) });
      const out = await ex.runUntil({ maxRounds: 5 });
      console.log(out.reason, out.rounds);`,
    );
    assert.equal(quick, 'round-cap 5');
  });
});
