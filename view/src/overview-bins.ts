/**
 * What the overview strip draws of the whole run, as numbers: one thin row per lane when the lanes fit, else the
 * rounds per pixel column by the plugin phase they left their lane in (a density chart in phase colours), with the
 * columns where events were sent. Pure, so it is tested without a canvas.
 *
 * @module
 */
import type { TimelineModel } from '@plugbench/sdk/timeline';
import type { XScale } from './scale';
import { PHASES } from './theme';

/** Thinner than this, lane rows would blur: the strip shows the density chart instead. */
export const MIN_LANE_ROW_PX = 2;
/** Thicker than this, a few lanes would look like the lanes themselves. */
export const MAX_LANE_ROW_PX = 8;

/** The height of one lane's row in a strip `height` pixels tall, or 0 when the lanes do not fit. */
export function laneRowHeight(lanes: number, height: number): number {
  if (lanes === 0) return 0;
  const h = Math.floor(height / lanes);
  return h < MIN_LANE_ROW_PX ? 0 : Math.min(h, MAX_LANE_ROW_PX);
}

/** Rounds per pixel column of the strip, by phase, and rounds that sent events per column. */
export interface PhaseBins {
  columns: number;
  /** `counts[column * PHASES.length + phase]`: rounds in that column that left their lane in that phase. */
  counts: Uint32Array;
  /** Rounds per column that sent at least one event. */
  events: Uint32Array;
  /** The most rounds in one column. */
  max: number;
}

/** The pixel column of the strip (from its plot's left edge) that run round `call + 1` falls in. */
export function columnOf(model: TimelineModel, strip: XScale, call: number, columns: number): number {
  const u = strip.axis === 'rounds' ? call + 0.5 : model.calls[call]!.at;
  const col = Math.floor(strip.x(u) - strip.left);
  return Math.max(0, Math.min(columns - 1, col));
}

/** Bins every round of `model` into `columns` columns of the (fitted) strip scale. */
export function phaseBins(model: TimelineModel, strip: XScale, columns: number): PhaseBins {
  const n = PHASES.length;
  const phaseIndex = new Map(PHASES.map((p, i) => [p, i]));
  const counts = new Uint32Array(columns * n);
  const events = new Uint32Array(columns);
  const totals = new Uint32Array(columns);
  for (let i = 0; i < model.callCount; i++) {
    const col = columnOf(model, strip, i, columns);
    counts[col * n + phaseIndex.get(model.calls[i]!.pluginPhase.phase)!]!++;
    totals[col]!++;
  }
  // From the model's list, not the records: a large report parses a record only when it is shown.
  for (const i of model.eventCalls) events[columnOf(model, strip, i, columns)]!++;
  let max = 0;
  for (const t of totals) if (t > max) max = t;
  return { columns, counts, events, max };
}
