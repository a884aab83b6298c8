/**
 * The in-memory executor: runs plugins round by round under a virtual clock, with FlytePropeller's rules, and
 * records every decision in the timeline.
 *
 * @module
 */
import { GeneratedNameError, InvalidArgumentError } from '../contract/errors';
import { generatedName } from '../contract/generated-name';
import { runWithClock } from '../contract/clock';
import { installClockScope } from './clock-scope';
import type { NamespacedName } from '../contract/kube';
import type { PluginEntry, SetupContext } from '../contract/plugin';
import { decodeState, type StateValue } from '../contract/state-codec';
import type { CallRecord, PhaseName, RunFinished, TimelineRecord } from '../timeline/types';
import { cleanupRound } from './cleanup-round';
import { RoundContextFactory } from './context';
import { phaseKey } from './events';
import { FaultPlan } from './faults';
import { handleRoundThen } from './handle-round';
import { andThen, isThenable, type MaybeLater, type MaybePromise } from './maybe-async';
import { runRounds } from './run-loop';
import { beginConsoleCapture, endConsoleCapture } from './plugin-call';
import { resolveConfig, type ExecutorConfig, type ExecutorOptions, type TaskSpec, type World } from './options';
import { PluginRegistry } from './registry';
import { createQuotaBackend, type PoolSnapshot, type QuotaBackend, ResourceRegistrarProxy } from './resource/index';
import { isSummary, type BarrierEntry, type RoundEnv, type RoundScratch, type RoundSummary } from './round-env';
import { recordingScope } from './metrics-recorder';
import { RoundQueue } from './schedule';
import {
  FileEnvSecretManager,
  type InMemoryDataStore,
  InMemoryKubeStore,
  newMetricsScope,
  type MetricsBackend,
  type MetricSample,
} from './services/index';
import { emptyTaskNodeState, newTaskExecution, type TaskExecution, type WorkflowState } from './task-execution';
import { VirtualClock } from './virtual-clock';
import { createDefaultMetricsBackend } from './default-metrics';
import { TimelineRecorder } from './recorder';
import type { StoreDelta } from './record-store/delta-writer';
import { executionName } from './names';

// Before any executor runs a plugin call: each asynchronous chain of calls then reads its own executor's clock.
installClockScope();

/** Go handleFailingWorkflow's reason for aborting the nodes of a failed workflow. */
const SIBLING_FAILED = 'Some node execution failed, auto-abort.';

/** When {@link Executor.runUntil} stops. Every run stops at `maxRounds` at the latest. */
export interface RunUntil {
  /** Stop when these task executions (or `'all'`) have finished. @default 'all' */
  terminal?: string | string[] | 'all';
  /** Stop when a task's persisted plugin phase becomes `phase`. */
  phase?: { task: string; phase: PhaseName };
  /** Stop after the next round that sent an event. */
  nextEvent?: boolean;
  /** Stop before virtual time passes this (ms since the Unix epoch). */
  untilMs?: number;
  /** The most rounds to run. @default 10000 */
  maxRounds?: number;
}

/** Why a run stopped. */
export type RunOutcome = Pick<RunFinished, 'reason' | 'rounds'>;

/** A task execution, as callers see it. */
export interface TaskView {
  id: string;
  taskType: string;
  pluginId: string;
  nodePhase: TaskExecution['nodePhase'];
  attempt: number;
  generatedName: string;
  pluginPhase: PhaseName;
  pluginPhaseVersion: number;
  state: { version: number; value: StateValue | undefined };
  rounds: number;
  finished: boolean;
  error?: { code: string; message: string };
  execution: { project: string; domain: string; name: string };
}

/** The executor. Create one with {@link Executor.create}. */
export class Executor {
  readonly clock: VirtualClock;
  /** The in-memory Kubernetes objects. */
  readonly kube: InMemoryKubeStore;
  /** The resource manager's pools. */
  readonly quota: QuotaBackend;
  readonly config: ExecutorConfig;
  readonly #options: ExecutorOptions;
  readonly #recorder: TimelineRecorder;
  #worldView: World | undefined;
  readonly #tasks = new Map<string, TaskExecution>();
  readonly #byExecution = new Map<string, TaskExecution[]>();
  readonly #workflows = new Map<string, WorkflowState>();
  readonly #queue = new RoundQueue<TaskExecution>();
  readonly #barrier = new Map<string, BarrierEntry>();
  readonly #faults: FaultPlan;
  readonly #secrets: FileEnvSecretManager;
  readonly #metrics: MetricsBackend;
  readonly #contexts: RoundContextFactory;
  #registry!: PluginRegistry;
  #rounds = 0;
  #unfinished = 0;
  #current: TaskExecution | undefined;
  /** What rounds see of the executor; made once. */
  #roundEnv: RoundEnv | undefined;
  /** The scratch of the plugin call running now. */
  #scratch: RoundScratch | undefined;

  private constructor(options: ExecutorOptions) {
    this.#options = options;
    this.config = resolveConfig(options);
    this.clock = new VirtualClock(options.startMs);
    this.kube = new InMemoryKubeStore({ clock: () => this.clock.nowMs(), objects: options.kubeObjects ?? [] });
    this.quota = createQuotaBackend(options.resourceManager ?? {});
    this.#faults = new FaultPlan(options.faults);
    this.#secrets = new FileEnvSecretManager(options.secrets ?? {});
    this.#recorder = new TimelineRecorder({
      keep: options.recordTimeline !== false,
      onRecord: options.onRecord,
      secrets: this.#secrets.knownValues(),
      nowMs: () => this.clock.nowMs(),
    });
    this.#metrics = options.metrics ?? createDefaultMetricsBackend();
    this.#contexts = new RoundContextFactory({
      config: this.config,
      quota: this.quota,
      secrets: this.#secrets,
      kube: this.kube,
      enqueue: (t) => this.#enqueue(t),
      recording: this.#recorder.recording,
    });
    this.kube.onChange((change) => {
      // Flyte: an informer Update of an object the workflow owns enqueues the owner.
      if (change.type !== 'updated') return;
      const owner = change.object.metadata?.labels?.['execution-id'];
      if (owner !== undefined) for (const t of this.#byExecution.get(owner) ?? []) this.#enqueue(t);
    });
  }

  /**
   * Sets up an executor: loads every enabled plugin (their loaders run now, as at FlytePropeller's start-up) and
   * registers their quotas.
   * @throws `PluginLoadError` naming the plugin when a loader fails; `PlugbenchError` for configuration Flyte refuses.
   */
  static async create(options: ExecutorOptions): Promise<Executor> {
    const ex = new Executor(options);
    await ex.#setup();
    return ex;
  }

  async #setup(): Promise<void> {
    const c = this.config;
    this.#recorder.emit({
      kind: 'run.started',
      seed: c.seed,
      config: {
        resyncPeriodMs: c.resyncPeriodMs,
        maxStreakLength: c.maxStreakLength,
        roundTimeoutMs: c.roundTimeoutMs,
        maxPluginPhaseVersions: c.maxPluginPhaseVersions,
        maxWorkflowRetries: c.maxWorkflowRetries,
        maxSystemRetries: c.maxSystemRetries,
        maxOutputSizeBytes: c.maxOutputSizeBytes,
        resourceManager: this.#options.resourceManager?.type ?? 'noop',
        barrier: c.barrier,
      },
      plugins: this.#options.plugins.map((p) => ({
        id: p.id,
        taskTypes: [...p.registeredTaskTypes],
        isDefault: p.isDefault === true,
      })),
    });
    const root = newMetricsScope(this.#metrics);
    // Loaders run under the virtual clock too: a plugin that notes "now" at load must see virtual time.
    this.#registry = await runWithClock(this.clock, () =>
      PluginRegistry.load(this.#options.plugins, this.#options, (entry) => this.#setupContext(entry, root)),
    );
  }

  #setupContext(entry: PluginEntry, root: ReturnType<typeof newMetricsScope>): SetupContext {
    const registrar = new ResourceRegistrarProxy({
      backend: this.quota,
      pluginID: entry.id,
      onRegister: (r) => {
        if (r.error === undefined) {
          this.#recorder.emit({
            kind: 'quota.registered',
            pluginId: entry.id,
            namespace: r.namespace,
            namespaceFQ: r.namespaceFQ,
            quota: r.quota,
          });
        }
      },
    });
    const scope = recordingScope(root.newSubScope(entry.id), () =>
      this.#scratch !== undefined && !this.#scratch.closed ? this.#scratch.metrics : undefined,
    );
    return {
      enqueueOwner: () => async (id: NamespacedName) => {
        for (const t of this.#byExecution.get(id.name) ?? []) this.#enqueue(t);
      },
      ownerKind: () => 'flyteworkflow',
      metricsScope: () => scope,
      kubeClient: () => this.kube,
      secretManager: () => this.#secrets,
      resourceRegistrar: () => registrar,
    };
  }

  /**
   * Starts a task execution: resolves its plugin and schedules its first round.
   * @returns its id.
   * @throws `UnsupportedTaskTypeError` when no plugin handles its type; `InvalidArgumentError` for a duplicate id.
   */
  start(spec: TaskSpec): string {
    const index = this.#tasks.size;
    const id = spec.id ?? `task-${index + 1}`;
    if (this.#tasks.has(id)) throw new InvalidArgumentError(`a task execution named [${id}] was already started`);
    const taskType = spec.taskType ?? spec.template.type;
    const loaded = this.#registry.resolve(taskType);
    const name = spec.execution?.name ?? executionName(this.config.seed, index);
    const nodeId = this.#nodeId(id, name, spec.nodeId);
    const workflow = this.#workflows.get(name) ?? { failedAttempts: 0 };
    this.#workflows.set(name, workflow);
    const t = newTaskExecution({
      id,
      index,
      spec,
      taskType,
      loaded,
      executionName: name,
      nodeId,
      workflow,
      nowMs: this.clock.nowMs(),
    });
    const { execution } = t;
    t.generatedName = this.#generatedName(t);
    this.#tasks.set(id, t);
    this.#unfinished++;
    const peers = this.#byExecution.get(execution.name) ?? [];
    peers.push(t);
    this.#byExecution.set(execution.name, peers);
    this.#recorder.emitStarted(t);
    this.#queue.schedule(t, Math.max(spec.startAtMs ?? this.clock.nowMs(), this.clock.nowMs()));
    return id;
  }

  /**
   * The node id of a new task in workflow execution `execution`: the one asked for, or the first free `n<k>`. Go
   * derives the generated name from (execution, node id, attempt) (`nodes/task/taskexec_context.go`), and two nodes
   * of one workflow never share an id: tasks sharing one would share tokens, output paths and barrier entries.
   * @throws `InvalidArgumentError` naming both tasks when the id asked for is taken.
   */
  #nodeId(id: string, execution: string, asked: string | undefined): string {
    const peers = this.#byExecution.get(execution) ?? [];
    if (asked !== undefined) {
      const holder = peers.find((p) => p.nodeId === asked);
      if (holder !== undefined) {
        throw new InvalidArgumentError(
          `task executions [${holder.id}] and [${id}] of workflow execution [${execution}] both have node id [${asked}]: give each its own nodeId`,
        );
      }
      return asked;
    }
    const taken = new Set(peers.map((p) => p.nodeId));
    let k = 0;
    while (taken.has(`n${k}`)) k++;
    return `n${k}`;
  }

  #generatedName(t: TaskExecution): string {
    const max = t.loaded.plugin.getProperties().generatedNameMaxLength;
    try {
      return generatedName(t.execution.name, t.nodeId, t.attempt, max);
    } catch (e) {
      if (e instanceof GeneratedNameError) return e.bestEffortName;
      throw e;
    }
  }

  /**
   * Aborts a task execution, or every task execution of a workflow execution, from outside (Flyte: the workflow is
   * aborted). The next round of each calls Abort (unless its plugin phase is terminal) and Finalize.
   */
  abort(target: string, reason = 'aborted by the user'): void {
    const tasks = this.#tasks.has(target) ? [this.#tasks.get(target)!] : this.#byExecution.get(target);
    if (tasks === undefined)
      throw new InvalidArgumentError(`no task execution or workflow execution named [${target}]`);
    for (const t of tasks) this.#requestAbort(t, reason);
  }

  #requestAbort(t: TaskExecution, reason: string): void {
    // Go AbortHandler aborts a Succeeding or Failing node too (canHandleNode); its plugin phase is terminal, so the
    // task's Abort is skipped and only Finalize runs, and the node ends Aborted.
    if (t.finished || t.nodePhase === 'Aborting') return;
    t.abortReason = reason;
    t.nodePhase = 'Aborting';
    this.#enqueue(t);
  }

  /**
   * A node failed: under Flyte's default failure policy (FAIL_IMMEDIATELY) the workflow fails, and its next round
   * aborts every node still running (`nodes/executor.go` handleDownstream, `workflow/executor.go`
   * handleFailingWorkflow).
   */
  #failWorkflow(failed: TaskExecution): void {
    for (const peer of this.#byExecution.get(failed.execution.name) ?? []) {
      if (peer !== failed) this.#requestAbort(peer, SIBLING_FAILED);
    }
  }

  #enqueue(t: TaskExecution): void {
    if (t.finished) return;
    if (this.#current === t) {
      t.enqueued = true;
      return;
    }
    const now = this.clock.nowMs();
    if (t.ticket !== 0 && t.nextAtMs <= now) return; // already due: keep its place in line
    t.nextAtMs = now;
    this.#queue.schedule(t, now);
  }

  /**
   * Runs exactly one round of the task execution due next, moving virtual time to it. `undefined` when idle. The
   * round, and what it starts, reads "now" from this executor's virtual clock.
   */
  step(): Promise<CallRecord[] | undefined> {
    try {
      // Not lean: a round asked for by itself hands back its records, made as callers see them (`finished`).
      const out = andThen(
        runWithClock(this.clock, () => this.#step(false)) as MaybePromise<CallRecord[] | undefined>,
        (recs) => recs?.map((r) => this.#recorder.finished(r)),
      );
      if (!isThenable(out)) return Promise.resolve(out);
      // A round that fails (an executor bug) still clears the current task; on a side branch.
      out.catch(() => (this.#current = undefined));
      return out;
    } catch (e) {
      this.#current = undefined;
      return Promise.reject(e);
    }
  }

  /**
   * One round, under this executor's clock: synchronous when the plugin answers synchronously. `lean`: the caller
   * does not need the round's records (see `handleRoundThen`).
   */
  #step(lean: boolean): MaybeLater<CallRecord[] | RoundSummary> | undefined {
    const next = this.#queue.pop();
    if (next === undefined) return undefined;
    const t = next.item;
    const continuing = t.streaking;
    t.streaking = false;
    this.clock.advanceTo(next.atMs);
    t.rounds++;
    this.#rounds++;
    const hook = this.#options.beforeRound;
    if (hook === undefined) return this.#runRound(t, continuing, lean);
    const before = hook({ task: t.id, round: t.rounds, attempt: t.attempt, atMs: this.clock.nowMs() }, this.#world());
    return isThenable(before)
      ? Promise.resolve(before).then(() => this.#runRound(t, continuing, lean))
      : this.#runRound(t, continuing, lean);
  }

  /** Runs the task's round; its caller clears `#current` if it fails (an executor bug). */
  #runRound(t: TaskExecution, continuing: boolean, lean: boolean): MaybeLater<CallRecord[] | RoundSummary> {
    this.#current = t;
    t.enqueued = false;
    const phaseBefore = t.nodePhase;
    const pluginPhaseBefore = t.ts.pluginPhase;
    const versionBefore = t.ts.pluginPhaseVersion;
    // One callback a round, for either kind of round: a Handle round ends with its record or its summary.
    const after = (out: CallRecord | CallRecord[] | RoundSummary): CallRecord[] | RoundSummary => {
      const recs = isSummary(out) || Array.isArray(out) ? out : [out];
      this.#current = undefined;
      this.#schedule(
        t,
        recs,
        continuing,
        phaseBefore !== t.nodePhase ||
          pluginPhaseBefore !== t.ts.pluginPhase ||
          versionBefore !== t.ts.pluginPhaseVersion,
      );
      return recs;
    };
    const env = (this.#roundEnv ??= this.#env());
    // The rest of a Handle round runs in the job that settles it: no promise hop of its own here.
    return t.nodePhase === 'Queued' || t.nodePhase === 'Running'
      ? handleRoundThen(env, t, lean, after)
      : andThen(cleanupRound(env, t), after);
  }

  /** Schedules the task's next round after a round that produced `records` (`moved`: its phases changed). */
  #schedule(t: TaskExecution, records: CallRecord[] | RoundSummary, continuing: boolean, moved: boolean): void {
    if (t.finished) return;
    let changed = moved;
    let failed = false;
    if (isSummary(records)) changed ||= records.sentEvents;
    else
      for (const r of records) {
        if (r.events.length > 0) changed = true;
        if (r.decision?.code === 'round-error') failed = true;
      }
    const now = this.clock.nowMs();
    // Go Propeller.Handle: one pick-up of a workflow runs up to max-streak-length rounds back to back (the first
    // included) while each succeeds and changes the workflow.
    if (!continuing) t.streakLeft = Math.max(1, this.config.maxStreakLength) - 1;
    if (changed && !failed && t.streakLeft > 0) {
      t.streakLeft--;
      t.streaking = true;
      t.nextAtMs = now;
      this.#queue.schedule(t, now, true);
    } else {
      // A round that changed the workflow is followed at once by another (the workflow object's update event);
      // otherwise the next round comes with the resync period.
      t.nextAtMs = changed || t.enqueued ? now : now + this.config.resyncPeriodMs;
      this.#queue.schedule(t, t.nextAtMs);
    }
  }

  /** Runs rounds until `until` holds, nothing is left to run, or the round cap; never forever. */
  async runUntil(until: RunUntil = {}): Promise<RunOutcome> {
    // Every round of the run reads this executor's clock: the scope is entered once, not once per round.
    const { reason, rounds } = await runWithClock(this.clock, () => this.#run(until));
    this.#recorder.emit({ kind: 'run.finished', reason, rounds, metrics: await this.metrics() });
    return { reason, rounds };
  }

  /**
   * {@link runUntil} without the `run.finished` record: for a caller that runs one run in parts (plugbench's runner,
   * which sends the records kept between them) and records the run's end with `runUntil` once nothing is left to run.
   * `goOn`, when given, is asked before each round after the first: `false` ends the part (reason `round-cap`).
   */
  runRounds(until: RunUntil = {}, goOn?: () => boolean): Promise<RunOutcome> {
    return runWithClock(this.clock, () => this.#run(until, goOn));
  }

  /** The rounds of a run (`run-loop.ts`), under the console capture of the whole run. */
  #run(until: RunUntil, goOn?: () => boolean): Promise<RunOutcome> {
    const max = until.maxRounds ?? 10_000;
    const targets =
      until.terminal === undefined || until.terminal === 'all'
        ? undefined
        : (Array.isArray(until.terminal) ? until.terminal : [until.terminal]).map((id) => this.#task(id));
    const capture = this.config.captureConsole;
    if (capture) beginConsoleCapture();
    return runRounds(
      {
        stopReason: (rounds) =>
          this.#stopReason(until, targets, rounds, max) ??
          (goOn !== undefined && rounds > 0 && !goOn() ? 'round-cap' : undefined),
        // The run hands back no records: its rounds are lean (records are made only when something keeps them).
        step: () => this.#step(true),
        ended: (failed) => {
          if (failed) this.#current = undefined;
          if (capture) endConsoleCapture();
        },
      },
      until.nextEvent === true,
    );
  }

  /** Why the run stops before its next round, if it does. */
  #stopReason(
    until: RunUntil,
    targets: TaskExecution[] | undefined,
    rounds: number,
    max: number,
  ): RunOutcome['reason'] | undefined {
    if (targets ? targets.every((t) => t.finished) : this.#allFinished())
      return targets || this.#tasks.size > 0 ? 'terminal' : 'idle';
    if (until.phase && phaseKey(this.#task(until.phase.task).ts.pluginPhase) === until.phase.phase) return 'phase';
    if (rounds >= max) return 'round-cap';
    const due = this.#queue.peek();
    if (due === undefined) return 'idle';
    if (until.untilMs !== undefined && due.atMs > until.untilMs) return 'time-cap';
    return undefined;
  }

  #allFinished(): boolean {
    return this.#unfinished === 0;
  }

  #task(id: string): TaskExecution {
    const t = this.#tasks.get(id);
    if (t === undefined)
      throw new InvalidArgumentError(
        `no task execution named [${id}]; started: ${[...this.#tasks.keys()].join(', ') || 'none'}`,
      );
    return t;
  }

  /** A task execution as it stands. */
  task(id: string): TaskView {
    const t = this.#task(id);
    const view: TaskView = {
      id: t.id,
      taskType: t.taskType,
      pluginId: t.loaded.entry.id,
      nodePhase: t.nodePhase,
      attempt: t.attempt,
      generatedName: t.generatedName,
      pluginPhase: phaseKey(t.ts.pluginPhase),
      pluginPhaseVersion: t.ts.pluginPhaseVersion,
      state: {
        version: t.ts.pluginStateVersion,
        value: t.ts.pluginState === undefined ? undefined : decodeState(t.ts.pluginState),
      },
      rounds: t.rounds,
      finished: t.finished,
      execution: { ...t.execution },
    };
    if (t.pendingError !== undefined && (t.nodePhase === 'Failed' || t.nodePhase === 'Failing')) {
      view.error = { code: t.pendingError.code, message: t.pendingError.message };
    }
    return view;
  }

  /** Every task execution, in start order. */
  tasks(): TaskView[] {
    return [...this.#tasks.keys()].map((id) => this.task(id));
  }

  /** The in-memory blob store: inputs, outputs, error documents, whatever plugins write. */
  get dataStore(): InMemoryDataStore {
    return this.#contexts.dataStore;
  }

  /** The resource pools: quota, holders, waiters. */
  pools(): PoolSnapshot[] {
    return this.quota.pools();
  }

  /**
   * The timeline so far (empty when recording is off): a live read-only array; each record is made when it is read
   * (Handle rounds' records are kept in columns), so `timeline[i]` costs a small object graph a read and is a new
   * object each time. Read it once into an array (`[...ex.timeline]`) to read records many times.
   */
  get timeline(): readonly TimelineRecord[] {
    return this.#recorder.records;
  }

  /**
   * The records kept, from the first, as the executor's record store holds them, for a copy of the store in another
   * process (`@plugbench/sdk/runner` `StoreReplica`): each `next()` gives the records kept since the last call, or
   * `undefined` when there are none. Only an executor that keeps its timeline keeps records.
   */
  timelineDelta(): { next(): StoreDelta | undefined } {
    return this.#recorder.deltaWriter();
  }

  /**
   * What Flyte only logs at setup and the executor keeps: a second plugin marked `isDefault` (Go `Setup` logs an
   * error and keeps the first).
   */
  get warnings(): readonly string[] {
    return this.#registry.warnings;
  }

  /** The plugins' metrics. */
  metrics(): Promise<MetricSample[]> {
    return this.#metrics.snapshot();
  }

  /** Task executions started and not finished yet: a counter, so asking after every round costs nothing. */
  get unfinished(): number {
    return this.#unfinished;
  }

  /** Rounds run so far, over all task executions. */
  get rounds(): number {
    return this.#rounds;
  }

  #world(): World {
    // Made once: the hook gets it every round.
    return (this.#worldView ??= {
      kube: this.kube,
      advanceTime: (ms) => this.clock.advance(ms),
      nowMs: () => this.clock.nowMs(),
    });
  }

  #env(): RoundEnv {
    return {
      config: this.config,
      clock: this.clock,
      faults: this.#faults,
      barrier: this.#barrier,
      dataStore: this.#contexts.dataStore,
      recording: this.#recorder.recording,
      keepsOnly: this.#recorder.keepsOnly,
      repeats: (parts, task) => this.#recorder.repeats(parts, task),
      keepRepeat: (parts, task) => this.#recorder.keepRepeat(parts, task),
      context: (task, scratch) => {
        this.#scratch = scratch;
        return this.#contexts.create(task, scratch);
      },
      record: (body) => this.#recorder.emitCall(body),
      nextSeq: () => this.#recorder.nextSeq(),
      outputPath: (task) => this.#contexts.outputPath(task),
      emitCall: (rec, task) => this.#recorder.pushHandle(rec, task),
      finish: (task, nodePhase, err, reason) => {
        task.finished = true;
        if (nodePhase === 'Failed') this.#failWorkflow(task);
        this.#unfinished--;
        this.#queue.cancel(task);
        this.#contexts.forget(task);
        this.#recorder.emit({
          kind: 'task.finished',
          task: task.id,
          attempt: task.attempt,
          nodePhase,
          ...(err !== undefined
            ? {
                err: {
                  code: err.code,
                  message: err.message,
                  kind: (['UNKNOWN', 'USER', 'SYSTEM'] as const)[err.kind] ?? 'UNKNOWN',
                },
              }
            : {}),
          ...(reason !== undefined ? { reason } : {}),
          rounds: task.rounds,
        });
      },
      roundError: (task, message) => {
        const wf = task.workflow;
        wf.failedAttempts++;
        if (message !== undefined) wf.lastMessage = message;
        if (wf.failedAttempts > this.config.maxWorkflowRetries && wf.abortReason === undefined) {
          // Go HandleAbortedWorkflow: the reason names the failed attempts and ends " - system failure.".
          wf.abortReason = `max number of system retry attempts [${wf.failedAttempts}/${this.config.maxWorkflowRetries}] exhausted - system failure.`;
          for (const peer of this.#byExecution.get(task.execution.name) ?? []) this.#requestAbort(peer, wf.abortReason);
        }
      },
      nextAttempt: (task) => {
        task.attempt++;
        task.generatedName = this.#generatedName(task);
        task.ts = emptyTaskNodeState(this.clock.nowMs());
        delete task.pendingError;
      },
    };
  }
}
