/**
 * Go `resourcemanager.NoopResourceManager`: Flyte's default manager, which grants everything.
 *
 * @module
 */
import { AllocationStatus } from '../../contract/resource';
import {
  ResourceManagerID,
  type AllocationOutcome,
  type PoolSnapshot,
  type PoolUsage,
  type PrefixConstraint,
  type QuotaBackend,
} from './quota-backend';
import { OrderedTokenSet } from './ordered-token-set';

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
export class NoopQuotaBackend implements QuotaBackend {
  readonly id: string = ResourceManagerID.Noop;
  readonly #pools = new Map<string, NoopPool>();

  #poolFor(namespaceFQ: string): NoopPool {
    let pool = this.#pools.get(namespaceFQ);
    if (pool === undefined) {
      pool = { namespace: namespaceFQ, quota: null, holders: new OrderedTokenSet() };
      this.#pools.set(namespaceFQ, pool);
    }
    return pool;
  }

  /** Go `NoopResourceManagerBuilder.RegisterResourceQuota`: accepts anything. */
  registerResourceQuota(namespaceFQ: string, quota: number): void {
    this.#poolFor(namespaceFQ).quota = quota;
  }

  /** Go `NoopResourceManager.AllocateResource`: `Granted`, whatever the constraints. */
  allocate(namespaceFQ: string, tokenFQ: string, _constraints: readonly PrefixConstraint[]): AllocationStatus {
    this.#poolFor(namespaceFQ).holders.add(tokenFQ);
    return AllocationStatus.Granted;
  }

  /** {@link allocate} with its reason. */
  allocateWithReason(namespaceFQ: string, tokenFQ: string, constraints: readonly PrefixConstraint[]): AllocationOutcome {
    return { status: this.allocate(namespaceFQ, tokenFQ, constraints), reason: 'noop resource manager grants every allocation' };
  }

  /** Go `NoopResourceManager.ReleaseResource`: never fails. */
  release(namespaceFQ: string, tokenFQ: string): void {
    this.#pools.get(namespaceFQ)?.holders.delete(tokenFQ);
  }

  pools(): PoolSnapshot[] {
    return [...this.#pools.values()].map(snapshot);
  }

  pool(namespaceFQ: string): PoolSnapshot | undefined {
    const pool = this.#pools.get(namespaceFQ);
    return pool === undefined ? undefined : snapshot(pool);
  }

  usage(namespaceFQ: string): PoolUsage | undefined {
    const pool = this.#pools.get(namespaceFQ);
    return pool === undefined ? undefined : { used: pool.holders.size, quota: pool.quota };
  }
}

function snapshot(pool: NoopPool): PoolSnapshot {
  return { namespace: pool.namespace, quota: pool.quota, holders: pool.holders.toArray(), waiting: [] };
}
