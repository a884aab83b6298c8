/**
 * The base resource manager: quota pools keyed by fully qualified names, as FlytePropeller's
 * `resourcemanager.BaseResourceManager` sees them after the proxies have qualified the plugin's names.
 *
 * @module
 */
import type { AllocationStatus } from '../../contract/resource';
import type { MaybePromise } from '../../contract/plugin';

/**
 * Go `resourcemanager.NoopResourceManagerID` and `RedisSetKeyPrefix`: the id of each manager, also the first part of
 * every fully qualified namespace (`<id>:<pluginID>:<namespace>`).
 */
export const ResourceManagerID = {
  Noop: 'noopresourcemanager',
  Redis: 'redisresourcemanager',
} as const;
/** An id of {@link ResourceManagerID}. */
export type ResourceManagerID = (typeof ResourceManagerID)[keyof typeof ResourceManagerID];

/** Go `config.ResourceManagerConfig.ResourceMaxQuota` default: the largest quota a namespace may register. */
export const DEFAULT_RESOURCE_MAX_QUOTA = 1000;

/**
 * Go `resourcemanager.FullyQualifiedResourceConstraint`: at most `value` tokens whose fully qualified name starts
 * with `targetedPrefix` (Go `TargetedPrefixString`) may be held at once.
 */
export interface PrefixConstraint {
  /** Go `TargetedPrefixString`, e.g. `ex:flytesnacks` or `ex:flytesnacks:development`. */
  targetedPrefix: string;
  /** Go `Value` (int64). */
  value: number;
}

/** How full a pool is: cheap to read after every call (no copy of the holders). */
export interface PoolUsage {
  /** Tokens held. */
  used: number;
  /**
   * The registered quota; `null` for a pool the noop manager only knows from allocations (nothing was
   * registered under that name).
   */
  quota: number | null;
}

/** A pool as it stands: who holds a token and who was turned away. */
export interface PoolSnapshot {
  /** Fully qualified namespace. */
  namespace: string;
  /** See {@link PoolUsage.quota}. */
  quota: number | null;
  /** Fully qualified tokens held, in the order they were granted. */
  holders: string[];
  /**
   * Fully qualified tokens rejected and neither granted nor released since (Go's `rejectedTokens`, which Flyte
   * only counts for its `approx_backup` gauge), in the order of their first rejection.
   */
  waiting: string[];
}

/** Why an allocation ended as it did, for the timeline. */
export interface AllocationOutcome {
  /** What {@link QuotaBackend.allocate} returns for the same call. */
  status: AllocationStatus;
  /** A sentence saying which rule decided, with the counts it compared. */
  reason: string;
}

/**
 * The base manager (Go `resourcemanager.BaseResourceManager` plus the builder's `RegisterResourceQuota`), working
 * on fully qualified names. The in-memory managers answer synchronously; a manager over a real Redis answers
 * allocations and releases with promises. The proxies turn either into promises; the snapshots stay synchronous
 * (a remote manager answers them from what this process saw last).
 *
 * The proxies also pass a qualified token's two parts, `tokenPrefix` (Go `ComposeTokenPrefix` and the separator)
 * and the plugin's `token`, with `tokenFQ === tokenPrefix + token`. The token is still `tokenFQ` alone (Go's
 * manager gets the joined string): the parts only let a manager find it without hashing the whole string, and a
 * manager may ignore them.
 */
export interface QuotaBackend {
  /** Go `GetID`: {@link ResourceManagerID} for the built-in managers; the root of every namespace. */
  readonly id: string;
  /**
   * Go `RegisterResourceQuota` on the builder.
   * @throws {@link InvalidArgumentError} when the manager refuses the quota or the namespace.
   */
  registerResourceQuota(namespaceFQ: string, quota: number): void;
  /**
   * Go `AllocateResource`.
   * @throws {@link ResourceNotFoundError} for a namespace that was never registered (Go returns
   * `AllocationUndefined` with the error).
   */
  allocate(
    namespaceFQ: string,
    tokenFQ: string,
    constraints: readonly PrefixConstraint[],
    tokenPrefix?: string,
    token?: string,
  ): MaybePromise<AllocationStatus>;
  /** {@link allocate}, with the rule that decided; same effects on the pool. */
  allocateWithReason(
    namespaceFQ: string,
    tokenFQ: string,
    constraints: readonly PrefixConstraint[],
    tokenPrefix?: string,
    token?: string,
  ): MaybePromise<AllocationOutcome>;
  /**
   * Go `ReleaseResource`. Releasing a token that is not held succeeds.
   * @throws {@link ResourceNotFoundError} for a namespace that was never registered (Redis only).
   */
  release(namespaceFQ: string, tokenFQ: string, tokenPrefix?: string, token?: string): MaybePromise<void>;
  /** Every pool, in the order the namespaces were first seen. */
  pools(): PoolSnapshot[];
  /** One pool, or `undefined` if the manager does not know the namespace. */
  pool(namespaceFQ: string): PoolSnapshot | undefined;
  /** {@link pool}'s counts only, in O(1). */
  usage(namespaceFQ: string): PoolUsage | undefined;
}

/** The message of Go `getResource`'s error, for both managers' callers. */
export function resourceNotFoundMessage(namespaceFQ: string): string {
  return `Requested resource [${namespaceFQ}] not found in namespacedResourceMap: no quota was registered under this namespace at setup`;
}
