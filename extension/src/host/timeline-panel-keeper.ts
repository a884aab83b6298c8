/**
 * The one timeline panel plugbench shows at a time: opening it on a source (a session, a recorded file), reviving
 * it after a reload, and keeping the status bar and the `when` context keys in step with it. Runs start elsewhere
 * (the extension); this only places what they make.
 *
 * @module
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ContextKeys } from '../commands';
import { readTimelineText } from '../core/timeline-file';
import { TimelinePanel, webviewOptions, type PanelHost, type PanelSource } from '../panel/timeline-panel';
import { parsePanelState } from '../protocol/webview-schema';
import type { RunSession } from '../session/run-session';
import type { FixtureIndex } from '../views/fixture-index';
import type { RunStatusBar } from '../views/status-bar';
import type { Uri, VSCode, WebviewPanel } from '../vscode-types';
import { firstLine } from '../core/first-line';
import type { Log } from './extension-log';
import type { Target } from './targets';

/** What {@link TimelinePanelKeeper} needs besides the panels' own host. */
export interface TimelinePanelKeeperDeps {
  readonly index: FixtureIndex;
  readonly statusBar: RunStatusBar;
  trusted(): boolean;
  write: Log;
  /** A session of `target` (not started, not under the debugger), for a revived panel to replay. */
  createSession(target: Target, label: string): RunSession;
  /** The session moved: the run history records it. */
  progress(s: RunSession): void;
}

/** Keeps the one timeline panel: shows sources in it, revives it, and keeps the status bar and context keys in step. */
export class TimelinePanelKeeper {
  /** The timeline panel, when one is open. */
  panel: TimelinePanel | undefined;

  readonly #vscode: VSCode;
  readonly #extensionUri: Uri;
  /** What the panels call back (rerun, open the fixture, show the log, changed, disposed). */
  readonly #panelHost: PanelHost;
  readonly #deps: TimelinePanelKeeperDeps;
  constructor(vscode: VSCode, extensionUri: Uri, panelHost: PanelHost, deps: TimelinePanelKeeperDeps) {
    this.#vscode = vscode;
    this.#extensionUri = extensionUri;
    this.#panelHost = panelHost;
    this.#deps = deps;
  }

  /** Shows `source` in the open panel, or in a new one. */
  show(source: PanelSource): TimelinePanel {
    if (this.panel && !this.panel.disposed) {
      this.panel.setSource(source);
      this.panel.reveal();
    } else {
      this.panel = TimelinePanel.create(this.#vscode, this.#extensionUri, source, this.#panelHost);
    }
    void this.#vscode.commands.executeCommand('setContext', ContextKeys.sessionActive, source.kind === 'session');
    this.#panelHost.changed(this.panel);
    return this.panel;
  }

  /** The open panel's session changed: the status bar, the `running` context key and the history follow. */
  changed(panel: TimelinePanel): void {
    if (panel !== this.panel) return;
    const s = panel.session;
    const name = s
      ? (this.#deps.index.get(s.options.fixture)?.name ?? path.basename(s.options.fixture)) +
        (s.options.task ? ` › ${s.options.task}` : '')
      : panel.source.title;
    this.#deps.statusBar.session(name, s?.status);
    void this.#vscode.commands.executeCommand('setContext', ContextKeys.running, s?.phase === 'running');
    if (s) this.#deps.progress(s);
  }

  /** The open panel was closed. */
  disposed(panel: TimelinePanel): void {
    if (panel !== this.panel) return;
    this.panel = undefined;
    this.#deps.statusBar.session('', undefined);
    void this.#vscode.commands.executeCommand('setContext', ContextKeys.sessionActive, false);
    void this.#vscode.commands.executeCommand('setContext', ContextKeys.running, false);
  }

  /** The serializer: a panel VS Code kept across a reload. The run is replayed to where it was. */
  async restore(webviewPanel: WebviewPanel, rawState: unknown): Promise<void> {
    webviewPanel.webview.options = webviewOptions(this.#vscode, this.#extensionUri);
    const state = parsePanelState(rawState);
    const title = webviewPanel.title || 'plugbench timeline';
    let source: PanelSource;
    if (!state) {
      source = {
        kind: 'message',
        title,
        fixture: '',
        status: {
          phase: 'stopped',
          message: 'Nothing to restore: run or step a fixture to see its timeline.',
          rounds: 0,
        },
      };
    } else if (!fs.existsSync(state.fixture)) {
      source = {
        kind: 'message',
        title,
        fixture: state.fixture,
        status: { phase: 'error', message: `The fixture ${state.fixture} is gone.`, rounds: 0 },
      };
    } else if (!this.#deps.trusted()) {
      source = {
        kind: 'message',
        title,
        fixture: state.fixture,
        ...(state.task !== undefined ? { task: state.task } : {}),
        status: {
          phase: 'restricted',
          message:
            'Restricted mode: plugbench does not run workspace plugins until you trust the workspace. Run the fixture again once it is trusted.',
          rounds: 0,
        },
      };
    } else {
      const target: Target = { file: state.fixture, ...(state.task !== undefined ? { task: state.task } : {}) };
      const label = this.#deps.index.get(state.fixture)?.label ?? path.basename(state.fixture);
      const session = this.#deps.createSession(target, label);
      if (state.ui?.breakpoints) session.setBreakpoints(state.ui.breakpoints);
      source = { kind: 'session', session, title };
      this.#deps.write(
        'info',
        `restoring the timeline of ${label}: replaying ${state.rounds} round${state.rounds === 1 ? '' : 's'}`,
      );
      const panel = new TimelinePanel(this.#vscode, webviewPanel, this.#extensionUri, source, this.#panelHost);
      this.panel?.dispose();
      this.panel = panel;
      void this.#vscode.commands.executeCommand('setContext', ContextKeys.sessionActive, true);
      await session.start(state.rounds, state.ui?.cursor);
      return;
    }
    const panel = new TimelinePanel(this.#vscode, webviewPanel, this.#extensionUri, source, this.#panelHost);
    this.panel?.dispose();
    this.panel = panel;
  }

  /** Opens a recorded timeline (NDJSON, e.g. a golden file) in the panel. */
  async openFile(uri: Uri): Promise<void> {
    try {
      const text = new TextDecoder().decode(await this.#vscode.workspace.fs.readFile(uri));
      const records = readTimelineText(text, uri.fsPath);
      this.show({ kind: 'static', records, title: `Timeline: ${path.basename(uri.fsPath)}`, file: uri.fsPath });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.#deps.write('error', message);
      void this.#vscode.window.showErrorMessage(
        `plugbench: cannot open ${path.basename(uri.fsPath)} as a timeline: ${firstLine(message)}`,
      );
    }
  }
}
