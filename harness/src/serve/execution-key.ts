/**
 * The key of one task execution attempt, and the `resource_meta` handed to FlytePropeller. Propeller stores the
 * bytes once, at CreateTask, and sends them back unchanged on every GetTask and DeleteTask: they must name the
 * execution, never carry its state.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import type { AgentIdl } from '@plugbench/sdk';

/** The version of the {@link ResourceMeta} format. */
export const RESOURCE_META_VERSION = 1;

/** The identity of one attempt: Flyte `TaskExecutionIdentifier` flattened. */
export interface AttemptIdentity {
  project: string;
  domain: string;
  executionName: string;
  nodeId: string;
  retryAttempt: number;
}

/** What `resource_meta` holds: `{"v":1,"key":"..."}`. */
export interface ResourceMeta {
  v: number;
  key: string;
}

/** The attempt a CreateTask is for; `undefined` when the request has no `task_execution_id`. */
export function attemptOf(request: AgentIdl.CreateTaskRequest): AttemptIdentity | undefined {
  const id = request.taskExecutionMetadata?.taskExecutionId;
  const exec = id?.nodeExecutionId?.executionId;
  if (id === undefined || exec === undefined) return undefined;
  return {
    project: exec.project,
    domain: exec.domain,
    executionName: exec.name,
    nodeId: id.nodeExecutionId?.nodeId ?? '',
    retryAttempt: id.retryAttempt,
  };
}

/** The store key of an attempt: a hash of its identity, the same in every replica. */
export function executionKey(a: AttemptIdentity): string {
  const id = JSON.stringify([a.project, a.domain, a.executionName, a.nodeId, a.retryAttempt]);
  return createHash('sha256').update(id).digest('hex').slice(0, 40);
}

/** The `resource_meta` bytes of a key. */
export function encodeResourceMeta(key: string): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ v: RESOURCE_META_VERSION, key } satisfies ResourceMeta));
}

/** The key in `resource_meta` bytes, or `undefined` when they are not this server's. */
export function decodeResourceMeta(bytes: Uint8Array): string | undefined {
  try {
    const meta = JSON.parse(new TextDecoder().decode(bytes)) as Partial<ResourceMeta>;
    return meta.v === RESOURCE_META_VERSION && typeof meta.key === 'string' && /^[0-9a-f]{40}$/.test(meta.key)
      ? meta.key
      : undefined;
  } catch {
    return undefined;
  }
}
