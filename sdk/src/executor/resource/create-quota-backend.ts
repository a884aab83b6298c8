/**
 * The base manager chosen by configuration (Go: `resourcemanager.GetResourceManagerBuilderByType`).
 *
 * @module
 */
import { NoopQuotaBackend } from './noop-quota-backend';
import { RedisQuotaBackend, type RedisQuotaBackendOptions } from './redis-quota-backend';
import type { QuotaBackend } from './quota-backend';

/** Go `resourcemanager` config section; the same shape as the executor's `resourceManager` options. */
export interface QuotaBackendOptions extends RedisQuotaBackendOptions {
  /** Go `type`: `noop` grants everything; `redis` ports Flyte's Redis algorithm in memory. @default 'noop' */
  type?: 'noop' | 'redis';
}

/** A new base manager; `maxQuota` and `quirks` only matter to `redis`. */
export function createQuotaBackend(options: QuotaBackendOptions = {}): QuotaBackend {
  return (options.type ?? 'noop') === 'redis' ? new RedisQuotaBackend(options) : new NoopQuotaBackend();
}
