// Flyte's default resource manager, resourcemanager/noop_resourcemanager.go, with observable pools.
import assert from 'node:assert/strict';
import {
  AllocationStatus,
  NoopQuotaBackend,
  ResourceManagerID,
  createQuotaBackend,
  RedisQuotaBackend,
} from '@plugbench/sdk';

const NS = 'noopresourcemanager:webapi:default';

describe('executor/resource: NoopQuotaBackend', () => {
  it('has Go NoopResourceManagerID as id', () => {
    assert.equal(new NoopQuotaBackend().id, 'noopresourcemanager');
    assert.equal(new NoopQuotaBackend().id, ResourceManagerID.Noop);
  });

  it('registers anything: invalid quotas and repeated namespaces included; the last quota is shown', () => {
    const b = new NoopQuotaBackend();
    for (const q of [0, -5, 1e9, 1.5]) b.registerResourceQuota(NS, q);
    assert.deepEqual(b.pools(), [{ namespace: NS, quota: 1.5, holders: [], waiting: [] }]);
  });

  it('grants everything, over quota and whatever the constraints, and never rejects', () => {
    const b = new NoopQuotaBackend();
    b.registerResourceQuota(NS, 1);
    for (const t of ['a', 'b', 'c']) {
      assert.equal(
        b.allocate(NS, t, [
          { targetedPrefix: '', value: 0 },
          { targetedPrefix: 'ex', value: -1 },
        ]),
        AllocationStatus.Granted,
      );
    }
    assert.deepEqual(b.pool(NS), { namespace: NS, quota: 1, holders: ['a', 'b', 'c'], waiting: [] });
    assert.deepEqual(b.usage(NS), { used: 3, quota: 1 });
    assert.deepEqual(b.allocateWithReason(NS, 'a', []), {
      status: AllocationStatus.Granted,
      reason: 'noop resource manager grants every allocation',
    });
  });

  it('grants in a namespace nobody registered, and shows it as a pool with quota null', () => {
    const b = new NoopQuotaBackend();
    assert.equal(b.allocate('never-registered', 't', []), AllocationStatus.Granted);
    assert.deepEqual(b.pools(), [{ namespace: 'never-registered', quota: null, holders: ['t'], waiting: [] }]);
    assert.deepEqual(b.usage('never-registered'), { used: 1, quota: null });
    b.registerResourceQuota('never-registered', 4);
    assert.equal(b.pool('never-registered')!.quota, 4);
  });

  it('releases anything without error, removing the holder if there is one', () => {
    const b = new NoopQuotaBackend();
    b.allocate(NS, 'a', []);
    b.allocate(NS, 'b', []);
    b.release(NS, 'a');
    b.release(NS, 'unknown');
    b.release('unknown-namespace', 'x');
    assert.deepEqual(b.pools(), [{ namespace: NS, quota: null, holders: ['b'], waiting: [] }]);
    assert.equal(b.pool('unknown-namespace'), undefined);
  });
});

describe('executor/resource: createQuotaBackend', () => {
  it('builds noop by default, redis with its options', () => {
    assert.ok(createQuotaBackend() instanceof NoopQuotaBackend);
    assert.ok(createQuotaBackend({ type: 'noop', maxQuota: 5 }) instanceof NoopQuotaBackend);
    const redis = createQuotaBackend({ type: 'redis', maxQuota: 5, quirks: { prefixCollision: false } });
    assert.ok(redis instanceof RedisQuotaBackend);
    assert.equal(redis.maxQuota, 5);
    assert.deepEqual(redis.quirks, { prefixCollision: false, nonPositiveValueRejects: true });
  });
});
