/**
 * The executor keeps Handle rounds' records in columns and makes them plain when read (sdk/src/executor/record-store).
 * What a caller sees must be exactly what the round made: the kept timeline, the stream, `step()`'s records and the
 * records kept whole (with secrets to redact, the recorder keeps every record as made) are the same records, with
 * the same JSON text; the transition's text is the `toString()` of the transition the plugin returned; and a view of
 * the timeline taken earlier sees the rounds run since.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  create,
  doTransitionType,
  Executor,
  Phase,
  PhaseInfo,
  phaseInfoFailure,
  phaseInfoQueued,
  phaseInfoRetryableFailure,
  phaseInfoRunning,
  phaseInfoSuccess,
  phaseInfoWaitingForResources,
  serializeRecord,
  TaskLogSchema,
  TransitionType,
  type CallRecord,
  type ExecutorOptions,
  type PluginEntry,
  type ResourceManager,
  type TaskExecutionContext,
  type TimelineRecord,
} from '@plugbench/sdk';
import { CallColumns, type KeptParts, type RoundParts } from '../../../sdk/src/executor/record-store/call-columns';
import { hasPoolInfo, resourcePoolInfo } from '../../../sdk/src/executor/events';
import { comparable, template } from '../../support/plugins';

/**
 * A resource manager call: the token is the task's own (its generated name), a second one of its own, or one every task
 * names; `constrained` caps the project and namespace (Go `ResourceConstraintsSpec`), which may deny it (Go's Redis
 * manager answers ResourceExhausted, as for a full pool).
 */
interface ResourceMove {
  op: 'allocate' | 'release';
  namespace: 'pool' | 'other';
  token: 'own' | 'second' | 'shared';
  constrained: boolean;
}

/** What the plugin does in one Handle call. */
interface Move {
  phase: 'Queued' | 'WaitingForResources' | 'Running' | 'Success' | 'RetryableFailure' | 'PermanentFailure';
  /** Added to the task's last version (0: the same phase and version again, a deduplicated round). */
  bump: 0 | 1 | 2;
  reason: string;
  /** The info's fields: a time; a time and logs; a time and custom info; none (`{}`). */
  info: 'time' | 'logs' | 'custom' | 'empty';
  barrier: boolean;
  write: 'none' | 'put' | 'reset';
  /** A token to allocate: the task's own, one shared by all tasks, or none. */
  allocate: 'own' | 'shared' | 'both' | null;
  raw: boolean;
  /** Logs a line: its own every round (`true`), or the same line every round (`'same'`). */
  log: boolean | 'same';
  metric: boolean;
  /** The scenario's usual resource calls, its other ones, or none (after `allocate`'s). */
  calls: 'usual' | 'other' | 'none';
}

interface Scenario {
  moves: Move[];
  tasks: number;
  /** The quota of `pool`; `other` has `otherQuota`. */
  quota: number;
  otherQuota?: number;
  faults: boolean;
  usual?: ResourceMove[];
  other?: ResourceMove[];
}

const resourceMoveArb: fc.Arbitrary<ResourceMove> = fc.record({
  op: fc.constantFrom('allocate', 'allocate', 'release'),
  namespace: fc.constantFrom('pool', 'other'),
  token: fc.constantFrom('own', 'own', 'second', 'shared'),
  constrained: fc.constantFrom(false, false, true),
}) as fc.Arbitrary<ResourceMove>;

const resourceMovesArb = fc.array(resourceMoveArb, { maxLength: 3 });

const moveArb: fc.Arbitrary<Move> = fc.record({
  phase: fc.constantFrom(
    'Queued',
    'WaitingForResources',
    'Running',
    'Running',
    'Running',
    'Success',
    'RetryableFailure',
    'PermanentFailure',
  ),
  bump: fc.constantFrom(0, 0, 1, 2),
  reason: fc.constantFrom('', 'waiting', 'a reason with "quotes" and ✓'),
  info: fc.constantFrom('time', 'time', 'logs', 'custom'),
  barrier: fc.boolean(),
  write: fc.constantFrom('none', 'put', 'put', 'reset'),
  allocate: fc.constantFrom(null, null, 'own', 'shared', 'both'),
  raw: fc.boolean(),
  log: fc.boolean(),
  metric: fc.boolean(),
  calls: fc.constantFrom('none', 'none', 'usual', 'other'),
}) as fc.Arbitrary<Move>;

/** Scenarios of up to `maxMoves` moves and `maxTasks` tasks. */
const scenariosOf = (moves: fc.Arbitrary<Move>, maxMoves: number, maxTasks: number): fc.Arbitrary<Scenario> =>
  fc.record({
    moves: fc.array(moves, { minLength: 1, maxLength: maxMoves }),
    tasks: fc.integer({ min: 1, max: maxTasks }),
    quota: fc.integer({ min: 1, max: 3 }),
    otherQuota: fc.integer({ min: 1, max: 2 }),
    faults: fc.boolean(),
    usual: resourceMovesArb,
    other: resourceMovesArb,
  });

const scenarioArb = scenariosOf(moveArb, 8, 4);

/** Moves that mostly repeat (a new version, a state put, nothing else), so that rounds repeat their last record. */
const repeatingMoveArb: fc.Arbitrary<Move> = fc.record({
  phase: fc.constantFrom(
    'Queued',
    'Running',
    'Running',
    'Running',
    'Running',
    'Running',
    'Running',
    'Success',
    'RetryableFailure',
  ),
  bump: fc.constantFrom(0, 1, 1, 1, 2),
  reason: fc.constantFrom('', '', 'waiting'),
  info: fc.constantFrom('time', 'time', 'time', 'time', 'logs', 'custom'),
  barrier: fc.constantFrom(false, false, false, true),
  write: fc.constantFrom('none', 'put', 'put', 'put', 'put', 'reset'),
  allocate: fc.constantFrom(null, null, null, null, 'own'),
  raw: fc.constantFrom(false, false, false, false, true),
  log: fc.constantFrom(false, false, false, false, true),
  metric: fc.constantFrom(false, false, false, false, true),
  calls: fc.constantFrom('usual', 'usual', 'usual', 'usual', 'none', 'other'),
}) as fc.Arbitrary<Move>;

const repeatingScenarioArb = scenariosOf(repeatingMoveArb, 4, 3);

const RUNS = Math.max(20, Math.floor(Number(process.env.PLUGBENCH_PROPERTY_RUNS ?? 1000) / 5));
const START = Date.UTC(2024, 0, 1);

/** What the plugin did, per task: the text of every transition it returned (Go's `String()`), the states it put. */
type Returned = Map<string, { texts: Set<string>; puts: unknown[] }>;

function phaseOf(m: Move, version: number, at: Date): PhaseInfo {
  // Go's constructors fill in the time of an info without one: an info without fields is made directly.
  if (m.info === 'empty') return new PhaseInfo(Phase[m.phase], version, m.reason, {}, undefined);
  const info =
    m.info === 'time'
      ? { occurredAt: at }
      : m.info === 'logs'
        ? { occurredAt: at, logs: [create(TaskLogSchema, { name: 'log', uri: 'https://logs.example/1' })] }
        : { occurredAt: at, customInfo: { step: version, nested: { a: [1, 2] } } };
  switch (m.phase) {
    case 'Queued':
      return phaseInfoQueued(at, version, m.reason);
    case 'WaitingForResources':
      return phaseInfoWaitingForResources(at, version, m.reason);
    case 'Running':
      return phaseInfoRunning(version, info);
    case 'Success':
      return phaseInfoSuccess(info);
    case 'RetryableFailure':
      return phaseInfoRetryableFailure('Retry', m.reason, info);
    case 'PermanentFailure':
      return phaseInfoFailure('Fail', m.reason, info);
  }
}

function scriptedEntry(s: Scenario, returned: Returned): PluginEntry {
  const calls = new Map<string, number>();
  const versions = new Map<string, number>();
  const plugin = {
    getID: () => 'scripted',
    getProperties: () => ({}),
    async handle(ctx: TaskExecutionContext) {
      const name = ctx.taskExecutionMetadata().getTaskExecutionID().getGeneratedName();
      const n = calls.get(name) ?? 0;
      calls.set(name, n + 1);
      const m = s.moves[n % s.moves.length]!;
      const version = (versions.get(name) ?? 0) + m.bump;
      versions.set(name, version);
      const rm = ctx.resourceManager();
      if (m.allocate === 'own' || m.allocate === 'both') await rm.allocateResource('pool', name, {});
      if (m.allocate === 'shared' || m.allocate === 'both') await rm.allocateResource('pool', 'shared-token', {});
      const resourceMoves = m.calls === 'usual' ? s.usual : m.calls === 'other' ? s.other : undefined;
      for (const c of resourceMoves ?? []) await callResource(rm, c, name);
      if (m.log) console.log(m.log === 'same' ? `polling ${name}` : `round ${n} of ${name}`);
      if (m.metric) metric?.inc({}, 1);
      let done = returned.get(name);
      if (done === undefined) returned.set(name, (done = { texts: new Set(), puts: [] }));
      if (m.write === 'put') {
        const value = { n, name, nested: { list: [n, 'x'] } };
        ctx.pluginStateWriter().put(1, value);
        done.puts.push(value);
      }
      if (m.write === 'reset') ctx.pluginStateWriter().reset();
      const at = new Date(START + n * 1000);
      if (m.raw) await ctx.eventsRecorder().recordRaw(phaseInfoRunning(version + 100, { occurredAt: at }));
      const t = doTransitionType(
        m.barrier ? TransitionType.Barrier : TransitionType.Ephemeral,
        phaseOf(m, version, at),
      );
      done.texts.add(t.toString());
      return t;
    },
    abort() {},
    async finalize(ctx: TaskExecutionContext) {
      const name = ctx.taskExecutionMetadata().getTaskExecutionID().getGeneratedName();
      await ctx.resourceManager().releaseResource('pool', name);
      await ctx.resourceManager().releaseResource('pool', 'shared-token');
      for (const namespace of ['pool', 'other'])
        for (const token of [name, `${name}-2`, 'shared-token'])
          await ctx.resourceManager().releaseResource(namespace, token);
    },
  };
  let metric: { inc(labels: Record<string, string>, value: number): void } | undefined;
  return {
    id: 'scripted',
    registeredTaskTypes: ['scripted'],
    async loadPlugin(iCtx) {
      await iCtx.resourceRegistrar().registerResourceQuota('pool', s.quota);
      await iCtx.resourceRegistrar().registerResourceQuota('other', s.otherQuota ?? 1);
      metric = iCtx.metricsScope().newCounter('rounds', 'rounds', []);
      return plugin;
    },
  };
}

/** One resource call of a move, as the task `name` makes it. */
async function callResource(rm: ResourceManager, c: ResourceMove, name: string): Promise<void> {
  const token = c.token === 'own' ? name : c.token === 'second' ? `${name}-2` : 'shared-token';
  if (c.op === 'release') return rm.releaseResource(c.namespace, token);
  const spec = c.constrained
    ? { projectScopeResourceConstraint: { value: 2 }, namespaceScopeResourceConstraint: { value: 1 } }
    : {};
  await rm.allocateResource(c.namespace, token, spec);
}

/** Runs a scenario to its end with `options`, and returns the executor and what it streamed. */
async function run(
  s: Scenario,
  options: Partial<ExecutorOptions>,
  how: 'runUntil' | 'step' = 'runUntil',
  maxRounds = 200,
): Promise<{ ex: Executor; streamed: TimelineRecord[]; stepped: CallRecord[]; returned: Returned }> {
  const streamed: TimelineRecord[] = [];
  const stepped: CallRecord[] = [];
  const returned: Returned = new Map();
  const ex = await Executor.create({
    plugins: [scriptedEntry(s, returned)],
    resourceManager: { type: 'redis' },
    maxPluginPhaseVersions: 12,
    onRecord: (r) => streamed.push(r),
    captureConsole: true,
    ...(s.faults
      ? {
          faults: [
            { task: 't0', round: 2, kind: 'lose-state-write' as const },
            { task: 't1', round: 3, kind: 'throw' as const },
          ],
        }
      : {}),
    ...options,
  });
  for (let i = 0; i < s.tasks; i++) ex.start({ id: `t${i}`, template: template('scripted', { retries: 1 }) });
  if (how === 'runUntil') await ex.runUntil({ maxRounds });
  else for (let i = 0; i < maxRounds && ex.unfinished > 0; i++) stepped.push(...((await ex.step()) ?? []));
  return { ex, streamed, stepped, returned };
}

/** A Handle record against what the plugin did: its transition's text, and the state it wrote. */
function checkAgainstPlugin(r: CallRecord, returned: Returned): void {
  const done = returned.get(r.generatedName);
  if (r.transition !== undefined && r.decision?.code !== 'version-cap' && r.error === undefined)
    assert.ok(
      done?.texts.has(r.transition.text),
      `record ${r.seq}: the text of a returned transition: ${r.transition.text}`,
    );
  const w = r.state?.write;
  if (w?.op === 'put') {
    assert.ok(
      done?.puts.some((p) => JSON.stringify(p) === JSON.stringify(w.value)),
      `record ${r.seq}: the state written is one the plugin put: ${JSON.stringify(w.value)}`,
    );
    if (r.state!.persisted) assert.deepStrictEqual(r.state!.after.value, w.value, `record ${r.seq}: persisted`);
  }
}

/** An executor of the scenario's plugin, no task started, and the records it streams. */
async function streaming(
  s: Scenario,
  options: Partial<ExecutorOptions> = {},
): Promise<{ ex: Executor; streamed: TimelineRecord[] }> {
  const streamed: TimelineRecord[] = [];
  const ex = await Executor.create({
    plugins: [scriptedEntry(s, new Map())],
    resourceManager: { type: 'redis' },
    onRecord: (r) => streamed.push(r),
    ...options,
  });
  return { ex, streamed };
}

const json = (records: readonly TimelineRecord[]): string[] => records.map((r) => JSON.stringify(r));

/**
 * {@link jsonAnyWall}, an error's stack also written as '' (a round run from `step()` and from `runUntil` throws from
 * other callers).
 */
const jsonAnyPath = (records: readonly TimelineRecord[]): string[] =>
  records.map((r) => JSON.stringify(r, (k, v: unknown) => (k === 'wallMs' ? 0 : k === 'stack' ? '' : v)));

/** The records of a run but its `run.finished` (which `runUntil` writes at its end and stepping does not). */
const runRecords = (records: readonly TimelineRecord[]): TimelineRecord[] =>
  records.filter((r) => r.kind !== 'run.finished');

/** The JSON text of each record, its wall time (which differs from run to run) written as 0: key order and all. */
const jsonAnyWall = (records: readonly TimelineRecord[]): string[] =>
  records.map((r) => JSON.stringify(r, (k, v: unknown) => (k === 'wallMs' ? 0 : v)));

describe('executor: records kept in columns, made plain when read', function () {
  this.timeout(300_000);

  it(`the kept timeline is the stream, record for record and byte for byte, over ${RUNS} random scenarios`, async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (s) => {
        const { ex, streamed, returned } = await run(s, {});
        const kept = [...ex.timeline];
        assert.deepStrictEqual(kept, streamed);
        assert.deepStrictEqual(json(kept), json(streamed));
        assert.equal(JSON.stringify(ex.timeline), JSON.stringify(streamed));
        for (const r of kept) if (r.kind === 'call' && r.call === 'handle') checkAgainstPlugin(r, returned);
      }),
      { numRuns: RUNS },
    );
  });

  it('kept in columns, kept whole (secrets to redact), streamed only, and stepped: the same records', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (s) => {
        const columns = await run(s, {});
        // A secret that no record holds: the recorder then keeps every record whole, redacted (which changes nothing).
        const whole = await run(s, { secrets: { env: { FLYTE_SECRET_X: 'a-secret-no-record-holds-0123' } } });
        const streamOnly = await run(s, { recordTimeline: false });
        const stepped = await run(s, {}, 'step');
        const expected = comparable([...columns.ex.timeline]);
        assert.deepStrictEqual(comparable([...whole.ex.timeline]), expected, 'kept whole');
        assert.deepStrictEqual(comparable(streamOnly.streamed), expected, 'streamed without keeping');
        assert.equal(streamOnly.ex.timeline.length, 0);
        const steppedCalls = [...stepped.ex.timeline].filter((r) => r.kind === 'call');
        assert.deepStrictEqual(stepped.stepped, steppedCalls, "step()'s records are the timeline's");
      }),
      { numRuns: Math.max(10, Math.floor(RUNS / 4)) },
    );
  });

  it(`kept from a round's parts (runUntil, nothing streaming, no secrets) = the records made and kept = streamed = stepped, over ${RUNS} random scenarios with resource calls`, async () => {
    const counted = countKeptFromParts();
    try {
      await fc.assert(
        fc.asyncProperty(repeatingScenarioArb, async (s) => {
          // Nothing streams and there is no secret: a run's rounds that repeat their task's last record are kept from
          // their parts. Streaming (the other runs) makes every record, kept in columns or only streamed; stepping
          // makes every record too.
          const parts = await run(s, { onRecord: undefined });
          const columns = await run(s, {});
          const streamOnly = await run(s, { recordTimeline: false });
          const stepped = await run(s, { onRecord: undefined }, 'step');
          const kept = [...parts.ex.timeline];
          assert.equal(parts.streamed.length, 0);
          assert.deepStrictEqual(jsonAnyWall(kept), jsonAnyWall(columns.streamed), 'kept from parts = streamed');
          assert.deepStrictEqual(jsonAnyWall(kept), jsonAnyWall(columns.ex.timeline), 'kept from parts = kept');
          assert.deepStrictEqual(
            jsonAnyWall(kept),
            jsonAnyWall(streamOnly.streamed),
            'kept from parts = streamed only',
          );
          assert.deepStrictEqual(jsonAnyPath(runRecords(kept)), jsonAnyPath(stepped.ex.timeline), 'kept = stepped');
          assert.deepStrictEqual(
            jsonAnyPath(stepped.stepped),
            jsonAnyPath(kept.filter((r) => r.kind === 'call')),
            "step()'s records",
          );
          for (const r of kept) if (r.kind === 'call' && r.call === 'handle') checkAgainstPlugin(r, parts.returned);
        }),
        { numRuns: RUNS },
      );
    } finally {
      counted.restore();
    }
    // The property is about the rounds kept from their parts: they must have happened, resource calls and all.
    assert.ok(counted.plain > 0, 'rounds without resource calls were kept from their parts');
    assert.ok(counted.withCalls > 0, 'rounds with resource calls were kept from their parts');
    assert.ok(counted.pooled > 0, 'rounds whose event carries pool info were kept from their parts');
  });

  it("whether a round's events carry pool info is whether Go's pool info of its calls has an entry", () => {
    // resourcemanager.go: `Proxy.AllocateResource` adds an entry for every allocation that returned no error;
    // `GetResourcePoolInfo` lists them; the parts path asks `hasPoolInfo` instead of making that list.
    const callArb = fc.record({
      op: fc.constantFrom('allocate' as const, 'release' as const),
      namespace: fc.constantFrom('a', 'b'),
      token: fc.constantFrom('x', 'y', 'z'),
      error: fc.option(fc.constant({ message: 'failed' }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(callArb, { maxLength: 12 }), (calls) => {
        assert.equal(hasPoolInfo(calls), resourcePoolInfo(calls).length > 0);
      }),
      { numRuns: 2000 },
    );
  });

  it('thousands of rounds with resource calls kept from their parts (granted, denied, released, two pools, across chunks): the records made', async () => {
    const own: ResourceMove = { op: 'allocate', namespace: 'pool', token: 'own', constrained: false };
    const s: Scenario = {
      moves: [
        ...Array.from({ length: 6 }, () => ({ ...move('Running', 1), write: 'put' as const, calls: 'usual' as const })),
        { ...move('Running', 1), write: 'put', calls: 'other' },
        { ...move('Running', 1), write: 'put', calls: 'none' },
        ...Array.from({ length: 4 }, () => ({ ...move('Running', 1), write: 'put' as const, calls: 'usual' as const })),
      ],
      tasks: 3,
      // Two of three tasks hold `pool`: the third is denied (ResourceExhausted) every round, its record repeating too;
      // in `other`, the constraints deny the shared token to all but one task (Go answers Exhausted there too).
      quota: 2,
      otherQuota: 3,
      faults: false,
      usual: [
        own,
        { op: 'allocate', namespace: 'other', token: 'shared', constrained: true },
        { op: 'release', namespace: 'other', token: 'second', constrained: false },
      ],
      other: [{ op: 'allocate', namespace: 'other', token: 'second', constrained: false }, own],
    };
    const options = { maxPluginPhaseVersions: 1_000_000 };
    const { parts, streamed, counted } = await keptAndStreamed(s, options, 6000);
    const stepped = await run(s, { ...options, onRecord: undefined }, 'step', 6000);
    assert.ok(parts.ex.timeline.length > 6000);
    assert.ok(counted.pooled > 4000, `most rounds kept from their parts (${counted.pooled})`);
    const kept = jsonAnyWall(parts.ex.timeline);
    assert.deepStrictEqual(kept, jsonAnyWall(streamed.streamed), 'kept from parts = streamed');
    assert.deepStrictEqual(kept, jsonAnyWall(streamed.ex.timeline), 'kept from parts = kept');
    assert.deepStrictEqual(
      jsonAnyPath(runRecords(parts.ex.timeline)),
      jsonAnyPath(stepped.ex.timeline),
      'kept from parts = stepped',
    );
    const statuses = new Set(
      [...parts.ex.timeline].flatMap((r) => (r.kind === 'call' ? r.resources.map((c) => c.status ?? c.op) : [])),
    );
    for (const status of ['ResourceGranted', 'ResourceExhausted', 'release'] as const)
      assert.ok(statuses.has(status), `the run has ${status}`);
  });

  it('thousands of rounds kept from their parts (several chunks and blocks of state text): the records made', async () => {
    const s: Scenario = {
      moves: [
        { ...move('Running', 1), write: 'put' },
        { ...move('Running', 1), write: 'put', reason: '' },
      ],
      tasks: 3,
      quota: 2,
      faults: false,
    };
    const parts = await run(s, { onRecord: undefined, maxPluginPhaseVersions: 1_000_000 }, 'runUntil', 5000);
    const streamed = await run(s, { maxPluginPhaseVersions: 1_000_000 }, 'runUntil', 5000);
    assert.ok(parts.ex.timeline.length > 5000);
    assert.deepStrictEqual(jsonAnyWall(parts.ex.timeline), jsonAnyWall(streamed.streamed));
  });

  it("a round that differs from the task's last repeating round in one part the store remembers of it is not taken for a repeat: the records made", async () => {
    // The store remembers the last round that repeated its task's last record (`call-columns.ts` `RepeatMemo`) and
    // takes a round holding the same for a repeat without comparing it with the templates. Each round below differs
    // from the rounds before it, which repeated, in one of those parts (the phase, the reason, the transition's type,
    // its info's fields, logs) or in its resource calls (compared every round): taken for a repeat, its record would
    // read the parts before.
    const base: Move = { ...move('Running', 1), write: 'put' };
    // Go's `PhaseInfoQueued` takes a reason (`PhaseInfoRunning` does not).
    const queued: Move = { ...move('Queued', 1), write: 'put' };
    const variants: [Move, Move][] = [
      [queued, { ...queued, reason: 'another reason' }],
      [queued, { ...queued, reason: '' }],
      [base, queued],
      [base, { ...base, barrier: true }],
      [base, { ...base, info: 'empty' }],
      [base, { ...base, info: 'logs' }],
      [base, { ...base, allocate: 'own' }],
      [base, { ...base, log: true }],
    ];
    const s: Scenario = {
      moves: variants.flatMap(([b, v]) => [b, b, b, v, v, v]),
      tasks: 2,
      quota: 2,
      faults: false,
    };
    const options = { maxPluginPhaseVersions: 1_000_000 };
    const { parts, streamed, counted } = await keptAndStreamed(s, options, 2 * s.moves.length * 3);
    assert.ok(counted.plain + counted.withCalls > s.moves.length, 'rounds were kept from their parts');
    assert.deepStrictEqual(
      jsonAnyWall(parts.ex.timeline),
      jsonAnyWall(streamed.streamed),
      'kept from parts = streamed',
    );
    const handles = [...parts.ex.timeline].filter((r): r is CallRecord => r.kind === 'call' && r.call === 'handle');
    for (const r of handles) checkAgainstPlugin(r, parts.returned);
    // Each variant's rounds show what the plugin returned in them.
    const reasons = new Set(handles.map((r) => r.transition?.reason));
    for (const reason of ['waiting', 'another reason', ''])
      assert.ok(reasons.has(reason), `a record with reason '${reason}'`);
    assert.ok(handles.some((r) => r.transition?.type === 'Barrier'));
    assert.ok(handles.some((r) => r.transition?.phase === 'Queued'));
    assert.ok(handles.some((r) => r.transition?.info !== undefined && !('occurredAt' in r.transition.info)));
  });

  it('rounds that log the same lines as the round before are kept from their parts: the records made', async () => {
    // A round repeats its task's last record when its logs are the same (`repeatsShape`); the memo of the last repeat
    // covers only rounds without logs, and must not turn such rounds away.
    const logged: Move = { ...move('Running', 1), write: 'put', log: 'same' };
    const s: Scenario = { moves: Array.from({ length: 12 }, () => logged), tasks: 2, quota: 2, faults: false };
    const options = { maxPluginPhaseVersions: 1_000_000 };
    const { parts, streamed, counted } = await keptAndStreamed(s, options, 100);
    assert.ok(counted.plain >= 2 * 10, `rounds logging the same lines were kept from their parts (${counted.plain})`);
    assert.deepStrictEqual(
      jsonAnyWall(parts.ex.timeline),
      jsonAnyWall(streamed.streamed),
      'kept from parts = streamed',
    );
    const handles = [...parts.ex.timeline].filter((r): r is CallRecord => r.kind === 'call' && r.call === 'handle');
    assert.ok(handles.filter((r) => r.logs.length > 0).length >= 2 * 12, 'every round logged');
  });

  it('a view of the timeline taken earlier sees the rounds run since, and what it showed does not change', async () => {
    const s: Scenario = {
      moves: [
        { ...move('WaitingForResources', 0), allocate: 'own' },
        { ...move('Running', 1), write: 'put' },
        move('Running', 0),
        move('Success', 0),
      ],
      tasks: 3,
      quota: 1,
      faults: false,
    };
    const { ex, streamed } = await streaming(s);
    const view = ex.timeline;
    for (let i = 0; i < 3; i++) ex.start({ id: `t${i}`, template: template('scripted') });
    assert.equal(view.length, streamed.length);
    await ex.step();
    const early = json(view);
    const n = view.length;
    await ex.runUntil({ maxRounds: 30 });
    assert.ok(view.length > n, 'the earlier view has the later records');
    assert.equal(view, ex.timeline, 'one view');
    assert.deepStrictEqual(json(view).slice(0, n), early, 'records read earlier read the same now');
    assert.deepStrictEqual([...view], streamed);
  });

  it('thousands of rounds (more than one chunk of the columns): the kept timeline is the stream', async () => {
    const s: Scenario = {
      moves: [{ ...move('Running', 1), write: 'put' }, move('Running', 0), { ...move('Running', 1), allocate: 'own' }],
      tasks: 2,
      quota: 2,
      faults: false,
    };
    const { ex, streamed } = await streaming(s, { maxPluginPhaseVersions: 1_000_000 });
    for (let i = 0; i < s.tasks; i++) ex.start({ id: `t${i}`, template: template('scripted') });
    await ex.runUntil({ maxRounds: 5000 });
    assert.ok(ex.timeline.length > 5000);
    assert.deepStrictEqual(json(ex.timeline), json(streamed));
  });

  it('the view is an array to every reader, and read-only', async () => {
    const s: Scenario = { moves: [move('Running', 1), move('Success', 0)], tasks: 2, quota: 1, faults: false };
    const { ex, streamed } = await run(s, {});
    const view = ex.timeline;
    assert.ok(Array.isArray(view));
    assert.equal(view.length, streamed.length);
    assert.deepStrictEqual(view, streamed);
    assert.deepStrictEqual(Object.keys(view), Object.keys(streamed));
    assert.deepStrictEqual(
      view.filter((r) => r.kind === 'call'),
      streamed.filter((r) => r.kind === 'call'),
    );
    assert.deepStrictEqual(view.slice(1, 3), streamed.slice(1, 3));
    assert.deepStrictEqual(view.at(-1), streamed.at(-1));
    assert.deepStrictEqual([...view.entries()].length, streamed.length);
    assert.equal(view[view.length], undefined);
    assert.ok(0 in view && !(view.length in view));
    assert.equal(view.map(serializeRecord).join('\n'), streamed.map(serializeRecord).join('\n'));
    const writable = view as TimelineRecord[];
    assert.throws(() => writable.push(streamed[0]!), TypeError);
    assert.throws(() => {
      writable[0] = streamed[1]!;
    }, TypeError);
    assert.throws(() => {
      writable.length = 0;
    }, TypeError);
    assert.equal(view.length, streamed.length);
  });

  it('tasks in the same state share what their records repeat, and each record still names its own token', async () => {
    const s: Scenario = {
      moves: [{ ...move('WaitingForResources', 0), allocate: 'own' }],
      tasks: 4,
      quota: 1,
      faults: false,
    };
    const { ex, streamed } = await run(s, {});
    await ex.runUntil({ maxRounds: 12 });
    const handles = [...ex.timeline].filter((r): r is CallRecord => r.kind === 'call' && r.call === 'handle');
    assert.ok(handles.length >= 12);
    for (const r of handles) {
      assert.deepStrictEqual(
        r.resources.map((c) => c.token),
        [r.generatedName],
      );
      for (const e of [...r.events, ...(r.droppedEvents ?? [])])
        for (const p of e.resourcePoolInfo ?? []) assert.equal(p.allocationToken, r.generatedName);
    }
    assert.deepStrictEqual([...ex.timeline].slice(0, streamed.length), streamed);
  });
});

/**
 * The scenario run to `maxRounds` with nothing streamed (its repeating rounds kept from their parts, counted), and again
 * with every record streamed.
 */
async function keptAndStreamed(s: Scenario, options: Partial<ExecutorOptions>, maxRounds: number) {
  const counted = countKeptFromParts();
  let parts: Awaited<ReturnType<typeof run>>;
  try {
    parts = await run(s, { ...options, onRecord: undefined }, 'runUntil', maxRounds);
  } finally {
    counted.restore();
  }
  const streamed = await run(s, options, 'runUntil', maxRounds);
  return { parts, streamed, counted };
}

/**
 * Counts the rounds the store keeps from their parts (`CallColumns.keepRepeat`) until `restore()`: without resource
 * calls, with some, and with pool info in their event: an allocation answered without error, Exhausted included
 * (flytepropeller/pkg/controller/nodes/task/resourcemanager/resourcemanager.go `Proxy.AllocateResource` keeps one
 * entry per token whatever the status; `GetResourcePoolInfo` lists them; a release removes none).
 */
function countKeptFromParts(): { plain: number; withCalls: number; pooled: number; restore(): void } {
  const proto = CallColumns.prototype;
  const original = Object.getOwnPropertyDescriptor(proto, 'keepRepeat')!;
  const keepRepeat = proto.keepRepeat;
  const counts = {
    plain: 0,
    withCalls: 0,
    pooled: 0,
    restore: () => Object.defineProperty(proto, 'keepRepeat', original),
  };
  proto.keepRepeat = function (this: CallColumns, p: RoundParts, task: KeptParts): number {
    if (p.resources.length === 0) counts.plain++;
    else counts.withCalls++;
    if (p.resources.some((c) => c.op === 'allocate' && c.error === undefined)) counts.pooled++;
    return keepRepeat.call(this, p, task);
  };
  return counts;
}

function move(phase: Move['phase'], bump: Move['bump']): Move {
  // prettier-ignore
  return { phase, bump, reason: 'waiting', info: 'time', barrier: false, write: 'none', allocate: null, raw: false, log: false, metric: false, calls: 'none' };
}
