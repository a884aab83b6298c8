/**
 * Go `flytestdlib/cache` `InMemoryAutoRefresh` in the executor's virtual time.
 *
 * In Go, an enqueue loop puts every item not terminal into a work queue at each resync tick, and workers call the
 * sync function for each batch; a new item is also queued at once (the "cold start" fix). Plugins only read what
 * the workers last stored. Here nothing runs in the background: before each call, the cache replays the ticks and
 * syncs that are due, each at its own virtual instant, with the contract clock set to that instant (so `now()` in the
 * sync function, and in a remote service it calls, reads the sync's time). The timing rules:
 * - a sync at instant `s` is seen only by calls made after `s` (the worker finishes "just after"), so the round
 *   right after a launch still finds no synced item;
 * - resync ticks are at multiples of the resync period since the Unix epoch (Go: a timer started with the cache);
 *   an item still queued for its creation sync is not queued again by a tick at the same instant (Go `processing`);
 * - `deleteDelayed` items go at the next tick, or after the next batch sync, whichever comes first (Go
 *   `toDelete`), so a Handle replayed at the same instant still finds them;
 * - with a rate limit, a batch is synced when its token is there (the work queue's bucket rate limiter).
 * Not modelled: the 5 ms per-batch exponential backoff of the work queue, and the `processing` timeout (5 periods),
 * which only matter when workers fall behind.
 *
 * @module
 */
import { currentClock, runWithClock } from '../contract/clock';
import type { Counter, Gauge } from '../contract/metrics';
import { errorf } from '../errors/plugin-error';
import { Lru } from './lru';
import {
  AutoRefreshSettingsSchema,
  type AutoRefreshHooks,
  type AutoRefreshSettings,
  type AutoRefreshSettingsInput,
} from './options';
import { VirtualTokenBucket } from './token-bucket';
import {
  ErrNotFound,
  SyncAction,
  type AutoRefresh,
  type Batch,
  type CreateBatchesFunc,
  type Item,
  type ItemID,
  type ItemWrapper,
  type SyncFunc,
} from './types';

/** Go `SingleItemBatches`: one batch per item. */
export function singleItemBatches<T extends Item>(snapshot: ItemWrapper<T>[]): Batch<T>[] {
  return snapshot.map((w) => [w]);
}

interface Queued<T extends Item> {
  at: number;
  batch: Batch<T>;
}

interface CacheMetrics {
  syncErrors?: Counter;
  evictions?: Counter;
  cacheHit?: Counter;
  cacheMiss?: Counter;
  size?: Gauge;
}

/** Go `InMemoryAutoRefresh`, replayed in virtual time (see the module). */
export class VirtualAutoRefresh<T extends Item> implements AutoRefresh<T> {
  /** Go `name`: the cache's name. */
  readonly name: string;
  /** The settings, with their defaults filled in. */
  readonly settings: AutoRefreshSettings;
  readonly #sync: SyncFunc<T>;
  readonly #createBatches: CreateBatchesFunc<T>;
  readonly #lru: Lru<ItemID, T>;
  readonly #toDelete = new Set<ItemID>();
  /** Batches waiting for their sync, in order of their instant (Go: the work queue). */
  readonly #queue: Queued<T>[] = [];
  /** Ids in a queued batch (Go `processing`). */
  readonly #processing = new Set<ItemID>();
  readonly #bucket: VirtualTokenBucket | undefined;
  readonly #metrics: CacheMetrics;
  /** The next resync tick not replayed yet; `undefined` until started. */
  #nextTick: number | undefined;
  /** Serialises replays: two calls in one round must not replay the same sync twice. */
  #replaying: Promise<void> = Promise.resolve();
  /** Syncs done, for tests (Go `syncCount`). */
  syncCount = 0;

  constructor(name: string, sync: SyncFunc<T>, settings: AutoRefreshSettingsInput, hooks: AutoRefreshHooks<T> = {}) {
    this.name = name;
    this.settings = AutoRefreshSettingsSchema.parse(settings);
    this.#sync = sync;
    this.#createBatches = hooks.createBatches ?? singleItemBatches;
    const scope = hooks.metricsScope;
    this.#metrics = scope
      ? {
          syncErrors: scope.newCounter('sync_errors', 'Counter for sync errors.'),
          evictions: scope.newCounter('lru_evictions', 'Counter for evictions from LRU.'),
          cacheHit: scope.newCounter('cache_hit', 'Counter for cache hits.'),
          cacheMiss: scope.newCounter('cache_miss', 'Counter for cache misses.'),
          size: scope.newGauge('size', 'Current size of the cache'),
        }
      : {};
    this.#lru = new Lru(this.settings.size, () => this.#metrics.evictions?.inc());
    this.#bucket = this.settings.rateLimit ? new VirtualTokenBucket(this.settings.rateLimit) : undefined;
  }

  /** Go `Start`: the first tick is the first multiple of the resync period after now. */
  start(): void {
    if (this.#nextTick === undefined) this.#nextTick = this.#tickAfter(currentClock().nowMs());
  }

  /** Go `Get`, after the syncs due. @throws a `PluginError` with code `NOT_FOUND`. */
  async get(id: ItemID): Promise<T> {
    await this.#catchUp();
    const item = this.#lru.get(id);
    if (item === undefined) {
      this.#metrics.cacheMiss?.inc();
      throw errorf(ErrNotFound, 'Item with id [%v] not found.', id);
    }
    this.#metrics.cacheHit?.inc();
    return item;
  }

  /** Go `GetOrCreate`, after the syncs due: a new item is synced at once unless `syncOnCreate` is off. */
  async getOrCreate(id: ItemID, item: T): Promise<T> {
    await this.#catchUp();
    const cached = this.#lru.get(id);
    if (cached !== undefined) {
      this.#metrics.cacheHit?.inc();
      return cached;
    }
    this.#lru.add(id, item);
    this.#metrics.cacheMiss?.inc();
    if (this.settings.syncOnCreate) this.#enqueue([{ id, item }], currentClock().nowMs());
    return item;
  }

  /** Go `DeleteDelayed`: gone at the next tick or after the next batch sync. */
  deleteDelayed(id: ItemID): void {
    this.#toDelete.add(id);
  }

  /** Go `Update`: stores `item` only if the cache still holds `id`. */
  update(id: ItemID, item: T): boolean {
    if (!this.#lru.has(id)) return false;
    this.#lru.add(id, item);
    return true;
  }

  /** Go `Delete`: removes the item now. */
  delete(id: ItemID): void {
    this.#toDelete.delete(id);
    this.#lru.remove(id);
  }

  /** The ids the cache holds (after the syncs due), least recently used first. */
  async keys(): Promise<ItemID[]> {
    await this.#catchUp();
    return this.#lru.keys();
  }

  /** The ids waiting for deletion (Go `toDelete`). */
  pendingDeletes(): ItemID[] {
    return [...this.#toDelete];
  }

  #tickAfter(t: number): number {
    const p = this.settings.resyncPeriodMs;
    return (Math.floor(t / p) + 1) * p;
  }

  #enqueue(batch: Batch<T>, at: number): void {
    const when = this.#bucket ? this.#bucket.reserve(at) : at;
    let i = this.#queue.length;
    while (i > 0 && this.#queue[i - 1]!.at > when) i--;
    this.#queue.splice(i, 0, { at: when, batch });
    for (const w of batch) this.#processing.add(w.id);
  }

  /** Replays what is due before now, one caller at a time. */
  #catchUp(): Promise<void> {
    const run = this.#replaying.then(() => this.#replay(currentClock().nowMs()));
    this.#replaying = run.catch(() => {});
    return run;
  }

  async #replay(nowMs: number): Promise<void> {
    if (this.#nextTick === undefined) return;
    for (;;) {
      const head = this.#queue[0];
      const tick: number = this.#nextTick;
      // A tick at a batch's instant goes first: it skips the ids of that batch (Go `processing`).
      if (head !== undefined && head.at < nowMs && head.at < tick) {
        this.#queue.shift();
        await this.#syncBatch(head);
      } else if (tick < nowMs) {
        await this.#enqueueBatches(tick);
        // While idle, the ticks before now would do nothing: go straight to the first one at or after now.
        const next: number = tick + this.settings.resyncPeriodMs;
        this.#nextTick = this.#idle() ? Math.max(next, this.#tickAfter(nowMs - 1)) : next;
      } else {
        return;
      }
    }
  }

  /** Nothing to do at a tick: no batch queued, nothing to delete, every item terminal. Ticks can be skipped. */
  #idle(): boolean {
    if (this.#queue.length > 0 || this.#toDelete.size > 0) return false;
    return this.#lru.keys().every((k) => this.#lru.peek(k)!.isTerminal());
  }

  /** Go `enqueueBatches`, at the tick instant. */
  async #enqueueBatches(tick: number): Promise<void> {
    const snapshot: ItemWrapper<T>[] = [];
    for (const id of this.#lru.keys()) {
      if (this.#toDelete.has(id)) {
        this.delete(id);
        continue;
      }
      const item = this.#lru.peek(id)!;
      if (!item.isTerminal() && !this.#processing.has(id)) snapshot.push({ id, item });
    }
    this.#metrics.size?.set(this.#lru.length);
    if (snapshot.length === 0) return;
    const batches = await this.#at(tick, () => this.#createBatches(snapshot));
    for (const b of batches) this.#enqueue(b, tick);
  }

  /** Go `sync` for one batch: the items still held and not terminal, synced at the batch's instant. */
  async #syncBatch(q: Queued<T>): Promise<void> {
    const batch: Batch<T> = [];
    for (const w of q.batch) {
      this.#processing.delete(w.id);
      const item = this.#lru.get(w.id);
      if (item !== undefined && !item.isTerminal()) batch.push({ id: w.id, item });
    }
    if (batch.length === 0) return;
    try {
      const updated = await this.#at(q.at, () => this.#sync(batch));
      for (const r of updated) if (r.action === SyncAction.Update) this.update(r.id, r.item);
    } catch {
      this.#metrics.syncErrors?.inc();
      return;
    } finally {
      this.syncCount++;
    }
    for (const id of [...this.#toDelete]) this.delete(id);
  }

  /** Runs `f` with the contract clock at `atMs`. */
  async #at<R>(atMs: number, f: () => R | Promise<R>): Promise<R> {
    // Scoped to the sync's asynchronous context: inside an executor's call a process-wide clock would not be read.
    return await runWithClock({ nowMs: () => atMs }, f);
  }
}

/**
 * Go `cache.NewAutoRefreshCache` (with `WithCreateBatchesFunc`, Go `NewAutoRefreshBatchedCache`): an AutoRefresh
 * cache syncing items with `sync` every `settings.resyncPeriodMs` of virtual time. Call `start()` before use, as Go
 * does.
 * @throws a zod error naming the field for settings out of range.
 */
export function newAutoRefreshCache<T extends Item>(
  name: string,
  sync: SyncFunc<T>,
  settings: AutoRefreshSettingsInput,
  hooks: AutoRefreshHooks<T> = {},
): VirtualAutoRefresh<T> {
  return new VirtualAutoRefresh(name, sync, settings, hooks);
}
