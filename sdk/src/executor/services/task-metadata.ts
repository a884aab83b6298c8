/**
 * The contract's `TaskExecutionMetadata`, `TaskExecutionID` and `TaskOverrides` of one attempt, built from a plain
 * spec as FlytePropeller builds them (`nodes/node_exec_context.go`, `task/taskexec_context.go`).
 *
 * @module
 */
import {
  clone,
  create,
  IdentifierSchema,
  ResourceType,
  TaskExecutionIdentifierSchema,
  type Identifier,
  type MessageInitShape,
} from '../../idl/index';
import { fnv1a32, generatedName, IDMaxLength, InvalidArgumentError } from '../../contract/index';
import type {
  ConfigMap,
  NamespacedName,
  OwnerReference,
  ResourceRequirements,
  TaskExecutionID,
  TaskExecutionMetadata,
  TaskOverrides,
} from '../../contract/index';

/** Go `v1alpha1.FlyteWorkflowKind`: the kind of the workflow object that owns every task execution. */
export const FlyteWorkflowKind = 'flyteworkflow';
/** Go `v1alpha1.SchemeGroupVersion`. */
export const FlyteWorkflowApiVersion = 'flyte.lyft.com/v1alpha1';
/** Go `v1alpha1.ShardKeyspaceSize`: the range of the `shard-key` label. */
export const ShardKeyspaceSize = 100;

/** Go's label names on workflow objects (`compiler/transformers/k8s`) and task executions (`nodes`). */
export const FlyteLabel = {
  ExecutionId: 'execution-id',
  Project: 'project',
  Domain: 'domain',
  WorkflowName: 'workflow-name',
  ShardKey: 'shard-key',
  NodeId: 'node-id',
  TaskName: 'task-name',
  Interruptible: 'interruptible',
} as const;

/**
 * What an execution gives every attempt of a task, as a task spec of the executor gives it and as propeller reads it
 * from the workflow object (`GetNamespace`, `GetLabels`, `GetAnnotations`, `GetK8sServiceAccount`,
 * `IsInterruptible`, `GetEnvironmentVariables`, `GetOverrides`).
 */
export interface TaskExecutionSettings {
  /** @default `<project>-<domain>` (Flyte's default namespace template) */
  namespace?: string;
  /** The workflow's labels (user labels); Flyte's own are added. */
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** @default '' (none: Kubernetes uses the namespace's `default`) */
  serviceAccount?: string;
  /** @default false */
  interruptible?: boolean;
  /** The execution's environment variables (Go `GetEnvironmentVariables`). @default none */
  environmentVariables?: Record<string, string>;
  overrides?: { resources?: ResourceRequirements; config?: ConfigMap };
}

/** What a task execution attempt is. */
export interface TaskExecutionSpec extends TaskExecutionSettings {
  project: string;
  domain: string;
  /** The workflow execution's name (and the name of the workflow object). */
  executionName: string;
  nodeId: string;
  /** The task's identifier. Either this or `taskName`. */
  taskId?: Identifier | MessageInitShape<typeof IdentifierSchema>;
  /** The task's name, for an identifier `{TASK, project, domain, taskName, version ''}`. */
  taskName?: string;
  /** The attempt, from 0. @default 0 */
  retryAttempt?: number;
  /** The plugin's `generatedNameMaxLength`. @default 50 */
  generatedNameMaxLength?: number;
  /**
   * The generated name, when the caller made it (e.g. Flyte's best-effort name of a `GeneratedNameError`).
   * @default generatedName(executionName, nodeId, retryAttempt, generatedNameMaxLength)
   */
  generatedName?: string;
  /** @default 'flyteworkflow' */
  ownerKind?: string;
  /** The uid of the workflow object. @default derived from the namespace and execution name */
  ownerUid?: string;
  /** The workflow's name, for the `workflow-name` label. @default none */
  workflowName?: string;
}

/** Go `utils.SanitizeLabelValue`: lower case, runs of characters outside `[-a-z0-9]` to `-`, 63 at most, no `-` at the ends. */
export function sanitizeLabelValue(name: string): string {
  let out = name.toLowerCase().replace(/[^-a-z0-9]+/g, '-');
  if (out.length > 63) out = out.slice(0, 63);
  return out.replace(/^-+|-+$/g, '');
}

/** A UUID-shaped, deterministic uid for the workflow object of an execution. */
function workflowUid(namespace: string, name: string): string {
  const a = fnv1a32(`${namespace}/${name}`).toString(16).padStart(8, '0');
  const b = fnv1a32(`${name}/${namespace}`).toString(16).padStart(8, '0');
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-8000-${a}${b.slice(0, 4)}`;
}

/** The resolved spec, for timelines and assertions: every default of the spec applied. */
export interface ResolvedTaskExecutionSpec extends Required<
  Pick<
    TaskExecutionSpec,
    'project' | 'domain' | 'executionName' | 'nodeId' | 'retryAttempt' | 'generatedName' | keyof TaskExecutionSettings
  >
> {
  taskId: Identifier;
  ownerReference: OwnerReference;
}

/** The metadata of one attempt, with what it was built from. */
export interface BuiltTaskExecutionMetadata extends TaskExecutionMetadata {
  /** The resolved spec. */
  readonly resolved: ResolvedTaskExecutionSpec;
}

const copy = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

/**
 * Resolves the spec of one attempt: the defaults and derived values of {@link buildTaskExecutionMetadata} (hashes,
 * sanitized labels, the task identifier), which is the costly part of building metadata.
 * @throws as {@link buildTaskExecutionMetadata}.
 */
export function resolveTaskExecutionSpec(spec: TaskExecutionSpec): ResolvedTaskExecutionSpec {
  const retryAttempt = spec.retryAttempt ?? 0;
  let taskId: Identifier;
  if (spec.taskId !== undefined)
    taskId = create(IdentifierSchema, spec.taskId as MessageInitShape<typeof IdentifierSchema>);
  else if (spec.taskName !== undefined) {
    taskId = create(IdentifierSchema, {
      resourceType: ResourceType.TASK,
      project: spec.project,
      domain: spec.domain,
      name: spec.taskName,
    });
  } else throw new InvalidArgumentError('a task execution needs a taskId or a taskName');

  const namespace = spec.namespace ?? `${spec.project}-${spec.domain}`;
  const interruptible = spec.interruptible ?? false;
  const labels: Record<string, string> = {
    [FlyteLabel.ExecutionId]: spec.executionName,
    [FlyteLabel.Project]: spec.project,
    [FlyteLabel.Domain]: spec.domain,
    [FlyteLabel.ShardKey]: String(fnv1a32(spec.executionName) % ShardKeyspaceSize),
    ...(spec.workflowName === undefined ? {} : { [FlyteLabel.WorkflowName]: sanitizeLabelValue(spec.workflowName) }),
    ...spec.labels,
    [FlyteLabel.NodeId]: sanitizeLabelValue(spec.nodeId),
    [FlyteLabel.TaskName]: sanitizeLabelValue(taskId.name),
    [FlyteLabel.Interruptible]: String(interruptible),
  };
  const ownerReference: OwnerReference = {
    apiVersion: FlyteWorkflowApiVersion,
    kind: spec.ownerKind ?? FlyteWorkflowKind,
    name: spec.executionName,
    uid: spec.ownerUid ?? workflowUid(namespace, spec.executionName),
    controller: true,
    blockOwnerDeletion: true,
  };
  const name =
    spec.generatedName ??
    generatedName(spec.executionName, spec.nodeId, retryAttempt, spec.generatedNameMaxLength ?? IDMaxLength);
  const resolved: ResolvedTaskExecutionSpec = {
    project: spec.project,
    domain: spec.domain,
    executionName: spec.executionName,
    nodeId: spec.nodeId,
    taskId,
    retryAttempt,
    generatedName: name,
    namespace,
    labels,
    annotations: { ...spec.annotations },
    serviceAccount: spec.serviceAccount ?? '',
    interruptible,
    environmentVariables: { ...spec.environmentVariables },
    ownerReference,
    overrides: copy(spec.overrides ?? {}),
  };
  return resolved;
}

/**
 * Builds the metadata of one attempt. Defaults: namespace `<project>-<domain>`; labels = Flyte's workflow labels
 * (`execution-id`, `project`, `domain`, `shard-key`, and `workflow-name` when given), then the spec's labels, then the
 * node's (`node-id`, `task-name` (sanitized), `interruptible`), as propeller merges them; owner reference: the
 * workflow object (`flyte.lyft.com/v1alpha1`, kind `flyteworkflow`, named after the execution) as controller;
 * generated name from the contract's `generatedName()`. Everything handed out is a copy.
 * @throws `GeneratedNameError` when `generatedNameMaxLength` is below 8 and no `generatedName` is given.
 * @throws `InvalidArgumentError` without `taskId` or `taskName`.
 */
export function buildTaskExecutionMetadata(spec: TaskExecutionSpec): BuiltTaskExecutionMetadata {
  return metadataOf(resolveTaskExecutionSpec(spec));
}

/** The metadata handed to plugins, over a resolved spec (which it never hands out itself: only copies). */
export function metadataOf(resolved: ResolvedTaskExecutionSpec): BuiltTaskExecutionMetadata {
  const { namespace, labels, ownerReference, taskId, retryAttempt, interruptible, generatedName: name } = resolved;

  const taskExecutionId: TaskExecutionID = {
    getGeneratedName: () => name,
    getID: () =>
      create(TaskExecutionIdentifierSchema, {
        // A copy: the resolved spec may be shared by the rounds of an attempt.
        taskId: clone(IdentifierSchema, taskId),
        retryAttempt,
        nodeExecutionId: {
          nodeId: resolved.nodeId,
          executionId: { project: resolved.project, domain: resolved.domain, name: resolved.executionName },
        },
      }),
  };
  const overrides: TaskOverrides = {
    getResources: () => copy(resolved.overrides.resources),
    getConfig: () => copy(resolved.overrides.config),
  };
  const owner: NamespacedName = { namespace, name: resolved.executionName };
  return {
    resolved,
    getOwnerID: () => ({ ...owner }),
    getTaskExecutionID: () => taskExecutionId,
    getNamespace: () => namespace,
    getOwnerReference: () => ({ ...ownerReference }),
    getOverrides: () => overrides,
    getLabels: () => ({ ...labels }),
    getAnnotations: () => ({ ...resolved.annotations }),
    getK8sServiceAccount: () => resolved.serviceAccount,
    isInterruptible: () => interruptible,
    getEnvironmentVariables: () => ({ ...resolved.environmentVariables }),
  };
}

/**
 * The resolved specs of recently run attempts, so that a round does not resolve its task's metadata again: at
 * most `capacity` entries, the least recently used dropped first, so that many waiting executions add nothing per
 * execution to memory. Keyed by the task (any object) and checked against its attempt. Small on purpose: entries
 * that cycle through a large cache (1,024 was tried) live long enough to reach the old generation and die there,
 * which cost more at 10,000 executions than resolving every round; a few dozen still serve a task's streak of
 * rounds and the tasks of small runs.
 *
 * Kept in fixed arrays, not a `Map`: a map that drops an entry at every miss rehashes into a new table every few
 * dozen rounds, in the old generation once a full collection has moved it there, and each table it leaves holds
 * the specs it had until the next full collection, which keeps them through every young collection in between (with
 * 100,000 executions waiting, most of what a round promoted).
 */
export class ResolvedSpecCache<K extends object> {
  readonly #keys: (K | undefined)[];
  readonly #attempts: number[];
  readonly #resolved: (ResolvedTaskExecutionSpec | undefined)[];
  /** When each slot was last used, by {@link #clock}; 0: free. */
  readonly #used: number[];
  #clock = 0;

  constructor(capacity = 64) {
    this.#keys = new Array<K | undefined>(capacity).fill(undefined);
    this.#attempts = new Array<number>(capacity).fill(0);
    this.#resolved = new Array<ResolvedTaskExecutionSpec | undefined>(capacity).fill(undefined);
    this.#used = new Array<number>(capacity).fill(0);
  }

  /** The resolved spec of `key`'s attempt `attempt`, made by `make` when not cached. */
  get(key: K, attempt: number, make: () => ResolvedTaskExecutionSpec): ResolvedTaskExecutionSpec {
    let slot = this.#keys.indexOf(key);
    if (slot >= 0 && this.#attempts[slot] === attempt) {
      this.#used[slot] = ++this.#clock;
      return this.#resolved[slot]!;
    }
    const resolved = make();
    if (slot < 0) slot = this.#leastRecentlyUsed();
    this.#keys[slot] = key;
    this.#attempts[slot] = attempt;
    this.#resolved[slot] = resolved;
    this.#used[slot] = ++this.#clock;
    return resolved;
  }

  /** Drops `key`'s entry. */
  delete(key: K): void {
    const slot = this.#keys.indexOf(key);
    if (slot < 0) return;
    this.#keys[slot] = undefined;
    this.#resolved[slot] = undefined;
    this.#used[slot] = 0;
  }

  /** The slot to reuse: a free one, else the one used longest ago. */
  #leastRecentlyUsed(): number {
    const used = this.#used;
    let oldest = 0;
    for (let i = 1; i < used.length; i++) if (used[i]! < used[oldest]!) oldest = i;
    return oldest;
  }
}
