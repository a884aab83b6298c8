/**
 * Go `internal/webapi` `cache.go`: the AutoRefresh cache of remote resources, and how a poll updates an item.
 *
 * @module
 */
import type { MetricsScope } from '../contract/metrics';
import { Phase as CorePhase, phaseName } from '../contract/phase';
import { newAutoRefreshCache, type VirtualAutoRefresh } from '../cache/auto-refresh';
import { SyncAction, type Batch, type ItemSyncResponse } from '../cache/types';
import { errorf } from '../errors/plugin-error';
import type { CachingConfig, RateLimiterConfig } from './config';
import type { AsyncPlugin, Resource, ResourceMeta } from './plugin';
import { isTerminalPhase, Phase, type State } from './state';

/** Go `CacheItem`: the state as the cache knows it, and the last polled resource. */
export class CacheItem<R = Resource> {
  constructor(
    readonly state: State,
    readonly resource: R | undefined = undefined,
  ) {}

  /** Go `CacheItem.IsTerminal`: the resource's own `isTerminal()` when it has one, else the phase's. */
  isTerminal(): boolean {
    const f = (this.resource as { isTerminal?: unknown } | null | undefined)?.isTerminal;
    if (typeof f === 'function') return Boolean(f.call(this.resource));
    return isTerminalPhase(this.state.phase);
  }
}

/** Go `ResourceCache`: the AutoRefresh cache of {@link CacheItem}s. */
export type ResourceCache<R = Resource> = VirtualAutoRefresh<CacheItem<R>>;

/** Go `BadReturnCodeError`. */
export const BadReturnCodeError = 'RETURNED_UNKNOWN';

/** Go `ToPluginPhase`: the webapi phase of a status phase. @throws for a phase it does not map (Go's error). */
export function toPluginPhase(p: CorePhase): Phase {
  switch (p) {
    case CorePhase.Undefined:
    case CorePhase.NotReady:
      return Phase.NotStarted;
    case CorePhase.Initializing:
    case CorePhase.WaitingForResources:
    case CorePhase.Queued:
    case CorePhase.Running:
      return Phase.ResourcesCreated;
    case CorePhase.Success:
      return Phase.Succeeded;
    case CorePhase.PermanentFailure:
    case CorePhase.RetryableFailure:
      return Phase.UserFailure;
    default:
      throw errorf(BadReturnCodeError, 'default fallthrough case [%v]', phaseName(p));
  }
}

/** Go `ResourceCache.SyncResource` for one item. */
async function syncOne<R>(
  p: AsyncPlugin<ResourceMeta, R>,
  cfg: CachingConfig,
  id: string,
  current: CacheItem<R>,
): Promise<ItemSyncResponse<CacheItem<R>>> {
  if (id === '' || current.isTerminal()) return { id, item: current, action: SyncAction.Unchanged };
  const state: State = { ...current.state };
  if (state.syncFailureCount > cfg.maxSystemFailures) {
    return {
      id,
      item: new CacheItem({ ...state, phase: Phase.SystemFailure }, current.resource),
      action: SyncAction.Update,
    };
  }
  try {
    const resource = await p.get({ resourceMeta: () => state.resourceMeta });
    return { id, item: new CacheItem(state, resource), action: SyncAction.Update };
  } catch (e) {
    const failed = {
      ...state,
      syncFailureCount: state.syncFailureCount + 1,
      errorMessage: e instanceof Error ? e.message : String(e),
    };
    return { id, item: new CacheItem(failed, current.resource), action: SyncAction.Update };
  }
}

/**
 * Go `NewResourceCache`: polls with `p.get`, at most `readRateLimiter` polls per second. Started. Go also counts the
 * cache's hits and misses in the `cache` sub-scope; they would be in every round's timeline record, so they are
 * only kept when `scope` is given (the machinery gives none; see the SDK README's differences).
 */
export function newResourceCache<R>(
  name: string,
  p: AsyncPlugin<ResourceMeta, R>,
  cfg: CachingConfig,
  rate: RateLimiterConfig,
  scope?: MetricsScope,
): ResourceCache<R> {
  const sync = async (batch: Batch<CacheItem<R>>) => {
    const out: ItemSyncResponse<CacheItem<R>>[] = [];
    for (const w of batch) out.push(await syncOne(p, cfg, w.id, w.item));
    return out;
  };
  const cache = newAutoRefreshCache(
    name,
    sync,
    { resyncPeriodMs: cfg.resyncIntervalMs, workers: cfg.workers, size: cfg.size, rateLimit: rate },
    scope === undefined ? {} : { metricsScope: scope },
  );
  cache.start();
  return cache;
}
