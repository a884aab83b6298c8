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
 * No `vscode` here: the panel, the commands and the tests drive it the same way.
 *
 * @module
 */
import * as fs from 'node:fs';
import { TimelineModel } from '@plugbench/sdk/timeline/model';
import type { StopCondition } from '@plugbench/sdk/timeline/model-types';
import type { TimelineRecord } from '@plugbench/sdk/timeline/types';
import type { AdvanceResult, Breakpoint, OpenResult } from '../protocol/child-messages';
import { RunnerRequestError, type RunnerClient } from './runner-client';

/** Where the session is. */
export type SessionPhase =
  /** Starting the runner, loading the fixture, bundling the plugin. */
  | 'starting'
  /** Waiting for the user. */
  | 'paused'
  /** Running rounds. */
  | 'running'
  /** Every task finished (or nothing is left to run). */
  | 'finished'
  /** Stopped by the user. */
  | 'stopped'
  /** The fixture, the plugin or the runner failed; `error` says how. */
  | 'error';

/** What the panel and the status bar show. */
export interface SessionStatus {
  phase: SessionPhase;
  /** Rounds the runner has run. */
  rounds: number;
  calls: number;
  cursor: number;
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
  /** Records were added; `follow`: move the cursor to the last call. */
  append?(records: readonly TimelineRecord[], follow: boolean): void;
  /** Everything was replaced (step back, reset, replay). */
  reset?(records: readonly TimelineRecord[], cursor: number): void;
  /** The cursor moved. */
  seek?(call: number): void;
  status?(status: SessionStatus): void;
  breakpoints?(breakpoints: readonly Breakpoint[]): void;
  /** A warning worth a notification (non-determinism). */
  warn?(message: string): void;
}

/** Options of {@link RunSession}. */
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

/** Fields of a record that differ between two runs of a deterministic plugin: wall time and temporary paths. */
function canonical(r: TimelineRecord): string {
  return JSON.stringify(r, (k, v) => (k === 'wallMs' || k === 'stack' || k === 'metrics' ? undefined : v));
}

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
  /** Records of a replay land here instead of going to the view one batch at a time. */
  #collect: TimelineRecord[] | undefined;
  #generation = 0;
  #disposed = false;
  /** Modification times of the fixture and the plugin when the records were made, to explain a replay that differs. */
  #sources = new Map<string, number>();
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
      const stop: StopCondition = {
        phases: bps.flatMap((b) => (b.kind === 'phase' ? [b.phase] : [])),
        tasks: bps.flatMap((b) => (b.kind === 'task' ? [b.task] : [])),
      };
      if (this.#seekRecorded(stop, 'breakpoint')) return;
      await this.#advance({ type: 'run', stop: { kind: 'end' }, breakpoints: [...bps], maxRounds: this.options.maxRounds }, 'running');
    });
  }

  /** Forward to the next call that sent an event, or where a task's phase changed. */
  runToNext(stop: 'event' | 'phase-change'): Promise<void> {
    return this.#exclusive(async () => {
      const cond: StopCondition = stop === 'event' ? { events: true } : { phaseChanges: true };
      if (this.#seekRecorded(cond, stop === 'event' ? 'next event' : 'next phase change')) return;
      await this.#advance({ type: 'run', stop: { kind: stop }, breakpoints: [...this.#breakpoints], maxRounds: this.options.maxRounds }, 'running');
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
    const same = (b: Breakpoint) => (b.kind === 'phase' && bp.kind === 'phase' ? b.phase === bp.phase : b.kind === 'task' && bp.kind === 'task' && b.task === bp.task);
    this.setBreakpoints(this.#breakpoints.some(same) ? this.#breakpoints.filter((b) => !same(b)) : [...this.#breakpoints, bp]);
  }

  /** Kills the runner now, whatever it is doing. What is recorded stays. */
  stop(): void {
    if (this.#disposed) return;
    const runner = this.#runner;
    if (runner && !runner.exited) {
      this.options.log('info', `stopping the runner of ${this.options.label}`);
      runner.stop();
    }
    this.#setStatus('stopped', `stopped after ${this.#rounds} round${this.#rounds === 1 ? '' : 's'}; step back or reset to go on`);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#generation++;
    void this.#runner?.close();
    this.#runner = undefined;
    this.#listeners.clear();
  }

  #runnerUsable(): boolean {
    return this.#runner !== undefined && !this.#runner.exited;
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

  async #advance(request: { type: 'step'; rounds: number } | { type: 'run'; stop: { kind: 'end' | 'event' | 'phase-change' }; breakpoints: Breakpoint[]; maxRounds: number }, verb: string): Promise<void> {
    const runner = this.#runner;
    if (!runner || runner.exited) {
      this.#setStatus(this.#phase === 'error' ? 'error' : 'stopped', 'the runner is not running: step back (a fresh runner replays to the round before) or reset to go on');
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
    this.#setStatus(result.finished ? 'finished' : 'paused', this.#describeStop(result));
  }

  #describeStop(r: AdvanceResult): string {
    const where = this.#where();
    switch (r.reason) {
      case 'terminal':
        return `finished: every task reached a terminal phase (${where})`;
      case 'idle':
        return `finished: nothing left to run (${where})`;
      case 'breakpoint':
        return `stopped at breakpoint ${r.breakpoint ? (r.breakpoint.kind === 'phase' ? `phase ${r.breakpoint.phase}` : `task ${r.breakpoint.task}`) : ''} (${where})`;
      case 'event':
        return `stopped after an event (${where})`;
      case 'phase-change':
        return `stopped at a phase change (${where})`;
      case 'round-cap':
        // The fixture's own cap ends the run; plugbench.maxRounds only pauses one "run to end".
        return r.finished
          ? `finished: the fixture's round cap (maxRounds) was reached (${where})`
          : `paused after ${this.options.maxRounds} rounds (plugbench.maxRounds; ${where}); run to end again to go on`;
      case 'step':
        return where;
    }
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

  /** A fresh runner, the fixture opened and `rounds` rounds replayed; the view gets everything at once. */
  async #restart(rounds: number, message: string): Promise<void> {
    const generation = ++this.#generation;
    const previous = this.#records;
    const old = this.#runner;
    this.#runner = undefined;
    if (old && !old.exited) old.stop();
    this.#error = undefined;
    this.#setStatus('starting', `${message}…`);
    this.#collect = [];
    const runner = await this.options.startRunner();
    if (generation !== this.#generation || this.#disposed) {
      runner.stop();
      return;
    }
    this.#runner = runner;
    runner.onRecords((records) => {
      if (this.#runner !== runner) return;
      if (this.#collect) this.#collect.push(...records);
      else this.#appendRecords(records, true);
    });
    runner.onExit((why) => {
      if (this.#runner !== runner || this.#disposed) return;
      if (why.error.kind === 'stopped') return;
      // A runner that dies between requests (a plugin's timer calling process.exit): say so now.
      if (!this.busy) this.#fail(why);
    });
    let info: OpenResult;
    try {
      info = await runner.request({
        type: 'open',
        fixture: this.options.fixture,
        ...(this.options.task !== undefined ? { task: this.options.task } : {}),
        roundTimeoutMs: this.options.roundTimeoutMs,
        ...(this.options.debugging ? { debugging: true } : {}),
        ...(rounds > 0 ? { replayRounds: rounds } : {}),
      });
    } finally {
      this.#rounds = 0;
      const got = this.#collect ?? [];
      this.#collect = undefined;
      this.#records = [];
      this.#model = new TimelineModel();
      this.#appendRecords(got, false, true);
      this.#cursor = this.#model.calls.length - 1;
      for (const l of this.#listeners) l.reset?.(this.#records, this.#cursor);
    }
    if (!this.options.debugging) runner.setSilenceTimeout(silenceFor(info.roundTimeoutMs));
    this.#open = info;
    this.#rounds = info.rounds;
    const sources = this.#sourceTimes();
    this.#checkDeterminism(previous, rounds, [...sources].filter(([f, t]) => this.#sources.has(f) && this.#sources.get(f) !== t).map(([f]) => f));
    this.#sources = sources;
    const what = rounds > 0 ? this.#where() : `ready: ${info.tasks.length} task${info.tasks.length === 1 ? '' : 's'} (${info.tasks.map((t) => t.id).join(', ')}); step or run`;
    this.#setStatus(info.finished ? 'finished' : 'paused', what);
  }

  #sourceTimes(): Map<string, number> {
    const out = new Map<string, number>();
    for (const f of [this.options.fixture, this.#open?.plugin]) {
      if (!f) continue;
      try {
        out.set(f, fs.statSync(f).mtimeMs);
      } catch {
        // gone: the replay will say so
      }
    }
    return out;
  }

  /** After a replay, the records must match what the previous runner recorded for the same rounds. */
  #checkDeterminism(previous: readonly TimelineRecord[], rounds: number, changed: string[]): void {
    if (rounds === 0 || previous.length === 0) return;
    const n = Math.min(previous.length, this.#records.length);
    for (let i = 0; i < n; i++) {
      const a = canonical(previous[i]!);
      const b = canonical(this.#records[i]!);
      if (a !== b) {
        const rec = this.#records[i]!;
        const where = rec.kind === 'call' ? ` (${rec.task} ${rec.call} round ${rec.round})` : '';
        const message = changed.length
          ? `the replay differs from the first run at record ${i}${where}: ${changed.map((f) => f.split(/[\\/]/).pop()).join(' and ')} changed since, and the replay runs the new version`
          : `the replay differs from the first run at record ${i}${where}: the plugin is not deterministic ` +
            '(Date.now(), Math.random(), timers or module state?), so step back shows a different run. Use the task ' +
            'execution context and its clock instead.';
        this.options.log('warn', `${message}\n  first run: ${a.slice(0, 400)}\n  replay:    ${b.slice(0, 400)}`);
        for (const l of this.#listeners) l.warn?.(message);
        return;
      }
    }
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
      this.#setStatus('stopped', `stopped after ${this.#rounds} round${this.#rounds === 1 ? '' : 's'}; step back or reset to go on`);
      return;
    }
    this.options.log('error', `${this.options.label}: ${err.message}`);
    this.#setStatus('error', firstLine(err.message));
  }

  #setStatus(phase: SessionPhase, message: string): void {
    this.#phase = phase;
    this.#message = message;
    const status = this.status;
    for (const l of this.#listeners) l.status?.(status);
  }
}

/** The watchdog's limit for a round timeout: a round may hold two calls (Abort, Finalize), and the idempotency check calls Handle twice. */
export function silenceFor(roundTimeoutMs: number): number {
  return 2 * roundTimeoutMs + 2000;
}

function firstLine(s: string): string {
  const line = s.split('\n')[0] ?? s;
  return line.length > 300 ? `${line.slice(0, 297)}…` : line;
}
