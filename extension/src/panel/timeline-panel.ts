/**
 * The timeline panel: a webview that shows a run session (or a recorded timeline file) with the shared timeline
 * view, and turns what the user asks for in it into session operations. Messages wait for the webview's `ready`;
 * everything the webview sends is validated first.
 *
 * @module
 */
import * as path from 'node:path';
import type { TimelineRecord } from '@plugbench/sdk/timeline';
import type { HostToWebview, PanelState, PanelStatus, ViewProbe, WebviewToHost } from '../protocol/webview-messages';
import { TIMELINE_VIEW_TYPE } from '../protocol/webview-schema';
import { parseWebviewMessage } from '../protocol/webview-parse';
import type { RunSession } from '../session/run-session';
import type { SessionStatus } from '../session/session-types';
import type { Disposable, Uri, VSCode, WebviewPanel } from '../vscode-types';
import { makeNonce, timelineHtml } from './html';

/** What a panel shows. */
export type PanelSource =
  | { kind: 'session'; session: RunSession; title: string }
  | { kind: 'static'; records: TimelineRecord[]; title: string; file: string }
  | { kind: 'message'; title: string; fixture: string; task?: string; status: PanelStatus };

/** What the panel asks of the extension. */
export interface PanelHost {
  write(level: 'trace' | 'debug' | 'info' | 'warn' | 'error', message: string): void;
  rerun(panel: TimelinePanel): void;
  openFixture(file: string): void;
  showLog(): void;
  /** The session's state changed (status bar). */
  changed(panel: TimelinePanel): void;
  disposed(panel: TimelinePanel): void;
}

/** Options for webviews of the panel (also used when the serializer revives one). */
export function webviewOptions(vscode: VSCode, extensionUri: Uri) {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
  };
}

/** One timeline panel. */
export class TimelinePanel {
  readonly panel: WebviewPanel;
  #source: PanelSource;
  #ready = false;
  #queue: HostToWebview[] = [];
  #subscriptions: Disposable[] = [];
  #sessionSub: { dispose(): void } | undefined;
  #disposed = false;
  /** Messages sent to the webview, for tests. */
  readonly sent: HostToWebview[] = [];
  /** Set once the webview said ready (tests wait on it). */
  readonly whenReady: Promise<void>;
  #markReady!: () => void;
  readonly #probes = new Map<number, (probe: ViewProbe | null) => void>();
  #probeId = 0;

  readonly #vscode: VSCode;
  readonly #extensionUri: Uri;
  readonly #host: PanelHost;
  constructor(vscode: VSCode, panel: WebviewPanel, extensionUri: Uri, source: PanelSource, host: PanelHost) {
    this.#vscode = vscode;
    this.#extensionUri = extensionUri;
    this.#host = host;
    this.panel = panel;
    this.#source = source;
    this.whenReady = new Promise((r) => (this.#markReady = r));
    panel.webview.options = webviewOptions(vscode, extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'extension', 'media', 'timeline.svg');
    this.#subscriptions.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => this.#onMessage(raw)),
      panel.onDidDispose(() => this.dispose()),
    );
    this.#render();
    this.setSource(source);
  }

  /** Opens a new panel beside the editor. */
  static create(vscode: VSCode, extensionUri: Uri, source: PanelSource, host: PanelHost): TimelinePanel {
    const panel = vscode.window.createWebviewPanel(
      TIMELINE_VIEW_TYPE,
      source.title,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      webviewOptions(vscode, extensionUri),
    );
    return new TimelinePanel(vscode, panel, extensionUri, source, host);
  }

  get source(): PanelSource {
    return this.#source;
  }

  get session(): RunSession | undefined {
    return this.#source.kind === 'session' ? this.#source.session : undefined;
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /** Shows something else in the same panel; a previous session is ended. */
  setSource(source: PanelSource): void {
    const previous = this.#source.kind === 'session' ? this.#source.session : undefined;
    this.#sessionSub?.dispose();
    this.#sessionSub = undefined;
    if (previous && (source.kind !== 'session' || source.session !== previous)) previous.dispose();
    this.#source = source;
    this.panel.title = source.title;
    if (source.kind === 'session') {
      const s = source.session;
      this.#sessionSub = s.listen({
        append: (records, follow) => this.#post({ type: 'append', records: [...records], follow }),
        reset: () => this.#postLoad(),
        seek: (call) => this.#post({ type: 'seek', call }),
        breakpoints: (bps) => this.#post({ type: 'breakpoints', breakpoints: [...bps] }),
        status: (st) => {
          this.#post({ type: 'status', status: toPanelStatus(st) });
          this.#host.changed(this);
        },
        warn: (message) => void this.#vscode.window.showWarningMessage(`plugbench: ${message}`),
      });
    }
    this.#queue = [];
    if (this.#ready) this.#postLoad();
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#sessionSub?.dispose();
    this.session?.dispose();
    for (const d of this.#subscriptions) d.dispose();
    this.#subscriptions = [];
    try {
      this.panel.dispose();
    } catch {
      // already disposed by the user
    }
    this.#host.disposed(this);
  }

  #render(): void {
    const webview = this.panel.webview;
    const script = webview.asWebviewUri(this.#vscode.Uri.joinPath(this.#extensionUri, 'dist', 'webview', 'main.js'));
    webview.html = timelineHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: script.toString(),
      title: this.#source.title,
    });
  }

  #postLoad(): void {
    const src = this.#source;
    if (src.kind === 'session') {
      const s = src.session;
      this.#post({
        type: 'load',
        session: sessionId(s),
        title: src.title,
        fixture: s.options.fixture,
        ...(s.options.task !== undefined ? { task: s.options.task } : {}),
        records: [...s.records],
        cursor: s.cursor,
        breakpoints: [...s.breakpoints],
        status: toPanelStatus(s.status),
        rounds: s.rounds,
      });
    } else if (src.kind === 'static') {
      this.#post({
        type: 'load',
        session: 0,
        title: src.title,
        fixture: src.file,
        records: src.records,
        cursor: -1,
        breakpoints: [],
        status: {
          phase: 'static',
          message: `recorded timeline ${path.basename(src.file)}: step and seek through it; nothing runs`,
          rounds: 0,
        },
        rounds: 0,
      });
    } else {
      this.#post({
        type: 'load',
        session: -1,
        title: src.title,
        fixture: src.fixture,
        ...(src.task !== undefined ? { task: src.task } : {}),
        records: [],
        cursor: -1,
        breakpoints: [],
        status: src.status,
        rounds: 0,
      });
    }
  }

  /** What the webview's view shows, measured (tests); null before it mounted a view. */
  probe(): Promise<ViewProbe | null> {
    const id = ++this.#probeId;
    return new Promise((resolve) => {
      this.#probes.set(id, resolve);
      this.#post({ type: 'probe', id });
    });
  }

  #post(message: HostToWebview): void {
    if (this.#disposed) return;
    if (!this.#ready) {
      // Only the latest load matters; appends before it are part of it.
      if (message.type === 'load') this.#queue = [message];
      else if (this.#queue.length > 0) this.#queue.push(message);
      return;
    }
    this.sent.push(message);
    if (this.sent.length > 200) this.sent.splice(0, this.sent.length - 200);
    void this.panel.webview.postMessage(message).then(
      (delivered) => {
        if (!delivered && !this.#disposed)
          this.#host.write('debug', `timeline panel: a ${message.type} message was not delivered (panel hidden?)`);
      },
      (e: unknown) => this.#host.write('warn', `timeline panel: posting ${message.type} failed: ${String(e)}`),
    );
  }

  #onMessage(raw: unknown): void {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.#host.write('warn', `timeline panel: ignored a message that is not valid:\n${parsed.error}`);
      return;
    }
    this.#handle(parsed.message);
  }

  #handle(m: WebviewToHost): void {
    switch (m.type) {
      case 'ready': {
        this.#ready = true;
        const queued = this.#queue;
        this.#queue = [];
        this.#postLoad();
        // Anything queued after a load was already folded into the fresh load.
        void queued;
        this.#markReady();
        return;
      }
      case 'error':
        this.#host.write('error', `timeline webview: ${m.message}${m.stack ? `\n${m.stack}` : ''}`);
        return;
      case 'probe':
        this.#probes.get(m.id)?.(m.probe);
        this.#probes.delete(m.id);
        return;
      case 'breakpoints':
        this.session?.setBreakpoints(m.breakpoints);
        return;
      case 'command':
        switch (m.command) {
          case 'stop':
            this.session?.stop();
            return;
          case 'rerun':
            this.#host.rerun(this);
            return;
          case 'runAgainFromHere':
            void this.session?.runAgainFromHere();
            return;
          case 'openFixture': {
            const src = this.#source;
            const file =
              src.kind === 'session' ? src.session.options.fixture : src.kind === 'static' ? src.file : src.fixture;
            this.#host.openFixture(file);
            return;
          }
          case 'showLog':
            this.#host.showLog();
            return;
        }
        return;
      case 'intent':
        this.#intent(m.intent);
    }
  }

  #intent(intent: Extract<WebviewToHost, { type: 'intent' }>['intent']): void {
    const s = this.session;
    if (!s) return; // a static timeline: the webview moves through it by itself
    switch (intent.type) {
      case 'step':
        void s.step();
        return;
      case 'stepBack':
        void s.stepBack();
        return;
      case 'reset':
        void s.reset();
        return;
      case 'runToEnd':
        void s.runToEnd(intent.breakpoints);
        return;
      case 'runToNext':
        void s.runToNext(intent.stop);
        return;
      case 'seek':
        s.seek(intent.call);
        return;
      case 'toggleBreakpoint':
        s.toggleBreakpoint(intent.breakpoint);
        return;
    }
  }
}

const sessionIds = new WeakMap<RunSession, number>();
let nextSessionId = 1;
function sessionId(s: RunSession): number {
  let id = sessionIds.get(s);
  if (id === undefined) sessionIds.set(s, (id = nextSessionId++));
  return id;
}

/** A session's status as the panel shows it. */
export function toPanelStatus(st: SessionStatus): PanelStatus {
  return {
    phase: st.phase,
    message: st.error && st.phase === 'error' ? st.error.message : st.message,
    rounds: st.rounds,
  };
}

/** The state a revived panel hands back, if it is one of ours. */
export type { PanelState };
