/**
 * Go `internal/webapi` `launcher.go`: creating the remote resource and handing it to the cache.
 *
 * @module
 */
import { now } from '../contract/clock';
import type { TaskExecutionContext } from '../contract/exec-context';
import { isTerminal } from '../contract/phase';
import { phaseInfoQueued, phaseInfoRetryableFailure } from '../contract/phase-info';
import { ErrorCode } from '../errors/codes';
import { CacheItem, type ResourceCache } from './cache';
import type { AsyncPlugin, CreateResult, ResourceMeta } from './plugin';
import { generatedNameOf, statusContext } from './plugin-context';
import { Phase, type State } from './state';
import type { Step } from './step';

/** Go `launch`. */
export async function launch<R>(
  p: AsyncPlugin<ResourceMeta, R>,
  tCtx: TaskExecutionContext,
  cache: ResourceCache<R>,
  state: State,
): Promise<Step> {
  let created: CreateResult<ResourceMeta, R>;
  try {
    created = await p.create(tCtx);
  } catch (e) {
    // As in Flyte: a Create error, even a transient one, uses a user retry; the state is put again unchanged.
    return {
      state,
      phaseInfo: phaseInfoRetryableFailure(ErrorCode.TaskFailedWithError, e instanceof Error ? e.message : String(e)),
    };
  }
  if (created.resource !== undefined) {
    const phase = await p.status(statusContext(tCtx, created.resourceMeta, created.resource));
    if (isTerminal(phase.phase)) return { state, phaseInfo: phase };
  }
  const next: State = { ...state, resourceMeta: created.resourceMeta, phase: Phase.ResourcesCreated, phaseVersion: 2 };
  await cache.getOrCreate(generatedNameOf(tCtx), new CacheItem<R>({ ...next }));
  return { state: next, phaseInfo: phaseInfoQueued(now(), next.phaseVersion, 'launched') };
}
