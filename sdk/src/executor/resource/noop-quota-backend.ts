/**
 * Go `resourcemanager.NoopResourceManager`: Flyte's default manager, which grants everything.
 *
 * @module
 */
import { AllocationStatus } from '../../contract/resource';
import { ResourceManagerID, type AllocationOutcome, type PrefixConstraint, type QuotaBackend } from './quota-backend';
import { OrderedTokenSet } from './ordered-token-set';
import { PoolTable } from './pool-table';

interface NoopPool {
  readonly namespace: string;
  quota: number | null;
  readonly holders: OrderedTokenSet;
}

/**
 * Go `NoopResourceManager`: registers any quota (even an invalid or repeated one), grants every allocation, even
 * in a namespace nobody registered, and releases anything without error.
 *
 * Unlike Flyte's, which keeps nothing, this one remembers holders so that pools stay observable; they never limit
 * anything. A namespace first seen in an allocation gets a pool with `quota: null`; a repeated registration
 * replaces the recorded quota (Flyte's Redis manager would refuse it: worth a warning in a report, not an error).
 */
export class NoopQuotaBackend extends PoolTable<NoopPool> implements QuotaBackend {
  readonly id: string = ResourceManagerID.Noop;

  #poolFor(namespaceFQ: string): NoopPool {
    let pool = this.table.get(namespaceFQ);
    if (pool === undefined) {
      pool = { namespace: namespaceFQ, quota: null, holders: new OrderedTokenSet() };
      this.table.set(namespaceFQ, pool);
    }
    return pool;
  }

  /** Go `NoopResourceManagerBuilder.RegisterResourceQuota`: accepts anything. */
  registerResourceQuota(namespaceFQ: string, quota: number): void {
    this.#poolFor(namespaceFQ).quota = quota;
  }

  /** Go `NoopResourceManager.AllocateResource`: `Granted`, whatever the constraints. */
  allocate(
    namespaceFQ: string,
    tokenFQ: string,
    _constraints: readonly PrefixConstraint[],
    tokenPrefix?: string,
    token?: string,
  ): AllocationStatus {
    this.#poolFor(namespaceFQ).holders.add(tokenFQ, tokenPrefix, token);
    return AllocationStatus.Granted;
  }

  /** {@link allocate} with its reason. */
  allocateWithReason(
    namespaceFQ: string,
    tokenFQ: string,
    constraints: readonly PrefixConstraint[],
    tokenPrefix?: string,
    token?: string,
  ): AllocationOutcome {
    return {
      status: this.allocate(namespaceFQ, tokenFQ, constraints, tokenPrefix, token),
      reason: 'noop resource manager grants every allocation',
    };
  }

  /** Go `NoopResourceManager.ReleaseResource`: never fails. */
  release(namespaceFQ: string, tokenFQ: string, tokenPrefix?: string, token?: string): void {
    this.table.get(namespaceFQ)?.holders.delete(tokenFQ, tokenPrefix, token);
  }
}
