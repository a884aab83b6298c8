/**
 * Go `resourcemanager.RedisResourceManager` over a real Redis: one Redis set per fully qualified namespace, keyed
 * by that name, holding the fully qualified tokens, so that every process pointing at the same Redis shares the
 * quotas, as every FlytePropeller replica does.
 *
 * @module
 */
import { Redis } from 'ioredis';
import type { AllocationStatus } from '../contract/resource';
import { ResourceNotFoundError } from '../contract/errors';
import { OrderedTokenSet } from '../executor/resource/ordered-token-set';
import {
  ResourceManagerID,
  resourceNotFoundMessage,
  type AllocationOutcome,
  type PoolSnapshot,
  type PoolUsage,
  type PrefixConstraint,
  type QuotaBackend,
} from '../executor/resource/quota-backend';
import type { RedisQuotaBackendOptions } from '../executor/resource/redis-quota-backend';
import {
  checkQuotaRegistration,
  describeDecision,
  resolveMaxQuota,
  type RedisDecision,
} from '../executor/resource/redis-quota-rules';

/**
 * Go `AllocateResource`'s Redis commands (SISMEMBER, SCARD, SMEMBERS, SADD on the namespace's set), in one script so
 * that Redis runs them atomically. Go runs them one by one and may overshoot a quota when two replicas allocate at
 * once; here a quota holds across replicas. Returns `{outcome, held before, held after or matching count}` with
 * outcome -1 already held, -2 granted, -3 quota reached, or the index of the constraint that rejected.
 * ARGV: token, quota, prefixCollision (1/0), nonPositiveValueRejects (1/0), then prefix and value per constraint.
 */
const ALLOCATE_SCRIPT = `
local ns, token = KEYS[1], ARGV[1]
if redis.call('SISMEMBER', ns, token) == 1 then
  local held = redis.call('SCARD', ns)
  return {-1, held, held}
end
local size = redis.call('SCARD', ns)
if not (tonumber(ARGV[2]) > size) then return {-3, size, size} end
local n = (#ARGV - 4) / 2
if n > 0 and size > 0 then
  local members = redis.call('SMEMBERS', ns)
  for i = 0, n - 1 do
    local prefix, value = ARGV[5 + 2 * i], tonumber(ARGV[6 + 2 * i])
    if not (ARGV[4] == '0' and value <= 0) then
      local count = 0
      for _, m in ipairs(members) do
        if ARGV[3] == '1' then
          if string.sub(m, 1, #prefix) == prefix then count = count + 1 end
        elseif m == prefix or string.sub(m, 1, #prefix + 1) == prefix .. ':' then
          count = count + 1
        end
      end
      if not (value > count) then return {i, size, count} end
    end
  end
end
redis.call('SADD', ns, token)
return {-2, size, size + 1}
`;

const ALREADY_HELD = -1;
const GRANTED = -2;
const QUOTA_REACHED = -3;

/** Options of {@link RedisServerQuotaBackend}. */
export interface RedisServerQuotaBackendOptions extends RedisQuotaBackendOptions {
  /** `redis://HOST:PORT[/DB]`; ignored when `client` is given. */
  url?: string;
  /** A connected ioredis client, owned by the caller (not closed by {@link RedisServerQuotaBackend.close}). */
  client?: Redis;
}

interface LocalPool {
  readonly quota: number;
  /** Tokens this process saw granted and not released, in grant order: the snapshot's holders. */
  readonly holders: OrderedTokenSet;
  /** Go `Resource.rejectedTokens`, which Go too keeps in process memory. */
  readonly waiting: OrderedTokenSet;
  /** The set's size in Redis after the last call of this process. */
  used: number;
}

/**
 * Go `RedisResourceManager` with a real Redis. Quotas are registered in process memory as in Go (each replica
 * registers the same plugins); allocations and releases are Redis commands on the set named after the namespace.
 * Decisions and their sentences are those of the in-memory port (`RedisQuotaBackend`), so a run gives the same
 * timeline against either. Snapshots (`pools`, `usage`) show what this process saw last, without asking Redis.
 */
export class RedisServerQuotaBackend implements QuotaBackend {
  readonly id: string = ResourceManagerID.Redis;
  /** The resolved `maxQuota`. */
  readonly maxQuota: number;
  readonly #client: Redis;
  readonly #ownsClient: boolean;
  readonly #prefixCollision: boolean;
  readonly #nonPositiveValueRejects: boolean;
  readonly #pools = new Map<string, LocalPool>();

  constructor(options: RedisServerQuotaBackendOptions) {
    this.maxQuota = resolveMaxQuota(options.maxQuota);
    this.#prefixCollision = options.quirks?.prefixCollision ?? true;
    this.#nonPositiveValueRejects = options.quirks?.nonPositiveValueRejects ?? true;
    if (options.client !== undefined) {
      this.#client = options.client;
      this.#ownsClient = false;
    } else if (options.url !== undefined) {
      this.#client = new Redis(options.url, { lazyConnect: false, maxRetriesPerRequest: 3 });
      this.#ownsClient = true;
    } else {
      throw new TypeError('RedisServerQuotaBackend: expected a `url` (redis://HOST:PORT[/DB]) or a `client`');
    }
  }

  /** Go `RedisResourceManagerBuilder.RegisterResourceQuota`: in process memory, as in Go. */
  registerResourceQuota(namespaceFQ: string, quota: number): void {
    checkQuotaRegistration(namespaceFQ, quota, this.maxQuota, this.#pools.has(namespaceFQ));
    this.#pools.set(namespaceFQ, { quota, holders: new OrderedTokenSet(), waiting: new OrderedTokenSet(), used: 0 });
  }

  /** Go `RedisResourceManager.AllocateResource`. */
  async allocate(
    namespaceFQ: string,
    tokenFQ: string,
    constraints: readonly PrefixConstraint[],
  ): Promise<AllocationStatus> {
    return (await this.allocateWithReason(namespaceFQ, tokenFQ, constraints)).status;
  }

  /** {@link allocate} with the rule that decided. */
  async allocateWithReason(
    namespaceFQ: string,
    tokenFQ: string,
    constraints: readonly PrefixConstraint[],
  ): Promise<AllocationOutcome> {
    const pool = this.#get(namespaceFQ);
    const args = [
      tokenFQ,
      String(pool.quota),
      this.#prefixCollision ? '1' : '0',
      this.#nonPositiveValueRejects ? '1' : '0',
    ];
    for (const c of constraints) args.push(c.targetedPrefix, String(c.value));
    const [outcome, before, after] = (await this.#client.eval(ALLOCATE_SCRIPT, 1, namespaceFQ, ...args)) as number[];
    const decision = this.#record(pool, tokenFQ, constraints, outcome!, before!, after!);
    return describeDecision(decision);
  }

  #record(
    pool: LocalPool,
    tokenFQ: string,
    constraints: readonly PrefixConstraint[],
    outcome: number,
    before: number,
    after: number,
  ): RedisDecision {
    pool.used = after;
    switch (outcome) {
      case ALREADY_HELD:
        pool.holders.add(tokenFQ);
        return { kind: 'alreadyHeld', heldBefore: before, quota: pool.quota };
      case GRANTED:
        pool.holders.add(tokenFQ);
        pool.waiting.delete(tokenFQ);
        return { kind: 'granted', heldAfter: after, quota: pool.quota };
      case QUOTA_REACHED:
        pool.waiting.add(tokenFQ);
        return { kind: 'quotaReached', heldBefore: before, quota: pool.quota };
      default:
        pool.used = before;
        pool.waiting.add(tokenFQ);
        return { kind: 'constraint', index: outcome, constraint: constraints[outcome]!, count: after };
    }
  }

  /** Go `RedisResourceManager.ReleaseResource`: SREM first, then the check of the namespace, as in Go. */
  async release(namespaceFQ: string, tokenFQ: string): Promise<void> {
    const [, size] = (await this.#client.multi().srem(namespaceFQ, tokenFQ).scard(namespaceFQ).exec()) ?? [];
    const pool = this.#pools.get(namespaceFQ);
    if (pool === undefined) throw new ResourceNotFoundError(resourceNotFoundMessage(namespaceFQ));
    pool.holders.delete(tokenFQ);
    pool.waiting.delete(tokenFQ);
    if (size !== undefined && size[0] === null) pool.used = Number(size[1]);
  }

  /** The tokens Redis holds for a namespace now, in no particular order (Redis `SMEMBERS`). */
  async holdersInRedis(namespaceFQ: string): Promise<string[]> {
    return this.#client.smembers(namespaceFQ);
  }

  pools(): PoolSnapshot[] {
    return [...this.#pools.keys()].map((ns) => this.pool(ns)!);
  }

  pool(namespaceFQ: string): PoolSnapshot | undefined {
    const pool = this.#pools.get(namespaceFQ);
    if (pool === undefined) return undefined;
    return {
      namespace: namespaceFQ,
      quota: pool.quota,
      holders: pool.holders.toArray(),
      waiting: pool.waiting.toArray(),
    };
  }

  usage(namespaceFQ: string): PoolUsage | undefined {
    const pool = this.#pools.get(namespaceFQ);
    return pool === undefined ? undefined : { used: pool.used, quota: pool.quota };
  }

  /** Closes the connection this backend opened itself (not a `client` passed in). */
  async close(): Promise<void> {
    if (this.#ownsClient) await this.#client.quit().catch(() => this.#client.disconnect());
  }

  #get(namespaceFQ: string): LocalPool {
    const pool = this.#pools.get(namespaceFQ);
    if (pool === undefined) throw new ResourceNotFoundError(resourceNotFoundMessage(namespaceFQ));
    return pool;
  }
}
