/**
 * The testbed: an executor with a plugin loaded, tasks built in code with defaults for everything, rounds stepped or
 * run to the end, and the timeline read back per task. What mocha tests use directly, and what fixtures run on.
 *
 * Flyte's `RunPluginEndToEndTest` (flyteplugins `tests/end_to_end.go`) is the Go counterpart: one template and
 * inputs, a loop without a cap, a resource manager that always grants, no Abort or Finalize. Here every one of those
 * is the executor's real behaviour, and the contract checks run over what it records.
 *
 * @module
 */
import {
  DEFAULT_START_MS,
  Executor,
  InvalidArgumentError,
  LiteralMapSchema,
  runWithClock,
  readProtobuf,
  type CallRecord,
  type ExecutorOptions,
  type LiteralMap,
  type PluginEntry,
  type PoolSnapshot,
  type RunOutcome,
  type RunUntil,
  type TaskEvent,
  type TaskFinished,
  type TaskView,
  type TimelineRecord,
  type World,
} from '@plugbench/sdk';
import { isPluginEntry, loadPluginEntry, type ModuleLoadOptions, type PluginModuleRef } from './plugin/load';
import { resolveChecks, type CheckId, type CheckSettings, type CheckViolation } from './checks';
import { runChecks } from './check-rules';
import { taskSpecOf, type TestbedTaskSpec } from './testbed-task';

/** A plugin: an entry (imported by the test), or a module to bundle and the export to use. */
export type PluginSpec = PluginEntry | PluginModuleRef;

/** Options of {@link createTestbed}: the executor's options with plugins given as {@link PluginSpec}s. */
export interface TestbedOptions extends Omit<ExecutorOptions, 'plugins' | 'checks' | 'startMs'> {
  /** The plugin. */
  plugin?: PluginSpec;
  /** Several plugins (instead of `plugin`). */
  plugins?: PluginSpec[];
  /** What relative module paths are relative to. @default process.cwd() */
  baseDir?: string;
  /** Where plugin bundles are written. */
  cacheDir?: string;
  /** Contract checks: all on by default; switch single ones off, or all with `false`. */
  checks?: Partial<Record<CheckId, boolean>> | false;
  /** The round cap of {@link Testbed.runToCompletion}. @default 1000 */
  maxRounds?: number;
  /** Virtual time at the start: ms since the Unix epoch, an ISO date-time, or a Date. @default 2024-01-01T00:00:00Z */
  startTime?: number | string | Date;
}

function startMsOf(t: TestbedOptions['startTime']): number {
  if (t === undefined) return DEFAULT_START_MS;
  if (t instanceof Date) return t.getTime();
  if (typeof t === 'number') return t;
  const ms = Date.parse(t);
  if (Number.isNaN(ms)) throw new InvalidArgumentError(`startTime: "${t}" is not an ISO date-time`);
  return ms;
}

/** A token held in a pool, with the names the plugin used and who took it. */
export interface HeldToken {
  namespace: string;
  namespaceFQ: string;
  token: string;
  tokenFQ: string;
  /** The task that took it (last granted), when known. */
  task?: string;
}

/** The result of {@link Testbed.outputs}. */
export interface TaskOutputs {
  /** The literal map committed to the attempt's `outputs.pb`. */
  outputs?: LiteralMap;
}

/** Records by task, for the first `indexed` records of `source`. */
interface TaskIndex {
  source: readonly TimelineRecord[];
  indexed: number;
  calls: Map<string, CallRecord[]>;
  finished: Map<string, TaskFinished>;
}

const newTaskIndex = (source: readonly TimelineRecord[]): TaskIndex => ({
  source,
  indexed: 0,
  calls: new Map(),
  finished: new Map(),
});

/** The last SUCCEEDED event a task's transitions sent, searched from the end. */
function lastSucceeded(calls: readonly CallRecord[]): TaskEvent | undefined {
  for (let i = calls.length - 1; i >= 0; i--) {
    const events = calls[i]!.events;
    for (let j = events.length - 1; j >= 0; j--) {
      const e = events[j]!;
      if (e.source === 'transition' && e.phase === 'SUCCEEDED') return e;
    }
  }
  return undefined;
}

/** An executor with plugins loaded; see {@link createTestbed}. */
export class Testbed {
  /** The executor underneath, for anything the testbed does not wrap. */
  readonly executor: Executor;
  /** The contract checks that run. */
  readonly checks: CheckSettings;
  /** The round cap of {@link runToCompletion}. */
  readonly maxRounds: number;
  /** Virtual time at the start. */
  readonly startMs: number;
  /** The last run's outcome. */
  outcome: RunOutcome | undefined;
  readonly #abortAt: Map<string, { round: number; reason?: string }>;
  #index: TaskIndex = newTaskIndex([]);
  /** The records of the executor's timeline read so far (see {@link Testbed.timeline}). */
  readonly #records: TimelineRecord[] = [];

  /** @internal Use {@link createTestbed}. */
  constructor(
    executor: Executor,
    o: {
      checks: CheckSettings;
      maxRounds: number;
      startMs: number;
      abortAt: Map<string, { round: number; reason?: string }>;
    },
  ) {
    this.executor = executor;
    this.checks = o.checks;
    this.maxRounds = o.maxRounds;
    this.startMs = o.startMs;
    this.#abortAt = o.abortAt;
  }

  /**
   * Starts a task execution and returns its id. Only the type is needed:
   * `testbed.task({type: 'echo', custom: {sleep: 2}, inputs: {x: 3}})`.
   * @throws `InvalidArgumentError` for IDL JSON that does not decode (with its path) or a duplicate id;
   * `UnsupportedTaskTypeError` when no plugin handles the type.
   */
  task(spec: TestbedTaskSpec): string {
    const id = this.executor.start(taskSpecOf(spec, this.startMs));
    if (spec.abortAt !== undefined) this.#abortAt.set(id, spec.abortAt);
    return id;
  }

  /**
   * Runs `fn` with the executor's virtual clock as the contract clock, so that anything the engine stamps outside a
   * plugin call (the final ABORTED event's time) is virtual too and runs are reproducible.
   */
  #virtual<T>(fn: () => Promise<T>): Promise<T> {
    // Scoped to this call's asynchronous context: testbeds running at once never see each other's clock.
    return runWithClock(this.executor.clock, fn);
  }

  /** Runs one round of the task due next; `undefined` when nothing is left to run. */
  step(): Promise<CallRecord[] | undefined> {
    return this.#virtual(() => this.executor.step());
  }

  /** Runs rounds until `until` holds (at most `maxRounds`, default the testbed's cap). */
  async runUntil(until: RunUntil = {}): Promise<RunOutcome> {
    this.outcome = await this.#virtual(() => this.executor.runUntil({ maxRounds: this.maxRounds, ...until }));
    return this.outcome;
  }

  /** Runs until every task finished, or the round cap. */
  runToCompletion(options: { maxRounds?: number } = {}): Promise<RunOutcome> {
    return this.runUntil({ terminal: 'all', maxRounds: options.maxRounds ?? this.maxRounds });
  }

  /** Aborts a task execution (or every task of a workflow execution) from outside. */
  abort(target: string, reason?: string): void {
    this.executor.abort(target, reason);
  }

  /**
   * The timeline so far, read from the executor once per record: each read of the executor's timeline makes the
   * record anew, and the testbed reads records many times (expectations, contract checks, held tokens).
   */
  get timeline(): readonly TimelineRecord[] {
    const kept = this.executor.timeline;
    const records = this.#records;
    // One `slice` of the new records: the executor's view reads its store in one call for all of them.
    if (kept.length > records.length) for (const r of kept.slice(records.length)) records.push(r);
    return records;
  }

  /** The call records of a task (Handle, Abort, Finalize), optionally of one attempt. */
  calls(task: string, options: { attempt?: number } = {}): CallRecord[] {
    const calls = this.#calls(task, options);
    // Every attempt: the index's own list, copied; one attempt: a new list already.
    return options.attempt === undefined ? [...calls] : (calls as CallRecord[]);
  }

  /** {@link calls} without a copy: the index's own list when every attempt is asked for. */
  #calls(task: string, options: { attempt?: number }): readonly CallRecord[] {
    this.executor.task(task); // throws for an unknown id
    const calls = this.#byTask().calls.get(task) ?? [];
    return options.attempt === undefined ? calls : calls.filter((r) => r.attempt === options.attempt);
  }

  /**
   * The timeline's records by task, brought up to date with the records added since the last look: asking about
   * every task of a run then costs one pass over its records, not one per task.
   */
  #byTask(): TaskIndex {
    const timeline = this.timeline;
    if (this.#index.source !== timeline || this.#index.indexed > timeline.length) this.#index = newTaskIndex(timeline);
    const index = this.#index;
    for (; index.indexed < timeline.length; index.indexed++) {
      const r = timeline[index.indexed]!;
      if (r.kind === 'call') {
        const list = index.calls.get(r.task);
        if (list === undefined) index.calls.set(r.task, [r]);
        else list.push(r);
      } else if (r.kind === 'task.finished' && !index.finished.has(r.task)) index.finished.set(r.task, r);
    }
    return index;
  }

  /** The plugin calls of a task as names, `['handle', 'handle', 'finalize']`; Aborts that were skipped are left out. */
  callNames(task: string, options: { attempt?: number } = {}): Array<CallRecord['call']> {
    const out: Array<CallRecord['call']> = [];
    for (const r of this.#calls(task, options)) if (r.skipped === undefined) out.push(r.call);
    return out;
  }

  /** Every event sent for a task, in order. */
  events(task: string, options: { attempt?: number } = {}): TaskEvent[] {
    const out: TaskEvent[] = [];
    for (const r of this.#calls(task, options)) for (const e of r.events) out.push(e);
    return out;
  }

  /** The events of a task as `PHASE:version` strings: `['RUNNING:0', 'SUCCEEDED:0']`. */
  eventStrings(task: string, options: { attempt?: number } = {}): string[] {
    const out: string[] = [];
    for (const r of this.#calls(task, options)) for (const e of r.events) out.push(`${e.phase}:${e.version}`);
    return out;
  }

  /** A task as it stands. */
  view(task: string): TaskView {
    return this.executor.task(task);
  }

  /** Every task, in start order. */
  tasks(): TaskView[] {
    return this.executor.tasks();
  }

  /** The `task.finished` record of a task, once it finished. */
  finished(task: string): TaskFinished | undefined {
    return this.#byTask().finished.get(task);
  }

  /** How many attempts a task ran. */
  attempts(task: string): number {
    return this.view(task).attempt + 1;
  }

  /**
   * What a task succeeded with: the outputs the executor committed to `outputs.pb` (the path its SUCCEEDED event
   * names); `undefined` before it succeeded or when it declared no outputs.
   */
  async outputs(task: string): Promise<TaskOutputs | undefined> {
    const uri = lastSucceeded(this.#calls(task, {}))?.outputUri;
    if (uri === undefined) return undefined;
    const store = this.executor.dataStore;
    if (!(await store.head(uri)).exists) return undefined;
    return { outputs: await readProtobuf(store, uri, LiteralMapSchema) };
  }

  /** The resource pools: quota, holders, waiters (fully qualified names). */
  pools(): PoolSnapshot[] {
    return this.executor.pools();
  }

  /** Tokens held now, with the names the plugin used and the task that took each. */
  heldTokens(): HeldToken[] {
    const pools = this.pools();
    // The names come from the timeline, read only when some token is held.
    if (pools.every((p) => p.holders.length === 0)) return [];
    const names = new Map<string, { namespace: string; token: string; task: string }>();
    const nsNames = new Map<string, string>();
    for (const r of this.timeline) {
      if (r.kind === 'quota.registered') nsNames.set(r.namespaceFQ, r.namespace);
      if (r.kind !== 'call') continue;
      for (const rc of r.resources)
        names.set(`${rc.namespaceFQ}\u0000${rc.tokenFQ}`, { namespace: rc.namespace, token: rc.token, task: r.task });
    }
    const out: HeldToken[] = [];
    for (const pool of pools) {
      for (const holder of pool.holders) {
        const n = names.get(`${pool.namespace}\u0000${holder}`);
        out.push({
          namespace: n?.namespace ?? nsNames.get(pool.namespace) ?? pool.namespace,
          namespaceFQ: pool.namespace,
          token: n?.token ?? holder,
          tokenFQ: holder,
          ...(n !== undefined ? { task: n.task } : {}),
        });
      }
    }
    return out;
  }

  /** The contract checks' findings so far. */
  violations(): CheckViolation[] {
    return runChecks({ records: this.timeline, pools: this.pools() }, this.checks);
  }

  /** @internal Called before every round: aborts tasks whose `abortAt` round has come. */
  beforeRound(round: { task: string; round: number }): void {
    const at = this.#abortAt.get(round.task);
    if (at !== undefined && at.round === round.round)
      this.executor.abort(round.task, at.reason ?? `aborted at round ${at.round} (abortAt)`);
  }
}

/**
 * Creates a testbed: loads the plugins (bundling module paths), sets up an executor with the contract checks that need
 * extra calls switched on, and returns it ready for {@link Testbed.task}.
 *
 * ```ts
 * const testbed = await createTestbed({ plugin: { module: 'plugins/echo.ts', export: 'createEchoEntry', config: { sleepDurationMs: 0 } } });
 * const id = testbed.task({ type: 'echo' });
 * await testbed.runToCompletion();
 * expectEvents(testbed, id, ['SUCCEEDED:0']);
 * ```
 * @throws `PluginModuleError` / `PluginLoadError` when a plugin cannot be loaded.
 */
export async function createTestbed(options: TestbedOptions): Promise<Testbed> {
  const {
    plugin,
    plugins,
    baseDir,
    cacheDir,
    checks,
    maxRounds,
    startTime,
    beforeRound,
    onRecord,
    ...executorOptions
  } = options;
  const specs = plugins ?? (plugin !== undefined ? [plugin] : []);
  if (specs.length === 0)
    throw new InvalidArgumentError('createTestbed: give a plugin (an entry, or {module, export})');
  const loadOptions: ModuleLoadOptions = cacheDir !== undefined ? { cacheDir } : {};
  const entries: PluginEntry[] = [];
  for (const s of specs)
    entries.push(isPluginEntry(s) ? s : await loadPluginEntry(s, baseDir ?? process.cwd(), loadOptions));
  const settings = resolveChecks(checks);
  const abortAt = new Map<string, { round: number; reason?: string }>();
  const startMs = startMsOf(startTime);
  // The executor's beforeRound reaches the testbed, which needs the executor first.
  const made: { testbed?: Testbed } = {};
  const executor = await Executor.create({
    ...executorOptions,
    startMs,
    plugins: entries,
    checks: { replayHandle: settings.replayHandle, repeatCleanup: settings.repeatCleanup },
    ...(onRecord !== undefined ? { onRecord } : {}),
    // Synchronous unless the caller's hook is not: a round whose plugin answers synchronously stays synchronous.
    beforeRound:
      beforeRound === undefined
        ? (round) => made.testbed?.beforeRound(round)
        : async (round, world: World) => {
            made.testbed?.beforeRound(round);
            await beforeRound(round, world);
          },
  });
  made.testbed = new Testbed(executor, { checks: settings, maxRounds: maxRounds ?? 1000, startMs, abortAt });
  return made.testbed;
}
