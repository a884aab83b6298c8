/**
 * Go `core.KubeClient` (controller-runtime's client and cache) as minimal structural types, compatible with the
 * `KubernetesObject` of `@kubernetes/client-node`.
 *
 * @module
 */

/** Go `types.NamespacedName`. */
export interface NamespacedName {
  /** The namespace; empty for cluster-scoped objects. */
  namespace: string;
  /** The name. */
  name: string;
}

/** Go `metav1.OwnerReference`. */
export interface OwnerReference {
  /** API version of the owner. */
  apiVersion: string;
  /** Kind of the owner. */
  kind: string;
  /** Name of the owner. */
  name: string;
  /** UID of the owner. */
  uid: string;
  /** Whether the owner is the managing controller. */
  controller?: boolean;
  /** Whether deletion of the owner waits for this object. */
  blockOwnerDeletion?: boolean;
}

/** Go `metav1.ObjectMeta`, the fields plugins use. */
export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  creationTimestamp?: string;
  deletionTimestamp?: string;
}

/** A Kubernetes object (controller-runtime `client.Object`). */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

/** Identifies one object: its type and name. */
export interface KubeObjectKey {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** Options of {@link KubeReader.list}: a type, optionally a namespace and labels that must all match. */
export interface KubeListOptions {
  apiVersion: string;
  kind: string;
  namespace?: string;
  matchingLabels?: Record<string, string>;
}

/** Go `client.Reader` / `cache.Cache`: reads. */
export interface KubeReader {
  /** Go `Get`. Rejects with `NotFoundError` when absent. */
  get<T extends KubeObject = KubeObject>(key: KubeObjectKey): Promise<T>;
  /** Go `List` with `MatchingLabels`. */
  list<T extends KubeObject = KubeObject>(options: KubeListOptions): Promise<T[]>;
}

/** Go `client.Client`: reads and writes. */
export interface KubeObjectClient extends KubeReader {
  /** Go `Create`. Rejects with `AlreadyExistsError` when an object with the same key exists. */
  create<T extends KubeObject>(obj: T): Promise<T>;
  /**
   * Go `Update`. Rejects with `NotFoundError` when absent, and with `ConflictError` when `metadata.resourceVersion` is
   * set and is not the stored one.
   */
  update<T extends KubeObject>(obj: T): Promise<T>;
  /** Go `Delete`. Rejects with `NotFoundError` when absent. */
  delete(key: KubeObjectKey): Promise<void>;
}

/** Go `core.KubeClient`. */
export interface KubeClient {
  /** Go `GetClient`. */
  getClient(): KubeObjectClient;
  /** Go `GetCache`. */
  getCache(): KubeReader;
}
