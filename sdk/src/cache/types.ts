/**
 * Go `flytestdlib/cache` (`auto_refresh.go`): the types of an AutoRefresh cache.
 *
 * @module
 */
import type { MaybePromise } from '../contract/plugin';

/** Go `cache.ItemID`. */
export type ItemID = string;

/** Go `cache.Item`: a terminal item is never synced again. */
export interface Item {
  /** Go `IsTerminal`. */
  isTerminal(): boolean;
}

/** Go `cache.ItemWrapper`: an item with its id, as a sync function receives it. */
export interface ItemWrapper<T extends Item> {
  /** Go `GetID`. */
  readonly id: ItemID;
  /** Go `GetItem`. */
  readonly item: T;
}

/** Go `cache.Batch`: the items one sync call covers. */
export type Batch<T extends Item> = ItemWrapper<T>[];

/** Go `cache.SyncAction`. */
export const SyncAction = {
  /** Go `Unchanged`: the cache keeps its copy. */
  Unchanged: 'Unchanged',
  /** Go `Update`: the cache stores the new item (if it still holds the id). */
  Update: 'Update',
} as const;
/** Go `cache.SyncAction`. */
export type SyncAction = (typeof SyncAction)[keyof typeof SyncAction];

/** Go `cache.ItemSyncResponse`. */
export interface ItemSyncResponse<T extends Item> {
  id: ItemID;
  item: T;
  action: SyncAction;
}

/**
 * Go `cache.SyncFunc`: fetches the latest copy of a batch. Runs with the contract clock at the virtual instant of
 * the sync. A throw is Go's returned error: the batch is left as it was and counted in `sync_errors`.
 */
export type SyncFunc<T extends Item> = (batch: Batch<T>) => MaybePromise<ItemSyncResponse<T>[]>;

/** Go `cache.CreateBatchesFunc`: splits the items due for a sync into batches. */
export type CreateBatchesFunc<T extends Item> = (snapshot: ItemWrapper<T>[]) => MaybePromise<Batch<T>[]>;

/** Go `cache.AutoRefresh`. */
export interface AutoRefresh<T extends Item> {
  /** Go `Start`: from now on, items are synced (on creation and at every resync tick). */
  start(): void;
  /** Go `Get`. @throws a `PluginError` with code {@link ErrNotFound} when the cache does not hold `id`. */
  get(id: ItemID): Promise<T>;
  /** Go `GetOrCreate`: the cached item, or `item`, stored (and synced at once unless `syncOnCreate` is off). */
  getOrCreate(id: ItemID, item: T): Promise<T>;
  /** Go `DeleteDelayed`: the item goes at the next sync pass; until then it is still returned. */
  deleteDelayed(id: ItemID): void;
}

/** Go `cache.ErrNotFound`. */
export const ErrNotFound = 'NOT_FOUND';
