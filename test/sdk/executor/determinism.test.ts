// Determinism (issue 3): the same options and seed give the same timeline, once wall times and stacks are dropped;
// every time in it is virtual, so replaying to round N is "step back". The scenario touches every path that makes up
// a time or a name: retries, round errors, timeouts, aborts, quotas, faults, several executions.
import assert from 'node:assert/strict';
import {
  AllocationStatus,
  doTransition,
  Executor,
  now,
  phaseInfoQueued,
  phaseInfoRetryableFailure,
  phaseInfoRunning,
  phaseInfoSuccess,
  phaseInfoWaitingForResources,
  type ExecutorOptions,
  type TimelineRecord,
} from '@plugbench/sdk';
import { comparable, entryOf, ndjson, template, testPlugin } from '../../support/plugins';

function scenario(seed: number): { options: ExecutorOptions; start(ex: Executor): void } {
  const busy = testPlugin(
    'busy',
    async (tCtx, n) => {
      const token = tCtx.taskExecutionMetadata().getTaskExecutionID().getGeneratedName();
      const status = await tCtx.resourceManager().allocateResource('pool', token, {});
      if (status !== AllocationStatus.Granted) return doTransition(phaseInfoWaitingForResources(now(), 0, 'waiting'));
      await tCtx.eventsRecorder().recordRaw(phaseInfoQueued(now(), n, 'raw'));
      const k = (tCtx.pluginStateReader().get<number>().value ?? 0) + 1;
      tCtx.pluginStateWriter().put(1, k);
      if (k === 2 && tCtx.taskExecutionMetadata().getTaskExecutionID().getID().retryAttempt === 0) {
        return doTransition(phaseInfoRetryableFailure('Flaky', 'once'));
      }
      if (k === 3) throw new Error('a transient error');
      return doTransition(k > 4 ? phaseInfoSuccess() : phaseInfoRunning(k));
    },
    {
      abort: async (tCtx) => tCtx.eventsRecorder().recordRaw(phaseInfoRunning(1)),
      finalize: (tCtx) =>
        tCtx
          .resourceManager()
          .releaseResource('pool', tCtx.taskExecutionMetadata().getTaskExecutionID().getGeneratedName()),
    },
  );
  const entry = entryOf(busy, { load: (iCtx) => iCtx.resourceRegistrar().registerResourceQuota('pool', 2) });
  return {
    options: {
      plugins: [entry],
      seed,
      resourceManager: { type: 'redis' },
      resyncPeriodMs: 3000,
      roundTimeoutMs: 200,
      faults: [
        { kind: 'lose-state-write', task: 't2', round: 2 },
        { kind: 'slow-call', task: 't3', round: 1, delayMs: 1 },
        { kind: 'event-sink-fails', task: 't4', round: 2 },
      ],
    },
    start(ex) {
      for (let i = 1; i <= 5; i++)
        ex.start({
          id: `t${i}`,
          template: template('busy'),
          retries: 1,
          ...(i === 5 ? { execution: { name: 'other-wf' } } : {}),
        });
    },
  };
}

async function run(seed: number): Promise<readonly TimelineRecord[]> {
  const s = scenario(seed);
  const ex = await Executor.create(s.options);
  s.start(ex);
  await ex.runUntil({ maxRounds: 12 });
  ex.abort('t1', 'stop one');
  ex.abort('other-wf', 'stop the other workflow');
  await ex.runUntil({ maxRounds: 300 });
  return ex.timeline;
}

/** Every number under a key that holds a time, anywhere in the record. */
function times(rec: unknown, out: number[] = []): number[] {
  if (Array.isArray(rec)) for (const x of rec) times(x, out);
  else if (rec !== null && typeof rec === 'object') {
    for (const [k, v] of Object.entries(rec)) {
      if ((k === 'at' || k === 'occurredAt') && typeof v === 'number') out.push(v);
      else times(v, out);
    }
  }
  return out;
}

describe('executor: determinism', () => {
  it('the same options and seed give the same timeline, but for wall times and stacks', async () => {
    const a = await run(3);
    const b = await run(3);
    assert.ok(a.length > 50);
    assert.deepEqual(comparable(a), comparable(b));
  });

  it('every time in the timeline is virtual: between the start and the last record', async () => {
    const records = await run(3);
    const start = Date.UTC(2024, 0, 1);
    const end = records.at(-1)!.at;
    for (const t of times(records))
      assert.ok(t >= start && t <= end, `time ${new Date(t).toISOString()} is not virtual`);
    // Go time strings in transitions are virtual too.
    const thisYear = `@${new Date().getUTCFullYear()}-`;
    if (thisYear !== '@2024-') assert.ok(!ndjson(records).includes(thisYear));
  });

  it('another seed gives other execution names', async () => {
    const a = await run(3);
    const b = await run(4);
    const names = (rs: readonly TimelineRecord[]) =>
      rs.flatMap((r) => (r.kind === 'task.started' ? [r.execution.name] : []));
    assert.notDeepEqual(names(a), names(b));
  });
});
