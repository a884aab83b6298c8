/**
 * Go `resourcemanager.RedisResourceManager`, in memory: Flyte's quota algorithm over one set per namespace, with its
 * quirks switchable.
 *
 * @module
 */
import { AllocationStatus } from '../../contract/resource';
import { ResourceNotFoundError } from '../../contract/errors';
import { OrderedTokenSet } from './ordered-token-set';
import { PoolTable } from './pool-table';
import { PrefixCountingSet } from './prefix-counting-set';
import { checkQuotaRegistration, describeDecision, resolveMaxQuota } from './redis-quota-rules';
import {
  ResourceManagerID,
  resourceNotFoundMessage,
  type AllocationOutcome,
  type PrefixConstraint,
  type QuotaBackend,
} from './quota-backend';

/** Flyte behaviours that its code comments say are not intended. Both default to `true`: do as Flyte does. */
export interface RedisQuotaQuirks {
  /**
   * `true` (Flyte): a constraint counts every token that starts with its prefix (`strings.HasPrefix`), so project
   * `flyte` also counts tokens of project `flytesnacks`, and domain `dev` those of `development`.
   * `false`: only tokens in which the prefix is followed by `:` count.
   * @default true
   */
  prefixCollision?: boolean;
  /**
   * `true` (Flyte): a constraint value of 0 or less rejects whenever the pool holds any token, and allows when it is
   * empty, because Flyte's counting loop checks `Value > count` after each member and never runs on an empty pool.
   * `false`: a value of 0 or less means no cap, as Flyte's code comment claims.
   * @default true
   */
  nonPositiveValueRejects?: boolean;
}

/** Options of {@link RedisQuotaBackend}; the same shape as the executor's `resourceManager` options. */
export interface RedisQuotaBackendOptions {
  /**
   * Go `resourcemanager.resourceMaxQuota`: the largest quota a namespace may register. A positive integer or
   * `Infinity`. @default 1000
   */
  maxQuota?: number;
  /** See {@link RedisQuotaQuirks}. */
  quirks?: RedisQuotaQuirks;
}

interface RedisPool {
  readonly namespace: string;
  readonly quota: number;
  /** Go: the Redis set named after the namespace. */
  readonly holders: PrefixCountingSet;
  /** Go `Resource.rejectedTokens`, in the order of first rejection. */
  readonly waiting: OrderedTokenSet;
}

// Outcomes of #decide; a number >= 0 is the index of the constraint that rejected.
const ALREADY_HELD = -1;
const GRANTED = -2;
const QUOTA_REACHED = -3;

/**
 * Go `RedisResourceManager` (with its builder's registration), keeping each namespace's set in memory.
 *
 * Allocation follows Go's `AllocateResource` step by step:
 * 1. an unregistered namespace throws {@link ResourceNotFoundError} (Go: `AllocationUndefined` and an error);
 * 2. a token already held is `Granted` again, even if the pool is now over quota, without looking at constraints;
 * 3. unless `quota > held`, the token is marked waiting and `Exhausted`;
 * 4. each constraint in order: unless `value > count` of held tokens matching its prefix (see
 *    {@link RedisQuotaQuirks}), the token is marked waiting and `Exhausted`;
 * 5. the token is added, its waiting mark cleared, and it is `Granted`.
 * `NamespaceQuotaExceeded` is never returned, as in Flyte.
 *
 * Counting by prefix uses {@link PrefixCountingSet}, so a constraint costs O(distinct projects) rather than Go's
 * O(pool size) walk, with identical results.
 *
 * Flyte's check-then-add race (which may overshoot a cap) cannot happen here: calls are synchronous.
 */
export class RedisQuotaBackend extends PoolTable<RedisPool> implements QuotaBackend {
  readonly id: string = ResourceManagerID.Redis;
  /** The resolved `maxQuota`. */
  readonly maxQuota: number;
  /** The resolved quirks. */
  readonly quirks: Readonly<Required<RedisQuotaQuirks>>;
  readonly #prefixCollision: boolean;
  readonly #nonPositiveValueRejects: boolean;
  #lastNamespace: string | undefined;
  #lastPool: RedisPool | undefined;

  constructor(options: RedisQuotaBackendOptions = {}) {
    super();
    const maxQuota = resolveMaxQuota(options.maxQuota);
    this.maxQuota = maxQuota;
    this.#prefixCollision = options.quirks?.prefixCollision ?? true;
    this.#nonPositiveValueRejects = options.quirks?.nonPositiveValueRejects ?? true;
    this.quirks = Object.freeze({
      prefixCollision: this.#prefixCollision,
      nonPositiveValueRejects: this.#nonPositiveValueRejects,
    });
  }

  /**
   * Go `RedisResourceManagerBuilder.RegisterResourceQuota`.
   * @throws {@link InvalidArgumentError} unless `quota` is an integer with `0 < quota <= maxQuota`, then if the
   * namespace is already registered (`Resource namespace already exists [...]`), in Go's order.
   */
  registerResourceQuota(namespaceFQ: string, quota: number): void {
    checkQuotaRegistration(namespaceFQ, quota, this.maxQuota, this.table.has(namespaceFQ));
    this.table.set(namespaceFQ, {
      namespace: namespaceFQ,
      quota,
      holders: new PrefixCountingSet(),
      waiting: new OrderedTokenSet(),
    });
  }

  /** Go `RedisResourceManager.AllocateResource`; see the class for the steps. */
  allocate(
    namespaceFQ: string,
    tokenFQ: string,
    constraints: readonly PrefixConstraint[],
    tokenPrefix?: string,
    token?: string,
  ): AllocationStatus {
    const outcome = this.#decide(this.#get(namespaceFQ), tokenFQ, constraints, tokenPrefix, token);
    return outcome === GRANTED || outcome === ALREADY_HELD ? AllocationStatus.Granted : AllocationStatus.Exhausted;
  }

  /** {@link allocate} with the rule that decided. */
  allocateWithReason(
    namespaceFQ: string,
    tokenFQ: string,
    constraints: readonly PrefixConstraint[],
    tokenPrefix?: string,
    token?: string,
  ): AllocationOutcome {
    const pool = this.#get(namespaceFQ);
    const heldBefore = pool.holders.size;
    const outcome = this.#decide(pool, tokenFQ, constraints, tokenPrefix, token);
    switch (outcome) {
      case ALREADY_HELD:
        return describeDecision({ kind: 'alreadyHeld', heldBefore, quota: pool.quota });
      case GRANTED:
        return describeDecision({ kind: 'granted', heldAfter: pool.holders.size, quota: pool.quota });
      case QUOTA_REACHED:
        return describeDecision({ kind: 'quotaReached', heldBefore, quota: pool.quota });
      default: {
        const constraint = constraints[outcome]!;
        const count = this.#count(pool, constraint.targetedPrefix);
        return describeDecision({ kind: 'constraint', index: outcome, constraint, count });
      }
    }
  }

  #decide(
    pool: RedisPool,
    tokenFQ: string,
    constraints: readonly PrefixConstraint[],
    tokenPrefix: string | undefined,
    token: string | undefined,
  ): number {
    const holders = pool.holders;
    if (holders.has(tokenFQ, tokenPrefix, token)) return ALREADY_HELD;
    const size = holders.size;
    if (!(pool.quota > size)) {
      pool.waiting.add(tokenFQ);
      return QUOTA_REACHED;
    }
    for (let i = 0; i < constraints.length; i++) {
      if (!this.#allows(pool, constraints[i]!, size)) {
        pool.waiting.add(tokenFQ);
        return i;
      }
    }
    holders.add(tokenFQ, tokenPrefix, token);
    pool.waiting.delete(tokenFQ);
    return GRANTED;
  }

  /**
   * Go `checkAgainstOneConstraint`: it walks the members and fails as soon as `!(Value > count)` after any member.
   * The count only grows, so on a non-empty pool that is `!(Value > final count)`; on an empty pool the loop never
   * runs and allows.
   */
  #allows(pool: RedisPool, constraint: PrefixConstraint, size: number): boolean {
    if (!this.#nonPositiveValueRejects && constraint.value <= 0) return true;
    if (size === 0) return true;
    return constraint.value > this.#count(pool, constraint.targetedPrefix);
  }

  #count(pool: RedisPool, prefix: string): number {
    return this.#prefixCollision ? pool.holders.countWithPrefix(prefix) : pool.holders.countWithSegmentPrefix(prefix);
  }

  /**
   * Go `RedisResourceManager.ReleaseResource`: removes the token first, then fails for an unregistered namespace.
   * Releasing a token that is not held in a registered namespace succeeds, and clears its waiting mark.
   * @throws {@link ResourceNotFoundError} for an unregistered namespace.
   */
  release(namespaceFQ: string, tokenFQ: string, tokenPrefix?: string, token?: string): void {
    const pool = this.#find(namespaceFQ);
    // Go's SREM comes first, but on a namespace nobody registered it has nothing to remove: only the error shows.
    if (pool === undefined) throw new ResourceNotFoundError(resourceNotFoundMessage(namespaceFQ));
    pool.holders.delete(tokenFQ, tokenPrefix, token);
    pool.waiting.delete(tokenFQ);
  }

  #get(namespaceFQ: string): RedisPool {
    const pool = this.#find(namespaceFQ);
    if (pool === undefined) throw new ResourceNotFoundError(resourceNotFoundMessage(namespaceFQ));
    return pool;
  }

  /** The pool of `namespaceFQ`; the last one found is found again without a lookup (pools are never removed). */
  #find(namespaceFQ: string): RedisPool | undefined {
    if (namespaceFQ === this.#lastNamespace) return this.#lastPool;
    const pool = this.table.get(namespaceFQ);
    if (pool !== undefined) {
      this.#lastNamespace = namespaceFQ;
      this.#lastPool = pool;
    }
    return pool;
  }
}
