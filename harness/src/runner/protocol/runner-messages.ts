/**
 * Types of the messages between the extension host and the runner process, inferred from their schemas in
 * {@link ./runner-schema}. Type-only: importing this module costs nothing at run time.
 *
 * @module
 */
import type { z } from 'zod';
import type * as s from './runner-schema';

export type { Breakpoint } from '@plugbench/sdk/timeline';

/** Where a `run` request stops (besides the end of the run and the round cap). */
export type RunStop = z.infer<typeof s.RunStopSchema>;
/** Open a fixture: load it, bundle its plugin, set the executor up and start its tasks. */
export type OpenRequest = z.infer<typeof s.OpenRequestSchema>;
/** Run exactly `rounds` rounds (fewer if the run ends). */
export type StepRequest = z.infer<typeof s.StepRequestSchema>;
/** Run until `stop`, a breakpoint, the end of the run, or `maxRounds` more rounds. */
export type RunRequest = z.infer<typeof s.RunRequestSchema>;
/** Run a fixture as a test. */
export type TestRequest = z.infer<typeof s.TestRequestSchema>;
/** Run a fixture as `plugbench test` does. */
export type OutcomeRequest = z.infer<typeof s.OutcomeRequestSchema>;
/** Exit cleanly. */
export type CloseRequest = z.infer<typeof s.CloseRequestSchema>;
/** A request of the host. */
export type HostRequest = z.infer<typeof s.HostRequestSchema>;
/** The request's `type`. */
export type HostRequestType = HostRequest['type'];
/** One problem of a fixture file, at its place in the file. */
export type FixtureProblem = z.infer<typeof s.FixtureProblemSchema>;
/** A value of {@link s.RunnerErrorKind}. */
export type RunnerErrorKind = (typeof s.RunnerErrorKind)[keyof typeof s.RunnerErrorKind];
/** Why a request failed. */
export type RunnerError = z.infer<typeof s.RunnerErrorSchema>;
/** What `open` answers. */
export type OpenResult = z.infer<typeof s.OpenResultSchema>;
/** Why a `step` or `run` stopped. */
export type StopReason = z.infer<typeof s.StopReasonSchema>;
/** What `step` and `run` answer. */
export type AdvanceResult = z.infer<typeof s.AdvanceResultSchema>;
/** One expectation of a test, as Test Explorer shows it. */
export type ExpectationResult = z.infer<typeof s.ExpectationResultSchema>;
/** The results of one task of a fixture. */
export type TaskTestResult = z.infer<typeof s.TaskTestResultSchema>;
/** What `test` answers. */
export type TestResult = z.infer<typeof s.TestResultSchema>;
/** A fixture's status in a test run. */
export type FixtureStatusName = z.infer<typeof s.FixtureStatusSchema>;
/** Why an `outcome` has no result. */
export type OutcomeError = z.infer<typeof s.OutcomeErrorSchema>;
/** What `outcome` answers. */
export type OutcomeResult = z.infer<typeof s.OutcomeResultSchema>;
/** What a request of type `T` answers when it succeeds. */
export type ResultOf<T extends HostRequestType> = z.infer<(typeof s.ResultSchemas)[T]>;
/** A batch of timeline records in the wire encoding. */
export type RecordBatch = z.infer<typeof s.RecordBatchSchema>;
/** A level of the runner's diagnostics. */
export type RunnerLogLevel = z.infer<typeof s.LogLevelSchema>;
/** A message of the runner. */
export type RunnerMessage = z.infer<typeof s.RunnerMessageSchema>;
