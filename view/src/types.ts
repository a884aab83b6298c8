/**
 * The public types of the timeline view: what a host passes in, the intents the view emits, and the UI state a host
 * may persist (VS Code `setState`).
 *
 * @module
 */
import type { TimelineRecord, PhaseName, TimelineModel } from '@plugbench/sdk/timeline';

/** What the x axis measures: calls in order ("rounds"), or virtual time. */
export type TimelineAxis = 'rounds' | 'time';

/** Where running forward stops. */
export type Breakpoint = { kind: 'phase'; phase: PhaseName } | { kind: 'task'; task: string };

/**
 * What the user asked for. The view never acts on a control by itself when the host passed `onIntent`: the host
 * decides (a live session may run the executor for one more round) and calls {@link TimelineViewApi.applyIntent} for
 * the default, which only moves the cursor through the recorded calls.
 */
export type TimelineIntent =
  /** One call forward. */
  | { type: 'step' }
  /** One call back. */
  | { type: 'stepBack' }
  /** Back to before the first call. */
  | { type: 'reset' }
  /** Forward to the end, or to the next call that hits one of `breakpoints`. */
  | { type: 'runToEnd'; breakpoints: readonly Breakpoint[] }
  /** Forward to the next call that sent an event, or where a lane's phase changed. */
  | { type: 'runToNext'; stop: 'event' | 'phase-change' }
  /** Move the cursor to call `call` (-1: before the first call): the slider, a click, "previous event". */
  | { type: 'seek'; call: number }
  /** Add or remove a breakpoint. */
  | { type: 'toggleBreakpoint'; breakpoint: Breakpoint };

/** UI state worth keeping across a webview reload; small and JSON-safe. */
export interface TimelineUiState {
  cursor: number;
  axis: TimelineAxis;
  breakpoints: Breakpoint[];
  /** Visible window of the x axis in axis units, or null when fitted. */
  window: [number, number] | null;
  scrollTop: number;
  /** Splitter positions the user chose. */
  layout?: TimelineLayout;
}

/** Options of {@link mountTimelineView}. */
export interface TimelineViewOptions {
  /** Records to show (a model is built from them). */
  records?: readonly TimelineRecord[];
  /** Or a model the host already feeds. */
  model?: TimelineModel;
  /** Shown in the toolbar; {@link TimelineViewApi.setTitle} changes it. */
  title?: string;
  /**
   * The host can run more rounds (a paused live run): Step, Next event, Next phase and To end stay enabled at the
   * last recorded call, and wherever no recorded call matches, since the host answers them by running. Default
   * false (a recorded timeline). {@link TimelineViewApi.setLive} changes it.
   */
  live?: boolean;
  /**
   * Receives every intent. Without it the view applies intents itself (the static report). With it, the host calls
   * `view.applyIntent(intent)` for the default behaviour, or does something else.
   */
  onIntent?: (intent: TimelineIntent, view: TimelineViewApi) => void;
  /** Called (debounced) when the cursor, axis, breakpoints, zoom or scroll change: persist it with `setState`. */
  onUiState?: (state: TimelineUiState) => void;
  /** UI state to start from (from `getState`). */
  initialUiState?: Partial<TimelineUiState>;
  /**
   * Nonce for the `<style>` element the view adds when the page has no `style[data-plugbench-timeline]` yet; needed
   * under a `style-src 'nonce-...'` policy. Pass `injectCss: false` if the host links the CSS itself.
   */
  cssNonce?: string;
  /** Add the view's CSS to the document (default true). */
  injectCss?: boolean;
  /** Listen to keys on the whole document, not only when the view has focus (default true: a panel has one view). */
  documentKeys?: boolean;
}

/** What {@link mountTimelineView} returns. */
export interface TimelineViewApi {
  readonly model: TimelineModel;
  /** Index of the current call; -1 before the first. */
  readonly cursor: number;
  /** Applies an intent the default way: moves the cursor through recorded calls, toggles breakpoints. */
  applyIntent(intent: TimelineIntent): void;
  /** Moves the cursor (clamped); -1 is before the first call. */
  setCursor(call: number): void;
  /** Adds records of a live run; with `follow`, the cursor moves to the last call. */
  append(records: readonly TimelineRecord[], options?: { follow?: boolean }): void;
  /**
   * Replaces the records (a step back or a reset reloads the run with fewer). Cursor (clamped), axis, zoom window
   * (clamped), scroll and breakpoints stay; mount a new view for something else altogether.
   */
  setRecords(records: readonly TimelineRecord[]): void;
  /** Whether the host can run more rounds: see {@link TimelineViewOptions.live}. */
  setLive(live: boolean): void;
  /** Changes the toolbar's title (and the view's accessible name); an empty one hides it. */
  setTitle(text: string): void;
  setAxis(axis: TimelineAxis): void;
  setBreakpoints(breakpoints: readonly Breakpoint[]): void;
  readonly breakpoints: readonly Breakpoint[];
  /** A line in the status area (the host's "running…", "stopped at breakpoint"...). */
  setStatus(text: string, kind?: 'info' | 'error'): void;
  getUiState(): TimelineUiState;
  /** Resolves once the next frame has been drawn. */
  whenPainted(): Promise<void>;
  /** What the view shows, measured (tests). */
  probe(): TimelineViewProbe;
  dispose(): void;
}

/** Sizes the user chose with the splitters, in CSS pixels; absent ones are the layout's own. */
export interface TimelineLayout {
  /** Height of the lanes area. */
  lanesHeight?: number;
  /** Width of the inspector beside the lanes. */
  inspectorWidth?: number;
  /** Height of the inspector under the lanes (a narrow view). */
  inspectorHeight?: number;
}

/** What the view shows, measured: for tests in a real VS Code (the host asks the webview for it). */
export interface TimelineViewProbe {
  width: number;
  height: number;
  narrow: boolean;
  lanesHeight: number;
  /** Height the lanes' rows need (header and every row). */
  lanesContentHeight: number;
  inspectorWidth: number;
  inspectorHeight: number;
  poolsHeight: number;
  /** The pools area scrolls (its content is taller than it), with a visible scrollbar. */
  poolsScrollable: boolean;
  /** Phases and marker kinds the lanes draw, and those the legend shows. */
  drawn: { phases: string[]; markers: string[] };
  legend: { phases: string[]; markers: string[] };
  /** The lanes' row labels, tasks not started yet included. */
  laneLabels: string[];
  /** The empty state's text ('' when hidden). */
  emptyText: string;
  inspectorTitle: string;
  /** The palette's contrast failures in the theme the view is shown in (WCAG AA); empty when it passes. */
  contrastFailures: string[];
  themeKind: string;
  phaseColours: Record<string, string>;
}
