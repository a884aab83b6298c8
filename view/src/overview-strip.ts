/**
 * The overview strip above the lanes, as in Chrome's Performance panel: the whole run in miniature with the lanes'
 * visible range drawn as a window. Dragging on the strip selects a range (the lanes zoom to it), dragging the window
 * pans it, dragging its edges resizes it, a click beside it moves it there, a double click shows the whole run. It
 * moves the lanes' own {@link XScale}; the lanes follow because they draw from it.
 *
 * @module
 */
import type { TimelineModel } from '@plugbench/sdk/timeline';
import { h } from './dom';
import { laneRowHeight, phaseBins } from './overview-bins';
import { centreAt, coversDomain, dragAt, dragWindow, rangeText, windowPx, type OverviewDrag } from './overview-range';
import { XScale } from './scale';
import { beginFrame, fitCanvas, PHASES, type Palette } from './theme';

/** The strip's height in CSS pixels before layout; the CSS sets it (lower in a short or narrow view). */
export const OVERVIEW_HEIGHT = 44;

/** What the strip draws with: the lanes' scale, which it also moves. */
export interface OverviewState {
  model: TimelineModel;
  scale: XScale;
  palette: Palette;
  cursor: number;
}

/** What the strip tells the view. */
export interface OverviewEvents {
  /** The lanes' window changed: draw everything that shares the scale again. */
  viewChanged(): void;
}

interface Drag {
  mode: OverviewDrag;
  fromPx: number;
  start: [number, number];
  moved: boolean;
}

/** The overview strip. */
export class OverviewStrip {
  readonly el: HTMLDivElement;
  readonly #canvas: HTMLCanvasElement;
  /** The whole run, always fitted: the strip's own mapping, the lanes' scale code. */
  readonly #strip = new XScale();
  #state?: OverviewState;
  #drag?: Drag;
  /** The miniature, drawn once per model revision and size. */
  readonly #cache: HTMLCanvasElement;
  #cacheKey = '';

  readonly #events: OverviewEvents;
  constructor(events: OverviewEvents) {
    this.#events = events;
    this.#canvas = h('canvas', { attrs: { 'aria-hidden': 'true' } });
    this.#cache = h('canvas');
    this.el = h(
      'div',
      {
        class: 'pb-overview',
        title: 'Drag to zoom the lanes to a range; drag the window to pan; double-click to show the whole run',
        attrs: {
          role: 'slider',
          tabindex: '0',
          'aria-label': 'Visible range of the lanes',
          'aria-orientation': 'horizontal',
        },
      },
      this.#canvas,
    );
    this.el.addEventListener('pointerdown', (e) => this.#onDown(e));
    this.el.addEventListener('pointermove', (e) => this.#onMove(e));
    this.el.addEventListener('pointerup', (e) => this.#onUp(e));
    this.el.addEventListener('pointercancel', () => (this.#drag = undefined));
    this.el.addEventListener('dblclick', () => this.#fit());
    this.el.addEventListener('keydown', (e) => this.#onKey(e));
  }

  /** The strip's mapping of the whole run to pixels (for tests). */
  get strip(): XScale {
    return this.#strip;
  }

  draw(state: OverviewState): void {
    this.#state = state;
    const { model, scale, palette: p } = state;
    const strip = this.#strip;
    strip.axis = scale.axis;
    strip.left = scale.left;
    strip.width = scale.width;
    strip.updateDomain(model);
    strip.fit();
    const width = Math.max(1, this.el.clientWidth);
    const height = this.el.clientHeight || OVERVIEW_HEIGHT;
    const ctx = beginFrame(this.#canvas, p, width, height);
    if (!ctx) return;
    this.#drawMiniature(ctx, state, width, height);
    this.#drawWindow(ctx, state, width, height);
    this.#describe(state);
  }

  #drawMiniature(ctx: CanvasRenderingContext2D, state: OverviewState, width: number, height: number): void {
    const { model, palette: p } = state;
    const key = [
      model.revision,
      model.records,
      width,
      height,
      this.#strip.axis,
      this.#strip.left,
      this.#strip.width,
      p.bg,
      ...Object.values(p.phases),
    ].join();
    if (key !== this.#cacheKey) {
      this.#cacheKey = key;
      const c = fitCanvas(this.#cache, width, height);
      if (c) {
        c.clearRect(0, 0, width, height);
        const rowH = laneRowHeight(model.lanes.length, height - 4);
        if (rowH > 0) this.#paintLanes(c, model, p, rowH, height);
        else this.#paintDensity(c, model, p, height);
      }
    }
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this.#cache, 0, 0);
    ctx.restore();
    ctx.fillStyle = p.muted;
    ctx.fillText('whole run', 6, height / 2);
  }

  /** One thin row per lane, in the lanes' order, in phase colours. */
  #paintLanes(c: CanvasRenderingContext2D, model: TimelineModel, p: Palette, rowH: number, height: number): void {
    const strip = this.#strip;
    const rounds = strip.axis === 'rounds';
    const top = (height - rowH * model.lanes.length) / 2;
    model.laneOrder().forEach((l, r) => {
      const lane = model.lanes[l]!;
      const y = top + r * rowH;
      lane.segments.forEach((seg, k) => {
        const end = model.segmentEnd(lane, k);
        const x0 = strip.x(rounds ? seg.fromCall : seg.fromAt);
        const x1 = strip.x(rounds ? end.call : end.at);
        c.fillStyle = p.phases[seg.phase];
        c.fillRect(x0, y, Math.max(1, x1 - x0), Math.max(1, rowH - (rowH > 3 ? 1 : 0)));
      });
    });
  }

  /** Rounds per pixel column, stacked by phase; a tick on top where events were sent. */
  #paintDensity(c: CanvasRenderingContext2D, model: TimelineModel, p: Palette, height: number): void {
    const strip = this.#strip;
    const columns = Math.max(1, Math.floor(strip.width));
    const bins = phaseBins(model, strip, columns);
    if (bins.max === 0) return;
    const plotH = height - 6;
    for (let col = 0; col < columns; col++) {
      let y = height;
      for (let ph = 0; ph < PHASES.length; ph++) {
        const n = bins.counts[col * PHASES.length + ph]!;
        if (n === 0) continue;
        const hh = (n / bins.max) * plotH;
        c.fillStyle = p.phases[PHASES[ph]!];
        c.fillRect(strip.left + col, y - hh, 1, hh);
        y -= hh;
      }
      if (bins.events[col]! > 0) {
        c.fillStyle = p.fg;
        c.fillRect(strip.left + col, 0, 1, 3);
      }
    }
  }

  /** The lanes' window: the rest dimmed, a frame around it, and the cursor. */
  #drawWindow(ctx: CanvasRenderingContext2D, state: OverviewState, width: number, height: number): void {
    const { scale, palette: p, cursor, model } = state;
    const left = this.#strip.left;
    const right = left + this.#strip.width;
    if (!scale.fitted) {
      const win = windowPx(this.#strip, scale.window);
      ctx.save();
      ctx.globalAlpha = 0.6;
      ctx.fillStyle = p.bg;
      ctx.fillRect(left, 0, Math.max(0, win.x0 - left), height);
      ctx.fillRect(win.x1, 0, Math.max(0, Math.min(width, right) - win.x1), height);
      ctx.restore();
      ctx.strokeStyle = p.focus;
      ctx.lineWidth = 2;
      ctx.strokeRect(win.x0 + 1, 1, Math.max(2, win.x1 - win.x0 - 2), height - 2);
    }
    if (cursor >= 0) {
      const x = Math.round(this.#strip.x(this.#strip.cursorUnit(model, cursor))) + 0.5;
      ctx.strokeStyle = p.fg;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(x, 0);
      ctx.lineTo(x, height);
      ctx.stroke();
    }
  }

  #describe(state: OverviewState): void {
    const { scale, model } = state;
    const [d0, d1] = scale.domain;
    const [v0, v1] = scale.fitted ? scale.domain : scale.window;
    this.el.setAttribute('aria-valuemin', String(Math.round(d0)));
    this.el.setAttribute('aria-valuemax', String(Math.round(d1)));
    this.el.setAttribute('aria-valuenow', String(Math.round(v0)));
    this.el.setAttribute('aria-valuetext', rangeText(scale.axis, [v0, v1], [d0, d1], model.callCount));
    this.el.dataset.zoomed = String(!scale.fitted);
  }

  #px(e: MouseEvent): number {
    return e.clientX - this.el.getBoundingClientRect().left;
  }

  #onDown(e: PointerEvent): void {
    const s = this.#state;
    if (!s || e.button !== 0 || s.model.callCount === 0) return;
    const px = this.#px(e);
    const mode = dragAt(px, windowPx(this.#strip, s.scale.window), s.scale.fitted);
    this.#drag = { mode, fromPx: px, start: [...s.scale.window], moved: false };
    this.el.setPointerCapture?.(e.pointerId);
  }

  #onMove(e: PointerEvent): void {
    const d = this.#drag;
    const s = this.#state;
    if (!d || !s) return;
    const w = dragWindow(d.mode, this.#strip, d.fromPx, this.#px(e), d.start, s.scale.minSpan);
    if (!w) return;
    d.moved = true;
    this.#setWindow(w);
  }

  #onUp(e: PointerEvent): void {
    const d = this.#drag;
    const s = this.#state;
    this.#drag = undefined;
    if (!d || !s || d.moved || s.scale.fitted) return;
    // A click beside the window moves it there.
    if (d.mode === 'select') this.#setWindow(centreAt(this.#strip, this.#px(e), s.scale.window));
  }

  #onKey(e: KeyboardEvent): void {
    const s = this.#state;
    if (!s || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    // The strip's own arrows pan the window (a tenth of it), rather than stepping the cursor.
    e.preventDefault();
    if (s.scale.fitted) return;
    s.scale.pan((e.key === 'ArrowLeft' ? -0.1 : 0.1) * s.scale.width);
    this.#events.viewChanged();
  }

  #setWindow(w: [number, number]): void {
    const scale = this.#state!.scale;
    if (coversDomain(w, scale.domain)) scale.fit();
    else scale.setWindow(w);
    this.#events.viewChanged();
  }

  #fit(): void {
    this.#state?.scale.fit();
    this.#events.viewChanged();
  }
}
