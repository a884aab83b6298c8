/**
 * Keeps the run history up to date: an entry when a fixture run or a test run starts, its progress while the
 * session moves, its outcome when it ends. The history itself (core/history.ts) knows nothing of sessions.
 *
 * @module
 */
import { RunKind, type RunEntry, type RunHistory } from '../core/history';
import type { RunSession } from '../session/run-session';
import type { FixtureEntry } from '../views/fixture-index';
import type { RunStatusBar } from '../views/status-bar';
import { firstLine } from '../core/first-line';
import type { Log } from './extension-log';
import type { Target } from './targets';

/** How a timeline session of a fixture starts: run to the end, paused before round 1, or under the debugger (the run history records it as a {@link RunKind}). */
export type SessionStart = 'run' | 'step' | 'debug';

/** Records runs in the history. */
export class RunRecorder {
  #entryOf = new WeakMap<RunSession, RunEntry>();

  readonly #history: RunHistory;
  readonly #statusBar: RunStatusBar;
  readonly #write: Log;
  constructor(history: RunHistory, statusBar: RunStatusBar, write: Log) {
    this.#history = history;
    this.#statusBar = statusBar;
    this.#write = write;
  }

  /** A history entry for `session`, a run of `target` in `mode`; {@link progress} keeps it up to date. */
  sessionStarted(session: RunSession, target: Target, label: string, mode: SessionStart): void {
    const entry = this.#history.start({
      kind: mode === 'debug' ? RunKind.Debug : mode === 'step' ? RunKind.Step : RunKind.Run,
      fixture: target.file,
      label,
      ...(target.task ? { task: target.task } : {}),
    });
    this.#entryOf.set(session, entry);
  }

  /** Records where `s` is now (a session not started through {@link sessionStarted}, a restored one, has no entry). */
  progress(s: RunSession): void {
    const entry = this.#entryOf.get(s);
    if (!entry) return;
    const st = s.status;
    switch (st.phase) {
      case 'starting':
      case 'running':
        this.#history.progress(entry, st.rounds);
        return;
      case 'paused':
        if (entry.outcome !== 'stopped' || entry.rounds !== st.rounds)
          this.#history.finish(entry, 'stopped', `paused at round ${st.rounds}`, st.rounds);
        return;
      case 'finished':
        this.#history.finish(entry, 'finished', st.message, st.rounds);
        return;
      case 'stopped':
        this.#history.finish(entry, 'stopped', st.message, st.rounds);
        return;
      case 'error':
        this.#history.finish(entry, 'error', firstLine(st.error?.message ?? st.message), st.rounds);
    }
  }

  /** A test run of `fixtures` started: a history entry and the status bar; `finish` records the counts. */
  testsStarted(
    label: string,
    fixtures: FixtureEntry[],
    debug: boolean,
  ): { finish(passed: number, failed: number, errored: number): void } {
    const entry = this.#history.start({
      kind: debug ? RunKind.Debug : RunKind.Test,
      fixture: fixtures.length === 1 ? fixtures[0]!.file : '',
      label,
    });
    const bar = this.#statusBar.tests(label);
    this.#write('info', `testing ${label}${debug ? ' under the debugger' : ''}`);
    return {
      finish: (passed, failed, errored) => {
        const text = `${passed} passed, ${failed} failed${errored ? `, ${errored} errored` : ''}`;
        this.#history.finish(entry, failed + errored > 0 ? 'failed' : 'passed', text);
        this.#write(failed + errored > 0 ? 'warn' : 'info', `tests of ${label}: ${text}`);
        bar.done(`${label}: ${text}`, failed + errored > 0);
      },
    };
  }
}
