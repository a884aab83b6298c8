// The in-memory port of Flyte's Redis resource manager (resourcemanager/redis_resourcemanager.go).
import assert from 'node:assert/strict';
import {
  AllocationStatus,
  InvalidArgumentError,
  ResourceNotFoundError,
  DEFAULT_RESOURCE_MAX_QUOTA,
  RedisQuotaBackend,
  ResourceManagerID,
  type PrefixConstraint,
} from '@plugbench/sdk';

const NS = 'redisresourcemanager:webapi:default';
const { Granted, Exhausted } = AllocationStatus;

function backend(quota = 10, options?: ConstructorParameters<typeof RedisQuotaBackend>[0]): RedisQuotaBackend {
  const b = new RedisQuotaBackend(options);
  b.registerResourceQuota(NS, quota);
  return b;
}
const tok = (project: string, domain: string, name: string) => `ex:${project}:${domain}:${name}-t`;
const project = (p: string, value: number): PrefixConstraint => ({ targetedPrefix: `ex:${p}`, value });
const namespace = (p: string, d: string, value: number): PrefixConstraint => ({
  targetedPrefix: `ex:${p}:${d}`,
  value,
});

describe('executor/resource: RedisQuotaBackend registration', () => {
  it('has Go RedisSetKeyPrefix as id and 1000 as default max quota', () => {
    const b = new RedisQuotaBackend();
    assert.equal(b.id, 'redisresourcemanager');
    assert.equal(b.id, ResourceManagerID.Redis);
    assert.equal(b.maxQuota, 1000);
    assert.equal(DEFAULT_RESOURCE_MAX_QUOTA, 1000);
    assert.deepEqual(b.quirks, { prefixCollision: true, nonPositiveValueRejects: true });
  });

  it('accepts 0 < quota <= maxQuota', () => {
    const b = new RedisQuotaBackend();
    b.registerResourceQuota('a', 1);
    b.registerResourceQuota('b', 1000);
    assert.deepEqual(
      b.pools().map((p) => [p.namespace, p.quota]),
      [
        ['a', 1],
        ['b', 1000],
      ],
    );
  });

  for (const bad of [0, -1, 1001, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
    it(`refuses quota ${bad} with Go's message and what was expected`, () => {
      const b = new RedisQuotaBackend();
      assert.throws(
        () => b.registerResourceQuota('ns', bad),
        (e: unknown) =>
          e instanceof InvalidArgumentError &&
          e.code === 'InvalidArgument' &&
          e.message ===
            `Invalid request for resource quota (<= 0 || > 1000): [${bad}] for namespace [ns]; expected an integer with 0 < quota <= 1000`,
      );
      assert.deepEqual(b.pools(), []);
    });
  }

  it('refuses a namespace registered twice, after the quota check (Go order)', () => {
    const b = new RedisQuotaBackend();
    b.registerResourceQuota('ns', 3);
    assert.throws(
      () => b.registerResourceQuota('ns', 5),
      (e: unknown) =>
        e instanceof InvalidArgumentError &&
        e.message === 'Resource namespace already exists [ns]; expected each namespace to be registered once',
    );
    assert.throws(() => b.registerResourceQuota('ns', 0), /Invalid request for resource quota/);
    assert.equal(b.pool('ns')!.quota, 3, 'the first registration stands');
  });

  it('takes a configurable maxQuota (a pool of 100,000 needs one)', () => {
    const b = new RedisQuotaBackend({ maxQuota: 100_000 });
    b.registerResourceQuota('big', 100_000);
    assert.throws(() => b.registerResourceQuota('bigger', 100_001), /\(<= 0 \|\| > 100000\): \[100001\]/);
    const unbounded = new RedisQuotaBackend({ maxQuota: Number.POSITIVE_INFINITY });
    unbounded.registerResourceQuota('huge', 10_000_000);
    for (const bad of [0, -1, 2.5, Number.NaN]) {
      assert.throws(
        () => new RedisQuotaBackend({ maxQuota: bad }),
        (e: unknown) =>
          e instanceof InvalidArgumentError &&
          e.message === `Invalid resource max quota [${bad}]: expected a positive integer or Infinity`,
      );
    }
  });
});

describe('executor/resource: RedisQuotaBackend allocation', () => {
  it('throws ResourceNotFoundError for an unregistered namespace, as Go getResource', () => {
    const b = backend();
    assert.throws(
      () => b.allocate('redisresourcemanager:webapi:nope', tok('p', 'd', 'e'), []),
      (e: unknown) =>
        e instanceof ResourceNotFoundError &&
        e.code === 'ResourceNotFound' &&
        e.message.startsWith(
          'Requested resource [redisresourcemanager:webapi:nope] not found in namespacedResourceMap',
        ),
    );
    assert.equal(b.pool('redisresourcemanager:webapi:nope'), undefined);
  });

  it('grants while quota > held, then Exhausted; never NamespaceQuotaExceeded', () => {
    const b = backend(2);
    assert.equal(b.allocate(NS, 'a', []), Granted);
    assert.equal(b.allocate(NS, 'b', []), Granted);
    assert.equal(b.allocate(NS, 'c', []), Exhausted);
    assert.deepEqual(b.pool(NS), { namespace: NS, quota: 2, holders: ['a', 'b'], waiting: ['c'] });
    assert.deepEqual(b.usage(NS), { used: 2, quota: 2 });
  });

  it('re-grants a token already held, even with the pool full and a constraint it would fail', () => {
    const b = backend(1);
    const t = tok('p', 'd', 'e');
    assert.equal(b.allocate(NS, t, []), Granted);
    assert.equal(b.allocate(NS, t, [project('p', 1), namespace('p', 'd', 0)]), Granted);
    assert.equal(b.allocate(NS, 'other', []), Exhausted);
    assert.deepEqual(b.pool(NS)!.holders, [t]);
    assert.match(
      b.allocateWithReason(NS, t, []).reason,
      /^token already held: re-allocation is granted without checks \(1\/1 held\)$/,
    );
  });

  it('caps a project and a project+domain with Value > count, in order project then namespace', () => {
    const b = backend(10);
    const caps = (p: string, d: string) => [project(p, 2), namespace(p, d, 1)];
    assert.equal(b.allocate(NS, tok('alpha', 'prod', 'e1'), caps('alpha', 'prod')), Granted);
    // namespace cap 1 reached for alpha:prod; alpha:dev still has room.
    assert.equal(b.allocate(NS, tok('alpha', 'prod', 'e2'), caps('alpha', 'prod')), Exhausted);
    assert.equal(b.allocate(NS, tok('alpha', 'dev', 'e3'), caps('alpha', 'dev')), Granted);
    // project cap 2 reached: checked first, so its reason is the one reported.
    const out = b.allocateWithReason(NS, tok('alpha', 'stage', 'e4'), caps('alpha', 'stage'));
    assert.equal(out.status, Exhausted);
    assert.equal(
      out.reason,
      'constraint 0 [ex:alpha] value 2 reached: 2 held tokens match (granted only while value > count)',
    );
    // Another project is untouched by alpha's caps.
    assert.equal(b.allocate(NS, tok('beta', 'prod', 'e5'), caps('beta', 'prod')), Granted);
    assert.deepEqual(b.pool(NS)!.waiting, [tok('alpha', 'prod', 'e2'), tok('alpha', 'stage', 'e4')]);
  });

  it('checks the quota before the constraints', () => {
    const b = backend(1);
    b.allocate(NS, tok('a', 'd', 'e1'), []);
    const out = b.allocateWithReason(NS, tok('b', 'd', 'e2'), [project('b', 0)]);
    assert.deepEqual(out, {
      status: Exhausted,
      reason: 'quota reached: 1 held, quota 1 (granted only while quota > held)',
    });
  });

  it('reports a grant with the usage after it', () => {
    const b = backend(3);
    assert.deepEqual(b.allocateWithReason(NS, 'x', []), { status: Granted, reason: 'granted (1/3 held)' });
  });
});

describe('executor/resource: RedisQuotaBackend quirks', () => {
  describe('prefixCollision', () => {
    it('true (Flyte): project flyte counts flytesnacks tokens, domain dev counts development', () => {
      const b = backend(10);
      b.allocate(NS, tok('flytesnacks', 'prod', 'e1'), []);
      assert.equal(b.allocate(NS, tok('flyte', 'prod', 'e2'), [project('flyte', 1)]), Exhausted);
      b.allocate(NS, tok('p', 'development', 'e3'), []);
      assert.equal(b.allocate(NS, tok('p', 'dev', 'e4'), [namespace('p', 'dev', 1)]), Exhausted);
      // ... but not the other way round: flytesnacks does not count flyte.
      b.allocate(NS, tok('flyte', 'x', 'e5'), []);
      assert.equal(b.allocate(NS, tok('flytesnacks', 'prod', 'e6'), [project('flytesnacks', 2)]), Granted);
    });

    it('false: only tokens whose prefix is followed by ":" count', () => {
      const b = backend(10, { quirks: { prefixCollision: false } });
      assert.deepEqual(b.quirks, { prefixCollision: false, nonPositiveValueRejects: true });
      b.allocate(NS, tok('flytesnacks', 'prod', 'e1'), []);
      assert.equal(b.allocate(NS, tok('flyte', 'prod', 'e2'), [project('flyte', 1)]), Granted);
      assert.equal(b.allocate(NS, tok('flyte', 'prod', 'e3'), [project('flyte', 1)]), Exhausted);
      b.allocate(NS, tok('p', 'development', 'e4'), []);
      assert.equal(b.allocate(NS, tok('p', 'dev', 'e5'), [namespace('p', 'dev', 1)]), Granted);
      assert.equal(b.allocate(NS, tok('p', 'dev', 'e6'), [namespace('p', 'dev', 1)]), Exhausted);
    });
  });

  describe('nonPositiveValueRejects', () => {
    for (const value of [0, -3]) {
      it(`true (Flyte): value ${value} allows on an empty pool, rejects as soon as any token is held`, () => {
        const b = backend(10);
        assert.equal(b.allocate(NS, tok('p', 'd', 'e1'), [project('p', value)]), Granted);
        // Any holder, even of another project, makes Flyte's loop check Value > count and fail.
        assert.equal(b.allocate(NS, tok('q', 'd', 'e2'), [project('q', value)]), Exhausted);
        assert.equal(b.allocate(NS, tok('q', 'd', 'e3'), [namespace('q', 'd', value)]), Exhausted);
        assert.match(
          b.allocateWithReason(NS, tok('q', 'd', 'e4'), [project('q', value)]).reason,
          new RegExp(
            `^constraint 0 \\[ex:q\\] value ${value} reached: 0 held tokens match .*a value <= 0 rejects whenever the pool is not empty\\)$`,
          ),
        );
        b.release(NS, tok('p', 'd', 'e1'));
        assert.equal(b.allocate(NS, tok('q', 'd', 'e2'), [project('q', value)]), Granted);
      });

      it(`false: value ${value} means no cap, as Flyte's comment claims`, () => {
        const b = backend(10, { quirks: { nonPositiveValueRejects: false } });
        for (let i = 0; i < 5; i++) {
          assert.equal(
            b.allocate(NS, tok('p', 'd', `e${i}`), [project('p', value), namespace('p', 'd', value)]),
            Granted,
          );
        }
        // Positive caps still apply.
        assert.equal(b.allocate(NS, tok('p', 'd', 'e9'), [project('p', value), namespace('p', 'd', 5)]), Exhausted);
      });
    }
  });
});

describe('executor/resource: RedisQuotaBackend release and observability', () => {
  it('throws ResourceNotFoundError for an unregistered namespace', () => {
    const b = backend();
    assert.throws(
      () => b.release('redisresourcemanager:webapi:nope', 'x'),
      (e: unknown) =>
        e instanceof ResourceNotFoundError &&
        e.message.startsWith(
          'Requested resource [redisresourcemanager:webapi:nope] not found in namespacedResourceMap',
        ),
    );
  });

  it('releases a token nobody holds without error', () => {
    const b = backend();
    b.allocate(NS, 'a', []);
    b.release(NS, 'never-allocated');
    b.release(NS, 'a');
    b.release(NS, 'a');
    assert.deepEqual(b.pool(NS), { namespace: NS, quota: 10, holders: [], waiting: [] });
  });

  it('keeps waiting tokens in first-rejection order until granted or released', () => {
    const b = backend(1);
    b.allocate(NS, 'holder', []);
    for (const t of ['c', 'd', 'c', 'e', 'd']) assert.equal(b.allocate(NS, t, []), Exhausted);
    assert.deepEqual(b.pool(NS)!.waiting, ['c', 'd', 'e']);
    b.release(NS, 'd'); // a release clears the rejected mark (Go rejectedTokens.Delete)
    assert.deepEqual(b.pool(NS)!.waiting, ['c', 'e']);
    b.release(NS, 'holder');
    assert.equal(b.allocate(NS, 'e', []), Granted); // a grant clears it too
    assert.deepEqual(b.pool(NS), { namespace: NS, quota: 1, holders: ['e'], waiting: ['c'] });
    b.release(NS, 'e');
    b.allocate(NS, 'holder', []);
    assert.equal(b.allocate(NS, 'd', []), Exhausted);
    assert.deepEqual(b.pool(NS)!.waiting, ['c', 'd'], 'a token rejected again after its mark was cleared goes last');
  });

  it('lists holders in grant order; a token released and granted again goes last', () => {
    const b = backend(5);
    for (const t of ['a', 'b', 'c']) b.allocate(NS, t, []);
    b.allocate(NS, 'a', []); // already held: no move
    assert.deepEqual(b.pool(NS)!.holders, ['a', 'b', 'c']);
    b.release(NS, 'a');
    b.allocate(NS, 'a', []);
    assert.deepEqual(b.pool(NS)!.holders, ['b', 'c', 'a']);
  });

  it('lists pools in registration order, as independent snapshots', () => {
    const b = new RedisQuotaBackend();
    b.registerResourceQuota('z', 1);
    b.registerResourceQuota('a', 2);
    b.allocate('a', 't', []);
    const snap = b.pools();
    assert.deepEqual(snap, [
      { namespace: 'z', quota: 1, holders: [], waiting: [] },
      { namespace: 'a', quota: 2, holders: ['t'], waiting: [] },
    ]);
    snap[1]!.holders.push('mutated');
    assert.deepEqual(b.pool('a')!.holders, ['t']);
    assert.equal(b.usage('missing'), undefined);
  });
});
