/**
 * The timeline: every decision the executor makes, as versioned records. One schema serves the `plugbench` CLI
 * (NDJSON), the HTML report, golden files and the VS Code webview. Records are plain JSON; times are virtual
 * milliseconds since the Unix epoch unless named `wall*`.
 *
 * Versioning: {@link TIMELINE_VERSION} changes when a record changes incompatibly; readers reject other versions.
 *
 * @module
 */
import * as z from 'zod';
import { PHASE_NAMES } from './phase-names';

/** The version of the timeline schema written in every record's `v`. */
export const TIMELINE_VERSION = 1;

const v = z.literal(TIMELINE_VERSION).describe('Timeline schema version');
const seq = z.number().int().nonnegative().describe('Position of the record in the run, from 0');
const at = z.number().describe('Virtual time of the record, ms since the Unix epoch');
const taskId = z.string().describe('The task execution, as named when it was started');

/** Plugin phase names, as `Phase` keys (`Running`), Go's order. */
export const PhaseNameSchema = z.enum(PHASE_NAMES);

/** Task event phases as FlyteAdmin receives them (IDL `TaskExecution.Phase` names). */
export const EventPhaseSchema = z.enum([
  'UNDEFINED',
  'QUEUED',
  'RUNNING',
  'SUCCEEDED',
  'ABORTED',
  'FAILED',
  'INITIALIZING',
  'WAITING_FOR_RESOURCES',
]);

/** Node phases: where the engine is with a task execution (FlytePropeller's node phases, simplified). */
export const NodePhaseSchema = z.enum([
  'Queued',
  'Running',
  'Succeeding',
  'RetryableFailure',
  'Failing',
  'Aborting',
  'Succeeded',
  'Failed',
  'Aborted',
]);

/** An execution error (IDL `core.ExecutionError`, JSON form). */
export const TimelineExecutionErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  kind: z.enum(['UNKNOWN', 'USER', 'SYSTEM']),
});

/** A log link (IDL `core.TaskLog`, JSON form). */
export const TimelineTaskLogSchema = z.object({ name: z.string().optional(), uri: z.string().optional() }).loose();

/** Go `TaskInfo` as recorded. */
export const TaskInfoSchema = z.object({
  occurredAt: z.number().optional().describe('ms since the Unix epoch'),
  logs: z.array(TimelineTaskLogSchema).optional(),
  customInfo: z.record(z.string(), z.unknown()).optional(),
});

/** A transition a plugin returned (or the executor replayed or substituted). */
export const TransitionSchema = z.object({
  type: z.enum(['Ephemeral', 'Barrier']),
  phase: PhaseNameSchema,
  version: z.number().int().nonnegative(),
  reason: z.string(),
  err: TimelineExecutionErrorSchema.optional(),
  info: TaskInfoSchema.optional(),
  text: z.string().describe("Go's Transition.String()"),
});

/** Why a round did or did not send an event and persist state. */
export const DecisionCodeSchema = z.enum([
  'event', // a new (phase, version): event sent, state persisted
  'dedup', // phase and version unchanged: no event, state write and raw events dropped
  'version-cap', // version above the cap: turned into a permanent failure
  'round-error', // Handle threw, rejected, timed out or returned an invalid transition: nothing persisted
  'barrier-replay', // a barrier transition replayed from the cache instead of calling the plugin
  'retry', // a retryable failure that will be retried: event sent, state not persisted
  'write-lost', // an injected fault lost the persisted write
]);

/** The decision of a Handle round. */
export const DecisionSchema = z.object({ code: DecisionCodeSchema, message: z.string() });

/** A state value and its version. */
export const StateSnapshotSchema = z.object({
  version: z.number().int().min(0).max(255),
  value: z.unknown().optional(),
});

/** State around a Handle round. */
export const StateChangeSchema = z.object({
  before: StateSnapshotSchema,
  write: z
    .union([
      z.object({ op: z.literal('put'), version: z.number().int(), value: z.unknown() }),
      z.object({ op: z.literal('reset') }),
    ])
    .optional()
    .describe("The round's last write, if any"),
  after: StateSnapshotSchema.describe('What the next round will read'),
  persisted: z.boolean(),
});

/** A task event sent to (or dropped before) FlyteAdmin. */
export const TaskEventSchema = z.object({
  source: z.enum(['transition', 'raw', 'abort']),
  phase: EventPhaseSchema,
  pluginPhase: PhaseNameSchema.optional(),
  version: z.number().int().nonnegative(),
  reason: z.string().optional(),
  occurredAt: z.number(),
  err: TimelineExecutionErrorSchema.optional(),
  logs: z.array(TimelineTaskLogSchema).optional(),
  customInfo: z.record(z.string(), z.unknown()).optional(),
  outputUri: z.string().optional(),
  resourcePoolInfo: z.array(z.object({ namespace: z.string(), allocationToken: z.string() })).optional(),
});

/** One call of the resource manager, and the pool after it. */
export const ResourceCallSchema = z.object({
  op: z.enum(['allocate', 'release']),
  namespace: z.string().describe('As the plugin named it'),
  token: z.string().describe('As the plugin named it'),
  namespaceFQ: z.string(),
  tokenFQ: z.string(),
  constraints: z.object({ project: z.number().optional(), namespace: z.number().optional() }).optional(),
  status: z.enum(['AllocationUndefined', 'ResourceGranted', 'ResourceExhausted', 'NamespaceQuotaExceeded']).optional(),
  reason: z.string().optional().describe('Which rule of the manager decided'),
  intercepted: z.literal(true).optional().describe('An injected fault answered instead of the manager'),
  error: z.object({ message: z.string(), code: z.string().optional() }).optional(),
  poolAfter: z.object({ used: z.number().int(), quota: z.number().int() }).optional(),
});

/** A line a plugin logged during a call. */
export const LogLineSchema = z.object({
  level: z.enum(['debug', 'info', 'warn', 'error']),
  message: z.string(),
});

/** An error of a call, with its stack. */
export const CallErrorSchema = z.object({
  source: z.enum(['handle', 'abort', 'finalize', 'transition', 'event', 'executor']),
  message: z.string(),
  code: z.string().optional(),
  stack: z.string().optional(),
});

/** A metric sample. */
export const MetricSampleSchema = z.object({
  name: z.string(),
  type: z.enum(['counter', 'gauge', 'histogram', 'summary']).optional(),
  labels: z.record(z.string(), z.string()).optional(),
  value: z.number(),
});

/** What a plugin did with one of its metrics during a call. */
export const MetricCallSchema = z.object({
  metric: z.string().describe('Full name, with the plugin scope (`echo:rounds`)'),
  op: z.enum(['inc', 'dec', 'set', 'observe']),
  value: z.number(),
  labels: z.record(z.string(), z.string()).optional(),
});

const base = { v, seq, at };

/** The first record of a run. */
export const RunStartedSchema = z.object({
  ...base,
  kind: z.literal('run.started'),
  seed: z.number().int(),
  config: z.object({
    resyncPeriodMs: z.number(),
    maxStreakLength: z.number().int(),
    roundTimeoutMs: z.number(),
    maxPluginPhaseVersions: z.number().int(),
    maxWorkflowRetries: z.number().int(),
    maxSystemRetries: z.number().int(),
    maxOutputSizeBytes: z.number().int(),
    resourceManager: z.enum(['noop', 'redis']),
    barrier: z.boolean(),
  }),
  plugins: z.array(z.object({ id: z.string(), taskTypes: z.array(z.string()), isDefault: z.boolean() })),
});

/** A quota a plugin registered at setup. */
export const QuotaRegisteredSchema = z.object({
  ...base,
  kind: z.literal('quota.registered'),
  pluginId: z.string(),
  namespace: z.string().describe('As the plugin named it'),
  namespaceFQ: z.string(),
  quota: z.number().int(),
});

/** A task execution was started. */
export const TaskStartedSchema = z.object({
  ...base,
  kind: z.literal('task.started'),
  task: taskId,
  taskType: z.string(),
  pluginId: z.string(),
  execution: z.object({ project: z.string(), domain: z.string(), name: z.string() }),
  nodeId: z.string(),
  maxAttempts: z.number().int().positive(),
  interruptible: z.boolean(),
});

/** One call of a plugin: Handle, Abort or Finalize, and all the engine decided around it. */
export const CallRecordSchema = z.object({
  ...base,
  kind: z.literal('call'),
  task: taskId,
  attempt: z.number().int().nonnegative(),
  round: z.number().int().positive().describe("The task's round, from 1; Abort and Finalize of one round share it"),
  call: z.enum(['handle', 'abort', 'finalize']),
  generatedName: z.string(),
  nodePhase: z.object({ before: NodePhaseSchema, after: NodePhaseSchema }),
  pluginPhase: z.object({ phase: PhaseNameSchema, version: z.number().int() }).describe('Persisted after the call'),
  transition: TransitionSchema.optional(),
  decision: DecisionSchema.optional(),
  state: StateChangeSchema.optional(),
  events: z.array(TaskEventSchema),
  droppedEvents: z.array(TaskEventSchema).optional(),
  resources: z.array(ResourceCallSchema),
  logs: z.array(LogLineSchema),
  metrics: z.array(MetricCallSchema).optional().describe('Metrics the plugin touched during the call'),
  error: CallErrorSchema.optional(),
  faults: z.array(z.string()).optional().describe('Injected faults that fired during this call'),
  skipped: z.string().optional().describe('Why the plugin was not called (Abort after a terminal phase)'),
  replay: z
    .object({
      same: z.boolean(),
      transition: TransitionSchema.optional(),
      error: CallErrorSchema.optional(),
      logs: z.array(LogLineSchema).optional().describe("The second call's console output"),
    })
    .optional()
    .describe('The idempotency check: Handle called again on the same state'),
  repeat: z
    .object({ ok: z.boolean(), error: CallErrorSchema.optional() })
    .optional()
    .describe('The idempotency check: Abort or Finalize called a second time'),
  lint: z
    .array(z.enum(['get-after-put']))
    .optional()
    .describe('Patterns that usually mean a bug in the plugin'),
  failedAttempts: z.number().int().nonnegative().describe("The workflow's round-error counter after the call"),
  wallMs: z.number().nonnegative().describe('Wall time of the call'),
});

/** A task execution reached a terminal node phase. */
export const TaskFinishedSchema = z.object({
  ...base,
  kind: z.literal('task.finished'),
  task: taskId,
  attempt: z.number().int().nonnegative(),
  nodePhase: z.enum(['Succeeded', 'Failed', 'Aborted']),
  err: TimelineExecutionErrorSchema.optional(),
  reason: z.string().optional(),
  rounds: z.number().int().nonnegative(),
});

/** The last record of a `runUntil`. */
export const RunFinishedSchema = z.object({
  ...base,
  kind: z.literal('run.finished'),
  reason: z.enum(['idle', 'terminal', 'phase', 'round-cap', 'time-cap']),
  rounds: z.number().int().nonnegative(),
  metrics: z.array(MetricSampleSchema).optional(),
});

/** Any timeline record. */
export const TimelineRecordSchema = z.discriminatedUnion('kind', [
  RunStartedSchema,
  QuotaRegisteredSchema,
  TaskStartedSchema,
  CallRecordSchema,
  TaskFinishedSchema,
  RunFinishedSchema,
]);
