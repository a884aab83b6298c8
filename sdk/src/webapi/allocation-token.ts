/**
 * Go `internal/webapi` `allocation_token.go`: taking a quota token before the remote resource is created, and
 * giving it back in Finalize.
 *
 * @module
 */
import { now } from '../contract/clock';
import type { TaskExecutionContext } from '../contract/exec-context';
import { phaseInfoQueued, phaseInfoWaitingForResources } from '../contract/phase-info';
import { AllocationStatus } from '../contract/resource';
import type { Metrics } from './metrics';
import type { AsyncPlugin } from './plugin';
import { generatedNameOf } from './plugin-context';
import { Phase, zeroState, type State } from './state';
import type { Step } from './step';

const acquired = (startMs: number): State => ({
  ...zeroState(),
  allocationTokenRequestStartTime: startMs,
  phase: Phase.AllocationTokenAcquired,
});

/** Go `tokenAllocator.allocateToken`. */
export async function allocateToken(
  p: AsyncPlugin<never, never>,
  tCtx: TaskExecutionContext,
  state: State,
  metrics: Metrics,
): Promise<Step> {
  const t = now();
  if (Object.keys(p.getConfig().resourceQuotas).length === 0)
    return { state: acquired(t.getTime()), phaseInfo: phaseInfoQueued(t, 0, 'No allocation token required') };
  const { namespace, constraints } = await p.resourceRequirements(tCtx);
  const status = await tCtx.resourceManager().allocateResource(namespace, generatedNameOf(tCtx), constraints);
  switch (status) {
    case AllocationStatus.Granted:
      metrics.allocationGranted.inc();
      return { state: acquired(t.getTime()), phaseInfo: phaseInfoQueued(t, 0, 'Allocation token required') };
    case AllocationStatus.NamespaceQuotaExceeded:
      // Kept from Flyte on purpose: Go's `case AllocationStatusNamespaceQuotaExceeded:` is an empty case (Go has no
      // implicit fallthrough), so this status ends in "allocation status undefined", a round error, not a wait.
      break;
    case AllocationStatus.Exhausted: {
      metrics.allocationNotGranted.inc();
      const start = state.allocationTokenRequestStartTime === 0 ? t.getTime() : state.allocationTokenRequestStartTime;
      return {
        state: { ...zeroState(), allocationTokenRequestStartTime: start, phase: Phase.NotStarted },
        phaseInfo: phaseInfoWaitingForResources(t, 0, 'Quota for task has exceeded. Waiting for the resource.'),
      };
    }
  }
  // Go `fmt.Errorf`: an error without a code.
  throw new Error(`allocation status undefined [${status}]`);
}

/** Go `tokenAllocator.releaseToken`. */
export async function releaseToken(
  p: AsyncPlugin<never, never>,
  tCtx: TaskExecutionContext,
  metrics: Metrics,
): Promise<void> {
  const { namespace } = await p.resourceRequirements(tCtx);
  try {
    await tCtx.resourceManager().releaseResource(namespace, generatedNameOf(tCtx));
  } catch (e) {
    metrics.resourceReleaseFailed.inc();
    throw e;
  }
  metrics.resourceReleased.inc();
}
