// Benchmark 2: scale. N concurrent task executions share two quotas (each a twentieth of N, so a tenth of the
// executions run at a time and the rest wait, polling at every resync), each run to completion. Reports rounds per
// second and the executor's memory per waiting execution (heap after a forced collection), timeline off.
import { heapUsed, sdk } from './lib.mjs';

function quotaPlugin(s, quota) {
  const token = (ctx) => ctx.taskExecutionMetadata().getTaskExecutionID().getGeneratedName();
  const ns = (ctx) => `q${ctx.taskExecutionMetadata().getLabels()['bench-pool']}`;
  const plugin = {
    getID: () => 'quota',
    getProperties: () => ({}),
    async handle(ctx) {
      const { value } = ctx.pluginStateReader().get();
      if (value === undefined) {
        const status = await ctx.resourceManager().allocateResource(ns(ctx), token(ctx), {});
        if (status !== s.AllocationStatus.Granted) return s.doTransition(s.phaseInfoWaitingForResources(s.now(), 0, 'waiting'));
        ctx.pluginStateWriter().put(1, { step: 1 });
        return s.doTransition(s.phaseInfoRunning(1));
      }
      if (value.step < 3) {
        ctx.pluginStateWriter().put(1, { step: value.step + 1 });
        return s.doTransition(s.phaseInfoRunning(value.step + 1));
      }
      return s.doTransition(s.phaseInfoSuccess());
    },
    abort() {},
    async finalize(ctx) {
      await ctx.resourceManager().releaseResource(ns(ctx), token(ctx));
    },
  };
  return {
    id: 'quota',
    registeredTaskTypes: ['quota'],
    async loadPlugin(iCtx) {
      await iCtx.resourceRegistrar().registerResourceQuota('q0', quota);
      await iCtx.resourceRegistrar().registerResourceQuota('q1', quota);
      return plugin;
    },
  };
}

async function one(s, n) {
  const quota = Math.max(1, Math.floor(n / 20));
  const template = s.create(s.TaskTemplateSchema, { type: 'quota' });
  const base = heapUsed();
  const ex = await s.Executor.create({
    plugins: [quotaPlugin(s, quota)],
    resourceManager: { type: 'redis', maxQuota: Math.max(quota, 1000) },
    recordTimeline: false,
  });
  for (let i = 0; i < n; i++) ex.start({ id: `t${i}`, template, labels: { 'bench-pool': String(i % 2) } });
  // One round each: every execution is now either running or waiting for a token.
  for (let i = 0; i < n; i++) await ex.step();
  const waiting = heapUsed();
  const t0 = process.hrtime.bigint();
  const out = await ex.runUntil({ maxRounds: 100 * n });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const rounds = ex.rounds;
  if (out.reason !== 'terminal') throw new Error(`scale ${n}: the run stopped with ${out.reason}`);
  return {
    executions: n,
    quotaEach: quota,
    rounds,
    seconds,
    roundsPerSecond: (rounds - n) / seconds,
    nsPerRound: (seconds * 1e9) / (rounds - n),
    bytesPerWaitingExecution: (waiting - base) / n,
  };
}

export async function scale({ sizes = [1_000, 10_000, 100_000] } = {}) {
  const s = sdk();
  // An untimed run first, so the smallest size is not the one that pays for compiling the executor's code.
  await one(s, Math.min(...sizes));
  const results = [];
  for (const n of sizes) results.push(await one(s, n));
  const first = results[0];
  const last = results[results.length - 1];
  return {
    results,
    costRatioLargestToSmallest: last.nsPerRound / first.nsPerRound,
    targets: { costRatioLargestToSmallest: 1.5, bytesPerWaitingExecution: 2048 },
  };
}
