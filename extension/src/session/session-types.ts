/**
 * The types a run session (`RunSession`) shares with its views (the panel, the status bar, the commands): its phase, its
 * status, its failures, its listener and its options. Kept apart from the session so that a view can name them
 * without reading the stepping logic.
 *
 * @module
 */
import type { TimelineRecord } from '@plugbench/sdk/timeline';
import type { Breakpoint, RunnerClient } from '@plugbench/harness/runner';

/** Where the session is. */
export type SessionPhase =
  /** Starting the runner, loading the fixture, bundling the plugin. */
  | 'starting'
  /** Waiting for the user. */
  | 'paused'
  /** Running rounds. */
  | 'running'
  /** The run ended by itself: every task finished, nothing was left to run, or the fixture's round cap. */
  | 'finished'
  /** Stopped by the user (Stop, or the end of the run's debug session): what is recorded stays. */
  | 'stopped'
  /** The fixture, the plugin or the runner failed; `error` says how. */
  | 'error';

/** What the panel and the status bar show. */
export interface SessionStatus {
  phase: SessionPhase;
  /** Rounds the runner has run (what a replay runs again). */
  rounds: number;
  /** Calls recorded (the cursor's range). */
  calls: number;
  /** Index of the call the views show; -1 before the first round. */
  cursor: number;
  /** The cursor's run round, from 1 (0 before the first round). */
  runRound: number;
  /** Run rounds recorded. */
  runRounds: number;
  /** One line for the user. */
  message: string;
  error?: SessionError;
}

/** A failure the user must see. */
export interface SessionError {
  kind: string;
  message: string;
  /** Fixture problems, placed (shown as diagnostics too). */
  problems?: { file: string; line: number; column: number; message: string; path: string }[];
}

/** What a session tells its view. */
export interface SessionListener {
  /** Records were added; `follow`: move the cursor to the newest round. */
  append?(records: readonly TimelineRecord[], follow: boolean): void;
  /** Everything was replaced (Run again from here, Reset, a replay). */
  reset?(records: readonly TimelineRecord[], cursor: number): void;
  /** The cursor moved. */
  seek?(call: number): void;
  status?(status: SessionStatus): void;
  breakpoints?(breakpoints: readonly Breakpoint[]): void;
  /** A warning worth a notification (non-determinism). */
  warn?(message: string): void;
}

/** Options of a `RunSession`. */
export interface RunSessionOptions {
  fixture: string;
  task?: string;
  /** How the fixture is shown (relative path). */
  label: string;
  roundTimeoutMs: number;
  maxRounds: number;
  /** The runner runs under the debugger: no round timeout. */
  debugging?: boolean;
  /** Starts a runner (forked, or under the debugger). */
  startRunner(): Promise<RunnerClient>;
  log(level: 'trace' | 'debug' | 'info' | 'warn' | 'error', message: string): void;
}
