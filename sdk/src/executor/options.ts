/**
 * Options of the executor and of the task executions it runs. Defaults are FlytePropeller's, where it has one.
 *
 * @module
 */
import type { LiteralMap, TaskTemplate } from '../idl/index';
import type { KubeObject } from '../contract/kube';
import type { PluginEntry } from '../contract/plugin';
import type { TimelineRecord } from '../timeline/types';
import type { Fault, FaultScript } from './faults';
import type { FileEnvSecretSources } from './services/secret-manager';
import type { QuotaBackend } from './resource/quota-backend';
import type { TaskExecutionSettings } from './services/task-metadata';

/** How the resource manager decides. */
export interface ResourceManagerOptions {
  /** `noop` grants everything (Flyte's default); `redis` ports Flyte's Redis algorithm in memory. @default 'noop' */
  type?: 'noop' | 'redis';
  /** Flyte `resourceMaxQuota`: the largest quota a plugin may register. @default 1000 */
  maxQuota?: number;
  /**
   * Flyte's Redis quirks, on by default: a constraint prefix also counts other projects whose names start with it
   * (`flyte` counts `flytesnacks`), and a constraint value of 0 or less rejects whenever the pool is not empty.
   */
  quirks?: { prefixCollision?: boolean; nonPositiveValueRejects?: boolean };
  /** A base manager built by the caller (a real Redis: `RedisServerQuotaBackend` of `@plugbench/sdk/node`). */
  backend?: QuotaBackend;
}

/** Secrets the secret manager serves (Flyte: environment variables and files): what it reads them from. */
export type SecretsOptions = FileEnvSecretSources;

/** Options of {@link Executor.create}. */
export interface ExecutorOptions {
  /** The plugins, as Flyte's registry holds them. */
  plugins: PluginEntry[];
  /** Flyte `tasks.task-plugins.enabled-plugins`: ids, case-insensitive. Empty means all. */
  enabledPlugins?: string[];
  /** Flyte `default-for-task-types`: task type to plugin id. */
  defaultForTaskTypes?: Record<string, string>;
  /** The resource manager. */
  resourceManager?: ResourceManagerOptions;
  /** Secrets served to plugins. */
  secrets?: SecretsOptions;
  /** Kubernetes objects in the in-memory store at the start. */
  kubeObjects?: KubeObject[];
  /** Virtual time at the start, ms since the Unix epoch. @default 2024-01-01T00:00:00Z */
  startMs?: number;
  /** Flyte `workflow-reeval-duration`: a task is evaluated again at least this often (virtual). @default 10000 */
  resyncPeriodMs?: number;
  /**
   * Flyte `max-streak-length`: the rounds one pick-up of a task may run back to back, the first included, while each
   * succeeds and changes the workflow; 0 or 1 means no streak. @default 0 (off; Flyte's default is 8)
   */
  maxStreakLength?: number;
  /** Wall-clock limit of one Handle, Abort or Finalize call; past it the round fails. @default 5000 */
  roundTimeoutMs?: number;
  /** Flyte `tasks.max-plugin-phase-versions`. @default 100000 */
  maxPluginPhaseVersions?: number;
  /** Flyte `max-workflow-retries`: round errors a workflow survives before it is aborted. @default 10 */
  maxWorkflowRetries?: number;
  /** Flyte `max-node-retries-system-failures`. @default 3 */
  maxSystemRetries?: number;
  /** The largest outputs accepted (`MaxDatasetSizeBytes`). @default 10 MiB */
  maxOutputSizeBytes?: number;
  /** The barrier replay cache of the API document's Barrier transitions. @default true */
  barrier?: boolean;
  /** Faults to inject: declarative entries and/or a script. */
  faults?: Array<Fault> | FaultScript;
  /** Seed of everything the executor makes up (execution names). @default 1 */
  seed?: number;
  /** Whether to keep the timeline in memory ({@link Executor.timeline}). @default true */
  recordTimeline?: boolean;
  /** Receives every timeline record as it is made (streaming). */
  onRecord?: (record: TimelineRecord) => void;
  /** Capture `console.*` output during plugin calls into the timeline. @default true */
  captureConsole?: boolean;
  /** Where plugin metrics live. @default a prom-client registry of this executor's own */
  metrics?: import('./services/metrics').MetricsBackend;
  /**
   * Contract checks that cost extra plugin calls: `replayHandle` calls Handle a second time on the same state and
   * compares the transitions; `repeatCleanup` calls Abort and Finalize twice. @default both off
   */
  checks?: { replayHandle?: boolean; repeatCleanup?: boolean };
  /** Called before every round: change the world (Kubernetes objects, time) between rounds. */
  beforeRound?: (
    round: { task: string; round: number; attempt: number; atMs: number },
    world: World,
  ) => void | Promise<void>;
}

/** What scripts may change between rounds. */
export interface World {
  /** The in-memory Kubernetes objects. */
  kube: import('./services/kube-store').InMemoryKubeStore;
  /** Advances virtual time. */
  advanceTime(ms: number): void;
  /** Virtual now, ms. */
  nowMs(): number;
}

/** A task execution to run: its template and inputs, and what its execution gives every attempt. */
export interface TaskSpec extends TaskExecutionSettings {
  /** Name of the task execution in the timeline. @default `task-<n>` */
  id?: string;
  /** The task template (IDL). Its `type` selects the plugin unless `taskType` is given. */
  template: TaskTemplate;
  /** Overrides the template's type for plugin resolution. */
  taskType?: string;
  /** The inputs (IDL literal map). @default empty */
  inputs?: LiteralMap;
  /** The workflow execution it belongs to. Tasks with the same execution name share the round-error counter. */
  execution?: { project?: string; domain?: string; name?: string };
  /** Unique within its execution. @default 'n0', or the first free `n<k>` of its execution */
  nodeId?: string;
  /** User retries: the task runs at most `retries + 1` attempts for USER failures. @default template's retries, else 0 */
  retries?: number;
  /** @default template's `interruptible`, else false */
  interruptible?: boolean;
  /**
   * Where the attempt's outputs go (Go `GetOutputPrefixPath`; `outputs.pb` and `error.pb` are under it), as a
   * connector's CreateTask request gives it; every attempt of the spec writes there. @default `<node data dir>/<attempt>` in the executor's data store
   */
  outputPrefix?: string;
  /** Virtual time of the first round. @default now */
  startAtMs?: number;
}

/** Resolved executor configuration. */
export interface ExecutorConfig {
  resyncPeriodMs: number;
  maxStreakLength: number;
  roundTimeoutMs: number;
  maxPluginPhaseVersions: number;
  maxWorkflowRetries: number;
  maxSystemRetries: number;
  maxOutputSizeBytes: number;
  barrier: boolean;
  seed: number;
  captureConsole: boolean;
  checks: { replayHandle: boolean; repeatCleanup: boolean };
}

/** Fills defaults. */
export function resolveConfig(o: ExecutorOptions): ExecutorConfig {
  return {
    resyncPeriodMs: o.resyncPeriodMs ?? 10_000,
    maxStreakLength: o.maxStreakLength ?? 0,
    roundTimeoutMs: o.roundTimeoutMs ?? 5_000,
    maxPluginPhaseVersions: o.maxPluginPhaseVersions ?? 100_000,
    maxWorkflowRetries: o.maxWorkflowRetries ?? 10,
    maxSystemRetries: o.maxSystemRetries ?? 3,
    maxOutputSizeBytes: o.maxOutputSizeBytes ?? 10 * 1024 * 1024,
    barrier: o.barrier ?? true,
    seed: o.seed ?? 1,
    captureConsole: o.captureConsole ?? true,
    checks: { replayHandle: o.checks?.replayHandle ?? false, repeatCleanup: o.checks?.repeatCleanup ?? false },
  };
}
