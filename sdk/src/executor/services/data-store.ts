/**
 * An in-memory Go `storage.DataStore` (Flyte's `mem` stow backend): blobs addressed by `mem://bucket/path`
 * references, sizes in bytes.
 *
 * @module
 */
import { InvalidArgumentError, NotFoundError } from '../../contract/index';
import type { BlobMetadata, DataReference, DataStore } from '../../contract/index';
import { cleanPath } from './slash-path';

/** The scheme of the references the executor makes. */
export const MemScheme = 'mem';

const REF = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/]*)(.*)$/;

/**
 * Go `storage.URLPathConstructor.ConstructReference`: `ref` with `keys` joined to its path and the result cleaned
 * (`a//b/../c` is `a/c`; no trailing `/`). A reference without a scheme is treated as a plain path.
 */
export function constructReference(ref: DataReference, ...keys: string[]): DataReference {
  if (keys.length === 0) return ref;
  const m = REF.exec(ref);
  if (m === null) return cleanPath([ref, ...keys].join('/'));
  const [, scheme, host, path] = m;
  const joined = cleanPath(['/', path, ...keys].join('/'));
  return `${scheme}://${host}${joined === '/' ? '' : joined}`;
}

/** One blob of {@link InMemoryDataStore.snapshot}. */
export interface BlobEntry {
  /** Its reference. */
  ref: DataReference;
  /** Its size in bytes. */
  size: number;
}

/**
 * An in-memory {@link DataStore}. Bytes are copied in and out, so a caller changing a buffer after a write or a
 * read does not change the stored blob. References are used as given (make them with `constructReference`).
 */
export class InMemoryDataStore implements DataStore {
  readonly #blobs = new Map<DataReference, Uint8Array>();

  /** Go `ConstructReference`; see {@link constructReference}. */
  constructReference(ref: DataReference, ...keys: string[]): DataReference {
    return constructReference(ref, ...keys);
  }

  /** Go `Head`. */
  async head(ref: DataReference): Promise<BlobMetadata> {
    const blob = this.#blobs.get(ref);
    return blob === undefined ? { exists: false, size: 0 } : { exists: true, size: blob.length };
  }

  /** Go `ReadRaw`. Rejects with `NotFoundError` when absent. */
  async readRaw(ref: DataReference): Promise<Uint8Array> {
    const blob = this.#blobs.get(ref);
    if (blob === undefined) throw new NotFoundError(`no blob at [${ref}]`);
    return blob.slice();
  }

  /** Go `WriteRaw`: creates or replaces the blob. */
  async writeRaw(ref: DataReference, data: Uint8Array): Promise<void> {
    if (ref === '') throw new InvalidArgumentError('cannot write to an empty reference');
    if (!(data instanceof Uint8Array)) throw new InvalidArgumentError(`data for [${ref}] must be a Uint8Array`);
    this.#blobs.set(ref, data.slice());
  }

  /** Go `Delete`. Deleting an absent blob succeeds, as with Flyte's stow stores. */
  async delete(ref: DataReference): Promise<void> {
    this.#blobs.delete(ref);
  }

  /** The references that start with `prefix` (all without one), sorted. */
  list(prefix = ''): DataReference[] {
    return [...this.#blobs.keys()].filter((r) => r.startsWith(prefix)).sort();
  }

  /** Every blob's reference and size, sorted by reference. */
  snapshot(): BlobEntry[] {
    return this.list().map((ref) => ({ ref, size: this.#blobs.get(ref)!.length }));
  }
}
