/**
 * `@plugbench/sdk/cache`: flytestdlib's `cache.AutoRefresh` (`NewAutoRefreshCache`), driven by the executor's
 * virtual clock so that runs stay deterministic: batches, the sync callback, the resync period, workers, a size
 * limit, `getOrCreate`, `get` and delayed deletes.
 *
 * @module
 */
export { newAutoRefreshCache, singleItemBatches, VirtualAutoRefresh } from './auto-refresh';
export {
  AutoRefreshSettingsSchema,
  type AutoRefreshSettings,
  type AutoRefreshSettingsInput,
  type AutoRefreshHooks,
} from './options';
export { VirtualTokenBucket, type RateLimit } from './token-bucket';
export {
  SyncAction,
  ErrNotFound,
  type AutoRefresh,
  type Batch,
  type CreateBatchesFunc,
  type Item,
  type ItemID,
  type ItemSyncResponse,
  type ItemWrapper,
  type SyncFunc,
} from './types';
