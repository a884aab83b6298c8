/**
 * The event list and the cursor, both ways: which row shows the cursor, and which round a key press in the list
 * moves the cursor to. Rows are the filtered rounds (ascending indices into `model.calls`); the cursor may stand on
 * a round the filter hides, and then no row is selected but the list still keeps its place. Pure.
 *
 * @module
 */
import { lowerBound, upperBound } from '@plugbench/sdk/timeline';

/** Where the cursor is among the rows. */
export interface CursorRow {
  /** The row of the cursor's round, or -1 when the filter hides it (or the cursor is before the first round). */
  selected: number;
  /** The row to keep in view: the selected one, else the last row before the cursor (0 when none is). */
  anchor: number;
}

/** The row of cursor `cursor` (-1: before the first round) among `rows`. */
export function cursorRow(rows: readonly number[], cursor: number): CursorRow {
  if (rows.length === 0 || cursor < 0) return { selected: -1, anchor: 0 };
  const k = lowerBound(rows, cursor);
  if (rows[k] === cursor) return { selected: k, anchor: k };
  return { selected: -1, anchor: Math.max(0, k - 1) };
}

/** How a key moves through the list. */
export type RowMove = { by: number } | { to: 'first' } | { to: 'last' };

/**
 * The round a move lands on, or undefined when there is nowhere to go. From a hidden cursor, one row down is the
 * first row after it and one row up the last row before it, as if the cursor's round were between them.
 */
export function moveFromCursor(rows: readonly number[], cursor: number, move: RowMove): number | undefined {
  const n = rows.length;
  if (n === 0) return undefined;
  let k: number;
  if ('to' in move) k = move.to === 'first' ? 0 : n - 1;
  else if (move.by === 0) return undefined;
  else {
    const { selected } = cursorRow(rows, cursor);
    if (selected >= 0) k = Math.max(0, Math.min(n - 1, selected + move.by));
    else {
      // Between two rows: the first step reaches the neighbour on that side; nothing lies beyond the ends.
      const next = upperBound(rows, cursor);
      if (move.by > 0 ? next >= n : next === 0) return undefined;
      k = move.by > 0 ? Math.min(n - 1, next + move.by - 1) : Math.max(0, next + move.by);
    }
  }
  const call = rows[k]!;
  return call === cursor ? undefined : call;
}

/** The keys the list answers, and how they move (`page` is how many rows fit in view). */
export function keyMove(key: string, page: number): RowMove | undefined {
  switch (key) {
    case 'ArrowDown':
      return { by: 1 };
    case 'ArrowUp':
      return { by: -1 };
    case 'PageDown':
      return { by: Math.max(1, page - 1) };
    case 'PageUp':
      return { by: -Math.max(1, page - 1) };
    case 'Home':
      return { to: 'first' };
    case 'End':
      return { to: 'last' };
    default:
      return undefined;
  }
}
