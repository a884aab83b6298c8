/**
 * Go `pluginmachinery/webapi` `pluginconfig.go`: a webapi plugin's quotas, rate limiters and caching, with Go's
 * defaults, and the ranges `internal/webapi` `validateConfig` enforces.
 *
 * @module
 */
import * as z from 'zod';

/** Go `webapi.RateLimiterConfig`. */
export const RateLimiterConfigSchema = z.object({
  /** Go `QPS`: calls per second to the remote service. */
  qps: z.number(),
  /** Go `Burst`. */
  burst: z.number(),
});
/** Go `webapi.RateLimiterConfig`. */
export type RateLimiterConfig = z.infer<typeof RateLimiterConfigSchema>;

/** Go `webapi.CachingConfig`. */
export const CachingConfigSchema = z.object({
  /** Go `Size`: items the cache holds (least recently used evicted beyond). */
  size: z.number(),
  /** Go `ResyncInterval`, in virtual ms: how often every resource is polled with `get`. */
  resyncIntervalMs: z.number(),
  /** Go `Workers`. */
  workers: z.number(),
  /** Go `MaxSystemFailures`: failed polls tolerated before the item is marked a system failure. */
  maxSystemFailures: z.number(),
});
/** Go `webapi.CachingConfig`. */
export type CachingConfig = z.infer<typeof CachingConfigSchema>;

/** Go `webapi.PluginConfig`. */
export const PluginConfigSchema = z.object({
  /** Go `ResourceQuotas`: namespace to quota, registered at load. Empty: no token is taken. */
  resourceQuotas: z.record(z.string(), z.number()),
  /** Go `ReadRateLimiter`: the cache's polls wait for its tokens. */
  readRateLimiter: RateLimiterConfigSchema,
  /** Go `WriteRateLimiter`: validated and, as in Flyte's machinery, not applied. */
  writeRateLimiter: RateLimiterConfigSchema,
  /** Go `Caching`. */
  caching: CachingConfigSchema,
});
/** Go `webapi.PluginConfig`. */
export type PluginConfig = z.infer<typeof PluginConfigSchema>;

/** Go `webapi.DefaultPluginConfig`, plus `resourceQuotas: {}`. */
export const DefaultPluginConfig: Readonly<PluginConfig> = Object.freeze({
  resourceQuotas: {},
  readRateLimiter: { qps: 30, burst: 300 },
  writeRateLimiter: { qps: 20, burst: 200 },
  caching: { size: 100_000, resyncIntervalMs: 30_000, workers: 10, maxSystemFailures: 5 },
});

function validateRange(errors: string[], field: string, min: number, max: number, provided: number): void {
  if (!(provided >= min && provided <= max))
    errors.push(`${field} is expected to be between ${min} and ${max}. Provided value is ${provided}`);
}

/** Go `internal/webapi` `validateConfig`: every out-of-range field, collected; empty when valid. */
export function validateConfig(cfg: PluginConfig): string[] {
  const errors: string[] = [];
  const parsed = PluginConfigSchema.safeParse(cfg);
  if (!parsed.success) return parsed.error.issues.map((i) => `$.${i.path.join('.')}: ${i.message}`);
  validateRange(errors, 'cache size', 10, 500_000, cfg.caching.size);
  validateRange(errors, 'workers count', 1, 10_000, cfg.caching.workers);
  validateRange(errors, 'resync interval', 5, 3600, cfg.caching.resyncIntervalMs / 1000);
  validateRange(errors, 'read burst', 5, 10_000, cfg.readRateLimiter.burst);
  validateRange(errors, 'read qps', 1, 100_000, cfg.readRateLimiter.qps);
  validateRange(errors, 'write burst', 5, 10_000, cfg.writeRateLimiter.burst);
  validateRange(errors, 'write qps', 1, 100_000, cfg.writeRateLimiter.qps);
  return errors;
}
