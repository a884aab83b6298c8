/**
 * The messages between the extension host and the timeline webview. Types only: the webview bundle imports this
 * module and nothing of zod; the host validates what the webview sends with {@link ./webview-schema}.
 *
 * The webview says `ready` once its listener is installed (vscode-pull-request-github's handshake: a message
 * posted before that is lost), and the host answers with `load`.
 *
 * @module
 */
import type { TimelineRecord } from '@plugbench/sdk/timeline';
import type { Breakpoint, TimelineIntent, TimelineUiState } from '@plugbench/view/types';

export type { Breakpoint, TimelineIntent, TimelineUiState };

/** What the panel keeps across a reload (`getState`/`setState`): enough to run the fixture again to the cursor. */
export interface PanelState {
  /** Absolute path of the fixture. */
  fixture: string;
  task?: string;
  /** Rounds the runner had run. */
  rounds: number;
  /** The view's UI state (cursor, axis, breakpoints, zoom). */
  ui?: Partial<TimelineUiState>;
}

/** The session, as the panel's status line shows it. */
export interface PanelStatus {
  phase: 'starting' | 'paused' | 'running' | 'finished' | 'stopped' | 'error' | 'restricted' | 'static';
  message: string;
  rounds: number;
}

/** Host to webview. */
export type HostToWebview =
  /** Everything to show: sent after `ready`, after a step back, a reset or a replay. */
  | {
      type: 'load';
      /** Changes with every new run session: the webview starts a fresh view for a new one. */
      session: number;
      title: string;
      fixture: string;
      task?: string;
      records: TimelineRecord[];
      cursor: number;
      breakpoints: Breakpoint[];
      status: PanelStatus;
      rounds: number;
    }
  /** New records of the running session. */
  | { type: 'append'; records: TimelineRecord[]; follow: boolean }
  | { type: 'seek'; call: number }
  | { type: 'breakpoints'; breakpoints: Breakpoint[] }
  | { type: 'status'; status: PanelStatus };

/** Webview to host. */
export type WebviewToHost =
  /** The webview is listening; `state` is what it had saved before a reload, if anything. */
  | { type: 'ready'; state?: PanelState }
  /** The user asked for something (a control, a key, the slider). */
  | { type: 'intent'; intent: TimelineIntent }
  /** The breakpoints changed in the view (e.g. "clear all"), so that palette commands use the same ones. */
  | { type: 'breakpoints'; breakpoints: Breakpoint[] }
  /** A control of the panel itself (not of the view). */
  | { type: 'command'; command: 'stop' | 'rerun' | 'openFixture' | 'showLog' }
  /** Something failed inside the webview: the host logs it (errors are never silent). */
  | { type: 'error'; message: string; stack?: string };

/** The webview's view type, for the serializer and the `onWebviewPanel:` activation event. */
export const TIMELINE_VIEW_TYPE = 'plugbench.timeline';
