/**
 * Go `internal/webapi` `monitor.go`: a Handle of a created resource reads the cache, never the service.
 *
 * @module
 */
import { now } from '../contract/clock';
import type { TaskExecutionContext } from '../contract/exec-context';
import { phaseInfoFailure, phaseInfoQueued } from '../contract/phase-info';
import { ErrorCode } from '../errors/codes';
import { CacheItem, toPluginPhase, type ResourceCache } from './cache';
import type { AsyncPlugin, ResourceMeta } from './plugin';
import { generatedNameOf, statusContext } from './plugin-context';
import { isTerminalPhase, type State } from './state';
import type { Step } from './step';

/** Go `monitor`. */
export async function monitor<R>(
  p: AsyncPlugin<ResourceMeta, R>,
  tCtx: TaskExecutionContext,
  cache: ResourceCache<R>,
  state: State,
): Promise<Step> {
  const id = generatedNameOf(tCtx);
  const item = await cache.getOrCreate(id, new CacheItem<R>({ ...state }));
  if (item.resource === undefined) {
    if (isTerminalPhase(item.state.phase)) {
      cache.deleteDelayed(id);
      return { state, phaseInfo: phaseInfoFailure(ErrorCode.CacheFailed, item.state.errorMessage) };
    }
    return { state, phaseInfo: phaseInfoQueued(now(), item.state.phaseVersion, 'job submitted') };
  }
  const newPhase = await p.status(statusContext(tCtx, item.state.resourceMeta, item.resource));
  const newPluginPhase = toPluginPhase(newPhase.phase);
  // Go updates a copy of the cache item: the cache itself keeps its phase.
  const copy: State = { ...item.state, phase: newPluginPhase, phaseVersion: newPhase.version };
  if (isTerminalPhase(newPluginPhase)) cache.deleteDelayed(id);
  return { state: copy, phaseInfo: newPhase };
}
