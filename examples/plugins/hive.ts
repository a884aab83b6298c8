/**
 * Flyte's Qubole Hive plugin (`go/tasks/plugins/hive/{executor.go, execution_state.go, executions_cache.go,
 * config/config.go}`, removed from Flyte in 2025), ported to plugbench with a fake Qubole service that runs queries in
 * virtual time. It is the canonical user of the resource manager: one token per query, against a quota per cluster,
 * with caps per project and per project-domain.
 *
 * The state machine advances one step per round, and the phase reported is the one of the new state:
 *
 * | state           | PhaseInfo                                                | event                      |
 * |-----------------|----------------------------------------------------------|----------------------------|
 * | NotStarted      | NotReady v0 "Haven't received allocation token"          | UNDEFINED:0 (quota full)   |
 * | Queued          | Queued v(creation failures) "Waiting for Qubole launch"  | QUEUED:0, QUEUED:1, ...    |
 * |                 | > 5 creation failures: SystemRetryableFailure QuboleFailure |                         |
 * | Submitted       | Running v0 (log link)                                    | RUNNING:0                  |
 * | WriteOutputFile | Running v1                                               | RUNNING:1                  |
 * | QuerySucceeded  | Success                                                  | SUCCEEDED:0                |
 * | QueryFailed     | RetryableFailure DownstreamSystemError "Query failed"    | FAILED:0                   |
 *
 * Happy path with the token granted at once: QUEUED:0, RUNNING:0, (Running v0 deduplicated while the query runs),
 * RUNNING:1, SUCCEEDED:0, then Finalize, which always releases the token.
 *
 * The task template's `custom` is Flyte's `QuboleHiveJob` (`{"clusterLabel", "query": {"query", "timeoutSec"},
 * "tags"}`) plus a `simulation` object read only by the fake service (see {@link QuerySimulation}). The query is
 * rendered from the inputs (`{{ .inputs.x }}`). The Qubole API token is the secret `FLYTE_QUBOLE_CLIENT_TOKEN`, read
 * through the SecretManager (give it to the executor as `secrets.env.FLYTE_SECRET_FLYTE_QUBOLE_CLIENT_TOKEN`).
 *
 * Exports — the convention of every example plugin in this folder:
 * - `createHiveEntry(config?)`: a factory returning the `PluginEntry`, configured with `config`;
 * - `hiveEntry`: the `PluginEntry` with the default configuration (one cluster `default`, limit 100, caps 0.7/0.7).
 * Each load (one per executor) builds a new plugin instance holding its own {@link FakeQuboleClient}.
 *
 * @module
 */
import {
  AllocationStatus,
  create,
  doTransition,
  LiteralMapSchema,
  newInMemoryOutputReader,
  now,
  phaseInfoNotReady,
  phaseInfoQueued,
  phaseInfoRetryableFailure,
  phaseInfoRunning,
  phaseInfoSuccess,
  phaseInfoSystemRetryableFailure,
  TaskLogSchema,
  TaskLog_MessageFormat,
  type Counter,
  type JsonObject,
  type Literal,
  type MetricsScope,
  type PhaseInfo,
  type Plugin,
  type PluginEntry,
  type PluginProperties,
  type ResourceConstraintsSpec,
  type SecretManager,
  type StateSchema,
  type TaskExecutionContext,
  type TaskInfo,
  type Transition,
} from '@plugbench/sdk';
import {
  newAutoRefreshCache,
  SyncAction,
  type Batch,
  type ItemSyncResponse,
  type VirtualAutoRefresh,
} from '@plugbench/sdk/cache';

// ---------------------------------------------------------------------------------------------------------------
// Configuration (Go `hive/config`)
// ---------------------------------------------------------------------------------------------------------------

/** Go `config.ClusterConfig`: a Qubole cluster, its quota and the caps of one project and one project-domain. */
export interface ClusterConfig {
  /** Go `PrimaryLabel`: the cluster's name, and the name of its quota namespace. */
  primaryLabel: string;
  /** Go `Labels`: the labels a task's `clusterLabel` may use for this cluster. */
  labels?: string[];
  /** Go `Limit`: concurrent queries on the cluster (the quota). */
  limit: number;
  /** Go `ProjectScopeQuotaProportionCap`: share of the limit one project may hold. */
  projectScopeQuotaProportionCap: number;
  /** Go `NamespaceScopeQuotaProportionCap`: share of the limit one project-domain may hold. */
  namespaceScopeQuotaProportionCap: number;
}

/** Go `config.DestinationClusterConfig`: the cluster label of a project and domain. */
export interface DestinationClusterConfig {
  project: string;
  domain: string;
  clusterLabel: string;
}

/** Go `config.Config`, the parts the plugin uses. */
export interface HiveConfig {
  /** Go `ClusterConfigs`. @default one cluster `default` (label `default`), limit 100, caps 0.7 and 0.7 */
  clusterConfigs?: ClusterConfig[];
  /** Go `DestinationClusterConfigs`. @default [] */
  destinationClusterConfigs?: DestinationClusterConfig[];
  /** Go `DefaultClusterLabel`. @default 'default' */
  defaultClusterLabel?: string;
  /** Go `TokenKey`: the secret holding the Qubole API token. @default 'FLYTE_QUBOLE_CLIENT_TOKEN' */
  tokenKey?: string;
  /** Go `ResyncDuration` (a constant there): how often running queries are polled, virtual ms. @default 30000 */
  resyncIntervalMs?: number;
}

/** {@link HiveConfig} with every default filled in. */
export type ResolvedHiveConfig = Required<HiveConfig>;

/** Go's default config. */
export function resolveHiveConfig(config: HiveConfig = {}): ResolvedHiveConfig {
  return {
    clusterConfigs: (
      config.clusterConfigs ?? [
        {
          primaryLabel: 'default',
          labels: ['default'],
          limit: 100,
          projectScopeQuotaProportionCap: 0.7,
          namespaceScopeQuotaProportionCap: 0.7,
        },
      ]
    ).map((c) => ({ ...c, labels: [...(c.labels ?? [])] })),
    destinationClusterConfigs: [...(config.destinationClusterConfigs ?? [])],
    defaultClusterLabel: config.defaultClusterLabel ?? 'default',
    tokenKey: config.tokenKey ?? 'FLYTE_QUBOLE_CLIENT_TOKEN',
    resyncIntervalMs: config.resyncIntervalMs ?? 30_000,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The fake Qubole service (Go `hive/client`), in virtual time
// ---------------------------------------------------------------------------------------------------------------

/** Go `client.QuboleStatus`. */
export type QuboleStatus = 'WAITING' | 'RUNNING' | 'DONE' | 'ERROR' | 'CANCELLED' | 'UNKNOWN';

/**
 * How the fake service runs a query: the task template's `custom.simulation` (not part of Flyte's `QuboleHiveJob`).
 * `{"waitingSeconds": 0, "durationSeconds": 30, "outcome": "DONE", "createFailures": 0}`.
 */
export interface QuerySimulation {
  /** Seconds the command waits for the cluster. @default 0 */
  waitingSeconds: number;
  /** Seconds the query runs. @default 30 */
  durationSeconds: number;
  /** How the query ends. @default 'DONE' */
  outcome: 'DONE' | 'ERROR';
  /** The first `n` submissions of the query (per attempt) are refused. @default 0 */
  createFailures: number;
}

/** Go `client.CommandMetadata`. */
export interface CommandMetadata {
  taskName: string;
  domain: string;
  project: string;
  labels: Record<string, string>;
  attemptNumber: number;
  workflowExecutionId: string;
}

/** A command the fake service holds, as of now. */
export interface QuboleCommand {
  id: number;
  query: string;
  clusterLabel: string;
  tags: string[];
  metadata: CommandMetadata;
  createdAtMs: number;
  status: QuboleStatus;
  killed: boolean;
}

interface CommandRecord extends Omit<QuboleCommand, 'status' | 'killed'> {
  waitingMs: number;
  runMs: number;
  outcome: 'DONE' | 'ERROR';
  killedAtMs: number | undefined;
}

/** Go `client.QuboleClient`, faked: commands move WAITING → RUNNING → DONE or ERROR with virtual time. */
export class FakeQuboleClient {
  readonly #commands = new Map<number, CommandRecord>();
  readonly #refused = new Map<string, number>();
  #next = 1001;
  /** Every call, in order: `execute`, `status`, `kill`, with the command id or the error. */
  readonly calls: Array<{ op: 'execute' | 'status' | 'kill'; atMs: number; commandId?: number; error?: string }> = [];

  #checkKey(apiKey: string): void {
    if (apiKey === '') throw new Error('Qubole: 401 Unauthorized (empty API token)');
  }

  /**
   * Go `ExecuteHiveCommand`. `simulation` and `attemptKey` are not in Go's signature: they tell the fake how to run
   * this query and which submissions count as the same query for `createFailures`.
   */
  executeHiveCommand(
    query: string,
    timeoutSec: number,
    clusterPrimaryLabel: string,
    apiKey: string,
    tags: string[],
    metadata: CommandMetadata,
    simulation: QuerySimulation,
    attemptKey: string,
  ): { id: number; uri: string } {
    const atMs = now().getTime();
    this.#checkKey(apiKey);
    const refused = this.#refused.get(attemptKey) ?? 0;
    if (refused < simulation.createFailures) {
      this.#refused.set(attemptKey, refused + 1);
      const error = `Qubole: 503 Service Unavailable (submission ${refused + 1} of [${attemptKey}] refused)`;
      this.calls.push({ op: 'execute', atMs, error });
      throw new Error(error);
    }
    const id = this.#next++;
    const timeoutMs = timeoutSec > 0 ? timeoutSec * 1000 : Number.POSITIVE_INFINITY;
    const durationMs = simulation.durationSeconds * 1000;
    this.#commands.set(id, {
      id,
      query,
      clusterLabel: clusterPrimaryLabel,
      tags: [...tags],
      metadata,
      createdAtMs: atMs,
      waitingMs: simulation.waitingSeconds * 1000,
      // A query that outlives its timeout is stopped by Qubole with an error.
      runMs: Math.min(durationMs, timeoutMs),
      outcome: durationMs > timeoutMs ? 'ERROR' : simulation.outcome,
      killedAtMs: undefined,
    });
    this.calls.push({ op: 'execute', atMs, commandId: id });
    return { id, uri: `fake-qubole://command/${id}` };
  }

  /** Go `GetCommandStatus`. */
  getCommandStatus(commandId: string, apiKey: string): QuboleStatus {
    const atMs = now().getTime();
    this.#checkKey(apiKey);
    const cmd = this.#commands.get(Number(commandId));
    this.calls.push({ op: 'status', atMs, commandId: Number(commandId) });
    return cmd === undefined ? 'UNKNOWN' : this.#status(cmd, atMs);
  }

  /** Go `KillCommand`. */
  killCommand(commandId: string, apiKey: string): void {
    const atMs = now().getTime();
    this.#checkKey(apiKey);
    this.calls.push({ op: 'kill', atMs, commandId: Number(commandId) });
    const cmd = this.#commands.get(Number(commandId));
    if (cmd === undefined) throw new Error(`Qubole: 404 command [${commandId}] not found`);
    const s = this.#status(cmd, atMs);
    if (cmd.killedAtMs === undefined && (s === 'WAITING' || s === 'RUNNING')) cmd.killedAtMs = atMs;
  }

  /** Every command as of now, in submission order. */
  commands(): QuboleCommand[] {
    const atMs = now().getTime();
    return [...this.#commands.values()].map((c) => ({
      id: c.id,
      query: c.query,
      clusterLabel: c.clusterLabel,
      tags: c.tags,
      metadata: c.metadata,
      createdAtMs: c.createdAtMs,
      status: this.#status(c, atMs),
      killed: c.killedAtMs !== undefined,
    }));
  }

  #status(c: CommandRecord, atMs: number): QuboleStatus {
    if (c.killedAtMs !== undefined && c.killedAtMs <= atMs) return 'CANCELLED';
    const elapsed = atMs - c.createdAtMs;
    if (elapsed < c.waitingMs) return 'WAITING';
    if (elapsed < c.waitingMs + c.runMs) return 'RUNNING';
    return c.outcome;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The state machine (Go `execution_state.go`)
// ---------------------------------------------------------------------------------------------------------------

/** Go `ExecutionPhase`, by name; the order matters (the sync loop only moves forward). */
export const ExecutionPhase = {
  NotStarted: 'NotStarted',
  Queued: 'Queued',
  Submitted: 'Submitted',
  WriteOutputFile: 'WriteOutputFile',
  QuerySucceeded: 'QuerySucceeded',
  QueryFailed: 'QueryFailed',
} as const;
/** Go `ExecutionPhase`. */
export type ExecutionPhase = (typeof ExecutionPhase)[keyof typeof ExecutionPhase];

const phaseOrder: readonly ExecutionPhase[] = Object.values(ExecutionPhase);
const ordinal = (p: ExecutionPhase) => phaseOrder.indexOf(p);

/** Go `ExecutionState`: the plugin state, put with state version 0 every round. */
export interface ExecutionState {
  phase: ExecutionPhase;
  /** The Qubole command id, once submitted. */
  commandId: string;
  /** The command's link. */
  uri: string;
  /** Failed polls of the sync loop (counted, never acted on, as in Flyte). */
  syncFailureCount: number;
  /** Failed submissions: the version of the Queued phase. */
  creationFailureCount: number;
  /** Virtual ms of the first allocation request; 0 is Go's zero time. */
  allocationTokenRequestStartTime: number;
}

/** Go `pluginStateVersion`. */
export const HivePluginStateVersion = 0;

/** The state of a task not seen yet (Go: the zero value). */
export function zeroExecutionState(): ExecutionState {
  return {
    phase: ExecutionPhase.NotStarted,
    commandId: '',
    uri: '',
    syncFailureCount: 0,
    creationFailureCount: 0,
    allocationTokenRequestStartTime: 0,
  };
}

/** Validates stored state. */
export const ExecutionStateSchema: StateSchema<ExecutionState> = {
  safeParse(data) {
    const fail = (message: string) => ({ success: false as const, error: { message } });
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return fail('state is not an object');
    const s = data as Record<string, unknown>;
    if (!phaseOrder.includes(s.phase as ExecutionPhase)) return fail(`unknown phase ${JSON.stringify(s.phase)}`);
    for (const k of ['commandId', 'uri'] as const) if (typeof s[k] !== 'string') return fail(`${k} is not a string`);
    for (const k of ['syncFailureCount', 'creationFailureCount', 'allocationTokenRequestStartTime'] as const) {
      if (typeof s[k] !== 'number') return fail(`${k} is not a number`);
    }
    return { success: true, data: data as ExecutionState };
  },
};

/** Go `InTerminalState`. */
export function inTerminalState(s: ExecutionState): boolean {
  return s.phase === ExecutionPhase.QuerySucceeded || s.phase === ExecutionPhase.QueryFailed;
}

/** An error with one of Flyte's plugin error codes (Go `pluginmachinery/errors`). */
export class HiveError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.code = code;
  }
}

const errText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Go `ConstructTaskInfo`: the log link of the command, once there is one. */
function constructTaskInfo(e: ExecutionState): TaskInfo | undefined {
  if (e.commandId === '') return undefined;
  // Go also reports ExternalResources [{ExternalID: commandID}]; the contract's TaskInfo has no such field.
  return {
    logs: [
      create(TaskLogSchema, {
        name: `Status: Phase${e.phase} [${e.commandId}]`,
        uri: e.uri,
        messageFormat: TaskLog_MessageFormat.UNKNOWN,
      }),
    ],
    occurredAt: now(),
  };
}

/** Go `MapExecutionStateToPhaseInfo`. */
export function mapExecutionStateToPhaseInfo(state: ExecutionState): PhaseInfo {
  const t = now();
  switch (state.phase) {
    case ExecutionPhase.NotStarted:
      return phaseInfoNotReady(t, 0, "Haven't received allocation token");
    case ExecutionPhase.Queued:
      // The version is the creation failure count: each failed submission is a new version, so propeller persists
      // the state (and sends an event) and the count survives to the next round.
      if (state.creationFailureCount > 5)
        return phaseInfoSystemRetryableFailure('QuboleFailure', 'Too many creation attempts');
      return phaseInfoQueued(t, state.creationFailureCount, 'Waiting for Qubole launch');
    case ExecutionPhase.Submitted:
      return phaseInfoRunning(0, constructTaskInfo(state));
    case ExecutionPhase.WriteOutputFile:
      return phaseInfoRunning(1, constructTaskInfo(state));
    case ExecutionPhase.QuerySucceeded:
      return phaseInfoSuccess(constructTaskInfo(state));
    case ExecutionPhase.QueryFailed:
      return phaseInfoRetryableFailure('DownstreamSystemError', 'Query failed', constructTaskInfo(state));
  }
}

/** Go `plugins.QuboleHiveJob`, the parts used. */
interface QuboleHiveJob {
  clusterLabel: string;
  query: { query: string; timeoutSec: number } | undefined;
  tags: string[];
}

function str(o: JsonObject, ...keys: string[]): string | undefined {
  for (const k of keys) if (typeof o[k] === 'string') return o[k] as string;
  return undefined;
}

/** Go `utils.UnmarshalStruct(custom, &QuboleHiveJob{})`, accepting the JSON and the proto field names. */
function unmarshalHiveJob(custom: JsonObject | undefined): QuboleHiveJob {
  const c = custom ?? {};
  const q = c.query;
  let query: QuboleHiveJob['query'];
  if (q !== undefined && q !== null) {
    if (typeof q !== 'object' || Array.isArray(q))
      throw new Error('custom.query must be an object ({"query": "...", "timeoutSec": 0})');
    const qo = q as JsonObject;
    const timeout = qo.timeoutSec ?? qo.timeout_sec ?? 0;
    if (typeof timeout !== 'number') throw new Error('custom.query.timeoutSec must be a number');
    query = { query: str(qo, 'query') ?? '', timeoutSec: timeout };
  }
  const tags = c.tags ?? [];
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string'))
    throw new Error('custom.tags must be an array of strings');
  return { clusterLabel: str(c, 'clusterLabel', 'cluster_label') ?? '', query, tags: tags as string[] };
}

/** Reads `custom.simulation`. */
export function querySimulation(custom: JsonObject | undefined): QuerySimulation {
  const s = (custom?.simulation ?? {}) as JsonObject;
  const num = (k: 'waitingSeconds' | 'durationSeconds' | 'createFailures', d: number) => {
    const v = s[k] ?? d;
    if (typeof v !== 'number' || !(v >= 0))
      throw new Error(`custom.simulation.${k} must be a non-negative number, got ${JSON.stringify(v)}`);
    return v;
  };
  const outcome = s.outcome ?? 'DONE';
  if (outcome !== 'DONE' && outcome !== 'ERROR')
    throw new Error(`custom.simulation.outcome must be "DONE" or "ERROR", got ${JSON.stringify(outcome)}`);
  return {
    waitingSeconds: num('waitingSeconds', 0),
    durationSeconds: num('durationSeconds', 30),
    outcome,
    createFailures: num('createFailures', 0),
  };
}

/** The string form of a literal in a query (Go `template.serializeLiteral`), for the kinds a query can use. */
function serializeLiteral(name: string, l: Literal): string {
  if (l.value.case !== 'scalar') throw new Error(`input [${name}]: only scalar inputs can be used in a query`);
  const s = l.value.value.value;
  switch (s.case) {
    case 'primitive': {
      const p = s.value.value;
      switch (p.case) {
        case 'integer':
        case 'floatValue':
        case 'boolean':
          return String(p.value);
        case 'stringValue':
          return p.value;
        case 'datetime':
          return new Date(Number(p.value.seconds) * 1000 + Math.floor(p.value.nanos / 1e6)).toISOString();
        default:
          throw new Error(`input [${name}]: unsupported primitive`);
      }
    }
    case 'blob':
    case 'schema':
      return s.value.uri;
    default:
      throw new Error(`input [${name}]: unsupported literal type [${s.case}]`);
  }
}

/**
 * Go `template.Render` for a query: `{{ .inputs.name }}` (case-insensitive, `$` for `.` too) becomes the input's
 * value, `{{ .rawOutputDataPrefix }}` the raw output prefix, `{{ .perRetryUniqueKey }}` the generated name.
 */
export async function renderQuery(query: string, tCtx: TaskExecutionContext): Promise<string> {
  let inputs: Record<string, Literal> | undefined;
  const parts: string[] = [];
  let last = 0;
  const re = /\{\{\s*[.$](inputs\.([^}\s]+)|rawoutputdataprefix|perretryuniquekey)\s*\}\}/gi;
  for (const m of query.matchAll(re)) {
    parts.push(query.slice(last, m.index));
    last = m.index + m[0].length;
    const what = m[1]!.toLowerCase();
    if (what === 'rawoutputdataprefix') parts.push(tCtx.outputWriter().getRawOutputPrefix());
    else if (what === 'perretryuniquekey')
      parts.push(tCtx.taskExecutionMetadata().getTaskExecutionID().getGeneratedName());
    else {
      const name = m[2]!;
      inputs ??= (await tCtx.inputReader().get()).literals;
      const l = inputs[name];
      if (l === undefined) throw new Error(`requested input is not found [${name}]`);
      parts.push(serializeLiteral(name, l));
    }
  }
  parts.push(query.slice(last));
  return parts.join('');
}

/** Go `GetQueryInfo`: the rendered query, cluster label override, tags, timeout and task name. */
async function getQueryInfo(tCtx: TaskExecutionContext) {
  const template = await tCtx.taskReader().read();
  const job = unmarshalHiveJob(template.custom);
  if (job.query === undefined) {
    throw new HiveError(
      'BadTaskSpecification',
      'Query could not be found. Please ensure that you are at least on Flytekit version 0.3.0 or later.',
    );
  }
  const query = await renderQuery(job.query.query, tCtx);
  const md = tCtx.taskExecutionMetadata();
  const tags = [...job.tags, `ns:${md.getNamespace()}`, ...Object.entries(md.getLabels()).map(([k, v]) => `${k}:${v}`)];
  return {
    query,
    clusterLabel: job.clusterLabel,
    tags,
    timeoutSec: job.query.timeoutSec,
    taskName: template.id?.name ?? '',
    custom: template.custom,
  };
}

/** Go `mapLabelToPrimaryLabel` (the last cluster listing the label wins, as Go's loop breaks the inner loop only). */
function mapLabelToPrimaryLabel(cfg: ResolvedHiveConfig, label: string): { primaryLabel: string; found: boolean } {
  let primaryLabel = cfg.defaultClusterLabel;
  let found = false;
  if (label === '') return { primaryLabel, found };
  for (const cluster of cfg.clusterConfigs) {
    for (const l of cluster.labels ?? []) {
      if (l === label) {
        primaryLabel = cluster.primaryLabel;
        found = true;
        break;
      }
    }
  }
  return { primaryLabel, found };
}

/** Go `getClusterPrimaryLabel`: the override's cluster, else the project-domain's, else the default. */
function getClusterPrimaryLabel(tCtx: TaskExecutionContext, cfg: ResolvedHiveConfig, override: string): string {
  if (override !== '') {
    const m = mapLabelToPrimaryLabel(cfg, override);
    if (m.found) return m.primaryLabel;
  }
  const ex = tCtx.taskExecutionMetadata().getTaskExecutionID().getID().nodeExecutionId?.executionId;
  const dest = cfg.destinationClusterConfigs.find((d) => d.project === ex?.project && d.domain === ex?.domain);
  if (dest !== undefined) return mapLabelToPrimaryLabel(cfg, dest.clusterLabel).primaryLabel;
  return cfg.defaultClusterLabel;
}

/** Go `composeResourceNamespaceWithClusterPrimaryLabel`: renders the query (as Go does) to find the cluster. */
async function composeResourceNamespace(tCtx: TaskExecutionContext, cfg: ResolvedHiveConfig): Promise<string> {
  const { clusterLabel } = await getQueryInfo(tCtx);
  return getClusterPrimaryLabel(tCtx, cfg, clusterLabel);
}

/** Go `createResourceConstraintsSpec`: both caps are `int64(limit × proportion)`, truncated. */
export function createResourceConstraintsSpec(
  cfg: ResolvedHiveConfig,
  clusterPrimaryLabel: string,
): ResourceConstraintsSpec {
  const cluster = cfg.clusterConfigs.find((c) => c.primaryLabel === clusterPrimaryLabel);
  if (cluster === undefined) return {};
  return {
    projectScopeResourceConstraint: { value: Math.trunc(cluster.limit * cluster.projectScopeQuotaProportionCap) },
    namespaceScopeResourceConstraint: { value: Math.trunc(cluster.limit * cluster.namespaceScopeQuotaProportionCap) },
  };
}

/** The plugin's metrics (Go `QuboleHiveExecutorMetrics`, the part kept here). */
interface HiveMetrics {
  allocationGranted: Counter;
  allocationNotGranted: Counter;
  resourceReleased: Counter;
  resourceReleaseFailed: Counter;
}

const generatedNameOf = (tCtx: TaskExecutionContext) =>
  tCtx.taskExecutionMetadata().getTaskExecutionID().getGeneratedName();

/** Go `ExecutionStateCacheItem`. */
interface ExecutionStateCacheItem {
  state: ExecutionState;
  identifier: string;
  /** Go `IsTerminal`: the cache stops polling a finished query. */
  isTerminal(): boolean;
}

function executionStateCacheItem(state: ExecutionState, identifier: string): ExecutionStateCacheItem {
  return { state, identifier, isTerminal: () => inTerminalState(state) };
}

/** Go `QuboleStatusToExecutionPhase`. */
function quboleStatusToExecutionPhase(s: QuboleStatus): ExecutionPhase {
  switch (s) {
    case 'DONE':
      return ExecutionPhase.WriteOutputFile;
    case 'CANCELLED':
    case 'ERROR':
      return ExecutionPhase.QueryFailed;
    case 'WAITING':
    case 'RUNNING':
      return ExecutionPhase.Submitted;
    default:
      throw new HiveError('QUBOLE_RETURNED_UNKNOWN', `Qubole returned status ${s}`);
  }
}

/** Go `QuboleHiveExecutor`. */
export class QuboleHiveExecutor implements Plugin {
  readonly #cfg: ResolvedHiveConfig;
  readonly #metrics: HiveMetrics;
  /** The fake Qubole service of this instance. */
  readonly quboleClient = new FakeQuboleClient();
  /** Go `executionsCache`: polls submitted commands every resync interval. */
  readonly executionsCache: VirtualAutoRefresh<ExecutionStateCacheItem>;

  constructor(cfg: ResolvedHiveConfig, secretManager: SecretManager, scope: MetricsScope) {
    this.#cfg = cfg;
    this.#metrics = {
      allocationGranted: scope.newCounter('allocation_granted', 'Allocation request granted'),
      allocationNotGranted: scope.newCounter(
        'allocation_not_granted',
        'Allocation request did not fail but not granted',
      ),
      resourceReleased: scope.newCounter('resource_release_success', 'Resource allocation token released'),
      resourceReleaseFailed: scope.newCounter('resource_release_failed', 'Error releasing allocation token'),
    };
    this.executionsCache = newAutoRefreshCache<ExecutionStateCacheItem>(
      'qubole',
      (batch) => this.#syncQuboleQueries(batch, secretManager),
      {
        resyncPeriodMs: cfg.resyncIntervalMs,
      },
    );
    this.executionsCache.start();
  }

  getID(): string {
    return HiveExecutorId;
  }

  getProperties(): PluginProperties {
    return {};
  }

  /** Go `SyncQuboleQuery`: polls each command of the batch and moves its phase forward only. */
  async #syncQuboleQueries(
    batch: Batch<ExecutionStateCacheItem>,
    secrets: SecretManager,
  ): Promise<ItemSyncResponse<ExecutionStateCacheItem>[]> {
    const out: ItemSyncResponse<ExecutionStateCacheItem>[] = [];
    for (const { id, item } of batch) {
      const next = await this.#syncQuboleQuery(item, secrets);
      out.push(
        next === undefined ? { id, item, action: SyncAction.Unchanged } : { id, item: next, action: SyncAction.Update },
      );
    }
    return out;
  }

  /** One item of {@link #syncQuboleQueries}: the updated item, or `undefined` to leave it. */
  async #syncQuboleQuery(
    item: ExecutionStateCacheItem,
    secrets: SecretManager,
  ): Promise<ExecutionStateCacheItem | undefined> {
    if (item.state.commandId === '') return undefined;
    const apiKey = await secrets.get(this.#cfg.tokenKey);
    if (inTerminalState(item.state)) return undefined;
    let status: QuboleStatus;
    try {
      status = this.quboleClient.getCommandStatus(item.state.commandId, apiKey);
    } catch {
      return executionStateCacheItem(
        { ...item.state, syncFailureCount: item.state.syncFailureCount + 1 },
        item.identifier,
      );
    }
    const phase = quboleStatusToExecutionPhase(status);
    if (ordinal(phase) > ordinal(item.state.phase))
      return executionStateCacheItem({ ...item.state, phase }, item.identifier);
    return undefined;
  }

  #readState(tCtx: TaskExecutionContext, where: string): ExecutionState {
    try {
      return tCtx.pluginStateReader().get(ExecutionStateSchema).value ?? zeroExecutionState();
    } catch (e) {
      throw new HiveError('CorruptedPluginState', `Failed to unmarshal custom state in ${where}: ${errText(e)}`, {
        cause: e,
      });
    }
  }

  async handle(tCtx: TaskExecutionContext): Promise<Transition> {
    const incoming = this.#readState(tCtx, 'Handle');
    const outgoing = await this.#handleExecutionState(tCtx, incoming);
    const phaseInfo = mapExecutionStateToPhaseInfo(outgoing);
    tCtx.pluginStateWriter().put(HivePluginStateVersion, outgoing);
    return doTransition(phaseInfo);
  }

  /** Go `HandleExecutionState`: one step of the state machine. */
  async #handleExecutionState(tCtx: TaskExecutionContext, current: ExecutionState): Promise<ExecutionState> {
    switch (current.phase) {
      case ExecutionPhase.NotStarted:
        return this.#getAllocationToken(tCtx, current);
      case ExecutionPhase.Queued:
        return this.#kickOffQuery(tCtx, current);
      case ExecutionPhase.Submitted:
        return this.#monitorQuery(tCtx, current);
      case ExecutionPhase.WriteOutputFile:
        return writeOutputs(tCtx, current);
      default:
        return current;
    }
  }

  /** Go `composeResourceNamespaceWithClusterPrimaryLabel`, its error a `ResourceManagerFailure` that says when. */
  async #clusterFor(tCtx: TaskExecutionContext, when: string): Promise<string> {
    try {
      return await composeResourceNamespace(tCtx, this.#cfg);
    } catch (e) {
      throw new HiveError('ResourceManagerFailure', `Error getting query info when ${when}: ${errText(e)}`, {
        cause: e,
      });
    }
  }

  /** Go `GetAllocationToken`. */
  async #getAllocationToken(tCtx: TaskExecutionContext, current: ExecutionState): Promise<ExecutionState> {
    const uniqueID = generatedNameOf(tCtx);
    const cluster = await this.#clusterFor(tCtx, `requesting allocation token ${uniqueID}`);
    const constraints = createResourceConstraintsSpec(this.#cfg, cluster);
    let status: AllocationStatus;
    try {
      status = await tCtx.resourceManager().allocateResource(cluster, uniqueID, constraints);
    } catch (e) {
      throw new HiveError('ResourceManagerFailure', `Error requesting allocation token ${uniqueID}: ${errText(e)}`, {
        cause: e,
      });
    }
    const next = zeroExecutionState();
    next.allocationTokenRequestStartTime =
      current.allocationTokenRequestStartTime === 0 ? now().getTime() : current.allocationTokenRequestStartTime;
    if (status === AllocationStatus.Granted) {
      this.#metrics.allocationGranted.inc();
      next.phase = ExecutionPhase.Queued;
    } else if (status === AllocationStatus.Exhausted || status === AllocationStatus.NamespaceQuotaExceeded) {
      this.#metrics.allocationNotGranted.inc();
      next.phase = ExecutionPhase.NotStarted;
    } else {
      throw new HiveError('ResourceManagerFailure', `Got bad allocation result [${status}] for token [${uniqueID}]`);
    }
    return next;
  }

  /** Reads the Qubole API token; a missing secret says which one and how to give it. */
  async #apiKey(tCtx: TaskExecutionContext, what: string): Promise<string> {
    try {
      return await tCtx.secretManager().get(this.#cfg.tokenKey);
    } catch (e) {
      throw new HiveError(
        'RuntimeFailure',
        `${what}: the secret [${this.#cfg.tokenKey}] (the Qubole API token) is missing: ${errText(e)}. ` +
          `Give it to the executor, e.g. secrets.env.FLYTE_SECRET_${this.#cfg.tokenKey}`,
        { cause: e },
      );
    }
  }

  /** Go `KickOffQuery`. */
  async #kickOffQuery(tCtx: TaskExecutionContext, current: ExecutionState): Promise<ExecutionState> {
    const uniqueID = generatedNameOf(tCtx);
    const apiKey = await this.#apiKey(tCtx, 'Failed to read token from secrets manager');
    const info = await getQueryInfo(tCtx);
    const cluster = getClusterPrimaryLabel(tCtx, this.#cfg, info.clusterLabel);
    const id = tCtx.taskExecutionMetadata().getTaskExecutionID().getID();
    const ex = id.nodeExecutionId?.executionId;
    const metadata: CommandMetadata = {
      taskName: info.taskName,
      domain: ex?.domain ?? '',
      project: ex?.project ?? '',
      labels: tCtx.taskExecutionMetadata().getLabels(),
      attemptNumber: id.retryAttempt,
      workflowExecutionId: ex?.name ?? '',
    };
    const simulation = querySimulation(info.custom);
    const next = { ...current };
    let cmd: { id: number; uri: string };
    try {
      cmd = this.quboleClient.executeHiveCommand(
        info.query,
        info.timeoutSec,
        cluster,
        apiKey,
        info.tags,
        metadata,
        simulation,
        uniqueID,
      );
    } catch {
      // Go keeps the Queued state and counts the failure; the count is the next Queued version.
      next.creationFailureCount = current.creationFailureCount + 1;
      return next;
    }
    next.commandId = String(cmd.id);
    next.phase = ExecutionPhase.Submitted;
    next.uri = cmd.uri;
    await this.executionsCache.getOrCreate(uniqueID, executionStateCacheItem({ ...next }, uniqueID));
    return next;
  }

  /** Go `MonitorQuery`: the state as the cache last saw it. */
  async #monitorQuery(tCtx: TaskExecutionContext, current: ExecutionState): Promise<ExecutionState> {
    const uniqueID = generatedNameOf(tCtx);
    const item = await this.executionsCache.getOrCreate(uniqueID, executionStateCacheItem({ ...current }, uniqueID));
    return { ...item.state };
  }

  async abort(tCtx: TaskExecutionContext): Promise<void> {
    const incoming = this.#readState(tCtx, 'Abort');
    // As in Flyte, the token is read before anything else: without it, Abort fails even when there is nothing to kill.
    const key = await this.#apiKey(tCtx, 'Error reading token in Abort');
    if (!inTerminalState(incoming) && incoming.commandId !== '') this.quboleClient.killCommand(incoming.commandId, key);
  }

  async finalize(tCtx: TaskExecutionContext): Promise<void> {
    this.#readState(tCtx, 'Finalize');
    const uniqueID = generatedNameOf(tCtx);
    const cluster = await this.#clusterFor(tCtx, `releasing allocation token ${uniqueID}`);
    // Always released, whatever the state: releasing a token that is not held is a no-op.
    try {
      await tCtx.resourceManager().releaseResource(cluster, uniqueID);
    } catch (e) {
      this.#metrics.resourceReleaseFailed.inc();
      throw e;
    }
    this.#metrics.resourceReleased.inc();
  }
}

/** Go `WriteOutputs`: zero outputs, or one named `results` of a schema type, pointing at the raw output prefix. */
async function writeOutputs(tCtx: TaskExecutionContext, current: ExecutionState): Promise<ExecutionState> {
  const template = await tCtx.taskReader().read();
  const outputs = template.interface?.outputs?.variables ?? {};
  const names = Object.keys(outputs);
  if (names.length > 1)
    throw new HiveError('BadTaskSpecification', `Hive tasks must have zero or one output: [${names.length}] found`);
  if (names.length === 1) {
    const results = outputs.results;
    if (results === undefined)
      throw new HiveError('BadTaskSpecification', `One output found but wrong name [${names[0]}]`);
    const type = results.type?.type;
    if (type?.case !== 'schema')
      throw new HiveError('BadTaskSpecification', `A non-SchemaType was found [${type?.case ?? 'none'}]`);
    const literals = {
      results: {
        value: {
          case: 'scalar' as const,
          value: {
            value: {
              case: 'schema' as const,
              value: { uri: tCtx.outputWriter().getRawOutputPrefix(), type: type.value },
            },
          },
        },
      },
    };
    await tCtx.outputWriter().put(newInMemoryOutputReader(create(LiteralMapSchema, { literals })));
  }
  return { ...current, phase: ExecutionPhase.QuerySucceeded };
}

/** Go `quboleHiveExecutorID`. */
export const HiveExecutorId = 'qubole-hive-executor';
/** Go `hiveTaskType`. */
export const HiveTaskType = 'hive';

/**
 * The Hive plugin's `PluginEntry` with `config`. Its loader registers one quota per cluster (`primaryLabel`, `limit`)
 * and builds a new {@link QuboleHiveExecutor} (its fake service is `plugin.quboleClient`).
 */
export function createHiveEntry(config: HiveConfig = {}): PluginEntry {
  const cfg = resolveHiveConfig(config);
  return {
    id: HiveExecutorId,
    registeredTaskTypes: [HiveTaskType],
    isDefault: false,
    loadPlugin: async (iCtx) => {
      const q = new QuboleHiveExecutor(cfg, iCtx.secretManager(), iCtx.metricsScope().newSubScope('hive'));
      // Go `BuildResourceConfig`: a map, so a primary label listed twice registers its last limit once.
      const quotas = new Map<string, number>();
      for (const c of cfg.clusterConfigs) quotas.set(c.primaryLabel, c.limit);
      for (const [label, limit] of quotas) await iCtx.resourceRegistrar().registerResourceQuota(label, limit);
      return q;
    },
  };
}

/** The Hive plugin's entry with the default configuration: cluster `default`, limit 100, caps 0.7/0.7. */
export const hiveEntry: PluginEntry = createHiveEntry();
