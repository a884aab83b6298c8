// `plugbench serve` in one process, state in memory, driven by a gRPC client over the loopback address as
// FlytePropeller's connector plugin calls it (flyteplugins go/tasks/plugins/webapi/connector/plugin.go: Create,
// Get, Delete, Status; client.go getConnectorRegistry for ListAgents).
import assert from 'node:assert/strict';
import { status as Status } from '@grpc/grpc-js';
import { TaskExecution_Phase as P } from '@plugbench/sdk';
import { startServe, ServingStatus, type ServeHandle } from '@plugbench/harness/serve';
import { createWebApiEntry } from '../../../examples/plugins/webapi';
import { COUNTDOWN_INTERFACE, ConnectorClient, createRequest, pollUntil } from './client';
import { contextEchoEntry, ECHO_INTERFACE } from './plugins/context-echo';
import { countdownEntry } from './plugins/countdown';

const terminal = (r: { phase: number }) => [P.SUCCEEDED, P.FAILED, P.ABORTED, P.RETRYABLE_FAILED].includes(r.phase);
const x = (n: number) => ({ literals: { x: { scalar: { primitive: { integer: String(n) } } } } });

describe('harness/serve: the connector service in memory', function () {
  this.timeout(60_000);
  let server: ServeHandle;
  let client: ConnectorClient;
  const log: string[] = [];

  before(async () => {
    server = await startServe({
      plugins: [countdownEntry, createWebApiEntry({ caching: { resyncIntervalMs: 5000 } }), contextEchoEntry],
      port: 0,
      resyncMs: 50,
      tickMs: 10,
      maxWorkflowRetries: 2,
      log: (l) => log.push(l),
    });
    client = new ConnectorClient(server.address);
  });
  after(async () => {
    client?.close();
    await server?.close();
  });

  it('answers health SERVING for "" and each service name', async () => {
    for (const s of ['', 'flyteidl.service.AsyncAgentService', 'flyteidl.service.AgentMetadataService']) {
      assert.equal((await client.health(s)).status, ServingStatus.SERVING, s);
    }
  });

  it('lists one agent per plugin with its task types as categories (and the deprecated types), not sync', async () => {
    const agents = (await client.listAgents()).agents;
    assert.deepEqual(
      agents.map((a) => [
        a.name,
        a.isSync,
        a.supportedTaskTypes,
        a.supportedTaskCategories.map((c) => [c.name, c.version]),
      ]),
      [
        ['countdown', false, ['countdown'], [['countdown', 0]]],
        ['toy-webapi', false, ['toy-webapi'], [['toy-webapi', 0]]],
        ['context-echo', false, ['context-echo'], [['context-echo', 0]]],
      ],
    );
    assert.equal((await client.getAgent('countdown')).agent?.name, 'countdown');
    await assert.rejects(client.getAgent('nope'), (e: { code: number }) => e.code === Status.NOT_FOUND);
  });

  it('runs a task to SUCCEEDED with its outputs, log links and custom_info; never UNDEFINED', async () => {
    const meta = await client.submit({
      type: 'countdown',
      custom: { durationMs: 300 },
      execution: 'ok1',
      inputs: x(21),
      typedInterface: COUNTDOWN_INTERFACE,
    });
    assert.deepEqual(JSON.parse(new TextDecoder().decode(meta)).v, 1);
    const running = await pollUntil(client, meta, (r) => r.phase === P.RUNNING);
    assert.equal(running.last.logLinks[0]?.name, 'countdown');
    assert.equal(typeof running.last.customInfo?.startedAtMs, 'number');
    const { last, phases } = await pollUntil(client, meta, terminal);
    assert.equal(last.phase, P.SUCCEEDED, last.message);
    assert.ok(!phases.includes(P.UNDEFINED), `phases ${phases}`);
    assert.equal(last.outputs?.literals.o0?.value.case, 'scalar');
    const o0 = last.outputs!.literals.o0!.value;
    assert.equal(
      o0.case === 'scalar' && o0.value.value.case === 'primitive' ? o0.value.value.value.value.value : undefined,
      42n,
    );
  });

  // Flyte's connector plugin sends these fields from the task context (flyteplugins go/tasks/plugins/webapi/connector
  // plugin.go Create: OutputPrefix from OutputWriter().GetOutputPrefixPath(); buildTaskExecutionMetadata: Namespace,
  // EnvironmentVariables from TaskExecutionMetadata); a plugin behind plugbench serve sees them as it would in Flyte.
  it("a plugin sees the request's namespace, environment variables and output prefix", async () => {
    const prefix = 's3://my-bucket/metadata/echo1/n0/0';
    const meta = await client.submit({
      type: 'context-echo',
      execution: 'echo1',
      typedInterface: ECHO_INTERFACE,
      namespace: 'team-a-production',
      environmentVariables: { FOO: 'bar', FLYTE_INTERNAL_X: '1' },
      outputPrefix: prefix,
    });
    const { last } = await pollUntil(client, meta, terminal);
    assert.equal(last.phase, P.SUCCEEDED, last.message);
    const v = last.outputs?.literals.seen?.value;
    const text =
      v?.case === 'scalar' && v.value.value.case === 'primitive' && v.value.value.value.value.case === 'stringValue'
        ? v.value.value.value.value.value
        : undefined;
    assert.deepEqual(JSON.parse(text ?? 'null'), {
      namespace: 'team-a-production',
      environmentVariables: { FOO: 'bar', FLYTE_INTERNAL_X: '1' },
      outputPrefix: prefix,
      outputPath: `${prefix}/outputs.pb`,
      errorPath: `${prefix}/error.pb`,
    });
  });

  it('creates one execution for a repeated CreateTask of the same attempt, another for the next attempt', async () => {
    const req = createRequest({ type: 'countdown', custom: { durationMs: 100 }, execution: 'twice' });
    const a = await client.createTask(req);
    const b = await client.createTask(req);
    assert.deepEqual(a.resourceMeta, b.resourceMeta);
    assert.equal(log.filter((l) => l.startsWith('create ') && l.includes('/twice/')).length, 2);
    assert.equal(log.filter((l) => l.includes('/twice/') && l.includes('(exists: same execution)')).length, 1);
    const c = await client.createTask(
      createRequest({ type: 'countdown', custom: { durationMs: 100 }, execution: 'twice', attempt: 1 }),
    );
    assert.notDeepEqual(c.resourceMeta, a.resourceMeta);
    for (const m of [a.resourceMeta, c.resourceMeta])
      assert.equal((await pollUntil(client, m, terminal)).last.phase, P.SUCCEEDED);
  });

  it('DeleteTask aborts a running task, frees its token for a waiting one, and is idempotent', async () => {
    const long = { type: 'countdown', custom: { durationMs: 60_000 } };
    const m1 = await client.submit({ ...long, execution: 'del1' });
    const m2 = await client.submit({ ...long, execution: 'del2' });
    for (const m of [m1, m2]) await pollUntil(client, m, (r) => r.phase === P.RUNNING);
    const m3 = await client.submit({ type: 'countdown', custom: { durationMs: 100 }, execution: 'del3' });
    await pollUntil(client, m3, (r) => r.phase === P.WAITING_FOR_RESOURCES);
    await client.deleteTask(m1);
    assert.equal((await client.getTask(m1)).resource?.phase, P.ABORTED);
    assert.equal(
      (await pollUntil(client, m3, terminal)).last.phase,
      P.SUCCEEDED,
      'the freed token went to the waiting task',
    );
    await client.deleteTask(m1);
    await client.deleteTask(m2);
    assert.equal((await client.getTask(m2)).resource?.phase, P.ABORTED);
    await client.deleteTask(new TextEncoder().encode(JSON.stringify({ v: 1, key: 'f'.repeat(40) })));
  });

  it('a plugin that throws gives round errors, then a terminal phase with a message: GetTask never hangs', async () => {
    const meta = await client.submit({ type: 'countdown', custom: { throw: true }, execution: 'throws' });
    const seen: string[] = [];
    const { last } = await pollUntil(client, meta, (r) => {
      seen.push(r.message);
      return terminal(r);
    });
    assert.ok([P.FAILED, P.ABORTED].includes(last.phase), `phase ${P[last.phase]}`);
    assert.match(last.message, /max number of system retry attempts|always throws/);
    assert.ok(
      seen.some((m) => /round error \d+: .*always throws/.test(m)),
      `messages seen: ${[...new Set(seen)].join(' | ')}`,
    );
  });

  it('runs five webapi tasks under the plugin quota of 2 to SUCCEEDED', async () => {
    const metas = [];
    for (let i = 0; i < 5; i++) {
      metas.push(
        await client.submit({
          type: 'toy-webapi',
          custom: { queuedSeconds: 0.1, durationSeconds: 0.3 },
          execution: `web${i}`,
        }),
      );
    }
    for (const m of metas) {
      const { last } = await pollUntil(client, m, terminal);
      assert.equal(last.phase, P.SUCCEEDED, last.message);
    }
  });

  it('answers GetTaskMetrics UNIMPLEMENTED, GetTask of an unknown key NOT_FOUND, a foreign resource_meta INVALID_ARGUMENT', async () => {
    const unknown = new TextEncoder().encode(JSON.stringify({ v: 1, key: '0'.repeat(40) }));
    await assert.rejects(client.getTaskMetrics(unknown), (e: { code: number }) => e.code === Status.UNIMPLEMENTED);
    await assert.rejects(client.getTask(unknown), (e: { code: number }) => e.code === Status.NOT_FOUND);
    await assert.rejects(
      client.getTask(new TextEncoder().encode('job-123')),
      (e: { code: number }) => e.code === Status.INVALID_ARGUMENT,
    );
  });
});
