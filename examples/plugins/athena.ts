/**
 * Flyte's AWS Athena plugin (flyteplugins `go/tasks/plugins/webapi/athena`: plugin.go, utils.go, config.go), ported
 * onto `@plugbench/sdk/webapi`, with an in-memory Athena ({@link FakeAthena}) that runs queries in virtual time.
 *
 * The plugin runs `presto` tasks (a `PrestoQuery` in the template's `custom`: routing group = workgroup, catalog,
 * schema = database, statement) and `hive` tasks (a `QuboleHiveJob`: query, cluster label = database); it renders
 * their templates (`{{ .Inputs.x }}`, ...), starts a query execution with the attempt's generated name as client
 * request token, polls it through the machinery's cache, and on success writes the `results` output as a schema
 * pointing at the query's output location. Events: `QUEUED:0` (token), `QUEUED:2` "launched", `RUNNING:1` while the
 * query is queued or running, then `SUCCEEDED:0`, or a retryable `FAILED` / `ABORTED` with Athena's reason.
 *
 * The fake reads what a query should do from a comment in its text: `/* fake {"queueSeconds": 2, "runSeconds": 20,
 * "fail": "reason"} *\/` (all optional; defaults 1 s queued, 10 s running, success). A `fail` given as
 * `{"reason": ..., "attempts": n}` fails only the first `n` attempts.
 *
 * Exports: `createAthenaEntry(config?)`, a factory taking {@link AthenaConfig}, and `athenaEntry` with Go's defaults.
 *
 * @module
 */
import {
  create,
  fixedLengthUniqueID,
  LiteralMapSchema,
  newInMemoryOutputReader,
  now,
  phaseInfoRetryableFailure,
  phaseInfoRunning,
  phaseInfoSuccess,
  TaskLogSchema,
  type PhaseInfo,
  type PluginEntry,
  type ResourceConstraintsSpec,
  type TaskInfo,
} from '@plugbench/sdk';
import { ErrorCode, errorf, wrapf } from '@plugbench/sdk/errors';
import { PrestoQuerySchema, QuboleHiveJobSchema } from '@plugbench/sdk/idl';
import { render } from '@plugbench/sdk/template';
import { unmarshalStructToPb } from '@plugbench/sdk/utils';
import {
  createRemotePlugin,
  type AsyncPlugin,
  type CreateResult,
  type DeleteContext,
  type GetContext,
  type PluginConfig,
  type ResourceRequirementsResult,
  type StatusContext,
  type TaskExecutionContextReader,
} from '@plugbench/sdk/webapi';
import * as z from 'zod';

/** Go `ErrRemoteSystem`, `ErrUser`, `ErrSystem`. */
export const AthenaErrorCode = { RemoteSystem: 'RemoteSystem', User: 'User', System: 'System' } as const;

// ---------------------------------------------------------------------------------------------------------------
// The fake Athena service, in virtual time
// ---------------------------------------------------------------------------------------------------------------

/** Go `athenaTypes.QueryExecutionState`. */
export type QueryExecutionState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

/** What `GetQueryExecution` returns, as the plugin keeps it (Go `ResourceWrapper`). */
export interface ResourceWrapper {
  status: { state: QueryExecutionState; stateChangeReason?: string };
  resultsConfiguration: { outputLocation?: string };
}

/** Go `athena.StartQueryExecutionInput`, the fields the plugin sets. */
export interface StartQueryExecutionInput {
  clientRequestToken: string;
  database: string;
  catalog: string;
  outputLocation: string;
  queryString: string;
  workGroup: string;
}

const FakeDirectiveSchema = z.object({
  queueSeconds: z.number().min(0).default(1),
  runSeconds: z.number().min(0).default(10),
  fail: z.union([z.string(), z.object({ reason: z.string(), attempts: z.number().int().min(1) })]).optional(),
});

interface FakeQuery {
  id: string;
  input: StartQueryExecutionInput;
  startedMs: number;
  queueMs: number;
  runMs: number;
  failReason: string | undefined;
  stoppedMs: number | undefined;
}

/** One call the fake received. */
export interface FakeAthenaCall {
  op: 'StartQueryExecution' | 'GetQueryExecution' | 'StopQueryExecution';
  atMs: number;
  queryExecutionId?: string;
  /** The input of a `StartQueryExecution`. */
  input?: StartQueryExecutionInput;
}

/** An in-memory Athena whose queries move through their states with virtual time. */
export class FakeAthena {
  readonly #queries = new Map<string, FakeQuery>();
  readonly #byToken = new Map<string, string>();
  /** Every call, in order. */
  readonly calls: FakeAthenaCall[] = [];

  /** `StartQueryExecution`: idempotent per client request token, as Athena's is. */
  startQueryExecution(input: StartQueryExecutionInput, attempt: number): string {
    const atMs = now().getTime();
    let id = this.#byToken.get(input.clientRequestToken);
    if (id === undefined) {
      id = `q-${String(this.#queries.size + 1).padStart(4, '0')}`;
      this.#byToken.set(input.clientRequestToken, id);
      const d = directiveOf(input.queryString);
      const fail =
        typeof d.fail === 'string'
          ? d.fail
          : d.fail !== undefined && attempt < d.fail.attempts
            ? d.fail.reason
            : undefined;
      this.#queries.set(id, {
        id,
        input,
        startedMs: atMs,
        queueMs: d.queueSeconds * 1000,
        runMs: d.runSeconds * 1000,
        failReason: fail,
        stoppedMs: undefined,
      });
    }
    this.calls.push({ op: 'StartQueryExecution', atMs, queryExecutionId: id, input });
    return id;
  }

  /** `GetQueryExecution`. @throws for an unknown id (Athena's InvalidRequestException). */
  getQueryExecution(id: string): ResourceWrapper {
    const atMs = now().getTime();
    this.calls.push({ op: 'GetQueryExecution', atMs, queryExecutionId: id });
    const q = this.#queries.get(id);
    if (q === undefined) throw new Error(`InvalidRequestException: QueryExecution ${id} was not found`);
    return {
      status: this.#status(q, atMs),
      resultsConfiguration: { outputLocation: `${q.input.outputLocation}/${id}.csv` },
    };
  }

  /** `StopQueryExecution`: a finished query is left as it is. */
  stopQueryExecution(id: string): void {
    const atMs = now().getTime();
    this.calls.push({ op: 'StopQueryExecution', atMs, queryExecutionId: id });
    const q = this.#queries.get(id);
    if (q !== undefined && q.stoppedMs === undefined && ['QUEUED', 'RUNNING'].includes(this.#status(q, atMs).state))
      q.stoppedMs = atMs;
  }

  #status(q: FakeQuery, atMs: number): ResourceWrapper['status'] {
    if (q.stoppedMs !== undefined) return { state: 'CANCELLED', stateChangeReason: 'Query was cancelled by the user.' };
    const elapsed = atMs - q.startedMs;
    if (elapsed < q.queueMs) return { state: 'QUEUED' };
    if (elapsed < q.queueMs + q.runMs) return { state: 'RUNNING' };
    return q.failReason === undefined ? { state: 'SUCCEEDED' } : { state: 'FAILED', stateChangeReason: q.failReason };
  }
}

/** The `/* fake {...} *\/` directive of a query; the defaults when there is none. */
function directiveOf(query: string): z.infer<typeof FakeDirectiveSchema> {
  const m = /\/\*\s*fake\s+(\{.*?\})\s*\*\//s.exec(query);
  return FakeDirectiveSchema.parse(m ? JSON.parse(m[1]!) : {});
}

// ---------------------------------------------------------------------------------------------------------------
// The plugin (Go plugin.go, utils.go, config.go)
// ---------------------------------------------------------------------------------------------------------------

/** Go athena `Config`, with plugbench's `region` (Go reads it from the AWS config). */
export interface AthenaConfig {
  /** Go `WebAPI`, field by field over Go's defaults. */
  webApi?: Partial<PluginConfig>;
  /** Go `ResourceConstraints`. */
  resourceConstraints?: ResourceConstraintsSpec;
  /** Go `DefaultWorkGroup`. @default 'primary' */
  defaultWorkGroup?: string;
  /** Go `DefaultCatalog`. @default 'AwsDataCatalog' */
  defaultCatalog?: string;
  /** The AWS region of the console links. @default 'us-east-2' */
  region?: string;
}

/** Go `defaultConfig.WebAPI`. */
export const DefaultAthenaWebApiConfig: Readonly<PluginConfig> = Object.freeze({
  resourceQuotas: { default: 1000 },
  readRateLimiter: { qps: 10, burst: 100 },
  writeRateLimiter: { qps: 10, burst: 100 },
  caching: { size: 500_000, resyncIntervalMs: 30_000, workers: 10, maxSystemFailures: 5 },
});

/** Go `QueryInfo`. */
export interface QueryInfo {
  queryString: string;
  workgroup: string;
  catalog: string;
  database: string;
}

/** Go `extractQueryInfo`: the query of a `hive` or `presto` task, its templates rendered. */
export async function extractQueryInfo(tCtx: TaskExecutionContextReader): Promise<QueryInfo> {
  const task = await tCtx.taskReader().read();
  const params = {
    taskExecMetadata: tCtx.taskExecutionMetadata(),
    inputs: tCtx.inputReader(),
    outputPath: tCtx.outputWriter(),
  };
  switch (task.type) {
    case 'hive': {
      const hive = parseCustom(() => unmarshalStructToPb(task.custom, QuboleHiveJobSchema), 'QubleHiveJob');
      if (hive.query === undefined)
        throw wrapf(
          AthenaErrorCode.User,
          errorf(ErrorCode.BadTaskSpecification, 'Query is a required field.'),
          'Expects a valid QubleHiveJob proto in custom field.',
        );
      if (hive.query.query === '')
        throw wrapf(
          AthenaErrorCode.User,
          errorf(ErrorCode.BadTaskSpecification, 'Query statement is a required field.'),
          'Expects a valid QubleHiveJob proto in custom field.',
        );
      const [queryString, database] = await render([hive.query.query, hive.clusterLabel], params);
      return { queryString: queryString!, database: database!, workgroup: '', catalog: '' };
    }
    case 'presto': {
      const presto = parseCustom(() => unmarshalStructToPb(task.custom, PrestoQuerySchema), 'PrestoQuery');
      if (presto.statement === '')
        throw wrapf(
          AthenaErrorCode.User,
          errorf(ErrorCode.BadTaskSpecification, 'Statement is a required field.'),
          'Expects a valid PrestoQuery proto in custom field.',
        );
      const [workgroup, catalog, database, queryString] = await render(
        [presto.routingGroup, presto.catalog, presto.schema, presto.statement],
        params,
      );
      return { workgroup: workgroup!, catalog: catalog!, database: database!, queryString: queryString! };
    }
  }
  throw errorf(AthenaErrorCode.User, 'Unexpected task type [%v].', task.type);
}

function parseCustom<T>(parse: () => T, what: string): T {
  try {
    return parse();
  } catch (e) {
    throw wrapf(AthenaErrorCode.User, e, 'Expects a valid %v proto in custom field.', what);
  }
}

/** Go `GetGeneratedNameWith(32, 128)`: right-padded with `0` to 32, hashed to fit 128. */
export function clientRequestToken(generatedName: string): string {
  if (generatedName.length < 32) return generatedName + '0'.repeat(32 - generatedName.length);
  return generatedName.length > 128 ? fixedLengthUniqueID(generatedName, 128) : generatedName;
}

/** Go `createTaskInfo`: the Athena console link of the query. */
export function createTaskInfo(queryId: string, region: string): TaskInfo {
  const uri = `https://${region}.console.aws.amazon.com/athena/home?force&region=${region}#query/history/${queryId}`;
  return { occurredAt: now(), logs: [create(TaskLogSchema, { uri, name: 'Athena Query Console' })] };
}

/** Go `writeOutput`: the `results` output, a schema at the query's output location, if the task declares it. */
async function writeOutput(tCtx: StatusContext<string, ResourceWrapper>, externalLocation: string): Promise<void> {
  const template = await tCtx.taskReader().read();
  const results = template.interface?.outputs?.variables.results;
  if (results === undefined) return;
  const type = results.type?.type.case === 'schema' ? results.type.type.value : undefined;
  const outputs = create(LiteralMapSchema, {
    literals: {
      results: {
        value: { case: 'scalar', value: { value: { case: 'schema', value: { uri: externalLocation, type } } } },
      },
    },
  });
  await tCtx.outputWriter().put(newInMemoryOutputReader(outputs));
}

/** Go athena `Plugin`. */
export class AthenaPlugin implements AsyncPlugin<string, ResourceWrapper> {
  /** The service this plugin instance talks to (Go: the AWS client). */
  readonly client = new FakeAthena();
  readonly #cfg: Required<Omit<AthenaConfig, 'webApi'>> & { webApi: PluginConfig };

  constructor(cfg: AthenaConfig = {}) {
    const webApi = { ...DefaultAthenaWebApiConfig, ...cfg.webApi };
    this.#cfg = {
      webApi,
      resourceConstraints: cfg.resourceConstraints ?? {
        projectScopeResourceConstraint: { value: 100 },
        namespaceScopeResourceConstraint: { value: 50 },
      },
      defaultWorkGroup: cfg.defaultWorkGroup ?? 'primary',
      defaultCatalog: cfg.defaultCatalog ?? 'AwsDataCatalog',
      region: cfg.region ?? 'us-east-2',
    };
  }

  getConfig(): PluginConfig {
    return this.#cfg.webApi;
  }

  resourceRequirements(): ResourceRequirementsResult {
    return { namespace: 'default', constraints: this.#cfg.resourceConstraints };
  }

  async create(tCtx: TaskExecutionContextReader): Promise<CreateResult<string, ResourceWrapper>> {
    const q = await extractQueryInfo(tCtx);
    const workgroup = q.workgroup === '' ? this.#cfg.defaultWorkGroup : q.workgroup;
    const catalog = q.catalog === '' ? this.#cfg.defaultCatalog : q.catalog;
    if (q.database === '') throw errorf(ErrorCode.BadTaskSpecification, 'Database must not be empty.');
    const id = tCtx.taskExecutionMetadata().getTaskExecutionID();
    const input = {
      clientRequestToken: clientRequestToken(id.getGeneratedName()),
      database: q.database,
      catalog,
      outputLocation: tCtx.outputWriter().getRawOutputPrefix(),
      queryString: q.queryString,
      workGroup: workgroup,
    };
    const queryExecutionId = this.client.startQueryExecution(input, id.getID().retryAttempt);
    if (queryExecutionId === '') throw errorf(AthenaErrorCode.RemoteSystem, 'Service created an empty query id');
    return { resourceMeta: queryExecutionId };
  }

  get(tCtx: GetContext<string>): ResourceWrapper {
    return this.client.getQueryExecution(tCtx.resourceMeta());
  }

  delete(tCtx: DeleteContext<string>): void {
    // Go type-asserts the meta to a string: a task aborted before its query started has none to stop.
    const id = tCtx.resourceMeta();
    if (id !== undefined) this.client.stopQueryExecution(id);
  }

  async status(tCtx: StatusContext<string, ResourceWrapper>): Promise<PhaseInfo> {
    const execId = tCtx.resourceMeta();
    const exec = tCtx.resource();
    const info = () => createTaskInfo(execId, this.#cfg.region);
    switch (exec.status.state) {
      case 'QUEUED':
      case 'RUNNING':
        return phaseInfoRunning(1, info());
      case 'CANCELLED':
        return phaseInfoRetryableFailure(
          'ABORTED',
          exec.status.stateChangeReason ?? 'Remote execution was aborted.',
          info(),
        );
      case 'FAILED':
        return phaseInfoRetryableFailure('FAILED', exec.status.stateChangeReason ?? 'Remote execution failed', info());
      case 'SUCCEEDED':
        if (exec.resultsConfiguration.outputLocation !== undefined)
          await writeOutput(tCtx, exec.resultsConfiguration.outputLocation);
        return phaseInfoSuccess(info());
    }
    throw errorf(AthenaErrorCode.System, 'Unknown execution phase [%v].', exec.status.state);
  }
}

/** The Athena plugin's entry with `config` (Go registers it as `athena` for the task types `hive` and `presto`). */
export function createAthenaEntry(config: AthenaConfig = {}): PluginEntry {
  return createRemotePlugin<string, ResourceWrapper>({
    id: 'athena',
    supportedTaskTypes: ['hive', 'presto'],
    pluginLoader: () => new AthenaPlugin(config),
  });
}

/** The Athena plugin's entry with Go's default config. */
export const athenaEntry: PluginEntry = createAthenaEntry();
