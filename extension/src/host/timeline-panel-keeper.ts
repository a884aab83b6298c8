/**
 * The one timeline panel of live runs: opening it on a source (a session, a message), reviving it after a reload,
 * and keeping the status bar and the `when` context keys in step with it. Recorded timelines (goldens) open in
 * panels of their own ({@link GoldenPanels}), and never touch the live run's. Runs start elsewhere (the
 * extension); this only places what they make.
 *
 * @module
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ContextKeys } from '../commands';
import { isTimelineFile } from '../core/timeline-file';
import type { ComparePanel } from '../panel/compare-panel';
import { GoldenPanels } from '../panel/golden-panels';
import { TimelinePanel, webviewOptions, type PanelHost, type PanelSource } from '../panel/timeline-panel';
import { parsePanelState } from '../protocol/webview-parse';
import { countOf, type TimelineRecord } from '@plugbench/sdk/timeline';
import type { RunSession } from '../session/run-session';
import type { FixtureIndex } from '../views/fixture-index';
import type { RunStatusBar } from '../views/status-bar';
import type { Uri, VSCode, WebviewPanel } from '../vscode-types';
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
  /** The golden timelines' panels and the comparisons. */
  readonly goldens: GoldenPanels;

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
    this.goldens = new GoldenPanels({ vscode, extensionUri, host: panelHost });
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
    this.goldens.disposed(panel);
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
    } else if (isTimelineFile(state.fixture)) {
      return this.goldens.restore(webviewPanel, state.fixture);
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

  /** Opens a recorded timeline (NDJSON, e.g. a golden file) in a panel of its own; the live run's stays as it is. */
  async openFile(uri: Uri): Promise<void> {
    await this.goldens.open(uri);
  }

  /**
   * The palette's Open Timeline without a timeline file at hand: a pick of the open run's timeline, the workspace's
   * timeline files (goldens first), or any file from a dialog.
   */
  async pickFile(): Promise<void> {
    const vscode = this.#vscode;
    const files = await vscode.workspace.findFiles('**/*.{ndjson,jsonl}', '**/node_modules/**', 500);
    const golden = (u: Uri) => (/[\\/]golden[\\/]/.test(u.fsPath) ? 0 : 1);
    files.sort((a, b) => golden(a) - golden(b) || a.fsPath.localeCompare(b.fsPath));
    this.#deps.write('info', `Open Timeline: offering ${countOf(files.length, 'timeline file')} of the workspace`);
    type Item = { label: string; description?: string; uri?: Uri; live?: true; browse?: true };
    const items: Item[] = [
      ...(this.panel && !this.panel.disposed
        ? [{ label: `$(pulse) ${this.panel.source.title}`, description: 'the open run', live: true as const }]
        : []),
      ...files.map((u) => ({ label: path.basename(u.fsPath), description: relative(vscode, u), uri: u })),
      { label: '$(folder-opened) Browse…', description: 'a timeline file (.ndjson) anywhere', browse: true },
    ];
    const pick = await vscode.window.showQuickPick(items, {
      title: 'plugbench: open which timeline?',
      matchOnDescription: true,
    });
    if (!pick) return;
    if (pick.live) return this.panel?.reveal();
    if (pick.uri) return this.openFile(pick.uri);
    const chosen = await vscode.window.showOpenDialog({
      canSelectMany: false,
      filters: { 'Timelines (NDJSON)': ['ndjson', 'jsonl'] },
      openLabel: 'Open Timeline',
      title: 'plugbench: open a recorded timeline',
    });
    if (chosen?.[0]) await this.openFile(chosen[0]);
  }

  /**
   * Compares a run of `fixture` (default: the open run's) with the golden timeline the fixture names: the open run's
   * rounds when it runs that fixture as a whole, else a fresh run to the end that no panel shows.
   */
  async compareWithGolden(fixture: string | undefined): Promise<ComparePanel | undefined> {
    const vscode = this.#vscode;
    const live = this.panel?.session;
    const file = fixture ?? live?.options.fixture;
    if (!file) {
      void vscode.window.showInformationMessage(
        'plugbench: nothing to compare. Run a fixture that names a golden timeline (golden:), then Compare with Golden.',
      );
      return undefined;
    }
    const entry = this.#deps.index.get(file) ?? (await this.#deps.index.update(vscode.Uri.file(file)));
    const name = entry?.name ?? path.basename(file);
    const golden = entry?.golden;
    if (!golden || !fs.existsSync(golden)) {
      void vscode.window.showInformationMessage(
        golden
          ? `plugbench: ${name} has no golden timeline at ${golden} yet; record it with: plugbench test --update-golden ${path.basename(file)}`
          : `plugbench: ${name} names no golden timeline; add golden: to the fixture and record it with: plugbench test --update-golden ${path.basename(file)}`,
      );
      return undefined;
    }
    const records =
      live && live.options.fixture === file && live.options.task === undefined
        ? [...live.records]
        : await this.#runToEnd(file, name);
    if (!records) return undefined;
    return this.goldens.compareWith({ title: name, records }, vscode.Uri.file(golden));
  }

  /** A run of the whole fixture to its end, in a session no panel shows; `undefined` when it cannot run. */
  async #runToEnd(file: string, name: string): Promise<TimelineRecord[] | undefined> {
    if (!this.#deps.trusted()) {
      void this.#vscode.window.showInformationMessage(
        'plugbench: restricted mode runs no plugins; trust the workspace to compare a run with its golden timeline.',
      );
      return undefined;
    }
    const session = this.#deps.createSession({ file }, name);
    try {
      await session.start();
      if (session.phase === 'paused') await session.runToEnd();
      if (session.phase === 'error') throw new Error(session.status.message);
      return [...session.records];
    } finally {
      session.dispose();
    }
  }
}

/** A file's path relative to its workspace folder (its absolute path outside one). */
function relative(vscode: VSCode, uri: Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  return folder ? path.relative(folder.uri.fsPath, uri.fsPath) : uri.fsPath;
}
