/**
 * The options of {@link newAutoRefreshCache}: Go `NewInMemoryAutoRefresh`'s arguments and options, validated with
 * zod (they usually come from a plugin's config file).
 *
 * @module
 */
import * as z from 'zod';
import type { MetricsScope } from '../contract/metrics';
import type { CreateBatchesFunc, Item } from './types';

/** The numeric settings of an AutoRefresh cache. */
export const AutoRefreshSettingsSchema = z.object({
  /** Go `resyncPeriod`, in virtual ms: every item not terminal is synced at each multiple of it. */
  resyncPeriodMs: z.number().positive(),
  /**
   * Go `parallelizm`: the workers. Syncs take no virtual time, so any number of workers finishes a tick's batches
   * at the tick's instant; kept for fidelity and validated.
   */
  workers: z.number().int().min(1).default(10),
  /** Go `size`: the most items held; beyond it the least recently used is evicted. */
  size: z.number().int().min(1).default(100_000),
  /** Go `WithSyncOnCreate`: sync a new item at once (else at the next tick). */
  syncOnCreate: z.boolean().default(true),
  /**
   * The work queue's token bucket (Go: the `syncRateLimiter`'s bucket): at most `burst` syncs at once, then `qps`
   * per second; a batch waits in virtual time for its token. Unset: no limit.
   */
  rateLimit: z.object({ qps: z.number().positive(), burst: z.number().int().min(1) }).optional(),
});

/** What {@link AutoRefreshSettingsSchema} accepts. */
export type AutoRefreshSettingsInput = z.input<typeof AutoRefreshSettingsSchema>;
/** The settings with defaults filled in. */
export type AutoRefreshSettings = z.output<typeof AutoRefreshSettingsSchema>;

/** The options of {@link newAutoRefreshCache} that are code, not data. */
export interface AutoRefreshHooks<T extends Item> {
  /** Go `WithCreateBatchesFunc`. @default one item per batch (Go `SingleItemBatches`) */
  createBatches?: CreateBatchesFunc<T>;
  /** Go `scope`: the cache's metrics (`sync_errors`, `lru_evictions`, `cache_hit`, `cache_miss`, `size`). */
  metricsScope?: MetricsScope;
}
