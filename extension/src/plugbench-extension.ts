/**
 * The extension: wires discovery, the tree, CodeLens, diagnostics, completion, Test Explorer, the timeline panel,
 * the commands, the status bar and the run history together. It receives the VS Code API instead of importing it
 * (microsoft/playwright-vscode's pattern), so unit tests build it with the in-repo fake. The parts live in host/:
 * the log, workspace trust, command registration, command targets, the session factory, plugin problems, and the
 * run history's recording and rerun, the timeline panel; this class builds them and runs fixtures.
 *
 * @module
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ContextKeys } from './commands';
import { readSettings, type PlugbenchSettings } from './core/config';
import { RunHistory, type RunEntry } from './core/history';
import type { JsonSchema } from './core/yaml-complete';
import { registerCommands } from './host/command-registration';
import { ExtensionLog, type Log, type LogLevel } from './host/extension-log';
import { HistoryCommands } from './host/history-commands';
import { PluginProblems } from './host/plugin-problems';
import { RunRecorder, type ResumeAt, type SessionStart } from './host/run-recorder';
import { SessionFactory } from './host/session-factory';
import { TargetResolver, type Target } from './host/targets';
import { WorkspaceTrust } from './host/workspace-trust';
import { TimelinePanelKeeper } from './host/timeline-panel-keeper';
import type { GoldenPanels } from './panel/golden-panels';
import type { PanelHost, TimelinePanel } from './panel/timeline-panel';
import { TIMELINE_VIEW_TYPE } from './protocol/webview-schema';
import { RunnerFactory } from './host/runner-factory';
import type { RunSession } from './session/run-session';
import { FixtureTests } from './testing/fixture-tests';
import { FixtureCodeLens } from './views/codelens';
import { Diagnostics } from './views/diagnostics';
import { FixtureIndex } from './views/fixture-index';
import { FixturesTree, type TreeNode } from './views/fixtures-tree';
import { RunStatusBar } from './views/status-bar';
import { YamlFixtureCompletion } from './views/yaml-completion';
import type {
  Disposable,
  ExtensionContext,
  LogOutputChannel,
  TextDocument,
  TreeView,
  Uri,
  VSCode,
  WebviewPanel,
} from './vscode-types';

// Target moved to host/targets.ts with the code that finds one; callers still name it here.
export type { Target } from './host/targets';

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
  #settings: PlugbenchSettings;
  #schema: JsonSchema | undefined;
  #schemaPath: string;
  readonly #log: ExtensionLog;
  readonly #trust: WorkspaceTrust;
  readonly #problems: PluginProblems;
  readonly #recorder: RunRecorder;
  readonly #sessions: SessionFactory;
  readonly #historyCommands: HistoryCommands;
  readonly #panelKeeper: TimelinePanelKeeper;
  readonly #disposables: Disposable[] = [];

  readonly #vscode: VSCode;
  readonly #context: ExtensionContext;
  constructor(vscode: VSCode, context: ExtensionContext) {
    this.#vscode = vscode;
    this.#context = context;
    this.#log = new ExtensionLog(vscode);
    this.log = this.#log.channel;
    this.#settings = this.#readSettings();
    this.#schemaPath = path.join(context.extensionUri.fsPath, 'harness', 'schema', 'fixture.schema.json');
    const log = (level: LogLevel, message: string) => this.write(level, message);
    this.#trust = new WorkspaceTrust({ vscode, write: log });
    this.history = new RunHistory(context.workspaceState, this.#settings.historySize);
    ({
      index: this.index,
      diagnostics: this.diagnostics,
      tree: this.tree,
      treeView: this.treeView,
      codeLens: this.codeLens,
      statusBar: this.statusBar,
    } = this.#createViews(log));
    this.runners = this.#createRunnerFactory(log);
    this.tests = this.#createFixtureTests(log);
    this.#problems = new PluginProblems({ vscode, index: this.index, diagnostics: this.diagnostics });
    this.#recorder = new RunRecorder({ history: this.history, statusBar: this.statusBar, write: log });
    this.#sessions = this.#createSessionFactory(log);
    this.#historyCommands = new HistoryCommands({ vscode, host: this });
    this.#panelKeeper = this.#createPanelKeeper(log);
    this.#disposables.push(this.log, this.index, this.diagnostics, this.treeView, this.statusBar, this.tests);
    this.#registerProviders();
    this.#followWorkspace();
    this.#registerCommands(log);
  }

  /** The settings, their problems logged. */
  #readSettings(): PlugbenchSettings {
    const { settings, problems } = readSettings(this.#vscode.workspace.getConfiguration('plugbench'));
    for (const p of problems) this.write('warn', p);
    return settings;
  }

  /** Discovery and what shows it: the fixture index, diagnostics, the tree, CodeLens and the status bar. */
  #createViews(log: Log) {
    const vscode = this.#vscode;
    const worker = path.join(this.#context.extensionUri.fsPath, 'dist', 'extension', 'fixture-info-worker.js');
    const index = new FixtureIndex(vscode, this.#settings, log, worker);
    const diagnostics = new Diagnostics(vscode, () => this.yamlExtension);
    const tree = new FixturesTree(vscode, index, () => this.trusted);
    const treeView = vscode.window.createTreeView('plugbench.fixtures', {
      treeDataProvider: tree,
      showCollapseAll: true,
    });
    const codeLens = new FixtureCodeLens(
      vscode,
      index,
      () => this.#settings.codeLens,
      () => this.trusted,
    );
    return { index, diagnostics, tree, treeView, codeLens, statusBar: new RunStatusBar(vscode) };
  }

  /** Runner processes, their plugin bundles in the extension's storage. */
  #createRunnerFactory(log: Log): RunnerFactory {
    const storage = this.#context.storageUri ?? this.#context.globalStorageUri;
    return new RunnerFactory(
      this.#vscode,
      this.#context.extensionUri.fsPath,
      () => this.#settings,
      log,
      storage ? path.join(storage.fsPath, 'plugin-bundles') : undefined,
    );
  }

  /** Test Explorer: fixtures as tests, run in forked runners or under the debugger. */
  #createFixtureTests(log: Log): FixtureTests {
    const vscode = this.#vscode;
    return new FixtureTests(vscode, this.index, {
      trusted: () => this.trusted,
      explainRestricted: () => this.explainRestricted(),
      contractChecks: () => this.#settings.contractChecks,
      roundTimeoutMs: () => this.#settings.roundTimeoutMs,
      startRunner: (fixture, debug) =>
        debug
          ? this.runners.debug(
              vscode.workspace.getWorkspaceFolder(vscode.Uri.file(fixture)),
              `test ${path.basename(fixture)}`,
              debug.testRun,
            )
          : this.runners.fork(this.runners.cwdFor(fixture)),
      log,
      started: (label, fixtures, debug) => this.#recorder.testsStarted(label, fixtures, debug),
      pluginProblems: (fixture, error) => this.#problems.report(fixture, error),
    });
  }

  /** Timeline sessions of fixtures, wired to the log, the diagnostics and the notifications. */
  #createSessionFactory(log: Log): SessionFactory {
    return new SessionFactory({
      vscode: this.#vscode,
      host: {
        runners: this.runners,
        problems: this.#problems,
        settings: () => this.#settings,
        write: log,
        showLog: () => this.showLog(),
        openFixture: (file) => this.openFixture(file),
      },
    });
  }

  /** The one timeline panel. */
  #createPanelKeeper(log: Log): TimelinePanelKeeper {
    return new TimelinePanelKeeper(this.#vscode, this.#context.extensionUri, this, {
      index: this.index,
      statusBar: this.statusBar,
      trusted: () => this.trusted,
      write: log,
      createSession: (target, label) => this.#sessions.create(target, label, false),
      progress: (s) => this.#recorder.progress(s),
    });
  }

  /** CodeLens, YAML completion and the timeline panel's serializer. */
  #registerProviders(): void {
    const vscode = this.#vscode;
    const fixtureSelector = [
      { scheme: 'file', pattern: '**/*.fixture.{json,yaml,yml}' },
      { scheme: 'untitled', language: 'yaml' },
    ];
    this.#disposables.push(
      vscode.languages.registerCodeLensProvider(fixtureSelector, this.codeLens),
      vscode.languages.registerCompletionItemProvider(
        [{ language: 'yaml', scheme: 'file' }],
        new YamlFixtureCompletion(
          vscode,
          () => (this.yamlExtension ? undefined : this.schema),
          (d) => this.index.isFixture(d.uri),
        ),
        ' ',
        ':',
        '-',
      ),
      vscode.window.registerWebviewPanelSerializer(TIMELINE_VIEW_TYPE, {
        deserializeWebviewPanel: (panel, state) => this.restorePanel(panel, state),
      }),
    );
  }

  /** Follows the index, the settings, workspace trust and the documents saved and closed. */
  #followWorkspace(): void {
    const vscode = this.#vscode;
    this.#disposables.push(
      this.index.onDidChange(() => {
        this.tree.refresh();
        this.codeLens.refresh();
        this.diagnostics.setFixtures(this.index.fixtures);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('plugbench')) void this.#reloadSettings();
      }),
      this.#trust.onGranted(() => {
        this.tree.refresh();
        this.codeLens.refresh();
      }),
      vscode.workspace.onDidSaveTextDocument((d) => this.#onSave(d)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        // Unsaved edits are gone: what counts again is the file on disk.
        if (this.index.isFixture(d.uri)) void this.index.update(d.uri);
      }),
    );
  }

  /** The commands. */
  #registerCommands(log: Log): void {
    this.#disposables.push(
      ...registerCommands(this.#vscode, {
        index: this.index,
        tests: this.tests,
        history: this.history,
        targets: new TargetResolver(
          this.#vscode,
          this.index,
          () => this.#settings,
          (item) => this.tests.targetOf(item),
        ),
        historyCommands: this.#historyCommands,
        panel: () => this.panel,
        trusted: () => this.trusted,
        explainRestricted: () => this.explainRestricted(),
        write: log,
        showLog: () => this.showLog(),
        runFixture: (t, mode) => this.runFixture(t, mode),
        openTimelineFile: (uri) => this.openTimelineFile(uri),
        pickTimelineFile: () => this.#panelKeeper.pickFile(),
        compareWithGolden: (fixture) => this.#panelKeeper.compareWithGolden(fixture),
        compareAction: (action) => this.goldens.compare?.action(action),
      }),
    );
  }

  /** Starts discovery. Resolves when the first search is done. */
  async activate(): Promise<void> {
    this.write(
      'info',
      `plugbench ${this.#context.extension?.packageJSON?.version ?? ''} activated${this.trusted ? '' : ' in restricted mode: fixtures are shown and validated, not run'}`,
    );
    void this.#vscode.commands.executeCommand('setContext', ContextKeys.sessionActive, false);
    await this.index.refresh();
  }

  /** Whether Red Hat's YAML extension is installed: it validates and completes YAML fixtures from `yamlValidation`. */
  get yamlExtension(): boolean {
    return this.#vscode.extensions.getExtension('redhat.vscode-yaml') !== undefined;
  }

  get trusted(): boolean {
    return this.#trust.trusted;
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

  /** The timeline panel, when one is open. */
  get panel(): TimelinePanel | undefined {
    return this.#panelKeeper.panel;
  }

  /** The golden timelines' panels and the comparison of a run with its golden timeline. */
  get goldens(): GoldenPanels {
    return this.#panelKeeper.goldens;
  }

  /** The last lines written to the log (integration tests read them; VS Code gives no way to read a channel). */
  get recentLog(): string[] {
    return this.#log.recent;
  }

  /** Writes to the output channel. */
  write(level: LogLevel, message: string): void {
    this.#log.write(level, message);
  }

  // PanelHost

  rerun(panel: TimelinePanel): void {
    const s = panel.session;
    if (s)
      void this.runFixture(
        { file: s.options.fixture, ...(s.options.task !== undefined ? { task: s.options.task } : {}) },
        s.options.debugging ? 'debug' : 'run',
      );
    else if (panel.source.kind === 'message')
      void this.runFixture(
        { file: panel.source.fixture, ...(panel.source.task !== undefined ? { task: panel.source.task } : {}) },
        'run',
      );
  }

  openFixture(file: string): void {
    void this.#vscode.window.showTextDocument(this.#vscode.Uri.file(file), {
      viewColumn: this.#vscode.ViewColumn.One,
      preview: false,
    });
  }

  showLog(): void {
    this.log.show(true);
  }

  changed(panel: TimelinePanel): void {
    this.#panelKeeper.changed(panel);
  }

  disposed(panel: TimelinePanel): void {
    this.#panelKeeper.disposed(panel);
  }

  // Running

  /** Says why nothing runs in restricted mode, with the way out. */
  explainRestricted(): void {
    this.#trust.explainRestricted();
  }

  /**
   * Opens (or reuses) the timeline panel on a new session of `target`. `run`: to the end; `step`: paused before
   * round 1; `at`: resumed where a history entry was (replayed, paused there).
   */
  async runFixture(target: Target, mode: SessionStart, at?: ResumeAt): Promise<RunSession | undefined> {
    if (!this.trusted) {
      this.explainRestricted();
      return undefined;
    }
    const entry = this.index.get(target.file) ?? (await this.index.update(this.#vscode.Uri.file(target.file)));
    const label = entry?.label ?? path.basename(target.file);
    if (entry && entry.problems.length > 0) {
      const p = entry.problems[0]!;
      void this.#vscode.window
        .showErrorMessage(
          `plugbench: ${label} is not a valid fixture: ${p.message} (line ${p.line}). See the Problems view.`,
          'Open Fixture',
        )
        .then((c) => {
          if (c) this.openFixture(target.file);
        });
      this.write(
        'error',
        `${label}: cannot run an invalid fixture:\n${entry.problems.map((i) => `  ${i.line}:${i.column} ${i.path}: ${i.message}`).join('\n')}`,
      );
      return undefined;
    }
    const session = this.#sessions.create(target, label, mode === 'debug');
    const title = `Timeline: ${entry?.name ?? path.basename(target.file)}${target.task ? ` › ${target.task}` : ''}`;
    this.#panelKeeper.show({ kind: 'session', session, title });
    this.#recorder.sessionStarted(session, target, label, mode);
    this.write('info', `${mode} ${label}${target.task ? ` (task ${target.task})` : ''}`);
    await session.start(at?.rounds, at?.cursor);
    if (mode === 'run' && !at && session.phase === 'paused') await session.runToEnd();
    return session;
  }

  /** The serializer: a panel VS Code kept across a reload. The run is replayed to where it was. */
  restorePanel(webviewPanel: WebviewPanel, rawState: unknown): Promise<void> {
    return this.#panelKeeper.restore(webviewPanel, rawState);
  }

  /** Opens a recorded timeline (NDJSON, e.g. a golden file) in the panel. */
  openTimelineFile(uri: Uri): Promise<void> {
    return this.#panelKeeper.openFile(uri);
  }

  /** Reruns a history entry the way it was run. */
  rerunEntry(entry: RunEntry | undefined): Promise<void> {
    return this.#historyCommands.rerun(entry);
  }

  async #reloadSettings(): Promise<void> {
    this.#settings = this.#readSettings();
    this.history.setLimit(this.#settings.historySize);
    this.codeLens.refresh();
    await this.index.updateSettings(this.#settings);
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
    this.goldens.dispose();
    for (const d of this.#disposables.splice(0)) {
      try {
        d.dispose();
      } catch (e) {
        this.log.error(`dispose failed: ${String(e)}`);
      }
    }
  }
}
