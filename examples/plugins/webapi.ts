/**
 * A toy plugin on Flyte's webapi AsyncPlugin machinery (`@plugbench/sdk/webapi`: Go `pluginmachinery/webapi` and
 * `internal/webapi`), talking to a toy remote service that runs in virtual time.
 *
 * The machinery turns the {@link ToyAsyncPlugin} (create / get / delete / status of a remote job) into a core plugin:
 * - quotas from the plugin's config are registered at load; a task takes a token (its generated name) before it
 *   creates its remote job, and Finalize always gives it back;
 * - the state `{phase, phaseVersion, resourceMeta, ...}` is put with state version 1 every round;
 * - the remote job is polled by an AutoRefresh cache (`@plugbench/sdk/cache`), so Handle only reads the last
 *   polled resource.
 *
 * The sequence of one task with a quota (Flyte's pluginmachinery/internal/webapi), as events:
 * `WAITING_FOR_RESOURCES:0` (only while the quota is exhausted; repeated rounds deduplicated) →
 * `QUEUED:0` "Allocation token required" → `QUEUED:2` "launched" → (`Queued` v2 "job submitted", deduplicated, until
 * the first poll) → the job's own phases from `status` (`QUEUED:0`, `RUNNING:0`) → `SUCCEEDED:0`; then Finalize.
 *
 * Exports — the convention of every example plugin in this folder:
 * - `createWebApiEntry(config?)`: a factory returning the toy plugin's `PluginEntry`, configured with `config`;
 * - `webApiEntry`: the toy plugin's `PluginEntry` with the default configuration (quota `{"default": 2}`).
 * Each load (one per executor) builds a new plugin instance holding its own {@link ToyRemoteService}.
 *
 * @module
 */
import {
  create,
  LiteralMapSchema,
  newInMemoryOutputReader,
  now,
  phaseInfoFailure,
  phaseInfoQueued,
  phaseInfoRetryableFailure,
  phaseInfoRunning,
  phaseInfoSuccess,
  TaskLogSchema,
  type JsonObject,
  type Literal,
  type PhaseInfo,
  type PluginEntry,
  type StateValue,
  type TaskExecutionContext,
} from '@plugbench/sdk';
import {
  createRemotePlugin,
  DefaultPluginConfig,
  type AsyncPlugin,
  type CachingConfig,
  type CreateResult,
  type DeleteContext,
  type GetContext,
  type PluginConfig,
  type RateLimiterConfig,
  type ResourceRequirementsResult,
  type StatusContext,
  type TaskExecutionContextReader,
} from '@plugbench/sdk/webapi';

// ---------------------------------------------------------------------------------------------------------------
// The toy remote service, in virtual time
// ---------------------------------------------------------------------------------------------------------------

/**
 * What a toy job does, read from the task template's `custom`:
 * `{"queuedSeconds": 5, "durationSeconds": 30, "fail": false, "createError": false, "getFailures": 0}`.
 */
export interface ToyJobSpec {
  /** Seconds the job waits in the service's queue. @default 5 */
  queuedSeconds: number;
  /** Seconds the job runs. @default 30 */
  durationSeconds: number;
  /** The job ends `failed`: `true` always, a number `n` on the task's attempts `0..n-1`. @default false */
  fail: boolean | number;
  /** `create` is refused: `true` always, a number `n` on the task's attempts `0..n-1`. @default false */
  createError: boolean | number;
  /** The first `n` polls (`get`) of the job fail. @default 0 */
  getFailures: number;
}

/** The defaults of {@link ToyJobSpec}. */
export const DefaultToyJobSpec: Readonly<ToyJobSpec> = Object.freeze({
  queuedSeconds: 5,
  durationSeconds: 30,
  fail: false,
  createError: false,
  getFailures: 0,
});

/** Reads a {@link ToyJobSpec} from a template's `custom`. @throws for a value of the wrong type. */
export function toyJobSpec(custom: JsonObject | undefined): ToyJobSpec {
  const c = custom ?? {};
  const num = (k: 'queuedSeconds' | 'durationSeconds' | 'getFailures'): number => {
    const v = c[k] ?? DefaultToyJobSpec[k];
    if (typeof v !== 'number' || !(v >= 0))
      throw new Error(`custom.${k} must be a non-negative number, got ${JSON.stringify(v)}`);
    return v;
  };
  const flag = (k: 'fail' | 'createError'): boolean | number => {
    const v = c[k] ?? DefaultToyJobSpec[k];
    if (typeof v !== 'boolean' && typeof v !== 'number')
      throw new Error(`custom.${k} must be a boolean or a number, got ${JSON.stringify(v)}`);
    return v;
  };
  return {
    queuedSeconds: num('queuedSeconds'),
    durationSeconds: num('durationSeconds'),
    fail: flag('fail'),
    createError: flag('createError'),
    getFailures: num('getFailures'),
  };
}

const appliesTo = (flag: boolean | number, attempt: number) => (typeof flag === 'boolean' ? flag : attempt < flag);

/** The lifecycle of a toy job. */
export type ToyJobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** The toy resource `meta`: what the plugin keeps in state to find its job again. */
export interface ToyResourceMeta {
  [key: string]: StateValue;
  jobId: string;
}

/** A toy job as a poll sees it (the webapi `Resource`). */
export class ToyJob {
  constructor(
    readonly jobId: string,
    readonly name: string,
    readonly state: ToyJobState,
    readonly message: string,
  ) {}
  /** Go's optional `Resource.IsTerminal`: the cache stops polling a finished job. */
  isTerminal(): boolean {
    return this.state === 'succeeded' || this.state === 'failed' || this.state === 'cancelled';
  }
}

/** One call the service received. */
export interface ToyCall {
  op: 'create' | 'get' | 'delete';
  atMs: number;
  jobId?: string;
  name?: string;
  error?: string;
}

interface ToyJobRecord {
  jobId: string;
  name: string;
  createdAtMs: number;
  queuedMs: number;
  runMs: number;
  fails: boolean;
  getFailuresLeft: number;
  cancelledAtMs: number | undefined;
}

/** A remote job service whose jobs move through their lifecycle with virtual time. */
export class ToyRemoteService {
  readonly #jobs = new Map<string, ToyJobRecord>();
  readonly #byName = new Map<string, string>();
  #next = 1;
  /** Every call, in order. */
  readonly calls: ToyCall[] = [];

  /** Creates the job `name`; idempotent: the same name gives the same job. @throws when the spec says so. */
  create(name: string, spec: ToyJobSpec, attempt: number): string {
    const atMs = now().getTime();
    if (appliesTo(spec.createError, attempt)) {
      const error = `toy service refused to create job [${name}] (createError)`;
      this.calls.push({ op: 'create', atMs, name, error });
      throw new Error(error);
    }
    let jobId = this.#byName.get(name);
    if (jobId === undefined) {
      jobId = `job-${this.#next++}`;
      this.#byName.set(name, jobId);
      this.#jobs.set(jobId, {
        jobId,
        name,
        createdAtMs: atMs,
        queuedMs: spec.queuedSeconds * 1000,
        runMs: spec.durationSeconds * 1000,
        fails: appliesTo(spec.fail, attempt),
        getFailuresLeft: spec.getFailures,
        cancelledAtMs: undefined,
      });
    }
    this.calls.push({ op: 'create', atMs, name, jobId });
    return jobId;
  }

  /** The job as of now. @throws for an unknown job, or while the job's poll failures last. */
  get(jobId: string): ToyJob {
    const atMs = now().getTime();
    const job = this.#jobs.get(jobId);
    const fail = (error: string): never => {
      this.calls.push({ op: 'get', atMs, jobId, error });
      throw new Error(error);
    };
    if (job === undefined) return fail(`toy service: no job [${jobId}]`);
    if (job.getFailuresLeft > 0) {
      job.getFailuresLeft--;
      return fail(`toy service unavailable while polling [${jobId}] (getFailures)`);
    }
    this.calls.push({ op: 'get', atMs, jobId });
    return this.#snapshot(job, atMs);
  }

  /** Cancels the job; an unknown or finished job is left alone. */
  delete(jobId: string): void {
    const atMs = now().getTime();
    this.calls.push({ op: 'delete', atMs, jobId });
    const job = this.#jobs.get(jobId);
    if (job !== undefined && job.cancelledAtMs === undefined && !this.#snapshot(job, atMs).isTerminal())
      job.cancelledAtMs = atMs;
  }

  /** Every job as of now, in creation order. */
  jobs(): ToyJob[] {
    const atMs = now().getTime();
    return [...this.#jobs.values()].map((j) => this.#snapshot(j, atMs));
  }

  #snapshot(job: ToyJobRecord, atMs: number): ToyJob {
    const elapsed = atMs - job.createdAtMs;
    let state: ToyJobState;
    if (job.cancelledAtMs !== undefined && job.cancelledAtMs <= atMs) state = 'cancelled';
    else if (elapsed < job.queuedMs) state = 'queued';
    else if (elapsed < job.queuedMs + job.runMs) state = 'running';
    else state = job.fails ? 'failed' : 'succeeded';
    const message = state === 'failed' ? 'the job exited with code 1' : '';
    return new ToyJob(job.jobId, job.name, state, message);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The toy plugin
// ---------------------------------------------------------------------------------------------------------------

/** Configuration of the toy plugin. */
export interface WebApiExampleConfig {
  /** The plugin id. @default 'toy-webapi' */
  id?: string;
  /** Its task types. @default ['toy-webapi'] */
  taskTypes?: string[];
  /** Go `ResourceQuotas`. @default {"default": 2} */
  resourceQuotas?: Record<string, number>;
  /** The quota namespace every task asks a token of. @default 'default' */
  namespace?: string;
  /** Go `Caching`, field by field. */
  caching?: Partial<CachingConfig>;
  /** Go `ReadRateLimiter`. */
  readRateLimiter?: RateLimiterConfig;
  /** Go `WriteRateLimiter`. */
  writeRateLimiter?: RateLimiterConfig;
}

/** The toy {@link AsyncPlugin}: one job of the {@link ToyRemoteService} per task attempt. */
export class ToyAsyncPlugin implements AsyncPlugin<ToyResourceMeta, ToyJob> {
  readonly #config: PluginConfig;
  readonly #namespace: string;
  /** The service, one per plugin instance (one per executor). */
  readonly remote = new ToyRemoteService();

  constructor(config: PluginConfig, namespace: string) {
    this.#config = config;
    this.#namespace = namespace;
  }

  getConfig(): PluginConfig {
    return this.#config;
  }

  resourceRequirements(): ResourceRequirementsResult {
    return { namespace: this.#namespace, constraints: {} };
  }

  async create(tCtx: TaskExecutionContextReader): Promise<CreateResult<ToyResourceMeta, ToyJob>> {
    const template = await tCtx.taskReader().read();
    const id = tCtx.taskExecutionMetadata().getTaskExecutionID();
    const jobId = this.remote.create(id.getGeneratedName(), toyJobSpec(template.custom), id.getID().retryAttempt);
    return { resourceMeta: { jobId } };
  }

  get(ctx: GetContext<ToyResourceMeta>): ToyJob {
    return this.remote.get(ctx.resourceMeta().jobId);
  }

  /** Every `delete` call, with the meta it got (`undefined` when the task was aborted before its job existed). */
  readonly deletes: Array<{ resourceMeta: ToyResourceMeta | undefined; reason: string; atMs: number }> = [];

  delete(ctx: DeleteContext<ToyResourceMeta>): void {
    const meta = ctx.resourceMeta();
    this.deletes.push({ resourceMeta: meta, reason: ctx.reason(), atMs: now().getTime() });
    if (meta === undefined) return;
    this.remote.delete(meta.jobId);
  }

  async status(ctx: StatusContext<ToyResourceMeta, ToyJob>): Promise<PhaseInfo> {
    const job = ctx.resource();
    const logs = [create(TaskLogSchema, { name: `Toy job ${job.jobId}`, uri: `toy://jobs/${job.jobId}` })];
    switch (job.state) {
      case 'queued':
        return phaseInfoQueued(now(), 0, 'job queued by the service');
      case 'running':
        return phaseInfoRunning(0, { logs });
      case 'succeeded':
        await writeJobOutputs(ctx);
        return phaseInfoSuccess({ logs });
      case 'failed':
        return phaseInfoRetryableFailure('JobFailed', `job [${job.jobId}] failed: ${job.message}`, { logs });
      case 'cancelled':
        return phaseInfoFailure('JobCancelled', `job [${job.jobId}] was cancelled`, { logs });
    }
  }
}

/**
 * The toy job's outputs, written in Status as Databricks does: each declared output takes the input of the same name
 * (the job "echoes"); a task without declared outputs writes nothing.
 */
async function writeJobOutputs(tCtx: TaskExecutionContext): Promise<void> {
  const template = await tCtx.taskReader().read();
  const declared = Object.keys(template.interface?.outputs?.variables ?? {});
  if (declared.length === 0) return;
  const inputs = await tCtx.inputReader().get();
  const literals: Record<string, Literal> = {};
  for (const name of declared) {
    const v = inputs.literals[name];
    if (v !== undefined) literals[name] = v;
  }
  await tCtx.outputWriter().put(newInMemoryOutputReader(create(LiteralMapSchema, { literals })));
}

/** The default plugin id and task type of the toy plugin. */
export const ToyWebApiTaskType = 'toy-webapi';

/** The toy plugin's config with the defaults filled in. */
export function toyPluginConfig(config: WebApiExampleConfig = {}): PluginConfig {
  return {
    resourceQuotas: { ...(config.resourceQuotas ?? { default: 2 }) },
    readRateLimiter: { ...(config.readRateLimiter ?? DefaultPluginConfig.readRateLimiter) },
    writeRateLimiter: { ...(config.writeRateLimiter ?? DefaultPluginConfig.writeRateLimiter) },
    caching: { ...DefaultPluginConfig.caching, ...config.caching },
  };
}

/**
 * The toy plugin's `PluginEntry` with `config`. Every load builds a new {@link CorePlugin} over a new
 * {@link ToyAsyncPlugin} (reachable as `plugin.asyncPlugin`, its service as `plugin.asyncPlugin.remote`).
 */
export function createWebApiEntry(config: WebApiExampleConfig = {}): PluginEntry {
  const id = config.id ?? ToyWebApiTaskType;
  const pluginConfig = toyPluginConfig(config);
  const namespace = config.namespace ?? 'default';
  return createRemotePlugin<ToyResourceMeta, ToyJob>({
    id,
    supportedTaskTypes: config.taskTypes ?? [id],
    pluginLoader: () => new ToyAsyncPlugin(pluginConfig, namespace),
  });
}

/** The toy plugin's entry with the default configuration: quota `{"default": 2}`, polls every 30 s. */
export const webApiEntry: PluginEntry = createWebApiEntry();
