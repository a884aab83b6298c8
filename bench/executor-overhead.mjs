// Benchmark 1: the executor's overhead per round. A trivial plugin (reads its state, writes it back bumped, returns
// Running with a new version, so every round sends an event and persists) is driven by
//  - a bare loop calling `handle` with a prepared context (what the plugin itself costs),
//  - the minimal executor (minimal-executor.mjs: only what propeller's rules require; the baseline of the goals),
//    and the same taking the job plugbench's run loop takes between rounds (reported beside the goals, no target),
//  - the executor, with the timeline recorded (the default) and without,
// each with the plugin answering synchronously and as an `async handle`. A realistic plugin (task metadata read
// every round, a resource allocated through the plugin-facing resource manager every round) runs through the
// executor too, against the trivial one written as `async handle` (both await). All variants are interleaved and
// paired in one process (lib.mjs), each timed in the process's CPU time (lib.mjs `cpuTimeNs`).
import { MinimalExecutor } from './minimal-executor.mjs';
import { cpuTimeNs, paired, ratio, sdk, summary } from './lib.mjs';

function trivialPlugin(s, id, async) {
  const handle = (ctx) => {
    const { value } = ctx.pluginStateReader().get();
    const n = (value?.n ?? 0) + 1;
    ctx.pluginStateWriter().put(1, { n });
    return s.doTransition(s.phaseInfoRunning(n));
  };
  return {
    getID: () => id,
    getProperties: () => ({}),
    handle: async ? async (ctx) => handle(ctx) : handle,
    abort() {},
    finalize() {},
  };
}

/** Reads its task metadata and allocates its token every round, as quota-bound plugins do while they run. */
function realisticPlugin(s) {
  return {
    getID: () => 'realistic',
    getProperties: () => ({}),
    async handle(ctx) {
      const md = ctx.taskExecutionMetadata();
      const token = md.getTaskExecutionID().getGeneratedName();
      const pool = md.getLabels()['bench-pool'] ?? 'default';
      const owner = md.getOwnerReference();
      const status = await ctx.resourceManager().allocateResource(`q-${pool}`, token, {});
      if (status !== s.AllocationStatus.Granted) throw new Error(`realistic plugin: allocation ${status}`);
      const { value } = ctx.pluginStateReader().get();
      const n = (value?.n ?? 0) + 1;
      ctx.pluginStateWriter().put(1, { n, owner: owner.name, namespace: md.getNamespace() });
      return s.doTransition(s.phaseInfoRunning(n));
    },
    abort() {},
    async finalize(ctx) {
      await ctx
        .resourceManager()
        .releaseResource('q-a', ctx.taskExecutionMetadata().getTaskExecutionID().getGeneratedName());
    },
  };
}

const entryOf = (plugin, loadPlugin) => ({
  id: plugin.getID(),
  registeredTaskTypes: [plugin.getID()],
  loadPlugin: loadPlugin ?? (() => plugin),
});

export async function executorOverhead({ rounds = 20_000, reps = 9 } = {}) {
  const s = sdk();
  const sync = trivialPlugin(s, 'trivial', false);
  const async_ = trivialPlugin(s, 'trivial', true);
  const realistic = realisticPlugin(s);
  const realisticEntry = entryOf(realistic, async (iCtx) => {
    await iCtx.resourceRegistrar().registerResourceQuota('q-a', 10);
    return realistic;
  });

  // The bare loop: a context prepared once, with state carried from call to call as the store would.
  let stored;
  const ctx = {
    pluginStateReader: () => ({
      getStateVersion: () => 1,
      get: () => ({ stateVersion: 1, value: stored === undefined ? undefined : JSON.parse(stored) }),
    }),
    pluginStateWriter: () => ({
      put: (_v, value) => {
        s.assertSerializable(value);
        stored = JSON.stringify(value);
      },
      reset: () => {},
    }),
  };
  const bare = async (n) => {
    stored = undefined;
    return cpuTimeNs(() => {
      for (let i = 0; i < n; i++) sync.handle(ctx);
    });
  };
  const minimal = (plugin, options) => async (n) => {
    const ex = new MinimalExecutor(s, plugin, options);
    ex.start('t');
    return cpuTimeNs(() => ex.runUntil(n));
  };
  const driven =
    (entry, options, spec = {}) =>
    async (n) => {
      const ex = await s.Executor.create({ plugins: [entry], maxPluginPhaseVersions: 10_000_000, ...options });
      ex.start({ template: s.create(s.TaskTemplateSchema, { type: entry.id }), ...spec });
      return cpuTimeNs(() => ex.runUntil({ maxRounds: n }));
    };
  const off = { recordTimeline: false };
  const withJob = { takeJobBetweenRounds: true };
  const samples = await paired(
    {
      bare,
      minimalSync: minimal(sync),
      minimalAsync: minimal(async_),
      unrecordedSync: driven(entryOf(sync), off),
      unrecordedAsync: driven(entryOf(async_), off),
      recordedSync: driven(entryOf(sync), {}),
      recordedAsync: driven(entryOf(async_), {}),
      realisticUnrecorded: driven(realisticEntry, off, { labels: { 'bench-pool': 'a' } }),
      realisticRecorded: driven(realisticEntry, {}, { labels: { 'bench-pool': 'a' } }),
      // Last, so that the goals' variants keep the order they had before these two came.
      minimalWithJobSync: minimal(sync, withJob),
      minimalWithJobAsync: minimal(async_, withJob),
    },
    { n: rounds, reps },
  );
  const ns = Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, summary(xs)]));
  return {
    rounds,
    reps,
    ns,
    ratios: {
      minimalToBare: ratio(samples, 'minimalSync', 'bare'),
      unrecordedSync: ratio(samples, 'unrecordedSync', 'minimalSync'),
      unrecordedAsync: ratio(samples, 'unrecordedAsync', 'minimalAsync'),
      recordedSync: ratio(samples, 'recordedSync', 'minimalSync'),
      recordedAsync: ratio(samples, 'recordedAsync', 'minimalAsync'),
      // The realistic plugin awaits its resource manager: it is compared with the trivial plugin written as async too.
      realisticUnrecorded: ratio(samples, 'realisticUnrecorded', 'unrecordedAsync'),
      realisticRecorded: ratio(samples, 'realisticRecorded', 'recordedAsync'),
      // Reported, no target: what the job between rounds costs the minimal executor, and the executor without the
      // timeline against the minimal executor that takes it too.
      minimalWithJobSync: ratio(samples, 'minimalWithJobSync', 'minimalSync'),
      minimalWithJobAsync: ratio(samples, 'minimalWithJobAsync', 'minimalAsync'),
      unrecordedSyncToMinimalWithJob: ratio(samples, 'unrecordedSync', 'minimalWithJobSync'),
      unrecordedAsyncToMinimalWithJob: ratio(samples, 'unrecordedAsync', 'minimalWithJobAsync'),
    },
    targets: { unrecorded: 1.25, recorded: 2, realistic: 2 },
  };
}
