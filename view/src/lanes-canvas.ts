/**
 * The swimlanes: one row per task attempt, phase segments over calls or virtual time, markers, the cursor. Drawn on
 * one canvas the size of the viewport; a scrolling spacer gives the scrollbar its height, so 100,000 lanes cost as
 * much to draw as the thirty on screen, and no DOM node is made per lane or per round.
 *
 * @module
 */
import {
  CALL_NAMES,
  countOf,
  roundText,
  runRoundOf,
  type MarkerKind,
  type PhaseName,
  type TimelineLane,
  type TimelineModel,
  type TimelineTask,
} from '@plugbench/sdk/timeline';
import { h } from './dom';
import { LAYOUT } from './geometry';
import { SHORTCUTS } from './keyboard';
import type { Drawn } from './legend';
import { type XScale, formatOffset, ticks } from './scale';
import { beginFrame, drawMarker, hatchPattern, type Palette } from './theme';

export { LAYOUT };

/** Marker radius in pixels: grows with the width of a round on screen, between these. */
export const MARKER_RADIUS = { min: 4.5, max: 9, perRound: 0.3 } as const;

/** The marker radius when a round is `roundPx` pixels wide. */
export function markerRadius(roundPx: number): number {
  return Math.max(MARKER_RADIUS.min, Math.min(MARKER_RADIUS.max, roundPx * MARKER_RADIUS.perRound));
}

/** Height of the empty state's text under the rows (three lines in a narrow view). */
const EMPTY_STATE_HEIGHT = 64;

/** Marker kinds that mark a failed round: the round's cell is filled with the failure's colour under them. */
const FAILURE_FILL: Partial<Record<MarkerKind, PhaseName>> = { retry: 'RetryableFailure', fault: 'RetryableFailure' };

/** What the lanes draw with. */
export interface LanesState {
  model: TimelineModel;
  scale: XScale;
  palette: Palette;
  cursor: number;
  taskBreakpoints: ReadonlySet<string>;
}

/** What the lanes tell their owner. */
export interface LanesEvents {
  seek(call: number): void;
  toggleTaskBreakpoint(task: string): void;
  /** The scale or the scroll changed: redraw everything that shares the scale. */
  viewChanged(): void;
}

/** The lanes canvas and its scroller. */
export class LanesCanvas {
  readonly el: HTMLDivElement;
  readonly scroller: HTMLDivElement;
  readonly #canvas: HTMLCanvasElement;
  readonly #spacer: HTMLDivElement;
  readonly #tooltip: HTMLDivElement;
  readonly #empty: HTMLDivElement;
  #state?: LanesState;
  #hatch: { color: string; dpr: number; pattern: CanvasPattern | null } | undefined;
  #hover?: { x: number; y: number };
  readonly #ro: ResizeObserver;
  #drawn?: { model: TimelineModel; revision: number; drawn: Drawn };

  readonly #events: LanesEvents;
  constructor(events: LanesEvents) {
    this.#events = events;
    this.#canvas = h('canvas', { attrs: { role: 'img', 'aria-label': 'Task lanes: phases over time' } });
    this.#spacer = h('div', { class: 'pb-spacer' });
    this.scroller = h('div', { class: 'pb-lanes-scroll', attrs: { 'aria-hidden': 'true' } }, this.#spacer);
    this.#tooltip = h('div', { class: 'pb-tooltip', attrs: { role: 'tooltip' } });
    this.#tooltip.hidden = true;
    this.#empty = h('div', { class: 'pb-empty', attrs: { role: 'note' } });
    this.el = h('div', { class: 'pb-lanes' }, this.#canvas, this.scroller, this.#tooltip, this.#empty);

    this.scroller.addEventListener('scroll', () => this.#events.viewChanged(), { passive: true });
    this.scroller.addEventListener('click', (e) => this.#onClick(e));
    this.scroller.addEventListener('mousemove', (e) => {
      const r = this.scroller.getBoundingClientRect();
      this.#hover = { x: e.clientX - r.left, y: e.clientY - r.top };
      this.#updateTooltip();
    });
    this.scroller.addEventListener('mouseleave', () => {
      this.#hover = undefined;
      this.#tooltip.hidden = true;
    });
    this.scroller.addEventListener('wheel', (e) => this.#onWheel(e), { passive: false });
    this.#ro = new ResizeObserver(() => this.#events.viewChanged());
    this.#ro.observe(this.el);
  }

  dispose(): void {
    this.#ro.disconnect();
  }

  /** The empty state's text, '' when it is hidden. */
  get emptyText(): string {
    return this.#empty.hidden ? '' : (this.#empty.textContent ?? '');
  }

  /** Tasks without a lane yet: started (a `task.started` record) but not called. Shown after the lanes. */
  pendingTasks(model: TimelineModel): TimelineTask[] {
    return model.tasks.filter((t) => t.lanes.length === 0);
  }

  /** Height of the header and every row: what the lanes need to show them all. */
  contentHeight(model: TimelineModel): number {
    const rows = model.laneOrder().length + this.pendingTasks(model).length;
    // Before the first round, room for the empty state's few lines under the rows.
    const empty = model.callCount === 0 ? EMPTY_STATE_HEIGHT : 0;
    return LAYOUT.headerHeight + Math.max(1, rows) * LAYOUT.rowHeight + 6 + empty;
  }

  /** The rows' labels, in order. */
  rowLabels(model: TimelineModel): string[] {
    const lanes = model.laneOrder().map((i) => {
      const l = model.lanes[i]!;
      return model.tasks[l.taskIndex]!.lanes.length > 1 ? `${l.task} #${l.attempt}` : l.task;
    });
    return [...lanes, ...this.pendingTasks(model).map((t) => t.id)];
  }

  /** The phases and marker kinds the lanes draw (failure rounds count as their phase). */
  drawn(model: TimelineModel): Drawn {
    const c = this.#drawn;
    if (c && c.model === model && c.revision === model.revision) return c.drawn;
    const phases = new Set<PhaseName>();
    const markers = new Set<MarkerKind>();
    let aborted = false;
    for (const lane of model.lanes) {
      for (const seg of lane.segments) {
        phases.add(seg.phase);
        aborted ||= seg.aborted;
      }
      for (const m of lane.markers) {
        markers.add(m.kind);
        const fill = FAILURE_FILL[m.kind];
        if (fill) phases.add(fill);
      }
    }
    const drawn = { phases, markers, aborted };
    this.#drawn = { model, revision: model.revision, drawn };
    return drawn;
  }

  /** CSS width of the plot, for the shared scale. */
  plotWidth(labelWidth: number): number {
    return Math.max(40, this.scroller.clientWidth - labelWidth - 8);
  }

  /** Scrolls so that `lane` (an index into the model's lanes) is visible. */
  revealLane(model: TimelineModel, lane: number): void {
    const row = model.laneRow(lane);
    if (row < 0) return;
    const top = row * LAYOUT.rowHeight;
    const view = this.scroller.clientHeight - LAYOUT.headerHeight;
    if (top < this.scroller.scrollTop) this.scroller.scrollTop = top;
    else if (top + LAYOUT.rowHeight > this.scroller.scrollTop + view)
      this.scroller.scrollTop = top + LAYOUT.rowHeight - view;
  }

  draw(state: LanesState): void {
    this.#state = state;
    const { model, scale, palette: p, cursor } = state;
    const order = model.laneOrder();
    const pending = this.pendingTasks(model);
    const rows = order.length + pending.length;
    this.#spacer.style.height = `${LAYOUT.headerHeight + rows * LAYOUT.rowHeight + 4}px`;
    this.#showEmpty(model, rows);
    const width = this.scroller.clientWidth;
    const height = this.el.clientHeight;
    const ctx = beginFrame(this.#canvas, p, width, height);
    if (!ctx) return;
    const dpr = window.devicePixelRatio || 1;
    const plotL = scale.left;
    const plotR = plotL + scale.width;

    const scrollTop = this.scroller.scrollTop;
    const first = Math.max(0, Math.floor(scrollTop / LAYOUT.rowHeight));
    const last = Math.min(order.length, Math.ceil((scrollTop + height - LAYOUT.headerHeight) / LAYOUT.rowHeight) + 1);
    const cursorLane = cursor >= 0 ? model.callLane[cursor] : -1;
    const [v0, v1] = scale.window;
    const callsInWindow = scale.axis === 'rounds' ? v1 - v0 : Math.max(1, model.callAtTime(v1) - model.callAtTime(v0));
    const roundPx = scale.width / callsInWindow;
    const showDedup = roundPx >= 6;
    const radius = markerRadius(roundPx);
    if (!this.#hatch || this.#hatch.color !== p.fg || this.#hatch.dpr !== dpr) {
      this.#hatch = { color: p.fg, dpr, pattern: hatchPattern(ctx, p.fg, dpr) };
    }

    // Vertical grid from the axis ticks.
    const tickUnits = ticks(v0, v1, scale.width, 90, true);
    ctx.strokeStyle = p.grid;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (const t of tickUnits) {
      const x = Math.round(scale.x(t)) + 0.5;
      ctx.moveTo(x, LAYOUT.headerHeight);
      ctx.lineTo(x, height);
    }
    ctx.stroke();

    // Rows.
    for (let r = first; r < last; r++) {
      const lane = model.lanes[order[r]!]!;
      const y = LAYOUT.headerHeight + r * LAYOUT.rowHeight - scrollTop;
      if (lane.index === cursorLane) {
        ctx.fillStyle = p.selection;
        ctx.fillRect(0, y, width, LAYOUT.rowHeight);
      } else if (r % 2 === 1) {
        ctx.fillStyle = p.laneAlt;
        ctx.fillRect(0, y, width, LAYOUT.rowHeight);
      }
      ctx.save();
      ctx.beginPath();
      ctx.rect(plotL, y, scale.width, LAYOUT.rowHeight);
      ctx.clip();
      this.#drawSegments(ctx, state, lane, y);
      this.#drawMarkers(ctx, state, lane, y, showDedup, radius);
      ctx.restore();
    }
    const lastPending = Math.min(rows, last + pending.length);

    // The future (after the cursor) is dimmed: the world "at this step" is what is left of the line.
    const cx = cursor >= 0 ? scale.x(scale.cursorUnit(model, cursor)) : plotL;
    if (model.callCount > 0 && cx < plotR) {
      const from = Math.max(plotL, cx);
      ctx.globalAlpha = 0.55;
      ctx.fillStyle = p.bg;
      ctx.fillRect(from, LAYOUT.headerHeight, plotR - from, height - LAYOUT.headerHeight);
      ctx.globalAlpha = 1;
    }

    // The current call: a ring on its lane.
    if (cursor >= 0 && cursorLane !== undefined && cursorLane >= 0) {
      const row = model.laneRow(cursorLane);
      const y = LAYOUT.headerHeight + row * LAYOUT.rowHeight - scrollTop + LAYOUT.rowHeight / 2;
      const x = scale.x(scale.callCenter(model, cursor));
      if (y > LAYOUT.headerHeight && y < height && x >= plotL && x <= plotR) {
        ctx.strokeStyle = p.focus;
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.arc(x, y, radius + 3, 0, Math.PI * 2);
        ctx.stroke();
      }
    }

    // The cursor line.
    if (model.callCount > 0 && cx >= plotL && cx <= plotR) {
      ctx.fillStyle = p.focus;
      ctx.fillRect(Math.round(cx) - 1, LAYOUT.headerHeight - 4, 2, height);
    }

    // Label column, over anything panned under it.
    ctx.fillStyle = p.bg;
    ctx.fillRect(0, LAYOUT.headerHeight, plotL - 1, height);
    for (let r = first; r < last; r++) {
      const lane = model.lanes[order[r]!]!;
      const y = LAYOUT.headerHeight + r * LAYOUT.rowHeight - scrollTop;
      if (lane.index === cursorLane) {
        ctx.fillStyle = p.selection;
        ctx.fillRect(0, y, plotL - 1, LAYOUT.rowHeight);
      } else if (r % 2 === 1) {
        ctx.fillStyle = p.laneAlt;
        ctx.fillRect(0, y, plotL - 1, LAYOUT.rowHeight);
      }
      this.#drawLabel(ctx, state, lane, y);
    }
    for (let r = Math.max(first, order.length); r < lastPending; r++) {
      const y = LAYOUT.headerHeight + r * LAYOUT.rowHeight - scrollTop;
      ctx.fillStyle = p.muted;
      ctx.textAlign = 'left';
      ctx.fillText(ellipsize(ctx, pending[r - order.length]!.id, plotL - 24), 20, y + LAYOUT.rowHeight / 2);
      ctx.fillText('not started', plotL + 8, y + LAYOUT.rowHeight / 2);
    }
    ctx.fillStyle = p.grid;
    ctx.fillRect(plotL - 1, 0, 1, Math.min(height, LAYOUT.headerHeight + rows * LAYOUT.rowHeight - scrollTop));

    // Header: axis ticks, over the rows.
    ctx.fillStyle = p.bg;
    ctx.fillRect(0, 0, width, LAYOUT.headerHeight);
    ctx.fillStyle = p.grid;
    ctx.fillRect(0, LAYOUT.headerHeight - 1, width, 1);
    ctx.fillStyle = p.muted;
    ctx.textAlign = 'left';
    const count = pending.length ? countOf(model.tasks.length, 'task') : countOf(order.length, 'lane');
    ctx.fillText(count, 8, LAYOUT.headerHeight / 2);
    ctx.textAlign = 'right';
    // The axis's name, where the label column has room for it beside the count.
    if (plotL >= LAYOUT.labelWidth)
      ctx.fillText(scale.axis === 'rounds' ? 'run round' : 'time', plotL - 6, LAYOUT.headerHeight / 2);
    ctx.textAlign = 'center';
    const t0 = model.calls[0]?.at ?? 0;
    for (const t of tickUnits) {
      const x = scale.x(t);
      if (x < plotL + 12 || x > plotR - 12) continue;
      ctx.fillText(scale.axis === 'rounds' ? String(t) : formatOffset(t - t0), x, LAYOUT.headerHeight / 2);
    }
    ctx.textAlign = 'left';
    if (p.contrastBorder) {
      ctx.strokeStyle = p.contrastBorder;
      ctx.strokeRect(0.5, 0.5, width - 1, height - 1);
    }
    this.#updateTooltip();
  }

  #drawSegments(ctx: CanvasRenderingContext2D, s: LanesState, lane: TimelineLane, y: number): void {
    const { model, scale, palette: p } = s;
    const top = y + LAYOUT.barInset;
    const hgt = LAYOUT.rowHeight - 2 * LAYOUT.barInset;
    const plotL = scale.left;
    const plotR = plotL + scale.width;
    for (let k = 0; k < lane.segments.length; k++) {
      const seg = lane.segments[k]!;
      const end = model.segmentEnd(lane, k);
      let x0 = scale.x(scale.axis === 'rounds' ? seg.fromCall : seg.fromAt);
      let x1 = scale.x(scale.axis === 'rounds' ? end.call : end.at);
      if (x1 < plotL || x0 > plotR) continue;
      // A lane's final phase (Success, a failure) lasts one round: keep it wide enough to see.
      const final = lane.ended && k === lane.segments.length - 1;
      const min = final ? 6 : 2;
      if (x1 - x0 < min) x1 = x0 + min;
      x0 = Math.max(x0, plotL - 2);
      x1 = Math.min(x1, plotR + 2);
      ctx.fillStyle = p.phases[seg.phase];
      // A failure fills the row: the end of an attempt that failed must not read as one more bar.
      const failed = seg.phase === 'PermanentFailure' || seg.phase === 'RetryableFailure';
      if (failed) ctx.fillRect(x0, y + 2, x1 - x0, LAYOUT.rowHeight - 4);
      else ctx.fillRect(x0, top, x1 - x0, hgt);
      if (seg.aborted && this.#hatch?.pattern) {
        ctx.fillStyle = this.#hatch.pattern;
        ctx.fillRect(x0, top, x1 - x0, hgt);
      }
      if (p.contrastBorder) {
        ctx.strokeStyle = p.contrastBorder;
        ctx.lineWidth = 1;
        ctx.strokeRect(x0 + 0.5, top + 0.5, x1 - x0 - 1, hgt - 1);
      } else if (x1 - x0 > 3) {
        // A hairline between adjacent segments, so equal neighbours of different lanes read as separate.
        ctx.fillStyle = p.bg;
        ctx.fillRect(x0, top, 1, hgt);
      }
    }
  }

  #drawMarkers(
    ctx: CanvasRenderingContext2D,
    s: LanesState,
    lane: TimelineLane,
    y: number,
    showDedup: boolean,
    radius: number,
  ): void {
    const { model, scale, palette: p } = s;
    const plotL = scale.left;
    const plotR = plotL + scale.width;
    const mid = y + LAYOUT.rowHeight / 2;
    // Skip markers of a kind that would land on the same pixel column: at 100,000 calls they would only smear.
    let lastKind = '';
    let lastX = -Infinity;
    for (const m of lane.markers) {
      if (m.kind === 'dedup' && !showDedup) continue;
      const x = scale.x(scale.callCenter(model, m.call));
      if (x < plotL - 6 || x > plotR + 6) continue;
      if (m.kind === lastKind && x - lastX < 3) continue;
      lastKind = m.kind;
      lastX = x;
      const fill = FAILURE_FILL[m.kind];
      if (fill) this.#fillRound(ctx, s, m.call, y, fill);
      const r = m.kind === 'event' ? Math.min(radius * 0.8, LAYOUT.barInset + 1) : radius;
      const yy = m.kind === 'event' ? y + r : m.kind === 'dedup' ? mid + 3 : mid;
      drawMarker(ctx, m.kind, x, yy, r, p);
    }
  }

  /** Fills call `call`'s cell on a lane's row with a phase colour, full height, outlined. */
  #fillRound(ctx: CanvasRenderingContext2D, s: LanesState, call: number, y: number, phase: PhaseName): void {
    const { scale, model, palette: p } = s;
    const u0 = scale.axis === 'rounds' ? call : model.calls[call]!.at;
    const x0 = scale.x(u0);
    const x1 = scale.axis === 'rounds' ? scale.x(call + 1) : x0;
    const w = Math.max(x1 - x0, 2 * markerRadius(x1 - x0) + 2);
    const cx = (x0 + x1) / 2;
    ctx.fillStyle = p.phases[phase];
    ctx.fillRect(cx - w / 2, y + 2, w, LAYOUT.rowHeight - 4);
    ctx.strokeStyle = p.contrastBorder ?? p.bg;
    ctx.lineWidth = 1;
    ctx.strokeRect(cx - w / 2 + 0.5, y + 2.5, w - 1, LAYOUT.rowHeight - 5);
  }

  #showEmpty(model: TimelineModel, rows: number): void {
    this.#empty.hidden = model.callCount > 0;
    if (this.#empty.hidden) return;
    const step = SHORTCUTS.find((k) => k.action === 'step')?.label ?? '→';
    const tasks = rows > 0 ? `${countOf(rows, 'task')}, none has run a round yet. ` : 'No round yet. ';
    this.#empty.textContent = `${tasks}Press Step (${step}) to run the first round, or To end to run them all; ? lists the keys.`;
    this.#empty.style.top = `${LAYOUT.headerHeight + rows * LAYOUT.rowHeight + 8}px`;
  }

  #drawLabel(ctx: CanvasRenderingContext2D, s: LanesState, lane: TimelineLane, y: number): void {
    const { model, palette: p } = s;
    const mid = y + LAYOUT.rowHeight / 2;
    // Breakpoint gutter, as in an editor: a red dot when set, a faint ring to show where to click.
    const bp = s.taskBreakpoints.has(lane.task);
    ctx.beginPath();
    ctx.arc(10, mid, 4, 0, Math.PI * 2);
    if (bp) {
      ctx.fillStyle = p.error;
      ctx.fill();
    } else {
      ctx.strokeStyle = p.grid;
      ctx.lineWidth = 1;
      ctx.stroke();
    }
    const st = s.cursor >= 0 ? model.oneLaneStateAt(lane, s.cursor) : { status: 'pending' as const };
    const task = model.tasks[lane.taskIndex]!;
    const attempts = task.lanes.length > 1;
    ctx.fillStyle = st.status === 'pending' ? p.muted : p.fg;
    const label = lane.task;
    const maxW = s.scale.left - 22 - (attempts ? 24 : 4);
    ctx.textAlign = 'left';
    ctx.fillText(ellipsize(ctx, label, maxW), 20, mid);
    if (attempts) {
      ctx.fillStyle = p.muted;
      ctx.textAlign = 'right';
      ctx.fillText(`#${lane.attempt}`, s.scale.left - 6, mid);
      ctx.textAlign = 'left';
    }
  }

  #laneAtY(y: number): TimelineLane | undefined {
    const s = this.#state;
    if (!s || y < LAYOUT.headerHeight) return undefined;
    const row = Math.floor((y - LAYOUT.headerHeight + this.scroller.scrollTop) / LAYOUT.rowHeight);
    const order = s.model.laneOrder();
    return row >= 0 && row < order.length ? s.model.lanes[order[row]!] : undefined;
  }

  /** The call of `lane` nearest to pixel `x`. */
  #callAtX(lane: TimelineLane, x: number): number {
    const s = this.#state!;
    const u = s.scale.unitAt(x);
    if (s.scale.axis === 'rounds') return s.model.nearestCallOfLane(lane, Math.floor(u));
    // By time: binary search the lane's calls on their virtual time.
    const calls = lane.calls;
    let lo = 0;
    let hi = calls.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (s.model.calls[calls[mid]!]!.at < u) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= calls.length) return calls[calls.length - 1] ?? -1;
    if (lo === 0) return calls[0]!;
    const a = s.model.calls[calls[lo - 1]!]!.at;
    const b = s.model.calls[calls[lo]!]!.at;
    return u - a <= b - u ? calls[lo - 1]! : calls[lo]!;
  }

  #onClick(e: MouseEvent): void {
    const r = this.scroller.getBoundingClientRect();
    const x = e.clientX - r.left;
    const y = e.clientY - r.top;
    const lane = this.#laneAtY(y);
    if (!lane || !this.#state) return;
    if (x < 18) return this.#events.toggleTaskBreakpoint(lane.task);
    const call =
      x < this.#state.scale.left
        ? this.#state.model.nearestCallOfLane(lane, Math.max(0, this.#state.cursor))
        : this.#callAtX(lane, x);
    if (call >= 0) this.#events.seek(call);
  }

  #onWheel(e: WheelEvent): void {
    const s = this.#state;
    if (!s) return;
    const r = this.scroller.getBoundingClientRect();
    if (e.ctrlKey || e.metaKey) {
      e.preventDefault();
      s.scale.zoom(Math.exp(-e.deltaY * 0.002), Math.max(s.scale.left, e.clientX - r.left));
      this.#events.viewChanged();
    } else if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
      e.preventDefault();
      s.scale.pan(e.shiftKey ? e.deltaY : e.deltaX);
      this.#events.viewChanged();
    }
  }

  #updateTooltip(): void {
    const s = this.#state;
    const hv = this.#hover;
    if (!s || !hv) return;
    const lane = this.#laneAtY(hv.y);
    if (!lane || hv.x < s.scale.left) {
      this.#tooltip.hidden = true;
      return;
    }
    const call = this.#callAtX(lane, hv.x);
    if (call < 0) {
      this.#tooltip.hidden = true;
      return;
    }
    const rec = s.model.calls[call]!;
    const k = s.model.segmentAt(lane, call);
    const seg = lane.segments[k];
    const t0 = s.model.calls[0]!.at;
    const lines = [
      roundText(rec, runRoundOf(s.model.calls, call), runRoundOf(s.model.calls, s.model.callCount - 1)),
      `${CALL_NAMES[rec.call]}, attempt ${lane.attempt}${rec.transition ? ` · returned ${rec.transition.phase}` : ''}${rec.decision ? ` · ${rec.decision.code}` : ''}${rec.events.length ? ` · events ${rec.events.map((e) => e.phase).join(', ')}` : ''}`,
      seg
        ? `${seg.aborted ? 'aborting, ' : ''}${seg.phase} v${seg.fromVersion}${seg.lastVersion !== seg.fromVersion ? `..${seg.lastVersion}` : ''} for ${countOf(seg.calls, 'round')}`
        : '',
      `at +${formatOffset(rec.at - t0)}`,
      rec.error ? `error: ${rec.error.message}` : '',
    ].filter(Boolean);
    this.#tooltip.textContent = lines.join('\n');
    this.#tooltip.hidden = false;
    const w = this.el.clientWidth;
    const left = Math.min(hv.x + 14, Math.max(0, w - 300));
    this.#tooltip.style.left = `${left}px`;
    this.#tooltip.style.top = `${hv.y + 16}px`;
  }
}

/** `text` cut with an ellipsis to fit `maxWidth` pixels. */
export function ellipsize(ctx: CanvasRenderingContext2D, text: string, maxWidth: number): string {
  if (ctx.measureText(text).width <= maxWidth) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (ctx.measureText(text.slice(0, mid) + '…').width <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return text.slice(0, lo) + '…';
}
