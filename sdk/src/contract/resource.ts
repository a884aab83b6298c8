/**
 * Go `core.ResourceManager` and friends: quota pools that plugins take tokens from.
 *
 * @module
 */

/**
 * Go `core.AllocationStatus`. The API document's `AllocationUndefined = "ResourceGranted"` made an error compare
 * equal to a grant; Flyte fixed that in 2021, and here `Undefined` is its own value.
 */
export const AllocationStatus = {
  /** Go `AllocationUndefined`: returned together with an error. */
  Undefined: 'AllocationUndefined',
  /** Go `AllocationStatusGranted`: go ahead. */
  Granted: 'ResourceGranted',
  /** Go `AllocationStatusExhausted`: no resources are available; the only rejection Flyte returns. */
  Exhausted: 'ResourceExhausted',
  /** Go `AllocationStatusNamespaceQuotaExceeded`: declared by Flyte, never returned by its managers. */
  NamespaceQuotaExceeded: 'NamespaceQuotaExceeded',
} as const;
/** Go `core.AllocationStatus`. */
export type AllocationStatus = (typeof AllocationStatus)[keyof typeof AllocationStatus];

/** Whether `value` is an {@link AllocationStatus}. */
export function isAnAllocationStatus(value: unknown): value is AllocationStatus {
  return Object.values(AllocationStatus).includes(value as AllocationStatus);
}

/** Go `core.ResourceNamespace`: the name of a quota pool. */
export type ResourceNamespace = string;

/** Go `ResourceNamespace.CreateSubNamespace`: `parent + ":" + child`, without escaping or validation. */
export function createSubNamespace(parent: ResourceNamespace, child: ResourceNamespace): ResourceNamespace {
  return `${parent}:${child}`;
}

/** Go `core.ResourceConstraint`: at most `value` tokens at once for a scope. */
export interface ResourceConstraint {
  /** Go `Value` (int64). */
  value: number;
}

/**
 * Go `core.ResourceConstraintsSpec`: caps per project and per project+domain. An absent constraint means no cap at
 * that level; `{}` means no constraints.
 */
export interface ResourceConstraintsSpec {
  /** Go `ProjectScopeResourceConstraint`. */
  projectScopeResourceConstraint?: ResourceConstraint;
  /** Go `NamespaceScopeResourceConstraint` (a project and domain). */
  namespaceScopeResourceConstraint?: ResourceConstraint;
}

/** Go `core.ResourceRegistrar`: where a plugin registers its quotas at setup. */
export interface ResourceRegistrar {
  /** Go `RegisterResourceQuota`: a pool named `namespace` with `quota` tokens. */
  registerResourceQuota(namespace: ResourceNamespace, quota: number): Promise<void>;
}

/** Go `core.ResourceManager`: allocates and releases tokens of the pools registered at setup. */
export interface ResourceManager {
  /** Go `GetID`. */
  getID(): string;
  /**
   * Go `AllocateResource`: asks for one token of `namespace`. Re-allocating a token already held is granted.
   * Rejects (Go: `AllocationUndefined` plus an error) when the namespace is unknown or the manager fails.
   */
  allocateResource(
    namespace: ResourceNamespace,
    allocationToken: string,
    constraintsSpec: ResourceConstraintsSpec,
  ): Promise<AllocationStatus>;
  /** Go `ReleaseResource`: gives the token back. Releasing a token that is not held succeeds. */
  releaseResource(namespace: ResourceNamespace, allocationToken: string): Promise<void>;
}
