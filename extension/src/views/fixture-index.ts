/**
 * The fixtures and plugins of the workspace: found with the globs of `plugbench.fixtureGlobs` and
 * `plugbench.pluginGlobs`, kept up to date by file watchers and by edits of open documents (unsaved text
 * counts), and read with the harness's loader. Nothing here runs workspace code, so it all works in restricted
 * mode.
 *
 * @module
 */
import * as path from 'node:path';
import { unreadableFixture, type FixtureInfo } from '../core/fixture-info';
import { FixtureParser } from '../core/fixture-parser';
import { GlobSet } from '../core/glob';
import type { PlugbenchSettings } from '../core/config';
import type { Disposable, TextDocument, Uri, VSCode, WorkspaceFolder } from '../vscode-types';

/** A fixture file in the workspace. */
export interface FixtureEntry extends FixtureInfo {
  uri: Uri;
  folder: WorkspaceFolder | undefined;
  /** Path relative to its workspace folder (with the folder's name in a multi-root workspace). */
  label: string;
}

/** A plugin source file in the workspace. */
export interface PluginFileEntry {
  uri: Uri;
  label: string;
  /** Fixtures that name it. */
  fixtures: FixtureEntry[];
  /** A fixture names it and no file is there. */
  missing: boolean;
}

/** Finds and reads fixtures and plugins. */
export class FixtureIndex {
  #fixtures = new Map<string, FixtureEntry>();
  #pluginFiles = new Map<string, Uri>();
  #settings: PlugbenchSettings;
  #fixtureGlobs: GlobSet;
  #pluginGlobs: GlobSet;
  #watchers: Disposable[] = [];
  #subscriptions: Disposable[] = [];
  #timers = new Map<string, NodeJS.Timeout>();
  #refreshing: Promise<void> | undefined;
  readonly #parser: FixtureParser;
  readonly #emitter;
  /** Fires when fixtures or plugins were added, removed or changed. */
  readonly onDidChange;

  readonly #vscode: VSCode;
  readonly #log: (level: 'trace' | 'debug' | 'info' | 'warn' | 'error', message: string) => void;
  constructor(
    vscode: VSCode,
    settings: PlugbenchSettings,
    log: (level: 'trace' | 'debug' | 'info' | 'warn' | 'error', message: string) => void,
    /** The bundled fixture reader (`dist/extension/fixture-info-worker.js`); without it fixtures are read in-thread. */
    parserWorkerPath?: string,
  ) {
    this.#vscode = vscode;
    this.#log = log;
    this.#parser = new FixtureParser({ workerPath: parserWorkerPath, log });
    this.#settings = settings;
    [this.#fixtureGlobs, this.#pluginGlobs] = this.#globSets(settings);
    this.#emitter = new vscode.EventEmitter<void>();
    this.onDidChange = this.#emitter.event;
    this.#subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((e) => this.#onEdit(e.document)),
      vscode.workspace.onDidOpenTextDocument((d) => this.#onEdit(d)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.refresh()),
    );
  }

  /** Every fixture: the workspace's by label, then those opened from outside it. */
  get fixtures(): FixtureEntry[] {
    return [...this.#fixtures.values()].sort(
      (a, b) => Number(!a.folder) - Number(!b.folder) || a.label.localeCompare(b.label),
    );
  }

  /** Plugin files: those the globs find, and those fixtures name. */
  get plugins(): PluginFileEntry[] {
    const byPath = new Map<string, PluginFileEntry>();
    for (const [p, uri] of this.#pluginFiles)
      byPath.set(p, { uri, label: this.#label(uri), fixtures: [], missing: false });
    for (const f of this.fixtures) {
      for (const m of f.modules.filter((x) => x.role === 'plugin')) {
        let e = byPath.get(m.path);
        if (!e) {
          const uri = this.#vscode.Uri.file(m.path);
          e = { uri, label: this.#label(uri), fixtures: [], missing: m.missing };
          byPath.set(m.path, e);
        }
        if (!e.fixtures.includes(f)) e.fixtures.push(f);
      }
    }
    return [...byPath.values()].sort((a, b) => a.label.localeCompare(b.label));
  }

  get(fsPath: string): FixtureEntry | undefined {
    return this.#fixtures.get(fsPath);
  }

  /** Whether a file is a fixture by the globs (whether or not it was found yet). */
  isFixture(uri: Uri): boolean {
    if (uri.scheme !== 'file') return false;
    const rel = this.#relative(uri);
    return rel !== undefined && this.#fixtureGlobs.matches(rel);
  }

  /** New settings: new globs, search again. */
  updateSettings(settings: PlugbenchSettings): Promise<void> {
    this.#settings = settings;
    [this.#fixtureGlobs, this.#pluginGlobs] = this.#globSets(settings);
    return this.refresh();
  }

  /** The fixture and plugin glob sets of the settings; a glob that does not compile is a warning, not an exception. */
  #globSets(settings: PlugbenchSettings): [GlobSet, GlobSet] {
    const sets: [GlobSet, GlobSet] = [
      new GlobSet(settings.fixtureGlobs, settings.exclude),
      new GlobSet(settings.pluginGlobs, settings.exclude),
    ];
    for (const problem of new Set(sets.flatMap((g) => g.problems)))
      this.#log('warn', `plugbench settings: ${problem}; the glob is ignored`);
    return sets;
  }

  /** Searches the workspace again. */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#refresh().finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  async #refresh(): Promise<void> {
    const started = Date.now();
    this.#watch();
    const exclude = this.#settings.exclude.length > 0 ? `{${this.#settings.exclude.join(',')}}` : undefined;
    const find = async (globs: string[]): Promise<Uri[]> => {
      const found = await Promise.all(globs.map((g) => this.#vscode.workspace.findFiles(g, exclude)));
      const unique = new Map<string, Uri>();
      for (const u of found.flat()) unique.set(u.fsPath, u);
      return [...unique.values()];
    };
    const [fixtureUris, pluginUris] = await Promise.all([
      find(this.#settings.fixtureGlobs),
      find(this.#settings.pluginGlobs),
    ]);
    const fixtures = new Map<string, FixtureEntry>();
    await Promise.all(
      fixtureUris.map(async (uri) => {
        const entry = await this.#read(uri);
        if (entry) fixtures.set(uri.fsPath, entry);
      }),
    );
    this.#fixtures = fixtures;
    this.#pluginFiles = new Map(
      pluginUris.filter((u) => !this.#fixtureGlobs.matches(this.#relative(u) ?? '')).map((u) => [u.fsPath, u]),
    );
    const invalid = [...fixtures.values()].filter((f) => f.problems.length > 0).length;
    this.#log(
      'info',
      `found ${fixtures.size} fixture${fixtures.size === 1 ? '' : 's'}${invalid ? ` (${invalid} with problems)` : ''} and ${this.#pluginFiles.size} plugin file${this.#pluginFiles.size === 1 ? '' : 's'} in ${Date.now() - started} ms`,
    );
    if (fixtures.size === 0) {
      this.#log(
        'info',
        `no fixture matches plugbench.fixtureGlobs (${this.#settings.fixtureGlobs.join(', ')}) outside plugbench.exclude`,
      );
    }
    this.#emitter.fire();
  }

  /** Reads one fixture again (after a save or a change on disk). */
  async update(uri: Uri, text?: string): Promise<FixtureEntry | undefined> {
    if (!this.isFixture(uri)) return undefined;
    const entry = await this.#read(uri, text);
    if (entry) this.#fixtures.set(uri.fsPath, entry);
    else this.#fixtures.delete(uri.fsPath);
    this.#emitter.fire();
    return entry;
  }

  #remove(uri: Uri): void {
    if (this.#fixtures.delete(uri.fsPath) || this.#pluginFiles.delete(uri.fsPath)) this.#emitter.fire();
    void this.#moduleChanged(uri);
  }

  async #read(uri: Uri, text?: string): Promise<FixtureEntry | undefined> {
    let content = text;
    if (content === undefined) {
      const open = this.#vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (open) content = open.getText();
    }
    if (content === undefined) {
      try {
        content = new TextDecoder().decode(await this.#vscode.workspace.fs.readFile(uri));
      } catch (e) {
        this.#log('warn', `cannot read ${uri.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      }
    }
    let info: FixtureInfo;
    try {
      info = await this.#parser.describe(content, uri.fsPath);
    } catch (e) {
      // One fixture never stops a refresh: what went wrong is its problem.
      info = unreadableFixture(
        uri.fsPath,
        `plugbench could not read the fixture: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    return { ...info, uri, folder: this.#vscode.workspace.getWorkspaceFolder(uri), label: this.#label(uri) };
  }

  /**
   * A file appeared or went away: fixtures naming it as a module are read again (a missing module is their problem,
   * a module that appeared no longer is).
   */
  async #moduleChanged(uri: Uri): Promise<void> {
    const naming = [...this.#fixtures.values()].filter((f) => f.modules.some((m) => m.path === uri.fsPath));
    await Promise.all(naming.map((f) => this.update(f.uri)));
  }

  #onEdit(doc: TextDocument): void {
    if (!this.isFixture(doc.uri)) return;
    // Debounced: a diagnostic per keystroke is wasted work.
    const key = doc.uri.fsPath;
    clearTimeout(this.#timers.get(key));
    this.#timers.set(
      key,
      setTimeout(() => {
        this.#timers.delete(key);
        void this.update(doc.uri, doc.getText());
      }, 150),
    );
  }

  #watch(): void {
    for (const w of this.#watchers) w.dispose();
    this.#watchers = [];
    for (const glob of [...this.#settings.fixtureGlobs, ...this.#settings.pluginGlobs]) {
      const watcher = this.#vscode.workspace.createFileSystemWatcher(glob);
      const isPlugin = (u: Uri) => !this.isFixture(u) && this.#pluginGlobs.matches(this.#relative(u) ?? '');
      this.#watchers.push(
        watcher,
        watcher.onDidCreate((u) => {
          if (this.isFixture(u)) void this.update(u);
          else {
            if (isPlugin(u)) {
              this.#pluginFiles.set(u.fsPath, u);
              this.#emitter.fire();
            }
            void this.#moduleChanged(u);
          }
        }),
        watcher.onDidChange((u) => {
          if (this.isFixture(u)) void this.update(u);
        }),
        watcher.onDidDelete((u) => this.#remove(u)),
      );
    }
    // A module may live outside the plugin globs: files created, deleted or renamed in the editor count too.
    const ws = this.#vscode.workspace;
    const moduleEvent = (uris: readonly Uri[]) => {
      for (const u of uris) if (!this.isFixture(u)) void this.#moduleChanged(u);
    };
    this.#watchers.push(
      ws.onDidCreateFiles((e) => moduleEvent(e.files)),
      ws.onDidDeleteFiles((e) => moduleEvent(e.files)),
      ws.onDidRenameFiles((e) => moduleEvent(e.files.flatMap((f) => [f.oldUri, f.newUri]))),
    );
  }

  /** The path the globs match: relative to the workspace folder; a file outside every folder by its whole path. */
  #relative(uri: Uri): string | undefined {
    const folder = this.#vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return uri.fsPath.split(path.sep).join('/').replace(/^\/+/, '');
    return path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join('/');
  }

  #label(uri: Uri): string {
    const folder = this.#vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return uri.fsPath;
    const rel = path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join('/');
    return (this.#vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? `${folder.name}/${rel}` : rel;
  }

  dispose(): void {
    for (const t of this.#timers.values()) clearTimeout(t);
    for (const d of [...this.#watchers, ...this.#subscriptions]) d.dispose();
    this.#parser.dispose();
    this.#emitter.dispose();
  }
}
