/**
 * What the noop and the Redis backends share: a table of pools by namespace, and the read-only views of it that
 * {@link QuotaBackend} asks for.
 *
 * @module
 */
import type { PoolSnapshot, PoolUsage, QuotaBackend } from './quota-backend';

/** What a backend keeps of one namespace, as far as the views need it. */
export interface TrackedPool {
  readonly namespace: string;
  readonly quota: number | null;
  /** Tokens held, in the order they were granted. */
  readonly holders: { readonly size: number; toArray(): string[] };
  /** Tokens rejected and not granted since; a backend that never rejects has none. */
  readonly waiting?: { toArray(): string[] };
}

/** The pool views of a backend whose pools live in {@link PoolTable.table}, in the order they were first seen. */
export abstract class PoolTable<P extends TrackedPool> implements Pick<QuotaBackend, 'pools' | 'pool' | 'usage'> {
  /** The backend's pools by fully qualified namespace. */
  protected readonly table = new Map<string, P>();

  pools(): PoolSnapshot[] {
    return [...this.table.values()].map(snapshot);
  }

  pool(namespaceFQ: string): PoolSnapshot | undefined {
    const pool = this.table.get(namespaceFQ);
    return pool === undefined ? undefined : snapshot(pool);
  }

  usage(namespaceFQ: string): PoolUsage | undefined {
    const pool = this.table.get(namespaceFQ);
    return pool === undefined ? undefined : { used: pool.holders.size, quota: pool.quota };
  }
}

function snapshot(pool: TrackedPool): PoolSnapshot {
  return {
    namespace: pool.namespace,
    quota: pool.quota,
    holders: pool.holders.toArray(),
    waiting: pool.waiting?.toArray() ?? [],
  };
}
