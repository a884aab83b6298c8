/**
 * The shared x scale of the lanes and the pools: axis units (a call index, or virtual ms) to CSS pixels, with a
 * zoom window. While fitted, the window follows the domain as a live run grows.
 *
 * @module
 */
import type { TimelineModel } from '@plugbench/sdk/timeline';
import type { TimelineAxis } from './types';

/** Maps axis units to pixels of the plot area. */
export class XScale {
  axis: TimelineAxis = 'rounds';
  /** Pixel where the plot starts (after the label column) and its width. */
  left = 0;
  width = 1;
  #d0 = 0;
  #d1 = 1;
  #v0 = 0;
  #v1 = 1;
  fitted = true;

  /** Sets the domain from the model: all calls, or first to last virtual time. */
  updateDomain(model: TimelineModel): void {
    let d0: number;
    let d1: number;
    if (this.axis === 'rounds') {
      d0 = 0;
      d1 = Math.max(1, model.callCount);
    } else {
      const first = model.calls[0]?.at ?? model.firstAt ?? 0;
      const last = Math.max(model.lastAt ?? first, first);
      // A little room after the last call, so that the last round and terminal segments are visible.
      const pad = Math.max(1, (last - first) * 0.02);
      d0 = first;
      d1 = last + pad;
    }
    this.#d0 = d0;
    this.#d1 = d1;
    if (this.fitted) {
      this.#v0 = d0;
      this.#v1 = d1;
    } else this.#clampWindow();
  }

  /** The axis units where call `i` starts, and its centre. */
  callStart(model: TimelineModel, i: number): number {
    return this.axis === 'rounds' ? i : model.calls[i]!.at;
  }
  callCenter(model: TimelineModel, i: number): number {
    return this.axis === 'rounds' ? i + 0.5 : model.calls[i]!.at;
  }
  /** Where the cursor stands after call `i`: the end of its cell, or its time. -1 is the start of the domain. */
  cursorUnit(model: TimelineModel, i: number): number {
    if (i < 0) return this.#d0;
    return this.axis === 'rounds' ? i + 1 : model.calls[i]!.at;
  }

  x(u: number): number {
    return this.left + ((u - this.#v0) / (this.#v1 - this.#v0)) * this.width;
  }
  unitAt(px: number): number {
    return this.#v0 + ((px - this.left) / this.width) * (this.#v1 - this.#v0);
  }
  /** Pixels per axis unit. */
  get density(): number {
    return this.width / (this.#v1 - this.#v0);
  }
  get window(): [number, number] {
    return [this.#v0, this.#v1];
  }
  get domain(): [number, number] {
    return [this.#d0, this.#d1];
  }
  /** The narrowest window zooming goes to: 8 rounds, or 10 virtual ms. */
  get minSpan(): number {
    return this.axis === 'rounds' ? 8 : 10;
  }

  setWindow(w: [number, number] | null): void {
    if (!w) return this.fit();
    this.fitted = false;
    [this.#v0, this.#v1] = w;
    this.#clampWindow();
  }
  fit(): void {
    this.fitted = true;
    this.#v0 = this.#d0;
    this.#v1 = this.#d1;
  }
  /** Zooms by `factor` (>1 in) around pixel `px`. */
  zoom(factor: number, px = this.left + this.width / 2): void {
    const u = this.unitAt(px);
    const span = (this.#v1 - this.#v0) / factor;
    const s = Math.max(this.minSpan, Math.min(span, this.#d1 - this.#d0));
    const t = (px - this.left) / this.width;
    this.#v0 = u - t * s;
    this.#v1 = this.#v0 + s;
    this.fitted = s >= this.#d1 - this.#d0;
    this.#clampWindow();
  }
  /** Pans by `dx` pixels. */
  pan(dx: number): void {
    const du = (dx / this.width) * (this.#v1 - this.#v0);
    this.#v0 += du;
    this.#v1 += du;
    this.#clampWindow();
  }
  /** Pans so that `u` is inside the window, with a margin. */
  ensureVisible(u: number): void {
    if (this.fitted) return;
    const span = this.#v1 - this.#v0;
    const margin = span * 0.1;
    if (u < this.#v0 + margin) {
      this.#v0 = u - margin;
      this.#v1 = this.#v0 + span;
    } else if (u > this.#v1 - margin) {
      this.#v1 = u + margin;
      this.#v0 = this.#v1 - span;
    }
    this.#clampWindow();
  }
  #clampWindow(): void {
    const span = Math.min(this.#v1 - this.#v0, this.#d1 - this.#d0);
    if (this.#v0 < this.#d0) this.#v0 = this.#d0;
    if (this.#v0 + span > this.#d1) this.#v0 = this.#d1 - span;
    this.#v1 = this.#v0 + span;
  }
}

/** "Nice" tick positions for an axis window, about one per `pxPerTick` pixels. */
export function ticks(v0: number, v1: number, widthPx: number, pxPerTick = 90, integer = true): number[] {
  const n = Math.max(1, Math.floor(widthPx / pxPerTick));
  const raw = (v1 - v0) / n;
  const mag = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
  let step = mag;
  for (const m of [1, 2, 5, 10]) {
    if (mag * m >= raw) {
      step = mag * m;
      break;
    }
  }
  if (integer) step = Math.max(1, Math.round(step));
  const out: number[] = [];
  for (let t = Math.ceil(v0 / step) * step; t <= v1; t += step) out.push(t);
  return out;
}

/** Virtual milliseconds since the start of the run, short: `850ms`, `12.5s`, `3m05s`, `1h02m`. */
export function formatOffset(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  ms = Math.abs(ms);
  if (ms < 1000) return `${sign}${Math.round(ms)}ms`;
  if (ms < 60_000) return `${sign}${+(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
  if (ms < 3_600_000) {
    const m = Math.floor(ms / 60_000);
    return `${sign}${m}m${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}s`;
  }
  const hr = Math.floor(ms / 3_600_000);
  return `${sign}${hr}h${String(Math.floor((ms % 3_600_000) / 60_000)).padStart(2, '0')}m`;
}
