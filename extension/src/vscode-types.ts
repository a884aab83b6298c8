/**
 * The VS Code API as the extension's classes receive it. Production code never imports `vscode` as a value
 * (only extension.ts does), so every class can be built in a unit test with the in-repo fake
 * (test/extension/fake-vscode.ts). Pattern from microsoft/playwright-vscode `src/vscodeTypes.ts`.
 *
 * @module
 */
export type VSCode = typeof import('vscode');

export type {
  CancellationToken,
  CodeLens,
  CodeLensProvider,
  CompletionItem,
  CompletionItemProvider,
  ConfigurationChangeEvent,
  DebugSession,
  Diagnostic,
  DiagnosticCollection,
  Disposable,
  Event,
  EventEmitter,
  ExtensionContext,
  FileSystemWatcher,
  LogOutputChannel,
  Memento,
  OutputChannel,
  Position,
  Range,
  StatusBarItem,
  TestController,
  TestItem,
  TestMessage,
  TestRun,
  TestRunProfile,
  TestRunRequest,
  TextDocument,
  TreeDataProvider,
  TreeItem,
  TreeView,
  Uri,
  Webview,
  WebviewPanel,
  WebviewPanelSerializer,
  WorkspaceFolder,
} from 'vscode';
