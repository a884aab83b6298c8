/**
 * `@plugbench/sdk/webapi`: Go `pluginmachinery/webapi` (the AsyncPlugin / SyncPlugin contract and its config) and
 * `pluginmachinery/internal/webapi` as {@link createRemotePlugin}: quotas and allocation tokens, launch, polling
 * through an AutoRefresh cache in virtual time (resync period, workers, `maxSystemFailures`, the read rate
 * limiter), and a Finalize that releases the token and evicts the cache entry.
 *
 * @module
 */
export type {
  AsyncPlugin,
  SyncPlugin,
  PluginEntry,
  PluginLoader,
  PluginSetupContext,
  TaskExecutionContextReader,
  WebApiTaskExecutionContext,
  GetContext,
  DeleteContext,
  StatusContext,
  CreateResult,
  ResourceRequirementsResult,
  Resource,
  ResourceMeta,
} from './plugin';
export {
  PluginConfigSchema,
  CachingConfigSchema,
  RateLimiterConfigSchema,
  DefaultPluginConfig,
  validateConfig,
  type PluginConfig,
  type CachingConfig,
  type RateLimiterConfig,
} from './config';
export { Phase, isTerminalPhase, PluginStateVersion, StateSchema, zeroState, type State } from './state';
export { CacheItem, toPluginPhase, BadReturnCodeError, newResourceCache, type ResourceCache } from './cache';
export { CorePlugin, SyncCorePlugin, createRemotePlugin } from './core';
