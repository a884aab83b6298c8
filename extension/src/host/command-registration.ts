/**
 * Registers the plugbench commands (ids in commands.ts) and says what each does with its argument. A command
 * never fails silently and never crashes the host: a failure is logged and shown with a way to the log.
 *
 * @module
 */
import { Commands } from '../commands';
import type { RunHistory } from '../core/history';
import type { TimelinePanel } from '../panel/timeline-panel';
import type { RunSession } from '../session/run-session';
import type { FixtureTests } from '../testing/fixture-tests';
import type { FixtureIndex } from '../views/fixture-index';
import type { Disposable, TestItem, Uri, VSCode } from '../vscode-types';
import { firstLine } from '../core/first-line';
import type { Log } from './extension-log';
import type { HistoryCommands } from './history-commands';
import type { SessionStart } from './run-recorder';
import type { Target, TargetResolver } from './targets';

/** What the commands act through. */
export interface CommandHost {
  readonly index: FixtureIndex;
  readonly tests: FixtureTests;
  readonly history: RunHistory;
  readonly targets: TargetResolver;
  readonly historyCommands: HistoryCommands;
  /** The timeline panel, when one is open. */
  panel(): TimelinePanel | undefined;
  trusted(): boolean;
  explainRestricted(): void;
  write: Log;
  showLog(): void;
  runFixture(target: Target, mode: SessionStart): Promise<RunSession | undefined>;
  openTimelineFile(uri: Uri): Promise<void>;
  /** The palette's Open Timeline with no timeline file at hand: a pick of one. */
  pickTimelineFile(): Promise<void>;
  /** Compares a run of the fixture (default: the open run's) with its golden timeline. */
  compareWithGolden(fixture: string | undefined): Promise<unknown>;
  /** An action of the open comparison. */
  compareAction(action: 'firstDifference' | 'nextDifference' | 'previousDifference'): void;
}

/** Registers every command; the caller disposes what this returns. */
export function registerCommands(vscode: VSCode, host: CommandHost): Disposable[] {
  const disposables: Disposable[] = [];
  const reg = (id: string, fn: (...args: unknown[]) => unknown) =>
    disposables.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await fn(...args);
        } catch (e) {
          // Never silent, never a crash of the host.
          const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
          host.write('error', `${id} failed: ${message}`);
          void vscode.window
            .showErrorMessage(`plugbench: ${firstLine(e instanceof Error ? e.message : String(e))}`, 'Show Log')
            .then((c) => {
              if (c) host.showLog();
            });
          return undefined;
        }
      }),
    );
  const withTarget = <T>(arg: unknown, fn: (t: Target) => Promise<T> | T) => host.targets.withTarget(arg, fn);
  const onSession = (op: (s: RunSession) => Promise<void>) => onOpenSession(vscode, host, op);
  const C = Commands;
  reg(C.runFixture, async (arg) => withTarget(arg, (t) => host.runFixture(t, 'run')));
  reg(C.stepFixture, async (arg) => withTarget(arg, (t) => host.runFixture(t, 'step')));
  reg(C.debugFixture, async (arg) => withTarget(arg, (t) => host.runFixture(t, 'debug')));
  reg(C.testFixture, async (arg) =>
    withTarget(arg, async (t) => {
      if (!host.trusted()) return host.explainRestricted();
      return host.tests.runFiles([t.file]);
    }),
  );
  reg(C.step, () => onSession((s) => s.step()));
  reg(C.stepBack, () => onSession((s) => s.stepBack()));
  reg(C.runToEnd, () => onSession((s) => s.runToEnd()));
  reg(C.runToNextEvent, () => onSession((s) => s.runToNext('event')));
  reg(C.runToNextPhase, () => onSession((s) => s.runToNext('phase-change')));
  reg(C.reset, () => onSession((s) => s.reset()));
  reg(C.runAgainFromHere, () => onSession((s) => s.runAgainFromHere()));
  reg(C.stop, () => onSession(async (s) => s.stop()));
  reg(C.runAllTests, async () => {
    if (!host.trusted()) return host.explainRestricted();
    await host.index.refresh();
    return host.tests.runFiles(undefined);
  });
  reg(C.rerunLast, () => host.historyCommands.rerun(host.history.last));
  reg(C.showHistory, () => host.historyCommands.showHistory());
  const openTimeline = async (arg: unknown) => {
    const uri =
      arg && typeof arg === 'object' && 'fsPath' in arg ? (arg as Uri) : vscode.window.activeTextEditor?.document.uri;
    if (uri && /\.(ndjson|jsonl)$/i.test(uri.fsPath)) return host.openTimelineFile(uri);
    if (arg !== undefined) return withTarget(arg, (t) => host.runFixture(t, 'step'));
    return host.pickTimelineFile();
  };
  reg(C.openTimeline, openTimeline);
  reg(C.openGoldenTimeline, openTimeline);
  reg(C.compareWithGolden, async (arg) =>
    host.compareWithGolden(arg === undefined ? undefined : (await host.targets.target(arg))?.file),
  );
  reg(C.firstDifference, () => host.compareAction('firstDifference'));
  reg(C.nextDifference, () => host.compareAction('nextDifference'));
  reg(C.previousDifference, () => host.compareAction('previousDifference'));
  reg(C.showLog, () => host.showLog());
  reg(C.refresh, () => host.index.refresh());
  reg(C.manageTrust, () => vscode.commands.executeCommand('workbench.trust.manage'));
  // From Test Explorer's context menu and gutter: the argument is the test item.
  reg(C.updateGolden, (item) => host.tests.updateGolden(item as TestItem));
  return disposables;
}

/** Applies a session control to the open timeline's session; with none, steps the active fixture, if it is one. */
async function onOpenSession(vscode: VSCode, host: CommandHost, op: (s: RunSession) => Promise<void>): Promise<void> {
  const panel = host.panel();
  const s = panel?.session;
  if (s) {
    panel!.reveal();
    return op(s);
  }
  // No timeline yet: step the fixture in the active editor, if it is one.
  const doc = vscode.window.activeTextEditor?.document;
  if (doc && host.index.isFixture(doc.uri)) {
    await host.runFixture({ file: doc.uri.fsPath }, 'step');
    return;
  }
  void vscode.window.showInformationMessage(
    'plugbench: no run is open. Run or step a fixture first (its CodeLens, the plugbench view, or "plugbench: Step Through Fixture").',
  );
}
