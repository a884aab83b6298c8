// Many task executions in one executor (issue 3; task/handler.go, the resource manager): they share the resource manager's
// quotas, interleave in a deterministic order, and each goes through its own rounds.
import assert from 'node:assert/strict';
import {
  AllocationStatus,
  doTransition,
  Executor,
  now,
  phaseInfoRunning,
  phaseInfoSuccess,
  phaseInfoWaitingForResources,
  type TaskExecutionContext,
} from '@plugbench/sdk';
import { calls, comparable, entryOf, template, testPlugin } from '../../support/plugins';

const tokenOf = (tCtx: TaskExecutionContext) => tCtx.taskExecutionMetadata().getTaskExecutionID().getGeneratedName();

/** Holds one token of a pool of `quota` for 3 rounds, then succeeds; Finalize releases. */
function pooled(quota: number) {
  const plugin = testPlugin(
    'pooled',
    async (tCtx) => {
      const status = await tCtx.resourceManager().allocateResource('pool', tokenOf(tCtx), {});
      if (status !== AllocationStatus.Granted)
        return doTransition(phaseInfoWaitingForResources(now(), 0, 'pool is busy'));
      const n = (tCtx.pluginStateReader().get<number>().value ?? 0) + 1;
      tCtx.pluginStateWriter().put(1, n);
      return doTransition(n > 3 ? phaseInfoSuccess() : phaseInfoRunning(n));
    },
    { finalize: (tCtx) => tCtx.resourceManager().releaseResource('pool', tokenOf(tCtx)) },
  );
  const entry = entryOf(plugin, { load: (iCtx) => iCtx.resourceRegistrar().registerResourceQuota('pool', quota) });
  return { plugin, entry };
}

async function fiveOnTwo(seed = 1) {
  const { entry } = pooled(2);
  const ex = await Executor.create({
    plugins: [entry],
    resourceManager: { type: 'redis' },
    seed,
    resyncPeriodMs: 2000,
  });
  for (let i = 1; i <= 5; i++) ex.start({ id: `t${i}`, template: template('pooled') });
  const outcome = await ex.runUntil({ maxRounds: 500 });
  return { ex, outcome };
}

describe('executor: many task executions', () => {
  it('five tasks on a quota of two: never more than two holders, all succeed, every token released after Finalize', async () => {
    const { ex, outcome } = await fiveOnTwo();
    assert.equal(outcome.reason, 'terminal');
    assert.deepEqual(
      ex.tasks().map((t) => t.nodePhase),
      ['Succeeded', 'Succeeded', 'Succeeded', 'Succeeded', 'Succeeded'],
    );
    const used = calls(ex).flatMap((r) => r.resources.map((c) => c.poolAfter?.used ?? 0));
    assert.equal(Math.max(...used), 2);
    const pool = ex.pools().find((p) => p.namespace.endsWith(':pooled:pool'))!;
    assert.equal(pool.quota, 2);
    assert.deepEqual(pool.holders, []);
    // Three tasks had to wait for a token.
    const waited = new Set(
      calls(ex)
        .filter((r) => r.events.some((e) => e.phase === 'WAITING_FOR_RESOURCES'))
        .map((r) => r.task),
    );
    assert.equal(waited.size, 3);
    // Each finalize released its own token.
    for (const t of ex.tasks()) {
      const fin = calls(ex, t.id).find((r) => r.call === 'finalize')!;
      assert.deepEqual(
        fin.resources.map((c) => [c.op, c.token]),
        [['release', t.generatedName]],
      );
    }
  });

  it('the interleaving is deterministic: the same options and seed give the same timeline', async () => {
    const a = await fiveOnTwo(7);
    const b = await fiveOnTwo(7);
    assert.deepEqual(comparable(a.ex.timeline), comparable(b.ex.timeline));
    // The order of rounds: first come, first served at equal virtual times.
    const order = calls(a.ex)
      .slice(0, 5)
      .map((r) => r.task);
    assert.deepEqual(order, ['t1', 't2', 't3', 't4', 't5']);
  });

  it('each task execution has its own state, attempt and generated name', async () => {
    const { ex } = await fiveOnTwo();
    const names = ex.tasks().map((t) => t.generatedName);
    assert.equal(new Set(names).size, 5);
    for (const t of ex.tasks()) assert.deepEqual(t.state, { version: 1, value: 4 });
  });

  it('a thousand tasks run to the end in one executor', async function () {
    this.timeout(60_000);
    const p = testPlugin('p', (tCtx) => {
      const n = (tCtx.pluginStateReader().get<number>().value ?? 0) + 1;
      tCtx.pluginStateWriter().put(1, n);
      return doTransition(n > 2 ? phaseInfoSuccess() : phaseInfoRunning(n));
    });
    const ex = await Executor.create({ plugins: [entryOf(p)], recordTimeline: false });
    for (let i = 0; i < 1000; i++) ex.start({ template: template('p') });
    const outcome = await ex.runUntil({ maxRounds: 10_000 });
    assert.equal(outcome.reason, 'terminal');
    assert.equal(outcome.rounds, 4000);
    assert.ok(ex.tasks().every((t) => t.nodePhase === 'Succeeded'));
  });
});
