// @plugbench/sdk/webapi: createRemotePlugin as Go flyteplugins/go/tasks/pluginmachinery/internal/webapi does it,
// with tests ported from its core_test.go (Test_validateConfig), cache_test.go (TestResourceCache_SyncResource,
// TestToPluginPhase), launcher_test.go (Test_launch) and allocation_token_test.go (Test_allocateToken,
// Test_releaseToken), driven by the executor instead of Go's mocks.
import assert from 'node:assert/strict';
import {
  Executor,
  fromJson,
  now,
  Phase as CorePhase,
  phaseInfoQueued,
  phaseInfoRunning,
  phaseInfoSuccess,
  TaskTemplateSchema,
  type PhaseInfo,
} from '@plugbench/sdk';
import {
  createRemotePlugin,
  DefaultPluginConfig,
  Phase,
  toPluginPhase,
  validateConfig,
  type AsyncPlugin,
  type CorePlugin,
  type PluginConfig,
  type StatusContext,
  type SyncPlugin,
} from '@plugbench/sdk/webapi';
import { capture, callsOf, eventsOf, finishedOf } from '../../examples/support';

interface Job {
  id: string;
  done: boolean;
  isTerminal?: () => boolean;
}

/** An AsyncPlugin over an in-memory service whose jobs finish `runMs` after creation; `gets` records poll instants. */
function service(
  config: Partial<PluginConfig> = {},
  o: { runMs?: number; createdDone?: boolean; terminalMethod?: boolean } = {},
) {
  const created = new Map<string, number>();
  const gets: number[] = [];
  const plugin: AsyncPlugin<{ id: string }, Job> = {
    getConfig: () => ({ ...DefaultPluginConfig, ...config }),
    resourceRequirements: () => ({ namespace: 'ns', constraints: {} }),
    create: (tCtx) => {
      const id = tCtx.taskExecutionMetadata().getTaskExecutionID().getGeneratedName();
      if (!created.has(id)) created.set(id, now().getTime());
      return o.createdDone ? { resourceMeta: { id }, resource: { id, done: true } } : { resourceMeta: { id } };
    },
    get: (ctx) => {
      gets.push(now().getTime());
      const id = ctx.resourceMeta().id;
      const done = now().getTime() - created.get(id)! >= (o.runMs ?? 10_000);
      return o.terminalMethod ? { id, done, isTerminal: () => done } : { id, done };
    },
    delete: () => {},
    status: (ctx: StatusContext<{ id: string }, Job>): PhaseInfo =>
      ctx.resource().done ? phaseInfoSuccess() : phaseInfoRunning(0),
  };
  return { plugin, gets, created };
}

const template = () => fromJson(TaskTemplateSchema, { type: 'remote' });
const entryOf = (p: AsyncPlugin<{ id: string }, Job> | SyncPlugin) =>
  createRemotePlugin({ id: 'remote', supportedTaskTypes: ['remote'], pluginLoader: () => p });

describe('sdk/webapi: createRemotePlugin (Go internal/webapi)', () => {
  it('validateConfig: in range, below min, above max, every field named (Test_validateConfig)', () => {
    assert.deepEqual(validateConfig({ ...DefaultPluginConfig }), []);
    const below = validateConfig({
      ...DefaultPluginConfig,
      caching: { size: 1, resyncIntervalMs: 1000, workers: 0, maxSystemFailures: 5 },
      readRateLimiter: { qps: 0, burst: 1 },
      writeRateLimiter: { qps: 0, burst: 1 },
    });
    assert.equal(below.length, 7);
    assert.match(below.join('\n'), /cache size is expected to be between 10 and 500000. Provided value is 1/);
    const above = validateConfig({
      ...DefaultPluginConfig,
      caching: { size: 1e9, resyncIntervalMs: 1e9, workers: 1e9, maxSystemFailures: 5 },
    });
    assert.deepEqual(
      above.map((e) => e.split(' is ')[0]),
      ['cache size', 'workers count', 'resync interval'],
    );
    assert.match(validateConfig({ ...DefaultPluginConfig, caching: undefined as never }).join(), /\$\.caching/);
  });

  it('toPluginPhase maps every core phase, and refuses the others with RETURNED_UNKNOWN (TestToPluginPhase)', () => {
    assert.equal(toPluginPhase(CorePhase.Undefined), Phase.NotStarted);
    assert.equal(toPluginPhase(CorePhase.NotReady), Phase.NotStarted);
    for (const p of [CorePhase.Initializing, CorePhase.WaitingForResources, CorePhase.Queued, CorePhase.Running])
      assert.equal(toPluginPhase(p), Phase.ResourcesCreated);
    assert.equal(toPluginPhase(CorePhase.Success), Phase.Succeeded);
    assert.equal(toPluginPhase(CorePhase.RetryableFailure), Phase.UserFailure);
    assert.equal(toPluginPhase(CorePhase.PermanentFailure), Phase.UserFailure);
    assert.throws(
      () => toPluginPhase(99 as CorePhase),
      (e: unknown) => (e as { code?: string }).code === 'RETURNED_UNKNOWN',
    );
  });

  it('already succeeded when launched: Status of the created resource ends the task, nothing cached (Test_launch)', async () => {
    const s = service({}, { createdDone: true });
    const c = capture<CorePlugin>(entryOf(s.plugin));
    const ex = await Executor.create({ plugins: [c.entry] });
    ex.start({ id: 't', template: template() });
    await ex.runUntil({ maxRounds: 20 });
    assert.deepEqual(eventsOf(ex, 't'), ['SUCCEEDED:0']);
    assert.deepEqual(await c.plugin().cache.keys(), []);
    assert.deepEqual(s.gets, []);
  });

  it('polls at creation and at every resync tick; a resource whose isTerminal() holds is not polled again (SyncResource: terminal unchanged)', async () => {
    const s = service(
      { caching: { ...DefaultPluginConfig.caching, resyncIntervalMs: 5_000 } },
      { runMs: 12_000, terminalMethod: true },
    );
    const c = capture<CorePlugin>(entryOf(s.plugin));
    const ex = await Executor.create({ plugins: [c.entry] });
    ex.start({ id: 't', template: template() });
    await ex.runUntil({ maxRounds: 200 });
    assert.equal(finishedOf(ex, 't')?.nodePhase, 'Succeeded');
    const t0 = [...s.created.values()][0]!;
    assert.equal(s.gets[0], t0, 'the creation sync, at the creation instant');
    assert.ok(
      s.gets.slice(1).every((g) => g % 5_000 === 0),
      'then at multiples of the resync interval',
    );
    assert.ok(s.gets.at(-1)! - t0 >= 12_000 && s.gets.at(-1)! - t0 < 17_000, 'and no poll after the job reported done');
  });

  it('quotas: the token is taken before create and released by Finalize; the cache entry is evicted (Test_allocateToken, Test_releaseToken)', async () => {
    const s = service({ resourceQuotas: { ns: 1 } });
    const c = capture<CorePlugin>(entryOf(s.plugin));
    const ex = await Executor.create({ plugins: [c.entry], resourceManager: { type: 'redis' } });
    ex.start({ id: 'a', template: template() });
    ex.start({ id: 'b', template: template() });
    await ex.runUntil({ maxRounds: 300 });
    assert.deepEqual(eventsOf(ex, 'a').slice(0, 2), ['QUEUED:0', 'QUEUED:2']);
    assert.equal(eventsOf(ex, 'b')[0], 'WAITING_FOR_RESOURCES:0');
    for (const id of ['a', 'b']) {
      const fin = callsOf(ex, id).find((r) => r.call === 'finalize')!;
      assert.deepEqual(
        fin.resources.map((r) => r.op),
        ['release'],
      );
    }
    assert.deepEqual(ex.pools()[0]!.holders, []);
    const keys = await c.plugin().cache.keys();
    for (const name of [ex.task('a').generatedName, ex.task('b').generatedName]) {
      assert.ok(
        !keys.includes(name) || c.plugin().cache.pendingDeletes().includes(name),
        `${name} is evicted or queued for eviction`,
      );
    }
  });

  it('the read rate limiter spaces the polls: burst 5, then one per second (Go: the cache work queue bucket)', async () => {
    const s = service(
      {
        readRateLimiter: { qps: 1, burst: 5 },
        caching: { ...DefaultPluginConfig.caching, resyncIntervalMs: 3_600_000 },
      },
      { runMs: 0 },
    );
    const ex = await Executor.create({ plugins: [entryOf(s.plugin)] });
    for (let i = 0; i < 8; i++) ex.start({ id: `t${i}`, template: template() });
    await ex.runUntil({ maxRounds: 500 });
    const first = s.gets[0]!;
    assert.deepEqual(
      s.gets.map((g) => g - first),
      [0, 0, 0, 0, 0, 1000, 2000, 3000],
    );
    for (let i = 0; i < 8; i++) assert.equal(finishedOf(ex, `t${i}`)?.nodePhase, 'Succeeded');
  });

  it('a SyncPlugin: every Handle reports what do() returns', async () => {
    let n = 0;
    const sync: SyncPlugin = {
      getConfig: () => ({ ...DefaultPluginConfig }),
      do: () => (++n < 3 ? phaseInfoQueued(now(), n, 'working') : phaseInfoSuccess()),
    };
    const ex = await Executor.create({ plugins: [entryOf(sync)] });
    ex.start({ id: 's', template: template() });
    await ex.runUntil({ maxRounds: 20 });
    assert.deepEqual(eventsOf(ex, 's'), ['QUEUED:1', 'QUEUED:2', 'SUCCEEDED:0']);
  });
});
