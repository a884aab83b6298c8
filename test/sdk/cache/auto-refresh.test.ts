// @plugbench/sdk/cache: a port of Go flytestdlib/cache/in_memory_auto_refresh_test.go (TestCacheFour: normal
// operation, disable sync on create, Not Found, Enqueue nothing, Test update and delete cache, Test panic on sync;
// TestQueueBuildUp; TestEnqueueBatches_MarksSingleItemBatchHead) in virtual time, where Go's fake clock `Step` is
// moving the contract clock and the Eventually loops become exact counts.
import assert from 'node:assert/strict';
import { installClock, now } from '@plugbench/sdk';
import {
  ErrNotFound,
  newAutoRefreshCache,
  SyncAction,
  type Batch,
  type Item,
  type ItemSyncResponse,
} from '@plugbench/sdk/cache';
import { getErrorCode, isCausedBy } from '@plugbench/sdk/errors';

class Fake implements Item {
  constructor(
    readonly val: number,
    readonly terminal = false,
  ) {}
  isTerminal(): boolean {
    return this.terminal;
  }
}

/** Go `syncFakeItem`: +1 per sync, terminal at 10, then left unchanged. */
function syncFakeItem(batch: Batch<Fake>): ItemSyncResponse<Fake>[] {
  return batch
    .filter((w) => w.item.val !== 10)
    .map((w) => ({ id: w.id, item: new Fake(w.item.val + 1, w.item.val === 9), action: SyncAction.Update }));
}
const syncTerminalItem = (): never => {
  throw new Error('This should never be called');
};

const period = 5_000;
let t = 0;
/** Go `fakeClock.Step`. */
const step = (ms: number) => {
  t += ms;
};

describe('sdk/cache: Go flytestdlib/cache AutoRefresh in virtual time', () => {
  let restore: () => void;
  beforeEach(() => {
    t = 1_000_000;
    restore = installClock({ nowMs: () => t });
  });
  afterEach(() => restore());

  it('normal operation: ten items reach 10 after the creation sync and nine ticks', async () => {
    const cache = newAutoRefreshCache('fake1', syncFakeItem, { resyncPeriodMs: period, workers: 10, size: 10 });
    cache.start();
    for (let i = 1; i <= 10; i++) await cache.getOrCreate(String(i), new Fake(0));
    for (let k = 0; k < 9; k++) step(period);
    step(1);
    for (let i = 1; i <= 10; i++) assert.equal((await cache.get(String(i))).val, 10);
    assert.equal(cache.syncCount, 100, 'ten syncs per item, none after it is terminal');
  });

  it('disable sync on create: the first sync is at the first tick', async () => {
    const cache = newAutoRefreshCache('fake1', syncFakeItem, { resyncPeriodMs: period, syncOnCreate: false });
    cache.start();
    await cache.getOrCreate('1', new Fake(0));
    step(1);
    assert.equal((await cache.get('1')).val, 0);
    for (let k = 0; k < 10; k++) step(period);
    assert.equal((await cache.get('1')).val, 10);
  });

  it('Not Found: a cache of size 2 keeps the last two of ten items', async () => {
    const cache = newAutoRefreshCache('fake2', syncFakeItem, { resyncPeriodMs: period, size: 2 });
    cache.start();
    for (let i = 1; i <= 10; i++) await cache.getOrCreate(String(i), new Fake(0));
    let notFound = 0;
    for (let i = 1; i <= 10; i++) {
      await cache.get(String(i)).catch((e: unknown) => {
        if (isCausedBy(e, ErrNotFound)) notFound++;
      });
    }
    assert.equal(notFound, 8);
    await assert.rejects(
      cache.get('1'),
      (e: unknown) => getErrorCode(e) === 'NOT_FOUND' && /Item with id \[1\] not found/.test((e as Error).message),
    );
  });

  it('Enqueue nothing: terminal items are never synced', async () => {
    const cache = newAutoRefreshCache<Fake>('fake3', syncTerminalItem, { resyncPeriodMs: period, size: 2 });
    cache.start();
    for (let i = 1; i <= 10; i++) await cache.getOrCreate(String(i), new Fake(0, true));
    step(period);
    step(period);
    assert.equal((await cache.keys()).length, 2);
    assert.equal(cache.syncCount, 0);
  });

  it('update and delete: deleteDelayed keeps the item until the next tick, then Get fails', async () => {
    const cache = newAutoRefreshCache<Fake>('fake3', syncTerminalItem, { resyncPeriodMs: period });
    cache.start();
    await cache.getOrCreate('dummy_id', new Fake(0, true));
    step(period);
    cache.deleteDelayed('dummy_id');
    assert.equal((await cache.get('dummy_id')).val, 0, 'still there at the same instant');
    assert.deepEqual(cache.pendingDeletes(), ['dummy_id']);
    step(period);
    await assert.rejects(cache.get('dummy_id'), /not found/);
    assert.equal(cache.update('dummy_id', new Fake(1)), false, 'Update only stores an item the cache holds');
  });

  it('a sync that throws (Go: panics or errors) leaves the item as it was and is tried again at every tick', async () => {
    let calls = 0;
    const cache = newAutoRefreshCache<Fake>(
      'fake3',
      () => {
        calls++;
        throw new Error('testing');
      },
      { resyncPeriodMs: period },
    );
    cache.start();
    await cache.getOrCreate('dummy_id', new Fake(0));
    for (let k = 0; k < 9; k++) step(period);
    step(1);
    assert.equal((await cache.get('dummy_id')).val, 0);
    assert.equal(calls, 10);
  });

  it('queue build-up: each item is synced once per pass, never twice (TestQueueBuildUp, ...MarksSingleItemBatchHead)', async () => {
    const seen = new Map<string, number>();
    const cache = newAutoRefreshCache<Fake>(
      'fake2',
      (batch) => {
        assert.equal(batch.length, 1);
        seen.set(batch[0]!.id, (seen.get(batch[0]!.id) ?? 0) + 1);
        throw new Error('expected error');
      },
      { resyncPeriodMs: 3_600_000, size: 100 },
    );
    cache.start();
    t = 3_600_000 * 10; // on a tick: the creation syncs and the tick at one instant
    for (let i = 0; i < 100; i++) await cache.getOrCreate(String(i), new Fake(3));
    step(1);
    await cache.keys();
    assert.equal(seen.size, 100);
    assert.ok(
      [...seen.values()].every((n) => n === 1),
      'the tick at the creation instant skips items queued for their creation sync',
    );
  });

  it('a sync at instant s is seen only after s, with the clock at s while it runs', async () => {
    const at: number[] = [];
    const cache = newAutoRefreshCache<Fake>(
      'clock',
      (batch) => {
        at.push(now().getTime());
        return syncFakeItem(batch);
      },
      { resyncPeriodMs: period },
    );
    cache.start();
    const created = t;
    await cache.getOrCreate('a', new Fake(0));
    assert.equal((await cache.get('a')).val, 0, 'not at the creation instant');
    step(1);
    assert.equal((await cache.get('a')).val, 1);
    step(period * 2);
    await cache.get('a');
    assert.deepEqual(at, [created, 1_005_000, 1_010_000], 'ticks at multiples of the period since the epoch');
  });

  it('batches: createBatches groups the items of a tick', async () => {
    const sizes: number[] = [];
    const cache = newAutoRefreshCache<Fake>(
      'batched',
      (batch) => {
        sizes.push(batch.length);
        return [];
      },
      { resyncPeriodMs: period, syncOnCreate: false },
      { createBatches: (snapshot) => [snapshot.slice(0, 3), snapshot.slice(3)] },
    );
    cache.start();
    for (let i = 0; i < 5; i++) await cache.getOrCreate(String(i), new Fake(0));
    step(period);
    await cache.keys();
    assert.deepEqual(sizes, [], 'the tick at 1 005 000 is seen only after it');
    step(1);
    await cache.keys();
    assert.deepEqual(sizes, [3, 2]);
  });

  it('a rate limit delays syncs in virtual time: burst 2 at once, then one per 1/qps', async () => {
    const at: number[] = [];
    const cache = newAutoRefreshCache<Fake>(
      'limited',
      (batch) => {
        at.push(now().getTime() - 1_000_000);
        return syncFakeItem(batch);
      },
      { resyncPeriodMs: 3_600_000, rateLimit: { qps: 2, burst: 2 } },
    );
    cache.start();
    for (let i = 0; i < 5; i++) await cache.getOrCreate(String(i), new Fake(0));
    step(10_000);
    await cache.keys();
    assert.deepEqual(at, [0, 0, 500, 1000, 1500]);
  });

  it('settings out of range are refused, naming the field', () => {
    assert.throws(() => newAutoRefreshCache('x', syncFakeItem, { resyncPeriodMs: 0 }), /resyncPeriodMs/);
    assert.throws(() => newAutoRefreshCache('x', syncFakeItem, { resyncPeriodMs: 1, workers: 0 }), /workers/);
  });

  it('without start, nothing is synced (Go: no workers run)', async () => {
    const cache = newAutoRefreshCache('idle', syncFakeItem, { resyncPeriodMs: period });
    await cache.getOrCreate('a', new Fake(0));
    step(period * 3);
    assert.equal((await cache.get('a')).val, 0);
  });
});
