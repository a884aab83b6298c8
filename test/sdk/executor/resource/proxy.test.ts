// Flyte's resource manager proxies (resourcemanager.go Proxy, ResourceRegistrarProxy), their timeline
// records and the fault hook.
import assert from 'node:assert/strict';
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  AllocationStatus,
  InjectedFaultError,
  InvalidArgumentError,
  ResourceNotFoundError,
  type ResourceConstraintsSpec,
  NoopQuotaBackend,
  RedisQuotaBackend,
  ResourceManagerProxy,
  ResourceRegistrarProxy,
  type QuotaRegistrationRecord,
  type ResourceCallRecord,
  type ResourceIntercept,
  type ResourceInterceptCall,
  type QuotaBackend,
} from '@plugbench/sdk';

const exec = { project: 'flytesnacks', domain: 'development', name: 'abc123' };
const NS = 'redisresourcemanager:webapi:default';
const tokenFQ = (t: string) => `ex:flytesnacks:development:abc123-${t}`;
/** The names every record of a call on `token` in namespace `default` carries. */
const callOf = (op: 'allocate' | 'release', token: string) =>
  ({ op, namespace: 'default', token, namespaceFQ: NS, tokenFQ: tokenFQ(token) }) as const;

/** A proxy over a redis backend with `quota` in {@link NS}, its call records in `calls`; `lean`: as when no timeline records. */
function setup(quota = 2, intercept?: ResourceIntercept, lean?: boolean) {
  const backend = new RedisQuotaBackend();
  backend.registerResourceQuota(NS, quota);
  const calls: ResourceCallRecord[] = [];
  const rm = new ResourceManagerProxy({
    backend,
    pluginID: 'webapi',
    execution: exec,
    onCall: (c) => calls.push(c),
    intercept,
    lean,
  });
  return { backend, rm, calls };
}

describe('executor/resource: ResourceManagerProxy', () => {
  it('has the backend id', () => {
    assert.equal(setup().rm.getID(), 'redisresourcemanager');
    const noop = new ResourceManagerProxy({ backend: new NoopQuotaBackend(), pluginID: 'p', execution: exec });
    assert.equal(noop.getID(), 'noopresourcemanager');
  });

  it('qualifies names and constraints, and records the call with the pool after it', async () => {
    const { backend, rm, calls } = setup(3);
    const spec: ResourceConstraintsSpec = {
      projectScopeResourceConstraint: { value: 5 },
      namespaceScopeResourceConstraint: { value: 4 },
    };
    assert.equal(await rm.allocateResource('default', 'n0-0', spec), AllocationStatus.Granted);
    assert.deepEqual(backend.pool(NS)!.holders, [tokenFQ('n0-0')]);
    assert.deepEqual(calls, [
      {
        ...callOf('allocate', 'n0-0'),
        constraints: { project: 5, namespace: 4 },
        prefixConstraints: [
          { targetedPrefix: 'ex:flytesnacks', value: 5 },
          { targetedPrefix: 'ex:flytesnacks:development', value: 4 },
        ],
        status: AllocationStatus.Granted,
        reason: 'granted (1/3 held)',
        poolAfter: { used: 1, quota: 3 },
      },
    ]);
  });

  it('records only the constraints present, none for an empty or missing spec', async () => {
    const { rm, calls } = setup(3);
    await rm.allocateResource('default', 'a', { namespaceScopeResourceConstraint: { value: 0 } });
    await rm.allocateResource('default', 'b', {});
    await rm.allocateResource('default', 'c', undefined as unknown as ResourceConstraintsSpec);
    assert.deepEqual(calls[0]!.constraints, { namespace: 0 });
    assert.deepEqual(calls[0]!.prefixConstraints, [{ targetedPrefix: 'ex:flytesnacks:development', value: 0 }]);
    for (const c of calls.slice(1)) {
      assert.equal('constraints' in c, false);
      assert.equal('prefixConstraints' in c, false);
    }
  });

  it('records Exhausted with its reason, and keeps it in the pool info as Go does', async () => {
    const { rm, calls } = setup(1);
    await rm.allocateResource('default', 'a', {});
    assert.equal(await rm.allocateResource('default', 'b', {}), AllocationStatus.Exhausted);
    assert.deepEqual(calls[1], {
      ...callOf('allocate', 'b'),
      status: AllocationStatus.Exhausted,
      reason: 'quota reached: 1 held, quota 1 (granted only while quota > held)',
      poolAfter: { used: 1, quota: 1 },
    });
    assert.deepEqual(rm.resourcePoolInfo(), [
      { namespace: 'default', allocationToken: 'a' },
      { namespace: 'default', allocationToken: 'b' },
    ]);
  });

  it('rejects with the backend error for an unknown namespace, recording AllocationUndefined and no pool', async () => {
    const { rm, calls } = setup();
    await assert.rejects(rm.allocateResource('nope', 't', {}), (e: unknown) => e instanceof ResourceNotFoundError);
    await assert.rejects(rm.releaseResource('nope', 't'), (e: unknown) => e instanceof ResourceNotFoundError);
    const message =
      'Requested resource [redisresourcemanager:webapi:nope] not found in namespacedResourceMap: no quota was registered under this namespace at setup';
    assert.deepEqual(calls, [
      {
        op: 'allocate',
        namespace: 'nope',
        token: 't',
        namespaceFQ: 'redisresourcemanager:webapi:nope',
        tokenFQ: tokenFQ('t'),
        status: AllocationStatus.Undefined,
        error: { message, code: 'ResourceNotFound' },
      },
      {
        op: 'release',
        namespace: 'nope',
        token: 't',
        namespaceFQ: 'redisresourcemanager:webapi:nope',
        tokenFQ: tokenFQ('t'),
        error: { message, code: 'ResourceNotFound' },
      },
    ]);
    assert.deepEqual(rm.resourcePoolInfo(), [], 'Go records pool info only when no error came back');
  });

  it('releases through the backend and records the pool after it, with no status', async () => {
    const { backend, rm, calls } = setup();
    await rm.allocateResource('default', 'a', {});
    await rm.releaseResource('default', 'a');
    await rm.releaseResource('default', 'never');
    assert.deepEqual(backend.pool(NS)!.holders, []);
    assert.deepEqual(calls.slice(1), [
      { ...callOf('release', 'a'), poolAfter: { used: 0, quota: 2 } },
      { ...callOf('release', 'never'), poolAfter: { used: 0, quota: 2 } },
    ]);
  });

  it('calls onCall before the promise settles', async () => {
    const order: string[] = [];
    const backend = new NoopQuotaBackend();
    const rm = new ResourceManagerProxy({
      backend,
      pluginID: 'p',
      execution: exec,
      onCall: (c) => order.push(`record ${c.op}`),
    });
    const p = rm.allocateResource('ns', 't', {}).then(() => order.push('settled'));
    await p;
    assert.deepEqual(order, ['record allocate', 'settled']);
  });

  it('leaves poolAfter out for a noop namespace nobody registered', async () => {
    const calls: ResourceCallRecord[] = [];
    const rm = new ResourceManagerProxy({
      backend: new NoopQuotaBackend(),
      pluginID: 'p',
      execution: exec,
      onCall: (c) => calls.push(c),
    });
    assert.equal(
      await rm.allocateResource('ns', 't', { projectScopeResourceConstraint: { value: 0 } }),
      AllocationStatus.Granted,
    );
    assert.equal(calls[0]!.poolAfter, undefined);
    assert.equal(calls[0]!.namespaceFQ, 'noopresourcemanager:p:ns');
  });

  it('keeps one pool info entry per token, in first-call order, with the namespace of its last allocation', async () => {
    const redis = new RedisQuotaBackend();
    redis.registerResourceQuota('redisresourcemanager:webapi:x', 5);
    redis.registerResourceQuota('redisresourcemanager:webapi:y', 5);
    for (const backend of [new NoopQuotaBackend(), redis]) {
      const rm = new ResourceManagerProxy({ backend, pluginID: 'webapi', execution: exec });
      await rm.allocateResource('x', 't1', {});
      await rm.allocateResource('x', 't2', {});
      await rm.allocateResource('y', 't1', {});
      assert.deepEqual(
        rm.resourcePoolInfo(),
        [
          { namespace: 'y', allocationToken: 't1' },
          { namespace: 'x', allocationToken: 't2' },
        ],
        backend.id,
      );
    }
  });

  it("qualifies each execution's tokens with its own prefix, whichever proxies were made before (Go `ComposeTokenPrefix`)", async () => {
    // resourcemanager.go `Proxy.AllocateResource`: `Token(allocationToken).prepend(ComposeTokenPrefix(p.ExecutionIdentifier))`.
    const backend = new NoopQuotaBackend();
    const executions = [
      exec,
      { ...exec, name: 'abc124' },
      { ...exec, domain: 'staging' },
      { ...exec, project: 'other' },
      { project: `${'flyte'}snacks`, domain: `develop${'ment'}`, name: `abc${123}` },
      exec,
    ];
    for (const execution of [...executions, ...executions.reverse()]) {
      const calls: ResourceCallRecord[] = [];
      const rm = new ResourceManagerProxy({ backend, pluginID: 'webapi', execution, onCall: (c) => calls.push(c) });
      await rm.allocateResource('default', 't', {});
      await rm.releaseResource('default', 't');
      const want = `ex:${execution.project}:${execution.domain}:${execution.name}-t`;
      assert.deepEqual(
        calls.map((c) => c.tokenFQ),
        [want, want],
      );
    }
  });

  it('keeps every allocation of a long round in its pool info, recorded or not (Go `Proxy.ResourcePoolInfo`)', async () => {
    // resourcemanager.go `Proxy.AllocateResource`: `p.ResourcePoolInfo[allocationToken] = ...` after every allocation
    // answered without error; `GetResourcePoolInfo` lists that map. 1,500 allocations cross the proxy's chunks of
    // pairs; some tokens come back in the other namespace (their entry keeps its place and takes the namespace).
    for (const onCall of [undefined, () => {}]) {
      const rm = new ResourceManagerProxy({
        backend: new NoopQuotaBackend(),
        pluginID: 'webapi',
        execution: exec,
        onCall,
      });
      const want = new Map<string, string>();
      for (let i = 0; i < 1500; i++) {
        const namespace = i % 7 === 0 ? 'b' : 'a';
        const token = i % 5 === 0 ? `t${i % 40}` : `t${i}`;
        assert.equal(await rm.allocateResource(namespace, token, {}), AllocationStatus.Granted);
        if (i % 3 === 0) await rm.releaseResource(namespace, token);
        want.set(token, namespace);
      }
      const got = rm.resourcePoolInfo();
      assert.deepEqual(
        got,
        Array.from(want, ([allocationToken, namespace]) => ({ namespace, allocationToken })),
        onCall === undefined ? 'unrecorded' : 'recorded',
      );
    }
  });
});

describe('executor/resource: ResourceManagerProxy intercept hook', () => {
  it('is asked first, with the unqualified call', async () => {
    const seen: ResourceInterceptCall[] = [];
    const { rm } = setup(2, (c) => {
      seen.push(c);
      return undefined;
    });
    const spec = { projectScopeResourceConstraint: { value: 1 } };
    await rm.allocateResource('default', 'a', spec);
    await rm.releaseResource('default', 'a');
    assert.deepEqual(seen, [
      { op: 'allocate', namespace: 'default', token: 'a', constraintsSpec: spec },
      { op: 'release', namespace: 'default', token: 'a' },
    ]);
  });

  it('an Error rejects with that very error, without touching the backend', async () => {
    const fault = new InjectedFaultError('injected: the resource manager failed', 'resource-error');
    const { backend, rm, calls } = setup(2, () => fault);
    await assert.rejects(rm.allocateResource('default', 'a', {}), (e: unknown) => e === fault);
    await assert.rejects(rm.releaseResource('default', 'a'), (e: unknown) => e === fault);
    assert.deepEqual(backend.pool(NS), { namespace: NS, quota: 2, holders: [], waiting: [] });
    assert.deepEqual(calls[0], {
      ...callOf('allocate', 'a'),
      status: AllocationStatus.Undefined,
      intercepted: true,
      error: { message: 'injected: the resource manager failed', code: 'InjectedFault' },
      poolAfter: { used: 0, quota: 2 },
    });
    assert.equal(calls[1]!.intercepted, true);
    assert.equal('status' in calls[1]!, false);
    assert.deepEqual(rm.resourcePoolInfo(), []);
  });

  it('an error thrown by the hook, or a plain Error, rejects the same way (code absent)', async () => {
    const plain = new Error('boom');
    const { rm, calls } = setup(2, () => {
      throw plain;
    });
    await assert.rejects(rm.allocateResource('default', 'a', {}), (e: unknown) => e === plain);
    assert.deepEqual(calls[0]!.error, { message: 'boom' });
    assert.equal(calls[0]!.intercepted, true);
  });

  it('a status forces the answer without touching the backend', async () => {
    let answer: AllocationStatus | undefined = AllocationStatus.Exhausted;
    const { backend, rm, calls } = setup(2, () => answer);
    assert.equal(await rm.allocateResource('default', 'a', {}), AllocationStatus.Exhausted);
    assert.deepEqual(backend.pool(NS)!.waiting, [], 'a forced Exhausted marks nothing in the pool');
    answer = AllocationStatus.NamespaceQuotaExceeded;
    assert.equal(await rm.allocateResource('default', 'b', {}), AllocationStatus.NamespaceQuotaExceeded);
    assert.deepEqual(calls[0], {
      ...callOf('allocate', 'a'),
      status: AllocationStatus.Exhausted,
      intercepted: true,
      poolAfter: { used: 0, quota: 2 },
    });
    // Go records pool info whenever no error came back.
    assert.deepEqual(
      rm.resourcePoolInfo().map((e) => e.allocationToken),
      ['a', 'b'],
    );
    // A forced grant holds nothing either: the release that follows finds nothing to remove, and succeeds.
    answer = AllocationStatus.Granted;
    assert.equal(await rm.allocateResource('default', 'c', {}), AllocationStatus.Granted);
    assert.deepEqual(backend.pool(NS)!.holders, []);
    answer = undefined;
    await rm.releaseResource('default', 'c');
  });

  it('a status on release makes it succeed without touching the backend', async () => {
    let answer: AllocationStatus | undefined = undefined;
    const { backend, rm, calls } = setup(2, () => answer);
    await rm.allocateResource('default', 'a', {});
    answer = AllocationStatus.Granted;
    await rm.releaseResource('default', 'a');
    assert.deepEqual(backend.pool(NS)!.holders, [tokenFQ('a')], 'the token is still held: a lost release');
    assert.deepEqual(calls[1], {
      ...callOf('release', 'a'),
      intercepted: true,
      poolAfter: { used: 1, quota: 2 },
    });
  });

  it('anything else from the hook rejects with InvalidArgumentError', async () => {
    const { rm, calls } = setup(2, (() => 'Granted') as unknown as ResourceIntercept);
    await assert.rejects(
      rm.allocateResource('default', 'a', {}),
      (e: unknown) =>
        e instanceof InvalidArgumentError &&
        e.message ===
          'Resource intercept returned [Granted] for allocate [default] [a]; expected an Error, an AllocationStatus or undefined',
    );
    assert.equal(calls[0]!.status, AllocationStatus.Undefined);
  });
});

describe('executor/resource: ResourceRegistrarProxy', () => {
  it('registers <rmID>:<pluginID>:<ns> with the backend and records it', async () => {
    const backend = new RedisQuotaBackend();
    const records: QuotaRegistrationRecord[] = [];
    const reg = new ResourceRegistrarProxy({ backend, pluginID: 'webapi', onRegister: (r) => records.push(r) });
    await reg.registerResourceQuota('default', 2);
    assert.deepEqual(backend.pools(), [
      { namespace: 'redisresourcemanager:webapi:default', quota: 2, holders: [], waiting: [] },
    ]);
    assert.deepEqual(records, [{ namespace: 'default', namespaceFQ: 'redisresourcemanager:webapi:default', quota: 2 }]);
  });

  it('rejects with the backend error and records it', async () => {
    const backend = new RedisQuotaBackend();
    const records: QuotaRegistrationRecord[] = [];
    const reg = new ResourceRegistrarProxy({ backend, pluginID: 'webapi', onRegister: (r) => records.push(r) });
    await reg.registerResourceQuota('default', 2);
    await assert.rejects(
      reg.registerResourceQuota('default', 2),
      (e: unknown) => e instanceof InvalidArgumentError && /already exists/.test(e.message),
    );
    await assert.rejects(reg.registerResourceQuota('other', 0), /Invalid request for resource quota/);
    assert.deepEqual(records[1], {
      namespace: 'default',
      namespaceFQ: 'redisresourcemanager:webapi:default',
      quota: 2,
      error: {
        message:
          'Resource namespace already exists [redisresourcemanager:webapi:default]; expected each namespace to be registered once',
        code: 'InvalidArgument',
      },
    });
  });

  it('under noop, registers anything under the noop prefix', async () => {
    const backend = new NoopQuotaBackend();
    const reg = new ResourceRegistrarProxy({ backend, pluginID: 'hive' });
    await reg.registerResourceQuota('c', -1);
    await reg.registerResourceQuota('c', -1);
    assert.deepEqual(
      backend.pools().map((p) => p.namespace),
      ['noopresourcemanager:hive:c'],
    );
  });

  it('two plugins with the same namespace name get separate pools', async () => {
    const backend = new RedisQuotaBackend();
    await new ResourceRegistrarProxy({ backend, pluginID: 'a' }).registerResourceQuota('default', 1);
    await new ResourceRegistrarProxy({ backend, pluginID: 'b' }).registerResourceQuota('default', 1);
    const execA = new ResourceManagerProxy({ backend, pluginID: 'a', execution: exec });
    const execB = new ResourceManagerProxy({ backend, pluginID: 'b', execution: exec });
    assert.equal(await execA.allocateResource('default', 't', {}), AllocationStatus.Granted);
    assert.equal(await execB.allocateResource('default', 't', {}), AllocationStatus.Granted);
    assert.deepEqual(
      backend.pools().map((p) => p.holders.length),
      [1, 1],
    );
  });
});

describe('executor/resource: ResourceManagerProxy without a timeline', () => {
  it('lean (nothing records): the same statuses, errors and pools, without the timeline-only reason and poolAfter', async () => {
    const script = async (rm: ResourceManagerProxy) => {
      const out: unknown[] = [];
      for (const t of ['a', 'b', 'c', 'a']) out.push(await rm.allocateResource('default', t, {}));
      out.push(await rm.allocateResource('default', 'd', { projectScopeResourceConstraint: { value: 1 } }));
      await rm.releaseResource('default', 'a');
      out.push(await rm.allocateResource('default', 'c', {}));
      out.push(await rm.allocateResource('missing', 'x', {}).catch((e: Error) => e.constructor.name));
      return out;
    };
    const full = setup();
    const lean = setup(2, undefined, true);
    assert.deepEqual(await script(lean.rm), await script(full.rm));
    assert.deepEqual(lean.backend.pools(), full.backend.pools());
    assert.deepEqual(lean.rm.resourcePoolInfo(), full.rm.resourcePoolInfo());
    assert.equal(lean.calls.length, full.calls.length);
    lean.calls.forEach((c, i) => {
      const { reason, poolAfter, ...rest } = full.calls[i]!;
      assert.deepEqual(c, rest, `call ${i}`);
      assert.equal(c.reason, undefined);
      assert.equal(c.poolAfter, undefined);
      assert.ok(
        reason !== undefined || poolAfter !== undefined || c.error !== undefined,
        `call ${i} lost nothing else`,
      );
    });
  });
});

/** `inner` behind promises, as a manager over a real Redis answers: each call settles on a later tick. */
function remote(inner: QuotaBackend): QuotaBackend {
  const later = async <T>(f: () => T | Promise<T>): Promise<T> => {
    await new Promise((resolve) => setImmediate(resolve));
    return f();
  };
  return {
    id: inner.id,
    registerResourceQuota: (ns, quota) => inner.registerResourceQuota(ns, quota),
    allocate: (ns, token, constraints) => later(() => inner.allocate(ns, token, constraints)),
    allocateWithReason: (ns, token, constraints) => later(() => inner.allocateWithReason(ns, token, constraints)),
    release: (ns, token) => later(() => inner.release(ns, token)),
    pools: () => inner.pools(),
    pool: (ns) => inner.pool(ns),
    usage: (ns) => inner.usage(ns),
  };
}

describe('executor/resource: ResourceManagerProxy answers', () => {
  // resourcemanager.go Proxy.AllocateResource / ReleaseResource: the base manager's status and error are the
  // proxy's; the pool info gets the token only when no error came back.
  const script = async (rm: ResourceManagerProxy) => {
    const out: unknown[] = [];
    for (const t of ['a', 'b', 'c', 'a']) out.push(await rm.allocateResource('default', t, {}));
    out.push(await rm.allocateResource('default', 'd', { namespaceScopeResourceConstraint: { value: 1 } }));
    out.push(await rm.releaseResource('default', 'a'));
    out.push(await rm.allocateResource('default', 'c', {}));
    out.push(await rm.allocateResource('missing', 'x', {}).catch((e: Error) => e.constructor.name));
    out.push(await rm.releaseResource('missing', 'x').catch((e: Error) => e.constructor.name));
    return out;
  };

  for (const lean of [false, true]) {
    it(`from a manager that answers with promises, as from the in-memory one (${lean ? 'lean' : 'recorded'})`, async () => {
      const inMemory = setup(2, undefined, lean);
      const backend = new RedisQuotaBackend();
      backend.registerResourceQuota(NS, 2);
      const calls: ResourceCallRecord[] = [];
      const rm = new ResourceManagerProxy({
        backend: remote(backend),
        pluginID: 'webapi',
        execution: exec,
        onCall: (c) => calls.push(c),
        lean,
      });
      const expected = await script(inMemory.rm);
      assert.deepEqual(expected.slice(-2), ['ResourceNotFoundError', 'ResourceNotFoundError']);
      assert.deepEqual(await script(rm), expected);
      assert.deepEqual(calls, inMemory.calls);
      assert.deepEqual(backend.pools(), inMemory.backend.pools());
      assert.deepEqual(rm.resourcePoolInfo(), inMemory.rm.resourcePoolInfo());
    });
  }

  // A round whose record nobody reads gives its proxy no onCall (context.ts): the proxy makes no record, and a
  // plugin sees what it sees with one.
  it('without onCall: the same statuses, errors, pools and pool info, from either kind of manager', async () => {
    for (const answersLater of [false, true]) {
      const recorded = setup(2, undefined, true);
      const backend = new RedisQuotaBackend();
      backend.registerResourceQuota(NS, 2);
      const rm = new ResourceManagerProxy({
        backend: answersLater ? remote(backend) : backend,
        pluginID: 'webapi',
        execution: exec,
        lean: true,
      });
      const expected = await script(recorded.rm);
      assert.deepEqual(await script(rm), expected, `answers later: ${answersLater}`);
      assert.deepEqual(backend.pools(), recorded.backend.pools());
      assert.deepEqual(rm.resourcePoolInfo(), recorded.rm.resourcePoolInfo());
      assert.ok(recorded.calls.length > 0);
    }
  });

  it('without onCall, settles as with it: the same number of jobs after a manager that answers later', async () => {
    const order = async (onCall?: (c: ResourceCallRecord) => void) => {
      const inner = new RedisQuotaBackend();
      inner.registerResourceQuota(NS, 1);
      // A manager whose answers come when the test says, so that the jobs after them can be counted.
      const answers: (() => void)[] = [];
      const answer = <T>(f: () => T) => new Promise<T>((resolve) => answers.push(() => resolve(f())));
      const backend: QuotaBackend = {
        ...remote(inner),
        allocate: (ns, token, constraints) => answer(() => inner.allocate(ns, token, constraints)),
        allocateWithReason: (ns, token, constraints) => answer(() => inner.allocateWithReason(ns, token, constraints)),
        release: (ns, token) => answer(() => inner.release(ns, token)),
      };
      const rm = new ResourceManagerProxy({ backend, pluginID: 'webapi', execution: exec, onCall, lean: true });
      const seen: string[] = [];
      const jobs = async (what: string) => {
        for (let i = 0; i < 6; i++) {
          seen.push(`${what} job ${i}`);
          await Promise.resolve();
        }
      };
      const allocated = rm.allocateResource('default', 't', {}).then((s) => seen.push(`allocated ${s}`));
      answers.shift()!();
      await Promise.all([allocated, jobs('allocate')]);
      const released = rm.releaseResource('default', 't').then(() => seen.push('released'));
      answers.shift()!();
      await Promise.all([released, jobs('release')]);
      return seen;
    };
    assert.deepEqual(await order(), await order(() => {}));
  });

  it('records a call to a manager that answers with promises before its promise settles', async () => {
    const order: string[] = [];
    const backend = new RedisQuotaBackend();
    backend.registerResourceQuota(NS, 1);
    const rm = new ResourceManagerProxy({
      backend: remote(backend),
      pluginID: 'webapi',
      execution: exec,
      onCall: (c) => order.push(`record ${c.op} ${c.status ?? ''}`.trim()),
    });
    const allocated = rm.allocateResource('default', 't', {}).then((s) => order.push(`settled ${s}`));
    assert.equal(order.length, 0, 'nothing is recorded before the manager answers');
    await allocated;
    await rm.releaseResource('default', 't').then(() => order.push('settled release'));
    assert.deepEqual(order, [
      `record allocate ${AllocationStatus.Granted}`,
      `settled ${AllocationStatus.Granted}`,
      'record release',
      'settled release',
    ]);
  });

  it('resumes every caller in its own asynchronous context, whichever answers they share', async () => {
    const { rm } = setup(100);
    const context = new AsyncLocalStorage<string>();
    const run = (name: string) =>
      context.run(name, async () => {
        const seen: (string | undefined)[] = [];
        for (let i = 0; i < 20; i++) {
          assert.equal(await rm.allocateResource('default', `${name}-${i}`, {}), AllocationStatus.Granted);
          seen.push(context.getStore());
          await rm.releaseResource('default', `${name}-${i}`);
          seen.push(context.getStore());
          seen.push(await rm.allocateResource('default', `${name}-x`, {}).then(() => context.getStore()));
        }
        return seen;
      });
    const [a, b] = await Promise.all([run('a'), run('b')]);
    assert.deepEqual(new Set(a), new Set(['a']));
    assert.deepEqual(new Set(b), new Set(['b']));
  });

  it('rejects, never throws, for names that are not strings', async () => {
    const { rm, calls } = setup();
    const allocated = rm.allocateResource(1 as unknown as string, 't', {});
    const released = rm.releaseResource('default', null as unknown as string);
    await assert.rejects(allocated, /AllocateResource: the namespace must be a string, got number/);
    await assert.rejects(released, /ReleaseResource: the allocation token must be a string, got null/);
    assert.deepEqual(calls, []);
  });
});
