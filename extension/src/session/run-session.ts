/**
 * A run of one fixture that the user steps through: the host's side of the timeline panel. It owns the runner
 * process, the records it sent, the cursor and the breakpoints, and decides what each control does:
 *
 * - when the cursor is behind the last recorded call, step, step back and "run to" move through what is recorded
 *   (nothing runs: the run is deterministic, running again would give the same calls);
 * - at the last call, step and "run to" run rounds in the runner, and step back starts a fresh runner and replays
 *   the fixture to one round before (Temporal's "back" button, temporalio/vscode-debugger-extension #51). The
 *   replay is compared with what was recorded: a difference means the plugin is not deterministic, and the user is
 *   told so.
 *
 * No `vscode` here: the panel, the commands and the tests drive it the same way. The rules around the state machine
 * live beside it: replay.ts (a fresh runner replayed to a round, and the determinism check), breakpoints.ts
 * (toggling, naming), stop-message.ts (why an advance stopped) and session-types.ts (what views see).
 *
 * @module
 */
import { TimelineModel, type StopCondition, type TimelineRecord, breakpointStop } from '@plugbench/sdk/timeline';
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
import { describeStop } from './stop-message';
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
    return {
      phase: this.#phase,
      rounds: this.#rounds,
      calls: this.#model.calls.length,
      cursor: this.#cursor,
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
   * and puts the cursor at `cursor` (default: the last call).
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

  /** One call forward through what is recorded, else one round of the runner. */
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

  /** One call back through what is recorded; at the last call, a fresh runner replays to one round before. */
  stepBack(): Promise<void> {
    return this.#exclusive(async () => {
      if (this.#cursor < 0) {
        this.#setStatus(this.#phaseAfterMove(), 'at the start: nothing to step back to');
        return;
      }
      // At the newest call a fresh runner replays to one round before, also after the runner died or was stopped:
      // that is how a run goes on after a plugin crashed it.
      if (this.#cursor < this.#model.calls.length - 1 || this.#rounds === 0) {
        this.#seek(this.#cursor - 1);
        this.#setStatus(this.#phaseAfterMove(), this.#where());
        return;
      }
      await this.#restart(this.#rounds - 1, `replaying to round ${this.#rounds - 1}`);
    });
  }

  /** Forward to the end, or to the next call that hits a breakpoint. */
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

  /** Forward to the next call that sent an event, or where a task's phase changed. */
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
    this.#setStatus(
      'stopped',
      `stopped after ${this.#rounds} round${this.#rounds === 1 ? '' : 's'}; step back or reset to go on`,
    );
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

  /** Moves to the next recorded call meeting `stop`, if there is one; else to the last call, for the runner to go on. */
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
    if (!runner || runner.exited) {
      this.#setStatus(
        this.#phase === 'error' ? 'error' : 'stopped',
        'the runner is not running: step back (a fresh runner replays to the round before) or reset to go on',
      );
      return;
    }
    if (this.#phase === 'finished') {
      this.#setStatus('finished', `${this.#where()}; the run has finished`);
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

  #where(): string {
    const n = this.#model.calls.length;
    const call = this.#model.calls[this.#cursor];
    const at = call ? `${call.task} ${call.call} #${call.round}` : 'before the first call';
    return `round ${this.#rounds}, call ${this.#cursor + 1}/${n}: ${at}`;
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
      if (this.#runner !== runner || this.#disposed) return;
      if (why.error.kind === 'stopped') return;
      // A runner that dies between requests (a plugin's timer calling process.exit): say so now.
      if (!this.busy) this.#fail(why);
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
        : `ready: ${info.tasks.length} task${info.tasks.length === 1 ? '' : 's'} (${info.tasks.map((t) => t.id).join(', ')}); step or run`;
    this.#setStatus(info.finished ? 'finished' : 'paused', what);
  }

  /** Everything recorded is replaced by `records` (a replay), the cursor at the last call. */
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
    const problems = 'problems' in err && err.problems ? err.problems : undefined;
    this.#error = { kind: err.kind, message: err.message, ...(problems ? { problems } : {}) };
    if (err.kind === 'stopped') {
      this.#setStatus(
        'stopped',
        `stopped after ${this.#rounds} round${this.#rounds === 1 ? '' : 's'}; step back or reset to go on`,
      );
      return;
    }
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
