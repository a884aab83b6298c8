/**
 * The status bar item of the active run: what runs, where it is, and a click that shows it. Hidden when nothing
 * runs and no timeline is open.
 *
 * @module
 */
import { Commands } from '../commands';
import { runRoundLabel } from '../session/position';
import type { SessionStatus } from '../session/session-types';
import type { StatusBarItem, VSCode } from '../vscode-types';

const ICON: Record<SessionStatus['phase'], string> = {
  starting: '$(loading~spin)',
  paused: '$(debug-pause)',
  running: '$(sync~spin)',
  finished: '$(pass)',
  stopped: '$(debug-stop)',
  error: '$(error)',
};

/** The item. */
export class RunStatusBar {
  readonly item: StatusBarItem;
  #tests = 0;

  readonly #vscode: VSCode;
  constructor(vscode: VSCode) {
    this.#vscode = vscode;
    this.item = vscode.window.createStatusBarItem('plugbench.run', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'plugbench run';
  }

  /** Shows a session's state. */
  session(label: string, status: SessionStatus | undefined): void {
    if (this.#tests > 0) return;
    if (!status) {
      this.item.hide();
      return;
    }
    this.item.text = `${ICON[status.phase]} ${label}: ${status.phase} · ${runRoundLabel(status)}`;
    this.item.tooltip = `plugbench: ${label}\n${status.message}\nClick to show the timeline`;
    this.item.command = Commands.openTimeline;
    this.item.backgroundColor =
      status.phase === 'error' ? new this.#vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }

  /** Shows a test run while it runs. */
  tests(label: string): { done(text: string, failed: boolean): void } {
    this.#tests++;
    this.item.text = `$(beaker~spin) plugbench: testing ${label}`;
    this.item.tooltip = 'plugbench tests are running; results in Test Explorer';
    this.item.command = 'workbench.view.testing.focus';
    this.item.backgroundColor = undefined;
    this.item.show();
    return {
      done: (text, failed) => {
        this.#tests--;
        this.item.text = `${failed ? '$(error)' : '$(pass)'} plugbench: ${text}`;
        this.item.tooltip = 'Last plugbench test run; click for Test Explorer';
        this.item.backgroundColor = failed ? new this.#vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
      },
    };
  }

  dispose(): void {
    this.item.dispose();
  }
}
