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
  /**
   * A base manager built by the caller, used as it is: e.g. `RedisServerQuotaBackend` of `@plugbench/sdk/node`, which
   * keeps the pools in a real Redis shared by several processes.
   */
  backend?: QuotaBackend;
}

/** A new base manager; `maxQuota` and `quirks` only matter to `redis`. */
export function createQuotaBackend(options: QuotaBackendOptions = {}): QuotaBackend {
  if (options.backend !== undefined) return options.backend;
  return (options.type ?? 'noop') === 'redis' ? new RedisQuotaBackend(options) : new NoopQuotaBackend();
}
