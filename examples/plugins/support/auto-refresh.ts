/**
 * Flytestdlib's `cache.AutoRefresh` (`in_memory_auto_refresh.go`), the cache behind Flyte's webapi machinery and its
 * Hive plugin, in virtual time.
 *
 * In Flyte, background workers call a sync function for every cached item: once right after the item is created
 * (the "cold start" fix, `GetOrCreate` enqueues it), then on every resync tick, skipping terminal items. Plugins only
 * read what the workers last stored. Here there are no background workers: the syncs an item would have had are run
 * when the item is next touched, each one at its own virtual instant (the contract clock is set to that instant while
 * the sync function runs, so `now()` in it, and in a remote service it calls, reads the time of the sync).
 *
 * The timing rules, chosen so that the phase sequences are Flyte's and deterministic:
 * - the sync of a new item happens at its creation instant, and a sync at instant `s` is seen only by calls made
 *   after `s` (the worker finishes "just after"): the round right after a launch still finds no resource;
 * - resync ticks are at multiples of the resync interval since the Unix epoch (Go: a ticker started with the cache);
 * - `deleteDelayed` removes the item at the next tick (Go: at the next pass of the sync loop), so a Handle replayed
 *   at the same instant still finds it.
 * Not reproduced: the LRU size limit, the rate limiter of the work queue, batching, and the "being processed" set.
 *
 * @module
 */
import { currentClock, installClock, type MaybePromise } from '@plugbench/sdk';

/** Go `cache.ItemSyncResponse` for one item: store a new version of it, or leave it. */
export type SyncResponse<T> = { action: 'update'; item: T } | { action: 'unchanged' };

/** Options of {@link VirtualAutoRefresh}. */
export interface AutoRefreshOptions<T> {
  /** Go `name`: for error messages. */
  name: string;
  /** Go `resyncPeriod`, in virtual ms. */
  resyncIntervalMs: number;
  /**
   * Go `SyncFunc`, for one item. Runs with the contract clock at the instant of the sync. A throw is Go's batch
   * error: the item is left as it was.
   */
  sync: (id: string, item: T) => MaybePromise<SyncResponse<T>>;
  /** Go `IsTerminal` of an item: terminal items are never synced again. @default never terminal */
  isTerminal?: (item: T) => boolean;
}

interface Entry<T> {
  item: T;
  /** The instant of the next sync; `undefined` once the item is terminal. */
  nextSyncAt: number | undefined;
  /** The tick at which `deleteDelayed` removes the item. */
  deleteAt: number | undefined;
}

/** Go `cache.AutoRefresh`, with its background syncs replayed lazily in virtual time (see the module). */
export class VirtualAutoRefresh<T> {
  readonly #items = new Map<string, Entry<T>>();
  readonly #options: AutoRefreshOptions<T>;
  /** The last error a sync threw, per item, for debugging. */
  readonly lastSyncError = new Map<string, unknown>();

  constructor(options: AutoRefreshOptions<T>) {
    if (!(options.resyncIntervalMs > 0)) throw new Error(`${options.name}: the resync interval must be positive`);
    this.#options = options;
  }

  /**
   * Go `GetOrCreate`: the cached item (after the syncs it is due), or `item`, stored and scheduled for a sync at
   * once. An existing item is never replaced.
   */
  async getOrCreate(id: string, item: T): Promise<T> {
    const nowMs = this.#sweep();
    const entry = this.#items.get(id);
    if (entry !== undefined) {
      await this.#catchUp(id, entry, nowMs);
      return entry.item;
    }
    this.#items.set(id, { item, nextSyncAt: nowMs, deleteAt: undefined });
    return item;
  }

  /** Go `Get`: the cached item after the syncs it is due, or `undefined`. */
  async get(id: string): Promise<T | undefined> {
    const nowMs = this.#sweep();
    const entry = this.#items.get(id);
    if (entry === undefined) return undefined;
    await this.#catchUp(id, entry, nowMs);
    return entry.item;
  }

  /** Go `DeleteDelayed`: the item goes at the next resync tick. */
  deleteDelayed(id: string): void {
    const entry = this.#items.get(id);
    if (entry !== undefined && entry.deleteAt === undefined) entry.deleteAt = this.#nextTick(currentClock().nowMs());
  }

  /** How many items the cache holds now. */
  size(): number {
    this.#sweep();
    return this.#items.size;
  }

  /** The ids of the items the cache holds now. */
  keys(): string[] {
    this.#sweep();
    return [...this.#items.keys()];
  }

  #nextTick(t: number): number {
    const i = this.#options.resyncIntervalMs;
    return (Math.floor(t / i) + 1) * i;
  }

  /** Removes items whose delayed deletion is past; returns now. */
  #sweep(): number {
    const nowMs = currentClock().nowMs();
    for (const [id, e] of this.#items) {
      if (e.deleteAt !== undefined && e.deleteAt < nowMs) {
        this.#items.delete(id);
        this.lastSyncError.delete(id);
      }
    }
    return nowMs;
  }

  async #catchUp(id: string, entry: Entry<T>, nowMs: number): Promise<void> {
    const terminal = this.#options.isTerminal ?? (() => false);
    while (entry.nextSyncAt !== undefined && entry.nextSyncAt < nowMs) {
      const at = entry.nextSyncAt;
      if (entry.deleteAt !== undefined && at >= entry.deleteAt) break;
      if (terminal(entry.item)) {
        entry.nextSyncAt = undefined;
        break;
      }
      const restore = installClock({ nowMs: () => at });
      try {
        const res = await this.#options.sync(id, entry.item);
        if (res.action === 'update') entry.item = res.item;
        this.lastSyncError.delete(id);
      } catch (e) {
        this.lastSyncError.set(id, e);
      } finally {
        restore();
      }
      entry.nextSyncAt = this.#nextTick(at);
    }
  }
}
