/**
 * Go `storage.DataStore`: the blob store tasks and plugins read and write (`s3://...` in a cluster; in memory here).
 *
 * @module
 */

/** Go `storage.DataReference`: a blob address such as `mem://bucket/prefix/outputs.pb`. */
export type DataReference = string;

/** Go `storage.Metadata` from `Head`. */
export interface BlobMetadata {
  /** Whether the blob exists. */
  exists: boolean;
  /** Its size in bytes (0 when absent). */
  size: number;
}

/** Go `*storage.DataStore`. */
export interface DataStore {
  /** Go `ConstructReference`: `ref` joined with `keys` by `/`. */
  constructReference(ref: DataReference, ...keys: string[]): DataReference;
  /** Go `Head`. */
  head(ref: DataReference): Promise<BlobMetadata>;
  /** Go `ReadRaw`. Rejects with `NotFoundError` when absent. */
  readRaw(ref: DataReference): Promise<Uint8Array>;
  /** Go `WriteRaw`. */
  writeRaw(ref: DataReference, data: Uint8Array): Promise<void>;
  /** Go `Delete`. */
  delete(ref: DataReference): Promise<void>;
}
