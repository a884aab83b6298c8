/**
 * An in-memory Kubernetes API behind the contract's `KubeClient`, like the controller-runtime fake client Flyte's
 * `mocks.NewFakeKubeClient` uses: objects keyed by apiVersion, kind, namespace and name; server-set metadata; change
 * events the executor turns into `EnqueueOwner` calls, as the informers of Flyte's k8s plugin manager do.
 *
 * @module
 */
import {
  AlreadyExistsError,
  ConflictError,
  currentClock,
  InvalidArgumentError,
  NotFoundError,
} from '../../contract/index';
import type {
  KubeClient,
  KubeListOptions,
  KubeObject,
  KubeObjectClient,
  KubeObjectKey,
  KubeReader,
} from '../../contract/index';
import { canonicalJson } from './canonical-json';

/** What happened to an object. */
export const KubeChangeType = {
  Created: 'created',
  Updated: 'updated',
  Deleted: 'deleted',
} as const;
/** A value of {@link KubeChangeType}. */
export type KubeChangeType = (typeof KubeChangeType)[keyof typeof KubeChangeType];

/** One change of the store, given to {@link InMemoryKubeStore.onChange} listeners. */
export interface KubeChange {
  type: KubeChangeType;
  /** The object after the change; for a deletion, its last state. */
  object: KubeObject;
  /** The object before an update or deletion. */
  previous?: KubeObject;
}

/** Receives changes; it gets its own copies and must not throw. */
export type KubeChangeListener = (change: KubeChange) => void;

/** Options of {@link InMemoryKubeStore}. */
export interface InMemoryKubeStoreOptions {
  /** The clock of `creationTimestamp` and `deletionTimestamp`, ms since the Unix epoch. @default the contract's clock */
  clock?: () => number;
  /** Objects to start with, as by {@link InMemoryKubeStore.apply}; they emit no events. */
  objects?: KubeObject[];
  /**
   * Receives what a change listener throws. The write has happened and is not failed by it.
   * @default rethrows it from a microtask, so that a listener bug is loud
   */
  onListenerError?: (error: unknown, change: KubeChange) => void;
}

const SEP = '\u0000';

function keyString(apiVersion: string, kind: string, namespace: string, name: string): string {
  return [apiVersion, kind, namespace, name].join(SEP);
}

function copy<T>(value: T): T {
  // JSON, not structuredClone: the API server stores JSON, so what does not survive it must not survive here either.
  return JSON.parse(JSON.stringify(value)) as T;
}

function describe(apiVersion: string, kind: string, namespace: string, name: string): string {
  return `${kind} (${apiVersion}) "${namespace === '' ? name : `${namespace}/${name}`}"`;
}

function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Everything but metadata and status: what a change of bumps `metadata.generation`. */
function specPart(obj: KubeObject): string {
  const { metadata: _m, status: _s, ...rest } = obj;
  return canonicalJson(rest);
}

function identify(
  obj: KubeObject,
  verb: string,
): { apiVersion: string; kind: string; namespace: string; name: string } {
  if (obj === null || typeof obj !== 'object') throw new InvalidArgumentError(`${verb}: not a Kubernetes object`);
  const { apiVersion, kind } = obj;
  const name = obj.metadata?.name;
  if (typeof apiVersion !== 'string' || apiVersion === '')
    throw new InvalidArgumentError(`${verb}: apiVersion is required`);
  if (typeof kind !== 'string' || kind === '') throw new InvalidArgumentError(`${verb}: kind is required`);
  if (typeof name !== 'string' || name === '') throw new InvalidArgumentError(`${verb}: metadata.name is required`);
  return { apiVersion, kind, namespace: obj.metadata?.namespace ?? '', name };
}

/**
 * The in-memory Kubernetes object store.
 *
 * - `create` sets `metadata.uid` (counter-based, UUID-shaped), `resourceVersion` (one counter for the whole store,
 *   as etcd's revision), `generation` 1 and `creationTimestamp` from the clock; it rejects with
 *   `AlreadyExistsError` when the key is taken and with `InvalidArgumentError` when `resourceVersion` is set.
 * - `update` rejects with `NotFoundError` when absent and with `ConflictError` when `resourceVersion` is set and
 *   stale; it keeps `uid` and `creationTimestamp`, bumps `resourceVersion`, and bumps `generation` when anything
 *   but metadata and status changed.
 * - `delete` of an object with finalizers only sets `deletionTimestamp` (an update); the object goes when an update
 *   removes its last finalizer, as in Kubernetes.
 * - Objects are copied in and out: changing a returned object changes nothing in the store.
 * - The cache (`getCache()`) reads the same objects: there is no informer lag.
 */
export class InMemoryKubeStore implements KubeClient {
  readonly #objects = new Map<string, KubeObject>();
  readonly #listeners = new Set<KubeChangeListener>();
  readonly #clock: () => number;
  readonly #onListenerError: (error: unknown, change: KubeChange) => void;
  #uidCounter = 0;
  #resourceVersion = 0;
  readonly #client: KubeObjectClient;
  readonly #reader: KubeReader;

  constructor(options: InMemoryKubeStoreOptions = {}) {
    this.#clock = options.clock ?? (() => currentClock().nowMs());
    this.#onListenerError =
      options.onListenerError ??
      ((e) =>
        queueMicrotask(() => {
          throw e;
        }));
    for (const o of options.objects ?? []) this.#put(o, false);
    this.#reader = {
      get: async <T extends KubeObject = KubeObject>(key: KubeObjectKey) => this.get(key) as T,
      list: async <T extends KubeObject = KubeObject>(options: KubeListOptions) => this.list(options) as T[],
    };
    this.#client = {
      ...this.#reader,
      create: async <T extends KubeObject>(obj: T) => this.create(obj) as T,
      update: async <T extends KubeObject>(obj: T) => this.update(obj) as T,
      delete: async (key: KubeObjectKey) => this.delete(key),
    };
  }

  /** Go `GetClient`: reads and writes. */
  getClient(): KubeObjectClient {
    return this.#client;
  }

  /** Go `GetCache`: reads, of the same objects. */
  getCache(): KubeReader {
    return this.#reader;
  }

  /** Calls `listener` after every change; returns a function that stops it. */
  onChange(listener: KubeChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The object at `key`. Throws `NotFoundError` when absent. */
  get(key: KubeObjectKey): KubeObject {
    const found = this.#objects.get(keyString(key.apiVersion, key.kind, key.namespace ?? '', key.name));
    if (found === undefined) {
      throw new NotFoundError(`${describe(key.apiVersion, key.kind, key.namespace ?? '', key.name)} not found`);
    }
    return copy(found);
  }

  /** The objects of a type, in a namespace (all without one), with all of `matchingLabels`; sorted by namespace and name. */
  list(options: KubeListOptions): KubeObject[] {
    const labels = Object.entries(options.matchingLabels ?? {});
    return this.#sorted().filter(
      (o) =>
        o.apiVersion === options.apiVersion &&
        o.kind === options.kind &&
        (options.namespace === undefined || (o.metadata?.namespace ?? '') === options.namespace) &&
        labels.every(([k, v]) => o.metadata?.labels?.[k] === v),
    );
  }

  /** Go `Create`. See the class for the metadata it sets. */
  create(obj: KubeObject): KubeObject {
    const id = identify(obj, 'create');
    const k = keyString(id.apiVersion, id.kind, id.namespace, id.name);
    if (this.#objects.has(k))
      throw new AlreadyExistsError(`${describe(id.apiVersion, id.kind, id.namespace, id.name)} already exists`);
    if (obj.metadata?.resourceVersion) {
      throw new InvalidArgumentError('resourceVersion should not be set on objects to be created');
    }
    return this.#put(obj, true);
  }

  /** Go `Update`. See the class for its checks. */
  update(obj: KubeObject): KubeObject {
    const id = identify(obj, 'update');
    const k = keyString(id.apiVersion, id.kind, id.namespace, id.name);
    const stored = this.#objects.get(k);
    if (stored === undefined)
      throw new NotFoundError(`${describe(id.apiVersion, id.kind, id.namespace, id.name)} not found`);
    const rv = obj.metadata?.resourceVersion;
    if (rv && rv !== stored.metadata?.resourceVersion) {
      throw new ConflictError(
        `Operation cannot be fulfilled on ${describe(id.apiVersion, id.kind, id.namespace, id.name)}: the object has been modified; please apply your changes to the latest version and try again`,
      );
    }
    return this.#put(obj, true);
  }

  /** Go `Delete`. Throws `NotFoundError` when absent. */
  delete(key: KubeObjectKey): void {
    const k = keyString(key.apiVersion, key.kind, key.namespace ?? '', key.name);
    const stored = this.#objects.get(k);
    if (stored === undefined) {
      throw new NotFoundError(`${describe(key.apiVersion, key.kind, key.namespace ?? '', key.name)} not found`);
    }
    if ((stored.metadata?.finalizers ?? []).length === 0) {
      this.#objects.delete(k);
      this.#emit({ type: 'deleted', object: stored, previous: stored });
      return;
    }
    if (stored.metadata?.deletionTimestamp !== undefined) return;
    const marked = copy(stored);
    marked.metadata = { ...marked.metadata, deletionTimestamp: rfc3339(this.#clock()) };
    this.#commit(k, marked, stored, true);
  }

  /**
   * Creates or replaces `obj` whatever its `resourceVersion` (for fixtures and scripts changing the world between
   * rounds), and emits the change. Returns the stored object.
   */
  apply(obj: KubeObject): KubeObject {
    return this.#put(obj, true);
  }

  /** Every object, sorted by apiVersion, kind, namespace and name. */
  snapshot(): KubeObject[] {
    return this.#sorted();
  }

  #sorted(): KubeObject[] {
    return [...this.#objects.keys()].sort().map((k) => copy(this.#objects.get(k)!));
  }

  /** Creates or updates, with the metadata the API server sets. */
  #put(obj: KubeObject, emit: boolean): KubeObject {
    const id = identify(obj, 'store');
    const k = keyString(id.apiVersion, id.kind, id.namespace, id.name);
    const stored = this.#objects.get(k);
    const next = copy(obj);
    const meta = { ...next.metadata };
    delete meta.deletionTimestamp;
    if (stored === undefined) {
      meta.uid = this.#nextUid();
      meta.creationTimestamp = rfc3339(this.#clock());
      meta.generation = 1;
    } else {
      // The server owns these: what the client sends is ignored.
      meta.uid = stored.metadata?.uid;
      meta.creationTimestamp = stored.metadata?.creationTimestamp;
      if (stored.metadata?.deletionTimestamp !== undefined) meta.deletionTimestamp = stored.metadata.deletionTimestamp;
      const generation = stored.metadata?.generation ?? 1;
      meta.generation = specPart(next) === specPart(stored) ? generation : generation + 1;
    }
    next.metadata = meta;
    if (stored !== undefined && meta.deletionTimestamp !== undefined && (meta.finalizers ?? []).length === 0) {
      // The last finalizer is gone from an object being deleted: it goes now.
      this.#objects.delete(k);
      if (emit) this.#emit({ type: 'deleted', object: next, previous: stored });
      return copy(next);
    }
    this.#commit(k, next, stored, emit);
    return copy(next);
  }

  #commit(k: string, next: KubeObject, previous: KubeObject | undefined, emit: boolean): void {
    next.metadata = { ...next.metadata, resourceVersion: String(++this.#resourceVersion) };
    this.#objects.set(k, next);
    if (!emit) return;
    this.#emit(
      previous === undefined ? { type: 'created', object: next } : { type: 'updated', object: next, previous },
    );
  }

  #emit(change: KubeChange): void {
    for (const listener of [...this.#listeners]) {
      const own: KubeChange = { type: change.type, object: copy(change.object) };
      if (change.previous !== undefined) own.previous = copy(change.previous);
      try {
        listener(own);
      } catch (e) {
        // The change has happened: failing the caller's create or update would lie about it.
        this.#onListenerError(e, own);
      }
    }
  }

  #nextUid(): string {
    const n = ++this.#uidCounter;
    return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
  }
}
