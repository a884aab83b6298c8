// The in-memory Kubernetes store: controller-runtime client semantics, copies in and out, change events.
import assert from 'node:assert/strict';
import {
  AlreadyExistsError,
  ConflictError,
  InvalidArgumentError,
  NotFoundError,
  type KubeObject,
  InMemoryKubeStore,
  type KubeChange,
} from '@plugbench/sdk';
import { defined } from '../../../support/defined';

const T0 = Date.UTC(2024, 0, 1);

function pod(name: string, labels: Record<string, string> = {}, namespace = 'p-d'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: { containers: [{ name: 'c', image: 'busybox' }] },
  };
}
const key = (name: string, namespace = 'p-d') => ({ apiVersion: 'v1', kind: 'Pod', namespace, name });

describe('services: InMemoryKubeStore', () => {
  let now: number;
  let store: InMemoryKubeStore;
  beforeEach(() => {
    now = T0;
    store = new InMemoryKubeStore({ clock: () => now });
  });

  it('create sets uid, resourceVersion, generation and creationTimestamp from the injected clock', async () => {
    const created = await store.getClient().create(pod('a'));
    assert.match(created.metadata!.uid!, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(created.metadata!.creationTimestamp, '2024-01-01T00:00:00Z');
    assert.equal(created.metadata!.generation, 1);
    now += 5000;
    const second = await store.getClient().create(pod('b'));
    assert.equal(second.metadata!.creationTimestamp, '2024-01-01T00:00:05Z');
    assert.notEqual(second.metadata!.uid, created.metadata!.uid);
    assert.ok(Number(second.metadata!.resourceVersion) > Number(created.metadata!.resourceVersion));
  });

  it('uids and resource versions are deterministic: two stores given the same calls agree', async () => {
    const other = new InMemoryKubeStore({ clock: () => T0 });
    for (const s of [store, other]) {
      await s.getClient().create(pod('a'));
      await s.getClient().create(pod('b'));
    }
    assert.deepEqual(other.snapshot(), store.snapshot());
  });

  it('create of an existing key rejects with AlreadyExistsError; a resourceVersion on create is refused', async () => {
    await store.getClient().create(pod('a'));
    await assert.rejects(store.getClient().create(pod('a')), AlreadyExistsError);
    // Same name in another namespace or of another kind is another object.
    await store.getClient().create(pod('a', {}, 'other'));
    await store.getClient().create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'p-d' } });
    const withRv = pod('b');
    withRv.metadata!.resourceVersion = '7';
    await assert.rejects(store.getClient().create(withRv), InvalidArgumentError);
    await assert.rejects(
      store.getClient().create({ apiVersion: 'v1', kind: 'Pod', metadata: {} }),
      InvalidArgumentError,
    );
  });

  it('get and delete of an absent object reject with NotFoundError', async () => {
    await assert.rejects(store.getClient().get(key('nope')), NotFoundError);
    await assert.rejects(store.getCache().get(key('nope')), NotFoundError);
    await assert.rejects(store.getClient().delete(key('nope')), NotFoundError);
  });

  it('update: NotFound when absent, bumps resourceVersion, keeps server fields, Conflict on a stale resourceVersion', async () => {
    await assert.rejects(store.getClient().update(pod('a')), NotFoundError);
    const created = await store.getClient().create(pod('a'));
    const fresh = await store.getClient().get(key('a'));
    (fresh as { status?: unknown }).status = { phase: 'Running' };
    fresh.metadata!.uid = 'forged';
    fresh.metadata!.creationTimestamp = '1999-01-01T00:00:00Z';
    const updated = await store.getClient().update(fresh);
    assert.equal(updated.metadata!.uid, created.metadata!.uid);
    assert.equal(updated.metadata!.creationTimestamp, created.metadata!.creationTimestamp);
    assert.ok(Number(updated.metadata!.resourceVersion) > Number(created.metadata!.resourceVersion));
    assert.equal(updated.metadata!.generation, 1, 'a status change does not bump generation');
    // `created` carries the old resourceVersion: writing it back is a lost update.
    await assert.rejects(store.getClient().update(created), ConflictError);
    // Without a resourceVersion the update is unconditional, and a spec change bumps generation.
    const unconditional = pod('a');
    (unconditional.spec as { containers: unknown[] }).containers.push({ name: 'd', image: 'x' });
    const after = await store.getClient().update(unconditional);
    assert.equal(after.metadata!.generation, 2);
  });

  it('list filters by type, namespace and all matching labels, sorted by namespace and name', async () => {
    await store.getClient().create(pod('b', { app: 'x', tier: 'web' }));
    await store.getClient().create(pod('a', { app: 'x' }));
    await store.getClient().create(pod('c', { app: 'y' }));
    await store.getClient().create(pod('a', { app: 'x' }, 'other'));
    await store
      .getClient()
      .create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'p-d', labels: { app: 'x' } } });
    const names = (objs: KubeObject[]) => objs.map((o) => `${o.metadata!.namespace}/${o.metadata!.name}`);
    const c = store.getClient();
    assert.deepEqual(names(await c.list({ apiVersion: 'v1', kind: 'Pod' })), ['other/a', 'p-d/a', 'p-d/b', 'p-d/c']);
    assert.deepEqual(
      names(await c.list({ apiVersion: 'v1', kind: 'Pod', namespace: 'p-d', matchingLabels: { app: 'x' } })),
      ['p-d/a', 'p-d/b'],
    );
    assert.deepEqual(
      names(await c.list({ apiVersion: 'v1', kind: 'Pod', matchingLabels: { app: 'x', tier: 'web' } })),
      ['p-d/b'],
    );
    assert.deepEqual(names(await store.getCache().list({ apiVersion: 'v1', kind: 'Pod', namespace: 'nope' })), []);
  });

  it('objects are copied in and out: mutating an argument or a result changes nothing stored', async () => {
    const input = pod('a', { app: 'x' });
    const created = await store.getClient().create(input);
    input.metadata!.labels!.app = 'changed-input';
    created.metadata!.labels!.app = 'changed-result';
    const got = await store.getClient().get(key('a'));
    got.metadata!.labels!.app = 'changed-get';
    defined((await store.getCache().list({ apiVersion: 'v1', kind: 'Pod' }))[0], 'a listed pod').metadata!.labels!.app =
      'changed-list';
    defined(store.snapshot()[0], 'a stored pod').metadata!.labels!.app = 'changed-snapshot';
    assert.equal((await store.getCache().get(key('a'))).metadata!.labels!.app, 'x');
  });

  it('emits created, updated and deleted changes with copies, and stops after unsubscribe', async () => {
    const seen: KubeChange[] = [];
    const stop = store.onChange((c) => {
      seen.push(c);
      c.object.metadata!.name = 'mutated-by-listener';
    });
    await store.getClient().create(pod('a'));
    const got = await store.getClient().get(key('a'));
    (got as { status?: unknown }).status = { phase: 'Succeeded' };
    await store.getClient().update(got);
    await store.getClient().delete(key('a'));
    assert.deepEqual(
      seen.map((c) => c.type),
      ['created', 'updated', 'deleted'],
    );
    const updated = defined(seen[1], 'the update');
    assert.deepEqual((updated.object as { status?: unknown }).status, { phase: 'Succeeded' });
    assert.equal(updated.previous!.metadata!.name, 'a');
    assert.equal((updated.previous as { status?: unknown }).status, undefined);
    stop();
    await store.getClient().create(pod('b'));
    assert.equal(seen.length, 3);
    assert.equal((await store.getClient().get(key('b'))).metadata!.name, 'b');
  });

  it('delete of an object with finalizers marks it; removing the last finalizer deletes it', async () => {
    const seen: string[] = [];
    store.onChange((c) => seen.push(c.type));
    const withFinalizer = pod('a');
    withFinalizer.metadata!.finalizers = ['flyte/flytek8s'];
    await store.getClient().create(withFinalizer);
    now += 1000;
    await store.getClient().delete(key('a'));
    const marked = await store.getClient().get(key('a'));
    assert.equal(marked.metadata!.deletionTimestamp, '2024-01-01T00:00:01Z');
    marked.metadata!.finalizers = [];
    await store.getClient().update(marked);
    await assert.rejects(store.getClient().get(key('a')), NotFoundError);
    assert.deepEqual(seen, ['created', 'updated', 'deleted']);
  });

  it('apply creates or replaces whatever the resourceVersion, and emits; initial objects emit nothing', async () => {
    const initial = new InMemoryKubeStore({ clock: () => now, objects: [pod('seed')] });
    const seen: KubeChange[] = [];
    initial.onChange((c) => seen.push(c));
    assert.equal(initial.snapshot().length, 1);
    const stale = defined(initial.snapshot()[0], 'the seed pod');
    stale.metadata!.resourceVersion = '999';
    (stale as { status?: unknown }).status = { phase: 'Failed' };
    initial.apply(stale);
    initial.apply(pod('new'));
    assert.deepEqual(
      seen.map((c) => `${c.type}:${c.object.metadata!.name}`),
      ['updated:seed', 'created:new'],
    );
    assert.deepEqual((initial.snapshot()[1] as { status?: unknown }).status, { phase: 'Failed' });
  });

  it('snapshot is sorted by apiVersion, kind, namespace and name', async () => {
    store.apply({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'z', namespace: 'a' } });
    store.apply({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace: 'b' } });
    store.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'm', namespace: 'a' } });
    store.apply({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'a' } });
    assert.deepEqual(
      store.snapshot().map((o) => `${o.apiVersion} ${o.kind} ${o.metadata!.namespace}/${o.metadata!.name}`),
      ['batch/v1 Job b/j', 'v1 ConfigMap a/m', 'v1 Pod a/a', 'v1 Pod a/z'],
    );
  });

  it('a throwing listener does not fail the write; the others still hear it; the error goes to onListenerError', async () => {
    const errors: Array<[string, string]> = [];
    const s = new InMemoryKubeStore({
      clock: () => now,
      onListenerError: (e, c) => errors.push([(e as Error).message, c.type]),
    });
    const heard: string[] = [];
    s.onChange(() => {
      throw new Error('listener bug');
    });
    s.onChange((c) => heard.push(c.type));
    await s.getClient().create(pod('a'));
    assert.deepEqual(heard, ['created']);
    assert.deepEqual(errors, [['listener bug', 'created']]);
    assert.equal((await s.getClient().get(key('a'))).metadata!.name, 'a');
  });
});
