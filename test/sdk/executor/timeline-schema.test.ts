// The timeline (issue 3): every record validates against TimelineRecordSchema, through NDJSON and back; seq counts
// from 0; a streamed record is final when it is streamed (what onRecord serialised equals what is kept at the end);
// recording can be turned off.
import assert from 'node:assert/strict';
import {
  doTransition,
  doTransitionType,
  Executor,
  now,
  parseTimeline,
  phaseInfoFailure,
  phaseInfoQueued,
  phaseInfoRetryableFailure,
  phaseInfoRunning,
  phaseInfoSuccess,
  serializeRecord,
  serializeTimeline,
  TIMELINE_VERSION,
  TimelineRecordSchema,
  TransitionType,
  type ExecutorOptions,
  type TimelineRecord,
} from '@plugbench/sdk';
import { calls, entryOf, recordsOf, template, testPlugin } from '../../support/plugins';

/** A run that takes every decision the timeline knows, and ends tasks in all three ways. */
async function richRun(extra: Partial<ExecutorOptions> = {}): Promise<Executor> {
  const busy = testPlugin(
    'busy',
    async (tCtx, n) => {
      const attempt = tCtx.taskExecutionMetadata().getTaskExecutionID().getID().retryAttempt;
      await tCtx
        .resourceManager()
        .allocateResource('pool', tCtx.taskExecutionMetadata().getTaskExecutionID().getGeneratedName(), {});
      await tCtx.eventsRecorder().recordRaw(phaseInfoQueued(now(), 100 + n, 'raw'));
      console.log(`round ${n}`);
      tCtx.pluginStateWriter().put(1, { n });
      tCtx.pluginStateReader().get();
      if (n === 3) throw new Error('transient');
      if (attempt === 0 && n === 5) return doTransition(phaseInfoRetryableFailure('Again', 'retry me'));
      if (n === 7) return doTransitionType(TransitionType.Barrier, phaseInfoRunning(7));
      if (n > 9) return doTransition(phaseInfoSuccess());
      return doTransition(phaseInfoRunning(n === 2 ? 1 : n));
    },
    {
      finalize: (tCtx) =>
        tCtx
          .resourceManager()
          .releaseResource('pool', tCtx.taskExecutionMetadata().getTaskExecutionID().getGeneratedName()),
    },
  );
  const capped = testPlugin('capped', (_t, n) => doTransition(phaseInfoRunning(n)));
  const fails = testPlugin('fails', () => doTransition(phaseInfoFailure('Nope', 'no')));
  const ex = await Executor.create({
    plugins: [
      entryOf(busy, { load: (iCtx) => iCtx.resourceRegistrar().registerResourceQuota('pool', 1) }),
      entryOf(capped),
      entryOf(fails),
    ],
    resourceManager: { type: 'redis' },
    maxPluginPhaseVersions: 20,
    faults: [{ kind: 'lose-state-write', task: 'busy', round: 8 }],
    ...extra,
  });
  ex.start({ id: 'busy', template: template('busy'), retries: 1 });
  ex.start({ id: 'capped', template: template('capped') });
  ex.start({ id: 'fails', template: template('fails') });
  ex.start({ id: 'aborted', template: template('capped'), startAtMs: Date.UTC(2024, 0, 2) });
  await ex.runUntil({ terminal: ['busy', 'capped', 'fails'], maxRounds: 200 });
  ex.abort('aborted', 'not needed');
  await ex.runUntil({ maxRounds: 200 });
  return ex;
}

/** A run with the contract checks on: Handle replayed, Abort and Finalize called twice. */
async function checkedRun(): Promise<Executor> {
  let k = 0;
  const p = testPlugin('p', () => doTransition(phaseInfoRunning(++k)), {
    finalize: (_t, n) => (n === 2 ? Promise.reject(new Error('twice')) : undefined),
  });
  const ex = await Executor.create({ plugins: [entryOf(p)], checks: { replayHandle: true, repeatCleanup: true } });
  ex.start({ id: 't', template: template('p') });
  await ex.runUntil({ maxRounds: 2 });
  ex.abort('t', 'enough');
  await ex.runUntil({ maxRounds: 5 });
  return ex;
}

describe('executor: the timeline', () => {
  it('every record validates against TimelineRecordSchema, and survives NDJSON', async () => {
    const ex = await richRun();
    const records = [...ex.timeline, ...(await checkedRun()).timeline];
    for (const r of records) {
      const parsed = TimelineRecordSchema.safeParse(r);
      assert.ok(
        parsed.success,
        `record ${r.seq} (${r.kind}) is invalid: ${parsed.success ? '' : parsed.error.message}`,
      );
    }
    assert.deepEqual(parseTimeline(serializeTimeline(records)), JSON.parse(JSON.stringify(records)));
  });

  it('the run covers every decision code and every way a task ends', async () => {
    const ex = await richRun();
    const codes = new Set(calls(ex).flatMap((r) => (r.decision ? [r.decision.code] : [])));
    assert.deepEqual([...codes].sort(), [
      'barrier-replay',
      'dedup',
      'event',
      'retry',
      'round-error',
      'version-cap',
      'write-lost',
    ]);
    assert.deepEqual(
      recordsOf(ex, 'task.finished')
        .map((r) => r.nodePhase)
        .sort(),
      ['Aborted', 'Failed', 'Failed', 'Succeeded'],
    );
    assert.ok(calls(ex).some((r) => r.skipped !== undefined));
    const checked = await checkedRun();
    assert.ok(calls(checked).some((r) => r.replay?.same === false));
    assert.ok(calls(checked).some((r) => r.repeat?.ok === false));
    assert.ok(calls(ex).some((r) => r.lint?.includes('get-after-put')));
    assert.ok(calls(ex).some((r) => r.logs.length > 0));
    assert.ok(calls(ex).some((r) => r.resources.length > 0));
    assert.equal(recordsOf(ex, 'quota.registered').length, 1);
  });

  it('records are numbered from 0, carry the schema version, and go forward in virtual time', async () => {
    const ex = await richRun();
    const records = ex.timeline;
    records.forEach((r, i) => {
      assert.equal(r.seq, i);
      assert.equal(r.v, TIMELINE_VERSION);
      if (i > 0) assert.ok(r.at >= records[i - 1]!.at, `record ${i} goes back in time`);
    });
    assert.equal(records[0]!.kind, 'run.started');
    assert.equal(records.at(-1)!.kind, 'run.finished');
  });

  for (const secrets of [undefined, { env: { FLYTE_SECRET_x: 'a-secret-value' } }]) {
    it(`a streamed record is final when streamed: it equals the kept one at the end (${secrets ? 'with' : 'without'} secrets to redact)`, async () => {
      const streamed: string[] = [];
      const ex = await richRun({
        onRecord: (r: TimelineRecord) => streamed.push(serializeRecord(r)),
        ...(secrets ? { secrets } : {}),
      });
      assert.deepEqual(streamed, ex.timeline.map(serializeRecord));
      // The finalize record of a succeeded task says where the node went.
      const fin = calls(ex, 'busy').at(-1)!;
      assert.equal(fin.call, 'finalize');
      assert.deepEqual(fin.nodePhase, { before: 'Succeeding', after: 'Succeeded' });
    });
  }

  it('recordTimeline: false keeps nothing, but still streams to onRecord', async () => {
    const streamed: TimelineRecord[] = [];
    const p = testPlugin('p', () => doTransition(phaseInfoSuccess()));
    const quiet = await Executor.create({ plugins: [entryOf(p)], recordTimeline: false });
    quiet.start({ template: template('p') });
    await quiet.runUntil();
    assert.deepEqual(quiet.timeline, []);
    const streaming = await Executor.create({
      plugins: [entryOf(p)],
      recordTimeline: false,
      onRecord: (r) => streamed.push(r),
    });
    streaming.start({ template: template('p') });
    await streaming.runUntil();
    assert.deepEqual(streaming.timeline, []);
    assert.deepEqual(
      streamed.map((r) => r.kind),
      ['run.started', 'task.started', 'call', 'call', 'task.finished', 'run.finished'],
    );
  });
});
