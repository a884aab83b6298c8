/**
 * Where `plugbench serve` keeps its executions: the CreateTask request, the persisted state after every round, the
 * outputs, an abort request, and the lease that names the one replica driving an execution. In memory for one
 * replica; in Redis (see redis-store.ts) for any number of them.
 *
 * @module
 */
import type { DetachedTaskState } from '@plugbench/sdk';

/** One execution as stored. */
export interface ExecutionRecord {
  key: string;
  /** The CreateTask request, protobuf binary, base64: enough to rebuild the task execution in any replica. */
  request: string;
  createdAt: number;
  /** The state after the last persisted round; absent before the first. */
  state?: DetachedTaskState;
  /** The outputs literal map of a succeeded execution, protobuf binary, base64. */
  outputs?: string;
  /** Why DeleteTask asked for an abort, once it did. */
  abortRequested?: string;
}

/** The store of executions, shared by the replicas. Every method may be called concurrently. */
export interface ExecutionStore {
  /** Stores a new execution; `false` (and nothing changes) when the key exists. */
  create(record: ExecutionRecord): Promise<boolean>;
  /** The execution, or `undefined`. */
  get(key: string): Promise<ExecutionRecord | undefined>;
  /**
   * Persists a round's state (and outputs), only while `owner` holds the lease: `false` when it does not (another
   * replica took over; the round's result is dropped, as a lost write is in Flyte). A finished execution is kept for
   * `retentionMs` from now.
   */
  save(key: string, owner: string, state: DetachedTaskState, outputs?: string): Promise<boolean>;
  /** Records an abort request (idempotent: the first reason stays). */
  requestAbort(key: string, reason: string): Promise<void>;
  /** Keys of executions that are not finished. */
  active(): Promise<string[]>;
  /** Takes or renews the lease of `key` for `ttlMs`; `false` when another owner holds it. */
  lease(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease back, if `owner` holds it. */
  releaseLease(key: string, owner: string): Promise<void>;
  /** Closes connections. */
  close(): Promise<void>;
}

/** The in-memory store of a single replica. */
export class MemoryExecutionStore implements ExecutionStore {
  readonly #records = new Map<string, ExecutionRecord>();
  readonly #expires = new Map<string, number>();
  readonly #leases = new Map<string, { owner: string; until: number }>();
  readonly #retentionMs: number;

  constructor(options: { retentionMs: number }) {
    this.#retentionMs = options.retentionMs;
  }

  async create(record: ExecutionRecord): Promise<boolean> {
    this.#sweep();
    if (this.#records.has(record.key)) return false;
    this.#records.set(record.key, structuredClone(record));
    return true;
  }

  async get(key: string): Promise<ExecutionRecord | undefined> {
    this.#sweep();
    const r = this.#records.get(key);
    return r === undefined ? undefined : structuredClone(r);
  }

  async save(key: string, owner: string, state: DetachedTaskState, outputs?: string): Promise<boolean> {
    const r = this.#records.get(key);
    const l = this.#leases.get(key);
    if (r === undefined || l === undefined || l.owner !== owner) return false;
    r.state = structuredClone(state);
    if (outputs !== undefined) r.outputs = outputs;
    if (state.finished) this.#expires.set(key, Date.now() + this.#retentionMs);
    return true;
  }

  async requestAbort(key: string, reason: string): Promise<void> {
    const r = this.#records.get(key);
    if (r !== undefined && r.abortRequested === undefined) r.abortRequested = reason;
  }

  async active(): Promise<string[]> {
    return [...this.#records.values()].filter((r) => r.state?.finished !== true).map((r) => r.key);
  }

  async lease(key: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    const l = this.#leases.get(key);
    if (l !== undefined && l.owner !== owner && l.until > now) return false;
    this.#leases.set(key, { owner, until: now + ttlMs });
    return true;
  }

  async releaseLease(key: string, owner: string): Promise<void> {
    if (this.#leases.get(key)?.owner === owner) this.#leases.delete(key);
  }

  async close(): Promise<void> {}

  #sweep(): void {
    const now = Date.now();
    for (const [key, at] of this.#expires) {
      if (at > now) continue;
      this.#expires.delete(key);
      this.#records.delete(key);
      this.#leases.delete(key);
    }
  }
}
