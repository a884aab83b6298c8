/**
 * The extension: wires discovery, the tree, CodeLens, diagnostics, completion, Test Explorer, the timeline panel,
 * the commands, the status bar and the run history together. It receives the VS Code API instead of importing it
 * (microsoft/playwright-vscode's pattern), so unit tests build it with the in-repo fake.
 *
 * @module
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Commands, ContextKeys } from './commands';
import { readSettings, type PlugbenchSettings } from './core/config';
import { describeEntry, RunHistory, RunKind, type RunEntry } from './core/history';
import { readTimelineText } from './core/timeline-file';
import type { JsonSchema } from './core/yaml-complete';
import { TimelinePanel, webviewOptions, type PanelHost, type PanelSource } from './panel/timeline-panel';
import { TIMELINE_VIEW_TYPE } from './protocol/webview-messages';
import { parsePanelState } from './protocol/webview-schema';
import type { RunnerRequestError } from './runner/runner-client';
import { DEBUG_ROUND_TIMEOUT_MS, RunnerFactory } from './runner/runner-factory';
import { RunSession, type SessionStatus } from './runner/session';
import { FixtureTests } from './testing/fixture-tests';
import { FixtureCodeLens } from './views/codelens';
import { Diagnostics } from './views/diagnostics';
import { FixtureIndex, type FixtureEntry } from './views/fixture-index';
import { FixturesTree, targetOf, type TreeNode } from './views/fixtures-tree';
import { RunStatusBar } from './views/status-bar';
import { YamlFixtureCompletion } from './views/yaml-completion';
import type { Disposable, ExtensionContext, LogOutputChannel, TextDocument, TreeView, Uri, VSCode, WebviewPanel } from './vscode-types';

/** A fixture (and optionally one of its tasks) a command acts on. */
export interface Target {
  file: string;
  task?: string;
}

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/** Plugin log lines a run writes to the output channel (the timeline keeps them all). */
const RUN_LOG_LINES = 2000;

/** The extension. */
export class PlugbenchExtension implements PanelHost {
  readonly log: LogOutputChannel;
  readonly index: FixtureIndex;
  readonly diagnostics: Diagnostics;
  readonly tree: FixturesTree;
  readonly treeView: TreeView<TreeNode>;
  readonly codeLens: FixtureCodeLens;
  readonly tests: FixtureTests;
  readonly history: RunHistory;
  readonly statusBar: RunStatusBar;
  readonly runners: RunnerFactory;
  /** The timeline panel, when one is open. */
  panel: TimelinePanel | undefined;
  #settings: PlugbenchSettings;
  #schema: JsonSchema | undefined;
  #schemaPath: string;
  #entryOf = new WeakMap<RunSession, RunEntry>();
  readonly #disposables: Disposable[] = [];

  constructor(
    private readonly vscode: VSCode,
    private readonly context: ExtensionContext,
  ) {
    this.log = vscode.window.createOutputChannel('plugbench', { log: true });
    const { settings, problems } = readSettings(vscode.workspace.getConfiguration('plugbench'));
    this.#settings = settings;
    for (const p of problems) this.log.warn(p);
    this.#schemaPath = path.join(context.extensionUri.fsPath, 'harness', 'schema', 'fixture.schema.json');

    const log = (level: Level, message: string) => this.write(level, message);
    this.history = new RunHistory(context.workspaceState);
    this.index = new FixtureIndex(vscode, settings, log);
    this.diagnostics = new Diagnostics(vscode, () => this.yamlExtension);
    this.tree = new FixturesTree(vscode, this.index, () => this.trusted);
    this.treeView = vscode.window.createTreeView('plugbench.fixtures', { treeDataProvider: this.tree, showCollapseAll: true });
    this.codeLens = new FixtureCodeLens(vscode, this.index, () => this.#settings.codeLens, () => this.trusted);
    this.statusBar = new RunStatusBar(vscode);
    const storage = context.storageUri ?? context.globalStorageUri;
    this.runners = new RunnerFactory(vscode, context.extensionUri.fsPath, () => this.#settings, log, storage ? path.join(storage.fsPath, 'plugin-bundles') : undefined);
    this.tests = new FixtureTests(vscode, this.index, {
      trusted: () => this.trusted,
      explainRestricted: () => this.explainRestricted(),
      contractChecks: () => this.#settings.contractChecks,
      roundTimeoutMs: () => this.#settings.roundTimeoutMs,
      startRunner: (fixture, debug) =>
        debug
          ? this.runners.debug(vscode.workspace.getWorkspaceFolder(vscode.Uri.file(fixture)), `test ${path.basename(fixture)}`, debug.testRun)
          : this.runners.fork(this.runners.cwdFor(fixture)),
      log,
      started: (label, fixtures, debug) => this.#testsStarted(label, fixtures, debug),
      pluginProblems: (fixture, error) => this.#pluginProblems(fixture, error),
    });

    const fixtureSelector = [
      { scheme: 'file', pattern: '**/*.fixture.{json,yaml,yml}' },
      { scheme: 'untitled', language: 'yaml' },
    ];
    this.#disposables.push(
      this.log,
      this.index,
      this.diagnostics,
      this.treeView,
      this.statusBar,
      this.tests,
      vscode.languages.registerCodeLensProvider(fixtureSelector, this.codeLens),
      vscode.languages.registerCompletionItemProvider(
        [{ language: 'yaml', scheme: 'file' }],
        new YamlFixtureCompletion(vscode, () => (this.yamlExtension ? undefined : this.schema), (d) => this.index.isFixture(d.uri)),
        ' ',
        ':',
        '-',
      ),
      vscode.window.registerWebviewPanelSerializer(TIMELINE_VIEW_TYPE, {
        deserializeWebviewPanel: (panel, state) => this.restorePanel(panel, state),
      }),
      this.index.onDidChange(() => {
        this.tree.refresh();
        this.codeLens.refresh();
        this.diagnostics.setFixtures(this.index.fixtures);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('plugbench')) void this.#reloadSettings();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.write('info', 'the workspace is trusted now: fixtures can run');
        this.tree.refresh();
        this.codeLens.refresh();
      }),
      vscode.workspace.onDidSaveTextDocument((d) => this.#onSave(d)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        // Unsaved edits are gone: what counts again is the file on disk.
        if (this.index.isFixture(d.uri)) void this.index.update(d.uri);
      }),
    );
    this.#registerCommands();
  }

  /** Starts discovery. Resolves when the first search is done. */
  async activate(): Promise<void> {
    this.write('info', `plugbench ${this.context.extension?.packageJSON?.version ?? ''} activated${this.trusted ? '' : ' in restricted mode: fixtures are shown and validated, not run'}`);
    void this.vscode.commands.executeCommand('setContext', ContextKeys.sessionActive, false);
    await this.index.refresh();
  }

  /** Whether Red Hat's YAML extension is installed: it validates and completes YAML fixtures from `yamlValidation`. */
  get yamlExtension(): boolean {
    return this.vscode.extensions.getExtension('redhat.vscode-yaml') !== undefined;
  }

  get trusted(): boolean {
    return this.vscode.workspace.isTrusted;
  }

  get settings(): PlugbenchSettings {
    return this.#settings;
  }

  /** The fixture JSON Schema shipped with the extension (loaded on first use). */
  get schema(): JsonSchema | undefined {
    if (this.#schema === undefined) {
      try {
        this.#schema = JSON.parse(fs.readFileSync(this.#schemaPath, 'utf8')) as JsonSchema;
      } catch (e) {
        this.write('warn', `no completion in YAML fixtures: cannot read ${this.#schemaPath}: ${(e as Error).message}`);
        this.#schema = {};
      }
    }
    return this.#schema;
  }

  /** The last lines written to the log (integration tests read them; VS Code gives no way to read a channel). */
  readonly recentLog: string[] = [];

  /** Writes to the output channel. */
  write(level: Level, message: string): void {
    this.log[level](message);
    this.recentLog.push(`${level} ${message}`);
    if (this.recentLog.length > 1000) this.recentLog.splice(0, 200);
  }

  // PanelHost

  rerun(panel: TimelinePanel): void {
    const s = panel.session;
    if (s) void this.runFixture({ file: s.options.fixture, ...(s.options.task !== undefined ? { task: s.options.task } : {}) }, s.options.debugging ? 'debug' : 'run');
    else if (panel.source.kind === 'message') void this.runFixture({ file: panel.source.fixture, ...(panel.source.task !== undefined ? { task: panel.source.task } : {}) }, 'run');
  }

  openFixture(file: string): void {
    void this.vscode.window.showTextDocument(this.vscode.Uri.file(file), { viewColumn: this.vscode.ViewColumn.One, preview: false });
  }

  showLog(): void {
    this.log.show(true);
  }

  changed(panel: TimelinePanel): void {
    if (panel !== this.panel) return;
    const s = panel.session;
    const name = s ? (this.index.get(s.options.fixture)?.name ?? path.basename(s.options.fixture)) + (s.options.task ? ` › ${s.options.task}` : '') : panel.source.title;
    this.statusBar.session(name, s?.status);
    void this.vscode.commands.executeCommand('setContext', ContextKeys.running, s?.phase === 'running');
    if (s) this.#recordProgress(s);
  }

  disposed(panel: TimelinePanel): void {
    if (panel !== this.panel) return;
    this.panel = undefined;
    this.statusBar.session('', undefined);
    void this.vscode.commands.executeCommand('setContext', ContextKeys.sessionActive, false);
    void this.vscode.commands.executeCommand('setContext', ContextKeys.running, false);
  }

  // Running

  /** Says why nothing runs in restricted mode, with the way out. */
  explainRestricted(): void {
    const message =
      'plugbench runs the plugins of this workspace only when you trust it: running a fixture bundles and executes the plugin code it names. ' +
      'In restricted mode plugbench shows fixtures and reports their problems, but runs nothing.';
    this.write('warn', message);
    void this.vscode.window.showWarningMessage(message, 'Manage Workspace Trust').then((choice) => {
      if (choice === 'Manage Workspace Trust') void this.vscode.commands.executeCommand('workbench.trust.manage');
    });
  }

  /** Opens (or reuses) the timeline panel on a new session of `target`. `run`: to the end; `step`: paused before round 1. */
  async runFixture(target: Target, mode: 'run' | 'step' | 'debug'): Promise<RunSession | undefined> {
    if (!this.trusted) {
      this.explainRestricted();
      return undefined;
    }
    const entry = this.index.get(target.file) ?? (await this.index.update(this.vscode.Uri.file(target.file)));
    const label = entry?.label ?? path.basename(target.file);
    if (entry && entry.problems.length > 0) {
      const p = entry.problems[0]!;
      void this.vscode.window.showErrorMessage(`plugbench: ${label} is not a valid fixture: ${p.message} (line ${p.line}). See the Problems view.`, 'Open Fixture').then((c) => {
        if (c) this.openFixture(target.file);
      });
      this.write('error', `${label}: cannot run an invalid fixture:\n${entry.problems.map((i) => `  ${i.line}:${i.column} ${i.path}: ${i.message}`).join('\n')}`);
      return undefined;
    }
    const session = this.#newSession(target, label, mode === 'debug');
    const title = `Timeline: ${entry?.name ?? path.basename(target.file)}${target.task ? ` › ${target.task}` : ''}`;
    this.#show({ kind: 'session', session, title });
    const history = this.history.start({ kind: mode === 'debug' ? RunKind.Debug : mode === 'step' ? RunKind.Step : RunKind.Run, fixture: target.file, label, ...(target.task ? { task: target.task } : {}) });
    this.#entryOf.set(session, history);
    this.write('info', `${mode} ${label}${target.task ? ` (task ${target.task})` : ''}`);
    await session.start();
    if (mode === 'run' && session.phase === 'paused') await session.runToEnd();
    return session;
  }

  #newSession(target: Target, label: string, debugging: boolean): RunSession {
    const folder = this.vscode.workspace.getWorkspaceFolder(this.vscode.Uri.file(target.file));
    const session = new RunSession({
      fixture: target.file,
      ...(target.task !== undefined ? { task: target.task } : {}),
      label,
      roundTimeoutMs: debugging ? DEBUG_ROUND_TIMEOUT_MS : this.#settings.roundTimeoutMs,
      maxRounds: this.#settings.maxRounds,
      debugging,
      startRunner: () => (debugging ? this.runners.debug(folder, label) : this.runners.fork(this.runners.cwdFor(target.file))),
      log: (level, message) => this.write(level, message),
    });
    let logged = 0;
    const name = path.basename(target.file).replace(/\.fixture\.(json|ya?ml)$/i, '');
    session.listen({
      status: (st) => {
        if (st.phase === 'error' && st.error) this.#sessionError(session, st);
        if (st.phase === 'paused' || st.phase === 'finished') this.#clearPluginProblems(target.file);
        if (st.phase !== 'running' && st.phase !== 'starting') this.write(st.phase === 'error' ? 'error' : 'info', `${name}: ${st.message}`);
      },
      // The run log: what plugins logged during their calls, as the records bring it.
      append: (records) => {
        for (const r of records) {
          if (r.kind !== 'call' || r.logs.length === 0) continue;
          for (const l of r.logs) {
            if (logged++ === RUN_LOG_LINES) this.write('info', `${name}: more plugin log lines are in the timeline's inspector (the log keeps the first ${RUN_LOG_LINES} of a run)`);
            if (logged > RUN_LOG_LINES) return;
            this.write(l.level === 'warn' ? 'warn' : l.level === 'error' ? 'error' : l.level === 'debug' ? 'debug' : 'info', `${name} ${r.task} #${r.round} ${r.call}: ${l.message}`);
          }
        }
      },
      reset: () => {
        logged = 0;
      },
    });
    return session;
  }

  #sessionError(session: RunSession, st: SessionStatus): void {
    const err = st.error!;
    if (err.kind === 'plugin-load' || err.kind === 'fixture') this.#pluginProblems(session.options.fixture, err as RunnerRequestError['error']);
    const what = err.kind === 'fixture' ? 'invalid fixture' : err.kind === 'plugin-load' ? 'the plugin did not load' : err.kind === 'timeout' ? 'the plugin stopped answering' : 'the run failed';
    void this.vscode.window.showErrorMessage(`plugbench: ${session.options.label}: ${what}: ${firstLine(err.message)}`, 'Show Log', 'Open Fixture').then((c) => {
      if (c === 'Show Log') this.showLog();
      if (c === 'Open Fixture') this.openFixture(session.options.fixture);
    });
  }

  #pluginProblems(fixture: string, error: RunnerRequestError['error']): void {
    if (!('kind' in error) || (error.kind !== 'plugin-load' && error.kind !== 'fixture')) return;
    const e = error as { kind: string; message: string; file?: string; line?: number; column?: number; problems?: { file: string; line: number; column: number; endLine?: number; endColumn?: number; message: string; path: string }[] };
    if (error.kind === 'fixture') {
      void this.index.update(this.vscode.Uri.file(fixture));
      return;
    }
    const byFile = new Map<string, typeof e.problems>();
    for (const p of e.problems ?? []) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);
    if (byFile.size === 0 && e.file) byFile.set(e.file, [{ file: e.file, line: e.line ?? 1, column: e.column ?? 1, message: firstLine(e.message), path: '' }]);
    for (const [file, problems] of byFile) this.diagnostics.setPluginProblems(file, problems ?? [], firstLine(e.message));
    this.#pluginFilesWithProblems.set(fixture, [...byFile.keys()]);
  }

  #pluginFilesWithProblems = new Map<string, string[]>();

  #clearPluginProblems(fixture: string): void {
    for (const f of this.#pluginFilesWithProblems.get(fixture) ?? []) this.diagnostics.clearPlugin(f);
    this.#pluginFilesWithProblems.delete(fixture);
  }

  #recordProgress(s: RunSession): void {
    const entry = this.#entryOf.get(s);
    if (!entry) return;
    const st = s.status;
    switch (st.phase) {
      case 'starting':
      case 'running':
        this.history.progress(entry, st.rounds);
        return;
      case 'paused':
        if (entry.outcome !== 'stopped' || entry.rounds !== st.rounds) this.history.finish(entry, 'stopped', `paused at round ${st.rounds}`, st.rounds);
        return;
      case 'finished':
        this.history.finish(entry, 'finished', st.message, st.rounds);
        return;
      case 'stopped':
        this.history.finish(entry, 'stopped', st.message, st.rounds);
        return;
      case 'error':
        this.history.finish(entry, 'error', firstLine(st.error?.message ?? st.message), st.rounds);
    }
  }

  #testsStarted(label: string, fixtures: FixtureEntry[], debug: boolean): { finish(passed: number, failed: number, errored: number): void } {
    const entry = this.history.start({ kind: debug ? RunKind.Debug : RunKind.Test, fixture: fixtures.length === 1 ? fixtures[0]!.file : '', label, });
    const bar = this.statusBar.tests(label);
    this.write('info', `testing ${label}${debug ? ' under the debugger' : ''}`);
    return {
      finish: (passed, failed, errored) => {
        const text = `${passed} passed, ${failed} failed${errored ? `, ${errored} errored` : ''}`;
        this.history.finish(entry, failed + errored > 0 ? 'failed' : 'passed', text);
        this.write(failed + errored > 0 ? 'warn' : 'info', `tests of ${label}: ${text}`);
        bar.done(`${label}: ${text}`, failed + errored > 0);
      },
    };
  }

  #show(source: PanelSource): TimelinePanel {
    if (this.panel && !this.panel.disposed) {
      this.panel.setSource(source);
      this.panel.reveal();
    } else {
      this.panel = TimelinePanel.create(this.vscode, this.context.extensionUri, source, this);
    }
    void this.vscode.commands.executeCommand('setContext', ContextKeys.sessionActive, source.kind === 'session');
    this.changed(this.panel);
    return this.panel;
  }

  /** The serializer: a panel VS Code kept across a reload. The run is replayed to where it was. */
  async restorePanel(webviewPanel: WebviewPanel, rawState: unknown): Promise<void> {
    webviewPanel.webview.options = webviewOptions(this.vscode, this.context.extensionUri);
    const state = parsePanelState(rawState);
    const title = webviewPanel.title || 'plugbench timeline';
    let source: PanelSource;
    if (!state) {
      source = { kind: 'message', title, fixture: '', status: { phase: 'stopped', message: 'Nothing to restore: run or step a fixture to see its timeline.', rounds: 0 } };
    } else if (!fs.existsSync(state.fixture)) {
      source = { kind: 'message', title, fixture: state.fixture, status: { phase: 'error', message: `The fixture ${state.fixture} is gone.`, rounds: 0 } };
    } else if (!this.trusted) {
      source = {
        kind: 'message',
        title,
        fixture: state.fixture,
        ...(state.task !== undefined ? { task: state.task } : {}),
        status: { phase: 'restricted', message: 'Restricted mode: plugbench does not run workspace plugins until you trust the workspace. Run the fixture again once it is trusted.', rounds: 0 },
      };
    } else {
      const target: Target = { file: state.fixture, ...(state.task !== undefined ? { task: state.task } : {}) };
      const label = this.index.get(state.fixture)?.label ?? path.basename(state.fixture);
      const session = this.#newSession(target, label, false);
      if (state.ui?.breakpoints) session.setBreakpoints(state.ui.breakpoints);
      source = { kind: 'session', session, title };
      this.write('info', `restoring the timeline of ${label}: replaying ${state.rounds} round${state.rounds === 1 ? '' : 's'}`);
      const panel = new TimelinePanel(this.vscode, webviewPanel, this.context.extensionUri, source, this);
      this.panel?.dispose();
      this.panel = panel;
      void this.vscode.commands.executeCommand('setContext', ContextKeys.sessionActive, true);
      await session.start(state.rounds, state.ui?.cursor);
      return;
    }
    const panel = new TimelinePanel(this.vscode, webviewPanel, this.context.extensionUri, source, this);
    this.panel?.dispose();
    this.panel = panel;
  }

  /** Opens a recorded timeline (NDJSON, e.g. a golden file) in the panel. */
  async openTimelineFile(uri: Uri): Promise<void> {
    try {
      const text = new TextDecoder().decode(await this.vscode.workspace.fs.readFile(uri));
      const records = readTimelineText(text, uri.fsPath);
      this.#show({ kind: 'static', records, title: `Timeline: ${path.basename(uri.fsPath)}`, file: uri.fsPath });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.write('error', message);
      void this.vscode.window.showErrorMessage(`plugbench: cannot open ${path.basename(uri.fsPath)} as a timeline: ${firstLine(message)}`);
    }
  }

  // Commands

  #registerCommands(): void {
    const reg = (id: string, fn: (...args: unknown[]) => unknown) =>
      this.#disposables.push(
        this.vscode.commands.registerCommand(id, async (...args: unknown[]) => {
          try {
            return await fn(...args);
          } catch (e) {
            // Never silent, never a crash of the host.
            const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
            this.write('error', `${id} failed: ${message}`);
            void this.vscode.window.showErrorMessage(`plugbench: ${firstLine(e instanceof Error ? e.message : String(e))}`, 'Show Log').then((c) => {
              if (c) this.showLog();
            });
            return undefined;
          }
        }),
      );
    const C = Commands;
    reg(C.runFixture, async (arg) => this.#withTarget(arg, (t) => this.runFixture(t, 'run')));
    reg(C.stepFixture, async (arg) => this.#withTarget(arg, (t) => this.runFixture(t, 'step')));
    reg(C.debugFixture, async (arg) => this.#withTarget(arg, (t) => this.runFixture(t, 'debug')));
    reg(C.testFixture, async (arg) =>
      this.#withTarget(arg, async (t) => {
        if (!this.trusted) return this.explainRestricted();
        return this.tests.runFiles([t.file]);
      }),
    );
    reg(C.step, () => this.#onSession((s) => s.step()));
    reg(C.stepBack, () => this.#onSession((s) => s.stepBack()));
    reg(C.runToEnd, () => this.#onSession((s) => s.runToEnd()));
    reg(C.runToNextEvent, () => this.#onSession((s) => s.runToNext('event')));
    reg(C.runToNextPhase, () => this.#onSession((s) => s.runToNext('phase-change')));
    reg(C.reset, () => this.#onSession((s) => s.reset()));
    reg(C.stop, () => this.#onSession(async (s) => s.stop()));
    reg(C.runAllTests, async () => {
      if (!this.trusted) return this.explainRestricted();
      await this.index.refresh();
      return this.tests.runFiles(undefined);
    });
    reg(C.rerunLast, () => this.rerun_(this.history.last));
    reg(C.showHistory, () => this.#showHistory());
    reg(C.openTimeline, async (arg) => {
      const uri = arg && typeof arg === 'object' && 'fsPath' in arg ? (arg as Uri) : this.vscode.window.activeTextEditor?.document.uri;
      if (uri && /\.(ndjson|jsonl)$/i.test(uri.fsPath)) return this.openTimelineFile(uri);
      if (this.panel && !this.panel.disposed) return this.panel.reveal();
      return this.#withTarget(arg, (t) => this.runFixture(t, 'step'));
    });
    reg(C.showLog, () => this.showLog());
    reg(C.refresh, () => this.index.refresh());
    reg(C.manageTrust, () => this.vscode.commands.executeCommand('workbench.trust.manage'));
  }

  /** Reruns a history entry the way it was run. */
  async rerun_(entry: RunEntry | undefined): Promise<void> {
    if (!entry) {
      void this.vscode.window.showInformationMessage('plugbench: nothing ran yet in this workspace. Run a fixture from its CodeLens, the plugbench view or Test Explorer.');
      return;
    }
    const target: Target = { file: entry.fixture, ...(entry.task !== undefined ? { task: entry.task } : {}) };
    switch (entry.kind) {
      case RunKind.Run:
      case RunKind.Step:
      case RunKind.Debug:
        if (!entry.fixture) return this.tests.runFiles(undefined, entry.kind === RunKind.Debug);
        if (entry.kind === RunKind.Debug && !this.index.get(entry.fixture)) return;
        await this.runFixture(target, entry.kind === RunKind.Debug ? 'debug' : entry.kind);
        return;
      case RunKind.Test:
        if (!this.trusted) return this.explainRestricted();
        return this.tests.runFiles(entry.fixture ? [entry.fixture] : undefined);
    }
  }

  async #showHistory(): Promise<void> {
    const entries = this.history.entries;
    if (entries.length === 0) {
      void this.vscode.window.showInformationMessage('plugbench: the run history is empty.');
      return;
    }
    type Pick = import('vscode').QuickPickItem & { entry?: RunEntry; clear?: boolean };
    const picks: Pick[] = [...entries.map((entry) => ({ ...describeEntry(entry), entry })), { label: '$(clear-all) Clear the history', clear: true }];
    const choice = await this.vscode.window.showQuickPick(picks, { title: 'plugbench: recent runs (pick one to run it again)', matchOnDescription: true, matchOnDetail: true });
    if (!choice) return;
    if (choice.clear) this.history.clear();
    else await this.rerun_(choice.entry);
  }

  async #onSession(op: (s: RunSession) => Promise<void>): Promise<void> {
    const s = this.panel?.session;
    if (s) {
      this.panel!.reveal();
      return op(s);
    }
    // No timeline yet: step the fixture in the active editor, if it is one.
    const doc = this.vscode.window.activeTextEditor?.document;
    if (doc && this.index.isFixture(doc.uri)) {
      await this.runFixture({ file: doc.uri.fsPath }, 'step');
      return;
    }
    void this.vscode.window.showInformationMessage('plugbench: no run is open. Run or step a fixture first (its CodeLens, the plugbench view, or "plugbench: Step Through Fixture").');
  }

  /** Finds what a command acts on: its argument, the active fixture, or the user's pick. */
  async #withTarget<T>(arg: unknown, fn: (t: Target) => Promise<T> | T): Promise<T | undefined> {
    const target = await this.#target(arg);
    return target ? fn(target) : undefined;
  }

  async #target(arg: unknown): Promise<Target | undefined> {
    if (arg && typeof arg === 'object') {
      const a = arg as { file?: unknown; task?: unknown; fsPath?: unknown; uri?: { fsPath?: unknown } };
      if (typeof a.file === 'string') return { file: a.file, ...(typeof a.task === 'string' ? { task: a.task } : {}) };
      const fromTree = targetOf(arg);
      if (fromTree) return fromTree;
      if (typeof a.fsPath === 'string') return { file: a.fsPath };
      if (a.uri && typeof a.uri.fsPath === 'string') {
        // A TestItem: its id is the fixture path, or `path#task`.
        const id = (arg as { id?: unknown }).id;
        if (typeof id === 'string') {
          const [file, rest] = id.split('#');
          const task = rest && !rest.startsWith('checks') ? rest.split('/')[0] : undefined;
          return { file: file!, ...(task ? { task } : {}) };
        }
        return { file: a.uri.fsPath as string };
      }
    }
    const doc = this.vscode.window.activeTextEditor?.document;
    if (doc && this.index.isFixture(doc.uri)) return { file: doc.uri.fsPath };
    const fixtures = this.index.fixtures;
    if (fixtures.length === 0) {
      void this.vscode.window.showInformationMessage(`plugbench: no fixtures found (plugbench.fixtureGlobs: ${this.#settings.fixtureGlobs.join(', ')}).`);
      return undefined;
    }
    const pick = await this.vscode.window.showQuickPick(
      fixtures.map((f) => ({ label: f.name, description: f.label, detail: f.problems.length ? `$(error) ${f.problems[0]!.message}` : f.description, file: f.file })),
      { title: 'plugbench: which fixture?', matchOnDescription: true },
    );
    return pick ? { file: pick.file } : undefined;
  }

  async #reloadSettings(): Promise<void> {
    const { settings, problems } = readSettings(this.vscode.workspace.getConfiguration('plugbench'));
    for (const p of problems) this.write('warn', p);
    this.#settings = settings;
    this.codeLens.refresh();
    await this.index.updateSettings(settings);
  }

  #onSave(doc: TextDocument): void {
    if (this.index.isFixture(doc.uri)) void this.index.update(doc.uri, doc.getText());
    const s = this.panel?.session;
    // A saved plugin is used by the next reset or rerun: say so, without restarting behind the user's back.
    if (s && s.info?.plugin && path.resolve(s.info.plugin) === doc.uri.fsPath) {
      this.write('info', `${path.basename(doc.uri.fsPath)} changed: reset or rerun the timeline to run the new code`);
    }
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.#disposables.splice(0)) {
      try {
        d.dispose();
      } catch (e) {
        this.log.error(`dispose failed: ${String(e)}`);
      }
    }
  }
}

function firstLine(s: string): string {
  const line = s.split('\n')[0] ?? s;
  return line.length > 240 ? `${line.slice(0, 237)}…` : line;
}
