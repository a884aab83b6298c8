/**
 * Flyte's webapi AsyncPlugin machinery (`pluginmachinery/webapi` and `pluginmachinery/internal/webapi`: core.go,
 * allocation_token.go, launcher.go, monitor.go, cache.go, state.go), ported to plugbench, and a toy plugin on top of it
 * that talks to a toy remote service running in virtual time.
 *
 * The machinery turns an {@link AsyncPlugin} (create / get / delete / status of a remote job) into a core plugin:
 * - quotas from the plugin's config are registered at load; a task takes a token (its generated name) before it
 *   creates its remote job, and Finalize always gives it back;
 * - the state `{phase, phaseVersion, resourceMeta, ...}` is put with state version 1 every round;
 * - the remote job is polled by an AutoRefresh cache ({@link VirtualAutoRefresh}), so Handle only reads the last
 *   polled resource.
 *
 * The sequence of one task with a quota (reference §4.2), as events:
 * `WAITING_FOR_RESOURCES:0` (only while the quota is exhausted; repeated rounds deduplicated) →
 * `QUEUED:0` "Allocation token required" → `QUEUED:2` "launched" → (`Queued` v2 "job submitted", deduplicated, until
 * the first poll) → the job's own phases from `status` (`QUEUED:0`, `RUNNING:0`) → `SUCCEEDED:0`; then Finalize.
 *
 * Exports — the convention of every example plugin in this folder:
 * - `createWebApiEntry(config?)`: a factory returning the toy plugin's `PluginEntry`, configured with `config`;
 * - `webApiEntry`: the toy plugin's `PluginEntry` with the default configuration (quota `{"default": 2}`).
 * Each load (one per executor) builds a new plugin instance holding its own {@link ToyRemoteService}.
 * The machinery itself is exported too: `createRemotePlugin(asyncPluginEntry)` wraps any {@link AsyncPlugin}.
 *
 * @module
 */
import {
  AllocationStatus,
  create,
  doTransition,
  isTerminal as isTerminalPhase,
  LiteralMapSchema,
  newInMemoryOutputReader,
  now,
  Phase,
  PhaseInfoUndefined,
  phaseInfoFailure,
  phaseInfoQueued,
  phaseInfoRetryableFailure,
  phaseInfoRunning,
  phaseInfoSuccess,
  phaseInfoWaitingForResources,
  phaseName,
  TaskLogSchema,
  type Counter,
  type JsonObject,
  type Literal,
  type MaybePromise,
  type MetricsScope,
  type PhaseInfo,
  type Plugin,
  type PluginEntry,
  type PluginProperties,
  type ResourceConstraintsSpec,
  type ResourceNamespace,
  type StateSchema,
  type StateValue,
  type TaskExecutionContext,
  type Transition,
} from '@plugbench/sdk';
import { VirtualAutoRefresh, type SyncResponse } from './support/auto-refresh';

// ---------------------------------------------------------------------------------------------------------------
// The author-facing API (Go `pluginmachinery/webapi/plugin.go`, `pluginconfig.go`)
// ---------------------------------------------------------------------------------------------------------------

/** Go `webapi.ResourceMeta`: what identifies the remote resource; kept in plugin state, so plain data. */
export type ResourceMeta = StateValue;

/** Go `webapi.RateLimiterConfig`. */
export interface RateLimiterConfig {
  qps: number;
  burst: number;
}

/** Go `webapi.CachingConfig`. */
export interface CachingConfig {
  /** Go `Size`: items the cache holds (not enforced here). */
  size: number;
  /** Go `ResyncInterval`, in virtual ms: how often every resource is polled with `get`. */
  resyncIntervalMs: number;
  /** Go `Workers` (not used here: polls are replayed in virtual time). */
  workers: number;
  /** Go `MaxSystemFailures`: failed polls tolerated before the item is marked a system failure. */
  maxSystemFailures: number;
}

/** Go `webapi.PluginConfig`. */
export interface PluginConfig {
  /** Go `ResourceQuotas`: namespace → quota, registered at load. Empty means no token is taken. */
  resourceQuotas: Record<ResourceNamespace, number>;
  /** Go `ReadRateLimiter`: validated; polls are not throttled here. */
  readRateLimiter: RateLimiterConfig;
  /** Go `WriteRateLimiter`: validated and, as in Flyte, never used. */
  writeRateLimiter: RateLimiterConfig;
  /** Go `Caching`. */
  caching: CachingConfig;
}

/** Go `webapi.DefaultPluginConfig`, plus `resourceQuotas: {}`. */
export const DefaultPluginConfig: Readonly<PluginConfig> = Object.freeze({
  resourceQuotas: {},
  readRateLimiter: { qps: 30, burst: 300 },
  writeRateLimiter: { qps: 20, burst: 200 },
  caching: { size: 100_000, resyncIntervalMs: 30_000, workers: 10, maxSystemFailures: 5 },
});

/** Go `webapi.TaskExecutionContextReader`: the part of the context `create` and `resourceRequirements` see. */
export type TaskExecutionContextReader = Pick<
  TaskExecutionContext,
  'secretManager' | 'maxDatasetSizeBytes' | 'dataStore' | 'taskReader' | 'inputReader' | 'taskExecutionMetadata' | 'outputWriter'
>;

/** Go `webapi.GetContext`. */
export interface GetContext<M extends ResourceMeta> {
  resourceMeta(): M;
}

/** Go `webapi.DeleteContext`. `resourceMeta` is `undefined` when the task is aborted before `create` succeeded. */
export interface DeleteContext<M extends ResourceMeta> {
  resourceMeta(): M | undefined;
  reason(): string;
}

/** Go `webapi.StatusContext`: the task execution context, with the resource. */
export interface StatusContext<M extends ResourceMeta, R> extends TaskExecutionContext {
  resourceMeta(): M;
  resource(): R;
}

/** What `create` returns: Go's `(ResourceMeta, Resource, error)`. */
export interface CreateResult<M extends ResourceMeta, R> {
  resourceMeta: M;
  /** The resource as created, if the service returned it: its status is checked at once. */
  resource?: R;
}

/** What `resourceRequirements` returns: Go's `(ResourceNamespace, ResourceConstraintsSpec, error)`. */
export interface ResourceRequirementsResult {
  namespace: ResourceNamespace;
  constraints: ResourceConstraintsSpec;
}

/**
 * Go `webapi.AsyncPlugin`. A resource (what `get` returns) may have an `isTerminal()` method: the cache stops polling
 * it once it returns true (Go's optional `IsTerminal` of the resource type). Without it, polling goes on until the
 * task is finalized, since the cache's own copy of the phase never becomes terminal on success.
 */
export interface AsyncPlugin<M extends ResourceMeta = ResourceMeta, R = unknown> {
  /** Go `GetConfig`. */
  getConfig(): PluginConfig;
  /** Go `ResourceRequirements`: the quota namespace and constraints of a task. */
  resourceRequirements(tCtx: TaskExecutionContextReader): MaybePromise<ResourceRequirementsResult>;
  /** Go `Create`: must be idempotent; it may be called again for the same task. */
  create(tCtx: TaskExecutionContextReader): MaybePromise<CreateResult<M, R>>;
  /** Go `Get`: polls the resource; called from the cache's background syncs. */
  get(ctx: GetContext<M>): MaybePromise<R>;
  /** Go `Delete`: must tolerate an already deleted resource and a missing `resourceMeta`. */
  delete(ctx: DeleteContext<M>): MaybePromise<void>;
  /** Go `Status`: maps the polled resource to a phase; should not do remote calls. May write outputs. */
  status(ctx: StatusContext<M, R>): MaybePromise<PhaseInfo>;
}

/** Go `webapi.PluginSetupContext`. */
export interface PluginSetupContext {
  metricsScope(): MetricsScope;
}

/** Go `webapi.PluginEntry`. Go also has `IsDefault` and `DefaultForTaskTypes`, which `createRemotePlugin` ignores. */
export interface AsyncPluginEntry<M extends ResourceMeta = ResourceMeta, R = unknown> {
  id: string;
  supportedTaskTypes: string[];
  pluginLoader(iCtx: PluginSetupContext): MaybePromise<AsyncPlugin<M, R>>;
}

// ---------------------------------------------------------------------------------------------------------------
// The machinery (Go `internal/webapi`)
// ---------------------------------------------------------------------------------------------------------------

/** Go `webapi.Phase`, by name (Go stores the number). */
export const WebApiPhase = {
  NotStarted: 'NotStarted',
  AllocationTokenAcquired: 'AllocationTokenAcquired',
  ResourcesCreated: 'ResourcesCreated',
  Succeeded: 'Succeeded',
  UserFailure: 'UserFailure',
  SystemFailure: 'SystemFailure',
} as const;
/** Go `webapi.Phase`. */
export type WebApiPhase = (typeof WebApiPhase)[keyof typeof WebApiPhase];

/** Go `Phase.IsTerminal`: Succeeded, UserFailure or SystemFailure. */
export function isTerminalWebApiPhase(p: WebApiPhase): boolean {
  return p === WebApiPhase.Succeeded || p === WebApiPhase.UserFailure || p === WebApiPhase.SystemFailure;
}

/** Go `webapi.State`: the plugin state, put with {@link PluginStateVersion} every round. */
export interface WebApiState {
  phase: WebApiPhase;
  /** The phase version of the last status, for the "job submitted" round before the first poll. */
  phaseVersion: number;
  /** `null` until `create` succeeded (Go: a nil interface). */
  resourceMeta: ResourceMeta | null;
  /** Failed polls, cumulative (set by the cache). */
  syncFailureCount: number;
  /** Virtual ms of the first allocation request; 0 is Go's zero time. */
  allocationTokenRequestStartTime: number;
  /** The last poll error (set by the cache). */
  errorMessage: string;
}

/** Go `pluginStateVersion`. */
export const PluginStateVersion = 1;

/** The state of a task that has not been seen yet (Go: the zero value). */
export function zeroState(): WebApiState {
  return {
    phase: WebApiPhase.NotStarted,
    phaseVersion: 0,
    resourceMeta: null,
    syncFailureCount: 0,
    allocationTokenRequestStartTime: 0,
    errorMessage: '',
  };
}

const phases = new Set<string>(Object.values(WebApiPhase));

/** Validates stored state, as gob decoding would refuse a value of another shape. */
export const WebApiStateSchema: StateSchema<WebApiState> = {
  safeParse(data) {
    const fail = (message: string) => ({ success: false as const, error: { message } });
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return fail('state is not an object');
    const s = data as Record<string, unknown>;
    if (typeof s.phase !== 'string' || !phases.has(s.phase)) return fail(`unknown phase ${JSON.stringify(s.phase)}`);
    for (const k of ['phaseVersion', 'syncFailureCount', 'allocationTokenRequestStartTime'] as const) {
      if (typeof s[k] !== 'number') return fail(`${k} is not a number`);
    }
    if (typeof s.errorMessage !== 'string') return fail('errorMessage is not a string');
    if (s.resourceMeta === undefined) return fail('resourceMeta is missing');
    return { success: true, data: data as WebApiState };
  },
};

/** An error with one of Flyte's plugin error codes (Go `pluginmachinery/errors`). */
export class WebApiError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.code = code;
  }
}

/** Go `CacheItem`: the state as the cache knows it, and the last polled resource. */
export interface CacheItem<R> {
  state: WebApiState;
  resource: R | undefined;
}

/** Go `BadReturnCodeError`. */
export const BadReturnCodeError = 'RETURNED_UNKNOWN';

/** Go `ToPluginPhase`: the webapi phase of a status phase. */
export function toPluginPhase(p: Phase): WebApiPhase {
  switch (p) {
    case Phase.Undefined:
    case Phase.NotReady:
      return WebApiPhase.NotStarted;
    case Phase.Initializing:
    case Phase.WaitingForResources:
    case Phase.Queued:
    case Phase.Running:
      return WebApiPhase.ResourcesCreated;
    case Phase.Success:
      return WebApiPhase.Succeeded;
    case Phase.PermanentFailure:
    case Phase.RetryableFailure:
      return WebApiPhase.UserFailure;
    default:
      // Go returns SystemFailure with the error, and its caller returns the error: a round error.
      throw new WebApiError(BadReturnCodeError, `default fallthrough case [${phaseName(p)}]`);
  }
}

/** Go `CacheItem.IsTerminal`: the resource's `isTerminal()` (when it has one), or a terminal webapi phase. */
function cacheItemIsTerminal<R>(item: CacheItem<R>): boolean {
  const f = (item.resource as { isTerminal?: unknown } | null | undefined)?.isTerminal;
  const resourceTerminal = typeof f === 'function' ? Boolean(f.call(item.resource)) : false;
  return resourceTerminal || isTerminalWebApiPhase(item.state.phase);
}

/** Go `newPluginContext` for Status: the task execution context with the resource. */
function statusContext<M extends ResourceMeta, R>(tCtx: TaskExecutionContext, meta: M, resource: R): StatusContext<M, R> {
  return {
    resourceManager: () => tCtx.resourceManager(),
    secretManager: () => tCtx.secretManager(),
    taskRefreshIndicator: () => tCtx.taskRefreshIndicator(),
    maxDatasetSizeBytes: () => tCtx.maxDatasetSizeBytes(),
    dataStore: () => tCtx.dataStore(),
    pluginStateReader: () => tCtx.pluginStateReader(),
    taskReader: () => tCtx.taskReader(),
    inputReader: () => tCtx.inputReader(),
    taskExecutionMetadata: () => tCtx.taskExecutionMetadata(),
    outputWriter: () => tCtx.outputWriter(),
    pluginStateWriter: () => tCtx.pluginStateWriter(),
    catalog: () => tCtx.catalog(),
    eventsRecorder: () => tCtx.eventsRecorder(),
    resourceMeta: () => meta,
    resource: () => resource,
  };
}

const generatedNameOf = (tCtx: TaskExecutionContextReader) => tCtx.taskExecutionMetadata().getTaskExecutionID().getGeneratedName();

/** Go `Metrics` of the machinery, the part kept here. */
interface Metrics {
  allocationGranted: Counter;
  allocationNotGranted: Counter;
  resourceReleased: Counter;
  resourceReleaseFailed: Counter;
}

function newMetrics(scope: MetricsScope): Metrics {
  return {
    allocationGranted: scope.newCounter('allocation_grant', 'Allocation request granted'),
    allocationNotGranted: scope.newCounter('allocation_not_grant', 'Allocation request did not fail but not granted'),
    resourceReleased: scope.newCounter('resource_release_success', 'Resource allocation token released'),
    resourceReleaseFailed: scope.newCounter('resource_release_failed', 'Error releasing allocation token'),
  };
}

interface Step {
  /** `undefined` for Go's nil state (no Put). */
  state: WebApiState | undefined;
  phaseInfo: PhaseInfo;
}

/** Go `tokenAllocator.allocateToken`. */
async function allocateToken(p: AsyncPlugin, tCtx: TaskExecutionContext, state: WebApiState, metrics: Metrics): Promise<Step> {
  const t = now();
  if (Object.keys(p.getConfig().resourceQuotas).length === 0) {
    return {
      state: { ...zeroState(), allocationTokenRequestStartTime: t.getTime(), phase: WebApiPhase.AllocationTokenAcquired },
      phaseInfo: phaseInfoQueued(t, 0, 'No allocation token required'),
    };
  }
  const { namespace, constraints } = await p.resourceRequirements(tCtx);
  const status = await tCtx.resourceManager().allocateResource(namespace, generatedNameOf(tCtx), constraints);
  switch (status) {
    case AllocationStatus.Granted:
      metrics.allocationGranted.inc();
      return {
        state: { ...zeroState(), allocationTokenRequestStartTime: t.getTime(), phase: WebApiPhase.AllocationTokenAcquired },
        phaseInfo: phaseInfoQueued(t, 0, 'Allocation token required'),
      };
    case AllocationStatus.NamespaceQuotaExceeded:
      // Kept from Flyte on purpose: Go's `case AllocationStatusNamespaceQuotaExceeded:` is an empty case (Go has no
      // implicit fallthrough), so this status ends in "allocation status undefined", a round error, instead of
      // waiting. No resource manager returns it (only an injected `resource-status` fault can), and a port should
      // show what Flyte does with it.
      break;
    case AllocationStatus.Exhausted: {
      metrics.allocationNotGranted.inc();
      const start = state.allocationTokenRequestStartTime === 0 ? t.getTime() : state.allocationTokenRequestStartTime;
      return {
        state: { ...zeroState(), allocationTokenRequestStartTime: start, phase: WebApiPhase.NotStarted },
        // Go `PhaseInfoWaitingForResourcesInfo(0, reason, nil)`.
        phaseInfo: phaseInfoWaitingForResources(t, 0, 'Quota for task has exceeded. Waiting for the resource.'),
      };
    }
  }
  throw new Error(`allocation status undefined [${status}]`);
}

/** Go `tokenAllocator.releaseToken`. */
async function releaseToken(p: AsyncPlugin, tCtx: TaskExecutionContext, metrics: Metrics): Promise<void> {
  const { namespace } = await p.resourceRequirements(tCtx);
  try {
    await tCtx.resourceManager().releaseResource(namespace, generatedNameOf(tCtx));
  } catch (e) {
    metrics.resourceReleaseFailed.inc();
    throw e;
  }
  metrics.resourceReleased.inc();
}

/** Go `launch`. */
async function launch<R>(p: AsyncPlugin<ResourceMeta, R>, tCtx: TaskExecutionContext, cache: VirtualAutoRefresh<CacheItem<R>>, state: WebApiState): Promise<Step> {
  let created: CreateResult<ResourceMeta, R>;
  try {
    created = await p.create(tCtx);
  } catch (e) {
    // As in Flyte: a Create error, even a transient one, uses a user retry; the state is put again unchanged.
    return { state, phaseInfo: phaseInfoRetryableFailure('TaskFailedWithError', e instanceof Error ? e.message : String(e)) };
  }
  if (created.resource !== undefined) {
    const phase = await p.status(statusContext(tCtx, created.resourceMeta, created.resource));
    if (isTerminalPhase(phase.phase)) return { state, phaseInfo: phase };
  }
  const next: WebApiState = { ...state, resourceMeta: created.resourceMeta, phase: WebApiPhase.ResourcesCreated, phaseVersion: 2 };
  await cache.getOrCreate(generatedNameOf(tCtx), { state: { ...next }, resource: undefined });
  return { state: next, phaseInfo: phaseInfoQueued(now(), next.phaseVersion, 'launched') };
}

/** Go `monitor`. */
async function monitor<R>(p: AsyncPlugin<ResourceMeta, R>, tCtx: TaskExecutionContext, cache: VirtualAutoRefresh<CacheItem<R>>, state: WebApiState): Promise<Step> {
  const id = generatedNameOf(tCtx);
  const item = await cache.getOrCreate(id, { state: { ...state }, resource: undefined });
  if (item.resource === undefined) {
    if (isTerminalWebApiPhase(item.state.phase)) {
      cache.deleteDelayed(id);
      return { state, phaseInfo: phaseInfoFailure('CacheFailed', item.state.errorMessage) };
    }
    return { state, phaseInfo: phaseInfoQueued(now(), item.state.phaseVersion, 'job submitted') };
  }
  const newPhase = await p.status(statusContext(tCtx, item.state.resourceMeta as ResourceMeta, item.resource));
  const newPluginPhase = toPluginPhase(newPhase.phase);
  // Go updates a copy of the cache item: the cache itself keeps its phase.
  const copy: WebApiState = { ...item.state, phase: newPluginPhase, phaseVersion: newPhase.version };
  if (isTerminalWebApiPhase(newPluginPhase)) cache.deleteDelayed(id);
  return { state: copy, phaseInfo: newPhase };
}

/** Go `ResourceCache.SyncResource`, for one item. */
function syncResource<R>(p: AsyncPlugin<ResourceMeta, R>, maxSystemFailures: number) {
  return async (_id: string, current: CacheItem<R>): Promise<SyncResponse<CacheItem<R>>> => {
    if (cacheItemIsTerminal(current)) return { action: 'unchanged' };
    const item: CacheItem<R> = { state: { ...current.state }, resource: current.resource };
    if (item.state.syncFailureCount > maxSystemFailures) {
      item.state.phase = WebApiPhase.SystemFailure;
      return { action: 'update', item };
    }
    try {
      item.resource = await p.get({ resourceMeta: () => item.state.resourceMeta as ResourceMeta });
    } catch (e) {
      item.state.syncFailureCount++;
      item.state.errorMessage = e instanceof Error ? e.message : String(e);
    }
    return { action: 'update', item };
  };
}

/** Go `CorePlugin`: an {@link AsyncPlugin} as a core plugin. */
export class CorePlugin<M extends ResourceMeta = ResourceMeta, R = unknown> implements Plugin {
  readonly #id: string;
  /** The wrapped plugin. */
  readonly asyncPlugin: AsyncPlugin<M, R>;
  /** The AutoRefresh cache of the resources (Go `ResourceCache`). */
  readonly cache: VirtualAutoRefresh<CacheItem<R>>;
  readonly #metrics: Metrics;

  constructor(id: string, p: AsyncPlugin<M, R>, metrics: MetricsScope) {
    this.#id = id;
    this.asyncPlugin = p;
    const caching = p.getConfig().caching;
    const generic = p as unknown as AsyncPlugin<ResourceMeta, R>;
    this.cache = new VirtualAutoRefresh<CacheItem<R>>({
      name: id,
      resyncIntervalMs: caching.resyncIntervalMs,
      sync: syncResource(generic, caching.maxSystemFailures),
      isTerminal: cacheItemIsTerminal,
    });
    this.#metrics = newMetrics(metrics);
  }

  getID(): string {
    return this.#id;
  }

  getProperties(): PluginProperties {
    return {};
  }

  #unmarshalState(tCtx: TaskExecutionContext): WebApiState {
    try {
      return tCtx.pluginStateReader().get(WebApiStateSchema).value ?? zeroState();
    } catch (e) {
      throw new WebApiError('CorruptedPluginState', `Failed to unmarshal custom state in Handle: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }

  async handle(tCtx: TaskExecutionContext): Promise<Transition> {
    const incoming = this.#unmarshalState(tCtx);
    const p = this.asyncPlugin as unknown as AsyncPlugin<ResourceMeta, R>;
    // Go: the terminal phases have no case; the nil state is not put and the zero PhaseInfo is a round error. It
    // does not happen in practice: the node leaves Running once a terminal phase was reported.
    let step: Step = { state: undefined, phaseInfo: PhaseInfoUndefined };
    switch (incoming.phase) {
      case WebApiPhase.NotStarted:
        step =
          Object.keys(p.getConfig().resourceQuotas).length > 0
            ? await allocateToken(p, tCtx, incoming, this.#metrics)
            : await launch(p, tCtx, this.cache, incoming);
        break;
      case WebApiPhase.AllocationTokenAcquired:
        step = await launch(p, tCtx, this.cache, incoming);
        break;
      case WebApiPhase.ResourcesCreated:
        step = await monitor(p, tCtx, this.cache, incoming);
        break;
    }
    if (step.state !== undefined) tCtx.pluginStateWriter().put(PluginStateVersion, step.state);
    return doTransition(step.phaseInfo);
  }

  async abort(tCtx: TaskExecutionContext): Promise<void> {
    const incoming = this.#unmarshalState(tCtx);
    const meta = incoming.resourceMeta === null ? undefined : (incoming.resourceMeta as M);
    await this.asyncPlugin.delete({ resourceMeta: () => meta, reason: () => 'Aborted' });
  }

  async finalize(tCtx: TaskExecutionContext): Promise<void> {
    this.cache.deleteDelayed(generatedNameOf(tCtx));
    const p = this.asyncPlugin as unknown as AsyncPlugin;
    // Always attempted when quotas are configured, even for a task that never got a token: releasing a token that
    // is not held is a no-op.
    if (Object.keys(p.getConfig().resourceQuotas).length === 0) return;
    await releaseToken(p, tCtx, this.#metrics);
  }
}

function validateRange(errors: string[], field: string, min: number, max: number, provided: number): void {
  if (!(provided >= min && provided <= max)) {
    errors.push(`${field} is expected to be between ${min} and ${max}. Provided value is ${provided}`);
  }
}

/** Go `validateConfig`: every out-of-range field, collected. */
export function validateConfig(cfg: PluginConfig): string[] {
  const errors: string[] = [];
  validateRange(errors, 'cache size', 10, 500_000, cfg.caching.size);
  validateRange(errors, 'workers count', 1, 10_000, cfg.caching.workers);
  validateRange(errors, 'resync interval', 5, 3600, cfg.caching.resyncIntervalMs / 1000);
  validateRange(errors, 'read burst', 5, 10_000, cfg.readRateLimiter.burst);
  validateRange(errors, 'read qps', 1, 100_000, cfg.readRateLimiter.qps);
  validateRange(errors, 'write burst', 5, 10_000, cfg.writeRateLimiter.burst);
  validateRange(errors, 'write qps', 1, 100_000, cfg.writeRateLimiter.qps);
  return errors;
}

/**
 * Go `CreateRemotePlugin`: the core `PluginEntry` of an {@link AsyncPluginEntry}. Its loader loads the async plugin,
 * validates its config, registers its quotas, and builds the cache.
 */
export function createRemotePlugin<M extends ResourceMeta, R>(entry: AsyncPluginEntry<M, R>): PluginEntry {
  return {
    id: entry.id,
    registeredTaskTypes: [...entry.supportedTaskTypes],
    loadPlugin: async (iCtx) => {
      const p = await entry.pluginLoader({ metricsScope: () => iCtx.metricsScope() });
      const errors = validateConfig(p.getConfig());
      if (errors.length > 0) throw new Error(`config validation failed. Error: ${errors.join('; ')}`);
      for (const [ns, quota] of Object.entries(p.getConfig().resourceQuotas)) {
        await iCtx.resourceRegistrar().registerResourceQuota(ns, quota);
      }
      return new CorePlugin<M, R>(entry.id, p, iCtx.metricsScope());
    },
  };
}

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
    if (typeof v !== 'number' || !(v >= 0)) throw new Error(`custom.${k} must be a non-negative number, got ${JSON.stringify(v)}`);
    return v;
  };
  const flag = (k: 'fail' | 'createError'): boolean | number => {
    const v = c[k] ?? DefaultToyJobSpec[k];
    if (typeof v !== 'boolean' && typeof v !== 'number') throw new Error(`custom.${k} must be a boolean or a number, got ${JSON.stringify(v)}`);
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
    if (job !== undefined && job.cancelledAtMs === undefined && !this.#snapshot(job, atMs).isTerminal()) job.cancelledAtMs = atMs;
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
