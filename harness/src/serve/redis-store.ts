/**
 * The execution store in Redis, shared by every replica: a hash per execution, a set of unfinished ones, and a lease
 * key per execution naming the replica that drives it. Writes that depend on the lease are Lua scripts, so a replica
 * that lost its lease can never overwrite the state of the one that took over.
 *
 * Keys: `plugbench:serve:exec:<key>` (hash: request, createdAt, state, outputs, abort),
 * `plugbench:serve:active` (set), `plugbench:serve:lease:<key>` (owner, with an expiry).
 *
 * @module
 */
import { Redis } from 'ioredis';
import type { DetachedTaskState } from '@plugbench/sdk';
import type { ExecutionRecord, ExecutionStore } from './store';

const PREFIX = 'plugbench:serve:';
const ACTIVE = `${PREFIX}active`;
const execKey = (key: string) => `${PREFIX}exec:${key}`;
const leaseKey = (key: string) => `${PREFIX}lease:${key}`;

const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'request', ARGV[1], 'createdAt', ARGV[2])
redis.call('SADD', KEYS[2], ARGV[3])
return 1`;

// KEYS: exec, lease, active. ARGV: owner, state, finished (1/0), retention ms, key, outputs (optional).
const SAVE = `
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'state', ARGV[2])
if ARGV[6] ~= nil and ARGV[6] ~= '' then redis.call('HSET', KEYS[1], 'outputs', ARGV[6]) end
if ARGV[3] == '1' then
  redis.call('SREM', KEYS[3], ARGV[5])
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
end
return 1`;

const ABORT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
return redis.call('HSETNX', KEYS[1], 'abort', ARGV[1])`;

const LEASE = `
local owner = redis.call('GET', KEYS[1])
if owner == false then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
if owner == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** The store of many replicas; see the module. */
export class RedisExecutionStore implements ExecutionStore {
  readonly #redis: Redis;
  readonly #retentionMs: number;

  constructor(options: { url: string; retentionMs: number }) {
    this.#redis = new Redis(options.url, { maxRetriesPerRequest: 3 });
    this.#retentionMs = options.retentionMs;
  }

  async create(record: ExecutionRecord): Promise<boolean> {
    return (
      (await this.#redis.eval(
        CREATE,
        2,
        execKey(record.key),
        ACTIVE,
        record.request,
        String(record.createdAt),
        record.key,
      )) === 1
    );
  }

  async get(key: string): Promise<ExecutionRecord | undefined> {
    const h = await this.#redis.hgetall(execKey(key));
    if (h.request === undefined) return undefined;
    const r: ExecutionRecord = { key, request: h.request, createdAt: Number(h.createdAt) };
    if (h.state !== undefined) r.state = JSON.parse(h.state) as DetachedTaskState;
    if (h.outputs !== undefined) r.outputs = h.outputs;
    if (h.abort !== undefined) r.abortRequested = h.abort;
    return r;
  }

  async save(key: string, owner: string, state: DetachedTaskState, outputs?: string): Promise<boolean> {
    const args = [
      owner,
      JSON.stringify(state),
      state.finished ? '1' : '0',
      String(this.#retentionMs),
      key,
      outputs ?? '',
    ];
    return (await this.#redis.eval(SAVE, 3, execKey(key), leaseKey(key), ACTIVE, ...args)) === 1;
  }

  async requestAbort(key: string, reason: string): Promise<void> {
    await this.#redis.eval(ABORT, 1, execKey(key), reason);
  }

  async active(): Promise<string[]> {
    return this.#redis.smembers(ACTIVE);
  }

  async lease(key: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await this.#redis.eval(LEASE, 1, leaseKey(key), owner, String(Math.max(1, Math.round(ttlMs))))) === 1;
  }

  async releaseLease(key: string, owner: string): Promise<void> {
    await this.#redis.eval(RELEASE, 1, leaseKey(key), owner);
  }

  async close(): Promise<void> {
    await this.#redis.quit().catch(() => this.#redis.disconnect());
  }
}
