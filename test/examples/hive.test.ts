// The Qubole Hive example (examples/plugins/hive.ts), driven by the real executor with the Redis resource manager:
// the state machine and phase table of Flyte's hive plugin (execution_state.go), one token per query against a cluster quota with project and
// project-domain caps, the secret, and Finalize always releasing.
import assert from 'node:assert/strict';
import {
  Executor,
  fromJson,
  LiteralMapSchema,
  readProtobuf,
  TaskTemplateSchema,
  type ExecutorOptions,
  type JsonObject,
  type PluginEntry,
} from '@plugbench/sdk';
import {
  createHiveEntry,
  createResourceConstraintsSpec,
  hiveEntry,
  resolveHiveConfig,
  type ClusterConfig,
  type QuboleHiveExecutor,
} from '../../examples/plugins/hive';
import { callKindsOf, callsOf, eventsOf, eventsWithReasonsOf, finishedOf, spy } from './support';

const TOKEN_ENV = { FLYTE_SECRET_FLYTE_QUBOLE_CLIENT_TOKEN: 'qubole-api-token' };

const iface = {
  inputs: { variables: { ds: { type: { simple: 'STRING' } } } },
  outputs: { variables: { results: { type: { schema: {} } } } },
};
const inputs = fromJson(LiteralMapSchema, {
  literals: { ds: { scalar: { primitive: { stringValue: '2024-01-01' } } } },
});
const hiveJob = (extra: JsonObject = {}, query = 'SELECT * FROM events WHERE ds = "{{ .inputs.ds }}"'): JsonObject => ({
  clusterLabel: '',
  query: { query, timeoutSec: 0 },
  tags: ['nightly'],
  ...extra,
});
const template = (custom: JsonObject = hiveJob()) =>
  fromJson(TaskTemplateSchema, {
    type: 'hive',
    id: { resourceType: 'TASK', project: 'flytesnacks', domain: 'development', name: 'daily-events', version: 'v1' },
    interface: iface,
    custom,
  });

async function setup(entry: PluginEntry = hiveEntry, options: Partial<ExecutorOptions> = {}) {
  const h = spy<QuboleHiveExecutor>(entry);
  const ex = await Executor.create({
    plugins: [h.entry],
    resourceManager: { type: 'redis' },
    secrets: { env: TOKEN_ENV },
    ...options,
  });
  return { ex, plugin: h.plugin, puts: h.puts };
}

/** A cluster with the labels given, a limit of 10 and no caps (both proportions 1), unless `over` says otherwise. */
const cluster = (primaryLabel: string, labels: string[], over: Partial<ClusterConfig> = {}): ClusterConfig => ({
  primaryLabel,
  labels,
  limit: 10,
  projectScopeQuotaProportionCap: 1,
  namespaceScopeQuotaProportionCap: 1,
  ...over,
});

describe('examples: Qubole Hive', () => {
  it('caps each cluster quota per project and project-domain: int64(limit x proportion)', () => {
    assert.deepEqual(createResourceConstraintsSpec(resolveHiveConfig(), 'default'), {
      projectScopeResourceConstraint: { value: 70 },
      namespaceScopeResourceConstraint: { value: 70 },
    });
    const cfg = resolveHiveConfig({
      clusterConfigs: [
        { primaryLabel: 'c', limit: 5, projectScopeQuotaProportionCap: 0.75, namespaceScopeQuotaProportionCap: 0.5 },
      ],
    });
    assert.deepEqual(createResourceConstraintsSpec(cfg, 'c'), {
      projectScopeResourceConstraint: { value: 3 },
      namespaceScopeResourceConstraint: { value: 2 },
    });
    assert.deepEqual(createResourceConstraintsSpec(cfg, 'unknown'), {});
  });

  it('happy path: QUEUED:0, RUNNING:0, RUNNING:1, SUCCEEDED:0; the query rendered from the inputs; Finalize releases', async () => {
    const { ex, plugin, puts } = await setup();
    const t0 = ex.clock.nowMs();
    ex.start({ id: 'h', template: template(), inputs });
    assert.equal((await ex.runUntil({ maxRounds: 100 })).reason, 'terminal');

    assert.deepEqual(eventsWithReasonsOf(ex, 'h'), [
      'QUEUED:0 Waiting for Qubole launch',
      'RUNNING:0',
      'RUNNING:1',
      'SUCCEEDED:0',
    ]);
    const handles = callsOf(ex, 'h').filter((c) => c.call === 'handle');
    // One step per round: token (t0), kick-off (t0, the round right after a change), monitoring deduplicated while the
    // query runs, the poll at the 30 s tick saw DONE (seen at 40 s), outputs written in the next round.
    assert.deepEqual(
      handles.map((c) => [(c.at - t0) / 1000, c.transition?.phase, c.transition?.version, c.decision?.code]),
      [
        [0, 'Queued', 0, 'event'],
        [0, 'Running', 0, 'event'],
        [0, 'Running', 0, 'dedup'],
        [10, 'Running', 0, 'dedup'],
        [20, 'Running', 0, 'dedup'],
        [30, 'Running', 0, 'dedup'],
        [40, 'Running', 1, 'event'],
        [40, 'Success', 0, 'event'],
      ],
    );
    for (const c of handles)
      assert.equal(
        c.state?.write && 'version' in c.state.write ? c.state.write.version : undefined,
        0,
        'state version 0',
      );
    assert.deepEqual(callKindsOf(ex, 'h'), [...handles.map(() => 'handle'), 'finalize']);

    const [cmd] = plugin().quboleClient.commands();
    assert.equal(cmd!.query, 'SELECT * FROM events WHERE ds = "2024-01-01"');
    assert.equal(cmd!.clusterLabel, 'default');
    // The task's tags, its namespace, then every label of the task execution (Flyte's own included).
    assert.deepEqual(cmd!.tags.slice(0, 2), ['nightly', 'ns:flytesnacks-development']);
    assert.ok(
      cmd!.tags.includes('project:flytesnacks') && cmd!.tags.includes('task-name:daily-events'),
      cmd!.tags.join(' '),
    );
    assert.equal(cmd!.status, 'DONE');
    const running = handles[1]!.events[0]!;
    assert.deepEqual(running.logs, [
      { name: `Status: PhaseSubmitted [${cmd!.id}]`, uri: `fake-qubole://command/${cmd!.id}` },
    ]);

    // WriteOutputFile round: one output `results`, a schema pointing at the raw output prefix, put in memory; the
    // executor commits it to the outputs.pb the SUCCEEDED event names (Go ValidateOutput).
    const success = handles.at(-1)!;
    const uri = success.events[0]!.outputUri!;
    assert.ok(uri.endsWith('/outputs.pb'));
    const readers = puts.get(ex.task('h').generatedName) ?? [];
    assert.equal(readers.length, 1);
    assert.equal(readers[0]!.isFile(), false);
    const outputs = await readProtobuf(ex.dataStore, uri, LiteralMapSchema);
    assert.deepEqual(outputs, (await readers[0]!.read()).outputs);
    const results = outputs.literals.results!.value;
    assert.ok(results.case === 'scalar' && results.value.value.case === 'schema');
    assert.match(results.value.value.value.uri, /^mem:\/\/.*\/raw/);

    const allocate = handles[0]!.resources[0]!;
    assert.deepEqual(
      [allocate.op, allocate.namespace, allocate.status, allocate.constraints],
      ['allocate', 'default', 'ResourceGranted', { project: 70, namespace: 70 }],
    );
    assert.equal(allocate.token, ex.task('h').generatedName);
    const release = callsOf(ex, 'h').at(-1)!.resources;
    assert.deepEqual(
      release.map((r) => [r.op, r.token, r.poolAfter]),
      [['release', allocate.token, { used: 0, quota: 100 }]],
    );
    assert.deepEqual(ex.pools()[0]!.holders, []);
  });

  it('a token per query against the cluster quota, with project and project-domain caps (limit 5, caps 0.75 and 0.5 -> 3 and 2)', async () => {
    const entry = createHiveEntry({
      clusterConfigs: [
        cluster('default', ['default'], {
          limit: 5,
          projectScopeQuotaProportionCap: 0.75,
          namespaceScopeQuotaProportionCap: 0.5,
        }),
      ],
    });
    const { ex } = await setup(entry);
    const tasks: Array<[string, string, string]> = [
      ['ad1', 'alpha', 'development'],
      ['ad2', 'alpha', 'development'],
      ['ad3', 'alpha', 'development'],
      ['ap1', 'alpha', 'production'],
      ['ap2', 'alpha', 'production'],
      ['bd1', 'beta', 'development'],
      ['bd2', 'beta', 'development'],
    ];
    for (const [id, project, domain] of tasks) {
      ex.start({
        id,
        template: template(hiveJob({ simulation: { durationSeconds: 60 } })),
        inputs,
        execution: { project, domain },
      });
    }
    const peak = { total: 0, alpha: 0, alphaDev: 0, beta: 0 };
    let steps = 0;
    while (await ex.step()) {
      assert.ok(++steps < 2000, 'the run should end');
      const holders = ex.pools()[0]!.holders;
      const count = (prefix: string) => holders.filter((h) => h.startsWith(prefix)).length;
      const now = {
        total: holders.length,
        alpha: count('ex:alpha:'),
        alphaDev: count('ex:alpha:development:'),
        beta: count('ex:beta:'),
      };
      assert.ok(
        now.total <= 5 && now.alpha <= 3 && now.alphaDev <= 2 && now.beta <= 3,
        `step ${steps}: ${JSON.stringify(now)}`,
      );
      for (const k of Object.keys(peak) as Array<keyof typeof peak>) peak[k] = Math.max(peak[k], now[k]);
    }
    assert.deepEqual(peak, { total: 5, alpha: 3, alphaDev: 2, beta: 2 });

    // The third alpha/development query is turned away by the project-domain cap while the pool still had room.
    const first = callsOf(ex, 'ad3')[0]!.resources[0]!;
    assert.equal(first.status, 'ResourceExhausted');
    assert.deepEqual(first.constraints, { project: 3, namespace: 2 });
    assert.match(first.reason ?? '', /constraint 1 \[ex:alpha:development\] value 2 reached/);
    assert.ok(first.poolAfter!.used < 5);
    // The second alpha/production query is turned away by the project cap (alpha holds 3).
    const ap2 = callsOf(ex, 'ap2')[0]!.resources[0]!;
    assert.equal(ap2.status, 'ResourceExhausted');
    assert.match(ap2.reason ?? '', /constraint 0 \[ex:alpha\] value 3 reached/);

    for (const [id] of tasks) {
      const events = eventsOf(ex, id);
      assert.equal(finishedOf(ex, id)?.nodePhase, 'Succeeded', id);
      assert.deepEqual(events.slice(-4), ['QUEUED:0', 'RUNNING:0', 'RUNNING:1', 'SUCCEEDED:0'], id);
      if (['ad3', 'ap2'].includes(id)) {
        // NotStarted is NotReady v0 (not WaitingForResources): the event phase is UNDEFINED, and repeats are deduplicated.
        assert.deepEqual(events, ['UNDEFINED:0', 'QUEUED:0', 'RUNNING:0', 'RUNNING:1', 'SUCCEEDED:0'], id);
        const waiting = callsOf(ex, id).filter((c) => c.transition?.phase === 'NotReady');
        assert.equal(waiting[0]!.transition?.reason, "Haven't received allocation token");
        assert.ok(waiting.slice(1).every((c) => c.decision?.code === 'dedup'));
      } else {
        assert.equal(events.length, 4, id);
      }
    }
    assert.deepEqual(ex.pools()[0]!.holders, [], 'every token released');
  });

  it('the secret missing: a round error that names the secret; aborted after too many, Abort fails, Finalize releases the token, and the best-effort cleanup ends the task (Go workflow/executor.go HandleAbortedWorkflow)', async () => {
    const { ex } = await setup(hiveEntry, { secrets: {}, maxWorkflowRetries: 2 });
    ex.start({ id: 's', template: template(), inputs });
    const outcome = await ex.runUntil({ maxRounds: 8 });
    assert.equal(outcome.reason, 'terminal');
    const calls = callsOf(ex, 's');
    assert.deepEqual(
      calls[0]!.events.map((e) => e.phase),
      ['QUEUED'],
    );
    const kick = calls[1]!;
    assert.equal(kick.decision?.code, 'round-error');
    assert.match(
      kick.error?.message ?? '',
      /RuntimeFailure: Failed to read token from secrets manager: the secret \[FLYTE_QUBOLE_CLIENT_TOKEN\]/,
    );
    assert.match(kick.error?.message ?? '', /secrets\.env\.FLYTE_SECRET_FLYTE_QUBOLE_CLIENT_TOKEN/);
    assert.equal(ex.task('s').pluginPhase, 'Queued', 'nothing of a failed round persists');
    // Three round errors (> 2) abort the workflow. Go's Abort reads the token first, so it fails; the executor
    // calls Finalize anyway, which releases the token. The failed attempts (3) are already past the limit (2), so the
    // cleanup runs once, as best effort, and the workflow ends: "Workflow abort failed".
    const aborts = calls.filter((c) => c.call === 'abort');
    assert.equal(aborts.length, 1);
    for (const a of aborts)
      assert.match(a.error?.message ?? '', /Error reading token in Abort: the secret \[FLYTE_QUBOLE_CLIENT_TOKEN\]/);
    const finalize = calls.find((c) => c.call === 'finalize')!;
    assert.deepEqual(
      finalize.resources.map((r) => [r.op, r.error]),
      [['release', undefined]],
    );
    assert.deepEqual(ex.pools()[0]!.holders, []);
    assert.equal(ex.task('s').nodePhase, 'Failed');
    assert.equal(ex.task('s').error?.code, 'Workflow abort failed');
  });

  it('the secret missing for two rounds only (injected): two round errors, then the query runs', async () => {
    const { ex, plugin } = await setup(hiveEntry, { faults: [{ kind: 'secret-missing', round: '2-3' }] });
    ex.start({ id: 's', template: template(), inputs });
    await ex.runUntil({ maxRounds: 100 });
    const codes = callsOf(ex, 's').map((c) => c.decision?.code);
    assert.deepEqual(codes.slice(0, 4), ['event', 'round-error', 'round-error', 'event']);
    assert.deepEqual(eventsOf(ex, 's'), ['QUEUED:0', 'RUNNING:0', 'RUNNING:1', 'SUCCEEDED:0']);
    assert.equal(plugin().quboleClient.commands().length, 1);
  });

  it('failed submissions: the Queued version is the creation failure count (QUEUED:1, QUEUED:2 make the count stick)', async () => {
    const { ex, plugin } = await setup();
    ex.start({ id: 'c', template: template(hiveJob({ simulation: { createFailures: 2 } })), inputs });
    await ex.runUntil({ maxRounds: 100 });
    assert.deepEqual(eventsOf(ex, 'c'), ['QUEUED:0', 'QUEUED:1', 'QUEUED:2', 'RUNNING:0', 'RUNNING:1', 'SUCCEEDED:0']);
    assert.deepEqual(
      plugin()
        .quboleClient.calls.filter((c) => c.op === 'execute')
        .map((c) => c.error === undefined),
      [false, false, true],
    );
  });

  it('more than 5 failed submissions: a SYSTEM retryable QuboleFailure, retried with a new generated name, then exhausted', async () => {
    const { ex } = await setup(hiveEntry, { maxSystemRetries: 1 });
    ex.start({ id: 'c', template: template(hiveJob({ simulation: { createFailures: 100 } })), inputs });
    await ex.runUntil({ maxRounds: 200 });
    const events = eventsOf(ex, 'c');
    const attempt = ['QUEUED:0', 'QUEUED:1', 'QUEUED:2', 'QUEUED:3', 'QUEUED:4', 'QUEUED:5', 'FAILED:0'];
    assert.deepEqual(events, [...attempt, 'ABORTED:0', ...attempt]);
    const failures = callsOf(ex, 'c')
      .flatMap((c) => c.events)
      .filter((e) => e.phase === 'FAILED');
    assert.deepEqual(failures[0]!.err, {
      code: 'QuboleFailure',
      message: 'Too many creation attempts',
      kind: 'SYSTEM',
    });
    const names = new Set(callsOf(ex, 'c').map((c) => c.generatedName));
    assert.equal(names.size, 2);
    const fin = finishedOf(ex, 'c')!;
    assert.equal(fin.nodePhase, 'Failed');
    assert.equal(fin.err?.code, 'RetriesExhausted|QuboleFailure');
    assert.deepEqual(ex.pools()[0]!.holders, []);
  });

  it('a query that ends in ERROR: RetryableFailure DownstreamSystemError (USER); Abort skipped (terminal), Finalize releases', async () => {
    const { ex } = await setup();
    ex.start({ id: 'e', template: template(hiveJob({ simulation: { outcome: 'ERROR' } })), inputs });
    await ex.runUntil({ maxRounds: 100 });
    assert.deepEqual(eventsOf(ex, 'e'), ['QUEUED:0', 'RUNNING:0', 'FAILED:0']);
    const failed = callsOf(ex, 'e')
      .flatMap((c) => c.events)
      .find((e) => e.phase === 'FAILED')!;
    assert.deepEqual(failed.err, { code: 'DownstreamSystemError', message: 'Query failed', kind: 'USER' });
    const abort = callsOf(ex, 'e').find((c) => c.call === 'abort')!;
    assert.match(abort.skipped ?? '', /terminal/);
    assert.equal(finishedOf(ex, 'e')?.err?.code, 'RetriesExhausted|DownstreamSystemError');
    assert.deepEqual(ex.pools()[0]!.holders, []);
  });

  it('a query longer than its timeout is stopped by the service with an error', async () => {
    const { ex } = await setup();
    ex.start({
      id: 't',
      template: template({
        ...hiveJob(),
        query: { query: 'SELECT 1', timeoutSec: 20 },
        simulation: { durationSeconds: 600 },
      }),
      inputs,
    });
    await ex.runUntil({ maxRounds: 100 });
    assert.deepEqual(eventsOf(ex, 't'), ['QUEUED:0', 'RUNNING:0', 'FAILED:0']);
  });

  it('abort while the query runs: KillCommand, then Finalize releases the token; ABORTED last', async () => {
    const { ex, plugin } = await setup();
    ex.start({ id: 'a', template: template(hiveJob({ simulation: { durationSeconds: 600 } })), inputs });
    await ex.runUntil({ maxRounds: 5 });
    assert.equal(ex.task('a').pluginPhase, 'Running');
    ex.abort('a', 'user asked');
    await ex.runUntil({ maxRounds: 10 });
    assert.deepEqual(callKindsOf(ex, 'a').slice(-2), ['abort', 'finalize']);
    assert.deepEqual(
      plugin()
        .quboleClient.commands()
        .map((c) => [c.status, c.killed]),
      [['CANCELLED', true]],
    );
    assert.equal(eventsOf(ex, 'a').at(-1), 'ABORTED:0');
    assert.equal(finishedOf(ex, 'a')?.nodePhase, 'Aborted');
    assert.deepEqual(ex.pools()[0]!.holders, []);
  });

  it('a query naming an input that does not exist: a round error at allocation (Go renders the query to find the cluster)', async () => {
    const { ex } = await setup();
    ex.start({ id: 'm', template: template(hiveJob({}, 'SELECT {{ .inputs.nope }}')), inputs });
    await ex.runUntil({ maxRounds: 2 });
    const first = callsOf(ex, 'm')[0]!;
    assert.equal(first.decision?.code, 'round-error');
    assert.match(
      first.error?.message ?? '',
      /ResourceManagerFailure: Error getting query info when requesting allocation token .*: requested input is not found \[nope\]/,
    );
  });

  it('a template without a query: BadTaskSpecification, a round error', async () => {
    const { ex } = await setup();
    ex.start({ id: 'q', template: template({ tags: [] }), inputs });
    await ex.runUntil({ maxRounds: 1 });
    assert.match(callsOf(ex, 'q')[0]!.error?.message ?? '', /BadTaskSpecification: Query could not be found/);
  });

  it('the cluster: the task label mapped to a primary label, else the project-domain mapping, else the default', async () => {
    const entry = createHiveEntry({
      clusterConfigs: [cluster('default', ['default']), cluster('big', ['adhoc', 'large'])],
      destinationClusterConfigs: [{ project: 'etl', domain: 'production', clusterLabel: 'large' }],
    });
    const { ex, plugin } = await setup(entry);
    ex.start({ id: 'label', template: template(hiveJob({ clusterLabel: 'adhoc' })), inputs });
    ex.start({ id: 'dest', template: template(), inputs, execution: { project: 'etl', domain: 'production' } });
    ex.start({ id: 'unknown', template: template(hiveJob({ clusterLabel: 'nope' })), inputs });
    await ex.runUntil({ maxRounds: 200 });
    const ns = (id: string) => callsOf(ex, id)[0]!.resources[0]!.namespace;
    assert.deepEqual([ns('label'), ns('dest'), ns('unknown')], ['big', 'big', 'default']);
    assert.deepEqual(
      plugin()
        .quboleClient.commands()
        .map((c) => c.clusterLabel),
      ['big', 'big', 'default'],
    );
    assert.deepEqual(
      ex.pools().map((p) => p.holders.length),
      [0, 0],
    );
  });

  it("Handle is idempotent except where Flyte's is not, and Abort/Finalize survive being called twice (contract checks)", async () => {
    const { ex } = await setup(hiveEntry, { checks: { replayHandle: true, repeatCleanup: true } });
    ex.start({ id: 'h', template: template(), inputs });
    ex.start({ id: 'k', template: template(hiveJob({ simulation: { durationSeconds: 600 } })), inputs });
    await ex.runUntil({ maxRounds: 5 });
    ex.abort('k');
    await ex.runUntil({ maxRounds: 100 });
    // Flyte's Hive plugin (go/tasks/plugins/hive/execution_state.go KickOffQuery) submits a command whenever Handle runs on the
    // Queued state, so a replay of the kick-off round submits a second one: the check names it by its log link.
    // Every other round replays the same.
    const differing = callsOf(ex).filter((c) => c.replay !== undefined && !c.replay.same);
    assert.deepEqual(
      differing.map((c) => c.task),
      ['h', 'k'],
    );
    for (const c of differing) {
      assert.equal(c.replay!.transition?.phase, c.transition?.phase);
      assert.notDeepEqual(c.replay!.transition?.info?.logs, c.transition?.info?.logs, 'another command id');
    }
    for (const c of callsOf(ex))
      if (c.repeat) assert.equal(c.repeat.ok, true, `${c.task} ${c.call}: ${JSON.stringify(c.repeat)}`);
    assert.equal(finishedOf(ex, 'h')?.nodePhase, 'Succeeded');
    assert.equal(finishedOf(ex, 'k')?.nodePhase, 'Aborted');
  });
});
