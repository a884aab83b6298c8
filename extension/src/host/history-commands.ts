/**
 * "Rerun Last" and "Show History": running a history entry again the way it was run, and the quick pick of recent
 * runs. Apart from the recording (run-recorder.ts) because these act on the user's request, not on a session.
 *
 * @module
 */
import { describeEntry, RunKind, type RunEntry, type RunHistory } from '../core/history';
import type { RunSession } from '../session/run-session';
import type { FixtureTests } from '../testing/fixture-tests';
import type { FixtureIndex } from '../views/fixture-index';
import type { VSCode } from '../vscode-types';
import type { ResumeAt, SessionStart } from './run-recorder';
import type { Target } from './targets';
import { Uses } from '../core/uses';

/** What {@link HistoryCommands} needs of the extension. */
export interface HistoryHost {
  readonly history: RunHistory;
  readonly index: FixtureIndex;
  readonly tests: FixtureTests;
  readonly trusted: boolean;
  explainRestricted(): void;
  /** Opens a run of `target`; `at`: resumed there (replayed), paused. */
  runFixture(target: Target, mode: SessionStart, at?: ResumeAt): Promise<RunSession | undefined>;
}

/** Reruns from the history. */
export class HistoryCommands extends Uses<{ vscode: VSCode; host: HistoryHost }> {
  /**
   * Reruns a history entry the way it was run. A run left paused or stopped resumes where it was: replayed to its
   * rounds, paused at its cursor ("paused at run round 39" opens at run round 39, not before round 1).
   */
  async rerun(entry: RunEntry | undefined): Promise<void> {
    const { index, tests } = this.uses.host;
    if (!entry) {
      void this.uses.vscode.window.showInformationMessage(
        'plugbench: nothing ran yet in this workspace. Run a fixture from its CodeLens, the plugbench view or Test Explorer.',
      );
      return;
    }
    const target: Target = { file: entry.fixture, ...(entry.task !== undefined ? { task: entry.task } : {}) };
    switch (entry.kind) {
      case RunKind.Run:
      case RunKind.Step:
      case RunKind.Debug:
        if (!entry.fixture) return tests.runFiles(undefined, entry.kind === RunKind.Debug);
        if (entry.kind === RunKind.Debug && !index.get(entry.fixture)) return;
        await this.uses.host.runFixture(target, entry.kind === RunKind.Debug ? 'debug' : entry.kind, resumeAt(entry));
        return;
      case RunKind.Test:
        if (!this.uses.host.trusted) return this.uses.host.explainRestricted();
        return tests.runFiles(entry.fixture ? [entry.fixture] : undefined);
    }
  }

  /** The recent runs as a quick pick: the picked one runs again, or the history is cleared. */
  async showHistory(): Promise<void> {
    const { history } = this.uses.host;
    const entries = history.entries;
    if (entries.length === 0) {
      void this.uses.vscode.window.showInformationMessage('plugbench: the run history is empty.');
      return;
    }
    type Pick = import('vscode').QuickPickItem & { entry?: RunEntry; clear?: boolean };
    const picks: Pick[] = [
      ...entries.map((entry) => ({ ...describeEntry(entry), entry })),
      { label: '$(clear-all) Clear the history', clear: true },
    ];
    const choice = await this.uses.vscode.window.showQuickPick(picks, {
      title: 'plugbench: recent runs (pick one to run it again)',
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (!choice) return;
    if (choice.clear) history.clear();
    else await this.rerun(choice.entry);
  }
}

/** Where a rerun of `entry` resumes: a run left paused or stopped, where it was; anything else from the start. */
export function resumeAt(entry: RunEntry): ResumeAt | undefined {
  if (entry.outcome !== 'stopped' || entry.rounds === undefined) return undefined;
  return { rounds: entry.rounds, ...(entry.cursor !== undefined ? { cursor: entry.cursor } : {}) };
}
