/**
 * An in-memory data catalog behind the contract's `CatalogAsyncClient` (Go `catalog.AsyncClient`), like the
 * `sync.Map`-backed catalog of Flyte's `RunPluginEndToEndTest`.
 *
 * @module
 */
import {
  create,
  fromJson,
  toBinary,
  toJson,
  type DescMessage,
  type MessageInitShape,
  type MessageShape,
} from '@bufbuild/protobuf';
import { clone, LiteralMapSchema, type LiteralMap } from '../../idl/index';
import { TypedInterfaceSchema } from '../../idl/gen/flyteidl/core/interface_pb';
import type {
  CatalogAsyncClient,
  CatalogDownloadRequest,
  CatalogDownloadResult,
  CatalogKey,
  CatalogUploadRequest,
} from '../../contract/index';
import { canonicalJson } from './canonical-json';

/**
 * The protobuf binary of `message` with every map's entries in key order, as Go's deterministic marshalling gives
 * (protobuf-es writes maps in insertion order).
 */
function canonicalBinary<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): Uint8Array {
  // create() also takes a plain object shaped like the message, as plugins may pass.
  const msg = create(schema, message as MessageInitShape<Desc>);
  const sorted = JSON.parse(canonicalJson(toJson(schema, msg))) as Parameters<typeof fromJson>[1];
  return toBinary(schema, fromJson(schema, sorted) as MessageShape<Desc>);
}

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/**
 * The string a catalog entry is stored under: the identifier, the cache version, the interface and the inputs (as
 * their canonical protobuf binary, in hex: exact, so two different inputs never share an entry). Flyte's datacatalog
 * keys the same way: a dataset per task identifier, cache version and interface; an artifact per inputs.
 */
export function catalogKeyString(key: CatalogKey): string {
  const iface = key.typedInterface === undefined ? '' : hex(canonicalBinary(TypedInterfaceSchema, key.typedInterface));
  return [key.identifier, key.cacheVersion, iface, hex(canonicalBinary(LiteralMapSchema, key.inputs))].join('\u0000');
}

/** Hits, misses and uploads of an {@link InMemoryCatalog}. */
export interface CatalogStats {
  hits: number;
  misses: number;
  uploads: number;
}

/**
 * An in-memory {@link CatalogAsyncClient}. The first upload of a key wins (datacatalog refuses to overwrite an
 * artifact: `AlreadyExists`, which Flyte's client ignores). Outputs are copied in and out.
 */
export class InMemoryCatalog implements CatalogAsyncClient {
  readonly #entries = new Map<string, LiteralMap>();
  readonly #stats: CatalogStats = { hits: 0, misses: 0, uploads: 0 };

  /** Go `Download`: one result per request, in order. */
  async download(...requests: CatalogDownloadRequest[]): Promise<CatalogDownloadResult[]> {
    return requests.map(({ key }) => {
      const found = this.#entries.get(catalogKeyString(key));
      if (found === undefined) {
        this.#stats.misses++;
        return { key, cached: false };
      }
      this.#stats.hits++;
      return { key, cached: true, outputs: clone(LiteralMapSchema, found) };
    });
  }

  /** Go `Upload`. */
  async upload(...requests: CatalogUploadRequest[]): Promise<void> {
    for (const { key, outputs } of requests) {
      const k = catalogKeyString(key);
      this.#stats.uploads++;
      if (!this.#entries.has(k)) this.#entries.set(k, clone(LiteralMapSchema, create(LiteralMapSchema, outputs)));
    }
  }

  /** How many entries it holds. */
  get size(): number {
    return this.#entries.size;
  }

  /** Hits, misses and uploads so far. */
  stats(): CatalogStats {
    return { ...this.#stats };
  }
}
