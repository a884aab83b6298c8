/**
 * The messages between the extension host and the runner process (dist/extension/runner.js), which runs the
 * user's plugins so that nothing they do can reach the extension host: one zod schema per message, the one source
 * of their types ({@link ./runner-messages}). The host trusts nothing that comes from the process that runs
 * workspace code: a message that does not parse is never acted on. It is logged and dropped, except records that do
 * not follow the timeline schema, which stop the runner and fail the run (the timeline would go on without them),
 * and an answer that does not, which fails its request. The runner checks the host's requests with the same schemas.
 *
 * Transport: Node's IPC channel of `child_process.fork` (structured JSON), or, under the debugger, newline-delimited
 * JSON over a local socket whose path the runner finds in `PLUGBENCH_RUNNER_SOCKET` ({@link ./socket-lines}).
 *
 * @module
 */
import * as z from 'zod';
import { BreakpointSchema, TimelineRecordSchema } from '@plugbench/sdk/timeline';
import { StoreRowsSchema } from '@plugbench/sdk/runner';
import { PackageOriginSchema } from './package-origin';

/** Changes when a message changes incompatibly; the host refuses a runner of another version. */
export const RUNNER_PROTOCOL = 4;

/** A request of the host: its `type`, the `id` its answer carries, and what it asks. */
function requestSchema<T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  return z.object({ type: z.literal(type), id: z.number().int(), ...shape });
}

/** Where a `run` request stops (besides the end of the run and the round cap): the end, an event, a phase change. */
export const RunStopSchema = z.discriminatedUnion('kind', [
  /** Only at the end. */
  z.object({ kind: z.literal('end') }),
  /** After the next round that sent a task event. */
  z.object({ kind: z.literal('event') }),
  /** After the next round in which a task's plugin phase changed. */
  z.object({ kind: z.literal('phase-change') }),
]);

/** Open a fixture: load it, bundle its plugin, set the executor up and start its tasks. */
export const OpenRequestSchema = requestSchema('open', {
  /** Absolute path of the fixture file. */
  fixture: z.string(),
  /** Start only this task of the fixture. */
  task: z.string().optional(),
  /** Wall-clock limit of one plugin call, ms, unless the fixture sets its own. */
  roundTimeoutMs: z.number().positive(),
  /** Under the debugger: no round timeout at all, whatever the fixture says (a breakpoint stops the call). */
  debugging: z.boolean().optional(),
  /** After opening, run this many rounds at once (step back, restoring a panel), sending their records together. */
  replayRounds: z.number().int().nonnegative().optional(),
});

/** Run exactly `rounds` rounds (fewer if the run ends). */
export const StepRequestSchema = requestSchema('step', {
  rounds: z.number().int().nonnegative(),
});

/** Run until `stop`, a breakpoint, the end of the run, or `maxRounds` more rounds. */
export const RunRequestSchema = requestSchema('run', {
  stop: RunStopSchema,
  breakpoints: z.array(BreakpointSchema),
  maxRounds: z.number().int().nonnegative(),
});

/** Run a fixture as a test: its expectations and (unless switched off) the contract checks. */
export const TestRequestSchema = requestSchema('test', {
  fixture: z.string(),
  contractChecks: z.boolean(),
  roundTimeoutMs: z.number().positive(),
  debugging: z.boolean().optional(),
});

/**
 * Run a fixture as `plugbench test` does (golden timeline included): answers its whole outcome
 * ({@link OutcomeResultSchema}), and says `loaded` once its plugins are loaded and its tasks started.
 */
export const OutcomeRequestSchema = requestSchema('outcome', {
  fixture: z.string(),
  /** Rewrite the golden timeline instead of comparing with it. */
  updateGolden: z.boolean().optional(),
  /** Compare with the golden timeline (default true; `plugbench run` does not). */
  golden: z.boolean().optional(),
  /** Send the whole timeline in the result (`plugbench run`); without it the result's timeline is empty. */
  timeline: z.boolean().optional(),
  /**
   * A regular expression (case-insensitive) of what to run: the whole fixture when its name or file matches, else
   * only the tasks whose id matches (golden timeline not compared), else nothing (`skipped`).
   */
  grep: z.string().optional(),
  /** Let the fixture name module and golden files outside its project (`--allow-outside-project`). */
  allowOutsideProject: z.boolean().optional(),
});

/** Exit cleanly. */
export const CloseRequestSchema = requestSchema('close', {});

/** Every request of the host. */
export const HostRequestSchema = z.discriminatedUnion('type', [
  OpenRequestSchema,
  StepRequestSchema,
  RunRequestSchema,
  TestRequestSchema,
  OutcomeRequestSchema,
  CloseRequestSchema,
]);

/** One problem of a fixture file, at its place in the file. */
export const FixtureProblemSchema = z.object({
  /** Absolute path of the file the problem is in (a fixture may include others). */
  file: z.string(),
  /** JSON path, `$.tasks[0].expect.phase`. */
  path: z.string(),
  /** 1-based line and column; 0 when the loader could not place it. */
  line: z.number().int().nonnegative(),
  column: z.number().int().nonnegative(),
  /** Where the offending value ends, when known (1-based). */
  endLine: z.number().int().nonnegative().optional(),
  endColumn: z.number().int().nonnegative().optional(),
  message: z.string(),
});

/**
 * Why a request failed, as the runner says it: the harness's error categories (`ErrorCategory` of
 * harness/src/error-category.ts, which the runner's `toRunnerError` answers with, so the compiler keeps the two in
 * step: `fixture`, the fixture is invalid; `plugin-load`, the plugin did not bundle or its loader failed; `internal`,
 * a bug of plugbench), and the runner's own: `plugin`, the plugin broke the run in a way the executor could not
 * contain; `protocol`, a message did not follow this protocol. Written out here, not imported: the protocol is pure.
 */
export const RunnerErrorKind = {
  Fixture: 'fixture',
  PluginLoad: 'plugin-load',
  Internal: 'internal',
  Plugin: 'plugin',
  Protocol: 'protocol',
} as const;

/** Why a request failed. */
export const RunnerErrorSchema = z.object({
  kind: z.enum(RunnerErrorKind),
  message: z.string(),
  stack: z.string().optional(),
  /** For `fixture`: every problem, placed. */
  problems: z.array(FixtureProblemSchema).optional(),
  /** For `plugin-load`: the plugin's source file, when known. */
  file: z.string().optional(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});

/** What `open` answers. */
export const OpenResultSchema = z.object({
  /** The fixture's name, if it has one. */
  name: z.string().optional(),
  tasks: z.array(z.object({ id: z.string(), taskType: z.string(), pluginId: z.string() })),
  /** The plugin's source file. */
  plugin: z.string().optional(),
  /** Rounds run so far (the replayed ones). */
  rounds: z.number().int().nonnegative(),
  finished: z.boolean(),
  /** The round timeout in force (the fixture's own, else the host's), so the host's watchdog can follow it. */
  roundTimeoutMs: z.number().positive(),
});

/** Why a `step` or `run` stopped. */
export const StopReasonSchema = z.enum([
  'step',
  'terminal',
  'idle',
  'breakpoint',
  'event',
  'phase-change',
  'round-cap',
]);

/** What `step` and `run` answer. */
export const AdvanceResultSchema = z.object({
  /** Rounds run by this request. */
  ran: z.number().int().nonnegative(),
  /** Rounds run since `open`. */
  rounds: z.number().int().nonnegative(),
  reason: StopReasonSchema,
  /** Every task has finished and nothing more will run. */
  finished: z.boolean(),
  /** The breakpoint that stopped the run. */
  breakpoint: BreakpointSchema.optional(),
});

/** One expectation of a test, as Test Explorer shows it. */
export const ExpectationResultSchema = z.object({
  /** Stable within the fixture: `events`, `expect.tokens`, `replayHandle`, `golden`... */
  id: z.string(),
  /** Human label. */
  label: z.string(),
  passed: z.boolean(),
  message: z.string().optional(),
  /** JSON-able values for TestMessage.diff; strings shown as they are. */
  expected: z.unknown().optional(),
  actual: z.unknown().optional(),
  /** Where in the fixture the expectation is written. */
  location: z.object({ file: z.string(), line: z.number().int(), column: z.number().int() }).optional(),
});

/** The results of one task of a fixture. */
export const TaskTestResultSchema = z.object({
  task: z.string(),
  passed: z.boolean(),
  expectations: z.array(ExpectationResultSchema),
  /** Final plugin phase and rounds, for the test's output. */
  phase: z.string().optional(),
  rounds: z.number().int().optional(),
});

/** What `test` answers. */
export const TestResultSchema = z.object({
  fixture: z.string(),
  passed: z.boolean(),
  /** The fixture is marked as expected to fail (and failed as expected). */
  expectedFailure: z.boolean().optional(),
  tasks: z.array(TaskTestResultSchema),
  /** Checks of the whole fixture (not of one task). */
  checks: z.array(ExpectationResultSchema),
  durationMs: z.number().nonnegative(),
  /** The text rendering of the timeline, for the test output. */
  timelineText: z.string().optional(),
  /** The files the fixture's modules were bundled from (absolute), for editors that rerun it when they change. */
  sources: z.array(z.string()).optional(),
});

/** The statuses of a fixture (the harness's `FixtureStatus`, written out: the protocol is pure). */
export const FixtureStatusSchema = z.enum(['passed', 'failed', 'invalid', 'plugin-error']);

/** Why an `outcome` has no result: the error that kept the fixture from running, as the host rebuilds it. */
export const OutcomeErrorSchema = z.object({
  kind: z.enum(RunnerErrorKind),
  /** The error's class name (`FixtureError`, `PluginModuleError`...). */
  name: z.string(),
  message: z.string(),
  stack: z.string().optional(),
  /** For `fixture`: the fixture error's issues, whole (the host rebuilds the error from them). */
  issues: z
    .array(
      FixtureProblemSchema.extend({
        endLine: z.number().int().nonnegative(),
        endColumn: z.number().int().nonnegative(),
        code: z.string(),
      }),
    )
    .optional(),
  /** For `plugin-load`: the plugin that did not load. */
  pluginId: z.string().optional(),
});

/**
 * What `outcome` answers: the harness's `FixtureTestOutcome` as JSON. The result's many fields are the harness's
 * `FixtureResult`; the host checks the ones it acts on and the timeline's records.
 */
export const OutcomeResultSchema = z.object({
  file: z.string(),
  name: z.string(),
  status: FixtureStatusSchema,
  durationMs: z.number().nonnegative(),
  result: z
    .looseObject({
      file: z.string(),
      name: z.string(),
      passed: z.boolean(),
      rounds: z.number().int().nonnegative(),
      problems: z.array(z.string()),
      tasks: z.array(z.looseObject({ id: z.string() })),
      timeline: z.array(TimelineRecordSchema),
    })
    .optional(),
  error: OutcomeErrorSchema.optional(),
  /** Promise rejections and exceptions the plugin left unhandled while the fixture ran (each one fails it). */
  strays: z.array(z.string()),
  /** Timers and other handles the plugin left running: the host retires the runner rather than reuse it. */
  lingering: z.number().int().nonnegative(),
  /** Nothing of the fixture matched `grep`: it did not run. */
  skipped: z.boolean().optional(),
});

/**
 * What each request type answers when it succeeds: the one table of request -> result, for the runner's client to
 * check an answer with and to type it ({@link ./runner-messages} `ResultOf`).
 */
export const ResultSchemas = {
  open: OpenResultSchema,
  step: AdvanceResultSchema,
  run: AdvanceResultSchema,
  test: TestResultSchema,
  outcome: OutcomeResultSchema,
  close: z.null(),
} as const;

/**
 * A batch of timeline records in the wire encoding of {@link ./record-wire}: the shapes and strings it names for the
 * first time, its long strings, and its values as ops and floats (typed arrays in base64). The host decodes it into
 * records and checks every record against the timeline schema.
 */
export const RecordBatchSchema = z.object({
  /** The decoder forgets the shapes and strings of the batches before this one. */
  fresh: z.boolean(),
  /** Strings named from here on, numbered after those named before. */
  strings: z.array(z.string()),
  /** Object shapes named from here on: each one's keys, in order. */
  shapes: z.array(z.array(z.string())),
  /** Strings of this batch only. */
  literals: z.array(z.string()),
  /** One 32-bit op per value, base64. */
  ops: z.string(),
  /** The values that are not small integers, 64-bit floats, base64. */
  floats: z.string(),
});

/**
 * Timeline records as they are kept (batched): those that travel whole, encoded ({@link RecordBatchSchema}); with
 * `store`, the Handle records the executor keeps in columns too, as rows of its record store, and their order among
 * the others (`@plugbench/sdk/runner`: the host makes each record with the store's own read code). One of
 * {@link RunnerMessageSchema}'s messages, named for the host's quick parse of the most frequent one.
 */
export const RecordsMessageSchema = z.object({
  type: z.literal('records'),
  batch: RecordBatchSchema,
  store: StoreRowsSchema.optional(),
});

/** The levels of the runner's diagnostics. */
export const LogLevelSchema = z.enum(['trace', 'debug', 'info', 'warn', 'error']);

/** Every message of the runner. `result` values are checked against the request they answer (runner-parse.ts). */
export const RunnerMessageSchema = z.discriminatedUnion('type', [
  /** First message: the runner is up. */
  z.object({
    type: z.literal('hello'),
    protocol: z.number().int(),
    pid: z.number().int(),
    node: z.string(),
    packages: PackageOriginSchema.optional(),
  }),
  RecordsMessageSchema,
  /** An `outcome`'s plugins are loaded and its tasks started; rounds follow, each under this round timeout. */
  z.object({ type: z.literal('loaded'), roundTimeoutMs: z.number().positive() }),
  /** A round finished: keeps the host's watchdog quiet during long runs. */
  z.object({ type: z.literal('progress'), rounds: z.number().int().nonnegative() }),
  /** Something for the output channel (runner diagnostics, not plugin logs: those are in the records). */
  z.object({ type: z.literal('log'), level: LogLevelSchema, message: z.string() }),
  /** The answer to a request. */
  z.discriminatedUnion('ok', [
    z.object({ type: z.literal('result'), id: z.number().int(), ok: z.literal(true), value: z.unknown() }),
    z.object({ type: z.literal('result'), id: z.number().int(), ok: z.literal(false), error: RunnerErrorSchema }),
  ]),
]);
