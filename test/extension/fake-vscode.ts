/**
 * A small in-repo fake of the VS Code API: enough of it for the extension's classes to run in mocha without VS Code
 * (microsoft/playwright-vscode's `tests/mock/vscode.ts` is the model). It records what the extension does (messages
 * shown, commands run, test run logs, webview posts) and renders trees as text for string-snapshot assertions.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GlobSet } from '../../extension/src/core/glob';

type Listener<T> = (e: T) => unknown;

export class Disposable {
  static from(...ds: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => ds.forEach((d) => d.dispose()));
  }
  readonly #fn: () => unknown;
  constructor(fn: () => unknown = () => undefined) {
    this.#fn = fn;
  }
  dispose(): void {
    this.#fn();
  }
}

export class EventEmitter<T> {
  #listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>, thisArg?: unknown, disposables?: { dispose(): unknown }[]) => {
    const bound = thisArg ? listener.bind(thisArg) : listener;
    this.#listeners.add(bound);
    const d = new Disposable(() => this.#listeners.delete(bound));
    disposables?.push(d);
    return d;
  };
  fire(e: T): void {
    for (const l of [...this.#listeners]) l(e);
  }
  dispose(): void {
    this.#listeners.clear();
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
    readonly query = '',
  ) {}
  static file(p: string): Uri {
    return new Uri('file', path.resolve(p));
  }
  static parse(s: string): Uri {
    const m = /^([a-z-]+):\/\/(.*)$/.exec(s);
    return m ? new Uri(m[1]!, decodeURIComponent(m[2]!)) : Uri.file(s);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(base.scheme, path.join(base.path, ...parts));
  }
  get fsPath(): string {
    return this.path;
  }
  with(change: { scheme?: string; path?: string; query?: string }): Uri {
    return new Uri(change.scheme ?? this.scheme, change.path ?? this.path, change.query ?? this.query);
  }
  toString(): string {
    return `${this.scheme}://${this.path}${this.query ? `?${this.query}` : ''}`;
  }
  toJSON(): unknown {
    return { scheme: this.scheme, path: this.path };
  }
}

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(a: number | Position, b: number | Position, c?: number, d?: number) {
    if (typeof a === 'number') {
      this.start = new Position(a, b as number);
      this.end = new Position(c!, d!);
    } else {
      this.start = a;
      this.end = b as Position;
    }
  }
  toString(): string {
    return `${this.start.line + 1}:${this.start.character + 1}-${this.end.line + 1}:${this.end.character + 1}`;
  }
}

export class Location {
  constructor(
    readonly uri: Uri,
    readonly range: Range,
  ) {}
}

export const DiagnosticSeverity = { Error: 0, Warning: 1, Information: 2, Hint: 3 } as const;

export class Diagnostic {
  source?: string;
  code?: string | number;
  constructor(
    readonly range: Range,
    readonly message: string,
    readonly severity: number = DiagnosticSeverity.Error,
  ) {}
}

export class ThemeIcon {
  constructor(
    readonly id: string,
    readonly color?: ThemeColor,
  ) {}
}
export class ThemeColor {
  constructor(readonly id: string) {}
}
export class MarkdownString {
  constructor(public value = '') {}
}
export class SnippetString {
  constructor(public value = '') {}
}

export const TreeItemCollapsibleState = { None: 0, Collapsed: 1, Expanded: 2 } as const;
export class TreeItem {
  id?: string;
  description?: string;
  tooltip?: string;
  iconPath?: ThemeIcon;
  contextValue?: string;
  command?: { command: string; title: string; arguments?: unknown[] };
  resourceUri?: Uri;
  constructor(
    public label: string,
    public collapsibleState: number = TreeItemCollapsibleState.None,
  ) {}
}

export class CodeLens {
  constructor(
    readonly range: Range,
    readonly command?: { title: string; command: string; arguments?: unknown[]; tooltip?: string },
  ) {}
}

export const CompletionItemKind = { Property: 9, EnumMember: 19, Value: 11 } as const;
export class CompletionItem {
  insertText?: string | SnippetString;
  range?: Range;
  detail?: string;
  documentation?: MarkdownString;
  sortText?: string;
  command?: unknown;
  constructor(
    readonly label: string,
    readonly kind?: number,
  ) {}
}

export const StatusBarAlignment = { Left: 1, Right: 2 } as const;
export const ViewColumn = { Active: -1, Beside: -2, One: 1, Two: 2 } as const;
export const TestRunProfileKind = { Run: 1, Debug: 2, Coverage: 3 } as const;
export const UIKind = { Desktop: 1, Web: 2 } as const;

export class CancellationTokenSource {
  #emitter = new EventEmitter<void>();
  readonly token = {
    isCancellationRequested: false,
    onCancellationRequested: this.#emitter.event,
  };
  cancel(): void {
    this.token.isCancellationRequested = true;
    this.#emitter.fire();
  }
  dispose(): void {}
}

export class TestMessage {
  expectedOutput?: string;
  actualOutput?: string;
  location?: Location;
  constructor(public message: string | MarkdownString) {}
  static diff(message: string, expected: string, actual: string): TestMessage {
    const m = new TestMessage(message);
    m.expectedOutput = expected;
    m.actualOutput = actual;
    return m;
  }
}

export class TestRunRequest {
  constructor(
    readonly include?: readonly FakeTestItem[],
    readonly exclude?: readonly FakeTestItem[],
    readonly profile?: unknown,
    readonly continuous?: boolean,
  ) {}
}

// ---------------------------------------------------------------------------------------------------------------

class TestItemCollection {
  #items = new Map<string, FakeTestItem>();
  readonly #owner: FakeTestItem | undefined;
  constructor(owner: FakeTestItem | undefined) {
    this.#owner = owner;
  }
  get size(): number {
    return this.#items.size;
  }
  add(item: FakeTestItem): void {
    item.parent = this.#owner;
    this.#items.set(item.id, item);
  }
  delete(id: string): void {
    this.#items.delete(id);
  }
  get(id: string): FakeTestItem | undefined {
    return this.#items.get(id);
  }
  replace(items: readonly FakeTestItem[]): void {
    // As VS Code's collection does: two items with one id in a replace are an error.
    const ids = new Set<string>();
    for (const i of items) {
      if (ids.has(i.id)) throw new Error(`Attempted to insert a duplicate test item ID ${i.id}`);
      ids.add(i.id);
    }
    this.#items.clear();
    for (const i of items) this.add(i);
  }
  forEach(fn: (item: FakeTestItem) => void): void {
    for (const i of [...this.#items.values()]) fn(i);
  }
  [Symbol.iterator](): Iterator<[string, FakeTestItem]> {
    return this.#items.entries();
  }
}

export class FakeTestItem {
  parent: FakeTestItem | undefined;
  readonly children: TestItemCollection;
  range?: Range;
  description?: string;
  error?: string | MarkdownString;
  constructor(
    readonly id: string,
    public label: string,
    readonly uri?: Uri,
  ) {
    this.children = new TestItemCollection(this);
  }
}

export class FakeTestRun {
  readonly log: string[] = [];
  readonly messages = new Map<string, TestMessage[]>();
  readonly output: string[] = [];
  ended = false;
  constructor(
    readonly request: TestRunRequest,
    readonly name: string | undefined,
  ) {}
  enqueued(i: FakeTestItem) {
    this.log.push(`enqueued ${i.label}`);
  }
  started(i: FakeTestItem) {
    this.log.push(`started ${i.label}`);
  }
  skipped(i: FakeTestItem) {
    this.log.push(`skipped ${i.label}`);
  }
  passed(i: FakeTestItem) {
    this.log.push(`passed ${i.label}`);
    this.results.set(i.id, 'passed');
  }
  failed(i: FakeTestItem, m: TestMessage | TestMessage[]) {
    this.log.push(`failed ${i.label}`);
    this.results.set(i.id, 'failed');
    this.messages.set(i.id, Array.isArray(m) ? m : [m]);
  }
  errored(i: FakeTestItem, m: TestMessage | TestMessage[]) {
    this.log.push(`errored ${i.label}`);
    this.results.set(i.id, 'errored');
    this.messages.set(i.id, Array.isArray(m) ? m : [m]);
  }
  appendOutput(text: string) {
    this.output.push(text);
  }
  end() {
    this.ended = true;
  }
  readonly results = new Map<string, string>();
}

export class FakeTestController {
  readonly items = new TestItemCollection(undefined);
  readonly profiles: {
    label: string;
    kind: number;
    runHandler: (r: TestRunRequest, t: unknown) => Promise<void> | void;
  }[] = [];
  readonly runs: FakeTestRun[] = [];
  refreshHandler: (() => unknown) | undefined;
  constructor(
    readonly id: string,
    readonly label: string,
  ) {}
  createTestItem(id: string, label: string, uri?: Uri): FakeTestItem {
    return new FakeTestItem(id, label, uri);
  }
  createRunProfile(
    label: string,
    kind: number,
    runHandler: (r: TestRunRequest, t: unknown) => Promise<void>,
    isDefault?: boolean,
  ) {
    const p = { label, kind, runHandler, isDefault, supportsContinuousRun: false, dispose() {} };
    this.profiles.push(p);
    return p;
  }
  createTestRun(request: TestRunRequest, name?: string): FakeTestRun {
    const run = new FakeTestRun(request, name);
    this.runs.push(run);
    return run;
  }
  dispose(): void {}

  /** The items as an indented tree, with the last run's result per item. */
  render(): string {
    const last = this.runs[this.runs.length - 1];
    const lines: string[] = [];
    const walk = (i: FakeTestItem, depth: number) => {
      const r = last?.results.get(i.id);
      const mark = r === 'passed' ? '✅ ' : r === 'failed' ? '❌ ' : r === 'errored' ? '⚠️ ' : '';
      lines.push(
        `${'  '.repeat(depth)}${mark}${i.label}${i.range ? ` [${i.range.start.line + 1}]` : ''}${i.error ? ' (error)' : ''}`,
      );
      i.children.forEach((c) => walk(c, depth + 1));
    };
    this.items.forEach((i) => walk(i, 0));
    return lines.join('\n');
  }
}

// ---------------------------------------------------------------------------------------------------------------

export class FakeWebview {
  html = '';
  options: unknown = {};
  readonly cspSource = 'https://fake.vscode-cdn.net';
  readonly posted: unknown[] = [];
  readonly #received = new EventEmitter<unknown>();
  readonly onDidReceiveMessage = this.#received.event;
  asWebviewUri(uri: Uri): Uri {
    return uri.with({ scheme: 'https' });
  }
  async postMessage(m: unknown): Promise<boolean> {
    this.posted.push(JSON.parse(JSON.stringify(m)));
    return true;
  }
  /** Plays the webview sending a message. */
  receive(m: unknown): void {
    this.#received.fire(m);
  }
}

export class FakeWebviewPanel {
  readonly webview = new FakeWebview();
  iconPath: unknown;
  visible = true;
  disposed = false;
  readonly #disposed = new EventEmitter<void>();
  readonly onDidDispose = this.#disposed.event;
  constructor(
    readonly viewType: string,
    public title: string,
  ) {}
  reveal(): void {}
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.#disposed.fire();
  }
}

class FakeDiagnosticCollection {
  readonly #map = new Map<string, Diagnostic[]>();
  constructor(readonly name: string) {}
  set(uri: Uri, d: readonly Diagnostic[]): void {
    this.#map.set(uri.toString(), [...d]);
  }
  get(uri: Uri): readonly Diagnostic[] | undefined {
    return this.#map.get(uri.toString());
  }
  delete(uri: Uri): void {
    this.#map.delete(uri.toString());
  }
  clear(): void {
    this.#map.clear();
  }
  forEach(fn: (uri: Uri, d: readonly Diagnostic[]) => void): void {
    for (const [k, v] of this.#map) fn(Uri.parse(k), v);
  }
  dispose(): void {}
}

class FakeLogChannel {
  readonly lines: string[] = [];
  constructor(readonly name: string) {}
  #add(level: string, m: string) {
    this.lines.push(`${level} ${m}`);
  }
  readonly trace = (m: string) => this.#add('trace', m);
  readonly debug = (m: string) => this.#add('debug', m);
  readonly info = (m: string) => this.#add('info', m);
  readonly warn = (m: string) => this.#add('warn', m);
  readonly error = (m: string) => this.#add('error', m);
  readonly append = (m: string) => this.#add('', m);
  readonly appendLine = (m: string) => this.#add('', m);
  show() {}
  dispose() {}
}

export class FakeTextDocument {
  #text: string;
  constructor(
    readonly uri: Uri,
    text: string,
    readonly languageId = 'yaml',
  ) {
    this.#text = text;
  }
  getText(): string {
    return this.#text;
  }
  setText(t: string): void {
    this.#text = t;
  }
}

/** Options of {@link createFakeVscode}. */
export interface FakeOptions {
  /** Workspace folders (absolute paths). */
  folders?: string[];
  trusted?: boolean;
  settings?: Record<string, unknown>;
}

/** A fresh fake API, with handles for tests. */
export function createFakeVscode(options: FakeOptions = {}) {
  const folders = (options.folders ?? []).map((p, index) => ({ uri: Uri.file(p), name: path.basename(p), index }));
  const settings = { ...(options.settings ?? {}) };
  const commands = new Map<string, (...args: unknown[]) => unknown>();
  const executed: { command: string; args: unknown[] }[] = [];
  const messages: { kind: 'info' | 'warning' | 'error'; text: string; items: string[] }[] = [];
  const answers: (string | undefined)[] = [];
  const quickPicks: { items: unknown[]; answer: (items: unknown[]) => unknown }[] = [];
  let quickPickAnswer: (items: unknown[]) => unknown = () => undefined;
  const diagnostics: FakeDiagnosticCollection[] = [];
  const controllers: FakeTestController[] = [];
  const panels: FakeWebviewPanel[] = [];
  const serializers = new Map<
    string,
    { deserializeWebviewPanel(p: FakeWebviewPanel, state: unknown): Promise<void> }
  >();
  const channels: FakeLogChannel[] = [];
  const statusItems: Record<string, unknown>[] = [];
  const codeLensProviders: unknown[] = [];
  const completionProviders: unknown[] = [];
  const treeViews: { id: string; provider: unknown }[] = [];
  const debugSessions: unknown[] = [];
  const emitters = {
    config: new EventEmitter<{ affectsConfiguration(s: string): boolean }>(),
    trust: new EventEmitter<void>(),
    save: new EventEmitter<FakeTextDocument>(),
    close: new EventEmitter<FakeTextDocument>(),
    change: new EventEmitter<{ document: FakeTextDocument }>(),
    open: new EventEmitter<FakeTextDocument>(),
    folders: new EventEmitter<unknown>(),
    debugStart: new EventEmitter<unknown>(),
    createFiles: new EventEmitter<{ files: readonly Uri[] }>(),
    deleteFiles: new EventEmitter<{ files: readonly Uri[] }>(),
    renameFiles: new EventEmitter<{ files: readonly { oldUri: Uri; newUri: Uri }[] }>(),
  };
  const watchers: { glob: string; create: EventEmitter<Uri>; change: EventEmitter<Uri>; del: EventEmitter<Uri> }[] = [];
  const textDocuments: FakeTextDocument[] = [];
  const state = {
    trusted: options.trusted ?? true,
    activeTextEditor: undefined as undefined | { document: FakeTextDocument },
  };

  const getWorkspaceFolder = (uri: Uri) =>
    folders
      .filter((f) => uri.fsPath === f.uri.fsPath || uri.fsPath.startsWith(f.uri.fsPath + path.sep))
      .sort((a, b) => b.uri.fsPath.length - a.uri.fsPath.length)[0];

  function walk(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return e.name === 'node_modules' || e.name === '.git' ? [] : walk(p);
      return [p];
    });
  }

  const splitBraces = (g: string | undefined): string[] =>
    g ? (g.startsWith('{') && g.endsWith('}') ? g.slice(1, -1).split(',') : [g]) : [];

  const show =
    (kind: 'info' | 'warning' | 'error') =>
    async (text: string, ...items: unknown[]) => {
      const labels = items.filter((i): i is string => typeof i === 'string');
      messages.push({ kind, text, items: labels });
      return answers.shift();
    };

  const vscode = {
    Uri,
    Range,
    Position,
    Location,
    Diagnostic,
    DiagnosticSeverity,
    EventEmitter,
    Disposable,
    TreeItem,
    TreeItemCollapsibleState,
    ThemeIcon,
    ThemeColor,
    MarkdownString,
    SnippetString,
    CodeLens,
    CompletionItem,
    CompletionItemKind,
    StatusBarAlignment,
    ViewColumn,
    TestRunProfileKind,
    TestMessage,
    TestRunRequest,
    CancellationTokenSource,
    UIKind,
    env: { appName: 'fake', uiKind: UIKind.Desktop },
    window: {
      get activeTextEditor() {
        return state.activeTextEditor;
      },
      createOutputChannel(name: string) {
        const c = new FakeLogChannel(name);
        channels.push(c);
        return c;
      },
      createTreeView(id: string, o: { treeDataProvider: unknown }) {
        treeViews.push({ id, provider: o.treeDataProvider });
        return { dispose() {} };
      },
      createStatusBarItem(id: string) {
        const item: Record<string, unknown> = {
          id,
          visible: false,
          show() {
            item.visible = true;
          },
          hide() {
            item.visible = false;
          },
          dispose() {},
        };
        statusItems.push(item);
        return item;
      },
      showInformationMessage: show('info'),
      showWarningMessage: show('warning'),
      showErrorMessage: show('error'),
      async showQuickPick(items: unknown[]) {
        quickPicks.push({ items, answer: quickPickAnswer });
        return quickPickAnswer(items);
      },
      async showTextDocument(uri: Uri) {
        const text = fs.readFileSync(uri.fsPath, 'utf8');
        const doc = new FakeTextDocument(uri, text);
        state.activeTextEditor = { document: doc };
        return state.activeTextEditor;
      },
      createWebviewPanel(viewType: string, title: string) {
        const p = new FakeWebviewPanel(viewType, title);
        panels.push(p);
        return p;
      },
      registerWebviewPanelSerializer(
        viewType: string,
        s: { deserializeWebviewPanel(p: FakeWebviewPanel, state: unknown): Promise<void> },
      ) {
        serializers.set(viewType, s);
        return new Disposable(() => serializers.delete(viewType));
      },
    },
    workspace: {
      get workspaceFolders() {
        return folders.length ? folders : undefined;
      },
      get isTrusted() {
        return state.trusted;
      },
      get textDocuments() {
        return textDocuments;
      },
      getWorkspaceFolder,
      getConfiguration(section: string) {
        return { get: <T>(key: string) => settings[`${section}.${key}`] as T | undefined };
      },
      onDidChangeConfiguration: emitters.config.event,
      onDidGrantWorkspaceTrust: emitters.trust.event,
      onDidSaveTextDocument: emitters.save.event,
      onDidCloseTextDocument: emitters.close.event,
      onDidChangeTextDocument: emitters.change.event,
      onDidOpenTextDocument: emitters.open.event,
      onDidChangeWorkspaceFolders: emitters.folders.event,
      onDidCreateFiles: emitters.createFiles.event,
      onDidDeleteFiles: emitters.deleteFiles.event,
      onDidRenameFiles: emitters.renameFiles.event,
      async findFiles(include: string, exclude?: string) {
        const out: Uri[] = [];
        for (const f of folders) {
          const set = new GlobSet(splitBraces(include), splitBraces(exclude));
          for (const file of walk(f.uri.fsPath)) {
            const rel = path.relative(f.uri.fsPath, file).split(path.sep).join('/');
            if (set.matches(rel)) out.push(Uri.file(file));
          }
        }
        return out;
      },
      createFileSystemWatcher(glob: string) {
        const w = {
          glob,
          create: new EventEmitter<Uri>(),
          change: new EventEmitter<Uri>(),
          del: new EventEmitter<Uri>(),
        };
        watchers.push(w);
        return { onDidCreate: w.create.event, onDidChange: w.change.event, onDidDelete: w.del.event, dispose() {} };
      },
      fs: {
        async readFile(uri: Uri) {
          return new Uint8Array(fs.readFileSync(uri.fsPath));
        },
      },
    },
    languages: {
      createDiagnosticCollection(name: string) {
        const c = new FakeDiagnosticCollection(name);
        diagnostics.push(c);
        return c;
      },
      registerCodeLensProvider(_selector: unknown, provider: unknown) {
        codeLensProviders.push(provider);
        return new Disposable();
      },
      registerCompletionItemProvider(_selector: unknown, provider: unknown) {
        completionProviders.push(provider);
        return new Disposable();
      },
    },
    commands: {
      registerCommand(id: string, fn: (...args: unknown[]) => unknown) {
        if (commands.has(id)) throw new Error(`command ${id} already registered`);
        commands.set(id, fn);
        return new Disposable(() => commands.delete(id));
      },
      async executeCommand(id: string, ...args: unknown[]) {
        executed.push({ command: id, args });
        const fn = commands.get(id);
        return fn ? fn(...args) : undefined;
      },
    },
    tests: {
      createTestController(id: string, label: string) {
        const c = new FakeTestController(id, label);
        controllers.push(c);
        return c;
      },
    },
    debug: {
      onDidStartDebugSession: emitters.debugStart.event,
      async startDebugging(_folder: unknown, config: unknown) {
        debugSessions.push(config);
        return false;
      },
      async stopDebugging() {},
      registerDebugAdapterTrackerFactory: () => ({ dispose() {} }),
    },
    extensions: {
      getExtension: (_id: string) => undefined,
    },
  };

  const handles = {
    vscode,
    commands,
    executed,
    messages,
    /** Answers for the next show*Message calls (the item a user would click). */
    answers,
    quickPicks,
    setQuickPickAnswer(fn: (items: unknown[]) => unknown) {
      quickPickAnswer = fn;
    },
    diagnostics,
    controllers,
    panels,
    serializers,
    channels,
    statusItems,
    codeLensProviders,
    completionProviders,
    treeViews,
    debugSessions,
    emitters,
    watchers,
    textDocuments,
    state,
    settings,
    /** Everything the extension wrote to its log. */
    get log(): string[] {
      return channels.flatMap((c) => c.lines);
    },
    /** Changes a setting and fires the event. */
    setSetting(key: string, value: unknown) {
      settings[key] = value;
      emitters.config.fire({ affectsConfiguration: (s: string) => key === s || key.startsWith(`${s}.`) });
    },
    /** Diagnostics of a file, across collections, as `line:col message` strings. */
    diagnosticsOf(file: string): string[] {
      return diagnostics.flatMap((c) =>
        [...(c.get(Uri.file(file)) ?? [])].map(
          (d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`,
        ),
      );
    },
  };
  return handles;
}

export type FakeVscode = ReturnType<typeof createFakeVscode>;

/** A fake extension context over a folder of the repository (the extension's files). */
export function fakeContext(extensionPath: string, storage: string) {
  const state = new Map<string, unknown>();
  return {
    extensionUri: Uri.file(extensionPath),
    extensionPath,
    storageUri: Uri.file(storage),
    globalStorageUri: Uri.file(storage),
    subscriptions: [] as { dispose(): unknown }[],
    workspaceState: {
      get: <T>(k: string) => state.get(k) as T | undefined,
      update: async (k: string, v: unknown) => void state.set(k, v),
      keys: () => [...state.keys()],
    },
    globalState: { get: () => undefined, update: async () => undefined, keys: () => [] },
    extension: { packageJSON: JSON.parse(fs.readFileSync(path.join(extensionPath, 'package.json'), 'utf8')) },
  };
}

/** Renders a tree data provider as indented text: `label — description [context]`. */
export async function renderTree(provider: {
  getChildren(n?: unknown): unknown;
  getTreeItem(n: unknown): unknown;
}): Promise<string> {
  const lines: string[] = [];
  const walk = async (node: unknown, depth: number) => {
    const children = ((await provider.getChildren(node)) as unknown[]) ?? [];
    for (const c of children) {
      const item = (await provider.getTreeItem(c)) as TreeItem;
      const icon = item.iconPath ? `(${item.iconPath.id}) ` : '';
      lines.push(`${'  '.repeat(depth)}${icon}${item.label}${item.description ? ` — ${item.description}` : ''}`);
      if (item.collapsibleState !== TreeItemCollapsibleState.None) await walk(c, depth + 1);
    }
  };
  await walk(undefined, 0);
  return lines.join('\n');
}
