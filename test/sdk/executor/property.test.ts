// Property test of the executor: random scenarios (random plugins with random phase sequences, state writes,
// allocations and releases over several pools with random quotas, throws in Handle, Abort and Finalize, every fault
// kind the executor supports, several tasks per workflow execution, outside aborts, barrier and contract-check
// switches), each checked for the invariants FlytePropeller keeps:
//   - no pool is ever over its quota;
//   - every attempt that started reaches Finalize;
//   - every token is released (except by a Finalize that failed for good);
//   - a state write is never visible in its own round;
//   - every record is valid against the timeline schema;
//   - every run terminates within the round cap;
//   - the same scenario gives the same timeline, and executors running at once give the timelines they give one by
//     one;
//   - the same scenario without the timeline (whose rounds skip what only records show) ends in the same state.
// The resource manager's own property test (test/sdk/executor/resource/property.test.ts) checks the Redis counting
// against Flyte's loop with its own PRNG; here the scenarios come from fast-check arbitraries, which shrink.
//
// Replaying a failure: the failure message prints fast-check's seed and path. Run only this file with
//   PLUGBENCH_PROPERTY_SEED=<seed> [PLUGBENCH_PROPERTY_PATH=<path>] npx mocha test/sdk/executor/property.test.ts
// to replay that scenario (the path picks the shrunk one). PLUGBENCH_PROPERTY_RUNS=<n> changes the number of
// scenarios of the invariants property (default 1000; the concurrency property runs a tenth as many batches of 2 or 3).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  AllocationStatus,
  doTransitionType,
  Executor,
  phaseInfoFailure,
  phaseInfoInitializing,
  phaseInfoQueued,
  phaseInfoRetryableFailure,
  phaseInfoRunning,
  phaseInfoSuccess,
  phaseInfoWaitingForResources,
  TransitionType,
  newInMemoryOutputReader,
  create,
  LiteralMapSchema,
  type Fault,
  type PhaseInfo,
  type PluginEntry,
  type TaskExecutionContext,
  type TimelineRecord,
} from '@plugbench/sdk';
import { TimelineRecordSchema } from '@plugbench/sdk/timeline';
import { comparable, template } from '../../support/plugins';

/** One Handle step of a scripted plugin. */
interface Step {
  phase:
    'Queued' | 'Initializing' | 'WaitingForResources' | 'Running' | 'Success' | 'RetryableFailure' | 'PermanentFailure';
  /** Returns the previous transition again this many times first (deduplicated rounds). */
  repeat: number;
  /** The pool (index) to allocate a token from, if any. */
  allocate: number | null;
  barrier: boolean;
  raw: boolean;
  log: boolean;
  secret: boolean;
  putOutputs: boolean;
  /** Handle throws (a round error) while the step's own throw count lasts. */
  throws: number;
}

interface PluginScript {
  steps: Step[];
  /** How many times Abort throws per attempt (99: always). */
  abortThrows: number;
  /** How many times Finalize throws per attempt (99: always). */
  finalizeThrows: number;
}

interface Scenario {
  quotas: number[];
  plugins: PluginScript[];
  tasks: Array<{ plugin: number; execution: number | null; retries: number; outputs: boolean }>;
  faults: Fault[];
  abort: { afterRounds: number; target: number | 'execution' } | null;
  barrier: boolean;
  replayHandle: boolean;
  repeatCleanup: boolean;
  maxWorkflowRetries: number;
}

const MAX_ROUNDS = 600;
/** A cleanup throw count meaning "every call". */
const ALWAYS = 99;
const RUNS = Number(process.env.PLUGBENCH_PROPERTY_RUNS ?? 1000);
const EXECUTIONS = ['wf-a', 'wf-b'];

const stepArb: fc.Arbitrary<Step> = fc.record({
  phase: fc.constantFrom(
    'Queued',
    'Initializing',
    'WaitingForResources',
    'Running',
    'Running',
    'Success',
    'RetryableFailure',
    'PermanentFailure',
  ),
  repeat: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 }) }),
  allocate: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
  barrier: fc.boolean(),
  raw: fc.boolean(),
  log: fc.boolean(),
  secret: fc.boolean(),
  putOutputs: fc.boolean(),
  throws: fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 }) }),
}) as fc.Arbitrary<Step>;

/** How many times Abort or Finalize throws per attempt: mostly never, sometimes always (99). */
const cleanupThrowsArb = fc.oneof(
  { weight: 6, arbitrary: fc.constant(0) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 2 }) },
  { weight: 1, arbitrary: fc.constant(ALWAYS) },
);

const whenArb = (tasks: number) =>
  fc.record({
    task: fc.integer({ min: 0, max: tasks - 1 }).map((i) => `t${i}`),
    round: fc.integer({ min: 1, max: 8 }),
    call: fc.constantFrom('handle' as const, 'abort' as const, 'finalize' as const),
    times: fc.integer({ min: 1, max: 2 }),
  });

/** Every fault kind the executor supports. */
const faultArb = (tasks: number): fc.Arbitrary<Fault> =>
  fc
    .tuple(
      whenArb(tasks),
      fc.constantFrom(
        'throw',
        'lose-state-write',
        'resource-error',
        'resource-status',
        'secret-missing',
        'event-sink-fails',
        'slow-call',
      ),
      fc.constantFrom(AllocationStatus.Exhausted, AllocationStatus.Granted, AllocationStatus.NamespaceQuotaExceeded),
    )
    .map(([when, kind, status]): Fault => {
      switch (kind) {
        case 'resource-status':
          return { ...when, kind, status };
        case 'slow-call':
          return { ...when, kind, delayMs: 1 };
        case 'resource-error':
          return { ...when, kind, op: when.round % 2 === 0 ? 'release' : 'allocate' };
        default:
          return { ...when, kind } as Fault;
      }
    });

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    quotas: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }),
    plugins: fc.array(
      fc.record({
        steps: fc.array(stepArb, { minLength: 1, maxLength: 6 }),
        abortThrows: cleanupThrowsArb,
        finalizeThrows: cleanupThrowsArb,
      }),
      { minLength: 1, maxLength: 2 },
    ),
    taskCount: fc.integer({ min: 1, max: 4 }),
    barrier: fc.boolean(),
    replayHandle: fc.boolean(),
    repeatCleanup: fc.boolean(),
    maxWorkflowRetries: fc.integer({ min: 1, max: 4 }),
  })
  .chain((base) =>
    fc
      .record({
        tasks: fc.array(
          fc.record({
            plugin: fc.integer({ min: 0, max: base.plugins.length - 1 }),
            execution: fc.option(fc.integer({ min: 0, max: EXECUTIONS.length - 1 }), { nil: null }),
            retries: fc.integer({ min: 0, max: 2 }),
            outputs: fc.boolean(),
          }),
          { minLength: base.taskCount, maxLength: base.taskCount },
        ),
        faults: fc.array(faultArb(base.taskCount), { maxLength: 4 }),
        abort: fc.option(
          fc.record({
            afterRounds: fc.integer({ min: 0, max: 12 }),
            target: fc.oneof(fc.integer({ min: 0, max: base.taskCount - 1 }), fc.constant('execution' as const)),
          }),
          { nil: null },
        ),
      })
      .map((rest) => {
        const { taskCount: _n, ...keep } = base;
        return { ...keep, ...rest };
      }),
  );

/** What a run observed beside its timeline. */
interface Observed {
  /** A plugin read back its own state write in the round that wrote it. */
  stateSeen: string[];
}

const pool = (i: number) => `pool-${i}`;

/** The plugin of a script: its progress lives in its state, so a replayed round does the same again. */
function scriptedEntry(id: string, script: PluginScript, quotas: number[], seen: Observed): PluginEntry {
  // Per task attempt and call kind: deterministic counts of in-memory behaviour (repeats, cleanup throws).
  const counters = new Map<string, number>();
  const bump = (key: string) => {
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    return n;
  };
  const nameOf = (tCtx: TaskExecutionContext) => tCtx.taskExecutionMetadata().getTaskExecutionID().getGeneratedName();
  const releaseAll = async (tCtx: TaskExecutionContext) => {
    for (let i = 0; i < quotas.length; i++) await tCtx.resourceManager().releaseResource(pool(i), nameOf(tCtx));
  };
  type S = { n: number; phase: string; version: number };
  return {
    id,
    registeredTaskTypes: [id],
    loadPlugin: (iCtx) => {
      for (const [i, q] of quotas.entries()) void iCtx.resourceRegistrar().registerResourceQuota(pool(i), q);
      return {
        getID: () => id,
        getProperties: () => ({}),
        async handle(tCtx) {
          const name = nameOf(tCtx);
          const before = tCtx.pluginStateReader().get<S>().value;
          const n = before?.n ?? 0;
          const step = script.steps[Math.min(n, script.steps.length - 1)]!;
          const last = n >= script.steps.length - 1;
          if (step.throws > 0 && bump(`${name}:throw:${n}`) <= step.throws)
            throw new Error(`script: Handle throws at step ${n}`);
          if (step.log) console.log(`${id} ${name} step ${n}`);
          if (step.secret) await tCtx.secretManager().get('TOKEN');
          let phase: Step['phase'] = last && !isTerminalName(step.phase) ? 'Success' : step.phase;
          if (step.allocate !== null && step.allocate < quotas.length) {
            const status = await tCtx.resourceManager().allocateResource(pool(step.allocate), name, {});
            if (status !== AllocationStatus.Granted && !isTerminalName(phase)) phase = 'WaitingForResources';
          }
          if (before !== undefined && step.repeat > 0 && bump(`${name}:repeat:${n}`) <= step.repeat) {
            return doTransitionType(
              step.barrier ? TransitionType.Barrier : TransitionType.Ephemeral,
              phaseOf(before.phase as Step['phase'], before.version),
            );
          }
          // A new (phase, version) every round, so that progress is never deduplicated away.
          const version = before !== undefined && before.phase === phase ? before.version + 1 : 0;
          tCtx.pluginStateWriter().put(1, { n: n + 1, phase, version } satisfies S);
          const after = tCtx.pluginStateReader().get<S>().value;
          if (JSON.stringify(after) !== JSON.stringify(before))
            seen.stateSeen.push(`${name} step ${n}: read ${JSON.stringify(after)} after its own put`);
          if (step.raw) await tCtx.eventsRecorder().recordRaw(phaseInfoRunning(version + 1000));
          if (phase === 'Success' && step.putOutputs)
            await tCtx.outputWriter().put(newInMemoryOutputReader(create(LiteralMapSchema, {})));
          return doTransitionType(
            step.barrier ? TransitionType.Barrier : TransitionType.Ephemeral,
            phaseOf(phase, version),
          );
        },
        async abort(tCtx) {
          if (throwsNow(bump(`${nameOf(tCtx)}:abort`), script.abortThrows)) throw new Error('script: Abort throws');
        },
        async finalize(tCtx) {
          if (throwsNow(bump(`${nameOf(tCtx)}:finalize`), script.finalizeThrows))
            throw new Error('script: Finalize throws');
          await releaseAll(tCtx);
        },
      };
    },
  };
}

const throwsNow = (call: number, throws: number) => throws >= ALWAYS || call <= throws;

const isTerminalName = (p: Step['phase']) => p === 'Success' || p === 'RetryableFailure' || p === 'PermanentFailure';

const AT = new Date(Date.UTC(2024, 0, 1));

function phaseOf(phase: Step['phase'], version: number): PhaseInfo {
  switch (phase) {
    case 'Queued':
      return phaseInfoQueued(AT, version, 'queued');
    case 'Initializing':
      return phaseInfoInitializing(AT, version, 'initializing');
    case 'WaitingForResources':
      return phaseInfoWaitingForResources(AT, version, 'waiting');
    case 'Running':
      return phaseInfoRunning(version);
    case 'Success':
      return phaseInfoSuccess({ occurredAt: AT });
    case 'RetryableFailure':
      return phaseInfoRetryableFailure('ScriptRetry', 'the script fails, retryable', { occurredAt: AT });
    case 'PermanentFailure':
      return phaseInfoFailure('ScriptFail', 'the script fails', { occurredAt: AT });
  }
}

/** Runs a scenario to its end (`recordTimeline: false`: without the timeline). */
async function runScenario(
  s: Scenario,
  { recordTimeline = true } = {},
): Promise<{ ex: Executor; seen: Observed; reason: string }> {
  const seen: Observed = { stateSeen: [] };
  const ex = await Executor.create({
    recordTimeline,
    plugins: s.plugins.map((p, i) => scriptedEntry(`script-${i}`, p, s.quotas, seen)),
    resourceManager: { type: 'redis' },
    faults: s.faults,
    barrier: s.barrier,
    checks: { replayHandle: s.replayHandle, repeatCleanup: s.repeatCleanup },
    maxWorkflowRetries: s.maxWorkflowRetries,
    secrets: { env: { FLYTE_SECRET_TOKEN: 'qubole-api-token-for-the-property-test' } },
    captureConsole: true,
  });
  s.tasks.forEach((t, i) => {
    ex.start({
      id: `t${i}`,
      template: template(`script-${t.plugin}`, { retries: t.retries, ...(t.outputs ? { outputs: ['o'] } : {}) }),
      ...(t.execution !== null ? { execution: { name: EXECUTIONS[t.execution]! } } : {}),
    });
  });
  let rounds = 0;
  if (s.abort !== null) {
    rounds += (await ex.runUntil({ maxRounds: s.abort.afterRounds })).rounds;
    const target = s.abort.target === 'execution' ? ex.task('t0').execution.name : `t${s.abort.target}`;
    ex.abort(target, 'the property test aborts');
  }
  const outcome = await ex.runUntil({ maxRounds: MAX_ROUNDS - rounds });
  return { ex, seen, reason: outcome.reason };
}

/** The invariants of one run; throws naming the first that does not hold. */
function checkInvariants(ex: Executor, seen: Observed, reason: string): void {
  assert.equal(reason, 'terminal', `the run ends before the round cap (${MAX_ROUNDS}); it stopped: ${reason}`);
  assert.ok(ex.rounds <= MAX_ROUNDS);
  assert.deepEqual(seen.stateSeen, [], 'state is never visible in its own round');
  const timeline = ex.timeline;
  const attempts = new Set<string>();
  const finalized = new Set<string>();
  const failedForGood = new Set<string>();
  for (const r of timeline as readonly TimelineRecord[]) {
    const parsed = TimelineRecordSchema.safeParse(JSON.parse(JSON.stringify(r)));
    assert.ok(parsed.success, `record ${r.seq} (${r.kind}) is valid: ${parsed.success ? '' : parsed.error.message}`);
    if (r.kind !== 'call') continue;
    for (const rc of r.resources) {
      if (rc.poolAfter !== undefined)
        assert.ok(
          rc.poolAfter.used <= rc.poolAfter.quota,
          `pool ${rc.namespace} over quota after record ${r.seq}: ${rc.poolAfter.used}/${rc.poolAfter.quota}`,
        );
    }
    const key = `${r.task}#${r.attempt}`;
    attempts.add(key);
    if (r.call === 'finalize') {
      finalized.add(key);
      if (r.error !== undefined) failedForGood.add(r.generatedName);
      else failedForGood.delete(r.generatedName);
    }
  }
  for (const a of attempts) assert.ok(finalized.has(a), `attempt ${a} reached Finalize`);
  for (const p of ex.pools()) {
    assert.ok(p.quota === null || p.holders.length <= p.quota, `pool ${p.namespace} over quota at the end`);
    const leaked = p.holders.filter((h) => ![...failedForGood].some((name) => h.endsWith(name)));
    assert.deepEqual(leaked, [], `every token of ${p.namespace} is released`);
  }
}

/** fast-check's parameters, with the seed and path of a failure to replay from the environment. */
function params<T extends unknown[]>(numRuns: number): fc.Parameters<T> {
  const seed = process.env.PLUGBENCH_PROPERTY_SEED;
  if (seed === undefined) return { numRuns };
  const path = process.env.PLUGBENCH_PROPERTY_PATH;
  return { seed: Number(seed), ...(path !== undefined ? { path } : {}), numRuns: path !== undefined ? 1 : numRuns };
}

describe('executor: properties of random scenarios', function () {
  this.timeout(120_000);

  it(`keeps FlytePropeller's invariants over ${RUNS} random scenarios`, async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (s) => {
        const { ex, seen, reason } = await runScenario(s);
        checkInvariants(ex, seen, reason);
      }),
      params<[Scenario]>(RUNS),
    );
  });

  it('the same scenario gives the same timeline, and executors running at once give the sequential timelines', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(scenarioArb, { minLength: 2, maxLength: 3 }), async (scenarios) => {
        const sequential: unknown[][] = [];
        for (const s of scenarios) sequential.push(comparable((await runScenario(s)).ex.timeline));
        const concurrent = await Promise.all(scenarios.map((s) => runScenario(s)));
        concurrent.forEach((c, i) =>
          assert.deepEqual(comparable(c.ex.timeline), sequential[i], `scenario ${i} of the batch`),
        );
      }),
      params<[Scenario[]]>(Math.max(1, Math.floor(RUNS / 10))),
    );
  });
});

/** What a run leaves that does not depend on its timeline: every task execution, pool and metric, and the data store. */
async function endState(ex: Executor, seen: Observed, reason: string): Promise<unknown> {
  const blobs = [];
  for (const uri of [...ex.dataStore.list()].sort()) blobs.push([uri, await ex.dataStore.readRaw(uri)]);
  return {
    reason,
    rounds: ex.rounds,
    nowMs: ex.clock.nowMs(),
    tasks: ex.tasks(),
    pools: ex.pools(),
    metrics: await ex.metrics(),
    seen,
    blobs,
  };
}

describe('executor: the timeline off', function () {
  this.timeout(120_000);

  it(`ends every scenario as with the timeline recorded (${Math.max(1, Math.floor(RUNS / 4))} random scenarios)`, async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (s) => {
        const on = await runScenario(s);
        const off = await runScenario(s, { recordTimeline: false });
        assert.equal(off.ex.timeline.length, 0, 'nothing is kept without the timeline');
        assert.deepEqual(await endState(off.ex, off.seen, off.reason), await endState(on.ex, on.seen, on.reason));
      }),
      params<[Scenario]>(Math.max(1, Math.floor(RUNS / 4))),
    );
  });
});
