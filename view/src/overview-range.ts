/**
 * The arithmetic of the overview strip (Chrome's Performance panel): where the lanes' window sits on the strip, what
 * a drag on the strip does to it (select a new range, pan the window, move one of its edges), and the range as
 * words. Pure over two {@link XScale}s: the strip's, always fitted to the whole run, and the lanes' own.
 *
 * @module
 */
import { runRoundText } from '@plugbench/sdk/timeline';
import { formatOffset, type XScale } from './scale';

/** What a drag that starts at a point of the strip does. */
export type OverviewDrag = 'select' | 'pan' | 'resize-start' | 'resize-end';

/** The window in strip pixels. */
export interface WindowPx {
  x0: number;
  x1: number;
}

/** A window never drawn narrower than this, so that it stays visible and grabbable at any zoom. */
export const MIN_WINDOW_PX = 6;
/** Pixels either side of an edge that grab the edge. */
export const EDGE_GRAB_PX = 4;
/** A pointer that moved less than this is a click, not a drag. */
export const CLICK_SLOP_PX = 3;

/** The window `window` (axis units) on the strip. */
export function windowPx(strip: XScale, window: readonly [number, number]): WindowPx {
  const x0 = strip.x(window[0]);
  const x1 = strip.x(window[1]);
  if (x1 - x0 >= MIN_WINDOW_PX) return { x0, x1 };
  const mid = (x0 + x1) / 2;
  return { x0: mid - MIN_WINDOW_PX / 2, x1: mid + MIN_WINDOW_PX / 2 };
}

/** What a drag from pixel `px` does: the edges resize and the inside pans a zoomed window; elsewhere selects. */
export function dragAt(px: number, win: WindowPx, fitted: boolean): OverviewDrag {
  if (fitted) return 'select';
  if (Math.abs(px - win.x0) <= EDGE_GRAB_PX) return 'resize-start';
  if (Math.abs(px - win.x1) <= EDGE_GRAB_PX) return 'resize-end';
  return px > win.x0 && px < win.x1 ? 'pan' : 'select';
}

/**
 * The lanes' window after dragging from `fromPx` to `toPx` on the strip, starting from window `start`; null when
 * the drag is too short to select anything. The lanes' scale clamps the result to the run.
 */
export function dragWindow(
  drag: OverviewDrag,
  strip: XScale,
  fromPx: number,
  toPx: number,
  start: readonly [number, number],
  minSpan: number,
): [number, number] | null {
  const [s0, s1] = start;
  switch (drag) {
    case 'select': {
      if (Math.abs(toPx - fromPx) < CLICK_SLOP_PX) return null;
      const a = strip.unitAt(Math.min(fromPx, toPx));
      const b = strip.unitAt(Math.max(fromPx, toPx));
      return widen(a, b, minSpan);
    }
    case 'pan': {
      const du = strip.unitAt(toPx) - strip.unitAt(fromPx);
      return [s0 + du, s1 + du];
    }
    case 'resize-start':
      return [Math.min(strip.unitAt(toPx), s1 - minSpan), s1];
    case 'resize-end':
      return [s0, Math.max(strip.unitAt(toPx), s0 + minSpan)];
  }
}

/** The window `window` moved so that its middle is at pixel `px` of the strip (a click beside the window). */
export function centreAt(strip: XScale, px: number, window: readonly [number, number]): [number, number] {
  const half = (window[1] - window[0]) / 2;
  const u = strip.unitAt(px);
  return [u - half, u + half];
}

/** Whether `window` shows the whole `domain` (then the lanes are fitted rather than zoomed). */
export function coversDomain(window: readonly [number, number], domain: readonly [number, number]): boolean {
  return window[0] <= domain[0] && window[1] >= domain[1];
}

/**
 * The visible range in words: `run round 21 to run round 60 of 92` on the rounds axis (the window holds the rounds
 * whose cells it touches), `+1.20s to +5.0s` on the time axis, `the whole run` when fitted.
 */
export function rangeText(
  axis: XScale['axis'],
  window: readonly [number, number],
  domain: readonly [number, number],
  rounds: number,
): string {
  if (coversDomain(window, domain) || rounds === 0) return 'the whole run';
  if (axis === 'time') return `+${formatOffset(window[0] - domain[0])} to +${formatOffset(window[1] - domain[0])}`;
  const first = Math.min(rounds, Math.max(1, Math.floor(window[0]) + 1));
  const last = Math.min(rounds, Math.max(first, Math.ceil(window[1])));
  return `${runRoundText(first)} to ${runRoundText(last, rounds)}`;
}

function widen(a: number, b: number, minSpan: number): [number, number] {
  if (b - a >= minSpan) return [a, b];
  const mid = (a + b) / 2;
  return [mid - minSpan / 2, mid + minSpan / 2];
}
