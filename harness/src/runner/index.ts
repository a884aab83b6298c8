/**
 * `@plugbench/harness/runner`: the host side of the runner process, the child process that runs plugins so that
 * nothing they do (hang, loop, exit, crash, leak timers, log) reaches the process that drives them. Forking one
 * ({@link forkRunner}, {@link runnerProcessPath}), talking to it ({@link RunnerClient}, its watchdog), the wire
 * protocol's schemas and types; and a pool of runners that tests fixtures in parallel ({@link testFixturesInRunners}),
 * which `plugbench test` and `plugbench run` use. The runner process itself is `dist/runner.js`.
 *
 * @module
 */
export * from './protocol/runner-schema';
export * from './protocol/runner-parse';
export { RecordBatchError, RecordDecoder, RecordEncoder } from './protocol/record-wire';
export { PackageOriginSchema, PackageSource, type PackageOrigin } from './protocol/package-origin';
export type {
  AdvanceResult,
  Breakpoint,
  CloseRequest,
  ExpectationResult,
  FixtureProblem,
  HostRequest,
  HostRequestType,
  OpenRequest,
  OpenResult,
  OutcomeError,
  OutcomeRequest,
  OutcomeResult,
  FixtureStatusName,
  RecordBatch,
  ResultOf,
  RunnerError,
  RunnerLogLevel,
  RunnerMessage,
  RunRequest,
  RunStop,
  StepRequest,
  StopReason,
  TaskTestResult,
  TestRequest,
  TestResult,
} from './protocol/runner-messages';
export { onSocketLines, writeLine } from './protocol/socket-lines';
export { RunnerClient, RunnerRequestError, type RunnerClientOptions, type RunnerHello } from './client/runner-client';
export {
  forkRunner,
  RunnerSocketServer,
  type ForkOptions,
  type RunnerExit,
  type RunnerTransport,
} from './client/transport';
export { silenceFor } from './client/watchdog';
export {
  testFixturesInRunners,
  DEFAULT_FIXTURE_TIMEOUT_MS,
  HEARTBEAT_MS,
  type FixturePoolOptions,
} from './pool/fixture-pool';
export { runnerProcessPath } from './pool/prefork';
export { outcomeFromAnswer, outcomeFromFailure, PluginProcessError, PluginProcessFailure } from './pool/outcome';
