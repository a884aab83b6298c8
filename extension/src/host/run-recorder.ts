/**
 * Keeps the run history up to date: an entry when a fixture run or a test run starts, its progress while the
 * session moves, its outcome when it ends. The history itself (core/history.ts) knows nothing of sessions.
 *
 * @module
 */
import { RunKind, type RunEntry, type RunHistory } from '../core/history';
import { runRoundLabel } from '../session/position';
import type { RunSession } from '../session/run-session';
import type { FixtureEntry } from '../views/fixture-index';
import type { RunStatusBar } from '../views/status-bar';
import { firstLine } from '../core/first-line';
import type { Log } from './extension-log';
import type { Target } from './targets';
import { Uses } from '../core/uses';

/** How a timeline session of a fixture starts: run to the end, paused before round 1, or under the debugger (the run history records it as a {@link RunKind}). */
export type SessionStart = 'run' | 'step' | 'debug';

/** Where a resumed run starts: `rounds` replayed at once, the cursor at `cursor` (default: the newest round). */
export interface ResumeAt {
  rounds: number;
  cursor?: number;
}

/** Records runs in the history. */
export class RunRecorder extends Uses<{ history: RunHistory; statusBar: RunStatusBar; write: Log }> {
  #entryOf = new WeakMap<RunSession, RunEntry>();

  /** A history entry for `session`, a run of `target` in `mode`; {@link progress} keeps it up to date. */
  sessionStarted(session: RunSession, target: Target, label: string, mode: SessionStart): void {
    const entry = this.uses.history.start({
      kind: mode === 'debug' ? RunKind.Debug : mode === 'step' ? RunKind.Step : RunKind.Run,
      fixture: target.file,
      label,
      ...(target.task ? { task: target.task } : {}),
    });
    this.#entryOf.set(session, entry);
  }

  /**
   * Records where `s` is now, and where its cursor is, so that Rerun Last and History resume it there (a session
   * not started through {@link sessionStarted}, a restored one, has no entry).
   */
  progress(s: RunSession): void {
    const entry = this.#entryOf.get(s);
    if (!entry) return;
    const st = s.status;
    const before = { outcome: entry.outcome, detail: entry.detail };
    this.uses.history.progress(entry, st.rounds, { cursor: st.cursor, runRounds: st.runRounds });
    const at = runRoundLabel(st);
    switch (st.phase) {
      case 'starting':
      case 'running':
        return;
      case 'paused':
        return this.#finish(entry, before, 'stopped', `paused at ${at}`);
      case 'stopped':
        return this.#finish(entry, before, 'stopped', `stopped at ${at}`);
      case 'finished':
        // The line that says why it finished stays; moving through the finished run changes only the cursor.
        if (before.outcome === 'finished') return;
        return this.#finish(entry, before, 'finished', st.message);
      case 'error':
        return this.#finish(entry, before, 'error', firstLine(st.error?.message ?? st.message));
    }
  }

  /** Records the outcome when it or its line changed (not on every status of a session that sits paused). */
  #finish(
    entry: RunEntry,
    before: Pick<RunEntry, 'outcome' | 'detail'>,
    outcome: 'stopped' | 'finished' | 'error',
    detail: string,
  ): void {
    if (before.outcome !== outcome || before.detail !== detail) this.uses.history.finish(entry, outcome, detail);
  }

  /** A test run of `fixtures` started: a history entry and the status bar; `finish` records the counts. */
  testsStarted(
    label: string,
    fixtures: FixtureEntry[],
    debug: boolean,
  ): { finish(passed: number, failed: number, errored: number): void } {
    const entry = this.uses.history.start({
      kind: debug ? RunKind.Debug : RunKind.Test,
      fixture: fixtures.length === 1 ? fixtures[0]!.file : '',
      label,
    });
    const bar = this.uses.statusBar.tests(label);
    this.uses.write('info', `testing ${label}${debug ? ' under the debugger' : ''}`);
    return {
      finish: (passed, failed, errored) => {
        const text = `${passed} passed, ${failed} failed${errored ? `, ${errored} errored` : ''}`;
        this.uses.history.finish(entry, failed + errored > 0 ? 'failed' : 'passed', text);
        this.uses.write(failed + errored > 0 ? 'warn' : 'info', `tests of ${label}: ${text}`);
        bar.done(`${label}: ${text}`, failed + errored > 0);
      },
    };
  }
}
