/**
 * The resource pools: per namespace, the tokens held over time against the quota (one row per token slot, each
 * hold a bar named after its task), the number of tasks waiting, and at the cursor who holds which token and who
 * waits. Shares the lanes' x scale, so a hold lines up with the lane that took it.
 *
 * @module
 */
import {
  type PoolHold,
  type TimelinePoolSnapshot,
  type PoolWait,
  type TimelineModel,
  type TimelinePool,
  runRoundOf,
  runRoundText,
  upperBound,
} from '@plugbench/sdk/timeline';
import { clear, h } from './dom';
import { ellipsize } from './lanes-canvas';
import type { XScale } from './scale';
import { beginFrame, type Palette } from './theme';
import { VirtualList } from './virtual-list';

/** Above this quota, the pool is drawn as a usage chart instead of one row per token. */
const MAX_SLOT_ROWS = 10;
const SLOT_H = 18;
const CHART_H = 44;
const WAIT_H = 16;

interface PoolView {
  pool: TimelinePool;
  root: HTMLDivElement;
  stats: HTMLSpanElement;
  canvas: HTMLCanvasElement;
  holders: VirtualList<PoolHold>;
  waiters: VirtualList<PoolWait>;
  height: number;
}

/** What the pools draw with. */
export interface PoolsState {
  model: TimelineModel;
  scale: XScale;
  palette: Palette;
  cursor: number;
}

/** The pools panel. */
export class PoolsPanel {
  readonly el: HTMLDivElement;
  readonly #title: HTMLDivElement;
  readonly #views: PoolView[] = [];
  #state?: PoolsState;

  readonly #seek: (call: number) => void;
  constructor(seek: (call: number) => void) {
    this.#seek = seek;
    this.#title = h('div', { class: 'pb-pools-title', text: 'Resource pools' });
    this.el = h('div', { class: 'pb-pools', attrs: { role: 'region', 'aria-label': 'Resource pools' } }, this.#title);
  }

  draw(state: PoolsState): void {
    this.#state = state;
    const { model } = state;
    this.el.hidden = model.pools.length === 0;
    this.#sync(model.pools);
    const snaps = model.poolsAt(state.cursor);
    for (const v of this.#views) this.#drawPool(v, snaps[v.pool.index]!);
  }

  /**
   * Matches the drawings to the model's pools. A live run only adds pools, but `setRecords` brings a new model
   * (fewer records after a step back, maybe fewer or other pools): a drawing bound to a pool of the old model would
   * show its holds and index past the new snapshots. Drawings are kept per `namespaceFQ` (their lists' scroll and
   * DOM survive a step back), rebound to the new pool object, and the others removed.
   */
  #sync(pools: readonly TimelinePool[]): void {
    if (pools.length === this.#views.length && pools.every((p, i) => this.#views[i]!.pool === p)) return;
    const old = new Map(this.#views.map((v) => [v.pool.namespaceFQ, v]));
    const next: PoolView[] = [];
    for (const pool of pools) {
      const v = old.get(pool.namespaceFQ);
      old.delete(pool.namespaceFQ);
      if (v) v.pool = pool;
      next.push(v ?? this.#makeView(pool));
    }
    for (const v of old.values()) v.root.remove();
    this.#views.splice(0, this.#views.length, ...next);
    // In the model's order: append moves a node that is already there.
    for (const v of next) this.el.append(v.root);
  }

  #makeView(pool: TimelinePool): PoolView {
    const stats = h('span', { class: 'pb-pool-stats' });
    const canvas = h('canvas', { attrs: { role: 'img', 'aria-label': `Tokens of ${pool.namespace} held over time` } });
    const since = (call: number) => `since ${runRoundText(runRoundOf(this.#state?.model.calls ?? [], call))}`;
    const holders = new VirtualList<PoolHold>(
      18,
      (hd, row) => {
        row.append(
          h('span', { class: 'pb-task', text: hd.task }),
          h('span', { class: 'pb-dim', text: ` ${hd.token} · ${since(hd.fromCall)}` }),
        );
        if (this.#state && this.#state.cursor >= 0 && this.#state.model.callLane[this.#state.cursor] === hd.lane)
          row.classList.add('pb-current');
        row.title = `${hd.task} holds ${hd.tokenFQ} ${since(hd.fromCall)}`;
      },
      'no token held',
      `Tasks holding ${pool.namespace} tokens`,
    );
    const waiters = new VirtualList<PoolWait>(
      18,
      (w, row) => {
        row.append(
          h('span', { class: 'pb-task', text: w.task }),
          h('span', { class: 'pb-dim', text: ` ${since(w.fromCall)}` }),
        );
        if (this.#state && this.#state.cursor >= 0 && this.#state.model.callLane[this.#state.cursor] === w.lane)
          row.classList.add('pb-current');
        // The tries are counted over the whole wait, which may run past the cursor: only in the tooltip.
        row.title = `${w.task} waits for ${pool.namespace} ${since(w.fromCall)} (${w.attempts} refused allocations in this wait)`;
      },
      'nobody waiting',
      `Tasks waiting for ${pool.namespace}`,
    );
    const root = h(
      'div',
      { class: 'pb-pool', attrs: { 'data-namespace': pool.namespace } },
      h('div', { class: 'pb-pool-head' }, h('span', { class: 'pb-pool-name', text: pool.namespace }), stats),
      canvas,
      h(
        'div',
        { class: 'pb-pool-lists' },
        h('div', {}, h('div', { class: 'pb-list-title', text: 'Holding a token' }), holders.el),
        h('div', {}, h('div', { class: 'pb-list-title', text: 'Waiting' }), waiters.el),
      ),
    );
    canvas.addEventListener('click', (e) => this.#onClick(e, canvas));
    return { pool, root, stats, canvas, holders, waiters, height: 0 };
  }

  #slotRows(pool: TimelinePool): number {
    const rows = Math.max(pool.quota ?? 0, pool.maxUsed, 1);
    return rows <= MAX_SLOT_ROWS ? rows : 0;
  }

  #drawPool(v: PoolView, snap: TimelinePoolSnapshot): void {
    const s = this.#state!;
    const { model, scale, palette: p } = s;
    const pool = v.pool;
    // Stats line (DOM: selectable text, read by screen readers).
    clear(v.stats);
    const quota = pool.quota ?? '?';
    v.stats.append(
      'in use ',
      h('b', { text: `${snap.used}/${quota}` }),
      ' · ',
      snap.waiters.length ? h('span', { class: 'pb-warn', text: `${snap.waiters.length} waiting` }) : '0 waiting',
      ` · ${pool.grants} grants, ${pool.exhausted} refusals, max ${pool.maxUsed} in use`,
    );
    if (snap.used > (pool.quota ?? Infinity))
      v.stats.append(' · ', h('span', { class: 'pb-over', text: 'over quota' }));
    v.holders.setItems(snap.holders);
    v.waiters.setItems(snap.waiters);

    const rows = this.#slotRows(pool);
    const bodyH = rows > 0 ? rows * SLOT_H : CHART_H;
    const height = bodyH + WAIT_H + 6;
    const width = this.el.clientWidth - (this.el.offsetWidth - this.el.clientWidth);
    const ctx = beginFrame(v.canvas, p, width, height, Math.max(50, width));
    if (!ctx) return;
    const plotL = scale.left;
    const plotR = plotL + scale.width;
    const unitOf = (call: number) =>
      scale.axis === 'rounds' ? call : call < model.callCount ? model.calls[call]!.at : scale.domain[1];
    const endUnit = scale.axis === 'rounds' ? model.callCount : scale.domain[1];
    const cursorLane = s.cursor >= 0 ? model.callLane[s.cursor] : -1;

    ctx.save();
    ctx.beginPath();
    ctx.rect(plotL, 0, scale.width, height);
    ctx.clip();
    if (rows > 0) {
      for (let r = 0; r < rows; r++) {
        ctx.fillStyle = r % 2 ? p.laneAlt : p.bg;
        ctx.fillRect(plotL, 2 + r * SLOT_H, scale.width, SLOT_H);
      }
      // Holds are sorted by their start: stop at the first one right of the window.
      const [v0, v1] = scale.window;
      const lastVisible = scale.axis === 'rounds' ? firstHoldAfter(pool.holds, Math.ceil(v1)) : pool.holds.length;
      let lastX = -Infinity;
      let lastSlot = -1;
      for (let i = 0; i < lastVisible; i++) {
        const hd = pool.holds[i]!;
        const endU = hd.toCall === undefined ? endUnit : unitOf(hd.toCall);
        if (endU < v0) continue;
        const x0 = scale.x(unitOf(hd.fromCall));
        if (x0 > plotR) continue;
        let x1 = scale.x(endU);
        if (x1 - x0 < 1) x1 = x0 + 1;
        if (hd.slot === lastSlot && x1 - lastX < 0.5) continue;
        lastX = x1;
        lastSlot = hd.slot;
        const y = 2 + hd.slot * SLOT_H + 2;
        // Opaque: the label's colour was picked for its contrast on this very fill. The cursor's is outlined.
        ctx.fillStyle = p.hold;
        ctx.fillRect(x0, y, x1 - x0, SLOT_H - 4);
        if (hd.lane === cursorLane || p.contrastBorder) {
          ctx.strokeStyle = p.contrastBorder ?? p.fg;
          ctx.lineWidth = hd.lane === cursorLane ? 1.5 : 1;
          ctx.strokeRect(x0 + 0.5, y + 0.5, x1 - x0 - 1, SLOT_H - 5);
        }
        if (x1 - x0 > 40) {
          // Chosen for its contrast on the hold's colour, whatever the theme made of it.
          ctx.fillStyle = p.onHold;
          ctx.font = `11px ${p.font.replace(/^\S+\s/, '')}`;
          ctx.fillText(ellipsize(ctx, hd.task, x1 - x0 - 6), Math.max(x0, plotL) + 3, y + (SLOT_H - 4) / 2 + 0.5);
          ctx.font = p.font;
        }
      }
    } else {
      // Usage chart: the used series as a step area against the quota line.
      const max = Math.max(pool.quota ?? 0, pool.maxUsed, 1);
      const yOf = (n: number) => 2 + CHART_H - (n / max) * (CHART_H - 4);
      this.#stepArea(ctx, pool.used.call, pool.used.value, unitOf, endUnit, yOf, 2 + CHART_H, p.hold);
      if (pool.quota !== undefined) {
        ctx.strokeStyle = p.error;
        ctx.setLineDash([4, 3]);
        ctx.beginPath();
        ctx.moveTo(plotL, Math.round(yOf(pool.quota)) + 0.5);
        ctx.lineTo(plotR, Math.round(yOf(pool.quota)) + 0.5);
        ctx.stroke();
        ctx.setLineDash([]);
      }
    }
    // Waiting: a step area scaled to the most waiters seen.
    const wy = 2 + bodyH + 2;
    const wmax = Math.max(1, pool.maxWaiting);
    this.#stepArea(
      ctx,
      pool.waiting.call,
      pool.waiting.value,
      unitOf,
      endUnit,
      (n) => wy + WAIT_H - 2 - (n / wmax) * (WAIT_H - 4),
      wy + WAIT_H - 2,
      p.waiting,
    );

    // Future dimmed and cursor line, as on the lanes.
    const cx = s.cursor >= 0 ? scale.x(scale.cursorUnit(model, s.cursor)) : plotL;
    if (model.callCount > 0 && cx < plotR) {
      ctx.globalAlpha = 0.55;
      ctx.fillStyle = p.bg;
      ctx.fillRect(Math.max(plotL, cx), 0, plotR - Math.max(plotL, cx), height);
      ctx.globalAlpha = 1;
    }
    if (model.callCount > 0 && cx >= plotL && cx <= plotR) {
      ctx.fillStyle = p.focus;
      ctx.fillRect(Math.round(cx) - 1, 0, 2, height);
    }
    ctx.restore();

    // Labels.
    ctx.fillStyle = p.muted;
    ctx.textAlign = 'right';
    if (rows > 0) {
      if (rows <= 3)
        for (let r = 0; r < rows; r++) ctx.fillText(`token ${r + 1}`, plotL - 8, 2 + r * SLOT_H + SLOT_H / 2);
      else {
        ctx.fillText(`${rows} tokens`, plotL - 8, 2 + SLOT_H / 2);
      }
    } else {
      ctx.fillText(
        fit(ctx, `in use (max ${Math.max(pool.quota ?? 0, pool.maxUsed)})`, 'in use', plotL - 12),
        plotL - 8,
        2 + CHART_H / 2,
      );
    }
    ctx.fillStyle = pool.maxWaiting > 0 ? p.waiting : p.muted;
    ctx.fillText(fit(ctx, `waiting (max ${pool.maxWaiting})`, 'waiting', plotL - 12), plotL - 8, wy + WAIT_H / 2);
    ctx.textAlign = 'left';
    ctx.fillStyle = p.grid;
    ctx.fillRect(plotL - 1, 0, 1, height);
  }

  #stepArea(
    ctx: CanvasRenderingContext2D,
    calls: readonly number[],
    values: readonly number[],
    unitOf: (call: number) => number,
    endUnit: number,
    yOf: (n: number) => number,
    base: number,
    color: string,
  ): void {
    const s = this.#state!;
    const { scale } = s;
    if (calls.length === 0) return;
    const [v0, v1] = scale.window;
    // Start at the last change before the window; merge changes that fall on one pixel column (keep the highest).
    let k = 0;
    if (scale.axis === 'rounds') k = Math.max(0, upperBound(calls, Math.floor(v0)) - 1);
    ctx.fillStyle = color;
    ctx.globalAlpha = 0.75;
    let colX = -1;
    let colMax = 0;
    const flush = (x0: number, x1: number, n: number) => {
      if (n <= 0 || x1 <= x0) return;
      const y = yOf(n);
      ctx.fillRect(x0, y, Math.max(1, x1 - x0), base - y);
    };
    for (; k < calls.length; k++) {
      const u0 = unitOf(calls[k]!);
      if (u0 > v1) break;
      const u1 = k + 1 < calls.length ? unitOf(calls[k + 1]!) : endUnit;
      if (u1 < v0) continue;
      const x0 = scale.x(u0);
      const x1 = scale.x(u1);
      const n = values[k]!;
      if (x1 - x0 >= 1) {
        if (colX >= 0) flush(colX, colX + 1, colMax);
        colX = -1;
        flush(x0, x1, n);
      } else {
        const c = Math.floor(x0);
        if (c !== colX) {
          if (colX >= 0) flush(colX, colX + 1, colMax);
          colX = c;
          colMax = n;
        } else colMax = Math.max(colMax, n);
      }
    }
    if (colX >= 0) flush(colX, colX + 1, colMax);
    ctx.globalAlpha = 1;
  }

  #onClick(e: MouseEvent, canvas: HTMLCanvasElement): void {
    const s = this.#state;
    if (!s) return;
    const r = canvas.getBoundingClientRect();
    const x = e.clientX - r.left;
    if (x < s.scale.left) return;
    const u = s.scale.unitAt(x);
    const call = s.scale.axis === 'rounds' ? Math.floor(u) : s.model.callAtTime(u);
    if (call >= 0 && call < s.model.callCount) this.#seek(call);
  }
}

/** `long` when it fits in `width` pixels, else `short` (a narrow view's label column). */
function fit(ctx: CanvasRenderingContext2D, long: string, short: string, width: number): string {
  return ctx.measureText(long).width <= width ? long : short;
}

/** Index of the first hold granted after call `call` (holds are in grant order). */
function firstHoldAfter(holds: readonly PoolHold[], call: number): number {
  let lo = 0;
  let hi = holds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (holds[mid]!.fromCall <= call) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
