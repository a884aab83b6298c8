/**
 * The messages between the extension host and the runner process (dist/extension/runner.js), which runs the
 * user's plugins so that nothing they do can reach the extension host. Types only: the runner imports them without
 * zod; the host validates everything the runner sends with {@link ./child-schema}.
 *
 * Transport: Node's IPC channel of `child_process.fork` (structured JSON), or, under the debugger, newline-delimited
 * JSON over a local socket whose path the runner finds in `PLUGBENCH_RUNNER_SOCKET`.
 *
 * @module
 */
import type { TimelineRecord } from '@plugbench/sdk/timeline';
import type { Breakpoint } from '@plugbench/view/types';

/** Changes when a message changes incompatibly; the host refuses a runner of another version. */
export const RUNNER_PROTOCOL = 1;

export type { Breakpoint };

/** Where a `run` request stops (besides the end of the run and the round cap). */
export type RunStop =
  /** Only at the end. */
  | { kind: 'end' }
  /** After the next round that sent a task event. */
  | { kind: 'event' }
  /** After the next round in which a task's plugin phase changed. */
  | { kind: 'phase-change' };

/** Open a fixture: load it, bundle its plugin, set the executor up and start its tasks. */
export interface OpenRequest {
  type: 'open';
  id: number;
  /** Absolute path of the fixture file. */
  fixture: string;
  /** Start only this task of the fixture. */
  task?: string;
  /** Wall-clock limit of one plugin call, ms, unless the fixture sets its own. */
  roundTimeoutMs: number;
  /** Under the debugger: no round timeout at all, whatever the fixture says (a breakpoint stops the call). */
  debugging?: boolean;
  /** After opening, run this many rounds at once (step back, restoring a panel), sending their records together. */
  replayRounds?: number;
}

/** Run exactly `rounds` rounds (fewer if the run ends). */
export interface StepRequest {
  type: 'step';
  id: number;
  rounds: number;
}

/** Run until `stop`, a breakpoint, the end of the run, or `maxRounds` more rounds. */
export interface RunRequest {
  type: 'run';
  id: number;
  stop: RunStop;
  breakpoints: Breakpoint[];
  maxRounds: number;
}

/** Run a fixture as a test: its expectations and (unless switched off) the contract checks. */
export interface TestRequest {
  type: 'test';
  id: number;
  fixture: string;
  contractChecks: boolean;
  roundTimeoutMs: number;
  debugging?: boolean;
}

/** Exit cleanly. */
export interface CloseRequest {
  type: 'close';
  id: number;
}

/** A request of the host. */
export type HostRequest = OpenRequest | StepRequest | RunRequest | TestRequest | CloseRequest;
/** The request's `type`. */
export type HostRequestType = HostRequest['type'];

/** One problem of a fixture file, at its place in the file. */
export interface FixtureProblem {
  /** Absolute path of the file the problem is in (a fixture may include others). */
  file: string;
  /** JSON path, `$.tasks[0].expect.phase`. */
  path: string;
  /** 1-based line and column; 0 when the loader could not place it. */
  line: number;
  column: number;
  /** Where the offending value ends, when known (1-based). */
  endLine?: number;
  endColumn?: number;
  message: string;
}

/** Why a request failed. */
export interface RunnerError {
  /**
   * `fixture`: the fixture is invalid; `plugin-load`: the plugin did not bundle or its loader failed; `plugin`: the
   * plugin broke the run in a way the executor could not contain; `internal`: a bug of plugbench; `protocol`: a
   * message did not follow this protocol.
   */
  kind: 'fixture' | 'plugin-load' | 'plugin' | 'internal' | 'protocol';
  message: string;
  stack?: string;
  /** For `fixture`: every problem, placed. */
  problems?: FixtureProblem[];
  /** For `plugin-load`: the plugin's source file, when known. */
  file?: string;
  line?: number;
  column?: number;
}

/** What `open` answers. */
export interface OpenResult {
  /** The fixture's name, if it has one. */
  name?: string;
  tasks: { id: string; taskType: string; pluginId: string }[];
  /** The plugin's source file. */
  plugin?: string;
  /** Rounds run so far (the replayed ones). */
  rounds: number;
  finished: boolean;
  /** The round timeout in force (the fixture's own, else the host's), so the host's watchdog can follow it. */
  roundTimeoutMs: number;
}

/** Why a `step` or `run` stopped. */
export type StopReason = 'step' | 'terminal' | 'idle' | 'breakpoint' | 'event' | 'phase-change' | 'round-cap';

/** What `step` and `run` answer. */
export interface AdvanceResult {
  /** Rounds run by this request. */
  ran: number;
  /** Rounds run since `open`. */
  rounds: number;
  reason: StopReason;
  /** Every task has finished and nothing more will run. */
  finished: boolean;
  /** The breakpoint that stopped the run. */
  breakpoint?: Breakpoint;
}

/** One expectation of a test, as Test Explorer shows it. */
export interface ExpectationResult {
  /** Stable within the fixture: `phase`, `events`, `outputs`, `calls`, `tokens`, `check:idempotent-handle`... */
  id: string;
  /** Human label. */
  label: string;
  passed: boolean;
  message?: string;
  /** JSON-able values for TestMessage.diff; strings shown as they are. */
  expected?: unknown;
  actual?: unknown;
  /** Where in the fixture the expectation is written. */
  location?: { file: string; line: number; column: number };
}

/** The results of one task of a fixture. */
export interface TaskTestResult {
  task: string;
  passed: boolean;
  expectations: ExpectationResult[];
  /** Final plugin phase and rounds, for the test's output. */
  phase?: string;
  rounds?: number;
}

/** What `test` answers. */
export interface TestResult {
  fixture: string;
  passed: boolean;
  /** The fixture is marked as expected to fail (and failed as expected). */
  expectedFailure?: boolean;
  tasks: TaskTestResult[];
  /** Checks of the whole fixture (not of one task). */
  checks: ExpectationResult[];
  durationMs: number;
  /** The text rendering of the timeline, for the test output. */
  timelineText?: string;
}

/** A message of the runner. */
export type RunnerMessage =
  /** First message: the runner is up. */
  | { type: 'hello'; protocol: number; pid: number; node: string }
  /** Timeline records as they are made (batched). */
  | { type: 'records'; records: TimelineRecord[] }
  /** A round finished: keeps the host's watchdog quiet during long runs. */
  | { type: 'progress'; rounds: number }
  /** Something for the output channel (runner diagnostics, not plugin logs: those are in the records). */
  | { type: 'log'; level: 'trace' | 'debug' | 'info' | 'warn' | 'error'; message: string }
  /** The answer to a request. */
  | { type: 'result'; id: number; ok: true; value: OpenResult | AdvanceResult | TestResult | null }
  | { type: 'result'; id: number; ok: false; error: RunnerError };
