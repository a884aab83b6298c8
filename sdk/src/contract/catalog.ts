/**
 * Go `catalog.AsyncClient`: the data catalog (task output cache) as plugins see it.
 *
 * @module
 */
import type { LiteralMap, TaskTemplate } from '../idl/index';

/** Go `catalog.Key`: what identifies a cached output. */
export interface CatalogKey {
  /** The task's identifier, as `project/domain/name/version`. */
  identifier: string;
  /** Go `CacheVersion`. */
  cacheVersion: string;
  /** The task's interface. */
  typedInterface?: TaskTemplate['interface'];
  /** The inputs the outputs were computed from. */
  inputs: LiteralMap;
}

/** Go `catalog.DownloadRequest`. */
export interface CatalogDownloadRequest {
  key: CatalogKey;
}

/** One result of a catalog download: cached outputs, or a miss. */
export interface CatalogDownloadResult {
  key: CatalogKey;
  /** Whether the catalog had the outputs. */
  cached: boolean;
  outputs?: LiteralMap;
}

/** Go `catalog.UploadRequest`. */
export interface CatalogUploadRequest {
  key: CatalogKey;
  outputs: LiteralMap;
}

/** Go `catalog.AsyncClient`. Go's futures are promises here. */
export interface CatalogAsyncClient {
  /** Go `Download`. */
  download(...requests: CatalogDownloadRequest[]): Promise<CatalogDownloadResult[]>;
  /** Go `Upload`. */
  upload(...requests: CatalogUploadRequest[]): Promise<void>;
}
