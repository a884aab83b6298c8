// The contract checks: each fires on a plugin built to break its rule, with a message that says what to fix, and
// none fires on plugins that follow the contract.
import assert from 'node:assert/strict';
import {
  createTestbed,
  expectNoViolations,
  formatViolation,
  type TestbedOptions,
  type CheckId,
  type CheckViolation,
} from '@plugbench/harness';
import { createEchoEntry } from '../../examples/plugins/echo';
import { createHiveEntry } from '../../examples/plugins/hive';
import {
  createChatty,
  createCounter,
  createDateState,
  createFragileCleanup,
  createGetAfterPut,
  createLeaky,
  createNeverEnding,
  createWellBehaved,
} from './plugins/contract-breakers';

async function violationsOf(
  options: TestbedOptions,
  tasks: Array<{ type: string; id?: string }>,
  maxRounds = 200,
): Promise<CheckViolation[]> {
  const testbed = await createTestbed({ maxRounds, ...options });
  for (const t of tasks) testbed.task(t);
  await testbed.runToCompletion();
  return testbed.violations();
}

function only(vs: CheckViolation[], check: CheckId): CheckViolation {
  const mine = vs.filter((v) => v.check === check);
  assert.equal(mine.length, 1, `expected one ${check} violation, got: ${vs.map(formatViolation).join('\n') || 'none'}`);
  return mine[0]!;
}

describe('harness: contract checks', () => {
  it('replayHandle: Handle that counts calls in memory is not idempotent', async () => {
    const vs = await violationsOf({ plugin: createCounter() }, [{ type: 'counter', id: 'c' }]);
    const v = only(vs, 'replayHandle');
    assert.equal(v.task, 'c');
    assert.equal(v.round, 1);
    assert.match(
      v.message,
      /Handle called a second time on the same state returned Running:2, the first call Running:1/,
    );
    assert.match(v.fix, /persisted plugin state/);
  });

  it('repeatCleanup: a Finalize that throws when called again', async () => {
    const v = only(await violationsOf({ plugin: createFragileCleanup() }, [{ type: 'fragile' }]), 'repeatCleanup');
    assert.match(v.message, /Finalize called a second time threw "job .* not found"/);
    assert.match(v.fix, /idempotent/);
  });

  it('tokensReleased: a token taken and never released', async () => {
    const vs = await violationsOf({ plugin: createLeaky(), resourceManager: { type: 'redis' } }, [
      { type: 'leaky', id: 'l' },
    ]);
    const v = only(vs, 'tokensReleased');
    assert.equal(v.task, 'l');
    assert.match(
      v.message,
      /token ".*" of namespace "pool", allocated in round 1, is still held after Finalize \(round 2\)/,
    );
    assert.match(v.fix, /releaseResource\("pool", token\)/);
  });

  it('tokensReleased also holds with the noop resource manager, which grants everything', async () => {
    only(await violationsOf({ plugin: createLeaky() }, [{ type: 'leaky' }]), 'tokensReleased');
  });

  it('stateSerializable: a Date in plugin state, with the JSON path', async () => {
    const vs = await violationsOf({ plugin: createDateState() }, [{ type: 'date-state' }], 10);
    const v = only(vs, 'stateSerializable');
    assert.match(v.message, /a Date comes back as a plain object or string; store plain data at \$\.startedAt/);
    assert.match(v.message, /and \d+ more time/);
    // Every round fails, so it never finishes either.
    only(vs, 'roundCap');
  });

  it('getAfterPut: reading state back in the round that wrote it', async () => {
    const v = only(await violationsOf({ plugin: createGetAfterPut() }, [{ type: 'get-after-put' }], 20), 'getAfterPut');
    assert.match(v.message, /read plugin state after writing it in the same round/);
    assert.match(v.fix, /local variable/);
  });

  it('lostInfo: a reason that changes while phase and version stay', async () => {
    const v = only(await violationsOf({ plugin: createChatty() }, [{ type: 'chatty', id: 'q' }]), 'lostInfo');
    assert.equal(v.round, 3);
    assert.match(
      v.message,
      /Handle returned Queued:0 again with new info \(reason "0s in the queue" → "10s in the queue"\)/,
    );
    assert.match(v.fix, /phaseInfoQueued\(1, info\)/);
  });

  it('roundCap: a plugin that never finishes', async () => {
    const v = only(
      await violationsOf({ plugin: createNeverEnding() }, [{ type: 'never-ending', id: 'forever' }], 15),
      'roundCap',
    );
    assert.match(v.message, /hit the round cap after 15 rounds with 1 task unfinished: forever \(Running:0, Running\)/);
  });

  it('checks can be switched off one by one, or all at once', async () => {
    const one = await violationsOf(
      { plugin: createNeverEnding(), checks: { roundCap: false } },
      [{ type: 'never-ending' }],
      5,
    );
    assert.deepEqual(one, []);
    const all = await violationsOf({ plugin: createCounter(), checks: false }, [{ type: 'counter' }]);
    assert.deepEqual(all, []);
  });

  it('none fires on plugins that follow the contract', async () => {
    const query = { query: { query: 'select 1', timeoutSec: 60 }, simulation: { durationSeconds: 20 } };
    const good: Array<[TestbedOptions, string, object?]> = [
      [{ plugin: createWellBehaved(), resourceManager: { type: 'redis' } }, 'well-behaved'],
      [{ plugin: createEchoEntry({ sleepDurationMs: 20_000 }) }, 'echo'],
      // Flyte's Hive plugin submits a new command when Handle is replayed on the Queued state: replayHandle rightly fires.
      [
        {
          plugin: createHiveEntry(),
          resourceManager: { type: 'redis' },
          secrets: { env: { FLYTE_SECRET_FLYTE_QUBOLE_CLIENT_TOKEN: 'k' } },
          checks: { replayHandle: false },
        },
        'hive',
        query,
      ],
    ];
    for (const [options, type, custom] of good) {
      const testbed = await createTestbed(options);
      for (const id of ['a', 'b', 'c']) testbed.task({ id, type, ...(custom ? { custom: custom as never } : {}) });
      const outcome = await testbed.runToCompletion();
      assert.equal(outcome.reason, 'terminal', type);
      expectNoViolations(testbed);
    }
  });

  it('expectNoViolations fails with every violation as text', async () => {
    const testbed = await createTestbed({ plugin: createFragileCleanup() });
    testbed.task({ type: 'fragile' });
    await testbed.runToCompletion();
    assert.throws(
      () => expectNoViolations(testbed),
      (e: Error & { actual?: unknown }) =>
        e.name === 'AssertionError' && /\[repeatCleanup\]/.test(e.message) && Array.isArray(e.actual),
    );
    expectNoViolations(testbed, { except: ['repeatCleanup'] });
  });
});
