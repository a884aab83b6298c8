/**
 * The executor's rounds without its scheduler: for a server (`plugbench serve`) that drives each task execution on
 * the real clock, persists its state after every round in a store of its own, and may resume it in another process.
 * Every round is the executor's own `handleRound` / `cleanupRound`, so dedup on phase and version, state visible from
 * the next round, round errors and their limit, output validation and Finalize at a terminal phase are exactly the
 * executor's rules.
 *
 * @module
 */
import { create } from '@bufbuild/protobuf';
import type { NamespacedName } from '../contract/kube';
import type { PluginEntry, SetupContext } from '../contract/plugin';
import { generatedName } from '../contract/generated-name';
import { InvalidArgumentError } from '../contract/errors';
import type { Phase } from '../contract/phase';
import { ExecutionErrorSchema, LiteralMapSchema, type LiteralMap } from '../idl/index';
import { readProtobuf } from '../io/protobuf-store';
import type { CallRecord, NodePhase, TaskEvent, TimelineExecutionError } from '../timeline/types';
import { cleanupRound } from './cleanup-round';
import { RoundContextFactory } from './context';
import { FaultPlan } from './faults';
import { handleRound } from './handle-round';
import { recordingScope } from './metrics-recorder';
import {
  resolveConfig,
  type ExecutorConfig,
  type ResourceManagerOptions,
  type SecretsOptions,
  type TaskSpec,
} from './options';
import { PluginRegistry } from './registry';
import { createQuotaBackend, ResourceRegistrarProxy, type QuotaBackend } from './resource/index';
import type { BarrierEntry, RoundEnv } from './round-env';
import { FileEnvSecretManager, InMemoryKubeStore, newMetricsScope } from './services/index';
import { createDefaultMetricsBackend } from './default-metrics';
import { newTaskExecution, type TaskExecution } from './task-execution';
import { VirtualClock } from './virtual-clock';
import { errorJson } from './events';

/** The persisted part of a task execution: JSON, small, enough to resume it in another process. */
export interface DetachedTaskState {
  nodePhase: NodePhase;
  attempt: number;
  pluginPhase: Phase;
  pluginPhaseVersion: number;
  /** The plugin state as the executor stores it (encoded). */
  pluginState?: string;
  pluginStateVersion: number;
  barrierClockTick: number;
  lastPhaseUpdatedAt: number;
  rounds: number;
  systemFailures: number;
  /** Round errors of the workflow execution so far (Go `FailedAttempts`). */
  failedAttempts: number;
  abortReason?: string;
  pendingError?: TimelineExecutionError;
  finished: boolean;
  /** The terminal node phase and its error, once finished. */
  finishedAs?: 'Succeeded' | 'Failed' | 'Aborted';
  err?: TimelineExecutionError;
  /** The last event sent (phase, reason, logs, custom info), for status reads. */
  lastEvent?: TaskEvent;
  /** The last round's error, when it failed (a round error). */
  lastRoundError?: string;
}

/** Options of {@link DetachedRounds.create}: the executor's, less what only its scheduler and timeline use. */
export interface DetachedRoundsOptions {
  plugins: PluginEntry[];
  enabledPlugins?: string[];
  defaultForTaskTypes?: Record<string, string>;
  resourceManager?: ResourceManagerOptions;
  secrets?: SecretsOptions;
  roundTimeoutMs?: number;
  maxWorkflowRetries?: number;
  maxOutputSizeBytes?: number;
  captureConsole?: boolean;
}

/** A task execution handled by {@link DetachedRounds}; opaque. */
export type DetachedTask = TaskExecution;

/** Wall time: a server's rounds run when they are due on the real clock, and plugins see real time. */
class WallClock extends VirtualClock {
  override nowMs(): number {
    return Date.now();
  }
}

const ERROR_KINDS = { UNKNOWN: 0, USER: 1, SYSTEM: 2 } as const;

/**
 * Plugins loaded as the executor loads them (quotas registered, loaders run once), and rounds of task executions
 * kept elsewhere. Retries are not started here: a retryable failure ends the attempt (the caller's caller, Flyte,
 * starts the next one).
 */
export class DetachedRounds {
  readonly config: ExecutorConfig;
  readonly quota: QuotaBackend;
  readonly #clock = new WallClock();
  readonly #contexts: RoundContextFactory;
  readonly #secrets: FileEnvSecretManager;
  readonly #kube: InMemoryKubeStore;
  readonly #barrier = new Map<string, BarrierEntry>();
  readonly #env: RoundEnv;
  #registry!: PluginRegistry;
  #seq = 0;

  private constructor(options: DetachedRoundsOptions) {
    // No retries here (maxSystemRetries 0, retries 0): attempts belong to whoever created the execution.
    this.config = resolveConfig({ plugins: options.plugins, ...withoutUndefined(options), maxSystemRetries: 0 });
    this.quota = createQuotaBackend(options.resourceManager ?? {});
    this.#secrets = new FileEnvSecretManager(options.secrets ?? {});
    this.#kube = new InMemoryKubeStore({ clock: () => this.#clock.nowMs(), objects: [] });
    this.#contexts = new RoundContextFactory({
      config: this.config,
      quota: this.quota,
      secrets: this.#secrets,
      kube: this.#kube,
      enqueue: () => {},
      recording: false,
    });
    this.#env = this.#makeEnv();
  }

  /** Loads the plugins and registers their quotas. @throws `PluginLoadError` when a loader fails. */
  static async create(options: DetachedRoundsOptions): Promise<DetachedRounds> {
    const rounds = new DetachedRounds(options);
    const scope = newMetricsScope(createDefaultMetricsBackend());
    rounds.#registry = await PluginRegistry.load(options.plugins, options, (entry) =>
      rounds.#setupContext(entry, scope),
    );
    return rounds;
  }

  /** The plugins loaded, with their task types. */
  plugins(): { id: string; taskTypes: string[] }[] {
    return this.#registry.loaded.map((l) => ({ id: l.entry.id, taskTypes: [...l.entry.registeredTaskTypes] }));
  }

  /**
   * A task execution of `attempt`, new or resumed from `state`.
   * @throws `UnsupportedTaskTypeError` when no plugin handles its type.
   */
  task(spec: TaskSpec & { attempt: number }, state?: DetachedTaskState): DetachedTask {
    const taskType = spec.taskType ?? spec.template.type;
    const loaded = this.#registry.resolve(taskType);
    const name = spec.execution?.name;
    if (name === undefined || name === '')
      throw new InvalidArgumentError('a detached task execution needs an execution name');
    const t = newTaskExecution({
      id: spec.id ?? name,
      index: 0,
      spec: { ...spec, retries: 0 },
      taskType,
      loaded,
      executionName: name,
      nodeId: spec.nodeId ?? 'n0',
      workflow: { failedAttempts: 0 },
      nowMs: this.#clock.nowMs(),
    });
    t.attempt = spec.attempt;
    const max = loaded.plugin.getProperties().generatedNameMaxLength;
    t.generatedName = generatedName(name, t.nodeId, t.attempt, max);
    if (state !== undefined) restore(t, state);
    return t;
  }

  /** Runs one round of `task` (Handle, or the cleanup of a node that is ending) and returns its call records. */
  async round(task: DetachedTask): Promise<CallRecord[]> {
    if (task.finished) return [];
    const live = task.nodePhase === 'Queued' || task.nodePhase === 'Running';
    task.rounds++;
    return live ? [await handleRound(this.#env, task)] : await cleanupRound(this.#env, task);
  }

  /** Marks `task` aborted from outside: its next round calls Abort (unless its phase is terminal) and Finalize. */
  requestAbort(task: DetachedTask, reason: string): void {
    if (task.finished || task.nodePhase === 'Aborting') return;
    task.abortReason = reason;
    task.nodePhase = 'Aborting';
  }

  /** The outputs of a task execution that succeeded, from the data store its round wrote them to. */
  async outputs(task: DetachedTask): Promise<LiteralMap | undefined> {
    const uri = this.#contexts.outputPath(task);
    if (!(await this.#contexts.dataStore.head(uri)).exists) return undefined;
    return readProtobuf(this.#contexts.dataStore, uri, LiteralMapSchema);
  }

  /** Drops what the data store keeps of a finished task execution. */
  async forget(task: DetachedTask): Promise<void> {
    this.#contexts.forget(task);
  }

  /** The persisted part of `task`, with the last event of `records` (the round just run). */
  state(task: DetachedTask, records: readonly CallRecord[] = [], previous?: DetachedTaskState): DetachedTaskState {
    const ts = task.ts;
    const events = records.flatMap((r) => r.events);
    const lastEvent = events.length > 0 ? events[events.length - 1] : previous?.lastEvent;
    const roundError = records.find((r) => r.decision?.code === 'round-error')?.error?.message;
    const s: DetachedTaskState = {
      nodePhase: task.nodePhase,
      attempt: task.attempt,
      pluginPhase: ts.pluginPhase,
      pluginPhaseVersion: ts.pluginPhaseVersion,
      pluginStateVersion: ts.pluginStateVersion,
      barrierClockTick: ts.barrierClockTick,
      lastPhaseUpdatedAt: ts.lastPhaseUpdatedAt,
      rounds: task.rounds,
      systemFailures: task.systemFailures,
      failedAttempts: task.workflow.failedAttempts,
      finished: task.finished,
    };
    if (ts.pluginState !== undefined) s.pluginState = ts.pluginState;
    if (task.abortReason !== undefined) s.abortReason = task.abortReason;
    if (task.workflow.abortReason !== undefined && s.abortReason === undefined)
      s.abortReason = task.workflow.abortReason;
    if (task.pendingError !== undefined) s.pendingError = errorJson(task.pendingError);
    const fin = this.#finished.get(task);
    if (fin !== undefined) {
      s.finishedAs = fin.nodePhase;
      if (fin.err !== undefined) s.err = fin.err;
    } else if (previous?.finishedAs !== undefined) {
      s.finishedAs = previous.finishedAs;
      if (previous.err !== undefined) s.err = previous.err;
    }
    if (lastEvent !== undefined) s.lastEvent = lastEvent;
    if (roundError !== undefined) s.lastRoundError = roundError;
    return s;
  }

  readonly #finished = new WeakMap<
    TaskExecution,
    { nodePhase: 'Succeeded' | 'Failed' | 'Aborted'; err?: TimelineExecutionError }
  >();

  #makeEnv(): RoundEnv {
    return {
      config: this.config,
      clock: this.#clock,
      faults: new FaultPlan(undefined),
      barrier: this.#barrier,
      dataStore: this.#contexts.dataStore,
      recording: false,
      // Nothing keeps records: no round hands the store its parts.
      keepsOnly: false,
      repeats: () => false,
      keepRepeat: () => {},
      context: (task, scratch) => this.#contexts.create(task, scratch),
      nextSeq: () => ++this.#seq,
      emitCall: (record) => record,
      record: (body) => ({ v: 1, seq: ++this.#seq, at: this.#clock.nowMs(), kind: 'call', ...body }) as CallRecord,
      outputPath: (task) => this.#contexts.outputPath(task),
      finish: (task, nodePhase, err) => {
        task.finished = true;
        this.#finished.set(task, { nodePhase, ...(err !== undefined ? { err: errorJson(err) } : {}) });
        this.#barrier.delete(task.generatedName);
      },
      roundError: (task) => {
        const wf = task.workflow;
        wf.failedAttempts++;
        if (wf.failedAttempts > this.config.maxWorkflowRetries && wf.abortReason === undefined) {
          wf.abortReason = `max number of system retry attempts [${wf.failedAttempts}/${this.config.maxWorkflowRetries}] exhausted`;
          this.requestAbort(task, wf.abortReason);
        }
      },
      nextAttempt: () => {
        throw new InvalidArgumentError('a detached task execution never starts another attempt');
      },
    };
  }

  #setupContext(entry: PluginEntry, root: ReturnType<typeof newMetricsScope>): SetupContext {
    const registrar = new ResourceRegistrarProxy({ backend: this.quota, pluginID: entry.id });
    const scope = recordingScope(root.newSubScope(entry.id), () => undefined);
    return {
      enqueueOwner: () => async (_id: NamespacedName) => {},
      ownerKind: () => 'flyteworkflow',
      metricsScope: () => scope,
      kubeClient: () => this.#kube,
      secretManager: () => this.#secrets,
      resourceRegistrar: () => registrar,
    };
  }
}

function restore(t: TaskExecution, s: DetachedTaskState): void {
  t.nodePhase = s.nodePhase;
  t.rounds = s.rounds;
  t.systemFailures = s.systemFailures;
  t.workflow.failedAttempts = s.failedAttempts;
  t.finished = s.finished;
  if (s.abortReason !== undefined) t.abortReason = s.abortReason;
  if (s.pendingError !== undefined) {
    t.pendingError = create(ExecutionErrorSchema, {
      code: s.pendingError.code,
      message: s.pendingError.message,
      kind: ERROR_KINDS[s.pendingError.kind] ?? 0,
    });
  }
  t.ts = {
    pluginPhase: s.pluginPhase,
    pluginPhaseVersion: s.pluginPhaseVersion,
    pluginState: s.pluginState,
    pluginStateVersion: s.pluginStateVersion,
    barrierClockTick: s.barrierClockTick,
    lastPhaseUpdatedAt: s.lastPhaseUpdatedAt,
  };
}

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
