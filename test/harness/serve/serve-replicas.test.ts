// Two `plugbench serve` replicas sharing a real redis-server, driven by a gRPC client over the loopback address as
// FlytePropeller's connector plugin drives them: with round_robin load balancing consecutive calls of one task
// reach different replicas (flyteplugins go/tasks/plugins/webapi/connector/client.go, defaultServiceConfig).
// Quotas are Flyte's Redis resource manager (flytepropeller .../resourcemanager/redis_resourcemanager.go): one Redis
// set per namespace, shared by the replicas.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { TaskExecution_Phase as P } from '@plugbench/sdk';
import { startRedisServer, type RedisServer } from '../../support/redis-server';
import { ConnectorClient, countdownRequest, pollUntil } from './client';
import { startReplica, stopReplica, type Replica } from './replica';

const terminal = (r: { phase: number }) => [P.SUCCEEDED, P.FAILED, P.ABORTED, P.RETRYABLE_FAILED].includes(r.phase);
const keyOf = (meta: Uint8Array) => (JSON.parse(new TextDecoder().decode(meta)) as { key: string }).key;
const o0Of = (r: { outputs?: { literals: Record<string, { value: { case?: string; value?: unknown } }> } }) => {
  const v = r.outputs?.literals.o0?.value as
    { case: string; value: { value: { case: string; value: { value: { value: bigint } } } } } | undefined;
  return v?.case === 'scalar' && v.value.value.case === 'primitive' ? v.value.value.value.value.value : undefined;
};

describe('harness/serve: two replicas sharing Redis', function () {
  this.timeout(120_000);
  let redis: RedisServer;
  let db: Redis;
  let a: Replica | undefined;
  let b: Replica | undefined;
  let ca: ConnectorClient;
  let cb: ConnectorClient;
  let args: string[];

  const replica = () => startReplica(args);

  before(async () => {
    redis = await startRedisServer();
    db = new Redis(redis.url);
    const dir = mkdtempSync(path.join(tmpdir(), 'plugbench-serve-'));
    const config = path.join(dir, 'serve.yaml');
    writeFileSync(
      config,
      'leaseMs: 1500\nresyncMs: 100\nmaxWorkflowRetries: 2\nplugins:\n  createWebApiEntry: { caching: { resyncIntervalMs: 5000 } }\n',
    );
    args = [
      '--redis',
      redis.url,
      '--config',
      config,
      'examples/plugins/webapi.ts#createWebApiEntry',
      'test/harness/serve/plugins/countdown.ts',
    ];
    [a, b] = await Promise.all([replica(), replica()]);
    ca = new ConnectorClient(a.address);
    cb = new ConnectorClient(b.address);
  });
  after(async () => {
    ca?.close();
    cb?.close();
    await Promise.all([stopReplica(a), stopReplica(b)]);
    await db?.quit();
    await redis?.stop();
  });

  it('five webapi tasks under a quota of 2 never run more than 2 at a time across replicas, and all succeed', async () => {
    const metas: Uint8Array[] = [];
    for (let i = 0; i < 5; i++) {
      const client = i % 2 === 0 ? ca : cb;
      metas.push(
        await client.submit({
          type: 'toy-webapi',
          custom: { queuedSeconds: 0.2, durationSeconds: 1 },
          execution: `quota${i}`,
        }),
      );
    }
    let most = 0;
    const sampler = setInterval(
      () => void db.scard('redisresourcemanager:toy-webapi:default').then((n) => (most = Math.max(most, n))),
      10,
    );
    try {
      for (const [i, m] of metas.entries()) {
        // Read through the other replica: the state is shared.
        const { last } = await pollUntil(i % 2 === 0 ? cb : ca, m, terminal, { timeoutMs: 60_000 });
        assert.equal(last.phase, P.SUCCEEDED, last.message);
      }
    } finally {
      clearInterval(sampler);
    }
    assert.equal(most, 2, 'the quota of 2 was used in full, and never exceeded');
    assert.equal(await db.scard('redisresourcemanager:toy-webapi:default'), 0, 'every token was released');
  });

  it('CreateTask twice for one attempt, on two replicas, creates one execution', async () => {
    const req = countdownRequest('once', 200, 1);
    const [r1, r2] = await Promise.all([ca.createTask(req), cb.createTask(req)]);
    assert.deepEqual(r1.resourceMeta, r2.resourceMeta);
    const key = keyOf(r1.resourceMeta);
    const creates = [...a!.lines, ...b!.lines].filter((l) => l.includes(`create ${key}`));
    assert.equal(creates.length, 2);
    assert.equal(creates.filter((l) => l.includes('(exists: same execution)')).length, 1);
    assert.equal(o0Of((await pollUntil(cb, r1.resourceMeta, terminal)).last as never), 2n);
  });

  it('DeleteTask through the other replica aborts a running task and frees its token', async () => {
    const meta = await ca.submit({ type: 'countdown', custom: { durationMs: 60_000 }, execution: 'del' });
    await pollUntil(cb, meta, (r) => r.phase === P.RUNNING);
    assert.equal(await db.scard('redisresourcemanager:countdown:slots'), 1);
    await cb.deleteTask(meta);
    assert.equal((await ca.getTask(meta)).resource?.phase, P.ABORTED);
    assert.equal(await db.scard('redisresourcemanager:countdown:slots'), 0, 'Finalize released the token');
    await cb.deleteTask(meta);
  });

  it('a plugin that throws gives round errors, then ABORTED with a message, never a hung GetTask', async () => {
    const meta = await cb.submit({ type: 'countdown', custom: { throw: true }, execution: 'throws' });
    const { last } = await pollUntil(ca, meta, terminal);
    assert.ok([P.FAILED, P.ABORTED].includes(last.phase), P[last.phase]);
    assert.match(last.message, /max number of system retry attempts/);
  });

  it('killing the replica that drives a task mid-run does not lose it: the other takes over', async () => {
    const meta = (await ca.createTask(countdownRequest('kill', 2500, 50))).resourceMeta;
    const key = keyOf(meta);
    await pollUntil(cb, meta, (r) => r.phase === P.RUNNING);
    assert.ok(
      a!.lines.some((l) => l.includes(`round ${key}`)),
      'replica a drives it (it took the CreateTask)',
    );
    a!.kill('SIGKILL');
    await a!.exited;
    const { last } = await pollUntil(cb, meta, terminal, { timeoutMs: 30_000 });
    assert.equal(last.phase, P.SUCCEEDED, last.message);
    assert.equal(o0Of(last as never), 100n);
    assert.ok(
      b!.lines.some((l) => l.includes(`takeover ${key}`)),
      'replica b took it over',
    );
    assert.equal(await db.scard('redisresourcemanager:countdown:slots'), 0);
    a = undefined;
  });

  it('SIGTERM stops a replica cleanly (exit 0) and gives its leases back to the others', async () => {
    const c = await replica();
    const cc = new ConnectorClient(c.address);
    try {
      const meta = (await cc.createTask(countdownRequest('term', 1500, 3))).resourceMeta;
      await pollUntil(cb, meta, (r) => r.phase === P.RUNNING);
      c.kill('SIGTERM');
      assert.equal(await c.exited, 0);
      assert.ok(c.lines.some((l) => l.includes('SIGTERM: finishing the rounds in flight')));
      const { last } = await pollUntil(cb, meta, terminal, { timeoutMs: 30_000 });
      assert.equal(last.phase, P.SUCCEEDED, last.message);
      assert.equal(o0Of(last as never), 6n);
    } finally {
      cc.close();
      await stopReplica(c);
    }
  });
});
