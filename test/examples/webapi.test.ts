// The webapi example (examples/plugins/webapi.ts), driven by the real executor with the Redis resource manager: the
// AsyncPlugin machinery's phase sequences (pluginmachinery/internal/webapi) and its quota, retry and abort scenarios.
import assert from 'node:assert/strict';
import {
  AllocationStatus,
  Executor,
  fromJson,
  LiteralMapSchema,
  PluginLoadError,
  readProtobuf,
  TaskTemplateSchema,
  type ExecutorOptions,
  type JsonObject,
} from '@plugbench/sdk';
import { Phase as WebApiPhase, type CorePlugin, type State as WebApiState } from '@plugbench/sdk/webapi';
import { createWebApiEntry, webApiEntry, type ToyAsyncPlugin, type ToyJob } from '../../examples/plugins/webapi';
import { callKindsOf, callsOf, capture, eventsOf, eventsWithReasonsOf, finishedOf, spy } from './support';

type ToyCore = CorePlugin<{ jobId: string }, ToyJob>;

const template = (custom: JsonObject = {}, iface?: JsonObject) =>
  fromJson(TaskTemplateSchema, { type: 'toy-webapi', custom, ...(iface ? { interface: iface } : {}) });

async function setup(options: Partial<ExecutorOptions> = {}, entry = webApiEntry) {
  const c = capture<ToyCore>(entry);
  const ex = await Executor.create({ plugins: [c.entry], resourceManager: { type: 'redis' }, ...options });
  return { ex, plugin: () => c.plugin().asyncPlugin as ToyAsyncPlugin };
}

/** The events of an attempt up to its job running: token required, launched, queued by the service, running. */
const JOB_RUNS = ['QUEUED:0', 'QUEUED:2', 'QUEUED:0', 'RUNNING:0'];

const held = (ex: Executor) => ex.pools().reduce((n, p) => n + p.holders.length, 0);

describe('examples: webapi AsyncPlugin machinery', () => {
  it('five tasks competing for a quota of two: at most two tokens at once, every task succeeds, every token released', async () => {
    const { ex, plugin } = await setup();
    const ids = ['t1', 't2', 't3', 't4', 't5'];
    for (const id of ids) ex.start({ id, template: template() });
    let steps = 0;
    let peak = 0;
    while (await ex.step()) {
      assert.ok(++steps < 1000, 'the run should end');
      const n = held(ex);
      assert.ok(n <= 2, `step ${steps}: ${n} tokens held`);
      peak = Math.max(peak, n);
    }
    assert.equal(peak, 2);

    const granted = [
      'QUEUED:0 Allocation token required',
      'QUEUED:2 launched',
      'QUEUED:0 job queued by the service',
      'RUNNING:0',
      'SUCCEEDED:0',
    ];
    const waited = ids.filter((id) => eventsOf(ex, id)[0] === 'WAITING_FOR_RESOURCES:0');
    assert.deepEqual(waited, ['t3', 't4', 't5'], 'the first two tasks take the tokens, the other three wait');
    for (const id of ids) {
      const expected = waited.includes(id)
        ? ['WAITING_FOR_RESOURCES:0 Quota for task has exceeded. Waiting for the resource.', ...granted]
        : granted;
      assert.deepEqual(eventsWithReasonsOf(ex, id), expected, id);
      assert.equal(finishedOf(ex, id)?.nodePhase, 'Succeeded', id);
      assert.deepEqual(
        callKindsOf(ex, id).filter((c) => c !== 'handle'),
        ['finalize'],
        `${id}: Finalize once, no Abort`,
      );
      const handles = callsOf(ex, id).filter((c) => c.call === 'handle');
      for (const c of handles)
        assert.equal(
          c.state?.write && 'version' in c.state.write ? c.state.write.version : undefined,
          1,
          'state put with version 1 every round',
        );
      // The round right after the launch finds no polled resource yet: "job submitted", deduplicated.
      const launched = handles.findIndex((c) => c.transition?.reason === 'launched');
      assert.equal(handles[launched + 1]!.transition?.reason, 'job submitted');
      assert.equal(handles[launched + 1]!.decision?.code, 'dedup');
      const after = handles[launched]!.state?.after;
      assert.equal(after?.version, 1);
      const value = after?.value as WebApiState & { resourceMeta: { jobId: string } };
      assert.match(value.resourceMeta.jobId, /^job-\d+$/);
      assert.deepEqual(
        { ...value, resourceMeta: null, allocationTokenRequestStartTime: 0 },
        {
          phase: WebApiPhase.ResourcesCreated,
          phaseVersion: 2,
          resourceMeta: null,
          syncFailureCount: 0,
          allocationTokenRequestStartTime: 0,
          errorMessage: '',
        },
      );
    }
    // While waiting, every repeated round is deduplicated and its state write discarded.
    const waiting = callsOf(ex, 't5').filter((c) => c.transition?.phase === 'WaitingForResources');
    assert.ok(waiting.length > 3);
    for (const c of waiting.slice(1)) {
      assert.equal(c.decision?.code, 'dedup');
      assert.match(c.decision!.message, /state write discarded/);
    }
    assert.deepEqual(
      ex.pools().map((p) => [p.holders, p.waiting]),
      [[[], []]],
      'every token released after Finalize',
    );
    assert.deepEqual(
      plugin()
        .remote.jobs()
        .map((j) => j.state),
      ['succeeded', 'succeeded', 'succeeded', 'succeeded', 'succeeded'],
    );
  });

  it('a run is deterministic: the same tasks give the same timeline (the polls replayed in virtual time included)', async () => {
    const run = async () => {
      const { ex } = await setup();
      for (const id of ['t1', 't2', 't3', 't4', 't5'])
        ex.start({ id, template: template({ getFailures: id === 't2' ? 2 : 0 }) });
      await ex.runUntil({ maxRounds: 1000 });
      return JSON.stringify(ex.timeline, (k, v) => (k === 'wallMs' ? 0 : v));
    };
    assert.equal(await run(), await run());
  });

  it('Handle is idempotent and Abort/Finalize survive being called twice (contract checks)', async () => {
    const { ex } = await setup({ checks: { replayHandle: true, repeatCleanup: true } });
    for (const id of ['a', 'b', 'c']) ex.start({ id, template: template() });
    await ex.runUntil({ maxRounds: 500 });
    for (const c of callsOf(ex)) {
      if (c.replay) assert.equal(c.replay.same, true, `${c.task} round ${c.round}: ${JSON.stringify(c.replay)}`);
      if (c.repeat) assert.equal(c.repeat.ok, true);
    }
    for (const id of ['a', 'b', 'c']) assert.equal(finishedOf(ex, id)?.nodePhase, 'Succeeded');
    assert.deepEqual(ex.pools()[0]!.holders, []);
  });

  it('a Create error is a USER retryable failure TaskFailedWithError: Abort (no resource), Finalize releases, a new attempt with a new generated name', async () => {
    const { ex, plugin } = await setup();
    ex.start({ id: 'c', template: template({ createError: 1 }), retries: 1 });
    const names: string[] = [];
    while (await ex.step()) {
      const v = ex.task('c');
      if (!names.includes(v.generatedName)) names.push(v.generatedName);
      assert.ok(held(ex) <= 1);
    }
    assert.equal(names.length, 2);
    assert.notEqual(names[0], names[1]);
    // Attempt 0 ends with the task ABORTED event that Flyte's task Abort sends before a retry (task/handler.go Abort).
    assert.deepEqual(eventsOf(ex, 'c'), ['QUEUED:0', 'FAILED:0', 'ABORTED:0', ...JOB_RUNS, 'SUCCEEDED:0']);
    const failed = callsOf(ex, 'c').find((c) => c.events.some((e) => e.phase === 'FAILED'))!;
    assert.deepEqual(failed.events[0]!.err, {
      code: 'TaskFailedWithError',
      message: `toy service refused to create job [${names[0]}] (createError)`,
      kind: 'USER',
    });
    assert.equal(failed.decision?.code, 'retry');
    // Attempt 0: two Handles, Abort, Finalize; attempt 1: twelve Handles, then Finalize.
    const attempt1 = Array<string>(12).fill('handle');
    assert.deepEqual(callKindsOf(ex, 'c'), ['handle', 'handle', 'abort', 'finalize', ...attempt1, 'finalize']);
    // Abort deletes with the last persisted resourceMeta: none, since Create never succeeded.
    assert.deepEqual(
      plugin().deletes.map((d) => [d.resourceMeta, d.reason]),
      [[undefined, 'Aborted']],
    );
    const cleanup = callsOf(ex, 'c').find((c) => c.call === 'finalize' && c.attempt === 0)!;
    assert.deepEqual(
      cleanup.resources.map((r) => [r.op, r.token, r.poolAfter?.used]),
      [['release', names[0], 0]],
    );
    assert.equal(finishedOf(ex, 'c')?.nodePhase, 'Succeeded');
    assert.deepEqual(ex.pools()[0]!.holders, []);
  });

  it('abort while Queued (launched): Delete with the resource meta, then Finalize releases the token; ABORTED last', async () => {
    const { ex, plugin } = await setup();
    ex.start({ id: 'q', template: template({ durationSeconds: 600 }) });
    while (!(ex.task('q').pluginPhase === 'Queued' && ex.task('q').pluginPhaseVersion === 2)) {
      assert.ok(await ex.step());
    }
    assert.equal(held(ex), 1);
    ex.abort('q', 'user asked');
    await ex.runUntil({ maxRounds: 20 });
    assert.deepEqual(callKindsOf(ex, 'q'), ['handle', 'handle', 'abort', 'finalize']);
    const jobId = plugin().remote.jobs()[0]!.jobId;
    assert.deepEqual(
      plugin().deletes.map((d) => [d.resourceMeta, d.reason]),
      [[{ jobId }, 'Aborted']],
    );
    assert.equal(plugin().remote.jobs()[0]!.state, 'cancelled');
    assert.deepEqual(eventsOf(ex, 'q'), ['QUEUED:0', 'QUEUED:2', 'ABORTED:0']);
    assert.equal(finishedOf(ex, 'q')?.nodePhase, 'Aborted');
    assert.deepEqual(ex.pools()[0]!.holders, []);
  });

  it('abort while waiting for the quota: Delete without a resource meta; Finalize releases a token never held (no-op)', async () => {
    const { ex, plugin } = await setup({}, createWebApiEntry({ resourceQuotas: { default: 1 } }));
    ex.start({ id: 'a', template: template({ durationSeconds: 600 }) });
    ex.start({ id: 'b', template: template() });
    await ex.runUntil({ maxRounds: 4 });
    assert.equal(ex.task('b').pluginPhase, 'WaitingForResources');
    ex.abort('b');
    await ex.runUntil({ terminal: 'b', maxRounds: 20 });
    assert.deepEqual(
      plugin().deletes.map((d) => d.resourceMeta),
      [undefined],
    );
    const fin = callsOf(ex, 'b').find((c) => c.call === 'finalize')!;
    assert.deepEqual(
      fin.resources.map((r) => [r.op, r.error]),
      [['release', undefined]],
    );
    assert.deepEqual(ex.pools()[0]!.holders.length, 1, "a's token is untouched");
  });

  it("keeps Flyte's NamespaceQuotaExceeded quirk: an empty Go case, so a round error instead of waiting", async () => {
    const { ex } = await setup({
      faults: [{ kind: 'resource-status', status: AllocationStatus.NamespaceQuotaExceeded, round: 1 }],
    });
    ex.start({ id: 'n', template: template() });
    await ex.runUntil({ maxRounds: 100 });
    const first = callsOf(ex, 'n')[0]!;
    assert.equal(first.decision?.code, 'round-error');
    assert.match(first.error?.message ?? '', /allocation status undefined \[NamespaceQuotaExceeded\]/);
    assert.equal(finishedOf(ex, 'n')?.nodePhase, 'Succeeded', 'the next round allocates normally');
  });

  it('polls failing more than MaxSystemFailures (5) times: the cache marks a system failure, a USER permanent failure with the Go constant CacheFailed (AutoRefreshCacheFailed)', async () => {
    const { ex, plugin } = await setup();
    ex.start({ id: 'g', template: template({ getFailures: 1000 }) });
    await ex.runUntil({ maxRounds: 200 });
    const events = eventsOf(ex, 'g');
    assert.deepEqual(events, ['QUEUED:0', 'QUEUED:2', 'FAILED:0']);
    const failed = callsOf(ex, 'g').find((c) => c.events.some((e) => e.phase === 'FAILED'))!;
    assert.deepEqual(failed.events[0]!.err, {
      code: 'AutoRefreshCacheFailed',
      message: 'toy service unavailable while polling [job-1] (getFailures)',
      kind: 'USER',
    });
    // The sync at creation and five ticks fail (6 > 5), the next tick marks the item: no seventh poll.
    assert.equal(plugin().remote.calls.filter((c) => c.op === 'get').length, 6);
    assert.equal(finishedOf(ex, 'g')?.nodePhase, 'Failed');
    assert.deepEqual(ex.pools()[0]!.holders, []);
  });

  it('a failed job is a USER retryable failure; the retry runs a new job', async () => {
    const { ex, plugin } = await setup();
    ex.start({ id: 'f', template: template({ fail: 1 }), retries: 1 });
    await ex.runUntil({ maxRounds: 200 });
    assert.deepEqual(eventsOf(ex, 'f'), [...JOB_RUNS, 'FAILED:0', 'ABORTED:0', ...JOB_RUNS, 'SUCCEEDED:0']);
    assert.deepEqual(
      plugin()
        .remote.jobs()
        .map((j) => j.state),
      ['failed', 'succeeded'],
    );
    // The failed attempt's plugin phase was not persisted (the retry clears the round), so Abort runs: Delete of a
    // finished job, which the service tolerates.
    assert.deepEqual(
      plugin().deletes.map((d) => d.resourceMeta),
      [{ jobId: 'job-1' }],
    );
  });

  it('without quotas: no token, the first round launches', async () => {
    const { ex } = await setup({}, createWebApiEntry({ resourceQuotas: {} }));
    ex.start({ id: 'x', template: template({ queuedSeconds: 0 }) });
    await ex.runUntil({ maxRounds: 100 });
    assert.deepEqual(eventsOf(ex, 'x'), ['QUEUED:2', 'RUNNING:0', 'SUCCEEDED:0']);
    assert.deepEqual(ex.pools(), []);
    assert.deepEqual(
      callsOf(ex, 'x').flatMap((c) => c.resources),
      [],
    );
  });

  it('the job outputs the inputs of the declared output names, put in Status with the Success', async () => {
    const iface = {
      inputs: { variables: { msg: { type: { simple: 'STRING' } } } },
      outputs: { variables: { msg: { type: { simple: 'STRING' } } } },
    };
    const h = spy(webApiEntry);
    const ex = await Executor.create({ plugins: [h.entry], resourceManager: { type: 'redis' } });
    ex.start({
      id: 'o',
      template: template({}, iface),
      inputs: fromJson(LiteralMapSchema, { literals: { msg: { scalar: { primitive: { stringValue: 'hi' } } } } }),
    });
    await ex.runUntil({ maxRounds: 100 });
    const success = callsOf(ex, 'o').find((c) => c.events.some((e) => e.phase === 'SUCCEEDED'))!;
    const uri = success.events[0]!.outputUri!;
    assert.ok(uri.endsWith('/outputs.pb'));
    // The reader the plugin put, committed by the executor to outputs.pb (Go ValidateOutput).
    const [reader] = h.puts.get(ex.task('o').generatedName) ?? [];
    const outputs = await readProtobuf(ex.dataStore, uri, LiteralMapSchema);
    assert.deepEqual(outputs, (await reader!.read()).outputs);
    const msg = outputs.literals.msg!.value;
    assert.ok(
      msg.case === 'scalar' &&
        msg.value.value.case === 'primitive' &&
        msg.value.value.value.value.case === 'stringValue',
    );
    assert.equal(msg.value.value.value.value.value, 'hi');
  });

  it('config out of range fails the load, naming every field (Go validateConfig)', async () => {
    await assert.rejects(
      Executor.create({ plugins: [createWebApiEntry({ caching: { resyncIntervalMs: 1000, workers: 0 } })] }),
      (e: unknown) => {
        assert.ok(e instanceof PluginLoadError);
        assert.match(e.message, /config validation failed/);
        assert.match(e.message, /workers count is expected to be between 1 and 10000. Provided value is 0/);
        assert.match(e.message, /resync interval is expected to be between 5 and 3600. Provided value is 1/);
        return true;
      },
    );
  });
});
