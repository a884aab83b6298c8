import { countOf } from '@plugbench/sdk/timeline';

/**
 * The run history ("rerun last", "show run history"): what was run, how, and how it ended. Users of the
 * Temporal replay extension asked for exactly this (temporalio/vscode-debugger-extension #32, #57): re-run a recent
 * run without picking the file again.
 *
 * @module
 */

/** How a run was started. */
export const RunKind = {
  /** Opened in the timeline panel and run to the end. */
  Run: 'run',
  /** Opened in the timeline panel, stopped before the first round. */
  Step: 'step',
  /** Run as tests (expectations and contract checks). */
  Test: 'test',
  /** Run as tests under the debugger. */
  Debug: 'debug',
} as const;
/** One of {@link RunKind}. */
export type RunKind = (typeof RunKind)[keyof typeof RunKind];

/** How a run of the history ended (or that it is still running); the executor's own outcome is the SDK's `RunOutcome`. */
export type RunEntryOutcome = 'running' | 'passed' | 'failed' | 'finished' | 'stopped' | 'error';

/** A run in the history. */
export interface RunEntry {
  readonly id: number;
  readonly kind: RunKind;
  /** Absolute path of the fixture file. */
  readonly fixture: string;
  /** The fixture as the user sees it (relative to the workspace folder). */
  readonly label: string;
  /** One task of the fixture, when the run was limited to it. */
  readonly task?: string;
  readonly startedAt: number;
  finishedAt?: number;
  outcome: RunEntryOutcome;
  /** Rounds the runner ran, when known: what a resumed run replays. */
  rounds?: number;
  /** Where the run was left: the cursor (index of the call the views showed; -1 before the first round). */
  cursor?: number;
  /** Run rounds recorded, when known (what the entry shows). */
  runRounds?: number;
  /** One line: "3 tasks succeeded", "expected Success, got PermanentFailure", the error. */
  detail?: string;
}

/** Where the history is kept between sessions (`ExtensionContext.workspaceState`). */
export interface MementoLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

const KEY = 'plugbench.runHistory';

/** The last {@link RunHistory.limit} runs, newest first. */
export class RunHistory {
  /** How many runs are kept unless `plugbench.historySize` says otherwise. */
  static readonly defaultLimit = 50;
  #limit: number;
  #entries: RunEntry[] = [];
  #next = 1;
  readonly #memento: MementoLike | undefined;
  readonly #listeners = new Set<() => void>();

  constructor(memento?: MementoLike, limit = RunHistory.defaultLimit) {
    this.#memento = memento;
    this.#limit = limit;
    const saved = memento?.get<unknown>(KEY);
    if (Array.isArray(saved)) {
      this.#entries = saved.filter(isEntry).slice(0, limit);
      // A run still "running" when the window closed did not finish.
      for (const e of this.#entries) if (e.outcome === 'running') e.outcome = 'stopped';
      this.#next = Math.max(0, ...this.#entries.map((e) => e.id)) + 1;
    }
  }

  /** How many runs are kept. */
  get limit(): number {
    return this.#limit;
  }

  /** Keeps at most `limit` runs from now on (the setting changed); the oldest go. */
  setLimit(limit: number): void {
    this.#limit = limit;
    if (this.#entries.length <= limit) return;
    this.#entries.length = limit;
    this.#changed();
  }

  /** Newest first. */
  get entries(): readonly RunEntry[] {
    return this.#entries;
  }

  get last(): RunEntry | undefined {
    return this.#entries[0];
  }

  /** Records the start of a run; returns the entry to finish later. */
  start(run: { kind: RunKind; fixture: string; label: string; task?: string }, now = Date.now()): RunEntry {
    const entry: RunEntry = { id: this.#next++, ...run, startedAt: now, outcome: 'running' };
    if (entry.task === undefined) delete (entry as { task?: string }).task;
    this.#entries.unshift(entry);
    this.#entries.length = Math.min(this.#entries.length, this.#limit);
    this.#changed();
    return entry;
  }

  /** Records how a run ended. */
  finish(
    entry: RunEntry,
    outcome: Exclude<RunEntryOutcome, 'running'>,
    detail?: string,
    rounds?: number,
    now = Date.now(),
  ): void {
    entry.outcome = outcome;
    entry.finishedAt = now;
    if (detail !== undefined) entry.detail = detail;
    if (rounds !== undefined) entry.rounds = rounds;
    this.#changed();
  }

  /**
   * Updates the rounds of an entry and, with `at`, where its run is (the cursor, the run rounds recorded), so that
   * it can be resumed there; not persisted on every round ({@link finish} persists it).
   */
  progress(entry: RunEntry, rounds: number, at?: { cursor: number; runRounds: number }): void {
    entry.rounds = rounds;
    if (at) {
      entry.cursor = at.cursor;
      entry.runRounds = at.runRounds;
    }
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.#listeners.add(listener);
    return { dispose: () => this.#listeners.delete(listener) };
  }

  clear(): void {
    this.#entries = [];
    this.#changed();
  }

  #changed(): void {
    void this.#memento?.update(KEY, this.#entries);
    for (const l of this.#listeners) l();
  }
}

/** One line for a quick pick: `✓ run  countdown.fixture.json  stopped · 3 run rounds · 12:04:05`. */
export function describeEntry(e: RunEntry): { label: string; description: string; detail?: string } {
  const icon = {
    running: '$(sync~spin)',
    passed: '$(pass)',
    failed: '$(error)',
    finished: '$(check)',
    stopped: '$(debug-stop)',
    error: '$(warning)',
  }[e.outcome];
  const when = new Date(e.startedAt).toLocaleTimeString();
  const n = e.runRounds ?? e.rounds;
  const rounds = n === undefined ? '' : ` · ${countOf(n, 'run round')}`;
  return {
    label: `${icon} ${e.kind} ${e.label}${e.task ? ` › ${e.task}` : ''}`,
    description: `${e.outcome}${rounds} · ${when}`,
    ...(e.detail ? { detail: e.detail } : {}),
  };
}

function isEntry(v: unknown): v is RunEntry {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return (
    typeof e.id === 'number' &&
    typeof e.fixture === 'string' &&
    typeof e.label === 'string' &&
    typeof e.startedAt === 'number' &&
    typeof e.outcome === 'string' &&
    Object.values(RunKind).includes(e.kind as RunKind)
  );
}
