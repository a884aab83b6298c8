/**
 * A run of one fixture that the user steps through: the host's side of the timeline panel. It owns the runner
 * process, the records it sent, the cursor and the breakpoints, and decides what each control does:
 *
 * - Back and every backward move only move the cursor over the recorded rounds: nothing runs and no round is ever
 *   dropped (Redux DevTools never throws the future away);
 * - Step and "run to" move over the recorded rounds first, and run new rounds in the runner only from the newest
 *   one, and only while the run is neither finished nor stopped;
 * - Run again from here is the explicit way back into the runner: a fresh runner replays the fixture to the cursor
 *   (Temporal's "back" button, temporalio/vscode-debugger-extension #51) and the rounds after it are dropped, which
 *   it says. The replay is compared with what was recorded: a difference means the plugin is not deterministic,
 *   and the user is told so;
 * - a stop the user asked for (Stop, the end of the debug session) is *stopped*, never an error.
 *
 * No `vscode` here: the panel, the commands and the tests drive it the same way. The rules around the state machine
 * live beside it: replay.ts (a fresh runner replayed to a round, and the determinism check), breakpoints.ts
 * (toggling, naming), stop-message.ts (why an advance stopped) and session-types.ts (what views see).
 *
 * @module
 */
import {
  TimelineModel,
  type StopCondition,
  type TimelineRecord,
  breakpointStop,
  countOf,
  runRoundOf,
} from '@plugbench/sdk/timeline';
import {
  type AdvanceResult,
  type Breakpoint,
  type OpenResult,
  RunnerRequestError,
  type RunnerClient,
  silenceFor,
} from '@plugbench/harness/runner';
import { toggled } from './breakpoints';
import { openReplayed, ReplayCheck } from './replay';
import type { RunSessionOptions, SessionError, SessionListener, SessionPhase, SessionStatus } from './session-types';
import { positionOf } from './position';
import { describeStop, finishedText, noRunnerText, stoppedText } from './stop-message';
import { firstLine } from '../core/first-line';

/** One fixture being stepped through. */
export class RunSession {
  readonly options: RunSessionOptions;
  #runner: RunnerClient | undefined;
  #records: TimelineRecord[] = [];
  #model = new TimelineModel();
  #cursor = -1;
  #rounds = 0;
  #phase: SessionPhase = 'starting';
  #message = 'starting';
  #error: SessionError | undefined;
  #breakpoints: Breakpoint[] = [];
  #open: OpenResult | undefined;
  #busy: Promise<unknown> = Promise.resolve();
  #busyCount = 0;
  #generation = 0;
  #disposed = false;
  readonly #replayCheck = new ReplayCheck();
  readonly #listeners = new Set<SessionListener>();

  constructor(options: RunSessionOptions) {
    this.options = options;
  }

  get records(): readonly TimelineRecord[] {
    return this.#records;
  }
  get model(): TimelineModel {
    return this.#model;
  }
  get cursor(): number {
    return this.#cursor;
  }
  get rounds(): number {
    return this.#rounds;
  }
  get phase(): SessionPhase {
    return this.#phase;
  }
  get breakpoints(): readonly Breakpoint[] {
    return this.#breakpoints;
  }
  get info(): OpenResult | undefined {
    return this.#open;
  }
  /** Whether an operation is running (a "run to end" can take a while). */
  get busy(): boolean {
    return this.#busyCount > 0;
  }
  get status(): SessionStatus {
    const { runRound, runRounds } = positionOf(this.#model, this.#cursor);
    return {
      phase: this.#phase,
      rounds: this.#rounds,
      calls: this.#model.calls.length,
      cursor: this.#cursor,
      runRound,
      runRounds,
      message: this.#message,
      ...(this.#error ? { error: this.#error } : {}),
    };
  }

  listen(listener: SessionListener): { dispose(): void } {
    this.#listeners.add(listener);
    return { dispose: () => this.#listeners.delete(listener) };
  }

  /**
   * Starts the runner and opens the fixture; then runs `rounds` rounds at once (a panel restored after a reload)
   * and puts the cursor at `cursor` (default: the last call): a restored panel, a history entry resumed where it was.
   */
  start(rounds = 0, cursor?: number): Promise<void> {
    return this.#exclusive(async () => {
      await this.#restart(rounds, `opening ${this.options.label}`);
      if (cursor !== undefined && cursor < this.#model.calls.length - 1) {
        this.#seek(Math.max(-1, cursor));
        this.#setStatus(this.#phase, this.#where());
      }
    });
  }

  /** One round forward through what is recorded, else, at the newest one, one round of the runner. */
  step(): Promise<void> {
    return this.#exclusive(async () => {
      if (this.#cursor < this.#model.calls.length - 1) {
        this.#seek(this.#cursor + 1);
        this.#setStatus(this.#phaseAfterMove(), this.#where());
        return;
      }
      await this.#advance({ type: 'step', rounds: 1 }, 'stepping');
    });
  }

  /** One round back through what is recorded. Never runs anything, never drops a round. */
  stepBack(): Promise<void> {
    return this.#exclusive(async () => {
      if (this.#cursor < 0) {
        this.#setStatus(this.#phaseAfterMove(), `${this.#where()}: nothing before it`);
        return;
      }
      this.#seek(this.#cursor - 1);
      this.#setStatus(this.#phaseAfterMove(), this.#where());
    });
  }

  /**
   * A fresh runner replays the fixture to the cursor, and the rounds recorded after it are dropped: how a run goes
   * on after a stop or a crash, or from an earlier round with the plugin's new code.
   */
  runAgainFromHere(): Promise<void> {
    return this.#exclusive(async () => {
      const cursor = this.#cursor;
      const before = positionOf(this.#model, cursor);
      // The runner replays whole run rounds: the cursor's, and every one before it.
      const rounds = runRoundOf(this.#model.calls, cursor);
      const dropping = before.runRounds - rounds;
      await this.#restart(
        rounds,
        `running again from ${before.text}: a fresh runner replays ${countOf(rounds, 'run round')} and drops the ${countOf(dropping, 'later run round')}`,
      );
      if (this.#phase === 'error') return;
      if (cursor < this.#model.calls.length - 1) this.#seek(Math.max(-1, cursor));
      const dropped = before.runRounds - positionOf(this.#model, this.#model.calls.length - 1).runRounds;
      // What was dropped first: the header may have room for only the start of the line.
      const what = dropped > 0 ? `dropped the ${countOf(dropped, 'later run round')}` : 'no later run round to drop';
      this.#setStatus(this.#phase, `${what}, ran again from here: ${this.#where()}`);
    });
  }

  /** Forward to the end, or to the next round that hits a breakpoint. */
  runToEnd(breakpoints?: readonly Breakpoint[]): Promise<void> {
    if (breakpoints) this.setBreakpoints(breakpoints);
    return this.#exclusive(async () => {
      const bps = this.#breakpoints;
      if (this.#seekRecorded(breakpointStop(bps), 'breakpoint')) return;
      await this.#advance(
        { type: 'run', stop: { kind: 'end' }, breakpoints: [...bps], maxRounds: this.options.maxRounds },
        'running',
      );
    });
  }

  /** Forward to the next round that sent an event, or where a task's phase changed. */
  runToNext(stop: 'event' | 'phase-change'): Promise<void> {
    return this.#exclusive(async () => {
      const cond: StopCondition = stop === 'event' ? { events: true } : { phaseChanges: true };
      if (this.#seekRecorded(cond, stop === 'event' ? 'next event' : 'next phase change')) return;
      await this.#advance(
        { type: 'run', stop: { kind: stop }, breakpoints: [...this.#breakpoints], maxRounds: this.options.maxRounds },
        'running',
      );
    });
  }

  /** A fresh runner, back before the first round. */
  reset(): Promise<void> {
    return this.#exclusive(() => this.#restart(0, 'resetting'));
  }

  /** Moves the cursor through what is recorded (the slider, a click on a lane). */
  seek(call: number): void {
    if (this.#disposed) return;
    this.#cursor = Math.max(-1, Math.min(call, this.#model.calls.length - 1));
    if (!this.busy) this.#setStatus(this.#phaseAfterMove(), this.#where());
  }

  setBreakpoints(breakpoints: readonly Breakpoint[]): void {
    this.#breakpoints = [...breakpoints];
    for (const l of this.#listeners) l.breakpoints?.(this.#breakpoints);
  }

  toggleBreakpoint(bp: Breakpoint): void {
    this.setBreakpoints(toggled(this.#breakpoints, bp));
  }

  /** Kills the runner now, whatever it is doing. What is recorded stays. */
  stop(): void {
    if (this.#disposed) return;
    const runner = this.#runner;
    if (runner && !runner.exited) {
      this.options.log('info', `stopping the runner of ${this.options.label}`);
      runner.stop();
    }
    this.#stopped();
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#generation++;
    void this.#runner?.close();
    this.#runner = undefined;
    this.#listeners.clear();
  }

  /** Runs one operation at a time: a second click waits for the first. */
  #exclusive(op: () => Promise<void>): Promise<void> {
    this.#busyCount++;
    const run = this.#busy.then(async () => {
      if (this.#disposed) return;
      try {
        await op();
      } catch (e) {
        this.#fail(e);
      }
    });
    this.#busy = run.finally(() => this.#busyCount--);
    return this.#busy as Promise<void>;
  }

  /** Moves to the next recorded round meeting `stop`, if there is one; else to the newest, for the runner to go on. */
  #seekRecorded(stop: StopCondition, what: string): boolean {
    const hit = this.#model.nextCall(this.#cursor, stop);
    if (hit >= 0) {
      this.#seek(hit);
      this.#setStatus(this.#phaseAfterMove(), `${what}: ${this.#where()}`);
      return true;
    }
    if (this.#cursor < this.#model.calls.length - 1) this.#seek(this.#model.calls.length - 1);
    return false;
  }

  async #advance(
    request:
      | { type: 'step'; rounds: number }
      | { type: 'run'; stop: { kind: 'end' | 'event' | 'phase-change' }; breakpoints: Breakpoint[]; maxRounds: number },
    verb: string,
  ): Promise<void> {
    const runner = this.#runner;
    if (this.#phase === 'finished') {
      this.#setStatus('finished', finishedText(this.#where()));
      return;
    }
    if (!runner || runner.exited || this.#phase === 'stopped') {
      const phase = this.#phase === 'error' ? 'error' : 'stopped';
      this.#setStatus(phase, noRunnerText(this.#where(), phase));
      return;
    }
    this.#setStatus('running', `${verb}…`);
    const result: AdvanceResult = await runner.request(request);
    this.#rounds = result.rounds;
    this.#cursor = this.#model.calls.length - 1;
    for (const l of this.#listeners) l.seek?.(this.#cursor);
    this.#setStatus(
      result.finished ? 'finished' : 'paused',
      describeStop(result, this.#where(), this.options.maxRounds),
    );
  }

  /** The cursor's position, in words: `job-3 round 7 (run round 54 of 92)`. */
  #where(): string {
    return positionOf(this.#model, this.#cursor).text;
  }

  #stopped(): void {
    this.#error = undefined;
    this.#setStatus('stopped', stoppedText(this.#where()));
  }

  #phaseAfterMove(): SessionPhase {
    return this.#phase === 'running' || this.#phase === 'starting' ? 'paused' : this.#phase;
  }

  /** A fresh runner, the fixture opened and `rounds` rounds replayed ({@link openReplayed}); the view gets everything at once. */
  async #restart(rounds: number, message: string): Promise<void> {
    const generation = ++this.#generation;
    const previous = this.#records;
    const old = this.#runner;
    this.#runner = undefined;
    if (old && !old.exited) old.stop();
    this.#error = undefined;
    this.#setStatus('starting', `${message}…`);
    const runner = await this.options.startRunner();
    if (generation !== this.#generation || this.#disposed) {
      runner.stop();
      return;
    }
    this.#runner = runner;
    runner.onExit((why) => {
      if (this.#runner !== runner || this.#disposed || this.busy) return;
      // Between requests: a stop we asked for from outside the session (the debug session ended), or a runner that
      // died (a plugin's timer calling process.exit). Said now, not at the next click.
      if (why.error.kind !== 'stopped') this.#fail(why);
      else if (this.#phase !== 'stopped') this.#stopped();
    });
    const replayed = await openReplayed(runner, this.options, rounds);
    this.#replaceRecords(replayed.records);
    runner.onRecords((records) => {
      if (this.#runner === runner) this.#appendRecords(records, true);
    });
    if (!replayed.ok) throw replayed.error;
    const info = replayed.info;
    if (!this.options.debugging) runner.setSilenceTimeout(silenceFor(info.roundTimeoutMs));
    this.#open = info;
    this.#rounds = info.rounds;
    const diff = this.#replayCheck.check(previous, this.#records, rounds, [this.options.fixture, info.plugin]);
    if (diff) {
      this.options.log('warn', diff.detail);
      for (const l of this.#listeners) l.warn?.(diff.message);
    }
    const what =
      rounds > 0
        ? this.#where()
        : `ready ${this.#where()}: ${countOf(info.tasks.length, 'task')} (${info.tasks.map((t) => t.id).join(', ')}); Step or Run to end`;
    this.#setStatus(info.finished ? 'finished' : 'paused', what);
  }

  /** Everything recorded is replaced by `records` (a replay), the cursor at the newest round. */
  #replaceRecords(records: readonly TimelineRecord[]): void {
    this.#rounds = 0;
    this.#records = [];
    this.#model = new TimelineModel();
    this.#appendRecords(records, false, true);
    this.#cursor = this.#model.calls.length - 1;
    for (const l of this.#listeners) l.reset?.(this.#records, this.#cursor);
  }

  #appendRecords(records: readonly TimelineRecord[], follow: boolean, silent = false): void {
    for (const r of records) {
      this.#records.push(r);
      this.#model.append(r);
    }
    if (follow) this.#cursor = this.#model.calls.length - 1;
    if (!silent) for (const l of this.#listeners) l.append?.(records, follow);
  }

  #seek(call: number): void {
    this.#cursor = Math.max(-1, Math.min(call, this.#model.calls.length - 1));
    for (const l of this.#listeners) l.seek?.(this.#cursor);
  }

  #fail(e: unknown): void {
    const err =
      e instanceof RunnerRequestError
        ? e.error
        : { kind: 'internal', message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    // A stop we asked for ends a request as `stopped`: the run is stopped, not failed.
    if (err.kind === 'stopped') return this.#stopped();
    const problems = 'problems' in err && err.problems ? err.problems : undefined;
    this.#error = { kind: err.kind, message: err.message, ...(problems ? { problems } : {}) };
    this.options.log('error', `${this.options.label}: ${err.message}`);
    this.#setStatus('error', firstLine(err.message, 300));
  }

  #setStatus(phase: SessionPhase, message: string): void {
    this.#phase = phase;
    this.#message = message;
    const status = this.status;
    for (const l of this.#listeners) l.status?.(status);
  }
}
