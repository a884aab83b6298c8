/**
 * The parts of Go `resourcemanager.RedisResourceManager` that do not depend on where the sets live: the checks of
 * a quota registration and the sentences that say which rule decided an allocation. Shared by the in-memory port
 * and the real Redis manager, so that both give the same timeline.
 *
 * @module
 */
import { AllocationStatus } from '../../contract/resource';
import { InvalidArgumentError } from '../../contract/errors';
import { DEFAULT_RESOURCE_MAX_QUOTA, type AllocationOutcome, type PrefixConstraint } from './quota-backend';

/** The resolved `maxQuota` option. @throws {@link InvalidArgumentError} unless a positive integer or `Infinity`. */
export function resolveMaxQuota(maxQuota: number | undefined): number {
  const value = maxQuota ?? DEFAULT_RESOURCE_MAX_QUOTA;
  if (!(value === Number.POSITIVE_INFINITY || (Number.isSafeInteger(value) && value > 0))) {
    throw new InvalidArgumentError(`Invalid resource max quota [${value}]: expected a positive integer or Infinity`);
  }
  return value;
}

/**
 * Go `RedisResourceManagerBuilder.RegisterResourceQuota`'s checks, in Go's order.
 * @throws {@link InvalidArgumentError} unless `quota` is an integer with `0 < quota <= maxQuota`, then if the
 * namespace is already registered.
 */
export function checkQuotaRegistration(namespaceFQ: string, quota: number, maxQuota: number, exists: boolean): void {
  if (!(Number.isSafeInteger(quota) && quota > 0 && quota <= maxQuota)) {
    throw new InvalidArgumentError(
      `Invalid request for resource quota (<= 0 || > ${maxQuota}): [${quota}] for namespace [${namespaceFQ}]; ` +
        `expected an integer with 0 < quota <= ${maxQuota}`,
    );
  }
  if (exists) {
    throw new InvalidArgumentError(
      `Resource namespace already exists [${namespaceFQ}]; expected each namespace to be registered once`,
    );
  }
}

/** Which rule decided an allocation, with the counts it compared. */
export type RedisDecision =
  | { kind: 'alreadyHeld'; heldBefore: number; quota: number }
  | { kind: 'granted'; heldAfter: number; quota: number }
  | { kind: 'quotaReached'; heldBefore: number; quota: number }
  | { kind: 'constraint'; index: number; constraint: PrefixConstraint; count: number };

/** The {@link AllocationOutcome} of a decision: its status and the sentence the timeline shows. */
export function describeDecision(decision: RedisDecision): AllocationOutcome {
  switch (decision.kind) {
    case 'alreadyHeld':
      return {
        status: AllocationStatus.Granted,
        reason: `token already held: re-allocation is granted without checks (${decision.heldBefore}/${decision.quota} held)`,
      };
    case 'granted':
      return { status: AllocationStatus.Granted, reason: `granted (${decision.heldAfter}/${decision.quota} held)` };
    case 'quotaReached':
      return {
        status: AllocationStatus.Exhausted,
        reason: `quota reached: ${decision.heldBefore} held, quota ${decision.quota} (granted only while quota > held)`,
      };
    case 'constraint': {
      const c = decision.constraint;
      return {
        status: AllocationStatus.Exhausted,
        reason:
          `constraint ${decision.index} [${c.targetedPrefix}] value ${c.value} reached: ${decision.count} ` +
          `held tokens match (granted only while value > count${c.value <= 0 ? '; a value <= 0 rejects whenever the pool is not empty' : ''})`,
      };
    }
  }
}
