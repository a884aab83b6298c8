/**
 * The comparison panel: a run beside its golden timeline, in its own webview. The differences are the golden
 * check's (`compareWithGolden` of `@plugbench/sdk/timeline`, which `plugbench test` uses), computed here once and
 * sent with both timelines; the webview moves one cursor over both and says where it is.
 *
 * @module
 */
import { compareWithGolden, type GoldenComparison, type TimelineRecord } from '@plugbench/sdk/timeline';
import type { CompareToHost, HostToCompare } from '../protocol/webview-messages';
import { parseCompareMessage } from '../protocol/webview-parse';
import { COMPARE_VIEW_TYPE } from '../protocol/webview-schema';
import type { Disposable, Uri, VSCode, WebviewPanel } from '../vscode-types';
import { makeNonce, timelineHtml } from './html';
import { webviewOptions } from './timeline-panel';

/** What a comparison shows. */
export interface CompareSource {
  /** The panel's title. */
  title: string;
  run: { title: string; records: readonly TimelineRecord[] };
  golden: { title: string; file: string; text: string; records: readonly TimelineRecord[] };
}

/** Where the webview's cursor is, as it last said. */
export type CompareWebviewState = Extract<CompareToHost, { type: 'compareState' }>;

/** One comparison panel. */
export class ComparePanel {
  readonly panel: WebviewPanel;
  readonly source: CompareSource;
  /** The golden check's differences, as shown. */
  readonly comparison: GoldenComparison;
  /** What the webview last said about its cursor (tests read it). */
  state: CompareWebviewState | undefined;
  /** Set once the webview said ready. */
  readonly whenReady: Promise<void>;
  #markReady!: () => void;
  #ready = false;
  #pending: HostToCompare[] = [];
  #disposed = false;
  readonly #subscriptions: Disposable[] = [];
  readonly #onDispose: (p: ComparePanel) => void;
  readonly #write: (level: 'warn' | 'error', message: string) => void;

  constructor(
    vscode: VSCode,
    extensionUri: Uri,
    source: CompareSource,
    hooks: { write(level: 'warn' | 'error', message: string): void; disposed(p: ComparePanel): void },
  ) {
    this.source = source;
    this.#write = hooks.write;
    this.#onDispose = hooks.disposed;
    this.comparison = compareWithGolden(source.golden.text, source.run.records);
    this.whenReady = new Promise((r) => (this.#markReady = r));
    this.panel = vscode.window.createWebviewPanel(
      COMPARE_VIEW_TYPE,
      source.title,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      { ...webviewOptions(vscode, extensionUri), retainContextWhenHidden: true },
    );
    this.panel.iconPath = vscode.Uri.joinPath(extensionUri, 'extension', 'media', 'timeline.svg');
    const script = this.panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'compare.js'));
    this.panel.webview.html = timelineHtml({
      cspSource: this.panel.webview.cspSource,
      nonce: makeNonce(),
      scriptUri: script.toString(),
      title: source.title,
    });
    this.#subscriptions.push(
      this.panel.webview.onDidReceiveMessage((raw: unknown) => this.#onMessage(raw)),
      this.panel.onDidDispose(() => this.dispose()),
    );
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /** Asks the webview for a toolbar action (the palette's commands). */
  action(action: Extract<HostToCompare, { type: 'compareAction' }>['action']): void {
    this.#post({ type: 'compareAction', action });
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const d of this.#subscriptions) d.dispose();
    try {
      this.panel.dispose();
    } catch {
      // already disposed by the user
    }
    this.#onDispose(this);
  }

  #load(): HostToCompare {
    const { run, golden } = this.source;
    const c = this.comparison;
    return {
      type: 'compareLoad',
      title: this.source.title,
      run: { title: run.title, records: [...run.records] },
      golden: { title: golden.title, records: [...golden.records] },
      differences: c.differences.map(({ index, what, fields, run: r, golden: g }) => ({
        index,
        what,
        fields,
        run: r,
        golden: g,
      })),
      expectedRecords: c.expectedRecords,
      actualRecords: c.actualRecords,
      cursor: c.differences[0]?.run ?? run.records.filter((r) => r.kind === 'call').length - 1,
    };
  }

  #post(message: HostToCompare): void {
    if (this.#disposed) return;
    if (!this.#ready) {
      this.#pending.push(message);
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  #onMessage(raw: unknown): void {
    const parsed = parseCompareMessage(raw);
    if (!parsed.ok) return this.#write('warn', `compare panel: ignored a message that is not valid:\n${parsed.error}`);
    const m = parsed.message;
    switch (m.type) {
      case 'ready': {
        this.#ready = true;
        void this.panel.webview.postMessage(this.#load());
        const pending = this.#pending;
        this.#pending = [];
        for (const p of pending) void this.panel.webview.postMessage(p);
        this.#markReady();
        return;
      }
      case 'compareState':
        this.state = m;
        return;
      case 'error':
        this.#write('error', `compare webview: ${m.message}${m.stack ? `\n${m.stack}` : ''}`);
    }
  }
}
