/**
 * The timeline view: lanes, pools, inspector and controls around one cursor over the recorded calls. It owns the
 * UI state (cursor, axis, zoom, breakpoints) and nothing else: a host decides what an intent does, and feeds
 * records as they come.
 *
 * @module
 */
import { TimelineModel, runRoundOf, taskRoundText, type TimelineRecord, type PhaseName } from '@plugbench/sdk/timeline';
import { h } from './dom';
import { Controls } from './controls';
import { EventList } from './event-list';
import { Inspector } from './inspector';
import { keyAction, type KeyAction } from './keyboard';
import { LAYOUT, LanesCanvas } from './lanes-canvas';
import { Layout } from './layout';
import { Legend } from './legend';
import { OverviewStrip } from './overview-strip';
import { PoolsPanel } from './pools-panel';
import { XScale } from './scale';
import { TIMELINE_VIEW_CSS } from './styles';
import { contrastFailures, readPalette, type Palette } from './theme';
import type {
  Breakpoint,
  TimelineAxis,
  TimelineIntent,
  TimelineUiState,
  TimelineViewApi,
  TimelineViewOptions,
  TimelineViewProbe,
} from './types';

/** Marks the style element, so a page holds the CSS once whoever added it. */
const CSS_MARK = 'data-plugbench-timeline';

/** The view. Made by {@link mountTimelineView}. */
export class TimelineView implements TimelineViewApi {
  model: TimelineModel;
  #cursorIndex = -1;
  #axis: TimelineAxis = 'rounds';
  #bps: Breakpoint[] = [];
  readonly #scale = new XScale();
  #palette: Palette;
  readonly #root: HTMLElement;
  readonly #lanes: LanesCanvas;
  readonly #pools: PoolsPanel;
  readonly #inspector: Inspector;
  readonly #controls: Controls;
  readonly #events: EventList;
  readonly #overview: OverviewStrip;
  readonly #legend: Legend;
  readonly #layout: Layout;
  /** Empty slots of the grid for panels that live beside the lanes (an event list) and above them (an overview). */
  readonly slots: { readonly events: HTMLDivElement; readonly overview: HTMLDivElement };
  #frame = 0;
  #dirtyInspector = true;
  #paintedWaiters: (() => void)[] = [];
  #uiTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #cleanups: (() => void)[] = [];
  #disposed = false;
  #lastRevealed = -1;
  #live: boolean;
  #title: string;

  readonly #options: TimelineViewOptions;
  constructor(host: HTMLElement, options: TimelineViewOptions = {}) {
    this.#options = options;
    injectCss(host.ownerDocument, options);
    this.model = options.model ?? TimelineModel.from(options.records ?? []);
    this.#live = options.live ?? false;
    this.#title = options.title ?? '';
    this.#lanes = new LanesCanvas({
      seek: (call) => this.#emit({ type: 'seek', call }),
      toggleTaskBreakpoint: (task) => this.#emit({ type: 'toggleBreakpoint', breakpoint: { kind: 'task', task } }),
      viewChanged: () => {
        this.#schedule();
        this.#uiChanged();
      },
    });
    this.#pools = new PoolsPanel((call) => this.#emit({ type: 'seek', call }));
    this.#events = new EventList({
      seek: (call) => this.#emit({ type: 'seek', call }),
      changed: () => this.#schedule(),
      cursor: () => this.#cursorIndex,
    });
    this.#overview = new OverviewStrip({
      viewChanged: () => {
        this.#schedule();
        this.#uiChanged();
      },
    });
    this.#inspector = new Inspector();
    this.#controls = new Controls(options.title, {
      action: (a) => this.#onAction(a),
      seek: (call) => this.#emit({ type: 'seek', call }),
      setAxis: (axis) => this.setAxis(axis),
    });
    this.#legend = new Legend({
      togglePhaseBreakpoint: (phase) => this.#emit({ type: 'toggleBreakpoint', breakpoint: { kind: 'phase', phase } }),
      clearBreakpoints: () => this.setBreakpoints([]),
      resized: () => this.#schedule(),
    });
    this.slots = {
      events: h('div', { class: 'pb-slot-events' }, this.#events.el),
      overview: h('div', { class: 'pb-slot-overview' }, this.#overview.el),
    };
    this.#root = h('div', {
      class: 'pb-root',
      attrs: { tabindex: '0', role: 'application', 'aria-label': rootLabel(this.#title) },
    });
    const ui = options.initialUiState ?? {};
    this.#layout = new Layout(
      {
        root: this.#root,
        above: [this.#controls.toolbar, this.#legend.el, this.slots.overview],
        events: this.slots.events,
      },
      ui.layout,
      () => {
        this.#schedule();
        this.#uiChanged();
      },
    );
    this.#root.append(
      this.#controls.toolbar,
      this.#legend.el,
      this.slots.overview,
      this.#lanes.el,
      this.slots.events,
      this.#layout.lanesSplitter.el,
      this.#pools.el,
      this.#layout.inspectorSplitter.el,
      this.#inspector.el,
      this.#controls.help,
    );
    host.append(this.#root);
    this.#palette = readPalette(this.#root);
    this.#legend.paint(this.#palette);

    if (ui.axis) this.#axis = ui.axis;
    this.#scale.axis = this.#axis;
    if (ui.breakpoints) this.#bps = [...ui.breakpoints];
    this.#cursorIndex = clamp(ui.cursor ?? -1, -1, this.model.callCount - 1);
    if (ui.window) {
      this.#scale.updateDomain(this.model);
      this.#scale.setWindow(ui.window);
    }
    if (ui.scrollTop) this.#lanes.scroller.scrollTop = ui.scrollTop;

    // Keys: on the document (a webview panel holds one view) or on the view only.
    const target: Document | HTMLElement = options.documentKeys === false ? this.#root : host.ownerDocument;
    const onKey = (e: Event) => this.#onKey(e as KeyboardEvent);
    target.addEventListener('keydown', onKey);
    this.#cleanups.push(() => target.removeEventListener('keydown', onKey));
    // Theme changes: VS Code swaps body classes and the variables on <html>; the report follows the OS scheme.
    const doc = host.ownerDocument;
    const retheme = () => {
      this.#palette = readPalette(this.#root);
      this.#legend.paint(this.#palette);
      this.#schedule();
    };
    const mo = new MutationObserver(retheme);
    mo.observe(doc.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
    mo.observe(doc.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
    this.#cleanups.push(() => mo.disconnect());
    for (const q of ['(prefers-color-scheme: dark)', '(forced-colors: active)', '(prefers-contrast: more)']) {
      const mq = doc.defaultView?.matchMedia(q);
      if (!mq) continue;
      mq.addEventListener('change', retheme);
      this.#cleanups.push(() => mq.removeEventListener('change', retheme));
    }
    const dprq = doc.defaultView?.matchMedia(`(resolution: ${doc.defaultView.devicePixelRatio}dppx)`);
    dprq?.addEventListener('change', retheme);
    this.#schedule();
  }

  get cursor(): number {
    return this.#cursorIndex;
  }
  get breakpoints(): readonly Breakpoint[] {
    return this.#bps;
  }

  applyIntent(intent: TimelineIntent): void {
    const m = this.model;
    const last = m.callCount - 1;
    switch (intent.type) {
      case 'step':
        return this.setCursor(this.#cursorIndex + 1);
      case 'stepBack':
        return this.setCursor(this.#cursorIndex - 1);
      case 'reset':
        return this.setCursor(-1);
      case 'seek':
        return this.setCursor(intent.call);
      case 'runToEnd': {
        const stop = stopOf(intent.breakpoints);
        const hit = stop ? m.nextCall(this.#cursorIndex, stop) : -1;
        if (hit >= 0) this.setStatus(`stopped at a breakpoint: ${describeHit(m, hit, intent.breakpoints)}`);
        else this.setStatus(intent.breakpoints.length ? 'no breakpoint hit before the end' : '');
        return this.setCursor(hit >= 0 ? hit : last);
      }
      case 'runToNext': {
        const next = m.nextCall(this.#cursorIndex, intent.stop === 'event' ? { events: true } : { phaseChanges: true });
        if (next < 0) {
          this.setStatus(intent.stop === 'event' ? 'no event after this round' : 'no phase change after this round');
          return;
        }
        this.setStatus('');
        return this.setCursor(next);
      }
      case 'toggleBreakpoint': {
        const key = bpKey(intent.breakpoint);
        const has = this.#bps.some((b) => bpKey(b) === key);
        return this.setBreakpoints(has ? this.#bps.filter((b) => bpKey(b) !== key) : [...this.#bps, intent.breakpoint]);
      }
    }
  }

  setCursor(call: number): void {
    const c = clamp(Math.trunc(call), -1, this.model.callCount - 1);
    if (c === this.#cursorIndex) return;
    this.#cursorIndex = c;
    this.#dirtyInspector = true;
    if (c >= 0) this.#scale.ensureVisible(this.#scale.cursorUnit(this.model, c));
    this.#schedule();
    this.#uiChanged();
  }

  append(records: readonly TimelineRecord[], options: { follow?: boolean } = {}): void {
    this.model.appendAll(records);
    if (options.follow) this.#cursorIndex = this.model.callCount - 1;
    this.#dirtyInspector = true;
    this.#schedule();
  }

  setRecords(records: readonly TimelineRecord[]): void {
    this.model = TimelineModel.from(records);
    this.#cursorIndex = clamp(this.#cursorIndex, -1, this.model.callCount - 1);
    this.#dirtyInspector = true;
    this.#lastRevealed = -1;
    // The zoom stays (clamped to the new domain at the next paint): a step back reloads the same run with fewer
    // records, and its window should not jump. A fitted view follows the new domain.
    this.#schedule();
  }

  setLive(live: boolean): void {
    if (live === this.#live) return;
    this.#live = live;
    this.#schedule();
  }

  setTitle(text: string): void {
    if (text === this.#title) return;
    this.#title = text;
    this.#controls.setTitle(text);
    this.#root.setAttribute('aria-label', rootLabel(text));
  }

  setAxis(axis: TimelineAxis): void {
    if (axis === this.#axis) return;
    this.#axis = axis;
    this.#scale.axis = axis;
    this.#scale.fit();
    this.#schedule();
    this.#uiChanged();
  }

  setBreakpoints(breakpoints: readonly Breakpoint[]): void {
    this.#bps = [...breakpoints];
    this.#schedule();
    this.#uiChanged();
  }

  setStatus(text: string, kind: 'info' | 'error' = 'info'): void {
    this.#controls.setStatus(text, kind);
  }

  getUiState(): TimelineUiState {
    return {
      cursor: this.#cursorIndex,
      axis: this.#axis,
      breakpoints: [...this.#bps],
      window: this.#scale.fitted ? null : this.#scale.window,
      scrollTop: this.#lanes.scroller.scrollTop,
      layout: this.#layout.state,
    };
  }

  probe(): TimelineViewProbe {
    // What is on screen now, records that came since the last frame included.
    this.paintNow();
    const m = this.#layout.measure();
    const drawn = this.#lanes.drawn(this.model);
    const pools = this.#pools.el;
    return {
      width: this.#root.clientWidth,
      height: this.#root.clientHeight,
      narrow: m.narrow,
      lanesHeight: this.#lanes.el.clientHeight,
      lanesContentHeight: this.#lanes.contentHeight(this.model),
      inspectorWidth: this.#inspector.el.clientWidth,
      inspectorHeight: this.#inspector.el.clientHeight,
      poolsHeight: pools.hidden ? 0 : pools.clientHeight,
      poolsScrollable: !pools.hidden && pools.scrollHeight > pools.clientHeight + 1,
      drawn: { phases: [...drawn.phases], markers: [...drawn.markers] },
      legend: this.#legend.shown,
      laneLabels: this.#lanes.rowLabels(this.model),
      emptyText: this.#lanes.emptyText,
      inspectorTitle: this.#inspector.title,
      contrastFailures: contrastFailures(this.#palette),
      themeKind: this.#palette.kind,
      phaseColours: { ...this.#palette.phases },
    };
  }

  whenPainted(): Promise<void> {
    return new Promise((resolve) => {
      this.#paintedWaiters.push(resolve);
      this.#schedule();
    });
  }

  /** Draws now instead of at the next frame (tests and benchmarks). */
  paintNow(): void {
    if (this.#frame) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#paint();
  }

  dispose(): void {
    this.#disposed = true;
    if (this.#frame) cancelAnimationFrame(this.#frame);
    clearTimeout(this.#uiTimer);
    for (const c of this.#cleanups) c();
    this.#lanes.dispose();
    this.#events.dispose();
    this.#root.remove();
  }

  #emit(intent: TimelineIntent): void {
    if (this.#options.onIntent) this.#options.onIntent(intent, this);
    else this.applyIntent(intent);
  }

  #onAction(a: KeyAction): void {
    const m = this.model;
    switch (a) {
      case 'step':
        return this.#emit({ type: 'step' });
      case 'stepBack':
        return this.#emit({ type: 'stepBack' });
      case 'reset':
        return this.#emit({ type: 'reset' });
      case 'runToEnd':
        return this.#emit({ type: 'runToEnd', breakpoints: [...this.#bps] });
      case 'nextEvent':
        return this.#emit({ type: 'runToNext', stop: 'event' });
      case 'nextPhaseChange':
        return this.#emit({ type: 'runToNext', stop: 'phase-change' });
      case 'previousEvent': {
        const p = m.previousCall(this.#cursorIndex, { events: true });
        return this.#emit({ type: 'seek', call: p });
      }
      case 'previousPhaseChange': {
        const p = m.previousCall(this.#cursorIndex, { phaseChanges: true });
        return this.#emit({ type: 'seek', call: p });
      }
      case 'toggleTaskBreakpoint': {
        if (this.#cursorIndex < 0) return;
        return this.#emit({
          type: 'toggleBreakpoint',
          breakpoint: { kind: 'task', task: m.calls[this.#cursorIndex]!.task },
        });
      }
      case 'toggleAxis':
        return this.setAxis(this.#axis === 'rounds' ? 'time' : 'rounds');
      case 'zoomIn':
        this.#scale.zoom(2, this.#cursorPx());
        break;
      case 'zoomOut':
        this.#scale.zoom(0.5, this.#cursorPx());
        break;
      case 'zoomFit':
        this.#scale.fit();
        break;
      case 'help':
        this.#controls.toggleHelp();
        return;
      case 'filterRounds':
        return this.#events.focusFilter();
    }
    this.#schedule();
    this.#uiChanged();
  }

  #cursorPx(): number {
    if (this.#cursorIndex < 0) return this.#scale.left;
    return this.#scale.x(this.#scale.cursorUnit(this.model, this.#cursorIndex));
  }

  #onKey(e: KeyboardEvent): void {
    if (e.defaultPrevented) return;
    if (e.key === 'Escape' && !this.#controls.help.hidden) {
      this.#controls.toggleHelp();
      return;
    }
    const a = keyAction(e);
    if (!a) return;
    e.preventDefault();
    this.#onAction(a);
  }

  #schedule(): void {
    if (this.#frame || this.#disposed) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#paint();
    });
  }

  #paint(): void {
    if (this.#disposed) return;
    const m = this.model;
    const c = this.#cursorIndex;
    // A narrow view gives its labels less, and its rounds more.
    this.#scale.left = this.#layout.narrow ? LAYOUT.narrowLabelWidth : LAYOUT.labelWidth;
    this.#scale.width = this.#lanes.plotWidth(this.#scale.left);
    this.#scale.updateDomain(m);
    const taskBps = new Set<string>();
    const phaseBps = new Set<string>();
    for (const b of this.#bps) {
      if (b.kind === 'task') taskBps.add(b.task);
      else phaseBps.add(b.phase);
    }
    this.#legend.update(this.#lanes.drawn(m), phaseBps, this.#bps.length);
    // Layout first: the lanes' rows settle the lanes' height, which revealing the cursor's lane depends on.
    this.#layout.apply(this.#lanes.contentHeight(m), m.pools.length > 0);
    this.#pools.draw({ model: m, scale: this.#scale, palette: this.#palette, cursor: c });
    if (c >= 0 && c !== this.#lastRevealed) {
      this.#lanes.revealLane(m, m.callLane[c]!);
      this.#lastRevealed = c;
    }
    this.#lanes.draw({ model: m, scale: this.#scale, palette: this.#palette, cursor: c, taskBreakpoints: taskBps });
    this.#overview.draw({ model: m, scale: this.#scale, palette: this.#palette, cursor: c });
    this.#events.update(m, c);
    if (this.#dirtyInspector) {
      this.#inspector.show(m, c);
      this.#dirtyInspector = false;
    }
    this.#controls.update({
      cursor: c,
      calls: m.callCount,
      runRound: runRoundOf(m.calls, c),
      runRounds: runRoundOf(m.calls, m.callCount - 1),
      axis: this.#axis,
      hasNextEvent: m.nextCall(c, { events: true }) >= 0,
      hasNextPhase: m.nextCall(c, { phaseChanges: true }) >= 0,
      live: this.#live,
    });
    this.#root.setAttribute('data-cursor', String(c));
    const waiters = this.#paintedWaiters;
    this.#paintedWaiters = [];
    for (const w of waiters) w();
  }

  #uiChanged(): void {
    const cb = this.#options.onUiState;
    if (!cb) return;
    clearTimeout(this.#uiTimer);
    this.#uiTimer = setTimeout(() => cb(this.getUiState()), 150);
  }
}

/** Mounts a timeline view into `root`. */
export function mountTimelineView(root: HTMLElement, options: TimelineViewOptions = {}): TimelineView {
  return new TimelineView(root, options);
}

function injectCss(doc: Document, options: TimelineViewOptions): void {
  if (options.injectCss === false || doc.querySelector(`style[${CSS_MARK}]`)) return;
  const style = doc.createElement('style');
  style.setAttribute(CSS_MARK, '');
  if (options.cssNonce) style.nonce = options.cssNonce;
  style.textContent = TIMELINE_VIEW_CSS;
  doc.head.append(style);
}

function rootLabel(title: string): string {
  return `Timeline${title ? ` of ${title}` : ''}`;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

function bpKey(b: Breakpoint): string {
  return b.kind === 'task' ? `task:${b.task}` : `phase:${b.phase}`;
}

function stopOf(bps: readonly Breakpoint[]): { phases: PhaseName[]; tasks: string[] } | undefined {
  if (bps.length === 0) return undefined;
  return {
    phases: bps.flatMap((b) => (b.kind === 'phase' ? [b.phase] : [])),
    tasks: bps.flatMap((b) => (b.kind === 'task' ? [b.task] : [])),
  };
}

function describeHit(m: TimelineModel, call: number, bps: readonly Breakpoint[]): string {
  const rec = m.calls[call]!;
  const task = bps.some((b) => b.kind === 'task' && b.task === rec.task);
  return task ? taskRoundText(rec) : `${rec.task} entered ${rec.pluginPhase.phase}`;
}
