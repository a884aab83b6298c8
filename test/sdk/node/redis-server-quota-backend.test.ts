// Flyte's Redis resource manager against a real redis-server (flytepropeller/pkg/controller/nodes/task/
// resourcemanager/redis_resourcemanager.go: RedisResourceManager.AllocateResource, ReleaseResource; its keys are the
// fully qualified namespaces, its members the fully qualified tokens). Every decision is compared with the in-memory
// port (RedisQuotaBackend), and fixtures that use the Redis manager give their golden timelines byte for byte.
import assert from 'node:assert/strict';
import path from 'node:path';
import { Redis } from 'ioredis';
import { AllocationStatus, RedisQuotaBackend, ResourceNotFoundError, type PrefixConstraint } from '@plugbench/sdk';
import { RedisServerQuotaBackend } from '@plugbench/sdk/node';
import { runFixture } from '@plugbench/harness';
import { loadFixture } from '@plugbench/harness/fixture';
import { startRedisServer, type RedisServer } from '../../support/redis-server';

const NS = 'redisresourcemanager:webapi:default';
const examples = path.resolve(__dirname, '../../../examples/fixtures');

/** A small deterministic generator, so that a failing sequence can be replayed from its seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('sdk/node: RedisServerQuotaBackend against a real redis-server', function () {
  let server: RedisServer;
  let client: Redis;
  before(async () => {
    server = await startRedisServer();
    client = new Redis(server.url);
  });
  after(async () => {
    await client?.quit();
    await server?.stop();
  });
  beforeEach(async () => {
    await client.flushdb();
  });

  it('keeps the tokens in the Redis set named after the namespace, as Go does (SADD, SREM)', async () => {
    const b = new RedisServerQuotaBackend({ client });
    b.registerResourceQuota(NS, 3);
    assert.equal(await b.allocate(NS, 'ex:p:d:e-a', []), AllocationStatus.Granted);
    assert.equal(await b.allocate(NS, 'ex:p:d:e-b', []), AllocationStatus.Granted);
    assert.deepEqual((await client.smembers(NS)).sort(), ['ex:p:d:e-a', 'ex:p:d:e-b']);
    await b.release(NS, 'ex:p:d:e-a');
    assert.deepEqual(await client.smembers(NS), ['ex:p:d:e-b']);
    assert.deepEqual(b.usage(NS), { used: 1, quota: 3 });
  });

  it('throws ResourceNotFoundError for an unregistered namespace, after SREM on release (Go order)', async () => {
    const b = new RedisServerQuotaBackend({ client });
    await client.sadd('other', 'x');
    await assert.rejects(b.allocate('other', 'y', []), ResourceNotFoundError);
    await assert.rejects(b.release('other', 'x'), ResourceNotFoundError);
    assert.deepEqual(await client.smembers('other'), [], 'SREM ran before the namespace check, as in Go');
  });

  for (const quirks of [
    { prefixCollision: true, nonPositiveValueRejects: true },
    { prefixCollision: false, nonPositiveValueRejects: false },
  ]) {
    it(`decides every call as the in-memory port does (random sequence, quirks ${JSON.stringify(quirks)})`, async () => {
      const random = rng(quirks.prefixCollision ? 7 : 11);
      const memory = new RedisQuotaBackend({ quirks });
      const real = new RedisServerQuotaBackend({ client, quirks });
      for (const b of [memory, real]) b.registerResourceQuota(NS, 4);
      const projects = ['flyte', 'flytesnacks', 'other'];
      const domains = ['dev', 'development'];
      for (let i = 0; i < 300; i++) {
        const project = projects[Math.floor(random() * projects.length)]!;
        const domain = domains[Math.floor(random() * domains.length)]!;
        const token = `ex:${project}:${domain}:wf${Math.floor(random() * 4)}-n${Math.floor(random() * 3)}`;
        if (random() < 0.35) {
          memory.release(NS, token);
          await real.release(NS, token);
        } else {
          const constraints: PrefixConstraint[] = [];
          if (random() < 0.5)
            constraints.push({ targetedPrefix: `ex:${project}`, value: Math.floor(random() * 4) - 1 });
          if (random() < 0.5)
            constraints.push({ targetedPrefix: `ex:${project}:${domain}`, value: Math.floor(random() * 3) });
          const expected = memory.allocateWithReason(NS, token, constraints);
          assert.deepEqual(
            await real.allocateWithReason(NS, token, constraints),
            expected,
            `call ${i}: allocate ${token}`,
          );
        }
        assert.deepEqual(
          (await client.smembers(NS)).sort(),
          [...memory.pool(NS)!.holders].sort(),
          `call ${i}: the Redis set`,
        );
        assert.deepEqual(real.pool(NS), memory.pool(NS), `call ${i}: the snapshot`);
        assert.deepEqual(real.usage(NS), memory.usage(NS), `call ${i}: the usage`);
      }
    });
  }

  it('holds a quota of 2 across two processes allocating at once (one script per allocation)', async () => {
    const second = new Redis(server.url);
    try {
      const a = new RedisServerQuotaBackend({ client });
      const b = new RedisServerQuotaBackend({ client: second });
      for (const x of [a, b]) x.registerResourceQuota(NS, 2);
      const tokens = Array.from({ length: 10 }, (_, i) => `ex:p:d:e-${i}`);
      const results = await Promise.all(tokens.map((t, i) => (i % 2 === 0 ? a : b).allocate(NS, t, [])));
      assert.equal(results.filter((r) => r === AllocationStatus.Granted).length, 2);
      assert.equal(await client.scard(NS), 2);
    } finally {
      await second.quit();
    }
  });

  for (const name of ['hive-constraints', 'athena-quota', 'webapi-quota', 'webapi-retry-and-abort']) {
    it(`runs fixture ${name} against Redis with its golden timeline, byte for byte`, async () => {
      const loaded = await loadFixture(path.join(examples, `${name}.fixture.yaml`));
      assert.equal(loaded.fixture.executor?.resourceManager?.type, 'redis');
      const backend = new RedisServerQuotaBackend({ client });
      loaded.fixture.executor!.resourceManager = { ...loaded.fixture.executor!.resourceManager, backend } as never;
      const result = await runFixture(loaded);
      assert.deepEqual(result.problems, []);
      assert.equal(result.golden?.status, 'matched');
      assert.ok(backend.pools().length > 0, 'the plugin registered its quota with the Redis backend');
      assert.equal(result.passed, true);
    });
  }

  it('runs a fixture whose resourceManager names a url against that Redis, and closes the connection after', async () => {
    const loaded = await loadFixture(path.join(examples, 'webapi-quota.fixture.yaml'));
    loaded.fixture.executor!.resourceManager = { ...loaded.fixture.executor!.resourceManager, url: server.url };
    const used: string[] = [];
    const monitor = await client.monitor();
    monitor.on('monitor', (_t: number, args: string[]) => used.push(args[0]!.toLowerCase()));
    const result = await runFixture(loaded);
    await new Promise((resolve) => setTimeout(resolve, 100));
    monitor.disconnect();
    assert.deepEqual(result.problems, []);
    assert.equal(result.golden?.status, 'matched');
    assert.ok(
      used.includes('evalsha') || used.includes('eval'),
      `the allocations went to Redis: ${[...new Set(used)].join(', ')}`,
    );
    assert.ok(used.includes('quit'), 'the fixture run closed its connection');
  });
});
